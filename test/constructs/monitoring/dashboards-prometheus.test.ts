/**
 * Every dashboard query returns data from a real Prometheus (/usr/bin/prometheus or PROMETHEUS_BIN) on loopback that
 * scrapes, every second:
 * - one fixture vLLM exporter per target of the demo environment (real metric names, `model_name`/`engine` labels,
 *   real histogram buckets), scraped with the target labels `namespace` (serving namespace) and `pod` (a predictor
 *   pod of the target's deployment, as KServe names it);
 * - a fixture dcgm-exporter whose GPU series carry the exporter's own `pod`/`namespace`/`container` labels for the
 *   GPUs allocated to a serving pod, scraped with `honor_labels: false` and target labels `namespace`/`pod`/
 *   `container` of the exporter pod, so Prometheus renames the workload's to `exported_*` as OpenShift monitoring does;
 * - a real Pushgateway (/usr/bin/prometheus-pushgateway or PUSHGATEWAY_BIN) to which the results processor's own
 *   publisher pushed a summary per target, scraped with `honor_labels: false` like user-workload monitoring
 *   (`overrideHonorLabels`), so `job` arrives as `exported_job`;
 * and evaluates the recording rules of `RECORDING_RULES` every second. Each panel query, its variables replaced by
 * values from the fixtures, goes through `/api/v1/query` and must return at least one series; each `label_values`
 * variable goes through `/api/v1/label/<label>/values` and must offer the fixture's values.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RECORDING_RULES } from '../../../domain/metrics';
import { pushgatewayPublisher } from '../../../runtime/processor/publishers/pushgateway';
import { allDashboardQueries, allQueryVariables, DashboardQuery, grafanaRegex } from '../../helpers/dashboard-queries';
import { dashboardSummary } from '../../helpers/dashboard-summaries';
import { dcgmExposition, FixtureExporter, FixtureGpu, startExporter, vllmExposition } from '../../helpers/fixture-exporters';
import { closedPort } from '../../helpers/net';
import { RunningProcess, startServer, stopServer } from '../../helpers/processes';
import { fixtureEnvironment } from '../../helpers/project';
import { PROMETHEUS, PUSHGATEWAY, requireBinary } from '../../helpers/binaries';
import { instantQuery, Series, startScrapingPrometheus } from '../../helpers/scraping-prometheus';


const env = fixtureEnvironment('demo');
const { servingNamespace, namespace: stackNamespace } = env.config;
const servedModels = env.targets.map((t) => t.model.servedModelName);
const deployments = env.targets.map((t) => t.deployment);
const [firstTarget] = env.targets;
/** The predictor pod of a target's deployment. */
const podOf = (t: (typeof env.targets)[number]) => `${t.deployment}-predictor-6d9f8b7c4-abcde`;

/** The exporter pod of the GPU Operator: the target labels of the DCGM scrape. */
const DCGM_EXPORTER_POD = { namespace: 'nvidia-gpu-operator', pod: 'nvidia-dcgm-exporter-x7k2p', container: 'nvidia-dcgm-exporter' };
const SERVING_POD = podOf(firstTarget);
const NODE = 'ip-10-0-1-17.ec2.internal';
const GPUS: FixtureGpu[] = [
  { index: 0, hostname: NODE, workload: { namespace: servingNamespace, pod: SERVING_POD, container: 'kserve-container' } },
  { index: 1, hostname: NODE, workload: { namespace: servingNamespace, pod: SERVING_POD, container: 'kserve-container' } },
  // not allocated to any pod: no pod/namespace labels from the exporter
  { index: 2, hostname: NODE },
];

const VALUES = {
  deployment: grafanaRegex(firstTarget.deployment),
  node: grafanaRegex(NODE),
  pod: grafanaRegex(SERVING_POD),
  target: grafanaRegex(firstTarget.name),
  scenario: 'chat',
};
const queries = allDashboardQueries(env, VALUES);
const variables = allQueryVariables(env);

// ----------------------------------------------------------------------------------------------- servers

interface Stack {
  prometheus: RunningProcess;
  pushgateway: RunningProcess;
  vllm: FixtureExporter[];
  dcgm: FixtureExporter;
  promUrl: string;
  dir: string;
}

