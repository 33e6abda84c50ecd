/**
 * The results index: what the report page's first screen and history are drawn from, in one request whatever the
 * number of runs (runtime/report-server/README.md).
 *
 * - `<run>/<target>/index-entry.json`: each target's processor writes its own entry (IndexEntry, a few hundred
 *   bytes) after its summary, in every mode; no two processes write the same entry. The page shows a run's answers
 *   from these entries, so the rule that makes an answer of a summary lives here only.
 * - `index.json` at the results root (RunIndex): rebuilt by each processor after its entry, from the results tree it
 *   sees (the volume; in object-store mode its scratch copy of what the index needs, ./object-store.ts). The current run's
 *   entries are read again; every other run is kept from the index it replaces while its folder exists, and read
 *   from its entries when the index lacks it (a first rebuild, a lost or unreadable index, a run the index never
 *   had). A target folder with a summary.json and no entry (a run processed before entries existed) gets its entry
 *   from the summary, written for the next rebuild. Written then renamed, so a reader sees the old index or the new one; after its rename a processor lists
 *   the current run's entries again and rebuilds once more if one appeared meanwhile, so of two processors that
 *   finish together the last rename holds both entries.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RUN_FOLDER } from '../../domain/results-layout';
import { readSummary, writeAtomically } from './files';
import { formatNumber } from './format';
import { TargetSummary } from './types';

export const RUN_INDEX_FILE = 'index.json';
export const INDEX_ENTRY_FILE = 'index-entry.json';
export const RUN_INDEX_SCHEMA_VERSION = 1;
/** How much of the breaking point's reason an entry keeps. */
const REASON_LENGTH = 80;

/** One benchmark of a target in the index: the answer, short. */
export interface IndexBenchmark {
  readonly name: string;
  /** BenchmarkSummary.status. */
  readonly status: string;
  /** `slo` when the SLO attainment decided the sweet spot, absent for the SLA tiers. */
  readonly rule?: 'slo';
  /** Sweet spot load. */
  readonly sweet?: number;
  /** Load unit of the sweet spot and breaking point when not users (`rps`…). */
  readonly unit?: string;
  /** First load that broke the SLA. */
  readonly breaks?: number;
  /** What broke there (BenchmarkSummary.breakingPoint.reason, at most 80 characters). */
  readonly why?: string;
  /** The highest load measured, when none broke. */
  readonly upTo?: number;
  /** Highest output tok/s within the SLA. */
  readonly tps?: number;
  /** $ per 1M output tokens at the sweet spot (four significant digits). */
  readonly cost?: number;
  /** Output tok/s per GPU at the sweet spot. */
  readonly perGpu?: number;
  /** Regression findings against earlier runs. */
  readonly regressions?: number;
}

/** One target of one run in the index. */
export interface IndexEntry {
  readonly target: string;
  readonly model: string;
  readonly gpuProfile: string;
  /** Price per hour of one replica (users per $/h = sweet spot / price). */
  readonly price: number;
  readonly benchmarks: readonly IndexBenchmark[];
}

/** `index.json`: every run, newest first, with its targets' entries sorted by name. */
export interface RunIndex {
  readonly schemaVersion: typeof RUN_INDEX_SCHEMA_VERSION;
  readonly runs: readonly { readonly id: string; readonly environment?: string; readonly targets: readonly IndexEntry[] }[];
}

/** Rounded as the page shows it (fewer bytes, the same figure); prices to four significant digits (the page shows cents). */
const finite = (value: number | undefined): value is number => typeof value === 'number' && Number.isFinite(value);
const shown = (value: number | undefined) => (finite(value) ? Number(formatNumber(value)) : undefined);
const price = (value: number | undefined) => (finite(value) ? Number(value.toPrecision(4)) : undefined);

/** A target's entry from its summary. */
export function indexEntryOf(summary: TargetSummary): IndexEntry & { readonly environment: string } {
  return {
    environment: summary.environment,
    target: summary.target.name,
    model: summary.target.model,
    gpuProfile: summary.target.gpuProfile,
    price: summary.target.pricePerHour,
    benchmarks: summary.benchmarks.map((b) => {
      const upTo = b.breakingPoint || b.levels.length === 0 ? undefined : Math.max(...b.levels.map((l) => l.load));
      const unit = b.levels.find((l) => l.load === (b.sweetSpot?.load ?? b.breakingPoint?.firstBad ?? upTo))?.loadUnit;
      const regressions = summary.regressions.findings.filter((f) => f.benchmark === b.name).length;
      const why = b.breakingPoint?.reason;
      const entry: Record<string, unknown> = {
        name: b.name,
        status: b.status,
        rule: b.sweetSpotRule === 'slo-attainment' ? 'slo' : undefined,
        sweet: b.sweetSpot?.load,
        unit: unit && unit !== 'users' ? unit : undefined,
        breaks: b.breakingPoint?.firstBad,
        why: why && why.length > REASON_LENGTH ? `${why.slice(0, REASON_LENGTH - 1)}…` : why,
        upTo,
        tps: shown(b.maxThroughputWithinSla?.outputTokensPerSecond),
        cost: price(b.cost.atSweetSpot.costPer1MOutputTokens),
        perGpu: shown(b.cost.atSweetSpot.outputTokensPerSecondPerGpu),
        regressions: regressions || undefined,
      };
      return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as IndexBenchmark;
    }),
  };
}

