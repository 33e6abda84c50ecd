/**
 * The GuideLLM report parser on the real version-2 report (GuideLLM 0.8.0.dev18), on version-1 reports built
 * here from the GuideLLM v0.6.1 report schema, and on bad input: each bad case checks the exact problem message
 * and that no NaN or Infinity reaches the parsed report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseReport, readReport } from '../../../runtime/processor/parse-report';
import { ParsedReport } from '../../../runtime/processor/types';
import { PROJECT_ROOT } from '../../helpers/project';

const FIXTURE = path.join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');
const REAL_TEXT = fs.readFileSync(FIXTURE, 'utf8');
const FILE = 'results/run/target/chat/benchmarks.json';

/** The real report as an object, to edit for the bad-input cases. */
function realReport(): any {
  return JSON.parse(REAL_TEXT);
}

/** Every number anywhere in `value` (to prove none is NaN or Infinity). */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

function expectAllFinite(report: ParsedReport): void {
  expect(numbersIn(report).filter((n) => !Number.isFinite(n))).toEqual([]);
}

const ALL_TTFT_FIELDS = ['mean', 'median', 'p50', 'p90', 'p95', 'p99'].map((f) => `time_to_first_token_ms.${f}`);

// ------------------------------------------------------------------------------------- version 2 (real)

describe('the real GuideLLM 0.8.0.dev18 report (format version 2)', () => {
  const report = parseReport(FIXTURE, REAL_TEXT);

  test('is read without problems: version, two constant-rate levels', () => {
    expect(report.problems).toEqual([]);
    expect(report.formatVersion).toBe(2);
    expect(report.guidellmVersion).toBe('0.8.0.dev18');
    expect(report.levels.map((l) => [l.strategy, l.rate, l.streams])).toEqual([
      ['constant', 2, undefined],
      ['constant', 4, undefined],
    ]);
    expect(report.levels.map((l) => l.missing)).toEqual([[], []]);
  });

  test('rate 2: window, output tok/s, TTFT, request totals', () => {
    const level = report.levels[0];
    expect(level.start).toBe(1786678148.2526348);
    expect(level.end).toBe(1786678153.2722828);
    expect(level.metrics.output_tokens_per_second?.mean).toBe(3.1950675815128577);
    expect(level.metrics.time_to_first_token_ms).toEqual({
      mean: 11.481165885925293,
      median: 11.276006698608398,
      percentiles: { p50: 11.276006698608398, p90: 11.686325073242188, p95: 11.686325073242188, p99: 11.686325073242188 },
    });
    expect(level.metrics.requests_per_second?.mean).toBe(0.39843430656414264);
    expect(level.metrics.request_latency?.percentiles.p95).toBe(0.020308971405029297);
    expect(level.requestTotals).toEqual({ successful: 2, errored: 0, incomplete: 0, total: 2 });
  });

  test('rate 4: window, output tok/s, TTFT, request totals', () => {
    const level = report.levels[1];
    expect(level.start).toBe(1786678163.568684);
    expect(level.end).toBe(1786678166.087296);
    expect(level.metrics.output_tokens_per_second?.mean).toBe(6.377131566888984);
    expect(level.metrics.time_to_first_token_ms?.percentiles.p95).toBe(10.147809982299805);
    expect(level.metrics.inter_token_latency_ms?.percentiles.p50).toBe(0.9067058563232422);
    expect(level.metrics.request_concurrency?.percentiles.p99).toBe(1);
    expect(level.requestTotals).toEqual({ successful: 2, errored: 0, incomplete: 0, total: 2 });
  });

  test('every metric the processor uses is there, with only p50/p90/p95/p99 (not p001, p999...)', () => {
    for (const level of report.levels) {
      expect(Object.keys(level.metrics).sort()).toEqual([
        'inter_token_latency_ms',
        'output_tokens_per_second',
        'request_concurrency',
        'request_latency',
        'requests_per_second',
        'time_per_output_token_ms',
        'time_to_first_token_ms',
        'tokens_per_second',
      ]);
      for (const metric of Object.values(level.metrics)) expect(Object.keys(metric!.percentiles)).toEqual(['p50', 'p90', 'p95', 'p99']);
    }
  });

  test('readReport reads the file to the same result', () => {
    expect(readReport(FIXTURE)).toEqual(report);
  });
});

