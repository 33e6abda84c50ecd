/**
 * The least-privilege checker (scripts/validation/privileges.ts, run by `npm run validate`): it passes the fixture
 * project's synthesized environments and names each way an environment could hand out more than it should — each
 * case a real environment's output with one change, the first two the shapes this project shipped before.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { capabilitiesOf, checkEnvironmentPrivileges, environmentDirectories } from '../../scripts/validation/privileges';
import { fixtureDist, fixtureEnvironment } from '../helpers/project';

const dist = fixtureDist('full', 'dev');
const full = fixtureEnvironment('full');
const stack = full.config.namespace;
const controller = { kind: 'ServiceAccount', name: 'openshift-gitops-argocd-application-controller', namespace: full.config.argocdNamespace };

/** A copy of the fixture's `full` output with `files` written into it (relative to dist/full). */
function edited(files: Record<string, object | string>): string {
  const copy = fs.mkdtempSync(path.join(path.dirname(dist), 'edited-'));
  fs.cpSync(path.join(dist, 'full'), copy, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.writeFileSync(path.join(copy, file), typeof content === 'string' ? content : YAML.stringify(content));
  }
  return copy;
}
/** The problems of an edited copy, without its temporary folder's path. */
const problemsOf = (files: Record<string, object | string>) => {
  const dir = edited(files);
  return checkEnvironmentPrivileges(dir).map((p) => p.slice(dir.length + 1));
};
const clusterRoleBinding = (name: string, role: string, subject: object) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [subject],
});
const roleBinding = (name: string, namespace: string, role: string, subject: object) => ({ ...clusterRoleBinding(name, role, subject), kind: 'RoleBinding', metadata: { name, namespace } });

test('every environment of the fixture project passes', () => {
  expect(environmentDirectories(dist).map((d) => path.basename(d))).toEqual(['dev', 'full']);
  for (const dir of environmentDirectories(dist)) expect(checkEnvironmentPrivileges(dir)).toEqual([]);
});

test("before: the EventListener's ServiceAccount in the stack namespace with Triggers' documented roles — Secret read where ArgoCD and the dispatcher start pods, and impersonation", () => {
  const trigger = { kind: 'ServiceAccount', name: 'benchmark-trigger', namespace: stack };
  expect(
    problemsOf({
      'bootstrap/clusterrolebinding-trigger.yaml': clusterRoleBinding('trigger', 'tekton-triggers-eventlistener-clusterroles', trigger),
      'pipelines/rolebinding-trigger.yaml': roleBinding('trigger', stack, 'tekton-triggers-eventlistener-roles', trigger),
    }),
  ).toEqual([
    'pipelines/rolebinding-trigger.yaml: RoleBinding trigger binds ClusterRole tekton-triggers-eventlistener-roles, which can widen RBAC or act as another subject: verb impersonate (core/serviceaccounts)',
    `bootstrap/clusterrolebinding-trigger.yaml: ServiceAccount ${stack}/benchmark-trigger reads every Secret of the cluster (ClusterRole tekton-triggers-eventlistener-clusterroles), but in namespace ${stack} ` +
      `ServiceAccount ${stack}/benchmark-dispatcher (Role benchmark-dispatcher, benchmarks/rolebinding-benchmark-dispatcher.yaml); ` +
      `ServiceAccount ${controller.namespace}/${controller.name} (ClusterRole admin, bootstrap/rolebinding-llmbench-full-admin.yaml); ` +
      // (the fixture's own EventListener, in its namespace, starts PipelineRuns here)
      `ServiceAccount ${stack}-triggers/benchmark-trigger (ClusterRole llmbench-full-trigger-start, bootstrap/rolebinding-llmbench-full-trigger-start.yaml) may start pods, so could run as it; move it to a namespace of its own or drop the Secret read`,
  ]);
});

test('before: a controller grant that creates ClusterRoleBindings and binds, and a ClusterRoleBinding in a synced folder', () => {
  const grant = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'grant' },
    rules: [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['create'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['cluster-monitoring-view'] },
    ],
  };
  expect(
    problemsOf({
      'bootstrap/clusterrole-grant.yaml': grant,
      'bootstrap/clusterrolebinding-grant.yaml': clusterRoleBinding('grant', 'grant', controller),
      'monitoring/clusterrolebinding-view.yaml': clusterRoleBinding('view', 'cluster-monitoring-view', { kind: 'ServiceAccount', name: 'grafana-sa', namespace: stack }),
    }),
  ).toEqual([
    'bootstrap/clusterrole-grant.yaml: ClusterRole grant can widen RBAC or act as another subject: writes ClusterRoleBindings (rbac.authorization.k8s.io/clusterrolebindings)',
    'bootstrap/clusterrole-grant.yaml: ClusterRole grant can widen RBAC or act as another subject: verb bind (rbac.authorization.k8s.io/clusterroles)',
    'monitoring/clusterrolebinding-view.yaml: ClusterRoleBinding view in a folder ArgoCD syncs; cluster-wide RBAC belongs in bootstrap/, applied by a cluster admin',
  ]);
});

