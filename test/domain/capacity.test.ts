/** Cost per million tokens, per-GPU throughput and the Pareto frontier (domain/capacity.ts). */
import { costPerMillionTokens, paretoFrontier, perGpu } from '../../domain/capacity';

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