// ------------------------------------------------------------------------------- version 1 (v0.6.1 schema)

/*
 * A version-1 report as GuideLLM v0.6.1 writes it (github.com/vllm-project/guidellm @ v0.6.1):
 * - src/guidellm/benchmark/schemas/generative/report.py:31-55 `metadata` (version Literal[1], guidellm_version,
 *   python_version, platform), :72-82 `metadata`, `args`, `benchmarks`;
 * - src/guidellm/benchmark/schemas/generative/entrypoints.py:168-179 `args.data`, `args.profile`, `args.rate`;
 * - src/guidellm/benchmark/schemas/generative/benchmark.py:47-70 `type_` "generative_benchmark", `config`,
 *   `scheduler_state`, `scheduler_metrics`, `metrics`, `requests`; :72-116 computed `start_time`, `end_time`
 *   (= scheduler_metrics.measure_start_time / measure_end_time), `duration`, `warmup_duration`,
 *   `cooldown_duration`;
 * - src/guidellm/benchmark/schemas/base.py:258-301 `config` (id_, run_id, run_index, strategy, constraints, ...);
 * - src/guidellm/scheduler/strategies.py:71-81, :249, :306-309, :385-389, :463-471, :563-571 strategy `type_`,
 *   `worker_count`, `max_concurrency`, `streams`, `rate`;
 * - src/guidellm/benchmark/schemas/generative/metrics.py:57-88 `scheduler_metrics`, :706-756 `metrics`
 *   (request_totals and the StatusDistributionSummary metrics);
 * - src/guidellm/schemas/base.py:232-247 StatusBreakdown (successful, errored, incomplete, total);
 * - src/guidellm/schemas/statistics.py:41-51 percentiles p001...p999, :124-135 DistributionSummary fields,
 *   :168-181 + :91-92 an empty distribution: zeros with count 0.
 */

const PERCENTILE_NAMES = ['p001', 'p01', 'p05', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'p999'] as const;

/** p50, p90, p95, p99 of a distribution. */
type Quantiles = [p50: number, p90: number, p95: number, p99: number];

/** A DistributionSummary (statistics.py:114-135); the percentiles below p50 equal `min`, p75 lies halfway to p90. */
function distribution(mean: number, [p50, p90, p95, p99]: Quantiles, count = 10): object {
  const min = p50 * 0.75;
  const percentiles = { p001: min, p01: min, p05: min, p10: min, p25: min, p50, p75: (p50 + p90) / 2, p90, p95, p99, p999: p99 };
  return { mean, median: p50, mode: p50, variance: 1, std_dev: 1, min, max: p99, count, total_sum: mean * count, percentiles, pdf: null };
}

/** A constant distribution (every percentile `value`). */
function flat(value: number, count = 10): object {
  return distribution(value, [value, value, value, value], count);
}

/** An empty DistributionSummary, as statistics.py:168-181 writes it when there is no value. */
function emptyDistribution(): object {
  return { ...flat(0, 0), variance: 0, std_dev: 0, percentiles: Object.fromEntries(PERCENTILE_NAMES.map((n) => [n, 0])) };
}

/** A StatusDistributionSummary: `successful` as given, the other statuses empty (only `successful` is read). */
function byStatus(successful: object): object {
  return { successful, errored: emptyDistribution(), incomplete: emptyDistribution(), total: successful };
}

interface V1Level {
  strategy: Record<string, unknown>;
  start: number;
  end: number;
  /** Mean, then p50/p90/p95/p99. */
  ttft: [number, ...Quantiles];
  itl: [number, ...Quantiles];
  latencyS: [number, ...Quantiles];
  rps: number;
  outTokS: number;
  totals: [successful: number, errored: number, incomplete: number];
}

