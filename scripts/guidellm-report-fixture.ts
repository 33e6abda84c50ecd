/**
 * `npm run fixture:guidellm-report -- OUT_DIR`: GuideLLM JSON reports with a record for every request, for tests
 * of the per-request figures (SLO attainment, goodput, output speed per user). GuideLLM cannot be installed here,
 * so the reports are simulated: closed-loop users on a concurrency ladder, each request's TTFT and ITL drawn
 * (seeded, deterministic) around the level's medians and 95th percentiles, some one-token answers (no ITL),
 * errors at the ladder's error counts, and the requests still running when the level stops cut off (incomplete).
 *
 * The shape is GuideLLM 0.7.3's report model (format version 2; github.com/vllm-project/guidellm @ v0.7.3):
 * - top level `metadata` (version 2, guidellm_version), `config`, `benchmarks`
 *   (src/guidellm/benchmark/schemas/report.py — the real report ../shared/fixtures/guidellm-report-v0.8.0.dev18.json
 *   has the same keys);
 * - per benchmark `config.strategy` {type_ concurrent, streams} (src/guidellm/scheduler/strategies.py),
 *   `scheduler_metrics.measure_start_time` / `measure_end_time` (src/guidellm/benchmark/schemas/metrics.py:74-79),
 *   `metrics` (request_totals and StatusDistributionSummary `successful` distributions, metrics.py:853-960),
 *   `requests` {successful, errored, incomplete, total: null} (src/guidellm/benchmark/schemas/benchmark.py:156-160),
 *   `start_time` / `end_time`;
 * - per request GenerativeRequestStats (src/guidellm/schemas/request_stats.py:26-266): `type_`, `request_id`,
 *   `info` {status, timings}, `input_metrics` / `output_metrics`, and the computed fields `request_start_time`,
 *   `request_end_time`, `request_latency` (s), `prompt_tokens`, `output_tokens`, `time_to_first_token_ms`,
 *   `inter_token_latency_ms` (None for ≤ 1 output token, :188-205), `time_per_output_token_ms`.
 * Aggregates are computed from the level's own requests with GuideLLM's window rule (a request counts when it
 * ends at or after the window's start and starts at or before its end: src/guidellm/benchmark/schemas/
 * accumulator.py:617-641): request totals per status, and for successful requests mean, median and nearest-rank
 * percentiles (unweighted, one value per request) — the fixture's own definition, recomputable from its records.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One level of a simulated ladder: medians and 95th percentiles of TTFT and ITL, error and one-token shares. */
export interface SimulatedLevel {
  readonly users: number;
  /** TTFT median and p95, ms. */
  readonly ttftMs: readonly [number, number];
  /** ITL median and p95, ms. */
  readonly itlMs: readonly [number, number];
  /** Fraction of requests that error (after a TTFT-like wait, no output). */
  readonly errorShare: number;
}

export interface SimulatedReport {
  readonly levels: readonly SimulatedLevel[];
  /** Seconds each level is measured, and run before and after the window (warm-up, cool-down). */
  readonly windowSeconds: number;
  readonly marginSeconds: number;
  readonly promptTokens: number;
  /** Output tokens per request: uniform in [min, max]; `oneTokenShare` of the answers have a single token. */
  readonly outputTokens: readonly [number, number];
  readonly oneTokenShare: number;
  readonly seed: number;
  /** Unix seconds the first level starts at. */
  readonly startTime: number;
}

const PERCENTILES = { p001: 0.001, p01: 0.01, p05: 0.05, p10: 0.1, p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;
const Z95 = 1.6448536269514722;

/** mulberry32: a small seeded generator, so the same spec gives the same bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A lognormal draw with the given median and 95th percentile. */
function lognormal(rand: () => number, median: number, p95: number): number {
  const sigma = Math.log(p95 / median) / Z95;
  const u1 = Math.max(rand(), 1e-12);
  const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rand());
  return median * Math.exp(sigma * normal);
}

