/**
 * The results processor, the benchmark Job's step after finalize: turns the target's GuideLLM reports into the
 * capacity answer (summary.json, summary.md), refreshes the run's comparison (comparison.json, comparison.md)
 * and the results index (./run-index.ts) and publishes to the configured destinations. Bundled by esbuild into one dependency-free JS file that a
 * pinned Node.js image runs from a ConfigMap; the tests import these same modules.
 *
 * Environment:
 *   STATE_DIR          the pod's state folder (run.env from prepare.sh: RUN_ID, TARGET_DIR)
 *   PROCESSOR_CONFIG   JSON ProcessorConfig (rendered by the generator)
 *   STATUS_FILE        when set, the exit status is written there and the process exits 0, so that the
 *                      Job's last step can still run and decide the Job's outcome
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 *                      object-store mode (PROCESSOR_CONFIG.objectStore): the bucket's access keys (from a Secret)
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeTarget } from './analysis/analyze';
import { ProcessorConfig } from '../../domain/contracts/processor-config';
import { compareRun } from './compare';
import { readSummary, writeAtomically } from './files';
import { comparisonMarkdown, summaryMarkdown } from './markdown';
import { readReport } from './parse-report';
import { modelRegistryPublisher } from './publishers/model-registry';
import { Publisher } from './publishers/publisher';
import { pushgatewayPublisher } from './publishers/pushgateway';
import { beyondNoise, findPreviousRun, findPreviousRuns, findRegressions } from './regressions';
import { notComparable } from '../../domain/guidellm/version';
import { rebuildIndex, writeIndexEntry } from './run-index';
import { credentialsFromEnv, openBucket } from '../object-store/bucket';
import { fetchEarlierResults, storeTarget } from './object-store';
import { applyBucketRetention, applyVolumeRawRetention } from './retention';
import { summarizeBenchmark } from './summarize';
import { BenchmarkSummary, PlanEntry, SUMMARY_SCHEMA_VERSION, TargetSummary } from './types';
import { demandAmount, planFor } from '../../domain/capacity';
import type { DemandConfig } from '../../domain/contracts/processor-config';


/** The run.json fields the processor reads (written by runtime/benchmark-job/finalize.py). */
interface RunRecord {
  readonly runId: string;
  readonly environment: string;
  readonly outcome: string;
  readonly target: TargetSummary['target'] & { readonly serving?: Record<string, unknown> };
  readonly guidellm: { readonly image?: string; readonly version?: string };
  readonly benchmarks: readonly { name: string; scenario: string; loadPlan: string; status: string; folder: string | null }[];
}

export interface ProcessResult {
  readonly summary: TargetSummary;
  /** Publisher name → error message, for the publishers that failed. */
  readonly publishFailures: Readonly<Record<string, string>>;
  /** Benchmark name → its report's invalid data (ParsedReport.invalid), for the benchmarks that have any. */
  readonly invalid: Readonly<Record<string, readonly string[]>>;
}

/**
 * Processes one target's folder of one run. Throws only when run.json itself cannot be read. `earlierProblems`: what
 * kept earlier results from being read (object-store mode), named in the summary.
 */
