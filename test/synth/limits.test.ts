/**
 * Synth's size rules (synth/render.ts with domain/object-limits.ts): an object too large for client-side apply is
 * applied server-side, one over Kubernetes' limits and an app folder over ArgoCD's are refused with the file, the
 * size and the limit, and nothing is rendered.
 */
import { ConfigError, formatProblem } from '../../config/errors';
import { ResolvedEnvironment } from '../../config/resolve';
import { renderEnvironment, serverSideWhenLarge, sizeProblems } from '../../synth/render';
import { fixtureEnvironment } from '../helpers/project';

jest.setTimeout(120_000);

const configMap = (bytes: number, annotations?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'big', namespace: 'ns', ...(annotations ? { annotations } : {}) },
  data: { 'file.txt': 'x'.repeat(bytes) },
});

test('an object over the last-applied budget gets ServerSideApply=true beside its other sync options; a smaller one is left alone', () => {
  const large = configMap(250 * 1024, { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
  expect(serverSideWhenLarge(large)).toBe(true);
  expect(serverSideWhenLarge(large)).toBe(false); // already server-side
  expect(large.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true,ServerSideApply=true' });
  const bare = configMap(250 * 1024);
  expect(serverSideWhenLarge(bare)).toBe(true);
  expect(bare.metadata).toEqual({ name: 'big', namespace: 'ns', annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' } });
  const small = configMap(200 * 1024);
  expect(serverSideWhenLarge(small)).toBe(false);
  expect(small.metadata.annotations).toBeUndefined();
});

test('a ConfigMap over 1 MiB of data and an object over etcd\'s 1.5 MiB are named with their size and the limit', () => {
  expect(sizeProblems('dev/benchmarks/configmap-big.yaml', configMap(1100 * 1024))).toEqual([
    'dist/dev/benchmarks/configmap-big.yaml would hold 1.07 MiB of data; a ConfigMap holds at most 1 MiB: benchmark fewer targets in this environment or split it into two',
  ]);
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { x: 'y'.repeat(1600 * 1024) } };
  expect(sizeProblems('dev/jobs/job-j.yaml', job)).toEqual([
    'dist/dev/jobs/job-j.yaml would be 1.56 MiB; etcd stores at most 1.50 MiB per object: benchmark fewer targets in this environment or split it into two',
  ]);
  expect(sizeProblems('dev/benchmarks/configmap-big.yaml', configMap(1000 * 1024))).toEqual([]);
});

test("an app folder over ArgoCD's 10M is a configuration error naming the environment's file: nothing is rendered", () => {
  const full = fixtureEnvironment('full');
  const many: ResolvedEnvironment = { ...full, targets: Array.from({ length: 480 }, (_, i) => ({ ...full.targets[i % full.targets.length], name: `t${i}` })) };
  let error: unknown;
  try {
    renderEnvironment(many);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).problems.map(formatProblem)).toEqual([
    expect.stringMatching(
      /^config\/environments\/full\.yaml: targets: dist\/full\/benchmarks\/ would hold [\d.]+ MiB of manifests; the ArgoCD instance reads at most 10,000,000 bytes per Application \(argocd\.maxManifestBytesPerApp; ArgoCD's default is 10M, .*\): split the environment into two, or raise that limit on the instance and argocd\.maxManifestBytesPerApp with it$/,
    ),
  ]);
});
