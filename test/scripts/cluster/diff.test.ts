/**
 * `npm run cluster -- diff`: the real CLI against the stand-in API server, whose live objects are the demo
 * environment's manifests as a cluster holds them after a sync (server fields, defaults, controller edits), with
 * the changes each test makes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Manifest, readManifests } from '../../../scripts/cluster/manifests';
import { CLI_ENVIRONMENTS, runClusterCli } from '../../helpers/cluster-cli';
import { StandInCluster, startStandInApiServer } from '../../helpers/kube-api';
import { clusterResources } from '../../helpers/kube-api/cluster-resources';
import { fixtureDist } from '../../helpers/project';

const ENV = 'demo';
const DIST = fixtureDist(...CLI_ENVIRONMENTS);
const manifests = readManifests(DIST, ENV);
const named = manifests.filter((m) => m.object.metadata.name);
const NAMESPACE = manifests.find((m) => m.object.kind === 'CronJob')!.object.metadata.namespace;
const ALL_NAMESPACES = [...new Set(manifests.map((m) => m.object.metadata?.namespace).filter(Boolean))] as string[];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const manifest = (file: string): Manifest => manifests.find((m) => m.file === file)!;

/** A manifest as the API server returns it after ArgoCD synced it (client-side apply): server fields, defaults. */
function asLive(object: any): any {
  const live = clone(object);
  Object.assign(live.metadata, {
    uid: `uid-${live.metadata.name}`,
    resourceVersion: '4711',
    creationTimestamp: '2026-11-30T10:00:00Z',
    generation: 3,
    managedFields: [{ manager: 'argocd-controller', operation: 'Update', apiVersion: live.apiVersion, time: '2026-11-30T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }],
  });
  live.status = { observed: true };
  return live;
}

let cluster: StandInCluster | undefined;
let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-diff-'));
});

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  fs.rmSync(home, { recursive: true, force: true });
});

async function diffAgainst(objects: any[]) {
  cluster = await startStandInApiServer({ namespace: NAMESPACE, resources: clusterResources(), namespaces: ALL_NAMESPACES, objects });
  return runClusterCli(['diff', '--env', ENV], { HOME: home, KUBECONFIG: cluster.kubeconfigPath });
}

/** The lines of one object's entry: its outcome line and the indented lines under it. */
function entryOf(stdout: string, file: string): string[] {
  const lines = stdout.split('\n');
  const i = lines.findIndex((l) => l.includes(`  ${file}  `));
  if (i < 0) throw new Error(`no line for ${file} in:\n${stdout}`);
  const entry = [lines[i].trim().replace(/\s{2,}.*$/, '')];
  for (const line of lines.slice(i + 1)) {
    if (!line.startsWith('                ')) break;
    entry.push(line.slice(16));
  }
  return entry;
}

