/**
 * Retention's rule (domain/results-layout.ts) and its volume-mode raw-report part (the bucket's part runs against
 * Ceph RGW in test/object-store/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expiredRuns, isRawReport } from '../../../domain/results-layout';
import { applyVolumeRawRetention } from '../../../runtime/processor/retention';

const NOW = new Date('2026-12-07T12:00:00Z');

test('a run goes when it is beyond the newest keepRuns and older than maxAgeDays; the current run and newer ones never', () => {
  const runs = ['20261201-020000-a', '20261206-020000-b', '20261110-020000-c', '20261107-020000-d', 'lost+found', '20261208-020000-e'];
  // newest first: e (newer than current), b (current), a, c, d
  // 7 days: runs dated before 2026-11-30 (whole UTC days, as the dispatcher counts): a is young enough
  expect(expiredRuns(runs, '20261206-020000-b', { keepRuns: 2, maxAgeDays: 7 }, NOW)).toEqual(['20261110-020000-c', '20261107-020000-d']);
  expect(expiredRuns(runs, '20261206-020000-b', { keepRuns: 4, maxAgeDays: 7 }, NOW)).toEqual(['20261107-020000-d']);
  expect(expiredRuns(runs, '20261206-020000-b', { keepRuns: 1, maxAgeDays: 30 }, NOW)).toEqual([]);
  expect(expiredRuns(runs, '20261206-020000-b', { keepRuns: 1, maxAgeDays: 29 }, NOW)).toEqual(['20261107-020000-d']);
  // the current run is kept even beyond keepRuns and past maxAgeDays
  expect(expiredRuns(runs, '20261107-020000-d', { keepRuns: 1, maxAgeDays: 1 }, NOW)).toEqual([]);
});

test('raw reports are the files in a target\'s folders, nothing above', () => {
  expect(isRawReport('20261201-020000-a/t/chat/benchmarks.json')).toBe(true);
  expect(isRawReport('20261201-020000-a/t/summary.json')).toBe(false);
  expect(isRawReport('20261201-020000-a/comparison.json')).toBe(false);
  expect(isRawReport('index.json')).toBe(false);
  expect(isRawReport('notarun/t/chat/benchmarks.json')).toBe(false);
});

test('on a volume, raw reports of runs past rawReports go and their summaries stay; without rawReports nothing goes', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-'));
  try {
    const runs = ['20261101-020000-a', '20261201-020000-b', '20261206-020000-c'];
    const write = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), '{}');
    };
    for (const run of runs) for (const rel of ['comparison.json', 't/run.json', 't/summary.json', 't/chat/benchmarks.json', 't/chat/guidellm.log', 'u/code/benchmarks.json']) write(`${run}/${rel}`);
    const log: string[] = [];
    expect(applyVolumeRawRetention(root, runs[2], { keepRuns: 30, maxAgeDays: 90 }, NOW, (l) => log.push(l))).toBe(0);
    expect(applyVolumeRawRetention(root, runs[2], { keepRuns: 30, maxAgeDays: 90, rawReports: { keepRuns: 1, maxAgeDays: 14 } }, NOW, (l) => log.push(l))).toBe(3);
    expect(log).toEqual([`retention: raw reports of run ${runs[0]} deleted (3 file(s)); its summaries are kept`]);
    expect(fs.readdirSync(path.join(root, runs[0], 't')).sort()).toEqual(['run.json', 'summary.json']);
    expect(fs.readdirSync(path.join(root, runs[0], 'u'))).toEqual([]);
    expect(fs.existsSync(path.join(root, runs[0], 'comparison.json'))).toBe(true);
    // within 14 days: kept
    expect(fs.existsSync(path.join(root, runs[1], 't', 'chat', 'benchmarks.json'))).toBe(true);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
