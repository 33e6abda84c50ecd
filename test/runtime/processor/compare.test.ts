/**
 * Environment-level comparison, reproducing DESIGN.md's example: INT4 on 1×L4 ($0.85/h) against BF16 on 4×L4
 * ($3.40/h): four INT4 instances for the price of one BF16; "353 tok/s per $" ≈ 300 tok/s ÷ $0.85/h.
 */
import { compareRun, instancesForBudget } from '../../../runtime/processor/compare';
import { summarizeBenchmark } from '../../../runtime/processor/summarize';
import { BF16_STEPS, BF16_TARGET, benchmarkOf, DEMO_SLA, expectJsonSafe, INT4_STEPS, INT4_TARGET, targetSummary } from './demo-ladder';

const RUN = '20261124-020000';
const int4 = targetSummary(RUN, INT4_TARGET, [benchmarkOf(INT4_STEPS, 0.85, 1)]);
const bf16 = targetSummary(RUN, BF16_TARGET, [benchmarkOf(BF16_STEPS, 3.4, 4)]);

test('the demo: four INT4 instances for the price of one BF16, and what each fleet serves', () => {
  const comparison = compareRun([bf16, int4]);
  expect(comparison).toMatchObject({ schemaVersion: 2, runId: RUN, environment: 'demo' });
  const [bf, int] = comparison.rows;
  // BF16: sweet spot 10 users, breaks at 15–20, max 700 tok/s; $3.40/h is the most expensive price: 1 instance.
  expect(bf).toEqual({
    target: 'mistral-3-bf16-l4-x4',
    benchmark: 'chat-demo-ladder',
    gpuProfile: 'l4-x4',
    pricePerHour: 3.4,
    sweetSpotUsers: 10,
    breakingPoint: { lastGood: 15, firstBad: 20, reason: 'TTFT p95 2400 ms (breaking: > 2000 ms)' },
    maxOutputTokensPerSecond: 700,
    sweetSpotRule: 'sla-tiers',
    costPer1MOutputTokensAtSweetSpot: expect.closeTo(3.4 / 3600 / 520 * 1e6, 9), // 520 tok/s at 10 users: $1.8162
    costPer1kOutputTokensAtSweetSpot: expect.closeTo(3.4 / 3600 / 520 * 1000, 12), // deprecated: $0.0018162
    usersPerDollarHour: expect.closeTo(10 / 3.4, 12), // 2.94 users per $/h
    equalCostInstances: 1,
    equalCostUsers: 10,
    equalCostOutputTokensPerSecond: 700,
  });
  // INT4: $3.40 / $0.85 = 4 instances (floor, despite floating point); 4 × 5 users = 20; 4 × 300 tok/s = 1200.
  expect(int).toEqual({
    target: 'mistral-3-int4-l4-x1',
    benchmark: 'chat-demo-ladder',
    gpuProfile: 'l4-x1',
    pricePerHour: 0.85,
    sweetSpotUsers: 5,
    breakingPoint: { lastGood: 8, firstBad: 10, reason: 'TTFT p95 2300 ms (breaking: > 2000 ms)' },
    maxOutputTokensPerSecond: 300,
    sweetSpotRule: 'sla-tiers',
    costPer1MOutputTokensAtSweetSpot: expect.closeTo(0.85 / 3600 / 215 * 1e6, 9), // $1.0982
    costPer1kOutputTokensAtSweetSpot: expect.closeTo(0.85 / 3600 / 215 * 1000, 12), // deprecated
    usersPerDollarHour: expect.closeTo(5 / 0.85, 12), // 5.88 users per $/h
    equalCostInstances: 4,
    equalCostUsers: 20,
    equalCostOutputTokensPerSecond: 1200,
  });
  // "353 tok/s per $": 300 tok/s ÷ $0.85/h = 352.9; BF16: 700 ÷ 3.40 = 205.9 ("206 tok/s per $").
  expect(Math.round(int4.benchmarks[0].cost.atMaxThroughput.outputTokensPerSecondPerDollarHour!)).toBe(353);
  expect(Math.round(bf16.benchmarks[0].cost.atMaxThroughput.outputTokensPerSecondPerDollarHour!)).toBe(206);
  expectJsonSafe(comparison);
});

test('floor of the budget: a $1.50/h target gets 2 instances of $3.40/h; no price, no fleet', () => {
  expect(instancesForBudget(3.4, 1.5)).toBe(2);
  expect(instancesForBudget(3.4, 0.85)).toBe(4);
  expect(instancesForBudget(3.4, 0)).toBeUndefined();
  expect(instancesForBudget(0, 1)).toBeUndefined();
});

test('one row per target × benchmark; a benchmark without figures gives a row without them', () => {
  const notRun = summarizeBenchmark({ name: 'code-demo-ladder', scenario: 'code', loadPlan: 'demo-ladder', status: 'not-run', sla: DEMO_SLA, pricePerHour: 0.85, gpuCount: 1 });
  const twoBenchmarks = { ...int4, benchmarks: [...int4.benchmarks, notRun] };
  const comparison = compareRun([twoBenchmarks, bf16]);
  expect(comparison.rows.map((r) => [r.target, r.benchmark])).toEqual([
    ['mistral-3-int4-l4-x1', 'chat-demo-ladder'],
    ['mistral-3-int4-l4-x1', 'code-demo-ladder'],
    ['mistral-3-bf16-l4-x4', 'chat-demo-ladder'],
  ]);
  expect(comparison.rows[1]).toEqual({ target: 'mistral-3-int4-l4-x1', benchmark: 'code-demo-ladder', gpuProfile: 'l4-x1', pricePerHour: 0.85, sweetSpotRule: 'sla-tiers', equalCostInstances: 4 });
  expectJsonSafe(comparison);
});

test('a sweet spot in req/s is not a user count; a free target gets no per-dollar or fleet figures', () => {
  const rateBenchmark = { ...int4.benchmarks[0], levels: int4.benchmarks[0].levels.map((l) => ({ ...l, loadUnit: 'requests/s' as const })) };
  const free = { ...int4, target: { ...int4.target, name: 'free', pricePerHour: 0 }, benchmarks: [rateBenchmark] };
  const [row] = compareRun([free]).rows;
  expect(row.sweetSpotUsers).toBeUndefined();
  expect(row.usersPerDollarHour).toBeUndefined();
  expect(row.equalCostInstances).toBeUndefined();
  expect(row.maxOutputTokensPerSecond).toBe(300);
  expectJsonSafe(compareRun([free]));
});

test('no summaries: an empty comparison', () => {
  expect(compareRun([])).toEqual({ schemaVersion: 2, runId: '', environment: '', rows: [] });
});