/** The GenerativeMetrics block (metrics.py:706-756) of one level. */
function v1Metrics(l: V1Level): object {
  const [successful, errored, incomplete] = l.totals;
  const d = ([mean, ...q]: [number, ...Quantiles]) => byStatus(distribution(mean, q));
  return {
    request_totals: { successful, errored, incomplete, total: successful + errored + incomplete },
    requests_per_second: byStatus(flat(l.rps)),
    request_concurrency: byStatus(distribution(3.2, [3, 4, 5, 5])),
    request_latency: d(l.latencyS),
    request_streaming_iterations_count: byStatus(flat(64)),
    prompt_token_count: byStatus(flat(64)),
    output_token_count: byStatus(flat(64)),
    total_token_count: byStatus(flat(128)),
    time_to_first_token_ms: d(l.ttft),
    time_per_output_token_ms: d(l.itl.map((x) => x * 1.25) as [number, ...Quantiles]),
    inter_token_latency_ms: d(l.itl),
    prompt_tokens_per_second: byStatus(flat(l.outTokS)),
    output_tokens_per_second: byStatus(distribution(l.outTokS, [l.outTokS, l.outTokS, l.outTokS * 1.5, l.outTokS * 2])),
    tokens_per_second: byStatus(flat(l.outTokS * 2)),
    output_tokens_per_iteration: byStatus(flat(1)),
    iter_tokens_per_iteration: byStatus(flat(1)),
  };
}

/** One GenerativeBenchmark (benchmark.py:37-116) as `model_dump()` writes it. */
function v1Benchmark(l: V1Level, index: number): object {
  const [successful, errored, incomplete] = l.totals;
  return {
    type_: 'generative_benchmark',
    config: {
      id_: `bench-${index}`,
      run_id: 'run-0',
      run_index: index,
      strategy: { worker_count: 4, max_concurrency: null, ...l.strategy },
      constraints: { max_seconds: { type_: 'max_duration', max_duration: 60 } },
      sample_requests: null,
      warmup: { percent: null, value: null, mode: 'prefer_duration' },
      cooldown: { percent: null, value: null, mode: 'prefer_duration' },
      prefer_response_metrics: true,
      profile: { type_: 'concurrent', streams: [1, 5] },
      requests: {},
      backend: { type_: 'openai_http', target: 'http://vllm:8000' },
      environment: {},
    },
    scheduler_state: {},
    scheduler_metrics: {
      start_time: l.start - 1,
      request_start_time: l.start,
      measure_start_time: l.start,
      measure_end_time: l.end,
      request_end_time: l.end,
      end_time: l.end + 0.5,
      requests_made: { successful, errored, incomplete, total: successful + errored + incomplete },
    },
    metrics: v1Metrics(l),
    requests: { successful: [], errored: [], incomplete: [], total: null },
    start_time: l.start,
    end_time: l.end,
    duration: l.end - l.start,
    warmup_duration: 0,
    cooldown_duration: 0,
  };
}

/** A GenerativeBenchmarksReport (report.py:58-82), version 1, with a flat `args` block. */
function v1Report(profile: string, rate: number[] | null, levels: V1Level[]): object {
  return {
    metadata: { version: 1, guidellm_version: '0.6.1', python_version: '3.12.8', platform: 'Linux-5.14-x86_64' },
    args: { data: ['prompt_tokens=64,output_tokens=64'], profile, rate, backend: 'openai_http', outputs: ['json'], output_dir: '/results', max_seconds: 60 },
    benchmarks: levels.map(v1Benchmark),
  };
}

const V1_CONCURRENT: V1Level[] = [
  {
    strategy: { type_: 'concurrent', streams: 1 },
    start: 1761300000.25,
    end: 1761300060.5,
    ttft: [180.5, 175.25, 226.25, 233.5, 240.75],
    itl: [22.5, 22, 27, 28.5, 30],
    latencyS: [1.6, 1.55, 1.9, 2, 2.1],
    rps: 0.61,
    outTokS: 39.5,
    totals: [37, 0, 1],
  },
  {
    strategy: { type_: 'concurrent', streams: 5 },
    start: 1761300070.125,
    end: 1761300130.375,
    ttft: [420.5, 400, 780, 862.625, 910.25],
    itl: [41.5, 40, 50, 52, 55.5],
    latencyS: [3.1, 3, 3.9, 4.1, 4.4],
    rps: 1.62,
    outTokS: 104.25,
    totals: [96, 2, 5],
  },
];

