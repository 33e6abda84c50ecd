/**
 * Hundreds of targets: the fixture's `full` environment with its targets repeated to 10 and 200 (each copy a target
 * of its own name), rendered in memory as synth renders it. Every object stays within Kubernetes' limits, every
 * app folder within ArgoCD's, and no object grows with the number of targets by more than one target's share.
 */
import { ResolvedEnvironment } from '../../config/resolve';
import { SYNCED_APPS } from '../../domain/apps';
import { dataBytes, KUBERNETES_LIMITS, needsServerSideApply } from '../../domain/object-limits';
import { renderEnvironment } from '../../synth/render';
import { parse } from 'yaml';
import { fixtureEnvironment } from '../helpers/project';

jest.setTimeout(120_000);

const full = fixtureEnvironment('full');

/** `full` with `count` targets: its own, repeated under new names. */
function withTargets(count: number): ResolvedEnvironment {
  const targets = Array.from({ length: count }, (_, i) => {
    const t = full.targets[i % full.targets.length];
    return { ...t, name: `t${i}-${t.name}`.slice(0, 40).replace(/-$/, '') };
  });
  return { ...full, targets };
}

interface Rendered {
  readonly path: string;
  readonly folder: string;
  readonly object: Record<string, any>;
  readonly bytes: number;
}

function render(count: number): Rendered[] {
  return renderEnvironment(withTargets(count))
    .filter((f) => f.path.endsWith('.yaml'))
    .map((f) => {
      const object = parse(f.content);
      return { path: f.path, folder: f.path.split('/')[1], object, bytes: Buffer.byteLength(JSON.stringify(object)) };
    });
}

const small = render(10);
const large = render(200);

test('200 targets: every object within Kubernetes limits; one too large for client-side apply is applied server-side', () => {
  expect(large.filter((f) => f.object.kind === 'Job' && f.folder === 'jobs')).toHaveLength(200);
  for (const f of large) {
    expect([f.path, f.bytes <= KUBERNETES_LIMITS.object]).toEqual([f.path, true]);
    if (f.object.kind === 'ConfigMap') expect([f.path, dataBytes(f.object) <= KUBERNETES_LIMITS.configMapData]).toEqual([f.path, true]);
    const synced = (SYNCED_APPS as readonly string[]).includes(f.folder);
    if (synced && needsServerSideApply(f.bytes)) expect([f.path, f.object.metadata.annotations?.['argocd.argoproj.io/sync-options']]).toEqual([f.path, expect.stringContaining('ServerSideApply=true')]);
  }
});

test('200 targets: every app folder within ArgoCD\'s 10M', () => {
  const folders = new Map<string, number>();
  for (const f of large) folders.set(f.folder, (folders.get(f.folder) ?? 0) + f.bytes);
  // the fixture keeps ArgoCD's default
  const limit = full.config.argocd.maxManifestBytesPerApp;
  expect(limit).toBe(10_000_000);
  for (const [folder, bytes] of folders) expect([folder, bytes <= limit]).toEqual([folder, true]);
});

test("no object grows by more than one target's share from 10 to 200 targets", () => {
  const total = (files: Rendered[]) => files.reduce((n, f) => n + f.bytes, 0);
  const share = (total(large) - total(small)) / 190;
  const before = new Map(small.map((f) => [f.path, f.bytes]));
  const grown = large
    .map((f) => ({ path: f.path, growth: f.bytes - (before.get(f.path) ?? 0) }))
    .filter((g) => g.growth > share * 1.1 + 4096)
    .map((g) => `${g.path}: +${g.growth} B (one target's share: ${Math.round(share)} B)`);
  expect(grown).toEqual([]);
});