type Status = 'successful' | 'errored' | 'incomplete';
interface Record_ {
  readonly status: Status;
  readonly start: number;
  readonly end: number;
  readonly ttftMs?: number;
  readonly itlMs?: number;
  readonly outputTokens: number;
  readonly promptTokens: number;
}

/** Closed-loop users over [runStart, runEnd]: each user sends the next request when the previous one ends. */
function simulateLevel(spec: SimulatedReport, level: SimulatedLevel, rand: () => number, runStart: number, runEnd: number): Record_[] {
  const records: Record_[] = [];
  for (let user = 0; user < level.users; user++) {
    let t = runStart + rand() * 0.05;
    while (t < runEnd) {
      const ttft = lognormal(rand, level.ttftMs[0], level.ttftMs[1]);
      if (rand() < level.errorShare) {
        const end = t + ttft / 1000;
        records.push({ status: end > runEnd ? 'incomplete' : 'errored', start: t, end: Math.min(end, runEnd), outputTokens: 0, promptTokens: spec.promptTokens });
        t = end + 0.001;
        continue;
      }
      const [min, max] = spec.outputTokens;
      const tokens = rand() < spec.oneTokenShare ? 1 : min + Math.floor(rand() * (max - min + 1));
      const itl = lognormal(rand, level.itlMs[0], level.itlMs[1]);
      const end = t + (ttft + itl * (tokens - 1)) / 1000;
      if (end > runEnd) {
        // still running when the level stops: cut off, the tokens produced so far
        const produced = ttft / 1000 < runEnd - t ? 1 + Math.floor(((runEnd - t) * 1000 - ttft) / itl) : 0;
        records.push({ status: 'incomplete', start: t, end: runEnd, ttftMs: produced > 0 ? ttft : undefined, outputTokens: produced, promptTokens: spec.promptTokens });
        break;
      }
      records.push({ status: 'successful', start: t, end, ttftMs: ttft, itlMs: tokens > 1 ? itl : undefined, outputTokens: tokens, promptTokens: spec.promptTokens });
      t = end + 0.001;
    }
  }
  return records.sort((a, b) => a.end - b.end);
}

/** GenerativeRequestStats of one record, with its computed fields. */
function requestStats(r: Record_, index: number): object {
  const firstToken = r.ttftMs === undefined ? null : r.start + r.ttftMs / 1000;
  const lastToken = firstToken === null ? null : r.itlMs === undefined ? firstToken : firstToken + ((r.outputTokens - 1) * r.itlMs) / 1000;
  const latency = r.end - r.start;
  return {
    type_: 'generative_request_stats',
    request_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    response_id: null,
    request_args: null,
    output: r.status === 'successful' ? 'word '.repeat(Math.min(r.outputTokens, 8)).trim() : null,
    info: {
      status: r.status === 'successful' ? 'completed' : r.status === 'errored' ? 'errored' : 'cancelled',
      timings: { resolve_start: r.start, request_start: r.start, first_token_iteration: firstToken, last_token_iteration: lastToken, request_end: r.end, resolve_end: r.end },
    },
    input_metrics: { text_tokens: r.promptTokens, total_tokens: r.promptTokens },
    output_metrics: { text_tokens: r.outputTokens, total_tokens: r.outputTokens },
    request_start_time: r.start,
    request_end_time: r.end,
    request_latency: latency,
    prompt_tokens: r.promptTokens,
    output_tokens: r.outputTokens,
    total_tokens: r.promptTokens + r.outputTokens,
    time_to_first_token_ms: r.ttftMs ?? null,
    time_per_output_token_ms: r.outputTokens > 0 && lastToken !== null ? (1000 * (lastToken - r.start)) / r.outputTokens : null,
    inter_token_latency_ms: r.itlMs ?? null,
    output_tokens_per_second: latency > 0 ? r.outputTokens / latency : null,
  };
}

/** Mean, median, nearest-rank percentiles and count of `values` (all zeros with count 0 when empty, as GuideLLM). */
export function distribution(values: readonly number[]): object {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] : 0);
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : 0;
  return {
    mean,
    median: at(0.5),
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
    count: sorted.length,
    total_sum: mean * sorted.length,
    percentiles: Object.fromEntries(Object.entries(PERCENTILES).map(([k, q]) => [k, at(q)])),
  };
}

