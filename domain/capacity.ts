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
