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
import { paretoFrontier, rankPlans } from '../../domain/capacity';
import { BenchmarkSummary, PlanEntry, RunComparison, SUMMARY_SCHEMA_VERSION, TargetSummary } from './types';

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
  const plans = plansAcrossTargets(summaries);
  const pairs = equalCostPairs(summaries);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: summaries[0]?.runId ?? '',
    environment: summaries[0]?.environment ?? '',
    rows: summaries.flatMap((s) => s.benchmarks.map((b) => row(s, b, budget))),
    ...(Object.keys(pareto).length > 0 ? { pareto } : {}),
    ...(plans.length > 0 ? { plans } : {}),
    ...(pairs.length > 0 ? { equalCostPairs: pairs } : {}),
  };
}

/** Per demand: every target's plan, cheapest first, the cheapest and the runner-up named; the targets without a plan and why. */
function plansAcrossTargets(summaries: readonly TargetSummary[]): NonNullable<RunComparison['plans']> {
  const byDemand = new Map<string, { amount: number; unit: 'users' | 'requests/s'; rows: { name: string; target: string; gpuProfile: string; benchmark: string; plan: NonNullable<PlanEntry['plan']> }[]; unavailable: string[] }>();
  for (const s of summaries) {
    for (const entry of s.plans ?? []) {
      let d = byDemand.get(entry.demand);
      if (!d) byDemand.set(entry.demand, (d = { amount: entry.amount, unit: entry.unit, rows: [], unavailable: [] }));
      if (entry.plan) d.rows.push({ name: `${s.target.name}/${entry.benchmark}`, target: s.target.name, gpuProfile: s.target.gpuProfile, benchmark: entry.benchmark, plan: entry.plan });
      else d.unavailable.push(`${s.target.name} (${entry.benchmark}): ${entry.unavailable ?? 'no plan'}`);
    }
  }
  return [...byDemand.keys()].sort().map((demand) => {
    const d = byDemand.get(demand)!;
    const { ranked, runnerUpExtraDollarsPerHour, runnerUpExtraPercent } = rankPlans(d.rows);
    return {
      demand,
      amount: d.amount,
      unit: d.unit,
      rows: ranked.map(({ target, gpuProfile, benchmark, plan }) => ({ target, gpuProfile, benchmark, ...plan })),
      ...(ranked[0] ? { cheapest: ranked[0].target } : {}),
      ...(ranked[1] ? { runnerUp: ranked[1].target, runnerUpExtraDollarsPerHour, ...(runnerUpExtraPercent !== undefined ? { runnerUpExtraPercent } : {}) } : {}),
      ...(d.unavailable.length ? { unavailable: d.unavailable } : {}),
    };
  });
}

/**
 * Every pair of targets of one model on different GPU profiles, per benchmark: how many instances of the cheaper
 * one fit the price of the dearer one, and the users each side serves at its sweet spot for that money.
 */
function equalCostPairs(summaries: readonly TargetSummary[]): NonNullable<RunComparison['equalCostPairs']> {
  const pairs: NonNullable<RunComparison['equalCostPairs']>[number][] = [];
  const sorted = [...summaries].sort((a, b) => a.target.name.localeCompare(b.target.name));
  for (const [i, a] of sorted.entries()) {
    for (const b of sorted.slice(i + 1)) {
      if (a.target.model !== b.target.model || a.target.gpuProfile === b.target.gpuProfile) continue;
      const [cheap, dear] = a.target.pricePerHour <= b.target.pricePerHour ? [a, b] : [b, a];
      const instances = instancesForBudget(dear.target.pricePerHour, cheap.target.pricePerHour);
      if (instances === undefined) continue;
      for (const bench of cheap.benchmarks) {
        const other = dear.benchmarks.find((x) => x.name === bench.name);
        if (!other) continue;
        const cheapUsers = sweetSpotUsers(bench);
        const dearUsers = sweetSpotUsers(other);
        pairs.push({
          model: cheap.target.model,
          benchmark: bench.name,
          cheaper: cheap.target.name,
          dearer: dear.target.name,
          instancesForDearerPrice: instances,
          ...(cheapUsers !== undefined ? { cheaperFleetUsers: instances * cheapUsers } : {}),
          ...(dearUsers !== undefined ? { dearerUsers: dearUsers } : {}),
        });
      }
    }
  }
  return pairs;
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
