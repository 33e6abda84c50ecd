/**
 * Per-target summary: turns the load levels of one parsed GuideLLM report into the capacity answer of one
 * benchmark (tiers per level, sweet spot, breaking point, max throughput, cost figures).
 *
 * Definitions (DESIGN.md, made precise here):
 * - **Tier of a level**: the worst tier over TTFT p95, ITL p95, output tokens/s per user (1000 / ITL p50) and
 *   error rate. Lower-is-better metrics: `≤ excellent` → excellent, `≤ acceptable` → acceptable,
 *   `≤ breaking` → degraded, `> breaking` → breaking; output speed per user the other way round (`≥`).
 *   A missing metric is left out and named in `missing`; a level with none of the three latency figures is
 *   at best "degraded" (nothing shows it meets the SLA); a level where no request succeeded is "breaking".
 * - **Sweet spot**: levels sorted by load ascending, the last level of the leading run of levels that are
 *   "acceptable" or "excellent" — the highest load such that it and every lower load are within the SLA.
 *   A level that recovers after a worse one does not count. Undefined when the lowest level is not within SLA.
 * - **Breaking point**: the first level (ascending) whose tier is "breaking" (`firstBad`), and the highest
 *   lower load (`lastGood`, not breaking by construction); `lastGood` is absent when the lowest level breaks.
 * - **Max throughput**: the highest output tok/s over all levels (over 0); within SLA: over the levels that
 *   are "acceptable" or "excellent", wherever they are on the ladder. Ties go to the lower load.
 *
 * When a benchmark mixes load axes (a sweep: 1 user, max concurrency, then req/s), the sweet spot and the
 * breaking point use the axis that holds most levels (users on a tie); the other levels are listed but noted.
 */
import { REPORT_STRATEGIES, reportStrategy } from '../../domain/load-profiles';
import type { LoadUnit } from '../../domain/load-profiles';
import { SLA_METRICS, SlaMetricName, tierBound, tierOf, withinSla, worseTier } from '../../domain/sla';
import { attainmentShortfall, levelAttainment, outputSpeedPerUser, RequestFigures, RequestSlo } from '../../domain/slo';
import { costPerMillionTokens, paretoFrontier, perGpu } from '../../domain/capacity';
import { levelRequests } from './request-records';
import { formatLoad, formatNumber, formatPercent } from './format';
import {
  BenchmarkSummary,
  CostFigures,
  LevelSlo,
  LevelSummary,
  MetricDistribution,
  MetricName,
  ParsedLevel,
  ParsedReport,
  Percentiles,
  SlaTiers,
  Tier,
  TierThresholds,
} from './types';

type PercentileKey = keyof Percentiles;

// -------------------------------------------------------------------------------------------------- tiers

/** One metric's verdict on a level, with the readable reason used when it sets the tier. */
interface Verdict {
  readonly label: string;
  readonly tier: Tier;
  readonly reason: string;
}

/** The verdict of an SLA metric on `value`, in the metric's direction and unit. */
function verdict(metric: SlaMetricName, value: number, sla: SlaTiers): Verdict {
  const { label, unit, direction } = SLA_METRICS[metric];
  const tier = tierOf(direction, value, sla[metric]);
  const bound = tierBound(direction, tier, sla[metric]);
  return { label, tier, reason: `${label} ${formatNumber(value)}${unit} (${tier}: ${bound.sign} ${formatNumber(bound.value)}${unit})` };
}

function errorRateVerdict(rate: number, t: TierThresholds): Verdict {
  const { label, direction } = SLA_METRICS.errorRate;
  const tier = tierOf(direction, rate, t);
  return { label, tier, reason: `error rate ${formatPercent(rate)} (${tier}: thresholds ${formatPercent(t.excellent)} / ${formatPercent(t.acceptable)} / ${formatPercent(t.breaking)})` };
}

/** Why a level GuideLLM stopped on over-saturation is broken. */
const OVER_SATURATED = 'GuideLLM stopped this level: over-saturation detected';

