/**
 * `npm run synth` runs bin/synth.cjs: main.ts bundled once into `.synth/` (keyed by a hash of its sources) and run by
 * plain node, from the project root. Here on an environment name that does not exist, so nothing is written: the
 * bundle is built or reused, finds the project's config/ and reports as synth does. (That the bundle writes the same
 * bytes as the sources do is CI's drift check: it runs `npm run synth` and compares with the committed dist/.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT, tempProject } from '../helpers/project';

jest.setTimeout(120_000);

const LAUNCHER = path.join(PROJECT_ROOT, 'bin', 'synth.cjs');
const CACHE = path.join(PROJECT_ROOT, '.synth');
const run = () => spawnSync(process.execPath, [LAUNCHER, '--env', 'no-such-environment'], { cwd: path.join(PROJECT_ROOT, 'test'), encoding: 'utf8' });
const bundles = () => (fs.existsSync(CACHE) ? fs.readdirSync(CACHE).filter((f) => /^main-[0-9a-f]{16}\.cjs$/.test(f)) : []);

test('the bundled synth runs from any working directory on the project root, reports bad input and writes nothing', () => {
  const first = run();
  expect(first.status).toBe(1);
  expect(first.stderr).toMatch(/^synth: configuration is invalid; nothing was written\.\nconfig\/environments: \(top level\): no environment "no-such-environment"; environments: [a-z0-9-]+(, [a-z0-9-]+)*\n$/);
  // one bundle, kept for the next run (same sources, same hash: not rebuilt)
  expect(bundles()).toHaveLength(1);
  const [bundle] = bundles();
  const built = fs.statSync(path.join(CACHE, bundle)).mtimeMs;
  const second = run();
  expect([second.status, second.stderr]).toEqual([first.status, first.stderr]);
  expect(bundles()).toEqual([bundle]);
  expect(fs.statSync(path.join(CACHE, bundle)).mtimeMs).toBe(built);
  // V8's compiled code of the bundle, written at the exit of a run that had none, read by the next
  expect(fs.existsSync(path.join(CACHE, bundle.replace(/\.cjs$/, '.v8cache')))).toBe(true);
});

test('the sources\' hash is computed again when a source file\'s stamp changes, and stays the hash of their content', () => {
  run();
  const stampFile = path.join(CACHE, 'sources.json');
  const before = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  // rewriting a file's times leaves its content and changes its ctime
  const source = path.join(PROJECT_ROOT, 'main.ts');
  const { atime, mtime } = fs.statSync(source);
  fs.utimesSync(source, atime, mtime);
  const after = run();
  expect(after.status).toBe(1);
  const now = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  expect(now.stamp).not.toBe(before.stamp);
  expect(now.hash).toBe(before.hash);
  expect(bundles()).toEqual([`main-${before.hash}.cjs`]);
});

test('a synth keeps the in-cluster programs\' bundles beside its own, for the same sources, and the next synth writes the same files', () => {
  const root = tempProject();
  const synth = () => spawnSync(process.execPath, [LAUNCHER, '--root', root, '--env', 'dev'], { encoding: 'utf8' });
  const first = synth();
  expect([first.status, first.stderr]).toEqual([0, '']);
  const [bundle] = bundles();
  const kept = path.join(CACHE, bundle.replace(/^main-([0-9a-f]{16})\.cjs$/, 'runtime-$1'));
  expect(fs.readdirSync(kept).sort()).toEqual(['runtime_processor_main.ts.js', 'runtime_render-command_main.ts.js']);
  const second = synth();
  expect(second.stdout).toMatch(/, 0 written, \d+ unchanged, 0 removed\n$/);
});
