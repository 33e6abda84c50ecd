/**
 * `npm run cluster -- check`: the real CLI (spawned with tsx, @kubernetes/client-node inside) against the
 * stand-in API server, with the demo environment's real dist/ manifests.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readManifests } from '../../../scripts/cluster/manifests';
import { CLI_ENVIRONMENTS, runClusterCli } from '../../helpers/cluster-cli';
import { StandInCluster, startStandInApiServer } from '../../helpers/kube-api';
import type { Authorizer, StandInOptions } from '../../helpers/kube-api';
import { clusterResources } from '../../helpers/kube-api/cluster-resources';
import { failure } from '../../helpers/kube-api/status';
import { fixtureDist } from '../../helpers/project';

const ENV = 'demo';
const DIST = fixtureDist(...CLI_ENVIRONMENTS);
const manifests = readManifests(DIST, ENV);
const STACK_NAMESPACE = manifests.find((m) => m.object.kind === 'CronJob')!.object.metadata.namespace;
/** Every namespace the manifests use, for a cluster where the bootstrap has been applied. */
const ALL_NAMESPACES = [...new Set(manifests.map((m) => m.object.metadata?.namespace).filter(Boolean))] as string[];

let cluster: StandInCluster | undefined;
let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-check-'));
});

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  fs.rmSync(home, { recursive: true, force: true });
});

async function checkAgainst(options: StandInOptions, args: string[] = []) {
  cluster = await startStandInApiServer({ namespace: STACK_NAMESPACE, resources: clusterResources(), namespaces: ALL_NAMESPACES, ...options });
  return runClusterCli(['check', '--env', ENV, ...args], { HOME: home, KUBECONFIG: cluster.kubeconfigPath });
}

/** The outcome line of a manifest file and the reason line under it, when there is one. */
function outcomeOf(stdout: string, file: string): { result: string; reason?: string } {
  const lines = stdout.split('\n');
  const i = lines.findIndex((l) => l.includes(`  ${file}  `));
  if (i < 0) throw new Error(`no line for ${file} in:\n${stdout}`);
  const result = lines[i].trim().split(/\s+/)[0];
  const next = lines[i + 1] ?? '';
  return { result, reason: /^\s{12}\S/.test(next) ? next.trim() : undefined };
}

const filesOf = (predicate: (object: any) => boolean) => manifests.filter((m) => predicate(m.object)).map((m) => m.file);

test('every object of dist/demo is dry-run applied, as the project field manager with force, and accepted; nothing is stored; exit 0', async () => {
  const result = await checkAgainst({});
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`${manifests.length} accepted, 0 rejected, 0 skipped`);
  for (const m of manifests) expect(outcomeOf(result.stdout, m.file).result).toBe('accepted');

  const patches = cluster!.requests.filter((r) => r.method === 'PATCH');
  const named = manifests.filter((m) => m.object.metadata.name);
  expect(patches).toHaveLength(named.length);
  for (const p of patches) {
    expect(p.query).toEqual({ dryRun: 'All', fieldManager: 'llm-benchmark-stack', force: 'true' });
    expect(p.contentType).toBe('application/apply-patch+yaml');
    // the Namespaces exist already (an update), nothing else does (a create)
    expect(p.status).toBe(/^\/api\/v1\/namespaces\/[^/]+$/.test(p.path) ? 200 : 201);
  }
  // the body is the manifest exactly as dist/ holds it
  const cronJob = manifests.find((m) => m.object.kind === 'CronJob')!;
  expect(patches.find((p) => p.path.endsWith('/cronjobs/benchmark-dispatcher'))!.body).toEqual(cronJob.object);
  expect(patches.find((p) => p.path === `/apis/rbac.authorization.k8s.io/v1/clusterroles/llmbench-${ENV}-cluster`)).toBeDefined();

  // generateName manifests cannot be applied: they are dry-run created
  const posts = cluster!.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/podsecuritypolicyreviews'));
  expect(posts.map((p) => p.path).sort()).toEqual(
    manifests
      .filter((m) => !m.object.metadata.name)
      .map((m) => `/apis/${m.object.apiVersion}/namespaces/${STACK_NAMESPACE}/${m.object.kind === 'Job' ? 'jobs' : 'pipelineruns'}`)
      .sort(),
  );
  for (const p of posts) expect(p.query.dryRun).toBe('All');
  expect(cluster!.jobs()).toEqual([]);
});