/** The figures a level's tier is computed from; any of them may be absent. */
interface TierInputs {
  readonly ttftP95Ms?: number;
  readonly itlP95Ms?: number;
  readonly outputTokensPerSecondPerUser?: number;
  readonly errorRate?: number;
  readonly successful: number;
  readonly errored: number;
  /** GuideLLM stopped the level on over-saturation: broken, whatever its figures. */
  readonly stoppedByOverSaturation?: boolean;
}

/** The tier of a level and the reasons: the metric(s) at the worst tier, plus notes on what was left out. */
export function rateLevel(inputs: TierInputs, sla: SlaTiers): { tier: Tier; tierReasons: string[] } {
  if (inputs.stoppedByOverSaturation) {
    const { tierReasons } = rateLevel({ ...inputs, stoppedByOverSaturation: false }, sla);
    return { tier: 'breaking', tierReasons: [OVER_SATURATED, ...tierReasons] };
  }
  if (inputs.successful === 0) {
    const reason = inputs.errored > 0 ? `all ${inputs.errored} requests failed (error rate 100 %)` : 'no request finished';
    return { tier: 'breaking', tierReasons: [reason] };
  }
  const verdicts: Verdict[] = [];
  const absent: string[] = [];
  for (const metric of ['ttftP95Ms', 'itlP95Ms', 'outputTokensPerSecondPerUser'] as const) {
    const value = inputs[metric];
    if (value !== undefined) verdicts.push(verdict(metric, value, sla));
    else absent.push(SLA_METRICS[metric].label);
  }
  const latencyCount = verdicts.length;
  if (inputs.errorRate !== undefined) verdicts.push(errorRateVerdict(inputs.errorRate, sla.errorRate));

  let tier = verdicts.map((v) => v.tier).reduce(worseTier, 'excellent');
  const tierReasons = verdicts.filter((v) => v.tier === tier).map((v) => v.reason);
  if (latencyCount === 0) {
    tier = worseTier(tier, 'degraded');
    tierReasons.push('no latency figure (TTFT p95, ITL p95, ITL p50): nothing shows the SLA is met, so at best degraded');
  } else if (absent.length > 0) {
    const used = verdicts.map((v) => v.label).join(', ');
    tierReasons.push(`${absent.join(', ')} missing: tier from ${used} only`);
  }
  return { tier, tierReasons };
}

// ------------------------------------------------------------------------------------------------- levels

/** A finite number, or undefined. */
function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function percentile(dist: MetricDistribution | undefined, key: PercentileKey): number | undefined {
  if (!dist) return undefined;
  const value = finite(dist.percentiles?.[key]);
  return value === undefined && key === 'p50' ? finite(dist.median) : value;
}

/** The wanted percentiles of a metric; the absent ones are added to `missing` as `metric.pNN`. */
function percentilesOf(level: ParsedLevel, metric: MetricName, keys: readonly PercentileKey[], missing: string[]): Percentiles {
  const out: { [K in PercentileKey]?: number } = {};
  for (const key of keys) {
    const value = percentile(level.metrics[metric], key);
    if (value === undefined) missing.push(`${metric}.${key}`);
    else out[key] = value;
  }
  return out;
}

/** A metric's mean; when absent, `metric.mean` is added to `missing`. */
function meanOf(level: ParsedLevel, metric: MetricName, missing: string[]): number | undefined {
  const value = finite(level.metrics[metric]?.mean);
  if (value === undefined) missing.push(`${metric}.mean`);
  return value;
}

/**
 * The load axis of a level: concurrent → streams (users); synchronous → 1 user; throughput → max
 * concurrency (users; the measured mean concurrency when the report has none); constant/poisson/async →
 * the requested rate (req/s). Undefined when the report does not say.
 */
