/**
 * The bottleneck analysis end to end against a real Prometheus (/usr/bin/prometheus or PROMETHEUS_BIN) on loopback.
 *
 * Prometheus holds what it would have scraped, every 500 ms at fixed times, from three fixture vLLM exporters (one
 * per target, with the target labels `namespace` and `pod` a ServiceMonitor gives) and one fixture dcgm-exporter
 * (its workload labels renamed to `exported_*` by `honor_labels: false`, as on OpenShift), backfilled with the real
 * promtool (test/helpers/backfill.ts): no figure depends on when the test runs. The series follow a scripted
 * timeline of three 3-second phases, one per load level (1, 4 and 8 users), for three cases:
 * - `kv-model`: KV cache fills (0.98), requests wait and are preempted, GPU at 55 %  → KV-cache wall at 8 users;
 * - `cw-model`: GPU at 97 %, ITL p95 16 → 120 ms, KV cache at 0.6                   → compute wall at 8 users;
 * - `lf-model`: TTFT p95 2.3 s already at 1 user                                    → latency floor at 1 user.
 * The compute case's deployment runs two replicas (two pods with the same series): its cost and per-GPU figures
 * count both.
 * The GuideLLM reports (copies of the real report in ../shared/fixtures, figures edited) have measured windows
 * inside those phases, and the real results processor (`processTarget`) writes each target's summary.json.
 * The same Prometheus then serves the "unknown" paths: GPU analysis off, an empty window; and a closed port
 * stands for an unreachable Prometheus.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GPU_ANALYSIS_OFF } from '../../../runtime/processor/analysis/analyze';
import { AnalysisConfig } from '../../../domain/contracts/processor-config';
import { ProcessorConfig } from '../../../domain/contracts/processor-config';
import { processTarget } from '../../../runtime/processor/main';
import { pushgatewayExposition } from '../../../runtime/processor/publishers/pushgateway';
import { TargetSummary } from '../../../runtime/processor/types';
import { backfillText, scrapeTimes, SimulatedTarget, startBackfilledPrometheus } from '../../helpers/backfill';
import { closedPort } from '../../helpers/net';
import { RunningProcess, stopServer } from '../../helpers/processes';
import { Timeline, TimelineGpu, timelineDcgmExposition, timelineVllmExposition, VllmPhase } from '../../helpers/timeline-exporters';
import { REAL_REPORT, setDistribution, setMean } from '../report-server/fixtures';
import { DEMO_SLA } from './demo-ladder';
import { TEST_THRESHOLDS } from './analysis-thresholds';
import { PROMETHEUS, PROMTOOL, requireBinary } from '../../helpers/binaries';


const SERVING_NAMESPACE = 'llm-serving';
const PHASE_SECONDS = 3;
const USERS = [1, 4, 8] as const;
const THRESHOLDS = TEST_THRESHOLDS;

/** What GuideLLM measured at one level (ms), and what the server shows during that level's phase. */
interface CaseLevel {
  readonly client: { ttft: [number, number]; itl: [number, number]; out: number };
  readonly vllm: Omit<VllmPhase, 'requestsPerSecond' | 'itlSeconds' | 'queueSeconds'> & Partial<VllmPhase>;
  readonly gpu: number;
}

interface Case {
  readonly model: string;
  readonly pod: string;
  readonly serving: Record<string, unknown>;
  readonly cacheConfig: Record<string, string>;
  readonly levels: readonly [CaseLevel, CaseLevel, CaseLevel];
}

/*
 * Server TTFT values sit inside one vLLM bucket each, so histogram_quantile(0.95) interpolates to
 * lower + 0.95 × width: 0.2 s → 242.5 ms (0.1–0.25), 0.6 s → 737.5 ms (0.5–0.75), 0.9 s → 987.5 ms (0.75–1),
 * 1.5 s / 2 s → 2425 ms (1–2.5). The client TTFT p95 is set near those, except where a flag is wanted.
 */
