/**
 * One model served by two deployments on two GPU profiles at once: every server-side figure is each deployment's own.
 * A real Prometheus (/usr/bin/prometheus or PROMETHEUS_BIN) on loopback scrapes two fixture vLLM exporters that
 * export the **same `model_name`** with different values, as the pods of two InferenceServices (one of them through
 * two Services, as KServe Serverless does), and a fixture dcgm-exporter whose GPUs serve one pod each; it evaluates
 * the recording rules. The recorded series, the vLLM dashboard's queries for each selected deployment and the
 * bottleneck analysis' queries for each target must each give that deployment's fixture values, never a mix.
 * (The SLA alerts and the benchmark window for this case run in promtool: ./rules-promtool.test.ts.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ResolvedEnvironment } from '../../config/resolve';
import { RECORDING_RULES } from '../../domain/metrics';
import { levelQueries } from '../../runtime/processor/analysis/queries';
import { PROMETHEUS, requireBinary } from '../helpers/binaries';
import { devEdited } from '../helpers/config-edit';
import { allDashboardQueries, grafanaRegex } from '../helpers/dashboard-queries';
import { dcgmExposition, FixtureExporter, startExporter, vllmExposition } from '../helpers/fixture-exporters';
import { RunningProcess, stopServer } from '../helpers/processes';
import { instantQuery, Series, startScrapingPrometheus } from '../helpers/scraping-prometheus';

jest.setTimeout(60_000);

/** The dev environment of the fixture project with one model on two GPU profiles, each its own deployment. */
function twinEnvironment(): ResolvedEnvironment {
  const target = (profile: string, deployment: string) =>
    `  - model: granite-8b-agent\n    gpuProfile: ${profile}\n    deployment: ${deployment}\n    scenarios: [chat]\n    loadPlans: [smoke]\n`;
  return devEdited((text) => text.replace('internet: false', 'internet: true').replace(/^targets:[\s\S]*$/m, `targets:\n${target('l4-x1', 'granite-l4')}${target('l4-x4', 'granite-l4x4')}`));
}

const env = twinEnvironment();
const ns = env.config.servingNamespace;
const [a, b] = env.targets;
const podOf = (deployment: string) => `${deployment}-predictor-6d9f8b7c4-abcde`;
/** What each deployment's fixture exports (vllmExposition with offset 0 and 1; dcgmExposition's GPU 0 and 1). */
const FIXTURE = {
  [a.deployment]: { running: 4, waiting: 0, kv: 0.4, gpuUtil: 90 },
  [b.deployment]: { running: 5, waiting: 1, kv: 0.5, gpuUtil: 80 },
};

let prometheus: RunningProcess | undefined;
let exporters: FixtureExporter[] = [];
let promUrl = '';
let dir = '';

const query = (expr: string): Promise<Series[]> => instantQuery(promUrl, expr);

/** `record`'s value per deployment. */
async function perDeployment(expr: string): Promise<Record<string, number>> {
  return Object.fromEntries((await query(expr)).map((s) => [s.metric.deployment, Number(s.value[1])]));
}

