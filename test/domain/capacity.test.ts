/** Cost per million tokens, per-GPU throughput and the Pareto frontier (domain/capacity.ts). */
import { costPerMillionTokens, paretoFrontier, perGpu, planFor, rankPlans, TargetPlan } from '../../domain/capacity';

test('$/1M tokens from $/hour and tok/s; nothing for no throughput', () => {
  // 3.6 $/h = 0.001 $/s; at 1000 tok/s one million tokens take 1000 s: 1 $
  expect(costPerMillionTokens(3.6, 1000)).toBeCloseTo(1, 12);
  expect(costPerMillionTokens(0.85, 245)).toBeCloseTo((0.85 / 3600 / 245) * 1e6, 12);
  expect(costPerMillionTokens(1, 0)).toBeUndefined();
  expect(costPerMillionTokens(1, undefined)).toBeUndefined();
});

test('per GPU: over GPUs per replica × replicas', () => {
  expect(perGpu(800, 4)).toBe(200);
  expect(perGpu(800, 4, 2)).toBe(100);
  expect(perGpu(800, 0)).toBeUndefined();
  expect(perGpu(undefined, 1)).toBeUndefined();
});

test('the frontier keeps the points no other beats on both axes, by increasing x', () => {
  const points = [
    { x: 60, y: 100 }, // 0: on it (fastest per user)
    { x: 40, y: 300 }, // 1: on it
    { x: 20, y: 500 }, // 2: on it (most per GPU)
    { x: 30, y: 250 }, // 3: dominated by 1
    { x: 40, y: 300 }, // 4: equal to 1: on it too
    { x: 20, y: 400 }, // 5: dominated by 2
  ];
  expect(paretoFrontier(points)).toEqual([2, 1, 4, 0]);
  expect(paretoFrontier([])).toEqual([]);
});

describe('capacity plan', () => {
  const point = { load: 5, loadUnit: 'users' as const, replicas: 1, meanLatencyS: 2.5, outputTokensPerSecond: 215 };

  test('users at a users sweet spot: replicas = ceil(demand / capacity), $/h, $/1M at the demand, headroom', () => {
    // 200 users / 5 per replica = 40 replicas × $0.85 = $34/h; 40 × 215 tok/s = 8600 tok/s
    expect(planFor({ users: 200 }, point, 0.85)).toEqual({
      capacityPerReplica: 5,
      basis: 'measured',
      replicas: 40,
      dollarsPerHour: 34,
      outputTokensPerSecond: 8600,
      costPer1MOutputTokens: (34 / 3600 / 8600) * 1e6,
      headroom: 0,
    });
    const plan = planFor({ users: 201 }, point, 0.85) as TargetPlan;
    expect([plan.replicas, plan.headroom]).toEqual([41, (41 * 5) / 201 - 1]);
  });

  test("a measured sweet spot of several replicas counts per replica; Little's law converts users and requests/s", () => {
    expect((planFor({ users: 20 }, { ...point, load: 10, replicas: 2 }, 1) as TargetPlan).replicas).toBe(4);
    // 5 users at 2.5 s per request = 2 req/s per replica: 9 req/s needs 5 replicas
    const byRate = planFor({ requestsPerSecond: 9 }, point, 1) as TargetPlan;
    expect([byRate.capacityPerReplica, byRate.basis, byRate.replicas]).toEqual([2, 'littles-law', 5]);
    // 3 req/s per replica at 4 s = 12 users per replica: 100 users need 9
    expect((planFor({ users: 100 }, { load: 3, loadUnit: 'requests/s', replicas: 1, meanLatencyS: 4 }, 1) as TargetPlan).replicas).toBe(9);
  });

  test('no plan without a latency to convert, or without a sweet spot', () => {
    expect(planFor({ requestsPerSecond: 9 }, { ...point, meanLatencyS: undefined }, 1)).toMatch(/Little's law needs it/);
    expect(planFor({ users: 9 }, { ...point, load: 0 }, 1)).toBe('no sweet spot above 0');
  });

  test('ranked cheapest first; the runner-up and its extra cost', () => {
    const plan = (dollarsPerHour: number): TargetPlan => ({ capacityPerReplica: 1, basis: 'measured', replicas: 1, dollarsPerHour, headroom: 0 });
    const r = rankPlans([{ name: 'b', plan: plan(40) }, { name: 'a', plan: plan(34) }, { name: 'c', plan: plan(68) }]);
    expect(r.ranked.map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(r.runnerUpExtraDollarsPerHour).toBe(6);
    expect(r.runnerUpExtraPercent).toBeCloseTo((6 / 34) * 100, 12);
  });
});
