/**
 * Per-target summary on hand-built parsed reports: the demo ladder (tiers, sweet spot, breaking point, max
 * throughput, costs recomputed by hand), the load axis per strategy, and bad input (all-failed levels, zero
 * throughput, missing or NaN percentiles, no report) without NaN or Infinity in the output.
 */
import { summarizeBenchmark, summarizeLevel } from '../../../runtime/processor/summarize';
import { ParsedLevel } from '../../../runtime/processor/types';
import { benchmarkOf, concurrentLevel, DEMO_SLA, expectJsonSafe, INT4_STEPS, report, Step } from './demo-ladder';

const PRICE = 0.85; // g6.4xlarge, 1×L4
const step = (users: number): Step => INT4_STEPS.find((s) => s.users === users)!;

/** summarizeBenchmark on the given levels with the INT4 target's price. */
function summaryOf(levels: ParsedLevel[], pricePerHour = PRICE, gpuCount = 1) {
  return summarizeBenchmark({ name: 'b', scenario: 'chat', loadPlan: 'ladder', status: 'succeeded', report: 'b/benchmarks.json', parsed: report(levels), sla: DEMO_SLA, pricePerHour, gpuCount });
}

/** A level with some metric fields removed (as the parser leaves them) and named in `missing`. */
function without(level: ParsedLevel, metric: keyof ParsedLevel['metrics'], fields: string[]): ParsedLevel {
  const dist = level.metrics[metric]!;
  const percentiles = Object.fromEntries(Object.entries(dist.percentiles).filter(([k]) => !fields.includes(k)));
  const mean = fields.includes('mean') ? undefined : dist.mean;
  const median = fields.includes('median') ? undefined : dist.median;
  return { ...level, metrics: { ...level.metrics, [metric]: { mean, median, percentiles } }, missing: fields.map((f) => `${metric}.${f}`) };
}