describe('a version-1 report built from the GuideLLM v0.6.1 schema', () => {
  const report = parseReport('v1.json', JSON.stringify(v1Report('concurrent', [1, 5], V1_CONCURRENT)));

  test('is read without problems: version, two concurrent levels (streams 1 and 5)', () => {
    expect(report.problems).toEqual([]);
    expect(report.formatVersion).toBe(1);
    expect(report.guidellmVersion).toBe('0.6.1');
    expect(report.levels.map((l) => [l.strategy, l.streams, l.rate])).toEqual([
      ['concurrent', 1, undefined],
      ['concurrent', 5, undefined],
    ]);
  });

  test('the figures of both levels', () => {
    const [one, five] = report.levels;
    expect([one.start, one.end, five.start, five.end]).toEqual([1761300000.25, 1761300060.5, 1761300070.125, 1761300130.375]);
    expect(one.metrics.output_tokens_per_second?.mean).toBe(39.5);
    expect(five.metrics.output_tokens_per_second?.mean).toBe(104.25);
    expect(one.metrics.time_to_first_token_ms).toEqual({ mean: 180.5, median: 175.25, percentiles: { p50: 175.25, p90: 226.25, p95: 233.5, p99: 240.75 } });
    expect(five.metrics.time_to_first_token_ms?.percentiles.p95).toBe(862.625);
    expect(five.metrics.inter_token_latency_ms?.percentiles.p99).toBe(55.5);
    expect(five.metrics.request_latency?.median).toBe(3);
    expect(one.requestTotals).toEqual({ successful: 37, errored: 0, incomplete: 1, total: 38 });
    expect(five.requestTotals).toEqual({ successful: 96, errored: 2, incomplete: 5, total: 103 });
    expect(report.levels.map((l) => l.missing)).toEqual([[], []]);
  });

  test('a sweep: synchronous has no load figure, throughput its max_concurrency as streams, constant/poisson a rate', () => {
    const base = V1_CONCURRENT[0];
    const sweep = v1Report('sweep', [4], [
      { ...base, strategy: { type_: 'synchronous' } },
      { ...base, strategy: { type_: 'throughput', max_concurrency: 64 } },
      { ...base, strategy: { type_: 'constant', rate: 2.5, max_concurrency: 64 } },
      { ...base, strategy: { type_: 'poisson', rate: 4.75, random_seed: 42 } },
    ]);
    const parsed = parseReport('sweep.json', JSON.stringify(sweep));
    expect(parsed.problems).toEqual([]);
    expect(parsed.levels.map((l) => [l.strategy, l.streams, l.rate])).toEqual([
      ['synchronous', undefined, undefined],
      ['throughput', 64, undefined],
      ['constant', undefined, 2.5],
      ['poisson', undefined, 4.75],
    ]);
  });

  test('bare NaN / Infinity tokens (Python json.dumps) cost only the figure, not the file', () => {
    const report = v1Report('concurrent', [1, 5], V1_CONCURRENT) as any;
    report.metadata.platform = 'a "NaN", \\ and Infinity inside a string stay as written';
    const text = JSON.stringify(report)
      .replace('"p95":233.5', '"p95":NaN')
      .replace('"output_tokens_per_second":{"successful":{"mean":104.25', '"output_tokens_per_second":{"successful":{"mean":Infinity');
    expect(text.match(/:NaN|:Infinity/g)).toEqual([':NaN', ':Infinity']);
    const parsed = parseReport('v1.json', text);
    expect(parsed.problems).toEqual([
      'v1.json: benchmark 0: metrics.time_to_first_token_ms.successful.percentiles.p95 is NaN, not a finite number',
      'v1.json: benchmark 1: metrics.output_tokens_per_second.successful.mean is Infinity, not a finite number',
    ]);
    expect(parsed.levels.map((l) => l.missing)).toEqual([['time_to_first_token_ms.p95'], ['output_tokens_per_second.mean']]);
    expect(parsed.levels[0].metrics.time_to_first_token_ms?.percentiles).toEqual({ p50: 175.25, p90: 226.25, p99: 240.75 });
    expectAllFinite(parsed);
    expect(parsed.levels).toHaveLength(2);
  });
});

// --------------------------------------------------------------------------------------------- bad input

