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

test("bootstrap holds the root Application, the controller grant, the owned namespaces and the stack's role bindings", () => {
  const { objects } = build();
  expect(objects).toMatchSnapshot();
  expect(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
    'Application/openshift-gitops/dev-root',
    'ClusterRole//llmbench-dev-cluster',
    'ClusterRole//llmbench-dev-operatorgroups',
    'ClusterRole//llmbench-dev-subscriptions',
    'ClusterRoleBinding//llmbench-dev-cluster',
    'ClusterRoleBinding//llmbench-dev-monitoring-view',
    'Namespace//grafana-operator',
    'Namespace//llm-bench-dev',
    'Role/llm-serving-dev/llmbench-dev-serving-rbac',
    'RoleBinding/grafana-operator/llmbench-dev-operatorgroups',
    'RoleBinding/grafana-operator/llmbench-dev-subscriptions',
    'RoleBinding/llm-bench-dev/llmbench-dev-admin',
    'RoleBinding/llm-bench-dev/llmbench-dev-monitoring-edit',
    'RoleBinding/llm-serving-dev/llmbench-dev-results-metrics-view',
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

test('cluster-wide rights: create Namespaces and change only ours; no ClusterRoleBinding and no bind anywhere in the grant', () => {
  const { objects } = build();
  const role = find(objects, 'ClusterRole', 'llmbench-dev-cluster');
  expect(role.rules).toEqual([
    { apiGroups: [''], resources: ['namespaces'], verbs: ['create'] },
    { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ['llm-bench-dev', 'grafana-operator'] },
  ]);
  const subject = { kind: 'ServiceAccount', name: 'openshift-gitops-argocd-application-controller', namespace: 'openshift-gitops' };
  const grant = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'argocd-access');
  expect(find(grant, 'ClusterRoleBinding', 'llmbench-dev-cluster')).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'llmbench-dev-cluster' }, subjects: [subject] });
  for (const binding of grant.filter((o) => o.kind === 'RoleBinding')) expect(binding.subjects).toEqual([subject]);
  // RBAC cannot limit whom a binding names: the controller may neither create ClusterRoleBindings nor bind any role
  const rules = grant.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap((o) => o.rules);
  expect(rules.filter((r: any) => r.resources.includes('clusterrolebindings') || r.verbs.includes('bind') || r.verbs.includes('escalate') || r.verbs.includes('impersonate'))).toEqual([]);
});

test("the stack's bindings of ClusterRoles are in bootstrap/, each to one ServiceAccount, with its purpose", () => {
  const { objects } = build();
  const bindings = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'cluster-access');
  expect(bindings.map((o) => [o.kind, o.metadata.name, o.metadata.namespace, o.roleRef.name, o.subjects])).toEqual([
    ['ClusterRoleBinding', 'llmbench-dev-monitoring-view', undefined, 'cluster-monitoring-view', [{ kind: 'ServiceAccount', name: 'grafana-datasource', namespace: 'llm-bench-dev' }]],
    ['RoleBinding', 'llmbench-dev-results-metrics-view', 'llm-serving-dev', 'view', [{ kind: 'ServiceAccount', name: 'results-publisher', namespace: 'llm-bench-dev' }]],
  ]);
  for (const b of bindings) expect(b.metadata.annotations['llmbench.io/purpose']).toMatch(/\w/);
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

test('in the serving namespace the controller may create Roles and RoleBindings, and change only the dispatcher window ones', () => {
  const { objects } = build();
  const rbac = 'rbac.authorization.k8s.io';
  expect(find(objects, 'Role', 'llmbench-dev-serving-rbac', 'llm-serving-dev').rules).toEqual([
    { apiGroups: [rbac], resources: ['roles', 'rolebindings'], verbs: ['create'] },
    { apiGroups: [rbac], resources: ['roles', 'rolebindings'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ['llmbench-dev-benchmark-window'] },
  ]);
  expect(find(objects, 'RoleBinding', 'llmbench-dev-serving-rbac', 'llm-serving-dev').roleRef).toEqual({
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'Role',
    name: 'llmbench-dev-serving-rbac',
  });
  // without silencing no such grant (the processor's `view` binding is applied from bootstrap/, not by the controller)
  const quiet = { ...dev, config: { ...dev.config, monitoring: { ...dev.config.monitoring, alerts: { ...dev.config.monitoring.alerts, benchmarkWindow: { enabled: false, cooldown: '10m' } } } } };
  const without = Testing.synth(new BootstrapChart(Testing.app(), 'bootstrap', quiet));
  expect(without.filter((o) => o.metadata.name === 'llmbench-dev-serving-rbac')).toEqual([]);
  expect(find(without, 'RoleBinding', 'llmbench-dev-results-metrics-view', 'llm-serving-dev').roleRef.name).toBe('view');
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