async function startStack(): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-prometheus-'));
  const vllm = await Promise.all(env.targets.map((t, i) => startExporter((scrape) => vllmExposition([t.model.servedModelName], scrape, i))));
  const dcgm = await startExporter(() => dcgmExposition(GPUS));

  const pushPort = await closedPort();
  const pushUrl = `http://127.0.0.1:${pushPort}`;
  // its own persistence file: Debian's build defaults to /var/lib/prometheus/pushgateway.data, shared machine-wide
  const pushgateway = await startServer(
    PUSHGATEWAY,
    [`--web.listen-address=127.0.0.1:${pushPort}`, `--persistence.file=${path.join(dir, 'pushgateway.data')}`, '--log.level=warn'],
    `${pushUrl}/-/ready`,
  );
  const publisher = pushgatewayPublisher({ url: pushUrl });
  for (const target of env.targets) await publisher.publish({ summary: dashboardSummary(env, target), targetDir: dir, log: () => undefined });

  const { prometheus, url: promUrl } = await startScrapingPrometheus(dir, [
    ...env.targets.map((t, i) => ({ job: `vllm-${t.name}`, address: vllm[i].address, labels: { namespace: servingNamespace, pod: podOf(t), container: 'kserve-container' } })),
    { job: 'nvidia-dcgm-exporter', address: dcgm.address, labels: DCGM_EXPORTER_POD },
    { job: 'pushgateway', address: `127.0.0.1:${pushPort}`, labels: { namespace: stackNamespace, pod: 'pushgateway-5c9d7b9f8-qwert' } },
  ]);
  return { prometheus, pushgateway, vllm, dcgm, promUrl, dir };
}

async function labelValues(promUrl: string, label: string, series: string): Promise<string[]> {
  const response = await fetch(`${promUrl}/api/v1/label/${encodeURIComponent(label)}/values?${new URLSearchParams({ 'match[]': series })}`);
  const body = (await response.json()) as { status: string; data: string[] };
  expect(body.status).toBe('success');
  return body.data;
}