export function loadOf(level: ParsedLevel): { load: number; unit: LoadUnit; note?: string } | undefined {
  const streams = finite(level.streams);
  const rate = finite(level.rate);
  const known = reportStrategy(level.strategy);
  const axis = known && REPORT_STRATEGIES[known].load;
  if (axis === 'none') return { load: 1, unit: 'users' };
  if (axis === 'rate') return rate !== undefined ? { load: rate, unit: 'requests/s' } : undefined;
  if (streams !== undefined) return { load: streams, unit: 'users' };
  if (axis === 'max_concurrency') {
    const concurrency = finite(level.metrics.request_concurrency?.mean);
    if (concurrency !== undefined) return { load: concurrency, unit: 'users', note: 'load: no max concurrency in the report, measured mean concurrency used' };
    return undefined;
  }
  return rate !== undefined ? { load: rate, unit: 'requests/s' } : undefined;
}

/** errored / (successful + errored); undefined when no request finished. */
export function errorRateOf(totals: ParsedLevel['requestTotals']): number | undefined {
  const finished = totals.successful + totals.errored;
  return finished > 0 ? totals.errored / finished : undefined;
}

/** Adds what the parser reported missing, without repeating what is already listed. */
function mergeMissing(own: string[], parsed: readonly string[]): string[] {
  return [...new Set([...own, ...parsed])];
}

/**
 * Summarises one load level against the SLA. Latencies in ms, request latency in s; every number finite.
 * The level's load comes from {@link loadOf}; a level without one gets load 0 and says so in `missing`
 * ({@link summarizeBenchmark} leaves such levels out).
 */
/** What a level's per-request and cost figures need besides the SLA tiers. */
export interface LevelContext {
  /** Per-request objectives; absent: no attainment. */
  readonly slo?: RequestSlo;
  /** USD per hour and GPUs of the replicas that served. @default no cost or per-GPU figures */
  readonly pricePerHour?: number;
  readonly gpuCount?: number;
}

export function summarizeLevel(level: ParsedLevel, sla: SlaTiers, context: LevelContext = {}): LevelSummary {
  const missing: string[] = [];
  const axis = loadOf(level);
  if (!axis) missing.push(`load: strategy ${level.strategy} without streams or rate`);
  else if (axis.note) missing.push(axis.note);
  const totals = level.requestTotals;
  const errorRate = errorRateOf(totals);
  if (errorRate === undefined) missing.push('errorRate: no request finished');

  const allFailed = totals.successful === 0;
  const figures = allFailed ? [] : missing;
  if (allFailed) missing.push('latency and throughput figures: no successful request');
  const ttftMs = percentilesOf(level, 'time_to_first_token_ms', ['p50', 'p90', 'p95', 'p99'], figures);
  const itlMs = percentilesOf(level, 'inter_token_latency_ms', ['p50', 'p95', 'p99'], figures);
  const requestLatencyS = percentilesOf(level, 'request_latency', ['p50', 'p95', 'p99'], figures);
  const requestsPerSecond = meanOf(level, 'requests_per_second', figures);
  const outputTokensPerSecond = meanOf(level, 'output_tokens_per_second', figures);
  const totalTokensPerSecond = meanOf(level, 'tokens_per_second', figures);
  const meanConcurrency = meanOf(level, 'request_concurrency', figures);
  const start = finite(level.start);
  const end = finite(level.end);
  const requests = levelRequests(level.requestRecords, { start, end }, totals);
  const records = 'records' in requests ? requests.records : undefined;
  // per request (docs/capacity.md) when the report holds every request, else from ITL p50
  const perRequestSpeed = records ? outputSpeedPerUser(records) : undefined;
  const itlSpeed = itlMs.p50 !== undefined && itlMs.p50 > 0 ? 1000 / itlMs.p50 : undefined;
  const outputTokensPerSecondPerUser = perRequestSpeed ?? itlSpeed;
  const outputTokensPerSecondPerUserBasis = perRequestSpeed !== undefined ? 'requests' : itlSpeed !== undefined ? 'itlP50' : undefined;
  if (outputTokensPerSecondPerUser === undefined && !allFailed) missing.push('outputTokensPerSecondPerUser: needs per-request records or inter_token_latency_ms.p50 above 0');
  const measuredSlo = levelSlo(records, requests, context.slo, start, end);
  const slo = level.stoppedByOverSaturation && measuredSlo.slo ? { slo: { ...measuredSlo.slo, meetsTarget: false, shortfall: OVER_SATURATED } } : measuredSlo;
  const economics = levelEconomics(outputTokensPerSecond, totalTokensPerSecond, context);

  const requestedRate = axis?.unit === 'requests/s' ? axis.load : undefined;
  const { tier, tierReasons } = rateLevel(
    {
      ttftP95Ms: ttftMs.p95,
      itlP95Ms: itlMs.p95,
      outputTokensPerSecondPerUser,
      errorRate,
      successful: totals.successful,
      errored: totals.errored,
      stoppedByOverSaturation: level.stoppedByOverSaturation,
    },
    sla,
  );
  return {
    load: axis?.load ?? 0,
    loadUnit: axis?.unit ?? 'users',
    strategy: level.strategy,
    ttftMs,
    itlMs,
    requestLatencyS,
    ...(finite(level.metrics.request_latency?.mean) !== undefined ? { requestLatencyMeanS: finite(level.metrics.request_latency?.mean) } : {}),
    requestsPerSecond,
    outputTokensPerSecond,
    totalTokensPerSecond,
    errorRate: allFailed && totals.errored > 0 ? 1 : errorRate,
    meanConcurrency,
    requestedRate,
    achievedRate: requestedRate !== undefined ? requestsPerSecond : undefined,
    outputTokensPerSecondPerUser,
    ...(outputTokensPerSecondPerUserBasis ? { outputTokensPerSecondPerUserBasis } : {}),
    ...economics,
    ...slo,
    tier,
    tierReasons,
    window: start !== undefined && end !== undefined ? { start, end } : undefined,
    missing: mergeMissing(missing, allFailed ? [] : level.missing),
  };
}