describe('the demo ladder: INT4 on 1×L4 ($0.85/h), 1,3,5,8,10,15,20,30 users', () => {
  const summary = benchmarkOf(INT4_STEPS, PRICE, 1);

  test('levels are sorted by load, whatever the report order', () => {
    const shuffled = summaryOf([30, 1, 10, 5, 3, 20, 8, 15].map((u) => concurrentLevel(step(u))));
    expect(shuffled.levels.map((l) => l.load)).toEqual([1, 3, 5, 8, 10, 15, 20, 30]);
    expect(shuffled).toEqual({ ...summary, name: 'b', loadPlan: 'ladder', report: 'b/benchmarks.json' });
  });

  test('tiers: TTFT p95 crosses 1 s after 5 users and 2 s after 8 users', () => {
    expect(summary.levels.map((l) => [l.load, l.loadUnit, l.tier])).toEqual([
      [1, 'users', 'excellent'],
      [3, 'users', 'excellent'],
      [5, 'users', 'acceptable'],
      [8, 'users', 'degraded'],
      [10, 'users', 'breaking'],
      [15, 'users', 'breaking'],
      [20, 'users', 'breaking'],
      [30, 'users', 'breaking'],
    ]);
  });

  test('tierReasons name the metric(s) that set the tier, with values', () => {
    const at = (users: number) => summary.levels.find((l) => l.load === users)!.tierReasons;
    expect(at(8)).toEqual(['TTFT p95 1450 ms (degraded: ≤ 2000 ms)']);
    expect(at(10)).toEqual(['TTFT p95 2300 ms (breaking: > 2000 ms)']);
    expect(at(30)).toEqual(['TTFT p95 9800 ms (breaking: > 2000 ms)', 'ITL p95 110 ms (breaking: > 100 ms)']);
    // 1000 / 22 ms = 45.45 tok/s per user: acceptable, like TTFT p95 760 ms and ITL p95 30 ms.
    expect(at(5)).toEqual(['TTFT p95 760 ms (acceptable: ≤ 1000 ms)', 'ITL p95 30 ms (acceptable: ≤ 50 ms)', 'output speed per user 45.5 tok/s (acceptable: ≥ 20 tok/s)']);
  });

  test('level figures: percentiles, rates, output speed per user, error rate, window', () => {
    const level = summary.levels.find((l) => l.load === 20)!;
    expect(level).toMatchObject({
      strategy: 'concurrent',
      ttftMs: { p50: 4000, p90: 5050, p95: 6100, p99: 7320 },
      itlMs: { p50: 45, p95: 75, p99: 90 },
      outputTokensPerSecond: 296,
      totalTokensPerSecond: 592,
      requestsPerSecond: 296 / 64,
      meanConcurrency: 19,
      window: { start: 1_764_002_000, end: 1_764_002_060 },
      missing: [],
    });
    expect(level.requestLatencyS.p50).toBeCloseTo((4000 + 64 * 45) / 1000, 10);
    expect(level.outputTokensPerSecondPerUser).toBeCloseTo(1000 / 45, 10);
    expect(level.errorRate).toBeCloseTo(1 / 201, 12); // errored / (successful + errored)
    expect(level.requestedRate).toBeUndefined();
  });

  test('sweet spot 5 users, breaking point 8–10 users, max throughput 300 tok/s at 15 (215 within SLA at 5)', () => {
    expect(summary.sweetSpot).toEqual({ load: 5, levelIndex: 2 });
    expect(summary.breakingPoint).toEqual({ lastGood: 8, firstBad: 10, reason: 'TTFT p95 2300 ms (breaking: > 2000 ms)' });
    expect(summary.maxThroughput).toEqual({ outputTokensPerSecond: 300, load: 15 });
    expect(summary.maxThroughputWithinSla).toEqual({ outputTokensPerSecond: 215, load: 5 });
    expect(summary.missing).toEqual([]);
  });

  test('cost figures at the sweet spot and at max throughput, recomputed by hand', () => {
    // Sweet spot (5 users, 215 output tok/s):
    //   cost per 1k output tokens = 0.85 $/h / 3600 s/h / 215 tok/s × 1000 = 0.000236111 $/s / 215 × 1000 = $0.0010982
    //   output tok/s per $/h      = 215 / 0.85 = 252.94
    //   output tok/s per GPU      = 215 / 1    = 215
    expect(summary.cost.atSweetSpot.costPer1kOutputTokens).toBeCloseTo(0.0010982, 7);
    expect(summary.cost.atSweetSpot.outputTokensPerSecondPerDollarHour).toBeCloseTo(252.94, 2);
    expect(summary.cost.atSweetSpot.outputTokensPerSecondPerGpu).toBe(215);
    // Max throughput (15 users, 300 output tok/s): the demo's "353 tok/s per $".
    //   cost per 1k output tokens = 0.85 / 3600 / 300 × 1000 = $0.00078704
    //   output tok/s per $/h      = 300 / 0.85 = 352.94 ≈ 353
    expect(summary.cost.atMaxThroughput.costPer1kOutputTokens).toBeCloseTo(0.00078704, 8);
    expect(summary.cost.atMaxThroughput.outputTokensPerSecondPerDollarHour).toBeCloseTo(352.94, 2);
    expect(Math.round(summary.cost.atMaxThroughput.outputTokensPerSecondPerDollarHour!)).toBe(353);
    expect(summary.cost.atMaxThroughput.outputTokensPerSecondPerGpu).toBe(300);
  });

  test('per GPU divides by the GPU count (4×L4 at $3.40/h)', () => {
    const bf = benchmarkOf(INT4_STEPS, 3.4, 4);
    // 300 tok/s / 4 GPUs = 75; 300 / 3.40 = 88.24; 3.40 / 3600 / 300 × 1000 = $0.0031481
    expect(bf.cost.atMaxThroughput).toEqual({ costPer1MOutputTokens: expect.closeTo(3.1481, 4), costPer1kOutputTokens: expect.closeTo(0.0031481, 7), outputTokensPerSecondPerDollarHour: expect.closeTo(88.235, 3), outputTokensPerSecondPerGpu: 75 });
  });

  test('the summary is JSON-safe', () => expectJsonSafe(summary));
});

