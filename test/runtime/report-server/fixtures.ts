/**
 * A results tree as the benchmark Jobs leave it, for the report server's tests: three complete runs of two
 * targets (each with two benchmarks), plus one older run that failed before the processor ran (no
 * comparison.json, no summary.json: only run.json), so the index page's degraded paths are exercised too.
 *
 * Every summary.json / comparison.json is written by the REAL results processor (`processTarget`) from copies
 * of the real GuideLLM report in ../shared/fixtures: its first benchmark is cloned into a ladder of concurrent
 * load levels (1, 3, 5, 8, 10, 15, 20, 30 users) whose figures are edited per run and target, so that the
 * charts have distinct lines and the newest run shows regressions. Runs are processed oldest first, so each
 * summary is compared with the run before it, as in the cluster.
 *
 * The newest run is processed with the bottleneck analysis on, against a Prometheus that is not there (a closed
 * loopback port): its summaries carry the "unknown" classification with the reason, as when Prometheus is down.
 * (The classifications themselves are tested against a real Prometheus in processor/bottleneck-prometheus.test.ts.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ProcessorConfig } from '../../../domain/contracts/processor-config';
import { processTarget } from '../../../runtime/processor/main';
import { closedPort } from '../../helpers/net';
import { TargetSummary } from '../../../runtime/processor/types';
import { BF16_STEPS, BF16_TARGET, DEMO_SLA, INT4_STEPS, INT4_TARGET, Step } from '../processor/demo-ladder';

export const REAL_REPORT = path.join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');

/** The complete runs, oldest first (run ids as prepare.sh makes them: UTC time, then the Job name's suffix). */
export const RUNS = ['20261117-020000-k4x7q', '20261124-020000-p2m9z', '20261201-020000-w8c3d'] as const;
/** An older run whose only Job was interrupted before the processor ran. */
export const PARTIAL_RUN = '20261110-020000-a1b2c';

export const TARGETS = [INT4_TARGET, BF16_TARGET] as const;
export const BENCHMARKS = [
  { name: 'chat-demo-ladder', scenario: 'chat', loadPlan: 'demo-ladder' },
  { name: 'code-demo-ladder', scenario: 'code', loadPlan: 'demo-ladder' },
] as const;

/** In the newest run the BF16 target's code benchmark fails (GuideLLM exit 1, no report). */
export const FAILED = { run: RUNS[2], target: BF16_TARGET.name, benchmark: 'code-demo-ladder' } as const;

/** How a run moves a target's figures: latencies multiplied by `latency`, throughput by `throughput`. */
interface Drift {
  readonly latency: number;
  readonly throughput: number;
}

/** Run index → target → drift. The newest run makes INT4 slower (regressions) and BF16 a little faster. */
const DRIFT: readonly Readonly<Record<string, Drift>>[] = [
  { [INT4_TARGET.name]: { latency: 1, throughput: 1 }, [BF16_TARGET.name]: { latency: 1, throughput: 1 } },
  { [INT4_TARGET.name]: { latency: 0.85, throughput: 1.08 }, [BF16_TARGET.name]: { latency: 0.9, throughput: 1.04 } },
  { [INT4_TARGET.name]: { latency: 1.35, throughput: 0.8 }, [BF16_TARGET.name]: { latency: 0.8, throughput: 1.1 } },
];

/** The code scenario (128/256 tokens) is slower than chat: longer outputs, fewer requests. */
const CODE_SCENARIO: Drift = { latency: 1.25, throughput: 0.85 };

const PROCESSOR_CONFIG: ProcessorConfig = {
  environment: 'demo',
  sla: DEMO_SLA,
  regressions: { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 },
};

export interface ResultsTree {
  /** Temporary folder holding everything (results/ and anything the test adds). */
  readonly root: string;
  /** The results tree: `<run>/<target>/...`. */
  readonly results: string;
  /** summary.json of every target of every complete run, as the processor wrote it: run → target → summary. */
  readonly summaries: Readonly<Record<string, Readonly<Record<string, TargetSummary>>>>;
  remove(): void;
}

