/**
 * SLA metrics and tiers: each metric's unit and direction (lower or higher is better), the tier of a value, the
 * order its thresholds must be in, and the tier's severity. The environment's `sla` block (config/schema.ts) has
 * one entry per metric of `SLA_METRICS`; the results processor, dashboards and alerts read the direction here.
 */

/** Tiers from best to worst; the index is the severity (`llmbench_sla_tier`: 0 excellent … 3 breaking). */
export const TIERS = ['excellent', 'acceptable', 'degraded', 'breaking'] as const;
export type Tier = (typeof TIERS)[number];

/** Thresholds of one metric: the bounds of excellent, acceptable and degraded (beyond `breaking`: breaking). */
export interface TierThresholds {
  readonly excellent: number;
  readonly acceptable: number;
  readonly breaking: number;
}

export type Direction = 'lowerIsBetter' | 'higherIsBetter';

export interface SlaMetric {
  /** How summaries and reasons name it. */
  readonly label: string;
  /** The unit of its thresholds, as written after a number (`' ms'`), empty for a count or a fraction. */
  readonly unit: string;
  readonly direction: Direction;
  /** A fraction 0–1: a threshold above 1 is refused (`acceptable: 1` meant 1 %, written 0.01). */
  readonly fraction?: true;
}

/** The SLA metrics, in the order of the environment's `sla` block. */
export const SLA_METRICS = {
  /** Time to first token, 95th percentile, milliseconds. */
  ttftP95Ms: { label: 'TTFT p95', unit: ' ms', direction: 'lowerIsBetter' },
  /** Inter-token latency, 95th percentile, milliseconds (1000 / ITL = output tokens per second per user). */
  itlP95Ms: { label: 'ITL p95', unit: ' ms', direction: 'lowerIsBetter' },
  /** Output tokens per second seen by one user. */
  outputTokensPerSecondPerUser: { label: 'output speed per user', unit: ' tok/s', direction: 'higherIsBetter' },
  /** vLLM KV cache usage, 0–1 fraction (`vllm:kv_cache_usage_perc`). */
  kvCacheUsage: { label: 'KV cache usage', unit: '', direction: 'lowerIsBetter', fraction: true },
  /** Requests waiting in vLLM's queue (`vllm:num_requests_waiting`). */
  requestsWaiting: { label: 'requests waiting', unit: '', direction: 'lowerIsBetter' },
  /** Fraction of failed requests (0–1). */
  errorRate: { label: 'error rate', unit: '', direction: 'lowerIsBetter', fraction: true },
} as const satisfies Readonly<Record<string, SlaMetric>>;

export type SlaMetricName = keyof typeof SLA_METRICS;
export const SLA_METRIC_NAMES = Object.keys(SLA_METRICS) as SlaMetricName[];

/** The environment's SLA: thresholds for every metric. */
export type SlaTiers = { readonly [M in SlaMetricName]: TierThresholds };

/** The tier of `value` against thresholds, in the metric's direction (a value on a bound is in the better tier). */
export function tierOf(direction: Direction, value: number, t: TierThresholds): Tier {
  const within = direction === 'lowerIsBetter' ? (bound: number) => value <= bound : (bound: number) => value >= bound;
  if (within(t.excellent)) return 'excellent';
  if (within(t.acceptable)) return 'acceptable';
  if (within(t.breaking)) return 'degraded';
  return 'breaking';
}

/** The bound a value of `tier` is within (or beyond, for breaking), with its comparison sign. */
export function tierBound(direction: Direction, tier: Tier, t: TierThresholds): { readonly sign: string; readonly value: number } {
  const lower = direction === 'lowerIsBetter';
  switch (tier) {
    case 'excellent':
      return { sign: lower ? '≤' : '≥', value: t.excellent };
    case 'acceptable':
      return { sign: lower ? '≤' : '≥', value: t.acceptable };
    case 'degraded':
      return { sign: lower ? '≤' : '≥', value: t.breaking };
    case 'breaking':
      return { sign: lower ? '>' : '<', value: t.breaking };
  }
}

/** Why the thresholds are out of order for their direction, or undefined. */
export function tiersOrderProblem(direction: Direction, t: TierThresholds): string | undefined {
  const ordered =
    direction === 'higherIsBetter'
      ? t.excellent >= t.acceptable && t.acceptable >= t.breaking
      : t.excellent <= t.acceptable && t.acceptable <= t.breaking;
  if (ordered) return undefined;
  return direction === 'higherIsBetter' ? 'higher is better: excellent ≥ acceptable ≥ breaking' : 'lower is better: excellent ≤ acceptable ≤ breaking';
}

/** True for "excellent" and "acceptable": the level meets the SLA. */
export function withinSla(tier: Tier): boolean {
  return tier === 'excellent' || tier === 'acceptable';
}

/** The worse of two tiers (the first on a tie). */
export function worseTier(a: Tier, b: Tier): Tier {
  return TIERS.indexOf(a) >= TIERS.indexOf(b) ? a : b;
}

/** A tier's severity: 0 excellent … 3 breaking. */
export function tierSeverity(tier: Tier): number {
  return TIERS.indexOf(tier);
}
