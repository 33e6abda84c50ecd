/**
 * Regressions: one target's benchmarks compared with reference summaries of the same target (the previous
 * successful run, and an optional pinned baseline run). Benchmarks are matched by name; a finding is made
 * only when the change goes beyond the environment's threshold (strictly more than the given percent):
 *
 * - `max-throughput-drop`: max output tok/s fell; compared only when both runs have a max throughput.
 * - `sweet-spot-drop`: the sweet-spot load fell, on the same load axis. A current benchmark that has load
 *   levels but no sweet spot (even its lowest level misses the SLA) counts as a sweet spot of 0 (−100 %).
 * - `ttft-p95-rise`: TTFT p95 rose at a load measured in both runs (same load and unit; other loads are not
 *   interpolated).
 */
import * as fs from 'fs';
import * as path from 'path';
import { RUN_FOLDER } from '../../domain/results-layout';
import { formatLoad, formatNumber } from './format';
import { BenchmarkSummary, LevelSummary, RegressionFinding, TargetSummary } from './types';

/** The environment's `regressions` thresholds, in percent. */
export interface RegressionThresholds {
  /** Flag max throughput dropping by more than this percent. */
  readonly maxThroughputDropPercent: number;
  /** Flag the sweet spot dropping by more than this percent. */
  readonly sweetSpotDropPercent: number;
  /** Flag TTFT p95 at the same load rising by more than this percent. */
  readonly ttftP95RisePercent: number;
}

/** Run ids sort by time: `YYYYMMDD-HHMMSS` and an optional suffix. */

/** Change from `reference` to `current` in percent (negative = drop); undefined when the reference is not above 0. */
function changePercent(reference: number, current: number): number | undefined {
  return reference > 0 ? ((current - reference) / reference) * 100 : undefined;
}

type SweetSpot = BenchmarkSummary['sweetSpot'];
type Rule = NonNullable<BenchmarkSummary['sweetSpotRule']>;

/** The sweet spot of `b` by `rule` (schema 1 summaries and summaries without an SLO decided by SLA tiers). */
function sweetSpotBy(b: BenchmarkSummary, rule: Rule): { spot: SweetSpot } | undefined {
  const own = b.sweetSpotRule ?? 'sla-tiers';
  if (own === rule) return { spot: b.sweetSpot };
  return rule === 'sla-tiers' ? { spot: b.sweetSpotBySlaTiers } : undefined;
}

function unitOf(b: BenchmarkSummary, spot: SweetSpot): LevelSummary['loadUnit'] | undefined {
  return spot ? b.levels[spot.levelIndex]?.loadUnit : undefined;
}

function maxThroughputDrop(current: BenchmarkSummary, reference: BenchmarkSummary, runId: string, threshold: number): RegressionFinding[] {
  const now = current.maxThroughput?.outputTokensPerSecond;
  const before = reference.maxThroughput?.outputTokensPerSecond;
  if (now === undefined || before === undefined) return [];
  const change = changePercent(before, now);
  if (change === undefined || -change <= threshold) return [];
  return [
    {
      benchmark: current.name,
      kind: 'max-throughput-drop',
      reference: { runId, value: before },
      current: now,
      changePercent: change,
      message: `${current.name}: max throughput ${formatNumber(now)} tok/s is ${formatNumber(-change)} % below ${formatNumber(before)} tok/s in run ${runId} (threshold ${formatNumber(threshold)} %)`,
    },
  ];
}

/** A sweet spot lower than the reference's by more than the threshold, compared by the same rule (SLO attainment when both have it, else SLA tiers). */
function sweetSpotDrop(current: BenchmarkSummary, reference: BenchmarkSummary, runId: string, threshold: number): RegressionFinding[] {
  const rule: Rule = current.sweetSpotRule === 'slo-attainment' && reference.sweetSpotRule === 'slo-attainment' ? 'slo-attainment' : 'sla-tiers';
  const then = sweetSpotBy(reference, rule)?.spot;
  const nowSpot = sweetSpotBy(current, rule)?.spot;
  const before = then?.load;
  const unit = unitOf(reference, then);
  if (before === undefined || unit === undefined || current.levels.length === 0) return [];
  if (nowSpot && unitOf(current, nowSpot) !== unit) return [];
  const now = nowSpot?.load ?? 0;
  const change = changePercent(before, now);
  if (change === undefined || -change <= threshold) return [];
  const nowText = nowSpot ? formatLoad(now, unit) : `none (the lowest load misses the ${rule === 'slo-attainment' ? 'SLO attainment' : 'SLA'})`;
  return [
    {
      benchmark: current.name,
      kind: 'sweet-spot-drop',
      reference: { runId, value: before },
      current: now,
      changePercent: change,
      message: `${current.name}: sweet spot ${nowText} is ${formatNumber(-change)} % below ${formatLoad(before, unit)} in run ${runId} (threshold ${formatNumber(threshold)} %)`,
    },
  ];
}