/** Runs the results processor on a target's folder as the benchmark Job leaves it; resolves with its summary. */
export type ProcessFn = (targetDir: string, config: ProcessorConfig) => Promise<TargetSummary>;

export interface ResultsTreeOptions {
  /** How each target is processed. @default processTarget on the tree itself (volume mode) */
  readonly process?: ProcessFn;
  /** Add the run whose Job was killed before the processor ran (volume mode leaves its run.json). @default true */
  readonly partialRun?: boolean;
}

/** The Prometheus that is not there (for the newest run's analysis): one per test process, so two trees agree. */
let unreachablePrometheus: Promise<string> | undefined;

/** Builds the tree in a new temporary folder. */
export async function buildResultsTree(options: ResultsTreeOptions = {}): Promise<ResultsTree> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-server-'));
  const results = path.join(root, 'results');
  const template = JSON.parse(fs.readFileSync(REAL_REPORT, 'utf8')) as Report;
  const summaries: Record<string, Record<string, TargetSummary>> = {};
  unreachablePrometheus ??= closedPort().then((port) => `http://127.0.0.1:${port}`);
  const unreachable = await unreachablePrometheus;
  const process: ProcessFn = options.process ?? (async (dir, config) => (await processTarget(dir, config, () => undefined)).summary);
  const analysed: ProcessorConfig = {
    ...PROCESSOR_CONFIG,
    analysis: {
      prometheus: { url: unreachable, tenancy: true },
      servingNamespace: 'llm-serving',
      thresholds: { kvCacheNearFull: 0.9, gpuUtilSaturated: 90, gpuUtilModerate: 70, itlGrowthRatio: 2, ttftClientServerMarginPercent: 25, ttftClientServerMinDiffMs: 50, achievedRateMinRatio: 0.9 },
    },
  };

  for (const [runIndex, runId] of RUNS.entries()) {
    summaries[runId] = {};
    for (const target of TARGETS) {
      const steps = target.name === INT4_TARGET.name ? INT4_STEPS : BF16_STEPS;
      const targetDir = path.join(results, runId, target.name);
      const drift = DRIFT[runIndex][target.name];
      const records = BENCHMARKS.map((b) => {
        const failed = runId === FAILED.run && target.name === FAILED.target && b.name === FAILED.benchmark;
        const scenario = b.scenario === 'code' ? CODE_SCENARIO : { latency: 1, throughput: 1 };
        const combined = { latency: drift.latency * scenario.latency, throughput: drift.throughput * scenario.throughput };
        const startedAt = runStart(runId, b.name === 'chat-demo-ladder' ? 0 : 20);
        return writeBenchmark(targetDir, b, failed ? undefined : ladderReport(template, steps, combined, startedAt), startedAt);
      });
      writeRunJson(targetDir, runId, target, records);
      summaries[runId][target.name] = await process(targetDir, runId === RUNS[RUNS.length - 1] ? analysed : PROCESSOR_CONFIG);
    }
  }

  if (options.partialRun === false) return { root, results, summaries, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
  // The partial run: the INT4 Job was killed during its first benchmark, so finalize recorded "interrupted".
  const partialDir = path.join(results, PARTIAL_RUN, INT4_TARGET.name);
  const interrupted = writeBenchmark(partialDir, BENCHMARKS[0], undefined, runStart(PARTIAL_RUN, 0), 'interrupted');
  const notRun = { ...BENCHMARKS[1], status: 'not-run', folder: null, attempts: [] };
  writeRunJson(partialDir, PARTIAL_RUN, INT4_TARGET, [interrupted, notRun]);

  return { root, results, summaries, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

// -------------------------------------------------------------------------------------------- the report

type Json = Record<string, any>;
interface Report {
  benchmarks: Json[];
  [key: string]: unknown;
}

/** The real report with its benchmarks replaced by a concurrent ladder built from its first benchmark. */
function ladderReport(template: Report, steps: readonly Step[], drift: Drift, startedAt: number): Report {
  const report = structuredClone(template);
  const first = template.benchmarks[0];
  report.benchmarks = steps.map((step, index) => {
    const b = structuredClone(first);
    const ttft = step.ttft.map((v) => v * drift.latency) as [number, number];
    const itl = step.itl.map((v) => v * drift.latency) as [number, number];
    const out = step.out * drift.throughput;
    b.config.run_index = index;
    b.config.strategy = { type_: 'concurrent', worker_count: 10, max_concurrency: step.users, streams: step.users, rampup_duration: 0 };
    b.config.profile = { ...b.config.profile, kind: 'concurrent', rate: undefined, streams: steps.map((s) => s.users) };
    b.start_time = startedAt + index * 70;
    b.end_time = b.start_time + 60;
    b.duration = 60;
    const metrics = b.metrics;
    metrics.request_totals = { successful: step.ok, errored: step.err, incomplete: 0, total: step.ok + step.err };
    setDistribution(metrics.time_to_first_token_ms, ttft[0], ttft[1]);
    setDistribution(metrics.inter_token_latency_ms, itl[0], itl[1]);
    setDistribution(metrics.time_per_output_token_ms, itl[0], itl[1]);
    setDistribution(metrics.request_latency, (ttft[0] + 64 * itl[0]) / 1000, (ttft[1] + 64 * itl[1]) / 1000);
    setMean(metrics.output_tokens_per_second, out);
    setMean(metrics.tokens_per_second, out * 2);
    setMean(metrics.requests_per_second, out / 64);
    setMean(metrics.request_concurrency, step.users * 0.95);
    return b;
  });
  return report;
}

/** Rewrites a distribution's `successful` figures around a median (p50) and a p95. */
export function setDistribution(metric: Json, p50: number, p95: number): void {
  const s = metric.successful;
  s.mean = (p50 * 3 + p95) / 4;
  s.median = p50;
  s.min = p50 * 0.8;
  s.max = p95 * 1.25;
  for (const key of Object.keys(s.percentiles)) {
    const q = Number(`0.${key.slice(1)}`); // p001 → 0.001, p95 → 0.95
    // Below the median: up to 20 % under it; p50–p95 interpolated; above p95 up to 25 % over it.
    s.percentiles[key] = q <= 0.5 ? p50 * (0.8 + 0.4 * q) : q <= 0.95 ? p50 + ((p95 - p50) * (q - 0.5)) / 0.45 : p95 * (1 + (q - 0.95) * 5);
  }
}

export function setMean(metric: Json, mean: number): void {
  const s = metric.successful;
  s.mean = mean;
  s.median = mean;
  for (const key of Object.keys(s.percentiles)) s.percentiles[key] = mean;
}

// ------------------------------------------------------------------------------------- the run folders

/** Unix seconds of a run's start (from its id) plus `minutes`. */
function runStart(runId: string, minutes: number): number {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(runId);
  if (!m) throw new Error(`not a run id: ${runId}`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) / 1000 + minutes * 60;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * One benchmark's folder as benchmark.sh and html-report.sh leave it: the JSON report, CSV and HTML outputs,
 * exit-code, started-at, finished-at, html-exit-code. A failed benchmark has its exit code and log only; an
 * interrupted one (killed) has no exit code. Returns the benchmark's run.json record (finalize.py's shape).
 */
function writeBenchmark(targetDir: string, benchmark: (typeof BENCHMARKS)[number], report: Report | undefined, startedAt: number, kill?: 'interrupted'): Json {
  const folder = path.join(targetDir, benchmark.name);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'started-at'), `${iso(startedAt)}\n`);
  fs.writeFileSync(path.join(folder, 'guidellm.log'), `guidellm run ... (${benchmark.name})\n`);
  let status = 'succeeded';
  if (kill) status = 'interrupted';
  else if (!report) {
    status = 'failed';
    fs.writeFileSync(path.join(folder, 'exit-code'), '1\n');
    fs.writeFileSync(path.join(folder, 'finished-at'), `${iso(startedAt + 30)}\n`);
  } else {
    fs.writeFileSync(path.join(folder, 'benchmarks.json'), JSON.stringify(report, null, 2));
    fs.writeFileSync(path.join(folder, 'benchmarks.csv'), csvOf(report));
    fs.writeFileSync(path.join(folder, 'benchmarks.html'), htmlReportStandIn(benchmark.name));
    fs.writeFileSync(path.join(folder, 'exit-code'), '0\n');
    fs.writeFileSync(path.join(folder, 'html-exit-code'), '0\n');
    fs.writeFileSync(path.join(folder, 'finished-at'), `${iso(startedAt + report.benchmarks.length * 70)}\n`);
  }
  const files = fs.readdirSync(folder).sort();
  const read = (name: string) => (fs.existsSync(path.join(folder, name)) ? fs.readFileSync(path.join(folder, name), 'utf8').trim() : null);
  const attempt = {
    folder: benchmark.name,
    status,
    exitCode: read('exit-code') === null ? null : Number(read('exit-code')),
    startedAt: read('started-at'),
    finishedAt: read('finished-at'),
    htmlExitCode: read('html-exit-code') === null ? null : Number(read('html-exit-code')),
    files,
  };
  return { ...benchmark, status, folder: benchmark.name, attempts: [attempt] };
}