test('a CRD an Application of the environment installs (Tekton) is skipped, naming that Application; exit 0', async () => {
  const result = await checkAgainst({ resources: clusterResources({ without: ['tekton.dev'] }) });
  expect(result.code).toBe(0);
  const tekton = filesOf((o) => o.apiVersion.startsWith('tekton.dev/'));
  expect(tekton.length).toBeGreaterThanOrEqual(3);
  for (const file of tekton) {
    expect(outcomeOf(result.stdout, file)).toEqual({
      result: 'skipped',
      reason: expect.stringMatching(/^CRD of tekton\.dev not installed yet; the Application demo-operators installs it \(Red Hat OpenShift Pipelines.*\) \(the server does not serve (Task|Pipeline|PipelineRun) in tekton\.dev\/v1\)$/),
    });
  }
  expect(result.stdout).toContain(`${manifests.length - tekton.length} accepted, 0 rejected, ${tekton.length} skipped`);
});

test('a CRD no Application installs (user workload monitoring off) is rejected, naming what provides it; exit 1', async () => {
  const result = await checkAgainst({ resources: clusterResources({ without: ['monitoring.coreos.com'] }) });
  expect(result.code).toBe(1);
  const [file] = filesOf((o) => o.kind === 'ServiceMonitor');
  expect(outcomeOf(result.stdout, file)).toEqual({
    result: 'rejected',
    reason:
      'CRD of monitoring.coreos.com not installed and no Application of this environment installs it (provided by OpenShift monitoring (user workload monitoring enabled)) (the server does not serve ServiceMonitor in monitoring.coreos.com/v1)',
  });
});

test('403: the missing permission (verb, resource, namespace) and the API message are shown per object; exit 1', async () => {
  const denyRbacPatch: Authorizer = (_user, info) =>
    info.verb === 'patch' && info.apiGroup === 'rbac.authorization.k8s.io' && info.namespace === STACK_NAMESPACE ? { allowed: false, reason: '' } : { allowed: true };
  const result = await checkAgainst({ authorize: denyRbacPatch });
  expect(result.code).toBe(1);
  const role = outcomeOf(result.stdout, 'benchmarks/role-benchmark-dispatcher.yaml');
  expect(role).toEqual({
    result: 'rejected',
    reason:
      `403 Forbidden: missing permission patch roles.rbac.authorization.k8s.io in namespace "${STACK_NAMESPACE}": ` +
      `roles.rbac.authorization.k8s.io "benchmark-dispatcher" is forbidden: User "stand-in-admin" cannot patch resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "${STACK_NAMESPACE}"`,
  });
  const denied = filesOf((o) => o.apiVersion.startsWith('rbac.authorization.k8s.io/') && o.metadata.namespace === STACK_NAMESPACE);
  for (const file of denied) expect(outcomeOf(result.stdout, file).result).toBe('rejected');
  expect(result.stdout).toContain(`${manifests.length - denied.length} accepted, ${denied.length} rejected, 0 skipped`);
});

test('admission: a 422 policy denial and a 403 quota refusal are shown with the API server message; exit 1', async () => {
  const result = await checkAgainst({
    admit: (object, request) => {
      if (object.kind === 'Deployment' && object.metadata.name === 'pushgateway') {
        return failure(
          422,
          'Invalid',
          `deployments.apps "pushgateway" is invalid: : ValidatingAdmissionPolicy 'require-team-label' with binding 'require-team-label' denied request: every workload needs a team label`,
          { name: 'pushgateway', group: 'apps', kind: 'deployments' },
        );
      }
      if (object.kind === 'PersistentVolumeClaim' && request.operation === 'CREATE') {
        return failure(
          403,
          'Forbidden',
          `persistentvolumeclaims "${object.metadata.name}" is forbidden: exceeded quota: storage, requested: requests.storage=${object.spec.resources.requests.storage}, used: requests.storage=0, limited: requests.storage=1Gi`,
          { name: object.metadata.name, kind: 'persistentvolumeclaims' },
        );
      }
      return undefined;
    },
  });
  expect(result.code).toBe(1);
  expect(outcomeOf(result.stdout, 'benchmarks/deployment-pushgateway.yaml')).toEqual({
    result: 'rejected',
    reason:
      `422 Invalid: deployments.apps "pushgateway" is invalid: : ValidatingAdmissionPolicy 'require-team-label' with binding 'require-team-label' denied request: every workload needs a team label`,
  });
  // a quota refusal is a 403 that RBAC cannot fix: it is shown as the API says it, not as a missing permission
  const pvc = outcomeOf(result.stdout, 'benchmarks/persistentvolumeclaim-benchmark-results.yaml');
  expect(pvc.result).toBe('rejected');
  expect(pvc.reason).toMatch(/^403 Forbidden: persistentvolumeclaims "benchmark-results" is forbidden: exceeded quota: storage, requested: requests\.storage=\d+Gi/);
});