/** A level's GuideLLM `metrics` block from its in-window requests. */
function metricsOf(records: readonly Record_[], windowStart: number, windowEnd: number): object {
  const inWindow = records.filter((r) => r.end >= windowStart && r.start <= windowEnd);
  const by = (s: Status) => inWindow.filter((r) => r.status === s);
  const ok = by('successful');
  const seconds = windowEnd - windowStart;
  const rate = (value: number) => ({ successful: { ...(distribution([]) as object), mean: value, count: 1 } });
  const of = (values: number[]) => ({ successful: distribution(values) });
  const overlap = ok.reduce((s, r) => s + Math.max(0, Math.min(r.end, windowEnd) - Math.max(r.start, windowStart)), 0);
  return {
    request_totals: { successful: ok.length, errored: by('errored').length, incomplete: by('incomplete').length, total: inWindow.length },
    requests_per_second: rate(ok.length / seconds),
    request_concurrency: rate(overlap / seconds),
    request_latency: of(ok.map((r) => r.end - r.start)),
    time_to_first_token_ms: of(ok.map((r) => r.ttftMs as number)),
    inter_token_latency_ms: of(ok.filter((r) => r.itlMs !== undefined).map((r) => r.itlMs as number)),
    time_per_output_token_ms: of(ok.map((r) => (r.ttftMs! + (r.itlMs ?? 0) * (r.outputTokens - 1)) / r.outputTokens)),
    output_tokens_per_second: rate(ok.reduce((s, r) => s + r.outputTokens, 0) / seconds),
    tokens_per_second: rate(ok.reduce((s, r) => s + r.outputTokens + r.promptTokens, 0) / seconds),
  };
}

/** The report as GuideLLM 0.7.3 would write it for the simulated ladder. */
export function simulatedReport(spec: SimulatedReport): object {
  const rand = random(spec.seed);
  let t = spec.startTime;
  let id = 0;
  const benchmarks = spec.levels.map((level) => {
    const runStart = t;
    const windowStart = runStart + spec.marginSeconds;
    const windowEnd = windowStart + spec.windowSeconds;
    const runEnd = windowEnd + spec.marginSeconds;
    t = runEnd + 1;
    const records = simulateLevel(spec, level, rand, runStart, runEnd);
    const list = (s: Status) => records.filter((r) => r.status === s).map((r) => requestStats(r, id++));
    return {
      type_: 'generative_benchmark',
      config: { strategy: { type_: 'concurrent', streams: level.users, worker_count: 10, max_concurrency: level.users } },
      scheduler_metrics: { start_time: runStart, request_start_time: runStart, measure_start_time: windowStart, measure_end_time: windowEnd, request_end_time: runEnd, end_time: runEnd },
      metrics: metricsOf(records, windowStart, windowEnd),
      requests: { successful: list('successful'), errored: list('errored'), incomplete: list('incomplete'), total: null },
      start_time: windowStart,
      end_time: windowEnd,
      duration: windowEnd - windowStart,
    };
  });
  return { metadata: { version: 2, guidellm_version: '0.7.3' }, config: { profile: 'concurrent' }, benchmarks };
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: npm run fixture:guidellm-report -- OUT_DIR');
    process.exit(2);
  }
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, 'benchmarks.json');
  const spec: SimulatedReport = {
    levels: [1, 5, 10, 20].map((users) => ({ users, ttftMs: [100 * users, 180 * users], itlMs: [15 + users, 20 + 2 * users], errorShare: users >= 20 ? 0.02 : 0 })),
    windowSeconds: 60,
    marginSeconds: 10,
    promptTokens: 256,
    outputTokens: [96, 160],
    oneTokenShare: 0.02,
    seed: 1,
    startTime: 1_796_000_000,
  };
  fs.writeFileSync(file, JSON.stringify(simulatedReport(spec)));
  console.log(`wrote ${file}`);
}
