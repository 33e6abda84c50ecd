/**
 * Hand-built parsed reports for the processor's tests, reproducing the reference demo (DESIGN.md): Mistral
 * Small 24B INT4 on 1×L4 ($0.85/h) and BF16 on 4×L4 ($3.40/h), measured on the ladder 1,3,5,8,10,15,20,30 users.
 *
 * INT4: TTFT p95 crosses 1 s between 5 and 8 users and 2 s between 8 and 10 users, so with the demo's SLA the
 * tiers are excellent, excellent, acceptable, degraded, then breaking from 10 users: sweet spot 5 users,
 * breaking point 8–10 users, max throughput 300 output tok/s at 15 users (215 tok/s at 5 users within SLA).
 */
import { summarizeBenchmark } from '../../../runtime/processor/summarize';
import { BenchmarkSummary, ParsedLevel, ParsedReport, SlaTiers, SUMMARY_SCHEMA_VERSION, TargetSummary } from '../../../runtime/processor/types';

/** The demo's SLA tiers (DESIGN.md's table), written out here: the tests' own input. */
export const DEMO_SLA: SlaTiers = {
  ttftP95Ms: { excellent: 500, acceptable: 1000, breaking: 2000 },
  itlP95Ms: { excellent: 20, acceptable: 50, breaking: 100 },
  outputTokensPerSecondPerUser: { excellent: 50, acceptable: 20, breaking: 10 },
  kvCacheUsage: { excellent: 0.7, acceptable: 0.85, breaking: 0.95 },
  requestsWaiting: { excellent: 0, acceptable: 1, breaking: 5 },
  errorRate: { excellent: 0, acceptable: 0.01, breaking: 0.05 },
};

/** One measured level of the ladder. */
export interface Step {
  readonly users: number;
  /** TTFT p50 and p95, ms. */
  readonly ttft: readonly [number, number];
  /** ITL p50 and p95, ms. */
  readonly itl: readonly [number, number];
  /** Output tokens per second (the level's throughput). */
  readonly out: number;
  readonly ok: number;
  readonly err: number;
}

/** INT4 on 1×L4. Output speed per user = 1000 / ITL p50 (71.4, 58.8, 45.5, 35.7, 32.3, 26.3, 22.2, 16.7 tok/s). */
export const INT4_STEPS: readonly Step[] = [
  { users: 1, ttft: [120, 180], itl: [14, 16], out: 68, ok: 60, err: 0 },
  { users: 3, ttft: [260, 420], itl: [17, 19], out: 170, ok: 150, err: 0 },
  { users: 5, ttft: [480, 760], itl: [22, 30], out: 215, ok: 240, err: 0 },
  { users: 8, ttft: [900, 1450], itl: [28, 42], out: 262, ok: 300, err: 0 },
  { users: 10, ttft: [1400, 2300], itl: [31, 48], out: 285, ok: 320, err: 0 },
  { users: 15, ttft: [2500, 3900], itl: [38, 60], out: 300, ok: 330, err: 0 },
  { users: 20, ttft: [4000, 6100], itl: [45, 75], out: 296, ok: 200, err: 1 },
  { users: 30, ttft: [6500, 9800], itl: [60, 110], out: 290, ok: 288, err: 12 },
];

/** BF16 on 4×L4: within SLA up to 10 users, degraded at 15, breaking from 20; max 700 output tok/s. */
export const BF16_STEPS: readonly Step[] = [
  { users: 1, ttft: [90, 140], itl: [12, 14], out: 80, ok: 70, err: 0 },
  { users: 3, ttft: [150, 260], itl: [13, 15], out: 230, ok: 200, err: 0 },
  { users: 5, ttft: [220, 380], itl: [15, 18], out: 330, ok: 290, err: 0 },
  { users: 8, ttft: [330, 560], itl: [18, 24], out: 440, ok: 390, err: 0 },
  { users: 10, ttft: [450, 820], itl: [20, 28], out: 520, ok: 460, err: 0 },
  { users: 15, ttft: [800, 1500], itl: [24, 36], out: 630, ok: 560, err: 0 },
  { users: 20, ttft: [1300, 2400], itl: [28, 44], out: 700, ok: 620, err: 0 },
  { users: 30, ttft: [2600, 4800], itl: [40, 70], out: 690, ok: 610, err: 4 },
];

