/**
 * In-cluster programs written in TypeScript (runtime/) are bundled by esbuild at synth time into one
 * dependency-free CommonJS file for Node 20, shipped in a ConfigMap. Each bundle is built once per process.
 */
import * as path from 'path';
import { buildSync } from 'esbuild';

const PROJECT_ROOT = path.join(__dirname, '..');
const bundles = new Map<string, string>();

/** The bundle of `entry` (a path relative to the project root, e.g. `runtime/processor/main.ts`). */
export function runtimeBundle(entry: string): string {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    const result = buildSync({
      entryPoints: [entry],
      absWorkingDir: PROJECT_ROOT, // file comments in the bundle stay relative: the same bytes on every machine
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0].text;
    bundles.set(entry, bundle);
  }
  return bundle;
}
