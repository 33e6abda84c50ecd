/**
 * Object-store mode: the bucket is the results' system of record, and each benchmark pod works on a scratch copy
 * of the results tree (domain/results-layout.ts) that holds only what its processor needs. Around the processing
 * of the target (./main.ts):
 *
 * 1. {@link fetchEarlierResults}: into the scratch tree, from the bucket — the results index; an empty folder per
 *    run in the bucket (so the rebuilt index keeps exactly the runs that are still there); the other targets'
 *    summaries and entries of the current run (the comparison); entries (or summaries) of runs the index lacks (it
 *    heals as in volume mode); and this target's `run.json` and `summary.json` of its earlier runs, newest first
 *    until the previous successful run and the noise band's runs are found, and of the pinned baseline. Then the
 *    processor computes regressions, the comparison and the index exactly as in volume mode.
 * 2. {@link storeTarget}: uploads the target's folder (its entry last, so an entry in the bucket means its files
 *    are there), then the run's comparison and the index. Then it lists the run in the bucket: a target that
 *    stored its summary meanwhile (two pods finishing together) is fetched, comparison and index are made again
 *    and uploaded — the last pod to upload sees every entry stored before its own upload, so the last index written
 *    holds them all (S3 reads are strongly consistent after a write: AWS, Ceph RGW, MinIO).
 * Before both, ./retention.ts deletes from the bucket the whole runs and raw reports that expired, so the index
 * made after it no longer lists them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RUN_FOLDER } from '../../domain/results-layout';
import type { ProcessorConfig } from '../../domain/contracts/processor-config';
import type { Bucket } from '../object-store/bucket';
import { contentTypeOf } from '../object-store/content-types';
import { mapLimit } from '../map-limit';
import { INDEX_ENTRY_FILE, readIndex, RUN_INDEX_FILE } from './run-index';

/** At most this many requests to the bucket at once. */
const PARALLEL = 8;
/** A run's files the comparison and the index are made of. */
const COMPARISON_FILES = ['comparison.json', 'comparison.md'];
/** A target's answer: stored after its raw reports, the entry last. */
const ANSWER_FILES = ['run.json', 'summary.json', 'summary.md', INDEX_ENTRY_FILE];

/** Runs `work` over `items`, at most `PARALLEL` requests at a time. */
function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  return mapLimit(items, PARALLEL, work);
}

/** Copies `key` of the bucket to the same path under `resultsDir`; false when the bucket has no such key. */
async function fetchFile(bucket: Bucket, resultsDir: string, key: string): Promise<boolean> {
  const body = await bucket.get(key);
  if (body === undefined) return false;
  const file = path.join(resultsDir, ...key.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body);
  return true;
}

/** The run folders in the bucket, newest first. */
export async function bucketRuns(bucket: Bucket): Promise<string[]> {
  return (await bucket.list('')).folders.filter((f) => RUN_FOLDER.test(f)).sort().reverse();
}

/** A run's targets' entries (each target's summary when it has no entry) into the scratch tree; with `summaries`, summaries too. */
async function fetchRunAnswers(bucket: Bucket, resultsDir: string, run: string, skip: string, summaries: boolean): Promise<void> {
  const targets = (await bucket.list(run)).folders.filter((t) => t !== skip);
  await inParallel(targets, async (t) => {
    const entry = await fetchFile(bucket, resultsDir, `${run}/${t}/${INDEX_ENTRY_FILE}`);
    if (summaries || !entry) await fetchFile(bucket, resultsDir, `${run}/${t}/summary.json`);
  });
}