describe('sweet spot and breaking point definitions', () => {
  test('the sweet spot ends at the first level outside the SLA, even if a higher level recovers', () => {
    const noisy = [step(1), step(3), step(8), { ...step(5), users: 10 }].map(concurrentLevel); // 8 degraded, 10 acceptable again
    const s = summaryOf(noisy);
    expect(s.levels.map((l) => l.tier)).toEqual(['excellent', 'excellent', 'degraded', 'acceptable']);
    expect(s.sweetSpot).toEqual({ load: 3, levelIndex: 1 });
    expect(s.breakingPoint).toBeUndefined();
    expect(s.maxThroughputWithinSla).toEqual({ outputTokensPerSecond: 215, load: 10 }); // any level within SLA
  });

  test('a coarse ladder (1,5,10,30) can only say 5–10', () => {
    const s = summaryOf([1, 5, 10, 30].map((u) => concurrentLevel(step(u))));
    expect(s.breakingPoint).toEqual({ lastGood: 5, firstBad: 10, reason: 'TTFT p95 2300 ms (breaking: > 2000 ms)' });
  });

  test('when the lowest level already breaks: no last-good load, no sweet spot, and both are said', () => {
    const s = summaryOf([10, 15].map((u) => concurrentLevel(step(u))));
    expect(s.breakingPoint).toEqual({ firstBad: 10, reason: 'TTFT p95 2300 ms (breaking: > 2000 ms)' });
    expect(s.sweetSpot).toBeUndefined();
    expect(s.cost.atSweetSpot).toEqual({});
    expect(s.missing).toEqual(['sweet spot: the lowest load level is not within the SLA', 'cost at sweet spot: no sweet spot']);
    expectJsonSafe(s);
  });
});

describe('the load axis per strategy', () => {
  const base = concurrentLevel(step(1));
  test.each([
    [{ strategy: 'synchronous', streams: undefined }, 1, 'users', undefined],
    [{ strategy: 'concurrent', streams: 8 }, 8, 'users', undefined],
    [{ strategy: 'throughput', streams: 64 }, 64, 'users', undefined],
    [{ strategy: 'constant', streams: undefined, rate: 2 }, 2, 'requests/s', 2],
    [{ strategy: 'poisson', streams: undefined, rate: 4.5 }, 4.5, 'requests/s', 4.5],
    [{ strategy: 'async', streams: undefined, rate: 3 }, 3, 'requests/s', 3],
  ])('%o → %d %s', (fields, load, unit, requested) => {
    const level = summarizeLevel({ ...base, ...fields }, DEMO_SLA);
    expect([level.load, level.loadUnit, level.requestedRate]).toEqual([load, unit, requested]);
    if (requested !== undefined) expect(level.achievedRate).toBe(68 / 64);
  });

  test('throughput without max concurrency uses the measured mean concurrency, and says so', () => {
    const level = summarizeLevel({ ...base, strategy: 'throughput', streams: undefined }, DEMO_SLA);
    expect([level.load, level.loadUnit]).toEqual([0.95, 'users']);
    expect(level.missing).toContain('load: no max concurrency in the report, measured mean concurrency used');
  });

  test('a rate level without a rate is left out of the ladder and named', () => {
    const s = summaryOf([base, { ...base, strategy: 'constant', streams: undefined }]);
    expect(s.levels).toHaveLength(1);
    expect(s.missing).toContain('level 2 (constant): no load in the report (streams or rate); left out');
  });

  test('a sweep mixing users and req/s: sweet spot and breaking point on the axis most levels use', () => {
    const levels = [
      { ...base, strategy: 'synchronous', streams: undefined },
      { ...concurrentLevel(step(30)), strategy: 'throughput', streams: 30 },
      { ...concurrentLevel(step(3)), strategy: 'constant', streams: undefined, rate: 1 },
      { ...concurrentLevel(step(5)), strategy: 'constant', streams: undefined, rate: 2 },
      { ...concurrentLevel(step(10)), strategy: 'constant', streams: undefined, rate: 3 },
    ];
    const s = summaryOf(levels);
    expect(s.levels.map((l) => `${l.load} ${l.loadUnit}`)).toEqual(['1 users', '30 users', '1 requests/s', '2 requests/s', '3 requests/s']);
    expect(s.sweetSpot).toEqual({ load: 2, levelIndex: 3 });
    expect(s.breakingPoint).toEqual({ lastGood: 2, firstBad: 3, reason: 'TTFT p95 2300 ms (breaking: > 2000 ms)' });
    expect(s.missing).toContain('sweet spot and breaking point: 2 level(s) not measured in requests/s left out');
  });
});

