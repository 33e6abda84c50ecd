#!/usr/bin/env node
/**
 * `npm run synth [-- --env NAME]`: main.ts bundled by esbuild into one CommonJS file, cached in `.synth/` and rebuilt
 * whenever a source it bundles changes (a content hash of the TypeScript sources, `imports/` and package-lock.json),
 * then run by plain node. The same code as `node --import tsx main.ts`, and the same output (CI's drift check runs
 * this), for less CPU at every start: tsx compiles ~640 modules each time, the bundle is one file (10 targets:
 * 2.72 s → 1.33 s CPU, `npm run measure:scale -- 10`). Files the synth reads at run time (runtime/ scripts and programs, config/) are read from
 * the project as before; the bundle lives one folder below the project root, like constructs/, so their paths hold.
 *
 * Two more things are kept for the next start (issue 20: the fixed cost of every synth):
 * - the sources' hash with a stamp of every source file (size, mtime, ctime, inode): while no stamp changed, the
 *   hash is not computed again (reading `imports/` alone is ~3 MB). A file written in any way changes its ctime.
 * - V8's compiled code of the bundle (`main-<hash>.v8cache`, node's `vm.Script` cachedData): V8 checks it against
 *   its own version and flags and ignores one that does not fit; then a new one is written.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, '.synth');
const STAMP = path.join(CACHE, 'sources.json');
/** Where the bundled sources are: every .ts, .js and .json file under these folders, and these files. */
const SOURCE_DIRS = ['config', 'constructs', 'domain', 'imports', 'runtime', 'synth'];
const SOURCE_FILES = ['main.ts', 'package-lock.json', 'tsconfig.json'];

function sources(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(ts|js|cjs|mjs|json)$/.test(e.name) ? [full] : [];
  });
}

/** Written whole or not at all (another synth may read it at the same time). */
function writeWhole(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, content);
  fs.renameSync(partial, file);
}

/** The content hash of the sources, reused while the stamp of every source file is the one it was computed for. */
function sourcesHash() {
  const files = [...SOURCE_DIRS.flatMap((d) => sources(path.join(ROOT, d))), ...SOURCE_FILES.map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f))]
    .map((f) => path.relative(ROOT, f))
    .sort();
  const stamp = crypto.createHash('sha256');
  for (const file of files) {
    const s = fs.statSync(path.join(ROOT, file));
    stamp.update(`${file}\0${s.size}\0${s.mtimeMs}\0${s.ctimeMs}\0${s.ino}\0`);
  }
  const stampHex = stamp.digest('hex');
  try {
    const kept = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    if (kept.stamp === stampHex && /^[0-9a-f]{16}$/.test(kept.hash)) return kept.hash;
  } catch {
    // none yet, or unreadable: computed below
  }
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
  }
  const hex = hash.digest('hex').slice(0, 16);
  writeWhole(STAMP, JSON.stringify({ stamp: stampHex, hash: hex }));
  return hex;
}

function bundlePath() {
  return path.join(CACHE, `main-${sourcesHash()}.cjs`);
}

/**
 * The folder for the in-cluster programs' bundles (constructs/runtime-bundle.ts) that goes with `bundle`: the same
 * hash covers runtime/, domain/, tsconfig.json and package-lock.json (esbuild's version), all a program's bundle is
 * made of, so a bundle found there is current. Saves every synth the esbuild runs (issue 20).
 */
const runtimeBundlesOf = (bundle) => bundle.replace(/main-([0-9a-f]{16})\.cjs$/, 'runtime-$1');
/** V8's code cache of `bundle`. */
const codeCacheOf = (bundle) => bundle.replace(/\.cjs$/, '.v8cache');

function build(bundle) {
  fs.mkdirSync(CACHE, { recursive: true });
  const partial = `${bundle}.${process.pid}.partial`;
  require('esbuild').buildSync({
    entryPoints: [path.join(ROOT, 'main.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: partial,
    // the synth bundles the in-cluster programs with esbuild itself: loaded from node_modules, not bundled
    external: ['esbuild'],
    logLevel: 'error',
  });
  fs.renameSync(partial, bundle);
  for (const old of fs.readdirSync(CACHE)) {
    const current = [bundle, runtimeBundlesOf(bundle), codeCacheOf(bundle)].map((f) => path.basename(f)).includes(old);
    if (/^(main|runtime)-[0-9a-f]{16}(\.cjs|\.v8cache)?$/.test(old) && !current) fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
  }
}

/** Runs the bundle as `require` would, with V8's code cache: read when there is one that fits, else written at exit. */
function run(bundle) {
  const cacheFile = codeCacheOf(bundle);
  const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // at exit: the functions compiled during the run are in it too
    process.once('exit', () => writeWhole(cacheFile, script.createCachedData()));
  }
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  script.runInThisContext()(bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
}

const bundle = bundlePath();
if (!fs.existsSync(bundle)) build(bundle);
process.env.LLMBENCH_RUNTIME_BUNDLES = runtimeBundlesOf(bundle);
run(bundle);