/** A few columns per load level, like GuideLLM's CSV output. */
function csvOf(report: Report): string {
  const rows = report.benchmarks.map((b) => {
    const m = b.metrics;
    return [b.config.strategy.type_, b.config.strategy.streams, m.time_to_first_token_ms.successful.percentiles.p95, m.inter_token_latency_ms.successful.percentiles.p95, m.output_tokens_per_second.successful.mean].join(',');
  });
  return `strategy,streams,ttft_p95_ms,itl_p95_ms,output_tokens_per_second\n${rows.join('\n')}\n`;
}

/** GuideLLM's HTML report is a shell that downloads its UI from the internet; this stands in for it. */
function htmlReportStandIn(name: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>GuideLLM report: ${name}</title></head>\n<body><p>GuideLLM report (stand-in for the tests).</p></body></html>\n`;
}

/** run.json as finalize.py --record writes it (keys sorted, two-space indent). */
function writeRunJson(targetDir: string, runId: string, target: (typeof TARGETS)[number], benchmarks: readonly Json[]): void {
  const started = runStart(runId, 0);
  const run = {
    schemaVersion: 1,
    runId,
    environment: 'demo',
    target: { ...target, servedModelName: target.model, gpuType: 'NVIDIA-L4', endpoint: `http://${target.model}-predictor.llm-serving.svc.cluster.local:8080/v1`, serving: { vllmVersion: '0.11.0' } },
    guidellm: { image: 'ghcr.io/vllm-project/guidellm:v0.7.3', version: '0.7.3' },
    job: { name: `benchmark-${target.name}-${runId.slice(-5)}`, pod: `benchmark-${target.name}-${runId.slice(-5)}-x2v4k`, attempt: 1 },
    startedAt: iso(started),
    finishedAt: iso(started + 45 * 60),
    outcome: benchmarks.every((b) => b.status === 'succeeded') ? 'succeeded' : 'failed',
    benchmarks,
  };
  fs.mkdirSync(targetDir, { recursive: true });
  fs.writeFileSync(path.join(targetDir, 'run.json'), `${JSON.stringify(sortKeys(run), null, 2)}\n`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Json)[k])]),
    );
  }
  return value;
}