beforeAll(async () => {
  requireBinary(PROMETHEUS);
  expect(a.model.servedModelName).toBe(b.model.servedModelName);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-deployments-'));
  const model = a.model.servedModelName;
  exporters = await Promise.all([
    startExporter((scrape) => vllmExposition([model], scrape, 0)),
    startExporter((scrape) => vllmExposition([model], scrape, 1)),
    startExporter(() =>
      dcgmExposition([
        { index: 0, hostname: 'gpu-node-1', workload: { namespace: ns, pod: podOf(a.deployment), container: 'kserve-container' } },
        { index: 1, hostname: 'gpu-node-2', workload: { namespace: ns, pod: podOf(b.deployment), container: 'kserve-container' } },
      ]),
    ),
  ]);
  const [vllmA, vllmB, dcgm] = exporters;
  const pod = (deployment: string, service: string) => ({ namespace: ns, pod: podOf(deployment), container: 'kserve-container', service });
  const started = await startScrapingPrometheus(dir, [
    { job: 'vllm-a', address: vllmA.address, labels: pod(a.deployment, `${a.deployment}-predictor`) },
    // Serverless: a second Service selects the same pod
    { job: 'vllm-a-private', address: vllmA.address, labels: pod(a.deployment, `${a.deployment}-predictor-private`) },
    { job: 'vllm-b', address: vllmB.address, labels: pod(b.deployment, `${b.deployment}-predictor`) },
    { job: 'dcgm', address: dcgm.address, labels: { namespace: 'nvidia-gpu-operator', pod: 'nvidia-dcgm-exporter-x7k2p', container: 'nvidia-dcgm-exporter' } },
  ]);
  prometheus = started.prometheus;
  promUrl = started.url;
  // wait until the recorded gauges exist for both deployments and the rates have two scrapes behind them
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const running = await perDeployment(RECORDING_RULES.requestsRunning.record);
    const rates = await perDeployment(RECORDING_RULES.requestsPerSecond.record);
    if (Object.keys(running).length === 2 && Object.keys(rates).length === 2) break;
    await new Promise((r) => setTimeout(r, 500));
  }
});

afterAll(async () => {
  if (prometheus) await stopServer(prometheus);
  for (const e of exporters) await e.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the recording rules keep the two deployments apart, and count a pod scraped twice once', async () => {
  expect(await perDeployment(RECORDING_RULES.requestsRunning.record)).toEqual({ [a.deployment]: FIXTURE[a.deployment].running, [b.deployment]: FIXTURE[b.deployment].running });
  expect(await perDeployment(RECORDING_RULES.requestsWaiting.record)).toEqual({ [a.deployment]: FIXTURE[a.deployment].waiting, [b.deployment]: FIXTURE[b.deployment].waiting });
  expect(await perDeployment(RECORDING_RULES.kvCacheUsage.record)).toEqual({ [a.deployment]: FIXTURE[a.deployment].kv, [b.deployment]: FIXTURE[b.deployment].kv });
  // both carry the one model name
  for (const s of await query(RECORDING_RULES.requestsRunning.record)) expect(s.metric.model_name).toBe(a.model.servedModelName);
  // the raw series of deployment a really are there twice
  expect(await query(`vllm:num_requests_running{pod="${podOf(a.deployment)}"}`)).toHaveLength(2);
});

test.each([
  ['a', 0],
  ['b', 1],
])('the vLLM dashboard with deployment %s selected shows only its figures', async (_, i) => {
  const target = env.targets[i];
  const own = FIXTURE[target.deployment];
  const queries = allDashboardQueries(env, { deployment: grafanaRegex(target.deployment), node: '.+', pod: '.+', target: '.+', scenario: '.+' }).filter(
    (q) => q.dashboard.includes('vllm'),
  );
  expect(queries.length).toBeGreaterThan(10);
  for (const q of queries) {
    const result = await query(q.expr);
    expect([q.panel, result.length > 0]).toEqual([q.panel, true]);
    expect([q.panel, [...new Set(result.map((s) => s.metric.deployment))]]).toEqual([q.panel, [target.deployment]]);
  }
  const kv = queries.find((q) => q.panel === 'KV cache usage')!;
  expect(Number((await query(kv.expr))[0].value[1])).toBe(own.kv);
});

test.each([
  ['a', 0],
  ['b', 1],
])("the bottleneck analysis' queries for target %s read only its deployment's pods", async (_, i) => {
  const target = env.targets[i];
  const own = FIXTURE[target.deployment];
  const figures: Record<string, number> = {};
  for (const q of levelQueries({ servingNamespace: ns, servedModelName: target.model.servedModelName, deployment: target.deployment }, '5s')) {
    const result = await query(q.expr);
    if (result.length === 1) figures[q.figure] = Number(result[0].value[1]) * q.scale;
  }
  expect(figures).toMatchObject({
    kvCacheUsagePeak: own.kv,
    requestsRunningPeak: own.running,
    requestsWaitingPeak: own.waiting,
    replicas: 1,
    gpuUtilizationMean: own.gpuUtil,
  });
});
