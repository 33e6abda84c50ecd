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
const west = readManifests(DIST, 'fleet/west');
const WEST_NAMESPACE: string = west.find((m) => m.object.kind === 'CronJob')!.object.metadata.namespace;

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

const cli = (args: string[]) => runClusterCli([...args, '--dist', DIST], { HOME: home, KUBECONFIG: cluster!.kubeconfigPath });
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
  cluster = await startStandInApiServer({ namespace: WEST_NAMESPACE, resources: clusterResources() });
  const result = await cli(['check', '--env', 'fleet']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('environment "fleet" is a fleet of 3 clusters (east, lab, west): add --cluster NAME');
  expect(cluster.requests).toEqual([]);
});

test("run on a fleet's cluster names that cluster's Applications", async () => {
  cluster = await startStandInApiServer({ namespace: 'default', resources: clusterResources() });
  const missingNamespace = await cli(['run', '--env', 'fleet', '--cluster', 'west']);
  expect(missingNamespace.code).toBe(2);
  expect(missingNamespace.stderr).toContain(`namespace "${WEST_NAMESPACE}" does not exist on context "stand-in" (${cluster.url}): sync the Application fleet-west-operators first`);
  await cluster.close();
  cluster = await startStandInApiServer({ namespace: WEST_NAMESPACE, resources: clusterResources() });
  const noCronJob = await cli(['run', '--env', 'fleet', '--cluster', 'west']);
  expect(noCronJob.code).toBe(2);
  expect(noCronJob.stderr).toBe(`cluster: CronJob ${WEST_NAMESPACE}/benchmark-dispatcher not found: the Application fleet-west-benchmarks has not synced it yet\n`);
});

test("check on a fleet's cluster dry-runs that cluster's objects under dist/fleet/west/", async () => {
  const namespaces = [...new Set(west.map((m) => m.object.metadata?.namespace).filter(Boolean))] as string[];
  cluster = await startStandInApiServer({ namespace: WEST_NAMESPACE, resources: clusterResources(), namespaces });
  const result = await cli(['check', '--env', 'fleet', '--cluster', 'west']);
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('dist/fleet/west/');
  expect(result.stdout).toContain(`${west.length} accepted, 0 rejected, 0 skipped`);
  expect(result.code).toBe(0);
});
