/**
 * Malformed reports, one table: each row is a way a benchmark's `benchmarks.json` (or the files around it) can be
 * bad — cut off by a full volume, written by another tool or version, hand-edited, or holding impossible figures.
 * The real results processor (`main`, as the benchmark Job runs it) must, for every row: write this target's
 * summary, name the problem with the file and what is wrong, keep the other benchmark's figures, and fail the
 * verdict (status 3) — never a green Job on bad data. Figures GuideLLM itself leaves out (NaN for an empty
 * distribution) are "missing", not bad data: the last rows.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processorConfig } from '../../../constructs/charts/props';
import { main } from '../../../runtime/processor/main';
import { fixtureEnvironment } from '../../helpers/project';
import { layOutTarget, REPORT } from './run-folder';

const config = { ...processorConfig(fixtureEnvironment('demo')), pushgateway: undefined, modelRegistry: undefined };
const RUN = '20261124-020000';
const TARGET = 'mistral-3-int4-l4-x1';
const BAD = 'chat-demo-ladder';
const GOOD = 'code-demo-ladder';

type Report = any;
const real = (): Report => JSON.parse(fs.readFileSync(REPORT, 'utf8'));
const edited = (edit: (r: Report) => void) => () => {
  const r = real();
  edit(r);
  return JSON.stringify(r);
};
const ttft = (r: Report, i = 0) => r.benchmarks[i].metrics.time_to_first_token_ms.successful;
const text = fs.readFileSync(REPORT, 'utf8');

/** How the bad benchmark's folder is made: report text, or a change to the folder itself. */
type Make = (() => string | Buffer) | { folder: (benchFolder: string, targetFolder: string) => void };

