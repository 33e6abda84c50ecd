/**
 * The results index (runtime/processor/run-index.ts) as the real processor leaves it in the report server's fixture
 * tree (three runs of two targets processed oldest first, plus a run that failed before the processor ran), and how
 * a rebuild heals it: a lost or unreadable index, a run it lacks, a target of the current run it lacks, a run
 * retention removed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { INDEX_ENTRY_FILE, indexEntryOf, readIndex, rebuildIndex, RUN_INDEX_FILE, RunIndex, writeIndexEntry } from '../../../runtime/processor/run-index';
import { buildResultsTree, PARTIAL_RUN, ResultsTree, RUNS, TARGETS } from '../report-server/fixtures';

jest.setTimeout(120_000);

let tree: ResultsTree;
beforeAll(async () => {
  tree = await buildResultsTree();
});
afterAll(() => tree?.remove());

const indexFile = () => path.join(tree.results, RUN_INDEX_FILE);
const index = (): RunIndex => readIndex(indexFile())!;
const names = (i: RunIndex) => i.runs.map((r) => [r.id, r.targets.map((t) => t.target)]);
const NEWEST_FIRST = [...RUNS].reverse();
const EXPECTED = [...NEWEST_FIRST.map((r) => [r, TARGETS.map((t) => t.name).sort()]), [PARTIAL_RUN, []]];

test('every processed run newest first, each target with its entry', () => {
  // the run that failed before its processor ran has no entry and caused no rebuild (the fixture adds it last)
  expect(names(index())).toEqual(EXPECTED.slice(0, RUNS.length));
  for (const run of RUNS) {
    const listed = index().runs.find((r) => r.id === run)!;
    expect(listed.environment).toBe(tree.summaries[run][TARGETS[0].name].environment);
    for (const target of TARGETS) {
      const { environment: _, ...entry } = indexEntryOf(tree.summaries[run][target.name]);
      expect(listed.targets.find((t) => t.target === target.name)).toEqual(entry);
      // the entry file beside the summary
      expect(JSON.parse(fs.readFileSync(path.join(tree.results, run, target.name, INDEX_ENTRY_FILE), 'utf8'))).toEqual(indexEntryOf(tree.summaries[run][target.name]));
    }
  }
});

test('an entry holds the answer as the page shows it, in at most 500 bytes per run × target', () => {
  const summary = tree.summaries[RUNS[2]][TARGETS[0].name];
  const entry = indexEntryOf(summary);
  const b = summary.benchmarks[0];
  expect(entry).toMatchObject({ target: summary.target.name, model: summary.target.model, gpuProfile: summary.target.gpuProfile, price: summary.target.pricePerHour });
  expect(entry.benchmarks[0]).toMatchObject({ name: b.name, status: b.status, sweet: b.sweetSpot!.load, breaks: b.breakingPoint!.firstBad, why: b.breakingPoint!.reason });
  expect(entry.benchmarks[0].tps).toBeCloseTo(b.maxThroughputWithinSla!.outputTokensPerSecond, -1);
  for (const run of index().runs) for (const t of run.targets) expect(Buffer.byteLength(JSON.stringify(t))).toBeLessThanOrEqual(500);
});

test('a run folder the index never had joins at the next rebuild (without targets when it has no entry)', () => {
  rebuildIndex(tree.results, RUNS[2]);
  expect(names(index())).toEqual(EXPECTED);
});

test('a run processed before entries existed gets them from its summaries, written for the next rebuild', () => {
  const whole = fs.readFileSync(indexFile(), 'utf8');
  for (const target of TARGETS) fs.rmSync(path.join(tree.results, RUNS[0], target.name, INDEX_ENTRY_FILE));
  fs.rmSync(indexFile());
  rebuildIndex(tree.results, RUNS[2]);
  expect(fs.readFileSync(indexFile(), 'utf8')).toBe(whole);
  for (const target of TARGETS) {
    expect(JSON.parse(fs.readFileSync(path.join(tree.results, RUNS[0], target.name, INDEX_ENTRY_FILE), 'utf8'))).toEqual(indexEntryOf(tree.summaries[RUNS[0]][target.name]));
  }
});

test('a lost or unreadable index is rebuilt whole from the entries', () => {
  const whole = fs.readFileSync(indexFile(), 'utf8');
  fs.rmSync(indexFile());
  rebuildIndex(tree.results, RUNS[2]);
  expect(fs.readFileSync(indexFile(), 'utf8')).toBe(whole);
  fs.writeFileSync(indexFile(), '{"schemaVersion": 1, "runs": [tru');
  rebuildIndex(tree.results, RUNS[2]);
  expect(fs.readFileSync(indexFile(), 'utf8')).toBe(whole);
});

test('a run the index lacks is read from its entries; a target of the current run it lacks is back after that target\'s rebuild', () => {
  const whole = fs.readFileSync(indexFile(), 'utf8');
  const damaged: RunIndex = { ...index(), runs: index().runs.filter((r) => r.id !== RUNS[0]).map((r) => (r.id === RUNS[2] ? { ...r, targets: r.targets.slice(1) } : r)) };
  fs.writeFileSync(indexFile(), JSON.stringify(damaged));
  const log: string[] = [];
  writeIndexEntry(path.join(tree.results, RUNS[2], TARGETS[0].name), tree.summaries[RUNS[2]][TARGETS[0].name], (l) => log.push(l));
  expect(fs.readFileSync(indexFile(), 'utf8')).toBe(whole);
  expect(log).toEqual([`results index: ${RUN_INDEX_FILE} rebuilt (run ${RUNS[2]}: 2 target(s))`]);
});

test('a run retention removed leaves the index at the next rebuild; files that are no run folders are ignored', () => {
  const removed = path.join(tree.root, 'removed-run');
  fs.renameSync(path.join(tree.results, PARTIAL_RUN), removed);
  fs.mkdirSync(path.join(tree.results, '.jobs'), { recursive: true });
  try {
    rebuildIndex(tree.results, RUNS[2]);
    expect(names(index())).toEqual(EXPECTED.slice(0, 3));
  } finally {
    fs.renameSync(removed, path.join(tree.results, PARTIAL_RUN));
    rebuildIndex(tree.results, RUNS[2]);
  }
  expect(names(index())).toEqual(EXPECTED);
});