test('a namespace that does not exist: skipped when an Application of the environment creates it, rejected otherwise; exit 1', async () => {
  // only the stack namespace is missing from a cluster that has the others
  const others = ALL_NAMESPACES.filter((n) => n !== STACK_NAMESPACE);
  cluster = await startStandInApiServer({ namespace: 'default', resources: clusterResources(), namespaces: others.filter((n) => n !== 'llm-serving') });
  const result = await runClusterCli(['check', '--env', ENV], { HOME: home, KUBECONFIG: cluster.kubeconfigPath });
  expect(result.code).toBe(1);
  expect(outcomeOf(result.stdout, 'benchmarks/cronjob-benchmark-dispatcher.yaml')).toEqual({
    result: 'skipped',
    reason: `namespace "${STACK_NAMESPACE}" does not exist yet; the Application ${ENV}-operators creates it (operators/namespace-${STACK_NAMESPACE}.yaml)`,
  });
  const [serving] = filesOf((o) => o.metadata.namespace === 'llm-serving');
  expect(outcomeOf(result.stdout, serving)).toEqual({
    result: 'rejected',
    reason: 'namespace "llm-serving" does not exist: namespaces "llm-serving" not found',
  });
});

describe('SCC: the pods of each workload are reviewed with PodSecurityPolicyReview (oc adm policy scc-review)', () => {
  const workloads = filesOf((o) => ['Deployment', 'CronJob', 'Job'].includes(o.kind));
  const serviceAccounts = manifests.filter((m) => m.object.kind === 'ServiceAccount').map((m) => m.object);

  test('restricted-v2 admits every pod template of dist/demo, as its ServiceAccount', async () => {
    const result = await checkAgainst({ objects: serviceAccounts });
    expect(result.code).toBe(0);
    const reviews = cluster!.requests.filter((r) => r.path.endsWith('/podsecuritypolicyreviews'));
    expect(reviews).toHaveLength(workloads.length);
    expect(outcomeOf(result.stdout, 'benchmarks/cronjob-benchmark-dispatcher.yaml')).toEqual({
      result: 'accepted',
      reason: 'pods admitted by SCC restricted-v2 as ServiceAccount benchmark-dispatcher',
    });
    const cronJob = manifests.find((m) => m.object.kind === 'CronJob')!.object;
    expect(reviews.find((r) => (r.body as any).spec.serviceAccountNames[0] === 'benchmark-dispatcher')!.body).toEqual({
      apiVersion: 'security.openshift.io/v1',
      kind: 'PodSecurityPolicyReview',
      spec: { template: cronJob.spec.jobTemplate.spec.template, serviceAccountNames: ['benchmark-dispatcher'] },
    });
    for (const file of workloads) expect(outcomeOf(result.stdout, file).reason).toMatch(/^pods admitted by SCC restricted-v2 as ServiceAccount /);
  });

  test('a ServiceAccount the first sync creates: SCC not checked yet, and said so', async () => {
    const result = await checkAgainst({});
    expect(outcomeOf(result.stdout, 'workbench/deployment-workbench.yaml')).toEqual({
      result: 'accepted',
      reason: 'SCC not checked: ServiceAccount "workbench" does not exist yet (workbench/serviceaccount-workbench.yaml creates it)',
    });
  });

  test('a pod template no SCC admits (a fixed root UID) is rejected; exit 1', async () => {
    const dist = path.join(home, 'dist');
    fs.cpSync(path.join(DIST, ENV), path.join(dist, ENV), { recursive: true });
    const file = path.join(dist, ENV, 'reports', 'deployment-report-server.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^( +)runAsNonRoot: true\n/m, '$1runAsNonRoot: false\n$1runAsUser: 0\n'));
    expect(fs.readFileSync(file, 'utf8')).toContain('runAsUser: 0');
    const result = await checkAgainst({ objects: serviceAccounts }, ['--dist', dist]);
    expect(result.code).toBe(1);
    expect(outcomeOf(result.stdout, 'reports/deployment-report-server.yaml')).toEqual({
      result: 'rejected',
      reason: 'SCC: no SecurityContextConstraints admits these pods as ServiceAccount "report-server" (see `oc adm policy scc-review -z report-server -f FILE` and constructs/security.ts)',
    });
  });

  test('a Kubernetes API server that is not OpenShift: SCC not checked, and said so', async () => {
    const result = await checkAgainst({ resources: clusterResources({ without: ['security.openshift.io'] }) });
    expect(result.code).toBe(0);
    expect(outcomeOf(result.stdout, 'reports/deployment-report-server.yaml').reason).toBe('SCC not checked: the server is not OpenShift (no PodSecurityPolicyReview)');
  });
});
