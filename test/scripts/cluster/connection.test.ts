/**
 * The cluster command's clear errors before anything is checked (exit 2): no kubeconfig, an unknown context,
 * an API server that cannot be reached, credentials it refuses (401), an unknown environment, bad arguments.
 * The real CLI, spawned; the stand-in API server where a server is needed.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { runClusterCli } from '../../helpers/cluster-cli';
import { StandInCluster, startStandInApiServer } from '../../helpers/kube-api';

let home: string;
let cluster: StandInCluster | undefined;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-errors-'));
});

afterEach(async () => {
  await cluster?.close();
  cluster = undefined;
  fs.rmSync(home, { recursive: true, force: true });
});

/** A copy of the stand-in's kubeconfig with `edit` applied. */
function editedKubeconfig(source: string, edit: (config: any) => void): string {
  const config = parse(fs.readFileSync(source, 'utf8'));
  edit(config);
  const file = path.join(home, 'kubeconfig');
  fs.writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

/** A TCP port nothing listens on (taken and released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('no kubeconfig: neither KUBECONFIG nor ~/.kube/config', async () => {
  const result = await runClusterCli(['check', '--env', 'demo'], { HOME: home });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`cluster: no kubeconfig: KUBECONFIG is not set and ${home}/.kube/config does not exist; log in with \`oc login\` (or set KUBECONFIG)\n`);
});

test('KUBECONFIG naming a file that does not exist', async () => {
  const result = await runClusterCli(['diff', '--env', 'demo'], { HOME: home, KUBECONFIG: path.join(home, 'missing') });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`cluster: no kubeconfig: KUBECONFIG names ${home}/missing, which does not exist; log in with \`oc login\` or fix KUBECONFIG\n`);
});

test('~/.kube/config is read when KUBECONFIG is not set, and --context picks a context; an unknown context lists them', async () => {
  cluster = await startStandInApiServer({ namespace: 'default' });
  fs.mkdirSync(path.join(home, '.kube'));
  fs.copyFileSync(cluster.kubeconfigPath, path.join(home, '.kube', 'config'));
  const result = await runClusterCli(['check', '--env', 'demo', '--context', 'other'], { HOME: home });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe('cluster: no context "other" in the kubeconfig; contexts: stand-in\n');
  // the default context works from ~/.kube/config: the server is asked (and answers)
  const ok = await runClusterCli(['check', '--env', 'demo', '--context', 'stand-in'], { HOME: home });
  expect(ok.stdout).toContain(`against context "stand-in" (${cluster.url})`);
});

test('an API server that cannot be reached', async () => {
  cluster = await startStandInApiServer();
  const port = await closedPort();
  const kubeconfig = editedKubeconfig(cluster.kubeconfigPath, (c) => (c.clusters[0].cluster.server = `https://127.0.0.1:${port}`));
  const result = await runClusterCli(['check', '--env', 'demo'], { HOME: home, KUBECONFIG: kubeconfig });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`cluster: cannot reach the API server https://127.0.0.1:${port} (context "stand-in"): ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${port}\n`);
});

test('an API server whose certificate the kubeconfig does not trust', async () => {
  cluster = await startStandInApiServer();
  const kubeconfig = editedKubeconfig(cluster.kubeconfigPath, (c) => delete c.clusters[0].cluster['certificate-authority-data']);
  const result = await runClusterCli(['run', '--env', 'demo'], { HOME: home, KUBECONFIG: kubeconfig });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(new RegExp(`^cluster: cannot reach the API server ${cluster.url} \\(context "stand-in"\\): DEPTH_ZERO_SELF_SIGNED_CERT self-signed certificate\\n$`));
});

test('401: credentials the API server does not accept', async () => {
  cluster = await startStandInApiServer();
  const kubeconfig = editedKubeconfig(cluster.kubeconfigPath, (c) => (c.users[0].user.token = 'expired-token'));
  const result = await runClusterCli(['diff', '--env', 'demo'], { HOME: home, KUBECONFIG: kubeconfig });
  expect(result.code).toBe(2);
  expect(result.stderr).toBe(`cluster: the API server ${cluster.url} does not accept the credentials of context "stand-in" (401 Unauthorized): log in again (\`oc login\`)\n`);
  expect(cluster.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /version 401']);
});

test('an environment dist/ does not have, before any connection', async () => {
  const result = await runClusterCli(['check', '--env', 'prod'], { HOME: home });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^cluster: no environment "prod" in .*\/dist\/ \(environments: demo\); run `npm run synth` first\n$/);
});

test('bad arguments print what is wrong and the usage (through tsx, as `npm run cluster` runs it)', async () => {
  const result = await runClusterCli(['apply', '--env', 'demo'], { HOME: home }, undefined, { viaTsx: true });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^cluster: unknown command "apply": expected check, diff or run\n\nusage: npm run cluster -- COMMAND --env ENV/);
});
