#!/usr/bin/env node
/**
 * `npm run synth [-- --env NAME]`: main.ts bundled by esbuild into one CommonJS file, cached in `.synth/` and rebuilt
 * whenever a source it bundles changes (a content hash of the TypeScript sources, `imports/` and package-lock.json),
 * then run by plain node. The same code as `node --import tsx main.ts`, and the same output (CI's drift check runs
 * this), for less CPU at every start: tsx compiles ~640 modules each time, the bundle is one file (10 targets:
 * 2.72 s → 1.33 s CPU, `npm run measure:scale -- 10`). Files the synth reads at run time (runtime/ scripts and programs, config/) are read from
 * the project as before; the bundle lives one folder below the project root, like constructs/, so their paths hold.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CACHE = path.join(ROOT, '.synth');
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

function bundlePath() {
  const files = [...SOURCE_DIRS.flatMap((d) => sources(path.join(ROOT, d))), ...SOURCE_FILES.map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f))];
  const hash = crypto.createHash('sha256');
  for (const file of files.map((f) => path.relative(ROOT, f)).sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(ROOT, file)));
  }
  return path.join(CACHE, `main-${hash.digest('hex').slice(0, 16)}.cjs`);
}

/**
 * The folder for the in-cluster programs' bundles (constructs/runtime-bundle.ts) that goes with `bundle`: the same
 * hash covers runtime/, domain/, tsconfig.json and package-lock.json (esbuild's version), all a program's bundle is
 * made of, so a bundle found there is current. Saves every synth the esbuild runs (issue 20).
 */
const runtimeBundlesOf = (bundle) => bundle.replace(/main-([0-9a-f]{16})\.cjs$/, 'runtime-$1');

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
    const current = old === path.basename(bundle) || old === path.basename(runtimeBundlesOf(bundle));
    if (/^(main|runtime)-[0-9a-f]{16}(\.cjs)?$/.test(old) && !current) fs.rmSync(path.join(CACHE, old), { recursive: true, force: true });
  }
}

const bundle = bundlePath();
if (!fs.existsSync(bundle)) build(bundle);
process.env.LLMBENCH_RUNTIME_BUNDLES = runtimeBundlesOf(bundle);
require(bundle);
