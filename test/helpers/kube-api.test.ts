/**
 * The stand-in Kubernetes API server, driven by the real kubectl: each test runs kubectl commands a script
 * would run and checks their output and exit codes, and what the server stored and was asked.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { StandInCluster, startStandInApiServer, writeKubeconfig } from './kube-api';

const NAMESPACE = 'llm-bench-test';
const TOKEN = 'stand-in-test-token';

let cluster: StandInCluster;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-api-test-'));
  cluster = await startStandInApiServer({ namespace: NAMESPACE, token: TOKEN });
});

afterAll(async () => {
  await cluster?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl's environment: the stand-in's kubeconfig and a private discovery cache. */
function kubectlEnv(kubeconfig = cluster.kubeconfigPath): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: path.join(dir, 'cache') };
}

/** Runs kubectl without blocking the event loop (the server answers from this very process). */
function kubectl(args: string[], kubeconfig?: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile('kubectl', args, { env: kubectlEnv(kubeconfig), timeout: 15000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Writes a Job manifest the way the dispatcher's Job files look, returns its path. */
function jobFile(name: string, labels: Record<string, string> = { 'llmbench.io/run': 'run-1' }): string {
  const labelLines = Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`).join('\n');
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(
    file,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  labels:
${labelLines}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: bench
          image: registry.example.com/guidellm:v0.6.0
`,
  );
  return file;
}

/** Creates a Job through kubectl and checks it was created. */
async function createJob(name: string, labels?: Record<string, string>): Promise<void> {
  const result = await kubectl(['create', '-n', NAMESPACE, '-f', jobFile(name, labels)]);
  expect(result).toMatchObject({ code: 0, stdout: `job.batch/${name} created\n` });
}

/** Requests of the server made since `from` (an index into `cluster.requests`), discovery left out. */
function apiRequests(from: number) {
  return cluster.requests.slice(from).filter((r) => r.path.startsWith('/apis/batch/v1/'));
}

describe('kubectl create', () => {
  test('creates a Job from a YAML file; the server fills uid, resourceVersion, creationTimestamp, namespace', async () => {
    const before = cluster.requests.length;
    await createJob('create-1', { 'llmbench.io/run': 'run-create', 'llmbench.io/target': 'granite' });

    const job = cluster.job('create-1');
    expect(job.metadata).toMatchObject({
      name: 'create-1',
      namespace: NAMESPACE,
      labels: { 'llmbench.io/run': 'run-create', 'llmbench.io/target': 'granite' },
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resourceVersion: expect.stringMatching(/^\d+$/),
      creationTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(job.spec).toMatchObject({ backoffLimit: 2, completions: 1, parallelism: 1 });
    expect(job.spec.template.metadata.labels).toMatchObject({ 'batch.kubernetes.io/job-name': 'create-1' });
    expect(job.status).toMatchObject({ active: 1, startTime: expect.any(String) });

    const [post] = apiRequests(before);
    expect(post).toMatchObject({
      method: 'POST',
      path: `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`,
      query: { fieldManager: 'kubectl-create', fieldValidation: 'Strict' },
      status: 201,
      body: { kind: 'Job', metadata: { name: 'create-1' } },
    });
  });

  test('a second create of the same name fails with AlreadyExists', async () => {
    await createJob('create-twice');
    const file = path.join(dir, 'create-twice.yaml');
    const again = await kubectl(['create', '-n', NAMESPACE, '-f', file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`Error from server (AlreadyExists): error when creating "${file}": jobs.batch "create-twice" already exists\n`);
  });

  test('generateName gives each create a new name', async () => {
    const file = path.join(dir, 'generated.yaml');
    fs.writeFileSync(file, fs.readFileSync(jobFile('unused'), 'utf8').replace('name: unused', 'generateName: guidellm-granite-'));
    const first = await kubectl(['create', '-n', NAMESPACE, '-f', file, '-o', 'jsonpath={.metadata.name}']);
    const second = await kubectl(['create', '-n', NAMESPACE, '-f', file, '-o', 'jsonpath={.metadata.name}']);
    expect(first.stdout).toMatch(/^guidellm-granite-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(second.stdout).toMatch(/^guidellm-granite-/);
    expect(second.stdout).not.toBe(first.stdout);
  });

  test('an invalid Job is refused with 422 Invalid, a missing namespace with NotFound', async () => {
    const invalid = await kubectl(['create', '-n', NAMESPACE, '-f', jobFile('Not_A_Name')]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('The Job "Not_A_Name" is invalid: metadata.name: Invalid value: "Not_A_Name"');

    const long = 'x'.repeat(64);
    const tooLong = await kubectl(['create', '-n', NAMESPACE, '-f', jobFile(long)]);
    expect(tooLong.stderr).toContain(`spec.template.labels: Invalid value: "${long}": must be no more than 63 characters`);

    const elsewhere = await kubectl(['create', '-n', 'no-such-namespace', '-f', jobFile('elsewhere')]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain('Error from server (NotFound): error when creating');
    expect(elsewhere.stderr).toContain('namespaces "no-such-namespace" not found');
  });
});

describe('kubectl get', () => {
  test('lists Jobs by label selector, printing names and condition reasons with jsonpath', async () => {
    await createJob('get-ok', { 'llmbench.io/run': 'run-get', 'llmbench.io/target': 'a' });
    await createJob('get-failed', { 'llmbench.io/run': 'run-get', 'llmbench.io/target': 'b' });
    await createJob('get-other-run', { 'llmbench.io/run': 'run-other', 'llmbench.io/target': 'a' });
    cluster.completeJob('get-ok');
    cluster.failJob('get-failed', 'BackoffLimitExceeded');

    const template = '{range .items[*]}{.metadata.name} {.status.conditions[?(@.status=="True")].reason}{"\\n"}{end}';
    const byRun = await kubectl(['get', 'jobs', '-n', NAMESPACE, '-l', 'llmbench.io/run=run-get', '-o', `jsonpath=${template}`]);
    expect(byRun).toMatchObject({
      code: 0,
      stdout: 'get-failed BackoffLimitExceeded BackoffLimitExceeded\nget-ok CompletionsReached CompletionsReached\n',
    });

    const bySet = await kubectl([
      'get', 'jobs', '-n', NAMESPACE, '-l', 'llmbench.io/target in (a,c),llmbench.io/run!=run-get',
      '-o', 'custom-columns=NAME:.metadata.name,TARGET:.metadata.labels.llmbench\\.io/target',
    ]);
    expect(bySet.stdout.split('\n').map((l) => l.trim().split(/\s+/))).toEqual([['NAME', 'TARGET'], ['get-other-run', 'a'], ['']]);
  });

  test('a Job reads back with the conditions and counts the Job controller writes', async () => {
    await createJob('get-json');
    cluster.failJob('get-json', 'DeadlineExceeded');
    const result = await kubectl(['get', 'job', 'get-json', '-n', NAMESPACE, '-o', 'json']);
    const status = JSON.parse(result.stdout).status;
    expect(status).toMatchObject({ failed: 1, active: 0, startTime: expect.any(String) });
    expect(status.completionTime).toBeUndefined();
    expect(status.conditions).toEqual([
      expect.objectContaining({ type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded' }),
      {
        type: 'Failed',
        status: 'True',
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline',
        lastProbeTime: expect.any(String),
        lastTransitionTime: expect.any(String),
      },
    ]);
    const name = await kubectl(['get', 'job', 'get-json', '-n', NAMESPACE, '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].reason}']);
    expect(name.stdout).toBe('DeadlineExceeded');
  });

  test('a missing Job is NotFound', async () => {
    const result = await kubectl(['get', 'job', 'no-such-job', '-n', NAMESPACE, '-o', 'name']);
    expect(result).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): jobs.batch "no-such-job" not found\n' });
  });

  test('get -w streams ADDED, MODIFIED and DELETED events', async () => {
    await createJob('watched', { 'llmbench.io/run': 'run-watch' });
    const lines = await new Promise<string[]>((resolve, reject) => {
      const child: ChildProcess = spawn(
        'kubectl',
        ['get', 'jobs', '-n', NAMESPACE, '-l', 'llmbench.io/run=run-watch', '-w', '--output-watch-events',
          '-o', 'jsonpath={.type} {.object.metadata.name} {.object.status.conditions[*].type}{"\\n"}'],
        { env: kubectlEnv() },
      );
      const safety = setTimeout(() => child.kill(), 8000);
      let out = '';
      let completed = false;
      let deleted = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (!completed && out.includes('ADDED watched')) {
          completed = true;
          cluster.completeJob('watched');
        } else if (!deleted && out.includes('MODIFIED watched')) {
          deleted = true;
          cluster.deleteJob('watched');
        }
        if (out.includes('DELETED')) child.kill();
      });
      child.on('exit', () => {
        clearTimeout(safety);
        resolve(out.trim().split('\n'));
      });
      child.on('error', reject);
    });
    expect(lines).toEqual([
      'ADDED watched ',
      'MODIFIED watched SuccessCriteriaMet Complete',
      // The TTL controller deletes in the foreground: first marked (deletionTimestamp), then gone.
      'MODIFIED watched SuccessCriteriaMet Complete',
      'DELETED watched SuccessCriteriaMet Complete',
    ]);
  });
});

describe('kubectl wait', () => {
  /**
   * Resolves once kubectl watches Job `name` (or has ended): acting on the Job before that races kubectl's
   * start-up, which on a loaded machine takes longer than any fixed delay.
   */
  async function watching(name: string, settled: () => boolean): Promise<void> {
    const isWatch = (r: (typeof cluster.requests)[number]) => r.method === 'GET' && r.query.watch === 'true' && r.query.fieldSelector === `metadata.name=${name}`;
    while (!settled() && !cluster.requests.some(isWatch)) await new Promise((r) => setTimeout(r, 20));
  }

  /** Starts `kubectl wait ARGS`, runs `act` once it watches Job `name`, and returns its result. */
  async function waitWhile(name: string, args: string[], act: () => void) {
    let settled = false;
    const waiting = kubectl(['wait', '-n', NAMESPACE, ...args, `job/${name}`]).finally(() => (settled = true));
    await watching(name, () => settled);
    act();
    return waiting;
  }

  test('--for=condition=complete returns once the Job completes, from its watch', async () => {
    await createJob('wait-complete');
    const result = await waitWhile('wait-complete', ['--for=condition=complete', '--timeout=10s'], () => cluster.completeJob('wait-complete'));
    expect(result).toMatchObject({ code: 0, stdout: 'job.batch/wait-complete condition met\n' });
    const watch = cluster.requests.find((r) => r.query.watch === 'true' && r.query.fieldSelector === 'metadata.name=wait-complete');
    expect(watch).toMatchObject({ method: 'GET', status: 200 });
  });

  test('--for=condition=failed returns once the Job fails', async () => {
    await createJob('wait-failed');
    const result = await waitWhile('wait-failed', ['--for=condition=failed', '--timeout=10s'], () => cluster.failJob('wait-failed', 'BackoffLimitExceeded'));
    expect(result).toMatchObject({ code: 0, stdout: 'job.batch/wait-failed condition met\n' });
    expect(cluster.job('wait-failed').status).toMatchObject({ failed: 3, conditions: [{ type: 'FailureTarget' }, { type: 'Failed' }] });
  });

  test('--for=condition=complete never succeeds for a failed, then deleted Job', async () => {
    await createJob('wait-deleted');
    cluster.failJob('wait-deleted', 'BackoffLimitExceeded');
    const result = await waitWhile('wait-deleted', ['--for=condition=complete', '--timeout=1500ms'], () => cluster.deleteJob('wait-deleted'));
    // Which error depends on kubectl's own timing, not the server's: deleted before its informer cache has synced
    // (it polls that every 100 ms), its precondition finds nothing (NotFound); after, it waits on and times out.
    // Either way it never reports the condition met: the dispatcher polls the Jobs' conditions instead.
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^(error: timed out waiting for the condition on jobs\/wait-deleted|Error from server \(NotFound\): jobs\.batch "wait-deleted" not found)\n$/);
    expect(result.stdout).toBe('');
  });

  test('--for=delete returns once the Job is gone', async () => {
    await createJob('wait-delete');
    const result = await waitWhile('wait-delete', ['--for=delete', '--timeout=10s'], () => cluster.deleteJob('wait-delete'));
    expect(result).toMatchObject({ code: 0, stdout: 'job.batch/wait-delete condition met\n' });
  });
});

describe('kubectl delete', () => {
  test('deletes a Job; a second delete is NotFound unless --ignore-not-found', async () => {
    await createJob('delete-me');
    const before = cluster.requests.length;
    const deleted = await kubectl(['delete', 'job', 'delete-me', '-n', NAMESPACE]);
    expect(deleted).toMatchObject({ code: 0, stdout: 'job.batch "delete-me" deleted\n' });
    expect(cluster.job('delete-me')).toBeUndefined();
    expect(apiRequests(before)[0]).toMatchObject({ method: 'DELETE', status: 200, body: { propagationPolicy: 'Background' } });

    const ignored = await kubectl(['delete', 'job', 'delete-me', '-n', NAMESPACE, '--ignore-not-found']);
    expect(ignored).toMatchObject({ code: 0, stdout: '', stderr: '' });

    const again = await kubectl(['delete', 'job', 'delete-me', '-n', NAMESPACE]);
    expect(again).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): jobs.batch "delete-me" not found\n' });
  });
});

describe('authentication', () => {
  test('kubectl with a wrong token is told it is not logged in', async () => {
    const config = parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
    const wrong = writeKubeconfig(path.join(dir, 'wrong-token'), {
      server: cluster.url,
      certificateAuthority: Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
      token: 'not-the-token',
      namespace: NAMESPACE,
    });
    const result = await kubectl(['get', 'jobs', '-o', 'name'], wrong);
    expect(result.code).toBe(1);
    // The text in parentheses is the Status message when discovery was cached (KUBECACHEDIR), client-go's
    // generic one when the discovery request itself was refused.
    expect(result.stderr).toMatch(/error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)/);
    expect(cluster.requests.at(-1)).toMatchObject({ status: 401 });
  });

  test('a request without a token is answered with a 401 Unauthorized Status', async () => {
    const config = parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
    const ca = Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64');
    const { status, body } = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      https
        .get(`${cluster.url}/apis/batch/v1/namespaces/${NAMESPACE}/jobs`, { ca }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode, body: text }));
        })
        .on('error', reject);
    });
    expect(status).toBe(401);
    expect(JSON.parse(body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  test('a pluggable authorizer turns requests into 403 Forbidden', async () => {
    const readOnly = await startStandInApiServer({
      namespace: NAMESPACE,
      authorize: (_user, info) => (info.verb === 'delete' ? { allowed: false, reason: '' } : { allowed: true }),
    });
    try {
      const result = await kubectl(['delete', 'job', 'anything', '-n', NAMESPACE], readOnly.kubeconfigPath);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'Error from server (Forbidden): jobs.batch "anything" is forbidden: User "stand-in-admin" cannot delete ' +
          `resource "jobs" in API group "batch" in the namespace "${NAMESPACE}"\n`,
      );
    } finally {
      await readOnly.close();
    }
  });
});