describe('bad input: no NaN, Infinity or division by zero reaches the summary', () => {
  test('a level where every request failed: error rate 1, breaking, figures absent and said', () => {
    const failed: ParsedLevel = { ...concurrentLevel(step(10)), metrics: {}, requestTotals: { successful: 0, errored: 40, incomplete: 2, total: 42 }, missing: ['time_to_first_token_ms.p95'] };
    const s = summaryOf([concurrentLevel(step(1)), concurrentLevel(step(5)), failed]);
    const level = s.levels[2];
    expect(level).toMatchObject({ load: 10, errorRate: 1, tier: 'breaking', tierReasons: ['all 40 requests failed (error rate 100 %)'], ttftMs: {}, outputTokensPerSecond: undefined });
    expect(level.missing).toEqual(['latency and throughput figures: no successful request']);
    expect(s.breakingPoint).toEqual({ lastGood: 5, firstBad: 10, reason: 'all 40 requests failed (error rate 100 %)' });
    expect(s.maxThroughput).toEqual({ outputTokensPerSecond: 215, load: 5 });
    expectJsonSafe(s);
  });

  test('a level where no request finished at all: no error rate, breaking', () => {
    const stuck: ParsedLevel = { ...concurrentLevel(step(1)), metrics: {}, requestTotals: { successful: 0, errored: 0, incomplete: 5, total: 5 } };
    const level = summarizeLevel(stuck, DEMO_SLA);
    expect(level).toMatchObject({ tier: 'breaking', tierReasons: ['no request finished'], errorRate: undefined });
    expect(level.missing).toContain('errorRate: no request finished');
    expectJsonSafe(level);
  });

  test('every request of every level failed: no sweet spot, no throughput, every absent figure named', () => {
    const failed = (u: number): ParsedLevel => ({ ...concurrentLevel(step(u)), metrics: {}, requestTotals: { successful: 0, errored: 10, incomplete: 0, total: 10 } });
    const s = summaryOf([failed(1), failed(3)]);
    expect(s.levels.map((l) => [l.tier, l.errorRate])).toEqual([
      ['breaking', 1],
      ['breaking', 1],
    ]);
    expect(s.breakingPoint).toEqual({ firstBad: 1, reason: 'all 10 requests failed (error rate 100 %)' });
    expect(s.cost).toEqual({ atSweetSpot: {}, atMaxThroughput: {} });
    expect(s.missing).toEqual([
      'sweet spot: the lowest load level is not within the SLA',
      'max throughput: no level has output tok/s above 0',
      'cost at sweet spot: no sweet spot',
      'cost at max throughput: no max throughput',
    ]);
    expectJsonSafe(s);
  });

  test('zero throughput: no max throughput and no cost figure at the sweet spot, each named', () => {
    const zero = (u: number): ParsedLevel => {
      const l = concurrentLevel(step(u));
      return { ...l, metrics: { ...l.metrics, output_tokens_per_second: { mean: 0, percentiles: {} } } };
    };
    const s = summaryOf([zero(1), zero(3)]);
    expect(s.sweetSpot).toEqual({ load: 3, levelIndex: 1 });
    expect(s.maxThroughput).toBeUndefined();
    expect(s.cost).toEqual({ atSweetSpot: {}, atMaxThroughput: {} });
    expect(s.missing).toEqual([
      'max throughput: no level has output tok/s above 0',
      'cost at sweet spot: output tok/s is zero (cost per 1k output tokens, output tok/s per $/h, output tok/s per GPU)',
      'cost at max throughput: no max throughput',
    ]);
    expectJsonSafe(s);
  });

  test('a price or GPU count of zero leaves out only the figures that divide by it', () => {
    const s = summaryOf([concurrentLevel(step(1))], 0, 0);
    // cost per 1k tokens at $0/h is $0: a real figure, not a division by zero.
    expect(s.cost.atSweetSpot).toEqual({ costPer1MOutputTokens: 0, costPer1kOutputTokens: 0 });
    expect(s.missing).toEqual([
      'output tok/s per $/h at sweet spot: price per hour is zero',
      'output tok/s per GPU at sweet spot: GPU count is zero',
      'output tok/s per $/h at max throughput: price per hour is zero',
      'output tok/s per GPU at max throughput: GPU count is zero',
    ]);
    expectJsonSafe(s);
  });

  test('TTFT p95 missing: the tier comes from the others, and that is noted', () => {
    const level = summarizeLevel(without(concurrentLevel(step(8)), 'time_to_first_token_ms', ['p95', 'p99']), DEMO_SLA);
    // with TTFT p95 (1450 ms) the level would be degraded; without it ITL p95 42 ms and 35.7 tok/s are acceptable
    expect(level.tier).toBe('acceptable');
    expect(level.tierReasons).toEqual([
      'ITL p95 42 ms (acceptable: ≤ 50 ms)',
      'output speed per user 35.7 tok/s (acceptable: ≥ 20 tok/s)',
      'TTFT p95 missing: tier from ITL p95, output speed per user, error rate only',
    ]);
    expect(level.missing).toEqual(['time_to_first_token_ms.p95', 'time_to_first_token_ms.p99']);
    expect(level.ttftMs).toEqual({ p50: 900, p90: 1175 });
  });

  test('NaN or Infinity percentiles that slipped through are treated as missing', () => {
    const l = concurrentLevel(step(3));
    const bad: ParsedLevel = { ...l, metrics: { ...l.metrics, time_to_first_token_ms: { mean: NaN, percentiles: { p50: NaN, p90: Infinity, p95: NaN, p99: -Infinity } } } };
    const level = summarizeLevel(bad, DEMO_SLA);
    expect(level.ttftMs).toEqual({});
    expect(level.missing).toEqual(['time_to_first_token_ms.p50', 'time_to_first_token_ms.p90', 'time_to_first_token_ms.p95', 'time_to_first_token_ms.p99']);
    expectJsonSafe(level);
  });

  test('ITL p50 missing or zero: no output speed per user (never 1000 / 0)', () => {
    const l = concurrentLevel(step(3));
    const zeroItl: ParsedLevel = { ...l, metrics: { ...l.metrics, inter_token_latency_ms: { percentiles: { p50: 0, p95: 19 } } } };
    const level = summarizeLevel(zeroItl, DEMO_SLA);
    expect(level.outputTokensPerSecondPerUser).toBeUndefined();
    expect(level.missing).toContain('outputTokensPerSecondPerUser: needs per-request records or inter_token_latency_ms.p50 above 0');
    expectJsonSafe(level);
  });

  test('no latency figure at all: the level is at best degraded, never excellent on its error rate alone', () => {
    const l = concurrentLevel(step(1));
    const level = summarizeLevel({ ...l, metrics: { output_tokens_per_second: l.metrics.output_tokens_per_second } }, DEMO_SLA);
    expect(level.tier).toBe('degraded');
    expect(level.tierReasons).toEqual(['error rate 0 % (excellent: thresholds 0 % / 1 % / 5 %)', 'no latency figure (TTFT p95, ITL p95, ITL p50): nothing shows the SLA is met, so at best degraded']);
    expectJsonSafe(level);
  });

  test('no report: a benchmark that did not run, and a succeeded one whose report could not be read', () => {
    const base = { name: 'code', scenario: 'code', loadPlan: 'ladder', sla: DEMO_SLA, pricePerHour: PRICE, gpuCount: 1 };
    const notRun = summarizeBenchmark({ ...base, status: 'not-run' });
    expect(notRun).toEqual({ name: 'code', scenario: 'code', loadPlan: 'ladder', status: 'not-run', levels: [], cost: { atSweetSpot: {}, atMaxThroughput: {} }, missing: ['report: none (benchmark not-run)'] });
    const unreadable = summarizeBenchmark({ ...base, status: 'succeeded', report: 'code/benchmarks.json' });
    expect(unreadable).toMatchObject({ status: 'unreadable', levels: [], missing: ['report: none could be read at code/benchmarks.json'] });
    const truncated = summarizeBenchmark({ ...base, status: 'succeeded', parsed: { ...report([]), problems: ['truncated'] } });
    expect(truncated).toMatchObject({ status: 'unreadable', missing: ['report: no load level in chat-demo-ladder/benchmarks.json (1 problem(s) while parsing)'] });
    for (const s of [notRun, unreadable, truncated]) expectJsonSafe(s);
  });
});