const idle = { kvCacheUsage: 0.05, waiting: 0, running: 0, preemptionsPerSecond: 0 };
const CASES: Record<'kv' | 'compute' | 'floor', Case> = {
  kv: {
    model: 'kv-model',
    pod: 'kv-model-predictor-7c9d5b8f6-aaaaa',
    serving: { vllmVersion: '0.11.0', kvCacheDtype: 'fp8', gpuMemoryUtilization: 0.9 },
    cacheConfig: { cache_dtype: 'auto', block_size: '16', gpu_memory_utilization: '0.9', enable_prefix_caching: 'True' },
    levels: [
      { client: { ttft: [150, 230], itl: [15, 18], out: 60 }, vllm: { ...idle, kvCacheUsage: 0.3, running: 1, ttftSeconds: 0.2 }, gpu: 35 },
      { client: { ttft: [400, 720], itl: [17, 20], out: 220 }, vllm: { ...idle, kvCacheUsage: 0.7, running: 4, ttftSeconds: 0.6 }, gpu: 50 },
      { client: { ttft: [1800, 2700], itl: [20, 24], out: 260 }, vllm: { kvCacheUsage: 0.98, waiting: 6, running: 8, preemptionsPerSecond: 2, ttftSeconds: 2 }, gpu: 55 },
    ],
  },
  compute: {
    model: 'cw-model',
    pod: 'cw-model-predictor-5f6d7c8b9-bbbbb',
    serving: { vllmVersion: '0.11.0', kvCacheDtype: 'fp8', gpuMemoryUtilization: 0.9, extraArgs: ['--block-size', '16'] },
    cacheConfig: { cache_dtype: 'fp8', block_size: '16', gpu_memory_utilization: '0.9', enable_prefix_caching: 'True' },
    levels: [
      { client: { ttft: [150, 230], itl: [14, 16], out: 70 }, vllm: { ...idle, kvCacheUsage: 0.2, running: 1, ttftSeconds: 0.2, itlSeconds: 0.015 }, gpu: 60 },
      // the client sees 700 ms where vLLM sees ~240 ms: flagged (network or client saturation)
      { client: { ttft: [400, 700], itl: [30, 45], out: 130 }, vllm: { ...idle, kvCacheUsage: 0.4, running: 4, ttftSeconds: 0.2, itlSeconds: 0.04 }, gpu: 85 },
      { client: { ttft: [600, 960], itl: [80, 120], out: 100 }, vllm: { ...idle, kvCacheUsage: 0.6, running: 8, ttftSeconds: 0.9, itlSeconds: 0.12 }, gpu: 97 },
    ],
  },
  floor: {
    model: 'lf-model',
    pod: 'lf-model-predictor-6a7b8c9d0-ccccc',
    serving: { vllmVersion: '0.11.0' },
    cacheConfig: { cache_dtype: 'auto', block_size: '16', gpu_memory_utilization: '0.9', enable_prefix_caching: 'True' },
    levels: [
      { client: { ttft: [1900, 2300], itl: [15, 18], out: 30 }, vllm: { ...idle, kvCacheUsage: 0.1, running: 1, ttftSeconds: 1.5 }, gpu: 30 },
      { client: { ttft: [2000, 2400], itl: [16, 19], out: 100 }, vllm: { ...idle, kvCacheUsage: 0.2, running: 4, ttftSeconds: 1.5 }, gpu: 32 },
      { client: { ttft: [2200, 2600], itl: [18, 21], out: 180 }, vllm: { ...idle, kvCacheUsage: 0.3, running: 8, ttftSeconds: 1.5 }, gpu: 35 },
    ],
  },
};

const vllmPhase = (l: CaseLevel): VllmPhase => ({ requestsPerSecond: 20, itlSeconds: 0.02, queueSeconds: 0.01, ...l.vllm });
const IDLE_PHASE: VllmPhase = { ...idle, requestsPerSecond: 0, ttftSeconds: 0.05, itlSeconds: 0.02, queueSeconds: 0.001 };

// -------------------------------------------------------------------------------------------- the reports

type Json = Record<string, any>;

/** The measured window of level `i`: inside its phase, 0.7 s after the start and 0.3 s before the end. */
const windowOf = (t0: number, i: number) => ({ start: t0 + i * PHASE_SECONDS + 0.7, end: t0 + (i + 1) * PHASE_SECONDS - 0.3 });