/** The level's SLO attainment and goodput, or why they are not available; nothing when no SLO is set. */
function levelSlo(
  records: readonly RequestFigures[] | undefined,
  requests: ReturnType<typeof levelRequests>,
  slo: RequestSlo | undefined,
  start: number | undefined,
  end: number | undefined,
): Pick<LevelSummary, 'slo' | 'sloUnavailable'> {
  if (!slo) return {};
  if (!records || start === undefined || end === undefined) return { sloUnavailable: 'unavailable' in requests ? requests.unavailable : "the level's measured window is unknown" };
  const a = levelAttainment(records, slo, end - start);
  const figures: LevelSlo = { ...a, ...(a.meetsTarget ? {} : { shortfall: attainmentShortfall(a, slo) }) };
  return { slo: figures };
}

/** Per-GPU throughput and cost per million tokens of a level (domain/capacity.ts); absent parts are left out. */
function levelEconomics(outputTokensPerSecond: number | undefined, totalTokensPerSecond: number | undefined, context: LevelContext): Partial<LevelSummary> {
  const out: { -readonly [K in 'outputTokensPerSecondPerGpu' | 'costPer1MOutputTokens' | 'costPer1MTokens']?: number } = {};
  if (context.gpuCount !== undefined) {
    const value = perGpu(outputTokensPerSecond, context.gpuCount);
    if (value !== undefined) out.outputTokensPerSecondPerGpu = value;
  }
  if (context.pricePerHour !== undefined) {
    const output = costPerMillionTokens(context.pricePerHour, outputTokensPerSecond);
    const total = costPerMillionTokens(context.pricePerHour, totalTokensPerSecond);
    if (output !== undefined) out.costPer1MOutputTokens = output;
    if (total !== undefined) out.costPer1MTokens = total;
  }
  return out;
}

// --------------------------------------------------------------------------------------------- benchmark

/** What {@link summarizeBenchmark} needs: run.json's record of the benchmark, its parsed report, the target's price. */
export interface BenchmarkInput {
  readonly name: string;
  readonly scenario: string;
  readonly loadPlan: string;
  /** From run.json: `succeeded`, `failed`, `interrupted`, `not-run`. */
  readonly status: string;
  /** Report path relative to the target folder. */
  readonly report?: string;
  /** The parsed report; absent when there is none or it could not be read. */
  readonly parsed?: ParsedReport;
  readonly sla: SlaTiers;
  /** Per-request objectives; absent: no attainment, the sweet spot by SLA tiers. */
  readonly slo?: RequestSlo;
  /** USD per hour of the GPU profile. */
  readonly pricePerHour: number;
  readonly gpuCount: number;
}

