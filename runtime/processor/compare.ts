/**
 * Environment-level comparison of one run: every target × benchmark side by side, users per dollar-hour at
 * the sweet spot, and the equal-cost fleet view (DESIGN.md's "four INT4 instances cost the same as one BF16").
 *
 * - `sweetSpotUsers`: the sweet-spot load when it is measured in users (a req/s sweet spot is no user count).
 * - `usersPerDollarHour` = sweetSpotUsers / pricePerHour.
 * - Equal-cost fleet: the most expensive target's price buys `floor(maxPrice / pricePerHour)` instances of a
 *   target; that fleet serves `instances × sweetSpotUsers` users and `instances × max output tok/s`.
 *   A target without a price above 0 gets no fleet figures.
 * - Pareto across targets, per benchmark (the same scenario and load plan): every level of every target a point
 *   (output tok/s per user, output tok/s per GPU), the frontier and the frontier of the levels meeting the SLO
 *   (domain/capacity.ts).
 */
import { paretoFrontier } from '../../domain/capacity';
import { BenchmarkSummary, RunComparison, SUMMARY_SCHEMA_VERSION, TargetSummary } from './types';

type Row = RunComparison['rows'][number];

/** Absorbs floating-point noise in `maxPrice / price` (3.40 / 0.85 must give 4, not 3.999…). */
const EPSILON = 1e-9;

/** The highest price per hour over the targets (0 when none has a price). */
function maxPrice(summaries: readonly TargetSummary[]): number {
  return summaries.reduce((max, s) => (Number.isFinite(s.target.pricePerHour) && s.target.pricePerHour > max ? s.target.pricePerHour : max), 0);
}

/** How many instances at `price` fit `budget` (floor); undefined without a price above 0. */
export function instancesForBudget(budget: number, price: number): number | undefined {
  if (!(price > 0) || !(budget > 0) || !Number.isFinite(price)) return undefined;
  return Math.floor(budget / price + EPSILON);
}

function sweetSpotUsers(b: BenchmarkSummary): number | undefined {
  if (!b.sweetSpot) return undefined;
  return b.levels[b.sweetSpot.levelIndex]?.loadUnit === 'users' ? b.sweetSpot.load : undefined;
}

function row(summary: TargetSummary, b: BenchmarkSummary, budget: number): Row {
  const price = summary.target.pricePerHour;
  const users = sweetSpotUsers(b);
  const maxTps = b.maxThroughput?.outputTokensPerSecond;
  const instances = instancesForBudget(budget, price);
  return {
    target: summary.target.name,
    benchmark: b.name,
    gpuProfile: summary.target.gpuProfile,
    pricePerHour: price,
    sweetSpotUsers: users,
    breakingPoint: b.breakingPoint,
    maxOutputTokensPerSecond: maxTps,
    sweetSpotRule: b.sweetSpotRule ?? 'sla-tiers',
    costPer1MOutputTokensAtSweetSpot: b.cost.atSweetSpot.costPer1MOutputTokens,
    costPer1kOutputTokensAtSweetSpot: b.cost.atSweetSpot.costPer1kOutputTokens,
    usersPerDollarHour: users !== undefined && price > 0 ? users / price : undefined,
    equalCostInstances: instances,
    equalCostUsers: instances !== undefined && users !== undefined ? instances * users : undefined,
    equalCostOutputTokensPerSecond: instances !== undefined && maxTps !== undefined ? instances * maxTps : undefined,
  };
}

/**
 * The run's comparison: one row per target × benchmark, in the order given (the processor sorts targets by
 * name). Run id and environment come from the first summary (empty when there is none).
 */
export function compareRun(summaries: readonly TargetSummary[]): RunComparison {
  const budget = maxPrice(summaries);
  const pareto = paretoAcrossTargets(summaries);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: summaries[0]?.runId ?? '',
    environment: summaries[0]?.environment ?? '',
    rows: summaries.flatMap((s) => s.benchmarks.map((b) => row(s, b, budget))),
    ...(Object.keys(pareto).length > 0 ? { pareto } : {}),
  };
}

/** Per benchmark name, the levels of every target as points, with the frontiers over all of them. */
function paretoAcrossTargets(summaries: readonly TargetSummary[]): NonNullable<RunComparison['pareto']> {
  const byBenchmark: Record<string, NonNullable<RunComparison['pareto']>[string]['points'][number][]> = {};
  for (const s of summaries) {
    for (const b of s.benchmarks) {
      for (const l of b.levels) {
        if (l.outputTokensPerSecondPerUser === undefined || l.outputTokensPerSecondPerGpu === undefined) continue;
        (byBenchmark[b.name] ??= []).push({
          target: s.target.name,
          gpuProfile: s.target.gpuProfile,
          load: l.load,
          loadUnit: l.loadUnit,
          outputTokensPerSecondPerUser: l.outputTokensPerSecondPerUser,
          outputTokensPerSecondPerGpu: l.outputTokensPerSecondPerGpu,
          ...(l.costPer1MOutputTokens !== undefined ? { costPer1MOutputTokens: l.costPer1MOutputTokens } : {}),
          meetsSlo: l.slo?.meetsTarget === true,
        });
      }
    }
  }
  const out: { [benchmark: string]: NonNullable<RunComparison['pareto']>[string] } = {};
  for (const name of Object.keys(byBenchmark).sort()) {
    const points = byBenchmark[name];
    const xy = points.map((p) => ({ x: p.outputTokensPerSecondPerUser, y: p.outputTokensPerSecondPerGpu }));
    const meeting = xy.map((p, i) => ({ ...p, i })).filter(({ i }) => points[i].meetsSlo);
    out[name] = { points, frontier: paretoFrontier(xy), sloFrontier: paretoFrontier(meeting).map((k) => meeting[k].i) };
  }
  return out;
}