/** The real report with one concurrent benchmark per level, windows at `windows`. */
function reportOf(c: Case, windows: readonly { start: number; end: number }[] | undefined): Json {
  const template = JSON.parse(fs.readFileSync(REAL_REPORT, 'utf8')) as Json;
  const first = template.benchmarks[0];
  template.benchmarks = c.levels.map((level, i) => {
    const b = structuredClone(first);
    b.config.strategy = { type_: 'concurrent', worker_count: 10, max_concurrency: USERS[i], streams: USERS[i], rampup_duration: 0 };
    if (windows) {
      b.start_time = windows[i].start;
      b.end_time = windows[i].end;
      b.duration = windows[i].end - windows[i].start;
    } else {
      delete b.start_time;
      delete b.end_time;
      delete b.scheduler_metrics.measure_start_time;
      delete b.scheduler_metrics.measure_end_time;
    }
    const m = b.metrics;
    m.request_totals = { successful: 100, errored: 0, incomplete: 0, total: 100 };
    setDistribution(m.time_to_first_token_ms, ...level.client.ttft);
    setDistribution(m.inter_token_latency_ms, ...level.client.itl);
    setDistribution(m.time_per_output_token_ms, ...level.client.itl);
    setDistribution(m.request_latency, 1, 2);
    setMean(m.output_tokens_per_second, level.client.out);
    setMean(m.tokens_per_second, level.client.out * 2);
    setMean(m.requests_per_second, level.client.out / 64);
    setMean(m.request_concurrency, USERS[i] * 0.95);
    return b;
  });
  return template;
}

/** A target folder as the Job leaves it before the processor: run.json and one benchmark's report. */
function targetFolder(root: string, c: Case, windows: readonly { start: number; end: number }[] | undefined): string {
  const dir = path.join(root, 'results', '20261202-040000-abcde', `${c.model}-l4-x1`);
  fs.mkdirSync(path.join(dir, 'chat-ladder'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'chat-ladder', 'benchmarks.json'), JSON.stringify(reportOf(c, windows)));
  const run = {
    runId: '20261202-040000-abcde',
    environment: 'demo',
    outcome: 'succeeded',
    target: { name: `${c.model}-l4-x1`, model: c.model, servedModelName: c.model, gpuProfile: 'l4-x1', gpuType: 'NVIDIA-L4', gpuCount: 1, pricePerHour: 0.85, serving: c.serving },
    guidellm: { image: 'ghcr.io/vllm-project/guidellm:v0.7.3', version: '0.7.3' },
    benchmarks: [{ name: 'chat-ladder', scenario: 'chat', loadPlan: 'ladder', status: 'succeeded', folder: 'chat-ladder' }],
  };
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify(run));
  return dir;
}

function processorConfig(analysis: AnalysisConfig | undefined): ProcessorConfig {
  return {
    environment: 'demo',
    sla: DEMO_SLA,
    regressions: { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 },
    ...(analysis ? { analysis } : {}),
  };
}

const analysisOf = (promUrl: string, gpu = true): AnalysisConfig => ({
  prometheus: { url: promUrl, tenancy: true },
  ...(gpu ? { gpu: { url: promUrl, tenancy: false } } : {}),
  servingNamespace: SERVING_NAMESPACE,
  thresholds: THRESHOLDS,
});

// ------------------------------------------------------------------------------------------------ servers

/** The first phase starts at the run's start, 2026-12-02T04:00:00Z (its runId): fixed, so every figure is too. */
const T0 = Date.UTC(2026, 11, 2, 4, 0, 0) / 1000;
/** The simulated scrape interval (the ServiceMonitors' is longer; a short one gives each window several samples). */
const SCRAPE_SECONDS = 0.5;

interface Stack {
  prometheus: RunningProcess;
  promUrl: string;
  t0: number;
  dir: string;
}

/** What kube-state-metrics reports the model-server containers run. */
const VLLM_IMAGE = 'quay.io/modh/vllm:rhoai-2.25-cuda';
const VLLM_IMAGE_ID = `quay.io/modh/vllm@sha256:${'ab'.repeat(32)}`;