export async function processTarget(targetDir: string, config: ProcessorConfig, log: (line: string) => void, earlierProblems: readonly string[] = []): Promise<ProcessResult> {
  const run = readJson<RunRecord>(path.join(targetDir, 'run.json'));
  const resultsDir = path.dirname(path.dirname(targetDir));
  const problems: string[] = [...earlierProblems];

  const reports = run.benchmarks.map((b) => {
    const report = b.folder ? path.join(b.folder, 'benchmarks.json') : undefined;
    const outside = report ? outsideOf(targetDir, report) : undefined;
    if (outside) {
      problems.push(`${b.name}: ${outside}; not read`);
      return { b, report, parsed: undefined };
    }
    const parsed = report && fs.existsSync(path.join(targetDir, report)) ? readReport(path.join(targetDir, report)) : undefined;
    if (parsed) problems.push(...parsed.problems);
    else if (b.status === 'succeeded') problems.push(`${b.name}: no report at ${report ?? '(no folder)'}`);
    return { b, report, parsed };
  });
  // after the reports are read (a link in a report's place is named above): results hold files only
  problems.push(...removeLinks(targetDir));
  /** The benchmarks' figures with `replicas` times the GPU profile's price and GPUs behind them. */
  const summarize = (replicas: number): BenchmarkSummary[] =>
    reports.map(({ b, report, parsed }) =>
      summarizeBenchmark({
        name: b.name,
        scenario: b.scenario,
        loadPlan: b.loadPlan,
        status: b.status,
        report,
        parsed,
        sla: config.sla,
        slo: config.slo,
        pricePerHour: run.target.pricePerHour * replicas,
        gpuCount: run.target.gpuCount * replicas,
      }),
    );

  const { serving, ...target } = run.target;
  const analyzed = await withAnalysis(summarize(1), run.target, serving ?? {}, config, log);
  const { analysis } = analyzed;
  const replicas = analysis?.replicasSeen ?? 1;
  // More than one pod served: the cost and per-GPU figures are those of all of them, not of one replica.
  const benchmarks = replicas > 1 ? withServerFigures(summarize(replicas), analyzed.benchmarks) : analyzed.benchmarks;
  if (replicas > 1) problems.push(`${replicas} replicas of deployment ${target.deployment ?? target.model} served during the run: cost and per-GPU figures count ${replicas} × ${target.gpuCount} GPU(s) at ${replicas} × the profile's price`);
  const draft: TargetSummary = {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    runId: run.runId,
    environment: run.environment,
    ...(config.cluster ? { cluster: config.cluster } : {}),
    target,
    serving: serving ?? {},
    sla: config.sla,
    guidellm: run.guidellm,
    benchmarks,
    regressions: { comparedWith: [], findings: [] },
    problems,
    ...(analysis ? { analysis } : {}),
    ...(config.demand?.length ? { plans: plansOf(run.target, benchmarks, replicas, config.demand) } : {}),
  };
  const summary = withRegressions(draft, resultsDir, config);

  writeAtomically(path.join(targetDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeAtomically(path.join(targetDir, 'summary.md'), summaryMarkdown(summary));
  log(`${target.name}: wrote summary.json and summary.md (${benchmarks.length} benchmark(s), ${summary.problems.length} problem(s))`);
  // the run's comparison and the index, from every target's answer present (volume mode: all targets share the
  // folder; object-store mode: the others' were read from the bucket)
  try {
    writeComparison(path.dirname(targetDir), log);
  } catch (e) {
    // never at the cost of this target's publishing
    log(`run ${path.basename(path.dirname(targetDir))}: comparison not written: ${(e as Error).message}`);
  }
  try {
    writeIndexEntry(targetDir, summary, log);
  } catch (e) {
    // never at the cost of this target's publishing
    log(`results index: not written: ${(e as Error).message}`);
  }

  const publishFailures: Record<string, string> = {};
  for (const publisher of publishersOf(config)) {
    try {
      await publisher.publish({ summary, targetDir, log });
      log(`${publisher.name}: published`);
    } catch (e) {
      publishFailures[publisher.name] = (e as Error).message;
      log(`${publisher.name}: FAILED: ${(e as Error).message}`);
    }
  }
  const invalid = Object.fromEntries(reports.filter(({ parsed }) => parsed?.invalid.length).map(({ b, parsed }) => [b.name, parsed!.invalid]));
  return { summary, publishFailures, invalid };
}

/** The benchmarks with their server-side figures and bottleneck, when analysis is on; never throws. */
/**
 * The target's plan for each demand it can serve (its model listed, a benchmark of the demand's scenario): replicas
 * at the sweet spot of that benchmark, measured with `replicas` replicas, at the GPU profile's price per replica.
 */
export function plansOf(target: RunRecord['target'], benchmarks: readonly BenchmarkSummary[], replicas: number, demands: readonly DemandConfig[]): PlanEntry[] {
  const entries: PlanEntry[] = [];
  for (const demand of demands) {
    if (!demand.models.includes(target.model)) continue;
    const { amount, unit } = demandAmount(demand);
    for (const b of benchmarks.filter((x) => x.scenario === demand.scenario)) {
      const base = { demand: demand.name, benchmark: b.name, amount, unit };
      const level = b.sweetSpot ? b.levels[b.sweetSpot.levelIndex] : undefined;
      if (!b.sweetSpot || !level) {
        entries.push({ ...base, unavailable: `no sweet spot in ${b.name} (${b.levels.length === 0 ? 'no load level' : 'the lowest load already misses the SLA'})` });
        continue;
      }
      const plan = planFor(demand, { load: b.sweetSpot.load, loadUnit: level.loadUnit, replicas, meanLatencyS: level.requestLatencyMeanS, outputTokensPerSecond: level.outputTokensPerSecond }, target.pricePerHour);
      entries.push(typeof plan === 'string' ? { ...base, unavailable: plan } : { ...base, plan });
    }
  }
  return entries;
}

async function withAnalysis(
  benchmarks: BenchmarkSummary[],
  target: RunRecord['target'],
  serving: Readonly<Record<string, unknown>>,
  config: ProcessorConfig,
  log: (line: string) => void,
): Promise<{ benchmarks: BenchmarkSummary[]; analysis?: TargetSummary['analysis'] }> {
  if (!config.analysis) return { benchmarks };
  try {
    const result = await analyzeTarget({ benchmarks, target, serving, sla: config.sla }, config.analysis);
    const kinds = result.benchmarks.map((b) => `${b.name}: ${b.bottleneck?.kind}`).join(', ');
    log(`${target.name}: bottleneck analysis: ${kinds || 'no benchmark'}${result.analysis.problems.length ? ` (${result.analysis.problems.join('; ')})` : ''}`);
    return result;
  } catch (e) {
    // A bug here must not cost the client-side summary.
    log(`${target.name}: bottleneck analysis failed: ${(e as Error).message}`);
    const reason = `analysis failed: ${(e as Error).message}`;
    return {
      benchmarks: benchmarks.map((b) => ({ ...b, bottleneck: { kind: 'unknown', evidence: [], reason } })),
      analysis: { prometheusUrl: config.analysis.prometheus.url, servingConfig: { declared: {}, mismatches: [], unknownReason: reason }, problems: [reason] },
    };
  }
}

/**
 * Why `relative` (a report path from run.json) is not a file inside `targetDir`, or undefined when it is (or does
 * not exist): a `..` path or a symbolic link out of the target's folder (to /etc/passwd, another target) is refused.
 */
function outsideOf(targetDir: string, relative: string): string | undefined {
  const root = fs.realpathSync(targetDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return `report ${relative} is outside the target folder ${targetDir}`;
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return undefined; // absent: reported as "no report"
  }
  return real.startsWith(root + path.sep) ? undefined : `report ${relative} is a link to ${real}, outside the target folder ${targetDir}`;
}

/**
 * Removes every symbolic link below `targetDir` (without following any) and names each: results hold files only.
 * A link would otherwise be listed by name by the report server (its autoindex lists every entry; it refuses to
 * follow links) and followed by the object-store upload.
 */
export function removeLinks(targetDir: string): string[] {
  const removed: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const to = fs.readlinkSync(full);
        fs.unlinkSync(full);
        removed.push(`symbolic link ${path.relative(targetDir, full)} (to ${to}) removed: results hold files only`);
      } else if (entry.isDirectory()) walk(full);
    }
  };
  walk(targetDir);
  return removed;
}