test('a Secret reader in a namespace the environment does not create, and a role nobody knows', () => {
  expect(
    problemsOf({
      'bootstrap/clusterrolebinding-reader.yaml': clusterRoleBinding('reader', 'edit', { kind: 'ServiceAccount', name: 'reader', namespace: 'elsewhere' }),
      'bootstrap/clusterrolebinding-mystery.yaml': clusterRoleBinding('mystery', 'someone-elses-role', { kind: 'User', name: 'alice' }),
    }),
  ).toEqual([
    'bootstrap/clusterrolebinding-mystery.yaml: ClusterRoleBinding mystery binds ClusterRole someone-elses-role, which is neither in this environment\'s output nor a known platform role; assumed to allow everything',
    'bootstrap/clusterrolebinding-reader.yaml: ServiceAccount elsewhere/reader reads every Secret of the cluster (ClusterRole edit), but sits in namespace elsewhere, which this environment does not create: others may start pods there and run as it; give it its own namespace',
  ]);
});

test('a Secret reader alone in a namespace of its own passes: the check is about who else may start pods there', () => {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'vault' } };
  const reader = clusterRoleBinding('reader', 'tekton-triggers-eventlistener-clusterroles', { kind: 'ServiceAccount', name: 'reader', namespace: 'vault' });
  expect(problemsOf({ 'bootstrap/namespace-vault.yaml': namespace, 'bootstrap/clusterrolebinding-reader.yaml': reader })).toEqual([]);
  // ... until someone else may create Jobs there
  expect(
    problemsOf({
      'bootstrap/namespace-vault.yaml': namespace,
      'bootstrap/clusterrolebinding-reader.yaml': reader,
      'bootstrap/rolebinding-team.yaml': roleBinding('team', 'vault', 'edit', { kind: 'Group', name: 'team' }),
    }),
  ).toEqual([
    'bootstrap/clusterrolebinding-reader.yaml: ServiceAccount vault/reader reads every Secret of the cluster (ClusterRole tekton-triggers-eventlistener-clusterroles), but in namespace vault Group team (ClusterRole edit, bootstrap/rolebinding-team.yaml) may start pods, so could run as it; move it to a namespace of its own or drop the Secret read',
  ]);
});

test("the EventListener's namespace is one where only ArgoCD (through EventListeners) may start pods: a Secret reader there is refused", () => {
  const reader = clusterRoleBinding('reader', 'tekton-triggers-eventlistener-clusterroles', { kind: 'ServiceAccount', name: 'benchmark-trigger', namespace: `${stack}-triggers` });
  expect(problemsOf({ 'bootstrap/clusterrolebinding-reader.yaml': reader })).toEqual([
    `bootstrap/clusterrolebinding-reader.yaml: ServiceAccount ${stack}-triggers/benchmark-trigger reads every Secret of the cluster (ClusterRole tekton-triggers-eventlistener-clusterroles), but in namespace ${stack}-triggers ServiceAccount ${controller.namespace}/${controller.name} (Role llmbench-full-triggers, bootstrap/rolebinding-llmbench-full-triggers.yaml) may start pods, so could run as it; move it to a namespace of its own or drop the Secret read`,
  ]);
});

test('credentials in a URL of any file, YAML or not', () => {
  expect(problemsOf({ 'bootstrap/notes.merge-patch': 'spec: {url: "https://bench:s3cret@registry.example.com/api"}\n' })).toEqual([
    'bootstrap/notes.merge-patch: a URL with credentials (https://bench:s3cret@registry.example.com/api); take them from a Secret',
  ]);
});

test.each([
  ['create pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }], { readsSecrets: false, startsPods: true }],
  ['patch a Deployment', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] }], { readsSecrets: false, startsPods: true }],
  ['create PipelineRuns', [{ apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['create'] }], { readsSecrets: false, startsPods: true }],
  ['exec into pods', [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }], { readsSecrets: false, startsPods: true }],
  ['impersonate a ServiceAccount', [{ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }], { readsSecrets: false, startsPods: true }],
  ['everything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], { readsSecrets: true, startsPods: true }],
  ['list Secrets', [{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], { readsSecrets: true, startsPods: false }],
  ['get one Secret by name', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['hf-token'] }], { readsSecrets: false, startsPods: false }],
  ['read pods and Jobs', [{ apiGroups: ['', 'batch'], resources: ['pods', 'jobs'], verbs: ['get', 'list', 'watch'] }], { readsSecrets: false, startsPods: false }],
])('capabilities: %s', (_what, rules, expected) => {
  expect(capabilitiesOf(rules)).toEqual(expected);
});