/** The axis most levels use (users on a tie). */
export function primaryUnit(levels: readonly LevelSummary[]): LoadUnit {
  const rates = levels.filter((l) => l.loadUnit === 'requests/s').length;
  return rates > levels.length - rates ? 'requests/s' : 'users';
}

/** Sweet spot: the last level of the leading run of levels within SLA (see the file's doc comment). */
export function findSweetSpot(levels: readonly LevelSummary[], unit: LoadUnit): BenchmarkSummary['sweetSpot'] {
  let found: BenchmarkSummary['sweetSpot'];
  for (const [levelIndex, level] of levels.entries()) {
    if (level.loadUnit !== unit) continue;
    if (!withinSla(level.tier)) break;
    found = { load: level.load, levelIndex };
  }
  return found;
}

/** Breaking point: the first breaking level and the highest lower load before it (see the file's doc comment). */
export function findBreakingPoint(levels: readonly LevelSummary[], unit: LoadUnit): BenchmarkSummary['breakingPoint'] {
  return breakingAt(levels, unit, (l) => l.tier === 'breaking', (l) => l.tierReasons[0]);
}

/** The first level on the axis that `broken` accepts, the highest lower load before it, and why it broke. */
function breakingAt(levels: readonly LevelSummary[], unit: LoadUnit, broken: (l: LevelSummary) => boolean, why: (l: LevelSummary) => string | undefined): BenchmarkSummary['breakingPoint'] {
  const onAxis = levels.filter((l) => l.loadUnit === unit);
  const index = onAxis.findIndex(broken);
  if (index < 0) return undefined;
  const firstBad = onAxis[index].load;
  const reason = why(onAxis[index]);
  const before = onAxis.slice(0, index).filter((l) => l.load < firstBad);
  return { ...(before.length > 0 ? { lastGood: before[before.length - 1].load } : {}), firstBad, ...(reason ? { reason } : {}) };
}

/**
 * Why the SLO attainment cannot decide the sweet spot (no SLO, or a level on the axis without attainment: the
 * report does not hold every request), or undefined when it can.
 */
function sloRuleProblem(levels: readonly LevelSummary[], unit: LoadUnit, slo: RequestSlo | undefined): string | undefined {
  if (!slo) return 'no SLO set';
  const without = levels.find((l) => l.loadUnit === unit && !l.slo);
  return without ? `${levelLabel(without)}: ${without.sloUnavailable ?? 'no attainment'}` : undefined;
}

/** Sweet spot by SLO: the highest load L such that every level up to L meets the target attainment. */
export function findSweetSpotBySlo(levels: readonly LevelSummary[], unit: LoadUnit): BenchmarkSummary['sweetSpot'] {
  let found: BenchmarkSummary['sweetSpot'];
  for (const [levelIndex, level] of levels.entries()) {
    if (level.loadUnit !== unit) continue;
    if (!level.slo?.meetsTarget) break;
    found = { load: level.load, levelIndex };
  }
  return found;
}

/** Breaking point by SLO: the first level that misses the target attainment, with what it missed most. */
export function findBreakingPointBySlo(levels: readonly LevelSummary[], unit: LoadUnit): BenchmarkSummary['breakingPoint'] {
  return breakingAt(levels, unit, (l) => !l.slo?.meetsTarget, (l) => l.slo?.shortfall);
}

/** The levels as trade-off points (output tok/s per user, per GPU), the frontier and the frontier of SLO-meeting levels. */
function paretoOf(levels: readonly LevelSummary[]): BenchmarkSummary['pareto'] {
  const points = levels.flatMap((l, levelIndex) =>
    l.outputTokensPerSecondPerUser !== undefined && l.outputTokensPerSecondPerGpu !== undefined ? [{ levelIndex, x: l.outputTokensPerSecondPerUser, y: l.outputTokensPerSecondPerGpu, meets: l.slo?.meetsTarget === true }] : [],
  );
  if (points.length === 0) return undefined;
  const meeting = points.filter((p) => p.meets);
  return {
    frontier: paretoFrontier(points).map((i) => points[i].levelIndex),
    sloFrontier: paretoFrontier(meeting).map((i) => meeting[i].levelIndex),
  };
}

