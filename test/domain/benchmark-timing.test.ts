import { HTML_REPORT_SECONDS, jobDeadlineSeconds, LEVEL_OVERHEAD_SECONDS, runCost, targetBenchmarkSeconds } from '../../domain/benchmark-timing';
import { loadLevels } from '../../domain/load-profiles';
import { fixture } from '../helpers/project';

const { catalog, environments } = fixture();

test('load levels per profile: one per rate, the sweep step count, one for synchronous', () => {
  expect(loadLevels(catalog.loadPlans['demo-ladder'])).toBe(8);
  expect(loadLevels(catalog.loadPlans['poisson-sweep'])).toBe(6);
  expect(loadLevels(catalog.loadPlans['guidellm-sweep'])).toBe(10);
  expect(loadLevels(catalog.loadPlans.smoke)).toBe(1);
  expect(loadLevels({ profile: 'throughput', rates: [64] })).toBe(1);
});

test('a target runs its benchmarks one after another: the deadline adds them up', () => {
  const target = environments.find((e) => e.name === 'full')!.targets.find((t) => t.name === 'gpt-oss-20b-l4-x4')!;
  const levels = 8 + 10 + 8 + 10; // demo-ladder and guidellm-sweep for chat and stress
  expect(targetBenchmarkSeconds(target)).toBe(levels * (120 + LEVEL_OVERHEAD_SECONDS));
  expect(jobDeadlineSeconds(target, 600, true)).toBe(levels * (120 + LEVEL_OVERHEAD_SECONDS) + 4 * HTML_REPORT_SECONDS + 600);
  expect(jobDeadlineSeconds(target, 0, false)).toBe(targetBenchmarkSeconds(target));
});

test("a run's cost: expected benchmark hours × GPUs and × price per target, largest first, summed", () => {
  const plan = { profile: 'concurrent' as const, rates: [1, 5], maxSeconds: 1770 }; // 2 levels × (1770 + 30) s = 1 h
  const cost = runCost([
    { name: 'small', benchmarks: [{ plan }], gpuProfile: { gpuCount: 1, pricePerHour: 0.85 } },
    { name: 'big', benchmarks: [{ plan }, { plan }], gpuProfile: { gpuCount: 4, pricePerHour: 3.4 } },
  ]);
  expect(cost.perTarget).toEqual([
    { name: 'big', gpuHours: 8, dollars: 6.8 },
    { name: 'small', gpuHours: 1, dollars: 0.85 },
  ]);
  expect(cost.gpuHours).toBe(9);
  expect(cost.dollars).toBeCloseTo(7.65, 12);
});
