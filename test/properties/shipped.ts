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
import type { ResolvedEnvironment } from '../../config/resolve';

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

/**
 * One stack of the shipped config: an environment's, or each cluster's of a fleet (`clusters:`); `root` is its
 * folder under dist/ (`ENV` or `ENV/CLUSTER`), `hub` the environment's folder holding the AppProject and the root
 * Application(s): `ENV/argocd` and `ENV/bootstrap` for one cluster, `ENV/bootstrap` (the ApplicationSet) for a fleet.
 */
export interface ShippedStack {
  readonly root: string;
  readonly env: ResolvedEnvironment;
  /** The fleet it belongs to, if any. */
  readonly fleet?: ResolvedEnvironment;
}

/** Every stack of the shipped config, in the order of the environments and their clusters. */
export function shippedStacks(): ShippedStack[] {
  return shippedConfig().environments.flatMap((env): ShippedStack[] =>
    env.clusters ? env.clusters.map((member) => ({ root: `${env.name}/${member.cluster!.name}`, env: member, fleet: env })) : [{ root: env.name, env }],
  );
}