/** Writes the target's entry (the report page reads a run's answers from its entries), then rebuilds the index. */
export function writeIndexEntry(targetDir: string, summary: TargetSummary, log: (line: string) => void): void {
  writeAtomically(path.join(targetDir, INDEX_ENTRY_FILE), `${JSON.stringify(indexEntryOf(summary))}\n`);
  const runDir = path.dirname(targetDir);
  const resultsDir = path.dirname(runDir);
  const runId = path.basename(runDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const written = rebuildIndex(resultsDir, runId);
    if (sameTargets(entryNames(runDir), written)) {
      log(`results index: ${RUN_INDEX_FILE} rebuilt (run ${runId}: ${written.length} target(s))`);
      return;
    }
  }
  log(`results index: run ${runId}'s entries kept changing while ${RUN_INDEX_FILE} was rebuilt; the next rebuild completes it`);
}

/** Rebuilds `index.json` under `resultsDir`, the run `current` from its entries; returns the targets written for it. */
export function rebuildIndex(resultsDir: string, current: string): string[] {
  const folders = fs
    .readdirSync(resultsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && RUN_FOLDER.test(d.name))
    .map((d) => d.name)
    .sort()
    .reverse();
  const previous = readIndex(path.join(resultsDir, RUN_INDEX_FILE));
  const kept = new Map((previous?.runs ?? []).map((r) => [r.id, r]));
  const runs = folders.map((id) => (id !== current && kept.has(id) ? kept.get(id)! : runFromEntries(path.join(resultsDir, id))));
  const index: RunIndex = { schemaVersion: RUN_INDEX_SCHEMA_VERSION, runs };
  writeAtomically(path.join(resultsDir, RUN_INDEX_FILE), `${JSON.stringify(index)}\n`);
  return runs.find((r) => r.id === current)?.targets.map((t) => t.target) ?? [];
}

/** The index at `file`, or undefined when there is none or it is not one (it is then rebuilt from the entries). */
export function readIndex(file: string): RunIndex | undefined {
  try {
    const index = JSON.parse(fs.readFileSync(file, 'utf8')) as RunIndex;
    return index.schemaVersion === RUN_INDEX_SCHEMA_VERSION && Array.isArray(index.runs) ? index : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A run as its entries describe it: an entry that cannot be read is left out (its summary.json still is there); a
 * summary without an entry gets one (kept when the folder can be written).
 */
function runFromEntries(runDir: string): RunIndex['runs'][number] {
  const targets = fs.readdirSync(runDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(runDir, d.name)).sort();
  const entries = targets.flatMap((dir): (IndexEntry & { environment?: string })[] => {
    const file = path.join(dir, INDEX_ENTRY_FILE);
    if (fs.existsSync(file)) {
      try {
        return [JSON.parse(fs.readFileSync(file, 'utf8'))];
      } catch {
        return [];
      }
    }
    if (!fs.existsSync(path.join(dir, 'summary.json'))) return [];
    const summary = readSummary(path.join(dir, 'summary.json'));
    if (typeof summary === 'string') return [];
    const entry = indexEntryOf(summary);
    try {
      writeAtomically(file, `${JSON.stringify(entry)}\n`);
    } catch {
      // a folder that cannot be written: the entry is made again at the next rebuild
    }
    return [entry];
  });
  const environment = entries.find((e) => e.environment)?.environment;
  return { id: path.basename(runDir), ...(environment ? { environment } : {}), targets: entries.map(({ environment: _, ...entry }) => entry) };
}

/** Target folders of a run that hold an entry, sorted. */
function entryNames(runDir: string): string[] {
  return fs
    .readdirSync(runDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(runDir, d.name, INDEX_ENTRY_FILE)))
    .map((d) => d.name)
    .sort();
}

function sameTargets(folders: readonly string[], written: readonly string[]): boolean {
  return folders.length === written.length && folders.every((f, i) => f === [...written].sort()[i]);
}
