/**
 * The cost and trade-off side of the capacity answer (docs/capacity.md):
 *
 * - **Output tok/s per GPU** = a level's output tok/s ÷ (GPUs per replica × replicas that served).
 * - **$/1M output tokens** = $/hour of the replicas that served ÷ 3600 ÷ output tok/s × 1,000,000; **$/1M tokens**
 *   (input + output) the same over total tok/s.
 * - **Pareto frontier**: each level a point (x = output tok/s per user, y = output tok/s per GPU, both higher is
 *   better, as `vllm bench sweep plot_pareto`); a point is on the frontier when no other point is at least as good
 *   on both and better on one. The **SLO frontier** is the frontier of the points whose level meets the SLO.
 *
 * Pure; every figure finite or undefined (never NaN, Infinity or a division by zero).
 */

/** USD per one million tokens at `tokensPerSecond` on hardware costing `pricePerHour` USD. */
export function costPerMillionTokens(pricePerHour: number, tokensPerSecond: number | undefined): number | undefined {
  if (tokensPerSecond === undefined || !(tokensPerSecond > 0) || !(pricePerHour >= 0)) return undefined;
  return (pricePerHour / 3600 / tokensPerSecond) * 1e6;
}

/** Output tok/s per GPU of `replicas` replicas of `gpusPerReplica` GPUs. */
export function perGpu(tokensPerSecond: number | undefined, gpusPerReplica: number, replicas = 1): number | undefined {
  const gpus = gpusPerReplica * replicas;
  return tokensPerSecond === undefined || !(gpus > 0) ? undefined : tokensPerSecond / gpus;
}

/** One operating point of a trade-off chart. */
export interface ParetoPoint {
  /** Output tok/s per user (interactivity). */
  readonly x: number;
  /** Output tok/s per GPU (efficiency). */
  readonly y: number;
}

/**
 * Indices of the points on the Pareto frontier (maximising x and y), in order of increasing x. Equal points are
 * all on it when they are not dominated.
 */
export function paretoFrontier(points: readonly ParetoPoint[]): number[] {
  const onFrontier = points
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !points.some((q) => q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y)));
  return onFrontier.sort((a, b) => a.p.x - b.p.x || a.i - b.i).map(({ i }) => i);
}

// ------------------------------------------------------------------------------------------ capacity plan

/** What an environment must serve: concurrent users, or a request rate (with the token mix of a scenario). */
export type Demand = { readonly users: number } | { readonly requestsPerSecond: number };

/** One replica's operating point at the sweet spot, as measured. */
export interface SweetSpotPoint {
  /** The sweet spot's load in its unit, for the replicas that served it. */
  readonly load: number;
  readonly loadUnit: 'users' | 'requests/s';
  /** Replicas that served the benchmark (load and throughput are theirs together). */
  readonly replicas: number;
  /** Mean request latency at the sweet spot, seconds (Little's law between users and requests/s). */
  readonly meanLatencyS?: number;
  /** Output tok/s at the sweet spot (all replicas). */
  readonly outputTokensPerSecond?: number;
}

/** The plan of one target for one demand. */
export interface TargetPlan {
  /** What one replica serves at the sweet spot, in the demand's unit. */
  readonly capacityPerReplica: number;
  /** How the capacity was read: measured in the demand's unit, or converted with Little's law. */
  readonly basis: 'measured' | 'littles-law';
  readonly replicas: number;
  readonly dollarsPerHour: number;
  /** Output tok/s the replicas produce at the demand, and its cost per million output tokens. */
  readonly outputTokensPerSecond?: number;
  readonly costPer1MOutputTokens?: number;
  /** Spare capacity: replicas × capacity ÷ demand − 1 (0.25 = 25 % more than the demand). */
  readonly headroom: number;
}

/** The demand's amount and unit. */
export function demandAmount(demand: Demand): { readonly amount: number; readonly unit: 'users' | 'requests/s' } {
  return 'users' in demand ? { amount: demand.users, unit: 'users' } : { amount: demand.requestsPerSecond, unit: 'requests/s' };
}

/**
 * Replicas of a target needed to serve `demand` at its sweet spot, their cost and headroom; or why there is no plan.
 * Users and requests/s convert with Little's law (users = requests/s × mean latency) at the sweet spot.
 */
export function planFor(demand: Demand, point: SweetSpotPoint, pricePerHour: number): TargetPlan | string {
  const { amount, unit } = demandAmount(demand);
  if (!(point.replicas > 0) || !(point.load > 0)) return 'no sweet spot above 0';
  const perReplica = point.load / point.replicas;
  let capacityPerReplica = perReplica;
  let basis: TargetPlan['basis'] = 'measured';
  if (point.loadUnit !== unit) {
    if (point.meanLatencyS === undefined || !(point.meanLatencyS > 0)) return `the sweet spot is in ${point.loadUnit} and the demand in ${unit}, and the mean request latency at the sweet spot is unknown (Little's law needs it)`;
    capacityPerReplica = unit === 'users' ? perReplica * point.meanLatencyS : perReplica / point.meanLatencyS;
    basis = 'littles-law';
  }
  const replicas = Math.max(1, Math.ceil(amount / capacityPerReplica - 1e-9));
  const dollarsPerHour = replicas * pricePerHour;
  const perReplicaTokens = point.outputTokensPerSecond === undefined ? undefined : point.outputTokensPerSecond / point.replicas;
  const outputTokensPerSecond = perReplicaTokens === undefined ? undefined : perReplicaTokens * (amount / capacityPerReplica);
  const costPer1MOutputTokens = costPerMillionTokens(dollarsPerHour, outputTokensPerSecond);
  return {
    capacityPerReplica,
    basis,
    replicas,
    dollarsPerHour,
    ...(outputTokensPerSecond !== undefined ? { outputTokensPerSecond } : {}),
    ...(costPer1MOutputTokens !== undefined ? { costPer1MOutputTokens } : {}),
    headroom: (replicas * capacityPerReplica) / amount - 1,
  };
}

/** Plans ranked cheapest first ($/hour, then $/1M output tokens, then name); the difference of the runner-up. */
export function rankPlans<T extends { readonly name: string; readonly plan: TargetPlan }>(plans: readonly T[]): { readonly ranked: T[]; readonly runnerUpExtraDollarsPerHour?: number; readonly runnerUpExtraPercent?: number } {
  const ranked = [...plans].sort(
    (a, b) => a.plan.dollarsPerHour - b.plan.dollarsPerHour || (a.plan.costPer1MOutputTokens ?? Infinity) - (b.plan.costPer1MOutputTokens ?? Infinity) || a.name.localeCompare(b.name),
  );
  if (ranked.length < 2) return { ranked };
  const extra = ranked[1].plan.dollarsPerHour - ranked[0].plan.dollarsPerHour;
  return { ranked, runnerUpExtraDollarsPerHour: extra, ...(ranked[0].plan.dollarsPerHour > 0 ? { runnerUpExtraPercent: (extra / ranked[0].plan.dollarsPerHour) * 100 } : {}) };
}
