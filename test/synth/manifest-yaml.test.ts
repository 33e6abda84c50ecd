/**
 * manifestYaml writes what `yaml.stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })` writes, byte for
 * byte: on every object of the fixture environments (as synth renders them, before serializing) and on data made
 * to hit yaml's string rules (quoting, block scalars and their chomping, document markers, keys) and its collection
 * layout (empty, nested, `undefined`), including a seeded random mix of both.
 */
import { stringify } from 'yaml';
import { buildEnvironment } from '../../constructs/environment';
import { manifestYaml, MANIFEST_YAML_OPTIONS } from '../../constructs/manifest-yaml';
import { jsonBytesAtMost } from '../../domain/object-limits';
import { fixtureEnvironment } from '../helpers/project';

jest.setTimeout(60_000);

const library = (value: unknown) => stringify(value, MANIFEST_YAML_OPTIONS);
/** The bound synth relies on to skip the JSON size of small objects (domain/object-limits.ts). */
const expectJsonWithinBound = (value: unknown) => expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(jsonBytesAtMost(Buffer.byteLength(manifestYaml(value))));

/** Strings that take each of yaml's paths: plain, single and double quoted, literal blocks with each chomping. */
const STRINGS = [
  '', ' ', 'a', 'name', 'app.kubernetes.io/name', 'true', 'True', 'TRUE', 'false', 'null', 'Null', '~', 'yes', 'no', 'on',
  '0', '12', '-1', '1.5', '1e3', '0x1F', '0o17', '.inf', '-.inf', '.nan', '.5', '+1', '1_000', '2026-12-07', '12:30',
  'a: b', 'a:b', 'a #b', 'a#b', '#a', '- a', '-', '-a', '? a', '?', ':', 'a:', "it's", '"quoted"', `both ' and "`, '@a', '`a',
  '%a', '!a', '&a', '*a', '|', '>', '[a]', '{a}', 'a,b', 'a, b', ' lead', 'trail ', 'tab\tin', '\ttab',
  'line\nline', 'line\n', 'line\n\n', '\nline', '\n', '\n\n', 'a\n b', 'a \nb', 'a\n\n\nb\n', '  indented\nnext\n', 'x\n  ',
  '---', '--- a', 'a\n---\nb', '...', 'a\n...\n', '%YAML', 'a\n%b\n', 'ctl\u0001', 'del\u007f', 'nbsp\u00a0x', 'é', '日本', '😀',
  'line\u2028sep', 'a'.repeat(300), `${'b '.repeat(200)}\n${'c'.repeat(100)}\n`, '#!/bin/sh\nset -eu\necho "$A: ${B}"\n',
  '/', '/tmp', '/a:', 'x:', 'a::b', 'a:/b', 'a@b', 'ghcr.io/x/y:v1', 'img@sha256:ab12', 'Null:', 'true:x', '--label', '-', '/#a',
  '{"json": [1, 2]}', 'https://host:8443/path?a=b#c', '*.example.com', 'key=value,other', '100Mi', '500m', '0.5',
];
const NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789012, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, NaN, Infinity, -Infinity];

describe('manifestYaml', () => {
  test.each(['demo', 'dev', 'full'])('every object of the fixture environment %s is written as yaml writes it', (name) => {
    let objects = 0;
    for (const chart of buildEnvironment(fixtureEnvironment(name)).values()) {
      for (const object of chart.toJson()) {
        expect(manifestYaml(object)).toBe(library(object));
        expectJsonWithinBound(object);
        objects++;
      }
    }
    expect(objects).toBeGreaterThan(50);
  });

  test('strings as values, keys, sequence items and at depth', () => {
    for (const s of STRINGS) {
      for (const value of [{ k: s }, { [s]: 'v' }, [s], { a: { b: [{ c: s, [s]: [s] }] } }, [[s, { s }]], { [s]: { [s]: s } }, { [s.repeat(3)]: s.repeat(50) }]) {
        expect(manifestYaml(value)).toBe(library(value));
        expectJsonWithinBound(value);
      }
    }
    // the strings JSON writes longest against YAML: quotes and backslashes, as keys and values, many of them
    for (const c of ['"', '\\', '\u0001', '\u2028', '"\\']) {
      const value = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [c.repeat(i + 1), [c.repeat(i + 1), { [c]: c }]]));
      expect(manifestYaml(value)).toBe(library(value));
      expectJsonWithinBound(value);
    }
  });

  test('numbers, booleans, null, undefined and empty collections', () => {
    const values = [...NUMBERS, true, false, null, {}, [], [[]], [{}], { a: {} }, { a: [] }, { a: undefined }, { a: { b: undefined } }];
    for (const v of values) {
      for (const value of [{ v }, [v], { a: [v, { v }] }, [[v]]]) expect(manifestYaml(value)).toBe(library(value));
    }
    expect(manifestYaml({ a: 1, b: undefined, c: 2 })).toBe('a: 1\nc: 2\n');
  });

  test('what the walk leaves to yaml gives yaml output: scalars and empty roots, long keys, objects other than plain data', () => {
    const long = 'k'.repeat(1100);
    const values: unknown[] = ['text', 3, null, {}, [], { a: undefined }, { [long]: 1 }, { when: new Date(0) }, { m: new Map([['a', 1]]) }];
    for (const value of values) expect(manifestYaml(value)).toBe(library(value));
  });

  test('a seeded random mix of nested maps, sequences and scalars', () => {
    let seed = 20;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.45) return pick<unknown>([...STRINGS, ...NUMBERS, true, false, null]);
      if (r < 0.75) return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(STRINGS), value(depth + 1)]));
      return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    };
    for (let i = 0; i < 2000; i++) {
      const v = { root: value(0), list: [value(1), value(1)] };
      expect(manifestYaml(v)).toBe(library(v));
      expectJsonWithinBound(v);
    }
  });
});