/** A second pod of the compute case's deployment (no GPU of its own in the DCGM fixture). */
const SECOND_CW_REPLICA = 'cw-model-predictor-5f6d7c8b9-ccccc';

/** The three vLLM servers and the dcgm-exporter as Prometheus scrapes them (target labels as on OpenShift). */
function scrapeTargets(): SimulatedTarget[] {
  const timeline = <P>(phases: readonly P[], idlePhase: P): Timeline<P> => ({ t0: T0, phaseSeconds: PHASE_SECONDS, phases, idle: idlePhase });
  const cases = Object.values(CASES);
  const gpus: TimelineGpu[] = [
    ...cases.map((c, index) => ({ index, namespace: SERVING_NAMESPACE, pod: c.pod, utilization: timeline(c.levels.map((l) => l.gpu), 0) })),
    // another namespace's pod whose name also matches `kv-model-predictor-…`: must not be counted
    { index: 3, namespace: 'other-team', pod: 'kv-model-predictor-1a2b3c4d5-zzzzz', utilization: timeline([100, 100, 100], 100) },
  ];
  return [
    ...cases.map((c) => ({
      job: `vllm-${c.model}`,
      labels: { namespace: SERVING_NAMESPACE, pod: c.pod, container: 'kserve-container' },
      render: (t: number) => timelineVllmExposition(c.model, timeline(c.levels.map(vllmPhase), IDLE_PHASE), c.cacheConfig, t),
    })),
    // the compute case's deployment has a second replica with the same load: its cost figures count both
    {
      job: 'vllm-cw-model-replica-2',
      labels: { namespace: SERVING_NAMESPACE, pod: SECOND_CW_REPLICA, container: 'kserve-container' },
      render: (t: number) => timelineVllmExposition(CASES.compute.model, timeline(CASES.compute.levels.map(vllmPhase), IDLE_PHASE), CASES.compute.cacheConfig, t),
    },
    // kube-state-metrics (scraped with honor_labels: true on OpenShift: its namespace/pod labels are the objects'):
    // the model-server containers of every serving pod, and a sidecar that is not the model server
    {
      job: 'kube-state-metrics',
      labels: {},
      render: () =>
        [...cases.map((c) => c.pod), SECOND_CW_REPLICA]
          .flatMap((pod) => [
            `kube_pod_container_info{namespace="${SERVING_NAMESPACE}",pod="${pod}",container="kserve-container",image="${VLLM_IMAGE}",image_id="${VLLM_IMAGE_ID}"} 1`,
            `kube_pod_container_info{namespace="${SERVING_NAMESPACE}",pod="${pod}",container="queue-proxy",image="quay.io/knative/queue:1.15",image_id="quay.io/knative/queue@sha256:${'0'.repeat(64)}"} 1`,
          ])
          .join('\n'),
    },
    // honor_labels: false renames the exporter's workload labels to exported_*, as on OpenShift
    { job: 'nvidia-dcgm-exporter', labels: { namespace: 'nvidia-gpu-operator', pod: 'nvidia-dcgm-exporter-x7k2p', container: 'nvidia-dcgm-exporter' }, render: (t: number) => timelineDcgmExposition(gpus, t) },
  ];
}

/** Scrapes from a minute before the first phase to a second after the last, backfilled into a fresh Prometheus. */
async function startStack(): Promise<Stack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bottleneck-prometheus-'));
  const times = scrapeTimes(T0 - 60, T0 + USERS.length * PHASE_SECONDS + 1, SCRAPE_SECONDS);
  const { prometheus, url } = await startBackfilledPrometheus(dir, backfillText(scrapeTargets(), times));
  return { prometheus, promUrl: url, t0: T0, dir };
}

const readSummary = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as TargetSummary;

