/**
 * In-cluster programs written in TypeScript (runtime/) are bundled by esbuild at synth time into one
 * dependency-free CommonJS file for Node 20, shipped in a ConfigMap. Each bundle is built once per process, and
 * under `npm run synth` once per state of the sources: bin/synth.cjs names a folder in the environment variable
 * below that belongs to one content hash of every source a bundle is made of, and a bundle kept there is reused.
 *
 * The one npm package a program uses, `@aws-sdk/client-s3` (runtime/object-store/bucket.ts, object-store mode), is
 * not in the program's bundle: it is its own minified file, {@link S3_CLIENT_FILE}, shipped beside the program in
 * the same ConfigMap, and the program requires it from there when it first opens a bucket. Readable, it would not
 * fit a ConfigMap (1.4 MB); a volume-mode ConfigMap does not ship it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';

const PROJECT_ROOT = path.join(__dirname, '..');
const bundles = new Map<string, string>();
/** The folder for bundles of the current sources, set by bin/synth.cjs; unset (tests, tsx), nothing is kept. */
export const RUNTIME_BUNDLES_ENV = 'LLMBENCH_RUNTIME_BUNDLES';

/** The bundle kept for `entry` under `dir`, or the one built now and kept there. */
function keptBundle(entry: string, dir: string | undefined, build: () => string): string {
  if (!dir) return build();
  const file = path.join(dir, `${entry.replace(/[^A-Za-z0-9.-]/g, '_')}.js`);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  const bundle = build();
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, bundle);
  fs.renameSync(partial, file); // whole or not at all: another synth may read it at the same time
  return bundle;
}

/** The bundle of `entry` (a path relative to the project root, e.g. `runtime/processor/main.ts`). */
export function runtimeBundle(entry: string): string {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    bundle = keptBundle(entry, process.env[RUNTIME_BUNDLES_ENV], () => build(entry));
    bundles.set(entry, bundle);
  }
  return bundle;
}

/** The file name of the S3 client beside the program that requires it. */
export const S3_CLIENT_FILE = 'aws-sdk-client-s3.js';
const S3_CLIENT_PACKAGE = '@aws-sdk/client-s3';

/** `@aws-sdk/client-s3` as one minified CommonJS file ({@link S3_CLIENT_FILE}), legal comments kept at its end. */
export function s3ClientBundle(): string {
  let bundle = bundles.get(S3_CLIENT_PACKAGE);
  if (bundle === undefined) {
    bundle = keptBundle(S3_CLIENT_FILE, process.env[RUNTIME_BUNDLES_ENV], () => {
      const result = buildSync({
        stdin: { contents: `module.exports = require(${JSON.stringify(S3_CLIENT_PACKAGE)});`, resolveDir: PROJECT_ROOT, sourcefile: 'aws-sdk-client-s3.ts' },
        absWorkingDir: PROJECT_ROOT,
        bundle: true,
        minify: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        write: false,
        legalComments: 'eof',
        logLevel: 'silent',
      });
      return result.outputFiles[0].text;
    });
    bundles.set(S3_CLIENT_PACKAGE, bundle);
  }
  return bundle;
}

function build(entry: string): string {
  const result = buildSync({
    entryPoints: [entry],
    alias: { [S3_CLIENT_PACKAGE]: `./${S3_CLIENT_FILE}` },
    external: [`./${S3_CLIENT_FILE}`],
    absWorkingDir: PROJECT_ROOT, // file comments in the bundle stay relative: the same bytes on every machine
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