/** Step 1: what the processor reads of earlier results, from the bucket into the scratch tree `resultsDir`. */
export async function fetchEarlierResults(bucket: Bucket, resultsDir: string, runId: string, target: string, config: ProcessorConfig, log: (line: string) => void): Promise<void> {
  const runs = await bucketRuns(bucket);
  for (const run of runs) fs.mkdirSync(path.join(resultsDir, run), { recursive: true });
  await fetchFile(bucket, resultsDir, RUN_INDEX_FILE);
  const indexed = new Set((readIndex(path.join(resultsDir, RUN_INDEX_FILE))?.runs ?? []).map((r) => r.id));
  const unindexed = runs.filter((r) => r !== runId && !indexed.has(r));
  await fetchRunAnswers(bucket, resultsDir, runId, target, true);
  for (const run of unindexed) await fetchRunAnswers(bucket, resultsDir, run, '', false);
  if (unindexed.length > 0) log(`object store: ${unindexed.length} run(s) not in ${RUN_INDEX_FILE} read from their entries`);
  // this target's earlier runs: the previous successful one and the noise band's (run.json says whether it succeeded)
  const wanted = 1 + (config.regressions.noiseRuns ?? 0);
  let found = 0;
  for (const run of runs.filter((r) => r < runId)) {
    if (found >= wanted) break;
    const [hasRun, hasSummary] = await Promise.all([`run.json`, `summary.json`].map((f) => fetchFile(bucket, resultsDir, `${run}/${target}/${f}`)));
    if (hasRun && hasSummary && outcomeOf(path.join(resultsDir, run, target, 'run.json')) === 'succeeded') found++;
  }
  const baseline = config.regressions.baselineRunId;
  if (baseline && baseline !== runId) {
    await Promise.all(['run.json', 'summary.json'].map((f) => fetchFile(bucket, resultsDir, `${baseline}/${target}/${f}`)));
  }
  log(`object store: earlier results read from ${bucket.where} (${runs.length} run(s) there; ${found} earlier successful run(s) of ${target})`);
}

function outcomeOf(runJson: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(runJson, 'utf8')) as { outcome?: unknown }).outcome;
  } catch {
    return undefined;
  }
}

/** Every file under `dir`, as `/`-separated paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

async function upload(bucket: Bucket, resultsDir: string, keys: readonly string[]): Promise<void> {
  await inParallel(keys, (key) => bucket.put(key, fs.readFileSync(path.join(resultsDir, ...key.split('/'))), contentTypeOf(key)));
}

/**
 * Step 2: stores the target's folder, then the run's comparison and the index; `refresh` makes both
 * again from the scratch tree after other targets' answers were fetched.
 */
export async function storeTarget(
  bucket: Bucket,
  resultsDir: string,
  runId: string,
  target: string,
  refresh: () => void,
  log: (line: string) => void,
): Promise<void> {
  const files = filesUnder(path.join(resultsDir, runId, target)).map((f) => `${runId}/${target}/${f}`);
  const answer = (f: string) => ANSWER_FILES.indexOf(f.slice(f.lastIndexOf('/') + 1));
  const isAnswer = (f: string) => f.split('/').length === 3 && answer(f) >= 0;
  await upload(bucket, resultsDir, files.filter((f) => !isAnswer(f)));
  for (const f of files.filter(isAnswer).sort((a, b) => answer(a) - answer(b))) await upload(bucket, resultsDir, [f]);
  log(`object store: ${files.length} file(s) of ${target} stored in ${bucket.where}${runId}/${target}/`);
  const shared = () => [...COMPARISON_FILES.map((f) => `${runId}/${f}`), RUN_INDEX_FILE].filter((k) => fs.existsSync(path.join(resultsDir, ...k.split('/'))));
  await upload(bucket, resultsDir, shared());
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = new Set((await bucket.listAll(runId)).filter((k) => k.endsWith(`/${INDEX_ENTRY_FILE}`)).map((k) => k.split('/')[1]));
    const missing = [...stored].filter((t) => !fs.existsSync(path.join(resultsDir, runId, t, INDEX_ENTRY_FILE)));
    if (missing.length === 0) {
      log(`object store: comparison and ${RUN_INDEX_FILE} stored (run ${runId}: ${stored.size} target(s))`);
      return;
    }
    await inParallel(missing, async (t) => {
      await fetchFile(bucket, resultsDir, `${runId}/${t}/summary.json`);
      await fetchFile(bucket, resultsDir, `${runId}/${t}/${INDEX_ENTRY_FILE}`);
    });
    refresh();
    await upload(bucket, resultsDir, shared());
  }
  log(`object store: run ${runId}'s targets kept changing while its comparison was stored; the next target to finish completes it`);
}
