/**
 * The processor's chunked JSON reader (runtime/processor/json-stream.ts): the same values as JSON.parse, across
 * 1 MiB chunk boundaries, with skipped subtrees scanned past (brackets and escaped quotes inside strings
 * included), Python's bare NaN/Infinity tokens kept as marked strings, and readable errors with the byte offset.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EMPTY, parseJsonText, readJsonFile } from '../../../runtime/processor/json-stream';
import { readReport, parseReport } from '../../../runtime/processor/parse-report';
import { PROJECT_ROOT } from '../../helpers/project';

const REPORT = path.join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');
const PLAIN = { bareToken: '\u0000' };
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'json-stream-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fromFile = (text: string | Buffer, options = PLAIN) => {
  const file = path.join(dir, 'doc.json');
  fs.writeFileSync(file, text);
  return readJsonFile(file, options);
};

test('the same value as JSON.parse: the real GuideLLM report, from text and from a file', () => {
  const text = fs.readFileSync(REPORT, 'utf8');
  expect(parseJsonText(text, PLAIN)).toEqual({ value: JSON.parse(text) });
  expect(fromFile(text)).toEqual({ value: JSON.parse(text) });
});

test('strings across chunk boundaries: escapes, surrogate pairs and multi-byte characters', () => {
  const value = { pad: 'x'.repeat((1 << 20) - 10), s: 'é€😀 "quoted" \\ back\nslash \u0001', after: [1.5e3, -0, true, false, null] };
  // shift the tricky characters over the 1 MiB boundary one byte at a time
  for (let shift = 0; shift < 8; shift++) {
    const text = JSON.stringify({ ...value, pad: value.pad.slice(shift) });
    expect(fromFile(text)).toEqual({ value: JSON.parse(text) });
  }
});

test('a skipped subtree is not kept, whatever brackets and escaped quotes its strings hold, across chunks', () => {
  const requests = Array.from({ length: 30_000 }, (_, i) => ({ id: `r${i}`, text: `a "]}" \\" [{ ${'y'.repeat(i % 97)}`, n: i }));
  const doc = { benchmarks: [{ metrics: { a: 1 }, requests, after: 'kept' }], tail: 2 };
  const text = JSON.stringify(doc);
  expect(text.length).toBeGreaterThan(2 << 20);
  const skip = (p: readonly (string | number)[]) => p.length === 3 && p[0] === 'benchmarks' && p[2] === 'requests';
  expect(fromFile(text, { ...PLAIN, skip } as never)).toEqual({ value: { benchmarks: [{ metrics: { a: 1 }, after: 'kept' }], tail: 2 } });
});

test('visited items are handed over one by one, with skip applied inside, and left out of their list', () => {
  const requests = Array.from({ length: 30_000 }, (_, i) => ({ id: `r${i}`, text: `"]}" ${'y'.repeat(i % 97)}`, n: i }));
  const text = JSON.stringify({ benchmarks: [{ requests: { successful: requests, total: null }, after: 'kept' }] });
  const seen: [readonly (string | number)[], unknown][] = [];
  const options = {
    ...PLAIN,
    skip: (p: readonly (string | number)[]) => p.length === 6 && p[5] === 'text',
    visit: { match: (p: readonly (string | number)[]) => p.length === 5 && p[2] === 'requests', value: (p: readonly (string | number)[], v: unknown) => seen.push([p, v]) },
  };
  expect(fromFile(text, options)).toEqual({ value: { benchmarks: [{ requests: { successful: [], total: null }, after: 'kept' }] } });
  expect(seen).toHaveLength(30_000);
  expect(seen[12345]).toEqual([['benchmarks', 0, 'requests', 'successful', 12345], { id: 'r12345', n: 12345 }]);
});

test('nesting deeper than the limit is an error, not a stack overflow', () => {
  expect(parseJsonText(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, PLAIN)).toEqual({ error: 'nested deeper than 256 levels at byte 256' });
});

test("Python's bare NaN, Infinity and -Infinity become marked strings; inside strings they stay text", () => {
  expect(parseJsonText('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN"}', PLAIN)).toEqual({ value: { a: '\u0000NaN', b: ['\u0000Infinity', '\u0000-Infinity'], c: 'NaN' } });
});

test.each([
  ['', EMPTY],
  [' \n\t', EMPTY],
  ['{"a": 1', 'unexpected end of the JSON input at byte 7'],
  ['{"a": 1}}', 'unexpected character "}" at byte 8'],
  ['{"a": 01}', 'bad number "01" at byte 8'],
  ['{"a": tru}', 'bad literal (expected true) at byte 10'],
  ['{"a": "\u0001"}', 'control character in a string at byte 8'],
  ['[1, 2', 'unexpected end of the JSON input at byte 5'],
])('%j is refused: %s', (text, error) => {
  expect(parseJsonText(text, PLAIN)).toEqual({ error });
  expect(fromFile(text)).toEqual({ error });
});

test('__proto__ in a document is an ordinary key, never a prototype', () => {
  const parsed = parseJsonText('{"__proto__": {"polluted": true}}', PLAIN) as { value: Record<string, unknown> };
  expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test('readReport (chunked, from the file) and parseReport (from the text) read a report alike', () => {
  const { file: _a, ...fromDisk } = readReport(REPORT);
  const { file: _b, ...fromText } = parseReport(REPORT, fs.readFileSync(REPORT, 'utf8'));
  expect(fromDisk).toEqual(fromText);
  expect(fromDisk.levels.length).toBeGreaterThan(0);
});
