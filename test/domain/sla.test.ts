/** SLA metrics and tiers (domain/sla.ts): the tier of a value in each direction, bounds, order checks, severity. */
import { SLA_METRIC_NAMES, SLA_METRICS, tierBound, tierOf, tiersOrderProblem, tierSeverity, TIERS, withinSla, worseTier } from '../../domain/sla';
import { slaSchema } from '../../config/schema';

const TTFT = { excellent: 500, acceptable: 1000, breaking: 2000 };
const SPEED = { excellent: 50, acceptable: 20, breaking: 10 };

test('lower is better: a value on a threshold belongs to the better tier', () => {
  expect([0, 500, 501, 1000, 1001, 2000, 2001].map((v) => tierOf('lowerIsBetter', v, TTFT))).toEqual(['excellent', 'excellent', 'acceptable', 'acceptable', 'degraded', 'degraded', 'breaking']);
});

test('higher is better (output speed per user): the order reverses', () => {
  expect([80, 50, 49, 20, 19, 10, 9.9].map((v) => tierOf('higherIsBetter', v, SPEED))).toEqual(['excellent', 'excellent', 'acceptable', 'acceptable', 'degraded', 'degraded', 'breaking']);
});

test("a tier's bound: within for the first three tiers, beyond for breaking", () => {
  expect(TIERS.map((t) => tierBound('lowerIsBetter', t, TTFT))).toEqual([
    { sign: '≤', value: 500 },
    { sign: '≤', value: 1000 },
    { sign: '≤', value: 2000 },
    { sign: '>', value: 2000 },
  ]);
  expect(tierBound('higherIsBetter', 'breaking', SPEED)).toEqual({ sign: '<', value: 10 });
});

test('thresholds out of order for their direction are named with the order wanted', () => {
  expect(tiersOrderProblem('lowerIsBetter', TTFT)).toBeUndefined();
  expect(tiersOrderProblem('higherIsBetter', SPEED)).toBeUndefined();
  expect(tiersOrderProblem('lowerIsBetter', SPEED)).toBe('lower is better: excellent ≤ acceptable ≤ breaking');
  expect(tiersOrderProblem('higherIsBetter', TTFT)).toBe('higher is better: excellent ≥ acceptable ≥ breaking');
});

test('severity, the worse of two tiers, and what meets the SLA', () => {
  expect(TIERS.map(tierSeverity)).toEqual([0, 1, 2, 3]);
  expect(worseTier('acceptable', 'degraded')).toBe('degraded');
  expect(worseTier('breaking', 'excellent')).toBe('breaking');
  expect(TIERS.filter(withinSla)).toEqual(['excellent', 'acceptable']);
});

test("the environment's sla block has exactly the domain's metrics, in their order", () => {
  expect(Object.keys(slaSchema.shape)).toEqual(SLA_METRIC_NAMES);
  expect(SLA_METRIC_NAMES.filter((m) => SLA_METRICS[m].direction === 'higherIsBetter')).toEqual(['outputTokensPerSecondPerUser']);
});