/** `rescaled` benchmarks with the server-side figures, flags and bottleneck of the `analyzed` ones (same order and levels). */
function withServerFigures(rescaled: BenchmarkSummary[], analyzed: readonly BenchmarkSummary[]): BenchmarkSummary[] {
  return rescaled.map((b, i) => ({
    ...b,
    levels: b.levels.map((l, j) => ({ ...l, server: analyzed[i].levels[j].server, flags: analyzed[i].levels[j].flags })),
    ...(analyzed[i].bottleneck ? { bottleneck: analyzed[i].bottleneck } : {}),
  }));
}

/** Adds the regression findings against the previous successful run and the pinned baseline, if any. */
function withRegressions(summary: TargetSummary, resultsDir: string, config: ProcessorConfig): TargetSummary {
  const references: TargetSummary[] = [];
  const problems: string[] = [];
  const version = summary.guidellm.version;
  // the previous run is both a reference and part of the noise band: read each file once
  const read = new Map<string, TargetSummary | string>();
  const summaryOf = (runId: string) => {
    const file = path.join(resultsDir, runId, summary.target.name, 'summary.json');
    if (!read.has(file)) read.set(file, readSummary(file));
    return read.get(file)!;
  };
  const comparable = (other: TargetSummary, what: string): boolean => {
    const why = notComparable(version, other.guidellm.version);
    if (why) problems.push(`${what}: ${why}; not compared with it`);
    return !why;
  };
  const previous = findPreviousRun(resultsDir, summary.target.name, summary.runId);
  const runIds = [previous, config.regressions.baselineRunId].filter((r): r is string => !!r && r !== summary.runId);
  for (const runId of [...new Set(runIds)]) {
    const what = runId === config.regressions.baselineRunId ? `baseline run ${runId}` : `previous run ${runId}`;
    if (!fs.existsSync(path.join(resultsDir, runId, summary.target.name, 'summary.json'))) continue;
    const reference = summaryOf(runId);
    if (typeof reference === 'string') problems.push(`${what}: ${reference}; not compared with it`);
    else if (comparable(reference, what)) references.push(reference);
  }
  // the noise band: the recent runs of comparable GuideLLM versions (unreadable ones are left out here; the
  // previous run's problem, if any, is named above)
  const noiseRuns = config.regressions.noiseRuns ?? 0;
  const history = findPreviousRuns(resultsDir, summary.target.name, summary.runId, noiseRuns)
    .map(summaryOf)
    .filter((s): s is TargetSummary => typeof s !== 'string' && !notComparable(version, s.guidellm.version));
  const withProblems = problems.length > 0 ? { ...summary, problems: [...summary.problems, ...problems] } : summary;
  if (references.length === 0) return withProblems;
  try {
    const all = findRegressions(summary, references, config.regressions);
    const { findings, withinNoise } = noiseRuns > 0 ? beyondNoise(summary, all, history) : { findings: all, withinNoise: [] };
    return {
      ...withProblems,
      regressions: {
        comparedWith: references.map((r) => r.runId),
        findings,
        ...(noiseRuns > 0 ? { noiseRuns: history.length } : {}),
        ...(withinNoise.length > 0 ? { withinNoise } : {}),
      },
    };
  } catch (e) {
    return { ...withProblems, problems: [...withProblems.problems, `regressions not computed: ${(e as Error).message}`] };
  }
}


