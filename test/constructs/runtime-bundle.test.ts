/**
 * runtimeBundle builds an in-cluster program with esbuild once per process; with RUNTIME_BUNDLES_ENV set (as
 * bin/synth.cjs sets it, to a folder that belongs to one hash of the sources) it keeps the bundle there and the
 * next process reads it instead of running esbuild. Each case loads the module afresh (its per-process memory empty).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ENTRY = 'runtime/render-command/main.ts';
const KEPT_FILE = 'runtime_render-command_main.ts.js';

function freshRuntimeBundle(): typeof import('../../constructs/runtime-bundle') {
  let loaded: typeof import('../../constructs/runtime-bundle') | undefined;
  jest.isolateModules(() => {
    loaded = require('../../constructs/runtime-bundle');
  });
  return loaded!;
}

function withKeptFolder<T>(dir: string | undefined, run: () => T): T {
  const { RUNTIME_BUNDLES_ENV } = freshRuntimeBundle();
  const before = process.env[RUNTIME_BUNDLES_ENV];
  if (dir === undefined) delete process.env[RUNTIME_BUNDLES_ENV];
  else process.env[RUNTIME_BUNDLES_ENV] = dir;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env[RUNTIME_BUNDLES_ENV];
    else process.env[RUNTIME_BUNDLES_ENV] = before;
  }
}

test('the bundle is kept in the named folder, and a kept bundle is what the next process gets', () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-bundles-')), 'runtime-0123456789abcdef');
  const built = withKeptFolder(dir, () => freshRuntimeBundle().runtimeBundle(ENTRY));
  expect(built).toMatch(/^"use strict";/);
  expect(fs.readdirSync(dir)).toEqual([KEPT_FILE]); // no partial file left
  expect(fs.readFileSync(path.join(dir, KEPT_FILE), 'utf8')).toBe(built);

  fs.writeFileSync(path.join(dir, KEPT_FILE), '// kept\n');
  expect(withKeptFolder(dir, () => freshRuntimeBundle().runtimeBundle(ENTRY))).toBe('// kept\n');
});

test('without the folder (tests, tsx) the bundle is built in the process', () => {
  expect(withKeptFolder(undefined, () => freshRuntimeBundle().runtimeBundle(ENTRY))).toMatch(/^"use strict";/);
});