/** The level with the highest output tok/s (over 0) among those kept by `accept`; ties go to the lower load. */
export function findMaxThroughput(levels: readonly LevelSummary[], accept: (l: LevelSummary) => boolean = () => true): { outputTokensPerSecond: number; load: number } | undefined {
  let best: { outputTokensPerSecond: number; load: number } | undefined;
  for (const level of levels) {
    const value = level.outputTokensPerSecond;
    if (value === undefined || value <= 0 || !accept(level)) continue;
    if (!best || value > best.outputTokensPerSecond) best = { outputTokensPerSecond: value, load: level.load };
  }
  return best;
}

/**
 * Cost figures at one operating point (DESIGN.md): cost per 1k output tokens =
 * `pricePerHour / 3600 / outputTokensPerSecond × 1000`; output tok/s per $/h = `outputTokensPerSecond /
 * pricePerHour`; output tok/s per GPU. A figure whose divisor is zero or absent is left out and named in
 * `missing` with `where` (e.g. `at sweet spot`).
 */
export function costFigures(outputTokensPerSecond: number | undefined, pricePerHour: number, gpuCount: number, where: string, missing: string[]): CostFigures {
  const throughput = finite(outputTokensPerSecond);
  const price = finite(pricePerHour);
  const gpus = finite(gpuCount);
  if (throughput === undefined || throughput <= 0) {
    missing.push(`cost ${where}: output tok/s is ${throughput === undefined ? 'absent' : 'zero'} (cost per 1k output tokens, output tok/s per $/h, output tok/s per GPU)`);
    return {};
  }
  const figures: { -readonly [K in keyof CostFigures]: number } = {};
  const perMillion = price === undefined ? undefined : costPerMillionTokens(price, throughput);
  if (perMillion !== undefined) {
    figures.costPer1MOutputTokens = perMillion;
    figures.costPer1kOutputTokens = perMillion / 1000;
  } else missing.push(`cost per 1M output tokens ${where}: no price per hour`);
  if (price !== undefined && price > 0) figures.outputTokensPerSecondPerDollarHour = throughput / price;
  else missing.push(`output tok/s per $/h ${where}: price per hour is ${price === undefined ? 'absent' : 'zero'}`);
  const gpuShare = gpus === undefined ? undefined : perGpu(throughput, gpus);
  if (gpuShare !== undefined) figures.outputTokensPerSecondPerGpu = gpuShare;
  else missing.push(`output tok/s per GPU ${where}: GPU count is ${gpus === undefined ? 'absent' : 'zero'}`);
  return figures;
}

/** Summarises the levels of a report, sorted by load ascending (stable); levels without a load are left out. */
function summarizeLevels(parsed: ParsedReport, sla: SlaTiers, context: LevelContext, missing: string[]): LevelSummary[] {
  const levels: LevelSummary[] = [];
  for (const [index, level] of parsed.levels.entries()) {
    if (!loadOf(level)) {
      missing.push(`level ${index + 1} (${level.strategy}): no load in the report (streams or rate); left out`);
      continue;
    }
    levels.push(summarizeLevel(level, sla, context));
  }
  const unitRank = (u: LoadUnit) => (u === 'users' ? 0 : 1);
  return levels.sort((a, b) => unitRank(a.loadUnit) - unitRank(b.loadUnit) || a.load - b.load);
}

/** Why there are no levels to summarise, and the status to record. */
function noLevels(input: BenchmarkInput): { status: string; reason: string } {
  if (!input.parsed) {
    if (input.status === 'succeeded') return { status: 'unreadable', reason: `report: none could be read${input.report ? ` at ${input.report}` : ''}` };
    return { status: input.status, reason: `report: none (benchmark ${input.status})` };
  }
  const problems = input.parsed.problems.length;
  const status = input.status === 'succeeded' && problems > 0 ? 'unreadable' : input.status;
  return { status, reason: `report: no load level in ${input.parsed.file}${problems > 0 ? ` (${problems} problem(s) while parsing)` : ''}` };
}