/** The run's comparison and the results index again, from the targets' summaries and entries present. */
export function refreshRun(runDir: string, log: (line: string) => void): void {
  writeComparison(runDir, log);
  rebuildIndex(path.dirname(runDir), path.basename(runDir));
}

/** Rewrites the run's comparison from every target summary present (the last Job to finish sees them all). */
function writeComparison(runDir: string, log: (line: string) => void): void {
  const read = fs
    .readdirSync(runDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(runDir, d.name, 'summary.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, summary: readSummary(path.join(runDir, name, 'summary.json')) }));
  const summaries = read.flatMap((r) => (typeof r.summary === 'string' ? [] : [r.summary]));
  const unavailable = read.flatMap((r) => (typeof r.summary === 'string' ? [`${r.name}: ${r.summary}`] : []));
  for (const u of unavailable) log(`run ${path.basename(runDir)}: left out of the comparison: ${u}`);
  const comparison = { ...compareRun(summaries), ...(unavailable.length > 0 ? { unavailable } : {}) };
  writeAtomically(path.join(runDir, 'comparison.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  writeAtomically(path.join(runDir, 'comparison.md'), comparisonMarkdown(comparison));
  log(`run ${path.basename(runDir)}: comparison of ${summaries.length} target(s) written`);
}

function publishersOf(config: ProcessorConfig): Publisher[] {
  const publishers: Publisher[] = [];
  if (config.pushgateway) publishers.push(pushgatewayPublisher({ url: config.pushgateway.url }));
  if (config.modelRegistry) publishers.push(modelRegistryPublisher(config.modelRegistry));
  return publishers;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function readRunEnv(stateDir: string): Record<string, string> {
  const text = fs.readFileSync(path.join(stateDir, 'run.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/**
 * Entry point in the pod. Exit status: 0 when the summary was written, every report was read and every publisher
 * succeeded; 1 when a publisher failed; 2 when the target could not be processed at all (no run.json); 3 when a
 * benchmark's report could not be read or holds invalid data (the summary is written with the others and the valid
 * figures, the verdict fails); 4 (object-store mode) when the results could not be stored in the bucket: they were
 * on the pod's scratch volume only, and are named in the log.
 */
export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<number> {
  let status = 0;
  try {
    const config = JSON.parse(env.PROCESSOR_CONFIG ?? '') as ProcessorConfig;
    const { TARGET_DIR } = readRunEnv(env.STATE_DIR ?? '/state');
    const runDir = path.dirname(TARGET_DIR);
    const [resultsDir, runId, target] = [path.dirname(runDir), path.basename(runDir), path.basename(TARGET_DIR)];
    const bucket = config.objectStore ? await openBucket(config.objectStore, credentialsFromEnv(env)) : undefined;
    // before anything is read: the index rebuilt below then no longer lists what retention let go
    if (config.retention) {
      try {
        if (bucket) await applyBucketRetention(bucket, runId, config.retention, new Date(), log);
        else applyVolumeRawRetention(resultsDir, runId, config.retention, new Date(), log);
      } catch (e) {
        log(`retention: FAILED, nothing more deleted this time: ${(e as Error).message}`);
      }
    }
    const earlierProblems: string[] = [];
    if (bucket) {
      try {
        await fetchEarlierResults(bucket, resultsDir, runId, target, config, log);
      } catch (e) {
        log(`results processor: ${(e as Error).message}`);
        earlierProblems.push(`earlier results not read from the bucket (${(e as Error).message}): no regressions against earlier runs, and the comparison and index hold this target only`);
      }
    }
    const result = await processTarget(TARGET_DIR, config, log, earlierProblems);
    const failed = Object.keys(result.publishFailures);
    if (failed.length > 0) {
      log(`results processor: ${failed.length} publisher(s) failed: ${failed.join(', ')}; the summary is on the results volume`);
      status = 1;
    }
    const unreadable = result.summary.benchmarks.filter((b) => b.status === 'unreadable');
    if (unreadable.length > 0) {
      log(`results processor: ${unreadable.length} report(s) could not be read: ${unreadable.map((b) => `${b.name} (${b.missing.join(', ') || 'unreadable'})`).join('; ')}`);
      status = 3;
    }
    const invalid = result.summary.benchmarks.filter((b) => b.status === 'invalid');
    if (invalid.length > 0) {
      const named = invalid.map((b) => `${b.name} (${result.invalid[b.name].join('; ')})`);
      log(`results processor: ${invalid.length} report(s) hold invalid data, left out of the figures: ${named.join('; ')}`);
      status = 3;
    }
    if (bucket) {
      try {
        await storeTarget(bucket, resultsDir, runId, target, () => refreshRun(runDir, log), log);
      } catch (e) {
        log(`results processor: the results of ${target} were NOT stored in the bucket: ${(e as Error).message}`);
        status = 4;
      }
    }
  } catch (e) {
    log(`results processor: ${(e as Error).message}`);
    status = 2;
  }
  if (env.STATUS_FILE) {
    fs.writeFileSync(env.STATUS_FILE, `${status}\n`);
    return 0;
  }
  return status;
}

if (require.main === module) {
  main().then((code) => (process.exitCode = code));
}