test('nothing live: every named object is new, generateName manifests are not compared; exit 1', async () => {
  const result = await diffAgainst([]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  // the stand-in's own Namespaces exist (without the stack's labels): they are the only changed objects
  const namespaces = named.filter((m) => m.object.kind === 'Namespace');
  expect(result.stdout).toContain(`${named.length - namespaces.length} new, ${namespaces.length} changed, 0 unchanged, ${manifests.length - named.length} not compared`);
  expect(entryOf(result.stdout, 'benchmarks/cronjob-benchmark-dispatcher.yaml')).toEqual(['new']);
  for (const m of manifests.filter((m) => !m.object.metadata.name)) {
    expect(entryOf(result.stdout, m.file)).toEqual(['not compared', 'generateName: each `oc create` makes a new object']);
  }
});

test('live objects with server fields, server defaults and controller additions are unchanged; exit 0', async () => {
  const live = named.map((m) => asLive(m.object));
  const cronJob = live.find((o) => o.kind === 'CronJob');
  cronJob.spec.suspend = false; // defaulted by the API server
  const podSpec = cronJob.spec.jobTemplate.spec.template.spec;
  Object.assign(podSpec, { dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 });
  Object.assign(podSpec.containers[0], { terminationMessagePath: '/dev/termination-log' });
  // OpenShift's service-account controller adds the pull secret
  for (const sa of live.filter((o) => o.kind === 'ServiceAccount')) sa.imagePullSecrets = [{ name: `${sa.metadata.name}-dockercfg-x7k2q` }];
  live.find((o) => o.kind === 'Route' && o.metadata.name === 'reports').spec.wildcardPolicy = 'None';

  const result = await diffAgainst(live);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain(`0 new, 0 changed, ${named.length} unchanged`);
  expect(result.code).toBe(0);
});

test('changed fields, a changed script line and fields removed from dist/ are shown field by field; exit 1', async () => {
  const live = named.map((m) => asLive(m.object));
  const find = (file: string) => live[named.indexOf(manifest(file))];

  const deployment = find('reports/deployment-report-server.yaml');
  deployment.spec.replicas = 2;
  deployment.spec.template.spec.containers.find((c: any) => c.name === 'nginx').image = 'quay.io/nginx/nginx-unprivileged:1.29.0';

  const script = find('benchmarks/configmap-benchmark-dispatcher-script.yaml');
  script.data['dispatch.sh'] = script.data['dispatch.sh'].replace('POLL_SECONDS=${POLL_SECONDS:-15}', 'POLL_SECONDS=${POLL_SECONDS:-30}');

  // a label the last client-side apply set and dist/ no longer does
  const service = find('reports/service-report-server.yaml');
  service.metadata.labels['llmbench.io/tier'] = 'legacy';
  service.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify({
    ...manifest('reports/service-report-server.yaml').object,
    metadata: { ...service.metadata, annotations: undefined, labels: { ...service.metadata.labels } },
  });

  // a field ArgoCD's last server-side apply owned and dist/ no longer sets, next to one another manager owns
  const route = find('reports/route-reports.yaml');
  route.spec.path = '/old';
  route.spec.wildcardPolicy = 'None';
  route.metadata.managedFields = [
    { manager: 'argocd-controller', operation: 'Apply', apiVersion: 'route.openshift.io/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:path': {}, 'f:host': {} } } },
    { manager: 'openshift-router', operation: 'Update', apiVersion: 'route.openshift.io/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:wildcardPolicy': {} } } },
  ];

  const result = await diffAgainst(live);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(`0 new, 4 changed, ${named.length - 4} unchanged`);
  expect(entryOf(result.stdout, 'reports/deployment-report-server.yaml')).toEqual([
    'changed',
    '~ spec.replicas: 2 → 1',
    '~ spec.template.spec.containers[name=nginx].image: "quay.io/nginx/nginx-unprivileged:1.29.0" → "quay.io/nginx/nginx-unprivileged:1.30.4"',
  ]);
  expect(entryOf(result.stdout, 'benchmarks/configmap-benchmark-dispatcher-script.yaml')).toEqual([
    'changed',
    '~ data["dispatch.sh"]:',
    expect.stringMatching(/^ {6}: "\$\{NAMESPACE:\?\}" "\$\{DISPATCHER_JOB_NAME:\?\}"/),
    '    - POLL_SECONDS=${POLL_SECONDS:-30}',
    '    + POLL_SECONDS=${POLL_SECONDS:-15}',
    '      KUBECTL=${KUBECTL:-kubectl}',
  ]);
  expect(entryOf(result.stdout, 'reports/service-report-server.yaml')).toEqual([
    'changed',
    '- metadata.labels["llmbench.io/tier"]: "legacy"   (no longer in dist/: the sync removes it)',
  ]);
  expect(entryOf(result.stdout, 'reports/route-reports.yaml')).toEqual(['changed', '- spec.path: "/old"   (no longer in dist/: the sync removes it)']);
});

test('a live object the user may not read is an error naming the permission; exit 2', async () => {
  cluster = await startStandInApiServer({
    namespace: NAMESPACE,
    resources: clusterResources(),
    namespaces: ALL_NAMESPACES,
    authorize: (_user, info) => (info.verb === 'get' && info.resource === 'configmaps' ? { allowed: false, reason: '' } : { allowed: true }),
  });
  const result = await runClusterCli(['diff', '--env', ENV], { HOME: home, KUBECONFIG: cluster.kubeconfigPath });
  expect(result.code).toBe(2);
  expect(entryOf(result.stdout, 'benchmarks/configmap-results-processor.yaml')).toEqual([
    'error',
    `403 Forbidden: missing permission get configmaps in namespace "${NAMESPACE}": configmaps "results-processor" is forbidden: User "stand-in-admin" cannot get resource "configmaps" in API group "" in the namespace "${NAMESPACE}"`,
  ]);
  const configMaps = named.filter((m) => m.object.kind === 'ConfigMap').length;
  expect(result.stdout).toContain(`, ${configMaps} could not be read`);
});