describe('dashboard queries against a real Prometheus', () => {
  let stack: Stack | undefined;
  const results = new Map<DashboardQuery, Series[]>();
  let waitedMs = 0;

  beforeAll(async () => {
    requireBinary(PROMETHEUS);
    requireBinary(PUSHGATEWAY);
    const started = Date.now();
    stack = await startStack();
    // poll until every query has data and every recording rule has a series for every deployment (rates need two
    // scrapes of each exporter, the recording rules one evaluation after that)
    const deadline = Date.now() + 25_000;
    const everyDeploymentRecorded = async () => {
      for (const { record } of Object.values(RECORDING_RULES)) {
        const recorded = new Set((await instantQuery(stack!.promUrl, record)).map((s) => s.metric.deployment));
        if (recorded.size < deployments.length) return false;
      }
      return true;
    };
    for (;;) {
      for (const q of queries) results.set(q, await instantQuery(stack.promUrl, q.expr));
      if (([...results.values()].every((r) => r.length > 0) && (await everyDeploymentRecorded())) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    waitedMs = Date.now() - started;
  }, 60_000);

  afterAll(async () => {
    if (!stack) return;
    await stopServer(stack.prometheus);
    await stopServer(stack.pushgateway);
    for (const exporter of stack.vllm) await exporter.close();
    await stack.dcgm.close();
    fs.rmSync(stack.dir, { recursive: true, force: true });
  });

  test('the fixtures were scraped and every query had data within 25 s', () => {
    for (const exporter of stack!.vllm) expect(exporter.scrapes()).toBeGreaterThanOrEqual(2);
    expect(stack!.dcgm.scrapes()).toBeGreaterThanOrEqual(2);
    console.log(`dashboard queries: ${queries.length}, all with data after ${waitedMs} ms (servers started, rules evaluated)`);
  });

  test.each(queries.map((q) => [`${q.dashboard} › ${q.panel}: ${q.raw}`, q] as const))('%s returns data', (_, q) => {
    expect(results.get(q)!.length).toBeGreaterThan(0);
  });

  test('with every variable on "All" (.+, as Grafana and the console write it) every query returns data too', async () => {
    const everything = { deployment: '.+', node: '.+', pod: '.+', target: '.+', scenario: '.+' };
    const empty: string[] = [];
    for (const q of allDashboardQueries(env, everything)) if ((await instantQuery(stack!.promUrl, q.expr)).length === 0) empty.push(`${q.dashboard} › ${q.panel}: ${q.expr}`);
    expect(empty).toEqual([]);
    // and "All" really means every deployment and every target
    const rate = allDashboardQueries(env, everything).find((q) => q.panel === 'Tokens per second')!;
    expect(new Set((await instantQuery(stack!.promUrl, rate.expr)).map((s) => s.metric.deployment))).toEqual(new Set(deployments));
    expect(new Set((await instantQuery(stack!.promUrl, rate.expr)).map((s) => s.metric.model_name))).toEqual(new Set(servedModels));
    const throughput = allDashboardQueries(env, everything).find((q) => q.panel === 'Max output throughput')!;
    expect((await instantQuery(stack!.promUrl, throughput.expr)).map((s) => s.metric.target).sort()).toEqual(env.targets.map((t) => t.name).sort());
  });

  test('the figures are the ones pushed and exported: cost and tokens/s per GPU at the sweet spot, KV cache usage', () => {
    const valueOf = (panel: string) => {
      const q = queries.find((x) => x.panel === panel)!;
      expect(results.get(q)).toHaveLength(1);
      return Number(results.get(q)![0].value[1]);
    };
    const { pricePerHour, gpuCount } = firstTarget.gpuProfile;
    expect(valueOf('Cost per 1M output tokens at the sweet spot')).toBeCloseTo((pricePerHour / 3600 / 160) * 1e6, 7);
    expect(valueOf('Cost per 1M output tokens at max throughput')).toBeCloseTo((pricePerHour / 3600 / 200) * 1e6, 7);
    expect(valueOf('Output tokens/s per GPU at the sweet spot')).toBeCloseTo(160 / gpuCount, 10);
    expect(valueOf('KV cache usage')).toBeCloseTo(0.4, 10);
    expect(valueOf('GPUs serving models')).toBe(2);
    expect(valueOf('GPUs')).toBe(3);
  });

  test('the deployment variable filters: vLLM queries return only the selected deployment', () => {
    const vllmQueries = queries.filter((q) => q.raw.includes('${deployment}'));
    expect(vllmQueries.length).toBeGreaterThan(10);
    for (const q of vllmQueries) {
      expect(new Set(results.get(q)!.map((s) => s.metric.deployment))).toEqual(new Set([firstTarget.deployment]));
    }
  });

  test('DCGM series carry the workload as exported_pod/exported_namespace and the exporter pod as pod/namespace', async () => {
    const allocated = await instantQuery(stack!.promUrl, 'DCGM_FI_DEV_GPU_UTIL{exported_pod!=""}');
    expect(allocated).toHaveLength(2);
    for (const s of allocated) {
      expect(s.metric).toMatchObject({ exported_pod: SERVING_POD, exported_namespace: servingNamespace, pod: DCGM_EXPORTER_POD.pod, namespace: DCGM_EXPORTER_POD.namespace });
    }
    const perPod = queries.filter((q) => q.raw.includes('exported_pod=~"${pod}"'));
    expect(perPod.length).toBe(4);
    for (const q of perPod) expect(results.get(q)!.map((s) => s.metric.exported_pod)).toEqual([SERVING_POD]);
  });

  test('results series are selected by environment, not job (the pushed job arrives as exported_job)', async () => {
    const pushed = await instantQuery(stack!.promUrl, `llmbench_gpus{environment="${env.name}"}`);
    expect(pushed.length).toBe(env.targets.length);
    for (const s of pushed) expect(s.metric).toMatchObject({ exported_job: 'llm-benchmark', job: 'pushgateway' });
    for (const q of queries.filter((q) => q.raw.includes('llmbench_'))) expect(q.raw).not.toMatch(/\bjob=/);
  });

  test.each(variables.map((v) => [`${v.dashboard} › ${v.name}: ${v.query}`, v] as const))('variable %s offers the fixture values', async (_, v) => {
    const expected: Record<string, string[]> = { deployment: deployments, node: [NODE], pod: [SERVING_POD], scenario: ['chat'] };
    expect((await labelValues(stack!.promUrl, v.valuesOf, v.series)).sort()).toEqual([...new Set(expected[v.name])].sort());
  });
});
