/**
 * `npm run cluster -- ... --env FLEET --cluster NAME`: one cluster of a fleet at a time. The real CLI against the
 * stand-in API server, reading the three-cluster fixture fleet's dist/ (each cluster's stack in dist/fleet/CLUSTER/).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from '../../../scripts/cluster/args';
import { CliError } from '../../../scripts/cluster/errors';
import { applicationsByFolder, fleetClustersIn, readManifests, stackRootOf } from '../../../scripts/cluster/manifests';
import { renderEnvironment } from '../../../synth/render';
import { writeDist } from '../../../synth/write';
import { runClusterCli } from '../../helpers/cluster-cli';
import { fleetYaml, loadFleet } from '../../helpers/fleet';
import { StandInCluster, startStandInApiServer } from '../../helpers/kube-api';
import { clusterResources } from '../../helpers/kube-api/cluster-resources';
import { fixtureDist } from '../../helpers/project';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-fleet-'));
const DIST = path.join(root, 'dist');
writeDist(DIST, ['fleet'], renderEnvironment(loadFleet(fleetYaml()).env!));
const east = readManifests(DIST, 'fleet/east');
const west = readManifests(DIST, 'fleet/west');
const STACK_NAMESPACE: string = east.find((m) => m.object.kind === 'CronJob')!.object.metadata.namespace;
/** Every namespace a cluster's manifests use, for a cluster where its bootstrap has been applied. */
const namespacesOf = (manifests: typeof east) => [...new Set(manifests.map((m) => m.object.metadata?.namespace).filter(Boolean))] as string[];

let cluster: StandInCluster | undefined;
let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-fleet-home-'));
});

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  fs.rmSync(home, { recursive: true, force: true });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const cli = (args: string[], dist = DIST) => runClusterCli([...args, '--dist', dist], { HOME: home, KUBECONFIG: cluster!.kubeconfigPath });
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  throw new Error('not refused');
};

test('--cluster NAME picks dist/ENV/NAME/; a fleet needs it, a single cluster refuses it, an unknown one is named with the clusters there are', () => {
  expect(parseArgs(['run', '--env', 'fleet', '--cluster', 'west'])).toEqual({ command: 'run', env: 'fleet', cluster: 'west', dist: 'dist' });
  expect(fleetClustersIn(DIST, 'fleet')).toEqual(['east', 'lab', 'west']);
  expect(stackRootOf(DIST, 'fleet', 'west')).toBe('fleet/west');
  expect(refusal(() => stackRootOf(DIST, 'fleet'))).toBe('environment "fleet" is a fleet of 3 clusters (east, lab, west): add --cluster NAME, and --context for that cluster\'s API server');
  expect(refusal(() => stackRootOf(DIST, 'fleet', 'north'))).toBe('no cluster "north" in fleet "fleet" (clusters: east, lab, west)');
  expect(stackRootOf(fixtureDist('demo'), 'demo')).toBe('demo');
  expect(refusal(() => stackRootOf(fixtureDist('demo'), 'demo', 'west'))).toBe('environment "demo" is not a fleet (dist/demo/ has no cluster folders): remove --cluster west');
});

test("one cluster's objects only, and its Applications by folder (dist/ENV/CLUSTER/FOLDER)", () => {
  expect(west.length).toBeGreaterThan(20);
  expect(west.some((m) => JSON.stringify(m.object).includes('apps.east.example.com'))).toBe(false);
  const apps = applicationsByFolder(west);
  expect(apps.get('benchmarks')).toBe('fleet-west-benchmarks');
  expect(apps.get('operators')).toBe('fleet-west-operators');
});

test('the CLI refuses a fleet without --cluster before it connects: exit 2', async () => {
  cluster = await startStandInApiServer({ namespace: STACK_NAMESPACE, resources: clusterResources() });
  const result = await cli(['check', '--env', 'fleet']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('environment "fleet" is a fleet of 3 clusters (east, lab, west): add --cluster NAME');
  expect(cluster.requests).toEqual([]);
});

test("run on a fleet's cluster names that cluster's Applications", async () => {
  cluster = await startStandInApiServer({ namespace: 'default', resources: clusterResources() });
  const missingNamespace = await cli(['run', '--env', 'fleet', '--cluster', 'east']);
  expect(missingNamespace.code).toBe(2);
  expect(missingNamespace.stderr).toContain(`namespace "${STACK_NAMESPACE}" does not exist on context "stand-in" (${cluster.url}): sync the Application fleet-east-operators first`);
  await cluster.close();
  cluster = await startStandInApiServer({ namespace: STACK_NAMESPACE, resources: clusterResources() });
  const noCronJob = await cli(['run', '--env', 'fleet', '--cluster', 'east']);
  expect(noCronJob.code).toBe(2);
  expect(noCronJob.stderr).toBe(`cluster: CronJob ${STACK_NAMESPACE}/benchmark-dispatcher not found: the Application fleet-east-benchmarks has not synced it yet\n`);
});

test("check on a fleet's cluster dry-runs that cluster's objects under dist/fleet/east/", async () => {
  cluster = await startStandInApiServer({ namespace: STACK_NAMESPACE, resources: clusterResources(), namespaces: namespacesOf(east) });
  const result = await cli(['check', '--env', 'fleet', '--cluster', 'east']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('dist/fleet/east/');
  expect(result.stdout).toContain(`${east.length} accepted, 0 rejected, 0 skipped`);
  expect(result.code).toBe(0);
});

test("a cluster that deploys to an API server URL is used only with a context of that server: else exit 2 before anything is sent", async () => {
  // the namespaces of both west stacks below (the fixture's west has its own serving namespace)
  cluster = await startStandInApiServer({ namespace: STACK_NAMESPACE, resources: clusterResources(), namespaces: [...namespacesOf(west), ...namespacesOf(east)] });
  for (const command of ['check', 'diff', 'run']) {
    const result = await cli([command, '--env', 'fleet', '--cluster', 'west']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cluster: dist/fleet/west/ deploys to https://api.west.example.com:6443, and context "stand-in" is ${cluster.url}: pass --context of that cluster\n`);
  }
  expect(cluster.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  expect(cluster.requests.map((r) => r.path).filter((p) => p !== '/version')).toEqual([]);

  // the same cluster declared at this server's URL: checked
  const dist = path.join(root, 'dist-at-stand-in');
  const atStandIn = loadFleet(fleetYaml('', `\nclusters:\n  - name: west\n    destination: { server: "${cluster.url}/" }\n`)).env!;
  writeDist(dist, ['fleet'], renderEnvironment(atStandIn));
  const result = await cli(['check', '--env', 'fleet', '--cluster', 'west'], dist);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/\d+ accepted, 0 rejected, 0 skipped/);
  expect(result.code).toBe(0);
});
