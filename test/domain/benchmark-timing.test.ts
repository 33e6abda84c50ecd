import { HTML_REPORT_SECONDS, jobDeadlineSeconds, LEVEL_OVERHEAD_SECONDS, targetBenchmarkSeconds } from '../../domain/benchmark-timing';
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