/** A concurrent level built from a step; request latency assumes 64 output tokens. */
export function concurrentLevel(s: Step): ParsedLevel {
  const [ttft50, ttft95] = s.ttft;
  const [itl50, itl95] = s.itl;
  return {
    strategy: 'concurrent',
    streams: s.users,
    start: 1_764_000_000 + s.users * 100,
    end: 1_764_000_000 + s.users * 100 + 60,
    metrics: {
      time_to_first_token_ms: { mean: ttft50, median: ttft50, percentiles: { p50: ttft50, p90: (ttft50 + ttft95) / 2, p95: ttft95, p99: ttft95 * 1.2 } },
      inter_token_latency_ms: { mean: itl50, median: itl50, percentiles: { p50: itl50, p90: itl95, p95: itl95, p99: itl95 * 1.2 } },
      request_latency: { mean: 1, percentiles: { p50: (ttft50 + 64 * itl50) / 1000, p95: (ttft95 + 64 * itl95) / 1000, p99: (ttft95 + 64 * itl95) / 900 } },
      requests_per_second: { mean: s.out / 64, percentiles: {} },
      output_tokens_per_second: { mean: s.out, percentiles: {} },
      tokens_per_second: { mean: s.out * 2, percentiles: {} },
      request_concurrency: { mean: s.users * 0.95, percentiles: {} },
    },
    requestTotals: { successful: s.ok, errored: s.err, incomplete: 0, total: s.ok + s.err },
    missing: [],
  };
}

/** A version-2 report of the given levels. */
export function report(levels: readonly ParsedLevel[], file = 'chat-demo-ladder/benchmarks.json'): ParsedReport {
  return { file, formatVersion: 2, guidellmVersion: '0.7.3', levels, problems: [], invalid: [] };
}

/** The benchmark summary of a ladder on a GPU profile. */
export function benchmarkOf(steps: readonly Step[], pricePerHour: number, gpuCount: number, name = 'chat-demo-ladder'): BenchmarkSummary {
  return summarizeBenchmark({
    name,
    scenario: 'chat',
    loadPlan: 'demo-ladder',
    status: 'succeeded',
    report: `${name}/benchmarks.json`,
    parsed: report(steps.map(concurrentLevel)),
    sla: DEMO_SLA,
    pricePerHour,
    gpuCount,
  });
}

/** A target summary as the processor writes it (no regressions yet). */
export function targetSummary(
  runId: string,
  target: { name: string; model: string; gpuProfile: string; gpuCount: number; pricePerHour: number; instanceType?: string },
  benchmarks: readonly BenchmarkSummary[],
): TargetSummary {
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId,
    environment: 'demo',
    target: { ...target, servedModelName: target.model, gpuType: 'NVIDIA-L4' },
    serving: { vllmVersion: '0.11.0', maxModelLen: 8192, kvCacheDtype: 'fp8' },
    sla: DEMO_SLA,
    guidellm: { image: 'ghcr.io/vllm-project/guidellm:v0.7.3', version: '0.7.3' },
    benchmarks,
    regressions: { comparedWith: [], findings: [] },
    problems: [],
  };
}

export const INT4_TARGET = { name: 'mistral-3-int4-l4-x1', model: 'mistral-3-int4', gpuProfile: 'l4-x1', gpuCount: 1, pricePerHour: 0.85, instanceType: 'g6.4xlarge' };
export const BF16_TARGET = { name: 'mistral-3-bf16-l4-x4', model: 'mistral-3-bf16', gpuProfile: 'l4-x4', gpuCount: 4, pricePerHour: 3.4, instanceType: 'g6.12xlarge' };

/** Every number anywhere in `value`. */
export function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** No NaN or Infinity anywhere, and the JSON round trip gives the same value back (NaN/Infinity become null). */
export function expectJsonSafe(value: unknown): void {
  expect(numbersIn(value).filter((n) => !Number.isFinite(n))).toEqual([]);
  const text = JSON.stringify(value);
  expect(text).not.toMatch(/NaN|Infinity|null/);
  expect(JSON.parse(text)).toEqual(value);
}
