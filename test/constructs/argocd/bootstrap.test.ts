import { Testing } from 'cdk8s';
import { APPLICATION_HEALTH_LUA, applicationHealthCheckPatch, HEALTH_CHECK_PATCH_FILE } from '../../../constructs/argocd/health-check';
import { ControllerRbac } from '../../../constructs/argocd/controller-rbac';
import { BootstrapChart } from '../../../constructs/charts/bootstrap-chart';
import { rawFilesOf } from '../../../constructs/raw-file';
import { Chart } from 'cdk8s';
import { fixtureEnvironment } from '../../helpers/project';

const dev = fixtureEnvironment('dev');

function build() {
  const chart = new BootstrapChart(Testing.app(), 'bootstrap', dev);
  return { chart, objects: Testing.synth(chart) };
}
const find = (objects: any[], kind: string, name: string, namespace?: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);

test('bootstrap holds the root Application, the controller grant and the owned namespaces', () => {
  const { objects } = build();
  expect(objects).toMatchSnapshot();
  expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
    'Application/openshift-gitops/dev-root',
    'ClusterRole//llmbench-dev-cluster',
    'ClusterRole//llmbench-dev-operatorgroups',
    'ClusterRole//llmbench-dev-subscriptions',
    'ClusterRoleBinding//llmbench-dev-cluster',
    'Namespace//grafana-operator',
    'Namespace//llm-bench-dev',
    'Role/llm-serving-dev/llmbench-dev-serving-rbac',
    'RoleBinding/grafana-operator/llmbench-dev-operatorgroups',
    'RoleBinding/grafana-operator/llmbench-dev-subscriptions',
    'RoleBinding/llm-bench-dev/llmbench-dev-admin',
    'RoleBinding/llm-bench-dev/llmbench-dev-monitoring-edit',
    'RoleBinding/llm-serving-dev/llmbench-dev-serving-monitoring',
    'RoleBinding/llm-serving-dev/llmbench-dev-serving-rbac',
    'RoleBinding/openshift-operators/llmbench-dev-global-subscriptions',
  ]);
});

test('the root Application syncs the argocd folder under the default project, with the environment automated policy', () => {
  const root = find(build().objects, 'Application', 'dev-root', 'openshift-gitops');
  expect(root.spec).toEqual({
    project: 'default',
    source: { repoURL: 'https://github.com/example-org/llm-benchmark-stack.git', targetRevision: 'main', path: 'dist/dev/argocd' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops' },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['PruneLast=true'],
      retry: { limit: 10, backoff: { duration: '15s', factor: 2, maxDuration: '5m' } },
    },
  });
});