describe('bad input', () => {
  test.each([
    ['a negative TTFT p95', 'time_to_first_token_ms', 'p95', -100, 'negative'],
    ['negative output tokens per second', 'output_tokens_per_second', 'mean', -1000, 'negative'],
    ['an absurd TTFT (1e308 ms)', 'time_to_first_token_ms', 'p99', 1e308, 'above 86400000'],
    ['an absurd request rate', 'requests_per_second', 'median', 5e12, 'above 1000000000'],
  ])('%s is invalid data: named, left out, never rated', (_, metric, field, value, why) => {
    const report = realReport();
    const summary = report.benchmarks[0].metrics[metric].successful;
    if (field === 'mean' || field === 'median') summary[field] = value;
    else summary.percentiles[field] = value;
    const parsed = parseReport(FILE, JSON.stringify(report));
    const path = field === 'mean' || field === 'median' ? `${metric}.successful.${field}` : `${metric}.successful.percentiles.${field}`;
    expect(parsed.problems).toEqual([`${FILE}: benchmark 0: metrics.${path} is ${value}: ${why}, not a possible measurement (invalid data); left out`]);
    expect(parsed.levels[0].missing).toEqual([`${metric}.${field}`]);
    const kept = parsed.levels[0].metrics[metric as keyof (typeof parsed.levels)[0]['metrics']]!;
    expect(field === 'mean' || field === 'median' ? kept[field as 'mean' | 'median'] : kept.percentiles[field as 'p95']).toBeUndefined();
    expectAllFinite(parsed);
  });

  test('an empty file', () => {
    const parsed = parseReport(FILE, '  \n');
    expect(parsed.levels).toEqual([]);
    expect(parsed.problems).toEqual([`${FILE}: empty file, not a GuideLLM report; no load level read`]);
  });

  test('a truncated file (the real report cut in half)', () => {
    const parsed = parseReport(FILE, REAL_TEXT.slice(0, Math.floor(REAL_TEXT.length / 2)));
    expect(parsed.levels).toEqual([]);
    expect(parsed.problems).toEqual([
      `${FILE}: malformed or truncated JSON (unexpected end of the JSON input at byte 48068); no load level read`,
    ]);
  });

  test('a JSON value that is not a report object', () => {
    expect(parseReport(FILE, '[1, 2]').problems).toEqual([`${FILE}: not a GuideLLM report (the top level is an array, not an object); no load level read`]);
  });

  test('an unknown metadata.version', () => {
    const report = realReport();
    report.metadata.version = 3;
    const parsed = parseReport(FILE, JSON.stringify(report));
    expect(parsed.levels).toEqual([]);
    expect(parsed.guidellmVersion).toBe('0.8.0.dev18');
    expect(parsed.problems).toEqual([
      `${FILE}: metadata.version 3 is not supported (supported: 1 for GuideLLM ≤ 0.6, 2 for GuideLLM ≥ 0.7); no load level read`,
    ]);
  });

  test('no metadata.version (GuideLLM ≤ 0.4)', () => {
    const report = realReport();
    delete report.metadata;
    expect(parseReport(FILE, JSON.stringify(report)).problems).toEqual([
      `${FILE}: metadata.version is missing (supported: 1 for GuideLLM ≤ 0.6, 2 for GuideLLM ≥ 0.7); no load level read`,
    ]);
  });

  test('a missing metrics.time_to_first_token_ms: the level stays, the metric is missing', () => {
    const report = realReport();
    delete report.benchmarks[0].metrics.time_to_first_token_ms;
    const parsed = parseReport(FILE, JSON.stringify(report));
    expect(parsed.problems).toEqual([`${FILE}: benchmark 0: metrics.time_to_first_token_ms is missing`]);
    expect(parsed.levels).toHaveLength(2);
    expect(parsed.levels[0].metrics.time_to_first_token_ms).toBeUndefined();
    expect(parsed.levels[0].missing).toEqual(ALL_TTFT_FIELDS);
    expect(parsed.levels[0].metrics.output_tokens_per_second?.mean).toBe(3.1950675815128577);
    expect(parsed.levels[1].missing).toEqual([]);
  });

  test.each([
    ['null', null, 'null'],
    ['the string "NaN"', 'NaN', '"NaN"'],
  ])('a p95 that is %s', (_what, value, shown) => {
    const report = realReport();
    report.benchmarks[1].metrics.time_to_first_token_ms.successful.percentiles.p95 = value;
    const parsed = parseReport(FILE, JSON.stringify(report));
    expect(parsed.problems).toEqual([
      `${FILE}: benchmark 1: metrics.time_to_first_token_ms.successful.percentiles.p95 is ${shown}, not a finite number`,
    ]);
    expect(parsed.levels[1].missing).toEqual(['time_to_first_token_ms.p95']);
    expect(parsed.levels[1].metrics.time_to_first_token_ms?.percentiles).toEqual({
      p50: 9.419918060302734,
      p90: 10.147809982299805,
      p99: 10.147809982299805,
    });
    expectAllFinite(parsed);
  });

  test('a bare NaN p95 in the real report', () => {
    const text = REAL_TEXT.replace('"p95": 11.686325073242188', '"p95": NaN');
    expect(text).not.toBe(REAL_TEXT);
    const parsed = parseReport(FILE, text);
    expect(parsed.problems).toEqual([`${FILE}: benchmark 0: metrics.time_to_first_token_ms.successful.percentiles.p95 is NaN, not a finite number`]);
    expect(parsed.levels[0].missing).toEqual(['time_to_first_token_ms.p95']);
    expectAllFinite(parsed);
  });

  test('a benchmark where every request errored: a level with its totals, latencies missing, throughput 0', () => {
    const report = realReport();
    const metrics = report.benchmarks[1].metrics;
    for (const [name, value] of Object.entries(metrics)) if (name !== 'request_totals') (value as any).successful = emptyDistribution();
    metrics.request_totals = { successful: 0, errored: 2, incomplete: 0, total: 2 };
    const parsed = parseReport(FILE, JSON.stringify(report));
    const level = parsed.levels[1];
    expect(level.requestTotals).toEqual({ successful: 0, errored: 2, incomplete: 0, total: 2 });
    expect(level.rate).toBe(4);
    expect(parsed.problems).toEqual(
      ['time_to_first_token_ms', 'inter_token_latency_ms', 'time_per_output_token_ms', 'request_latency'].map(
        (name) => `${FILE}: benchmark 1: metrics.${name}.successful has no observations (count 0: no successful request); left out`,
      ),
    );
    expect(Object.keys(level.metrics).sort()).toEqual(['output_tokens_per_second', 'request_concurrency', 'requests_per_second', 'tokens_per_second']);
    expect(level.metrics.output_tokens_per_second).toEqual({ mean: 0, median: 0, percentiles: { p50: 0, p90: 0, p95: 0, p99: 0 } });
    expect(level.missing).toHaveLength(24);
    expect(level.missing.slice(0, 6)).toEqual(ALL_TTFT_FIELDS);
    expect(parsed.levels[0].missing).toEqual([]);
    expectAllFinite(parsed);
  });

  test('a benchmark that is not an object is skipped, the others are read', () => {
    const report = realReport();
    report.benchmarks[0] = 'oops';
    const parsed = parseReport(FILE, JSON.stringify(report));
    expect(parsed.problems).toEqual([`${FILE}: benchmark 0: is a string, not an object; skipped`]);
    expect(parsed.levels.map((l) => l.rate)).toEqual([4]);
  });

  test('a missing strategy type and request total', () => {
    const report = realReport();
    delete report.benchmarks[0].config.strategy.type_;
    delete report.benchmarks[0].metrics.request_totals.errored;
    const parsed = parseReport(FILE, JSON.stringify(report));
    expect(parsed.problems).toEqual([
      `${FILE}: benchmark 0: config.strategy.type_ is missing; strategy recorded as "unknown"`,
      `${FILE}: benchmark 0: metrics.request_totals.errored is missing; counted as 0`,
    ]);
    expect(parsed.levels[0].strategy).toBe('unknown');
    expect(parsed.levels[0].requestTotals).toEqual({ successful: 2, errored: 0, incomplete: 0, total: 2 });
  });

  test('a file that does not exist', () => {
    const file = path.join(PROJECT_ROOT, 'no-such-dir', 'benchmarks.json');
    const parsed = readReport(file);
    expect(parsed.levels).toEqual([]);
    expect(parsed.problems).toEqual([`${file}: cannot read the report (the file does not exist); no load level read`]);
  });
});