describe('bottleneck analysis against a real Prometheus', () => {
  let stack: Stack | undefined;
  const summaries: Partial<Record<keyof typeof CASES, TargetSummary>> = {};
  const logs: string[] = [];

  beforeAll(async () => {
    requireBinary(PROMETHEUS);
    requireBinary(PROMTOOL);
    stack = await startStack();
    const windows = USERS.map((_, i) => windowOf(stack!.t0, i));
    for (const [key, c] of Object.entries(CASES) as [keyof typeof CASES, Case][]) {
      const dir = targetFolder(path.join(stack.dir, key), c, windows);
      const { summary } = await processTarget(dir, processorConfig(analysisOf(stack.promUrl)), (line) => logs.push(line));
      expect(readSummary(dir)).toEqual(summary);
      summaries[key] = summary;
    }
  }, 40_000);

  afterAll(async () => {
    await stopServer(stack?.prometheus);
    if (stack) fs.rmSync(stack.dir, { recursive: true, force: true });
  });

  const benchmark = (key: keyof typeof CASES) => summaries[key]!.benchmarks[0];

  test('the KV-cache case is a KV-cache wall at 8 users, with the KV, queue and GPU figures as evidence', () => {
    const b = benchmark('kv');
    expect(b.breakingPoint).toEqual({ lastGood: 4, firstBad: 8, reason: 'TTFT p95 2700 ms (breaking: > 2000 ms)' });
    expect(b.bottleneck).toMatchObject({ kind: 'kv-cache-wall', load: 8, loadUnit: 'users' });
    const server = b.levels[2].server!;
    expect(server.kvCacheUsagePeak).toBeCloseTo(0.98, 5);
    expect(server.requestsWaitingPeak).toBe(6);
    expect(server.requestsRunningPeak).toBe(8);
    expect(server.replicas).toBe(1);
    expect(summaries.kv!.analysis!.replicasSeen).toBe(1);
    expect(server.preemptions).toBeGreaterThan(2);
    expect(server.gpuUtilizationMean).toBeCloseTo(55, 5); // not 100: the other namespace's GPU is not counted
    expect(server.ttftMs.p95).toBeCloseTo(2425, 0);
    expect(b.bottleneck!.evidence).toEqual([
      'KV-cache usage peak 0.98 ≥ 0.9',
      'requests waiting peak 6',
      expect.stringMatching(/^preemptions \d/),
      'GPU utilization mean 55 % ≤ 70 %',
    ]);
    // the lower levels: no cache pressure in their own windows
    expect(b.levels[0].server).toMatchObject({ kvCacheUsagePeak: 0.3, requestsWaitingPeak: 0, preemptions: 0, gpuUtilizationMean: 35 });
    expect(b.levels[1].server!.kvCacheUsagePeak).toBeCloseTo(0.7, 5);
  });

  test('two replicas served the compute case: seen in every level, and its cost and per-GPU figures count both', () => {
    const summary = summaries.compute!;
    const b = summary.benchmarks[0];
    expect(b.levels.map((l) => l.server!.replicas)).toEqual([2, 2, 2]);
    expect(summary.analysis!.replicasSeen).toBe(2);
    // what was served: one image for both replicas, with its digest; the sidecar is not the model server
    expect(summary.analysis!.servedImages).toEqual([{ image: VLLM_IMAGE, imageId: VLLM_IMAGE_ID }]);
    const sweet = b.levels[b.sweetSpot!.levelIndex];
    expect(b.cost.atSweetSpot.costPer1kOutputTokens).toBeCloseTo(((2 * 0.85) / 3600 / sweet.outputTokensPerSecond!) * 1000, 12);
    expect(b.cost.atSweetSpot.outputTokensPerSecondPerGpu).toBeCloseTo(sweet.outputTokensPerSecond! / 2, 12);
    expect(summary.problems).toContain("2 replicas of deployment cw-model served during the run: cost and per-GPU figures count 2 × 1 GPU(s) at 2 × the profile's price");
    // one replica: the KV case keeps the profile's own price and GPUs
    const kv = summaries.kv!.benchmarks[0];
    expect(kv.cost.atSweetSpot.outputTokensPerSecondPerGpu).toBeCloseTo(kv.levels[kv.sweetSpot!.levelIndex].outputTokensPerSecond!, 12);
  });

  test('the compute case is a compute wall at 8 users: GPU saturated and ITL grown 7.5×', () => {
    const b = benchmark('compute');
    expect(b.bottleneck).toMatchObject({ kind: 'compute-wall', load: 8 });
    expect(b.bottleneck!.evidence.slice(0, 2)).toEqual(['GPU utilization mean 97 % ≥ 90 %', 'ITL p95 grew 7.5× ≥ 2× (16 → 120 ms)']);
    expect(b.levels[2].server!.gpuUtilizationMean).toBeCloseTo(97, 5);
    expect(b.levels[2].server!.kvCacheUsagePeak).toBeCloseTo(0.6, 5);
    expect(b.levels[2].server!.requestsWaitingPeak).toBe(0);
    // vLLM's ITL p95 from its histogram: 0.12 s lies in the 0.1–0.15 bucket
    expect(b.levels[2].server!.itlMs.p95).toBeCloseTo(147.5, 0);
  });

  test('the latency-floor case is a latency floor at 1 user', () => {
    const b = benchmark('floor');
    expect(b.bottleneck).toEqual({
      kind: 'latency-floor',
      load: 1,
      loadUnit: 'users',
      evidence: ['TTFT p95 2300 ms at the lowest load (1 user) > SLA 1000 ms', 'vLLM TTFT p95 2425 ms at that load'],
    });
  });

  test('client TTFT far above vLLM’s is flagged at that level only', () => {
    const flagged = Object.values(summaries).flatMap((s) => s!.benchmarks[0].levels.map((l) => ({ target: s!.target.model, load: l.load, flags: l.flags })));
    expect(flagged.filter((f) => f.flags!.length > 0)).toEqual([
      { target: 'cw-model', load: 4, flags: ["client TTFT p95 700 ms is 189 % above vLLM's 243 ms: network or client saturation"] },
    ]);
  });

  test('the serving configuration from vllm:cache_config_info is recorded next to the declared one, a mismatch flagged', () => {
    expect(summaries.kv!.analysis!.servingConfig).toEqual({
      observed: { cacheDtype: 'auto', blockSize: 16, gpuMemoryUtilization: 0.9 },
      declared: { kvCacheDtype: 'fp8', gpuMemoryUtilization: 0.9 },
      mismatches: ['KV-cache dtype: declared fp8, vLLM reports auto'],
    });
    expect(summaries.compute!.analysis!.servingConfig).toEqual({
      observed: { cacheDtype: 'fp8', blockSize: 16, gpuMemoryUtilization: 0.9 },
      declared: { kvCacheDtype: 'fp8', blockSize: 16, gpuMemoryUtilization: 0.9 },
      mismatches: [],
    });
    for (const s of Object.values(summaries)) expect(s!.analysis!.problems).toEqual([]);
  });

  test('summary.md and the Pushgateway metrics carry each classification and the server figures', () => {
    const md = fs.readFileSync(path.join(stack!.dir, 'kv', 'results', '20261202-040000-abcde', 'kv-model-l4-x1', 'summary.md'), 'utf8');
    expect(md).toContain('- Bottleneck: KV-cache wall at 8 users (KV-cache usage peak 0.98 ≥ 0.9; requests waiting peak 6; preemptions ');
    expect(md).toMatch(/\| 8 users \| 0\.98 \| 0\.98 \| 6 \| 8 \| [\d.]+ \| 2425 \| [\d.]+ \| [\d.]+ \| 55 \|/);
    expect(md).toContain('- KV-cache dtype: declared fp8, vLLM reports auto');
    const kinds = Object.values(summaries).map((s) => pushgatewayExposition(s!).text.split('\n').filter((l) => l.startsWith('llmbench_bottleneck{')));
    expect(kinds).toEqual([
      [expect.stringMatching(/^llmbench_bottleneck\{.*kind="kv-cache-wall".*\} 1$/)],
      [expect.stringMatching(/^llmbench_bottleneck\{.*kind="compute-wall".*\} 1$/)],
      [expect.stringMatching(/^llmbench_bottleneck\{.*kind="latency-floor".*\} 1$/)],
    ]);
    const kvText = pushgatewayExposition(summaries.kv!).text;
    expect(kvText).toMatch(/^llmbench_server_gpu_utilization_percent\{.*load="8".*\} 55$/m);
    expect(kvText).toMatch(/^llmbench_serving_config_mismatches\{.*\} 1$/m);
  });

  test('GPU analysis off: the walls become unknown with the reason, the latency floor stays', async () => {
    const windows = USERS.map((_, i) => windowOf(stack!.t0, i));
    const kinds: Record<string, unknown> = {};
    for (const [key, c] of Object.entries(CASES)) {
      const dir = targetFolder(path.join(stack!.dir, `no-gpu-${key}`), c, windows);
      const { summary } = await processTarget(dir, processorConfig(analysisOf(stack!.promUrl, false)), () => undefined);
      kinds[key] = { kind: summary.benchmarks[0].bottleneck!.kind, reason: summary.benchmarks[0].bottleneck!.reason };
      expect(summary.benchmarks[0].levels[2].server!.missing).toContain(`gpuUtilizationMean: ${GPU_ANALYSIS_OFF}`);
      expect(summary.analysis!.problems).toEqual([GPU_ANALYSIS_OFF]);
      // the vLLM figures are still there
      expect(summary.benchmarks[0].levels[2].server!.kvCacheUsagePeak).toBeDefined();
    }
    const reason = `GPU utilization unknown (gpuUtilizationMean: ${GPU_ANALYSIS_OFF}): the walls cannot be told apart`;
    expect(kinds).toEqual({ kv: { kind: 'unknown', reason }, compute: { kind: 'unknown', reason }, floor: { kind: 'latency-floor', reason: undefined } });
  });

  test('an empty window (before Prometheus ran) makes every server figure unknown, the client summary intact', async () => {
    const past = USERS.map((_, i) => windowOf(stack!.t0 - 3600, i));
    const dir = targetFolder(path.join(stack!.dir, 'empty'), CASES.kv, past);
    const { summary } = await processTarget(dir, processorConfig(analysisOf(stack!.promUrl)), () => undefined);
    const b = summary.benchmarks[0];
    expect(b.bottleneck!.kind).toBe('unknown');
    expect(b.bottleneck!.reason).toMatch(/^KV-cache usage unknown \(kvCacheUsagePeak: no data in the window \d{4}-\d\d-\d\dT.*Z – .*Z\)$/);
    expect(b.levels[2].server!.missing).toContainEqual(expect.stringMatching(/^gpuUtilizationMean: no data in the window .* \(no DCGM series for the serving pods\)$/));
    expect(b.levels[2].server!.missing).toHaveLength(16);
    expect(b.levels[2].server!.missing.every((m) => m.includes('no data in the window'))).toBe(true);
    expect(b.breakingPoint).toEqual({ lastGood: 4, firstBad: 8, reason: 'TTFT p95 2700 ms (breaking: > 2000 ms)' });
    expect(b.levels[2].ttftMs.p95).toBe(2700);
  });

  test('Prometheus unreachable: unknown with the reason, the Job step still succeeds with the client summary', async () => {
    const port = await closedPort();
    const dir = targetFolder(path.join(stack!.dir, 'unreachable'), CASES.compute, USERS.map((_, i) => windowOf(stack!.t0, i)));
    const { summary } = await processTarget(dir, processorConfig(analysisOf(`http://127.0.0.1:${port}`)), () => undefined);
    const b = summary.benchmarks[0];
    expect(b.bottleneck).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/^KV-cache usage unknown \(kvCacheUsagePeak: Prometheus at http:\/\/127\.0\.0\.1:\d+ unreachable: .*ECONNREFUSED/) });
    expect(summary.analysis!.problems).toEqual([
      expect.stringMatching(/^Prometheus at http:\/\/127\.0\.0\.1:\d+ unreachable: /),
      expect.stringMatching(/^GPU figures: Prometheus at .* unreachable/),
    ]);
    expect(summary.analysis!.servingConfig.unknownReason).toMatch(/unreachable/);
    expect(b.sweetSpot).toEqual({ load: 4, levelIndex: 1 });
    expect(fs.existsSync(path.join(dir, 'summary.md'))).toBe(true);
  });
});
