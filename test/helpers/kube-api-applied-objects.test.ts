/**
 * The stand-in's GET, dry-run server-side apply and dry-run create of any served resource (applied-objects.ts),
 * driven by the real kubectl (`apply --server-side --dry-run=server`, `create --dry-run=server`, `diff`) and, for
 * what kubectl never sends, by raw HTTPS requests. The manifests are dist/demo's.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { StandInCluster, StandInOptions, startStandInApiServer } from './kube-api';
import { clusterResources } from './kube-api/cluster-resources';
import { restrictedV2Problems } from './kube-api/scc-review';
import { failure } from './kube-api/status';
import { fixtureDist } from './project';

const DIST = path.join(fixtureDist('demo'), 'demo');
const NAMESPACE = 'llm-bench-demo';

let cluster: StandInCluster;
let dir: string;

async function start(options: StandInOptions = {}) {
  cluster = await startStandInApiServer({ namespace: NAMESPACE, resources: clusterResources(), ...options });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-api-apply-'));
});

afterEach(async () => {
  await cluster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function kubectl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, KUBECACHEDIR: path.join(dir, 'cache') };
    execFile('kubectl', args, { env, timeout: 20000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A raw request with the kubeconfig's token and CA. */
function raw(method: string, urlPath: string, body: unknown, contentType: string): Promise<{ status?: number; body: any }> {
  const config = parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
  const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
  const headers = { Authorization: `Bearer ${config.users[0].user.token}`, 'Content-Type': contentType };
  return new Promise((resolve, reject) => {
    const request = https.request(`${cluster.url}${urlPath}`, { method, ca, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

const file = (name: string) => path.join(DIST, name);
const manifest = (name: string) => parse(fs.readFileSync(file(name), 'utf8'));

test('kubectl apply --server-side --dry-run=server: every object applied as a dry run, nothing stored', async () => {
  await start();
  const result = await kubectl(['apply', '--server-side', '--dry-run=server', '--field-manager=test', '-f', file('reports')]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('deployment.apps/report-server serverside-applied (server dry run)');
  expect(result.stdout).toContain('route.route.openshift.io/reports serverside-applied (server dry run)');
  const patches = cluster.requests.filter((r) => r.method === 'PATCH');
  expect(patches.length).toBe(fs.readdirSync(file('reports')).length);
  for (const p of patches) {
    expect(p).toMatchObject({ contentType: 'application/apply-patch+yaml', status: 201, query: { dryRun: 'All', fieldManager: 'test' } });
  }
  const get = await kubectl(['get', 'deployment', 'report-server', '-n', NAMESPACE]);
  expect(get.stderr).toBe('Error from server (NotFound): deployments.apps "report-server" not found\n');
});

test('apply over a live object answers the merged object with the manager in managedFields; kubectl diff shows the change', async () => {
  const live = manifest('reports/deployment-report-server.yaml');
  live.spec.replicas = 3;
  await start({ objects: [live] });
  const answer = await raw('PATCH', `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/report-server?dryRun=All&fieldManager=m&force=true`, manifest('reports/deployment-report-server.yaml'), 'application/apply-patch+yaml');
  expect(answer.status).toBe(200);
  expect(answer.body.spec.replicas).toBe(1);
  expect(answer.body.metadata.managedFields).toEqual([
    expect.objectContaining({ manager: 'm', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: expect.objectContaining({ 'f:spec': expect.objectContaining({ 'f:replicas': {} }) }) }),
  ]);
  const diff = await kubectl(['diff', '--server-side', '-f', file('reports/deployment-report-server.yaml')]);
  expect(diff.code).toBe(1);
  expect(diff.stdout).toMatch(/^-  replicas: 3$/m);
  expect(diff.stdout).toMatch(/^\+  replicas: 1$/m);
});

test('kubectl create --dry-run=server of generateName manifests: named by the server, not stored', async () => {
  await start();
  const result = await kubectl(['create', '--dry-run=server', '-o', 'name', '-f', file('jobs'), '-f', file('pipelineruns')]);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^job\.batch\/guidellm-mistral-3-int4-l4-x1-[b-z2-9]{5}$/m);
  expect(result.stdout).toMatch(/^pipelinerun\.tekton\.dev\/guidellm-mistral-3-int4-l4-x1-[b-z2-9]{5}$/m);
  expect(cluster.jobs()).toEqual([]);
});

test('a kind whose CRD is not installed, a missing namespace, and an admission refusal answer as the API server does', async () => {
  await start({
    resources: clusterResources({ without: ['tekton.dev'] }),
    admit: (object) => (object.kind === 'Service' ? failure(422, 'Invalid', `Service "${object.metadata.name}" is invalid: spec.type: Forbidden: denied by policy`) : undefined),
  });
  const missing = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', file('pipelines/task-guidellm-benchmark.yaml')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain('the server could not find the requested resource');
  const other = manifest('reports/configmap-report-site.yaml');
  other.metadata.namespace = 'nowhere';
  fs.writeFileSync(path.join(dir, 'cm.json'), JSON.stringify(other));
  const namespace = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', path.join(dir, 'cm.json')]);
  expect(namespace.stderr).toBe('Error from server (NotFound): namespaces "nowhere" not found\n');
  const refused = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', file('reports/service-report-server.yaml')]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('Service "report-server" is invalid: spec.type: Forbidden: denied by policy');
});

test('what kubectl never sends: apply without fieldManager (422), a non-apply patch (415), no dry run (400), a name other than the URL (400)', async () => {
  await start();
  const cm = manifest('reports/configmap-report-site.yaml');
  const url = `/api/v1/namespaces/${NAMESPACE}/configmaps/report-site`;
  const noManager = await raw('PATCH', `${url}?dryRun=All`, cm, 'application/apply-patch+yaml');
  expect(noManager).toMatchObject({ status: 422, body: { reason: 'Invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' } });
  const merge = await raw('PATCH', `${url}?dryRun=All&fieldManager=m`, cm, 'application/merge-patch+json');
  expect(merge).toMatchObject({ status: 415, body: { reason: 'UnsupportedMediaType' } });
  const real = await raw('PATCH', `${url}?fieldManager=m`, cm, 'application/apply-patch+yaml');
  expect(real).toMatchObject({ status: 400, body: { reason: 'BadRequest', message: expect.stringContaining('only as dry runs') } });
  const renamed = await raw('PATCH', `${url.replace('report-site', 'other')}?dryRun=All&fieldManager=m`, cm, 'application/apply-patch+yaml');
  expect(renamed).toMatchObject({ status: 400, body: { message: 'the name of the object (report-site) does not match the name on the URL (other)' } });
});

test('kubectl create of a PodSecurityPolicyReview: restricted-v2 admits the stack\'s pods, not root or privileged ones', async () => {
  await start();
  const template = manifest('reports/deployment-report-server.yaml').spec.template;
  const review = (spec: any) => ({ apiVersion: 'security.openshift.io/v1', kind: 'PodSecurityPolicyReview', spec: { template: { ...template, spec }, serviceAccountNames: ['default'] } });
  fs.writeFileSync(path.join(dir, 'review.json'), JSON.stringify(review(template.spec)));
  const admitted = await kubectl(['create', '-n', NAMESPACE, '-o', 'json', '-f', path.join(dir, 'review.json')]);
  expect(admitted.stderr).toBe('');
  expect(JSON.parse(admitted.stdout).status.allowedServiceAccounts).toEqual([
    expect.objectContaining({ name: 'default', allowedBy: expect.objectContaining({ kind: 'SecurityContextConstraints', name: 'restricted-v2' }) }),
  ]);
  const root = { ...template.spec, securityContext: { ...template.spec.securityContext, runAsUser: 0 } };
  fs.writeFileSync(path.join(dir, 'review.json'), JSON.stringify(review(root)));
  const refused = await kubectl(['create', '-n', NAMESPACE, '-o', 'json', '-f', path.join(dir, 'review.json')]);
  expect(JSON.parse(refused.stdout).status.allowedServiceAccounts).toEqual([]);
  fs.writeFileSync(path.join(dir, 'review.json'), JSON.stringify({ ...review(template.spec), spec: { template, serviceAccountNames: ['nobody'] } }));
  const missing = await kubectl(['create', '-n', NAMESPACE, '-f', path.join(dir, 'review.json')]);
  expect(missing.stderr).toBe(`Error from server (BadRequest): error when creating "${path.join(dir, 'review.json')}": unable to find ServiceAccount for namespace: ${NAMESPACE}\n`);
});

test('restricted-v2 rules: root or out-of-range UIDs, privilege, escalation, added capabilities, host access, hostPath, Unconfined seccomp', () => {
  const container = (securityContext: any, extra: any = {}) => ({ containers: [{ name: 'c', securityContext, ...extra }] });
  expect(restrictedV2Problems(container({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }))).toEqual([]);
  expect(restrictedV2Problems(container({ runAsUser: 1000680005 }))).toEqual([]);
  expect(restrictedV2Problems(container({ runAsUser: 0 }))).toEqual(['spec.containers[c].securityContext.runAsUser: Invalid value: 0: must be in the ranges: [1000680000, 1000689999]']);
  expect(restrictedV2Problems(container({ privileged: true, allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN'] }, seccompProfile: { type: 'Unconfined' } }))).toEqual([
    'spec.containers[c].securityContext.privileged: Invalid value: true: Privileged containers are not allowed',
    'spec.containers[c].securityContext.allowPrivilegeEscalation: Invalid value: true: Allowing privilege escalation for containers is not allowed',
    'spec.containers[c].securityContext.capabilities.add: Invalid value: "SYS_ADMIN": capability may not be added',
    'spec.containers[c].securityContext.seccompProfile.type: Forbidden: Unconfined is not an allowed seccomp profile',
  ]);
  expect(restrictedV2Problems({ hostNetwork: true, volumes: [{ name: 'h', hostPath: { path: '/' } }], ...container({}, { ports: [{ containerPort: 80, hostPort: 80 }] }) })).toEqual([
    'spec.securityContext.hostNetwork: Invalid value: true: Host Network is not allowed to be used',
    'spec.volumes[h]: Invalid value: "hostPath": hostPath volumes are not allowed to be used',
    'spec.containers[c].ports: Invalid value: 80: Host ports are not allowed to be used',
  ]);
});