/** [case, how it is made, a pattern the named problem must match] */
const BAD_REPORTS: [string, Make, RegExp][] = [
  ['an empty file', () => '', /empty file, not a GuideLLM report/],
  ['only whitespace', () => '  \n\t\n', /empty file|malformed or truncated JSON/],
  ['cut off after 5000 bytes (a full volume)', () => text.slice(0, 5000), /malformed or truncated JSON/],
  ['cut off one byte before the end', () => text.slice(0, text.trimEnd().length - 1), /malformed or truncated JSON/],
  ['garbage text', () => 'Traceback (most recent call last):\n  File "guidellm"', /malformed or truncated JSON/],
  ['gzip-compressed bytes', () => Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xff]), /malformed or truncated JSON/],
  ['a JSON null', () => 'null', /not a GuideLLM report \(the top level is null/],
  ['a JSON list', () => '[1, 2]', /not a GuideLLM report \(the top level is an array/],
  ['a JSON string', () => '"benchmarks"', /not a GuideLLM report \(the top level is a string/],
  ['an unknown format version (9)', edited((r) => (r.metadata.version = 9)), /metadata\.version 9 is not supported/],
  ['no metadata.version', edited((r) => delete r.metadata.version), /metadata\.version is missing/],
  ['benchmarks is not a list', edited((r) => (r.benchmarks = { a: 1 })), /benchmarks is missing or not a list/],
  ['benchmarks is empty', edited((r) => (r.benchmarks = [])), /benchmarks is empty/],
  ['a benchmark that is a number', edited((r) => (r.benchmarks[1] = 42)), /benchmark 1: is a number, not an object/],
  ['a negative TTFT p95', edited((r) => (ttft(r).percentiles.p95 = -100)), /time_to_first_token_ms\.successful\.percentiles\.p95 is -100: negative/],
  ['a negative output throughput', edited((r) => (r.benchmarks[0].metrics.output_tokens_per_second.successful.mean = -1000)), /output_tokens_per_second\.successful\.mean is -1000: negative/],
  ['a TTFT of 1e308 ms', edited((r) => (ttft(r).median = 1e308)), /median is 1e\+308: above/],
  ['a figure written as text', edited((r) => (ttft(r).percentiles.p95 = 'fast')), /p95 is "fast", not a finite number/],
  ['a figure that is an object', edited((r) => (ttft(r).mean = { value: 1 })), /mean is an object, not a finite number/],
  ['a negative request count', edited((r) => (r.benchmarks[0].metrics.request_totals.errored = -3)), /request_totals\.errored is -3: negative/],
  ['a request count written as text', edited((r) => (r.benchmarks[0].metrics.request_totals.successful = 'many')), /request_totals\.successful is "many", not a finite number/],
  ['a negative load (rate)', edited((r) => (r.benchmarks[0].config.strategy.rate = -2)), /strategy\.rate is -2: negative/],
  ['a load written as text', edited((r) => (r.benchmarks[0].config.strategy.rate = 'two')), /strategy\.rate is "two", not a finite number/],
  ['a directory where the report belongs', { folder: (b) => (fs.rmSync(path.join(b, 'benchmarks.json')), fs.mkdirSync(path.join(b, 'benchmarks.json'))) }, /cannot read the report \(.*director/i],
  ['no report though run.json says succeeded', { folder: (b) => fs.rmSync(path.join(b, 'benchmarks.json')) }, /no report at chat-demo-ladder\/benchmarks\.json/],
  ['a link to /etc/passwd', { folder: (b) => (fs.rmSync(path.join(b, 'benchmarks.json')), fs.symlinkSync('/etc/passwd', path.join(b, 'benchmarks.json'))) }, /is a link to \/etc\/passwd, outside the target folder/],
  ['nested 100 000 lists deep', () => `{"metadata": {"version": 2}, "benchmarks": [${'['.repeat(100000)}${']'.repeat(100000)}]}`, /malformed or truncated JSON \(nested deeper than 256 levels at byte/],
];

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'processor-malformed-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The target folder with the bad benchmark made by `make` and a second, good benchmark; the processor's outcome. */
async function process(make: Make) {
  const folder = layOutTarget(path.join(dir, 'results'), RUN, TARGET);
  const bad = path.join(folder, BAD);
  if (typeof make === 'function') fs.writeFileSync(path.join(bad, 'benchmarks.json'), make());
  else make.folder(bad, folder);
  fs.mkdirSync(path.join(folder, GOOD));
  fs.copyFileSync(REPORT, path.join(folder, GOOD, 'benchmarks.json'));
  const run = JSON.parse(fs.readFileSync(path.join(folder, 'run.json'), 'utf8'));
  run.benchmarks.push({ ...run.benchmarks[0], name: GOOD, scenario: 'code', folder: GOOD });
  fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify(run));
  const state = path.join(dir, 'state');
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(state, 'run.env'), `RUN_ID=${RUN}\nTARGET_DIR=${folder}\n`);
  const logs: string[] = [];
  const code = await main({ PROCESSOR_CONFIG: JSON.stringify(config), STATE_DIR: state, STATUS_FILE: path.join(state, 'status') }, (l) => logs.push(l));
  expect(code).toBe(0);
  const summaryFile = path.join(folder, 'summary.json');
  return {
    status: fs.readFileSync(path.join(state, 'status'), 'utf8').trim(),
    summary: fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, 'utf8')) : undefined,
    logs,
  };
}

test.each(BAD_REPORTS)('%s: named, the other benchmark kept, the summary written, the verdict fails', async (_, make, named) => {
  const { status, summary, logs } = await process(make);
  expect(summary).toBeDefined();
  expect(summary.problems).toContainEqual(expect.stringMatching(named));
  const byName = Object.fromEntries(summary.benchmarks.map((b: any) => [b.name, b]));
  expect(byName[GOOD].status).toBe('succeeded');
  expect(byName[GOOD].levels.length).toBeGreaterThan(0);
  expect(byName[BAD].status).not.toBe('succeeded');
  expect(status).toBe('3');
  expect(logs).toContainEqual(expect.stringContaining(BAD));
});

test('the table covers the cases the issue counted (26)', () => expect(BAD_REPORTS.length).toBeGreaterThanOrEqual(26));

test.each([
  ['a bare NaN p95 (GuideLLM writes NaN for an empty distribution)', () => text.replace(/"p95": [0-9.]+/, '"p95": NaN')],
  ['a null percentile', edited((r) => (ttft(r).percentiles.p99 = null))],
])('%s: the figure is missing, named; not bad data, the verdict passes', async (_, make) => {
  const { status, summary } = await process(make);
  expect(summary.benchmarks.map((b: any) => b.status)).toEqual(['succeeded', 'succeeded']);
  expect(summary.benchmarks[0].missing.length + summary.problems.length).toBeGreaterThan(0);
  expect(status).toBe('0');
});