/** The capacity answer of one benchmark: levels with tiers, sweet spot, breaking point, max throughput, costs. */
export function summarizeBenchmark(input: BenchmarkInput): BenchmarkSummary {
  const missing: string[] = [];
  const base = { name: input.name, scenario: input.scenario, loadPlan: input.loadPlan, report: input.report };
  if (!input.parsed || input.parsed.levels.length === 0) {
    const { status, reason } = noLevels(input);
    return { ...base, status, levels: [], cost: { atSweetSpot: {}, atMaxThroughput: {} }, missing: [reason] };
  }
  const levels = summarizeLevels(input.parsed, input.sla, { slo: input.slo, pricePerHour: input.pricePerHour, gpuCount: input.gpuCount }, missing);
  // a report with invalid data: its valid figures are kept, the benchmark is not a success
  const status = input.status === 'succeeded' && input.parsed.invalid.length > 0 ? 'invalid' : input.status;
  if (levels.length === 0) return { ...base, status, levels, cost: { atSweetSpot: {}, atMaxThroughput: {} }, missing };
  const unit = primaryUnit(levels);
  const offAxis = levels.filter((l) => l.loadUnit !== unit).length;
  if (offAxis > 0) missing.push(`sweet spot and breaking point: ${offAxis} level(s) not measured in ${unit} left out`);

  const bySlo = sloRuleProblem(levels, unit, input.slo);
  if (input.slo && bySlo) missing.push(`sweet spot by SLO attainment: ${bySlo}; decided by the SLA tiers`);
  const sweetSpotRule: BenchmarkSummary['sweetSpotRule'] = input.slo && !bySlo ? 'slo-attainment' : 'sla-tiers';
  const byTiers = findSweetSpot(levels, unit);
  const sweetSpot = sweetSpotRule === 'slo-attainment' ? findSweetSpotBySlo(levels, unit) : byTiers;
  if (!sweetSpot) missing.push(sweetSpotRule === 'slo-attainment' ? 'sweet spot: the lowest load level does not meet the SLO attainment' : 'sweet spot: the lowest load level is not within the SLA');
  const breakingPoint = sweetSpotRule === 'slo-attainment' ? findBreakingPointBySlo(levels, unit) : findBreakingPoint(levels, unit);
  const pareto = paretoOf(levels);
  const maxThroughput = findMaxThroughput(levels);
  if (!maxThroughput) missing.push('max throughput: no level has output tok/s above 0');
  const maxThroughputWithinSla = findMaxThroughput(levels, (l) => withinSla(l.tier));

  const atSweetSpot = sweetSpot ? costFigures(levels[sweetSpot.levelIndex].outputTokensPerSecond, input.pricePerHour, input.gpuCount, 'at sweet spot', missing) : {};
  if (!sweetSpot) missing.push('cost at sweet spot: no sweet spot');
  const atMaxThroughput = maxThroughput ? costFigures(maxThroughput.outputTokensPerSecond, input.pricePerHour, input.gpuCount, 'at max throughput', missing) : {};
  if (!maxThroughput) missing.push('cost at max throughput: no max throughput');

  return {
    ...base,
    status,
    levels,
    sweetSpotRule,
    sweetSpot,
    ...(sweetSpotRule === 'slo-attainment' && byTiers ? { sweetSpotBySlaTiers: byTiers } : {}),
    breakingPoint,
    ...(pareto ? { pareto } : {}),
    maxThroughput,
    maxThroughputWithinSla,
    cost: { atSweetSpot, atMaxThroughput },
    missing,
  };
}

/** Readable load of a level (for messages). */
export function levelLabel(level: Pick<LevelSummary, 'load' | 'loadUnit'>): string {
  return formatLoad(level.load, level.loadUnit);
}
