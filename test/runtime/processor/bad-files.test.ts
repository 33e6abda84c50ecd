/**
 * Nothing lost, nothing falsely green: bad files next to a target (an earlier run's or the baseline's summary, a
 * sibling target's summary, this target's own report) are named by path and skipped; this target's summary is
 * always written, its publishers still run, and an unreadable report fails the processor's status.
 * The real results processor (`processTarget`, `main`) on run folders laid out as the benchmark Job leaves them,
 * with the real GuideLLM report.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processorConfig } from '../../../constructs/charts/props';
import { main, processTarget } from '../../../runtime/processor/main';
import { fixtureEnvironment } from '../../helpers/project';
import { layOutTarget, REPORT } from './run-folder';

const demo = fixtureEnvironment('demo');
const config = { ...processorConfig(demo), pushgateway: undefined, modelRegistry: undefined };
const EARLIER = '20261123-020000';
const RUN = '20261124-020000';
const TARGET = 'mistral-3-int4-l4-x1';
const SIBLING = 'mistral-3-bf16-l4-x4';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'processor-bad-files-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const results = () => path.join(dir, 'results');
const targetDir = (runId: string, target: string) => path.join(results(), runId, target);

const layOut = (runId: string, target: string, report?: string | Buffer) => layOutTarget(results(), runId, target, report);

const BAD_SUMMARIES: [string, string][] = [
  ['empty', ''],
  ['truncated', '{"schemaVersion": 1, "runId": "2026'],
  ['old shape', JSON.stringify({ runId: EARLIER, figures: [] })],
  ['garbage', 'not json at all'],
];

describe.each(BAD_SUMMARIES)("an earlier run's summary.json that is %s", (_, content) => {
  test('is named by path and skipped; this run is summarised, not compared with it', async () => {
    layOut(EARLIER, TARGET);
    fs.writeFileSync(path.join(targetDir(EARLIER, TARGET), 'summary.json'), content);
    const { summary } = await processTarget(layOut(RUN, TARGET), config, () => undefined);
    expect(fs.existsSync(path.join(targetDir(RUN, TARGET), 'summary.json'))).toBe(true);
    expect(summary.regressions.comparedWith).toEqual([]);
    expect(summary.problems).toContainEqual(expect.stringMatching(new RegExp(`^previous run ${EARLIER}: .*/results/${EARLIER}/${TARGET}/summary\\.json is not (readable JSON|a summary\\.json of schema 1 or 2).*; not compared with it$`)));
  });

  test('as the pinned baseline: named and skipped the same way', async () => {
    layOut(EARLIER, TARGET);
    fs.writeFileSync(path.join(targetDir(EARLIER, TARGET), 'summary.json'), content);
    // not a successful run for "previous": only the baseline pin brings it in
    const run = JSON.parse(fs.readFileSync(path.join(targetDir(EARLIER, TARGET), 'run.json'), 'utf8'));
    fs.writeFileSync(path.join(targetDir(EARLIER, TARGET), 'run.json'), JSON.stringify({ ...run, outcome: 'failed' }));
    const pinned = { ...config, regressions: { ...config.regressions, baselineRunId: EARLIER } };
    const { summary } = await processTarget(layOut(RUN, TARGET), pinned, () => undefined);
    expect(summary.problems).toContainEqual(expect.stringMatching(new RegExp(`^baseline run ${EARLIER}: .*summary\\.json is not .*; not compared with it$`)));
  });

  test("as a sibling target's: this target is summarised, the comparison names the sibling as not available", async () => {
    layOut(RUN, SIBLING);
    fs.writeFileSync(path.join(targetDir(RUN, SIBLING), 'summary.json'), content);
    const logs: string[] = [];
    const { summary } = await processTarget(layOut(RUN, TARGET), config, (l) => logs.push(l));
    expect(summary.target.name).toBe(TARGET);
    const comparison = JSON.parse(fs.readFileSync(path.join(results(), RUN, 'comparison.json'), 'utf8'));
    expect(comparison.rows.map((r: { target: string }) => r.target)).toEqual([TARGET]);
    expect(comparison.unavailable).toEqual([expect.stringMatching(new RegExp(`^${SIBLING}: .*/${SIBLING}/summary\\.json is not `))]);
    expect(fs.readFileSync(path.join(results(), RUN, 'comparison.md'), 'utf8')).toContain(`Not compared (summary not available):\n\n- ${SIBLING}: `);
    expect(logs).toContainEqual(expect.stringContaining(`left out of the comparison: ${SIBLING}: `));
  });
});

test('an earlier run of GuideLLM 0.7.3 is not compared with one of 0.7.4: named, not a regression', async () => {
  await processTarget(layOut(EARLIER, TARGET), config, () => undefined);
  const folder = layOut(RUN, TARGET);
  const run = JSON.parse(fs.readFileSync(path.join(folder, 'run.json'), 'utf8'));
  fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify({ ...run, guidellm: { version: '0.7.4' } }));
  const { summary } = await processTarget(folder, config, () => undefined);
  expect(summary.regressions.comparedWith).toEqual([]);
  expect(summary.problems).toEqual([`previous run ${EARLIER}: GuideLLM 0.7.4 and 0.7.3 are not comparable (from 0.7.4 token figures exclude warm-up and cool-down); not compared with it`]);
});

test('a good earlier summary is still compared with', async () => {
  await processTarget(layOut(EARLIER, TARGET), config, () => undefined);
  const { summary } = await processTarget(layOut(RUN, TARGET), config, () => undefined);
  expect(summary.regressions.comparedWith).toEqual([EARLIER]);
  expect(summary.problems).toEqual([]);
});

describe.each([
  ['empty', ''],
  ['truncated', fs.readFileSync(REPORT).subarray(0, 5000)],
  ['garbage', 'garbage'],
  ['of an unknown format version', JSON.stringify({ metadata: { version: 9 }, benchmarks: [] })],
])('a benchmarks.json that is %s', (_, report) => {
  test('is unreadable: the other benchmark is kept, the summary written, and the status fails the verdict (3)', async () => {
    const folder = layOut(RUN, TARGET, report);
    // a second benchmark whose report is fine
    fs.mkdirSync(path.join(folder, 'code-demo-ladder'));
    fs.copyFileSync(REPORT, path.join(folder, 'code-demo-ladder', 'benchmarks.json'));
    const run = JSON.parse(fs.readFileSync(path.join(folder, 'run.json'), 'utf8'));
    run.benchmarks.push({ name: 'code-demo-ladder', scenario: 'code', loadPlan: 'demo-ladder', status: 'succeeded', folder: 'code-demo-ladder', attempts: [] });
    fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify(run));
    const state = path.join(dir, 'state');
    fs.mkdirSync(state);
    fs.writeFileSync(path.join(state, 'run.env'), `RUN_ID=${RUN}\nTARGET_DIR=${folder}\n`);
    const statusFile = path.join(state, 'processor-status');
    const logs: string[] = [];

    expect(await main({ PROCESSOR_CONFIG: JSON.stringify(config), STATE_DIR: state, STATUS_FILE: statusFile }, (l) => logs.push(l))).toBe(0);
    expect(fs.readFileSync(statusFile, 'utf8')).toBe('3\n');
    expect(logs).toContainEqual(expect.stringMatching(/^results processor: 1 report\(s\) could not be read: chat-demo-ladder \(report: .*\)$/));
    const summary = JSON.parse(fs.readFileSync(path.join(folder, 'summary.json'), 'utf8'));
    expect(summary.benchmarks.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual([
      ['chat-demo-ladder', 'unreadable'],
      ['code-demo-ladder', 'succeeded'],
    ]);
    expect(summary.benchmarks[1].levels.length).toBeGreaterThan(0);
  });
});

describe('a report path that leaves the target folder is refused', () => {
  test.each([
    ['a symbolic link to /etc/passwd', (folder: string) => fs.symlinkSync('/etc/passwd', path.join(folder, 'chat-demo-ladder', 'benchmarks.json')), 'is a link to /etc/passwd'],
    [
      "a link to another target's report",
      (folder: string) => {
        const other = layOut(RUN, SIBLING);
        fs.symlinkSync(path.join(other, 'chat-demo-ladder', 'benchmarks.json'), path.join(folder, 'chat-demo-ladder', 'benchmarks.json'));
      },
      `is a link to .*/${SIBLING}/chat-demo-ladder/benchmarks\\.json`,
    ],
  ])('%s: named, not read, the benchmark unreadable', async (_, link, message) => {
    const folder = layOut(RUN, TARGET);
    fs.rmSync(path.join(folder, 'chat-demo-ladder', 'benchmarks.json'));
    link(folder);
    const { summary } = await processTarget(folder, config, () => undefined);
    expect(summary.problems).toContainEqual(expect.stringMatching(new RegExp(`^chat-demo-ladder: report chat-demo-ladder/benchmarks\\.json ${message}, outside the target folder .*; not read$`)));
    expect(summary.benchmarks[0].status).toBe('unreadable');
    expect(fs.readFileSync(path.join(folder, 'summary.json'), 'utf8')).not.toContain('root:');
  });

  test('a run.json folder with ..', async () => {
    const folder = layOut(RUN, TARGET);
    const run = JSON.parse(fs.readFileSync(path.join(folder, 'run.json'), 'utf8'));
    run.benchmarks[0].folder = '../../../../etc';
    fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify(run));
    const { summary } = await processTarget(folder, config, () => undefined);
    expect(summary.problems).toContainEqual(expect.stringMatching(/^chat-demo-ladder: report \.\.\/\.\.\/\.\.\/\.\.\/etc\/benchmarks\.json is outside the target folder .*; not read$/));
  });
});

test('text from a report cannot add Markdown structure or HTML to summary.md', async () => {
  const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
  report.benchmarks[0].config.strategy.type_ = 'x\n## Injected heading\n<script>alert(1)</script> | [link](javascript:alert(1))';
  const folder = layOut(RUN, TARGET, JSON.stringify(report));
  await processTarget(folder, config, () => undefined);
  const md = fs.readFileSync(path.join(folder, 'summary.md'), 'utf8');
  expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\| \\[link\\](javascript:alert(1))');
  expect(md.split('\n').filter((l) => l.startsWith('## Injected'))).toEqual([]);
  expect(md).not.toMatch(/<script>/);
});

test("symbolic links anywhere in the target's folder are removed and named; the files beside them stay", async () => {
  const folder = layOut(RUN, TARGET);
  fs.symlinkSync('/etc/passwd', path.join(folder, 'passwd'));
  fs.symlinkSync('/', path.join(folder, 'chat-demo-ladder', 'root'));
  fs.symlinkSync('missing-file', path.join(folder, 'chat-demo-ladder', 'dangling'));
  const before = fs.readdirSync(path.join(folder, 'chat-demo-ladder')).filter((n) => !['root', 'dangling'].includes(n)).sort();
  const { summary } = await processTarget(folder, config, () => undefined);
  expect(summary.problems).toEqual([
    'symbolic link chat-demo-ladder/dangling (to missing-file) removed: results hold files only',
    'symbolic link chat-demo-ladder/root (to /) removed: results hold files only',
    'symbolic link passwd (to /etc/passwd) removed: results hold files only',
  ]);
  expect(fs.readdirSync(path.join(folder, 'chat-demo-ladder')).filter((n) => !n.startsWith('summary')).sort()).toEqual(before);
  expect(fs.existsSync(path.join(folder, 'passwd'))).toBe(false);
  expect(fs.readFileSync('/etc/passwd', 'utf8').length).toBeGreaterThan(0); // the link's target untouched
  expect(summary.benchmarks[0].status).toBe('succeeded');
});
