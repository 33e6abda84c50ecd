/**
 * The shipped project: its config/ (which adopters replace with their own) and the dist/ committed from it. Only
 * the property suites in this folder read them, and they assert only what holds for any valid configuration; every
 * other test reads the fixture project (test/helpers/project.ts). `npm test` checks this repository's config; the
 * adopter check (`.ci/adopter-check`) runs these suites again on a copy with an adopter's models and environments.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, StackConfig } from '../../config/load';

/** The project root whose config/ and dist/ these suites check. */
export const SHIPPED_ROOT = path.join(__dirname, '..', '..');

/** The committed dist/. */
export const SHIPPED_DIST = path.join(SHIPPED_ROOT, 'dist');

let shipped: StackConfig | undefined;

/** The shipped configuration, loaded once per test file. */
export function shippedConfig(): StackConfig {
  shipped ??= loadConfig(SHIPPED_ROOT);
  return shipped;
}

/** A temporary project root holding a copy of the shipped config/ (for a synth that must not touch dist/). */
export function shippedCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-shipped-'));
  fs.cpSync(path.join(SHIPPED_ROOT, 'config'), path.join(root, 'config'), { recursive: true });
  return root;
}
