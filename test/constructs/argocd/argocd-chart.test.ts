import { Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../../config/resolve';
import { STACK_IGNORE_DIFFERENCES } from '../../../constructs/argocd/child-application';
import { ArgocdChart, syncedApp } from '../../../constructs/charts/argocd-chart';
import { BenchmarksChart } from '../../../constructs/charts/benchmarks-chart';
import { OperatorsChart } from '../../../constructs/charts/operators-chart';
import { fixtureEnvironment } from '../../helpers/project';

const dev = fixtureEnvironment('dev');

function synth(env: ResolvedEnvironment) {
  const app = Testing.app();
  const apps = [syncedApp('operators', new OperatorsChart(app, 'operators', env))!, syncedApp('benchmarks', new BenchmarksChart(app, 'benchmarks', env))!];
  return Testing.synth(new ArgocdChart(app, 'argocd', env, apps));
}

test('an AppProject and one child Application per app, in the ArgoCD namespace', () => {
  const objects = synth(dev);
  expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
    ['AppProject', 'llmbench-dev', 'openshift-gitops'],
    ['Application', 'dev-operators', 'openshift-gitops'],
    ['Application', 'dev-benchmarks', 'openshift-gitops'],
  ]);
  // the AppProject's kind whitelist follows the app folders' contents, so only the Applications are snapshotted
  expect(objects.filter((o) => o.kind === 'Application')).toMatchSnapshot();
});

test('the AppProject limits repo, destinations and kinds to what the stack uses', () => {
  const [project] = synth(dev);
  expect(project.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
  expect(project.spec.sourceRepos).toEqual(['https://github.com/example-org/llm-benchmark-stack.git']);
  expect(project.spec.destinations).toEqual(
    ['llm-bench-dev', 'llm-serving-dev', 'grafana-operator', 'openshift-operators'].map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace })),
  );
  // Namespaces only: the stack's ClusterRoleBindings are applied from bootstrap/, never synced
  expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  // exactly the namespaced kinds of the app folders, sorted, each once
  const kinds = project.spec.namespaceResourceWhitelist.map((k: any) => `${k.group}/${k.kind}`);
  expect(kinds).toContain('/PersistentVolumeClaim');
  expect(kinds).toContain('/ConfigMap');
  expect(kinds).not.toContain('/Namespace');
  expect(kinds).not.toContain('/Secret');
  expect([...kinds].sort()).toEqual(kinds);
  expect(new Set(kinds).size).toBe(kinds.length);
  expect(project.spec.namespaceResourceBlacklist).toBeUndefined();
});

test('child Applications: path, project, destination, wave, sync options, automated, retry, ignoreDifferences', () => {
  const [, operators, benchmarks] = synth(dev);
  expect(operators.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '0' });
  expect(benchmarks.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '2' });
  expect(benchmarks.metadata.finalizers).toBeUndefined();
  expect(benchmarks.spec).toMatchObject({
    project: 'llmbench-dev',
    source: { repoURL: 'https://github.com/example-org/llm-benchmark-stack.git', targetRevision: 'main', path: 'dist/dev/benchmarks' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'llm-bench-dev' },
  });
  expect(benchmarks.spec.syncPolicy).toEqual({
    automated: { prune: true, selfHeal: true },
    syncOptions: ['CreateNamespace=true', 'PruneLast=true', 'RespectIgnoreDifferences=true'],
    retry: { limit: 10, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } },
  });
  expect(benchmarks.spec.ignoreDifferences).toEqual(STACK_IGNORE_DIFFERENCES);
  expect(STACK_IGNORE_DIFFERENCES.map((d) => d.kind)).toEqual(['ServiceAccount', 'Secret', 'Route']);
});

test('automated: false gives Applications without an automated block', () => {
  const manual = { ...dev, config: { ...dev.config, argocd: { ...dev.config.argocd, automated: false as const } } };
  for (const application of synth(manual).filter((o) => o.kind === 'Application')) {
    expect(application.spec.syncPolicy.automated).toBeUndefined();
    expect(application.spec.syncPolicy.retry).toBeDefined();
  }
});