function ttftP95Rises(current: BenchmarkSummary, reference: BenchmarkSummary, runId: string, threshold: number): RegressionFinding[] {
  const findings: RegressionFinding[] = [];
  for (const level of current.levels) {
    const now = level.ttftMs.p95;
    const match = reference.levels.find((r) => r.load === level.load && r.loadUnit === level.loadUnit && r.ttftMs.p95 !== undefined);
    const before = match?.ttftMs.p95;
    if (now === undefined || before === undefined) continue;
    const change = changePercent(before, now);
    if (change === undefined || change <= threshold) continue;
    const at = formatLoad(level.load, level.loadUnit);
    findings.push({
      benchmark: current.name,
      kind: 'ttft-p95-rise',
      reference: { runId, value: before },
      current: now,
      changePercent: change,
      load: level.load,
      message: `${current.name}: TTFT p95 at ${at} is ${formatNumber(now)} ms, ${formatNumber(change)} % above ${formatNumber(before)} ms in run ${runId} (threshold ${formatNumber(threshold)} %)`,
    });
  }
  return findings;
}

/**
 * Regression findings of `current` against each reference summary, in a stable order: by current benchmark,
 * then reference (as given), then kind (max throughput, sweet spot, TTFT p95 by ascending load).
 */
export function findRegressions(current: TargetSummary, references: readonly TargetSummary[], thresholds: RegressionThresholds): RegressionFinding[] {
  const findings: RegressionFinding[] = [];
  for (const benchmark of current.benchmarks) {
    for (const reference of references) {
      const before = reference.benchmarks.find((b) => b.name === benchmark.name);
      if (!before) continue;
      findings.push(
        ...maxThroughputDrop(benchmark, before, reference.runId, thresholds.maxThroughputDropPercent),
        ...sweetSpotDrop(benchmark, before, reference.runId, thresholds.sweetSpotDropPercent),
        ...ttftP95Rises(benchmark, before, reference.runId, thresholds.ttftP95RisePercent),
      );
    }
  }
  return findings;
}

/** True when `<run>/<target>/run.json` says the target's run succeeded (an unreadable file says no). */
function succeeded(runDir: string, target: string): boolean {
  try {
    const run = JSON.parse(fs.readFileSync(path.join(runDir, target, 'run.json'), 'utf8')) as { outcome?: unknown };
    return run.outcome === 'succeeded';
  } catch {
    return false;
  }
}

/**
 * The newest run before `currentRunId` (run ids sort by time) in which `target` succeeded and was summarised:
 * `<resultsDir>/<run>/<target>/summary.json` exists and that folder's run.json has outcome `succeeded`.
 * Undefined when there is none or `resultsDir` cannot be read.
 */
export function findPreviousRun(resultsDir: string, target: string, currentRunId: string): string | undefined {
  return findPreviousRuns(resultsDir, target, currentRunId, 1)[0];
}

/** The newest `count` runs before `currentRunId` in which `target` succeeded and was summarised, newest first. */
export function findPreviousRuns(resultsDir: string, target: string, currentRunId: string, count: number): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(resultsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const earlier = entries
    .filter((e) => e.isDirectory() && RUN_FOLDER.test(e.name) && e.name < currentRunId)
    .map((e) => e.name)
    .sort()
    .reverse();
  const found: string[] = [];
  for (const run of earlier) {
    if (found.length >= count) break;
    if (fs.existsSync(path.join(resultsDir, run, target, 'summary.json')) && succeeded(path.join(resultsDir, run), target)) found.push(run);
  }
  return found;
}

// ------------------------------------------------------------------------------------------ run-to-run noise

/** The figure a finding is about, in a summary's benchmark (undefined when that run does not have it). */
function figureOf(finding: RegressionFinding, b: BenchmarkSummary, rule: Rule): number | undefined {
  switch (finding.kind) {
    case 'max-throughput-drop':
      return b.maxThroughput?.outputTokensPerSecond;
    case 'sweet-spot-drop':
      return sweetSpotBy(b, rule)?.spot?.load;
    case 'ttft-p95-rise':
      return b.levels.find((l) => l.load === finding.load && l.ttftMs.p95 !== undefined)?.ttftMs.p95;
  }
}

/**
 * Findings beyond the run-to-run noise: a drop is kept when the current value is below the lowest of the recent
 * runs' values, a rise when it is above the highest (the noise band, from at least two runs; with fewer, every
 * finding is kept). Each kept finding carries its band; the others are returned as `withinNoise` messages.
 */
export function beyondNoise(current: TargetSummary, findings: readonly RegressionFinding[], history: readonly TargetSummary[]): { findings: RegressionFinding[]; withinNoise: string[] } {
  const kept: RegressionFinding[] = [];
  const withinNoise: string[] = [];
  for (const f of findings) {
    const now = current.benchmarks.find((b) => b.name === f.benchmark);
    const rule: Rule = now?.sweetSpotRule === 'slo-attainment' && history.every((h) => h.benchmarks.find((b) => b.name === f.benchmark)?.sweetSpotRule === 'slo-attainment') ? 'slo-attainment' : 'sla-tiers';
    const values = history.flatMap((h) => {
      const b = h.benchmarks.find((x) => x.name === f.benchmark);
      const v = b ? figureOf(f, b, rule) : undefined;
      return v === undefined ? [] : [v];
    });
    if (values.length < 2) {
      kept.push(f);
      continue;
    }
    const noise = { runs: values.length, min: Math.min(...values), max: Math.max(...values) };
    const rise = f.kind === 'ttft-p95-rise';
    const inside = rise ? f.current <= noise.max : f.current >= noise.min;
    if (inside) withinNoise.push(`${f.message}; within the spread of the last ${noise.runs} runs (${formatNumber(noise.min)}–${formatNumber(noise.max)}), not flagged`);
    else kept.push({ ...f, noise });
  }
  return { findings: kept, withinNoise };
}