test('cluster-wide rights: create Namespaces and ClusterRoleBindings, change only ours, bind only cluster-monitoring-view', () => {
  const { objects } = build();
  const role = find(objects, 'ClusterRole', 'llmbench-dev-cluster');
  expect(role.rules).toEqual([
    { apiGroups: [''], resources: ['namespaces'], verbs: ['create'] },
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ['llm-bench-dev', 'grafana-operator'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['create'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ['llmbench-dev-monitoring-view'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-monitoring-view'] },
  ]);
  const subject = { kind: 'ServiceAccount', name: 'openshift-gitops-argocd-application-controller', namespace: 'openshift-gitops' };
  expect(find(objects, 'ClusterRoleBinding', 'llmbench-dev-cluster')).toMatchObject({
    roleRef: { kind: 'ClusterRole', name: 'llmbench-dev-cluster' },
    subjects: [subject],
  });
  for (const binding of objects.filter((o) => o.kind === 'RoleBinding')) expect(binding.subjects).toEqual([subject]);
});

test('namespaced rights: admin in the stack namespace, monitoring-edit in the serving one, no OperatorGroup in openshift-operators', () => {
  const { objects } = build();
  const roleOf = (name: string, namespace: string) => find(objects, 'RoleBinding', name, namespace)?.roleRef.name;
  expect(roleOf('llmbench-dev-admin', 'llm-bench-dev')).toBe('admin');
  expect(roleOf('llmbench-dev-monitoring-edit', 'llm-bench-dev')).toBe('monitoring-edit');
  expect(roleOf('llmbench-dev-serving-monitoring', 'llm-serving-dev')).toBe('monitoring-edit');
  expect(roleOf('llmbench-dev-subscriptions', 'grafana-operator')).toBe('llmbench-dev-subscriptions');
  expect(roleOf('llmbench-dev-operatorgroups', 'grafana-operator')).toBe('llmbench-dev-operatorgroups');
  expect(objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === 'openshift-operators').map((o) => o.roleRef.name)).toEqual([
    'llmbench-dev-subscriptions',
  ]);
  expect(find(objects, 'ClusterRole', 'llmbench-dev-operatorgroups').rules).toEqual([
    { apiGroups: ['operators.coreos.com'], resources: ['operatorgroups'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  ]);
  // the stack namespace is written exactly as the operators app writes it, so ArgoCD adopts it unchanged
  expect(find(objects, 'Namespace', 'llm-bench-dev').metadata.labels['llmbench.io/environment']).toBe('dev');
  expect(find(objects, 'Namespace', 'grafana-operator').metadata.labels['llmbench.io/environment']).toBeUndefined();
});

test('in the serving namespace the controller may create Roles and RoleBindings, and change only the dispatcher window and processor ones', () => {
  const { objects } = build();
  const rbac = 'rbac.authorization.k8s.io';
  expect(find(objects, 'Role', 'llmbench-dev-serving-rbac', 'llm-serving-dev').rules).toEqual([
    { apiGroups: [rbac], resources: ['roles', 'rolebindings'], verbs: ['create'] },
    { apiGroups: [rbac], resources: ['roles', 'rolebindings'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ['llmbench-dev-benchmark-window'] },
    // the results processor's `view` RoleBinding (bottleneck analysis, on by default)
    { apiGroups: [rbac], resources: ['rolebindings'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ['llmbench-dev-results-metrics-view'] },
    { apiGroups: [rbac], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['view'] },
  ]);
  expect(find(objects, 'RoleBinding', 'llmbench-dev-serving-rbac', 'llm-serving-dev').roleRef).toEqual({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'Role',
    name: 'llmbench-dev-serving-rbac',
  });
  // without silencing, only the processor's binding; without the analysis either, no such grant
  const quiet = { ...dev, config: { ...dev.config, monitoring: { ...dev.config.monitoring, alerts: { ...dev.config.monitoring.alerts, benchmarkWindow: { enabled: false, cooldown: '10m' } } } } };
  const quietRules = find(Testing.synth(new BootstrapChart(Testing.app(), 'bootstrap', quiet)), 'Role', 'llmbench-dev-serving-rbac', 'llm-serving-dev').rules;
  expect(quietRules[0]).toEqual({ apiGroups: [rbac], resources: ['rolebindings'], verbs: ['create'] });
  expect(quietRules.flatMap((r: any) => r.resourceNames ?? [])).toEqual(['llmbench-dev-results-metrics-view', 'view']);
  const none = { ...quiet, config: { ...quiet.config, analysis: { ...quiet.config.analysis, enabled: false } } };
  const without = Testing.synth(new BootstrapChart(Testing.app(), 'bootstrap', none));
  expect(without.filter((o) => o.metadata.name === 'llmbench-dev-serving-rbac')).toEqual([]);
});

test('a name over 63 characters is refused with the environment named', () => {
  const chart = new Chart(Testing.app(), 'test');
  const env = 'e'.repeat(45);
  expect(
    () =>
      new ControllerRbac(chart, 'rbac', {
        environment: env,
        argocdNamespace: 'openshift-gitops',
        namespaces: { stack: 'a', serving: 'b', ownedOperatorNamespaces: [], sharedOperatorNamespaces: [] },
        clusterRoleBindings: [],
      }),
  ).toThrow(`environment ${env}: ArgoCD controller RBAC name "llmbench-${env}-subscriptions" is 68 characters`);
});

test('the health check is a merge patch of the ArgoCD CR, written as JSON under a name oc apply skips', () => {
  const files = rawFilesOf(build().chart);
  expect(files.map((f) => f.fileName)).toEqual([HEALTH_CHECK_PATCH_FILE]);
  // not .json/.yaml: `oc apply -f dist/ENV/bootstrap/` would read it as a manifest
  expect(HEALTH_CHECK_PATCH_FILE).not.toMatch(/\.(json|ya?ml)$/);
  expect(JSON.parse(files[0].content)).toEqual(applicationHealthCheckPatch());
  expect(applicationHealthCheckPatch()).toEqual({ spec: { resourceHealthChecks: [{ group: 'argoproj.io', kind: 'Application', check: APPLICATION_HEALTH_LUA }] } });
  expect(APPLICATION_HEALTH_LUA).toContain('hs.status = obj.status.health.status');
  expect(APPLICATION_HEALTH_LUA).toMatch(/^hs = \{\}\nhs.status = "Progressing"/);
});
