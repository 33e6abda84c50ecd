/**
 * `npm run cluster -- run`: the real CLI starts a run on the stand-in API server and follows it. For a whole
 * run, the Job it creates from the CronJob runs the real dispatcher (runtime/dispatcher/dispatch.sh with bash
 * and the real kubectl, with the Job manifests of dist/demo's ConfigMap); the test plays the Job controller.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DISPATCHER_SCRIPT, JOB_MANIFEST_KEY } from '../../../constructs/dispatcher';
import { readManifests } from '../../../scripts/cluster/manifests';
import { CLI_ENVIRONMENTS, clusterCommand, cliWorkingDirectory, runClusterCli } from '../../helpers/cluster-cli';
import { StandInCluster, StandInOptions, startStandInApiServer } from '../../helpers/kube-api';
import { clusterResources } from '../../helpers/kube-api/cluster-resources';
import { fixtureDist } from '../../helpers/project';

const ENV = 'demo';
const DIST = fixtureDist(...CLI_ENVIRONMENTS);
const manifests = readManifests(DIST, ENV);
const cronJob = manifests.find((m) => m.object.kind === 'CronJob')!.object;
const NAMESPACE: string = cronJob.metadata.namespace;
// the per-target Job manifest ConfigMaps of dist/demo, live in the cluster; the dispatcher lists them by its selector
const jobManifests = manifests.filter((m) => m.object.kind === 'ConfigMap' && m.object.data?.[JOB_MANIFEST_KEY] !== undefined).map((m) => m.object);
const MANIFESTS_SELECTOR: string = cronJob.spec.jobTemplate.spec.template.spec.containers[0].env.find((e: any) => e.name === 'MANIFESTS_SELECTOR').value;
const REPORT_HOST: string = manifests.find((m) => m.object.kind === 'Route' && m.object.metadata.name === 'reports')!.object.spec.host;
const INT4 = 'mistral-3-int4-l4-x1';
const BF16 = 'mistral-3-bf16-l4-x4';
const CRONJOB_UID = '3f1c9a52-7f63-4a53-9e0b-2a1f0c6de001';

let cluster: StandInCluster | undefined;
let dir: string;
let timers: NodeJS.Timeout[] = [];
let dispatchers: ChildProcess[] = [];
const later = (fn: () => void, ms: number) => timers.push(setTimeout(fn, ms));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-run-'));
  fs.mkdirSync(path.join(dir, 'results'));
});

afterEach(async () => {
  timers.forEach(clearTimeout);
  timers = [];
  dispatchers.forEach((d) => d.kill());
  dispatchers = [];
  await cluster?.close();
  cluster = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function startCluster(options: StandInOptions = {}) {
  const live = { ...cronJob, metadata: { ...cronJob.metadata, uid: CRONJOB_UID } };
  cluster = await startStandInApiServer({ namespace: NAMESPACE, resources: clusterResources(), objects: [live, ...jobManifests], ...options });
  return cluster;
}

const cli = (args: string[]) => runClusterCli(['run', '--env', ENV, ...args], { HOME: dir, KUBECONFIG: cluster!.kubeconfigPath });

/**
 * Plays the cluster: the dispatcher Job runs dispatch.sh (and completes or fails with its exit code); each
 * benchmark Job ends as `outcomes` says, after `delayMs`.
 */
function playCluster(outcomes: Record<string, 'complete' | 'fail'>, delayMs = 800) {
  const c = cluster!;
  c.onJobCreated((job) => {
    const name: string = job.metadata.name;
    if (name.startsWith('benchmark-dispatcher-manual-')) {
      const dispatcher = spawn('bash', [DISPATCHER_SCRIPT], {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          KUBECONFIG: c.kubeconfigPath,
          KUBECACHEDIR: path.join(dir, 'kube-cache'),
          NAMESPACE,
          DISPATCHER_JOB_NAME: name,
          MANIFESTS_SELECTOR,
          MANIFESTS_DIR: path.join(dir, 'manifests'),
          DEADLINE_SECONDS: '30',
          POLL_SECONDS: '1',
          RESULTS_DIR: path.join(dir, 'results'),
          KEEP_RUNS: '2',
          MAX_AGE_DAYS: '30',
        },
      });
      dispatchers.push(dispatcher);
      dispatcher.on('close', (code) => (code === 0 ? c.completeJob(name) : c.failJob(name, 'BackoffLimitExceeded')));
      return;
    }
    const target = job.metadata.labels?.['llmbench.io/target'];
    const outcome = outcomes[target];
    if (!outcome) return;
    later(() => (outcome === 'complete' ? c.completeJob(name) : c.failJob(name, 'BackoffLimitExceeded')), delayMs);
  });
}

test('a whole run: a Job from the CronJob runs the dispatcher; progress per target until the end; one failed target: exit 1', async () => {
  await startCluster();
  playCluster({ [INT4]: 'complete', [BF16]: 'fail' });
  const result = await cli([]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);

  // the Job kubectl create job --from=cronjob/benchmark-dispatcher would make
  const dispatcher = cluster!.jobs().find((j) => j.metadata.name.startsWith('benchmark-dispatcher-manual-'));
  expect(dispatcher.metadata.annotations['cronjob.kubernetes.io/instantiate']).toBe('manual');
  expect(dispatcher.metadata.ownerReferences).toEqual([
    { apiVersion: 'batch/v1', kind: 'CronJob', name: 'benchmark-dispatcher', uid: CRONJOB_UID, controller: true, blockOwnerDeletion: true },
  ]);
  expect(dispatcher.metadata.labels).toEqual(cronJob.spec.jobTemplate.metadata.labels);
  expect(dispatcher.spec.template.spec).toEqual(cronJob.spec.jobTemplate.spec.template.spec);
  expect(dispatcher.spec.activeDeadlineSeconds).toBe(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds);

  const runId = dispatcher.metadata.creationTimestamp.replace(/[-:]/g, '').replace('T', '-').replace('Z', '');
  const out = result.stdout;
  expect(out).toContain(`started Job ${NAMESPACE}/${dispatcher.metadata.name} from CronJob benchmark-dispatcher: run ${runId}, 2 targets`);
  // the display goes from nothing done to everything done, in order
  const first = out.indexOf(`run ${runId} in ${NAMESPACE}: 0/2 Jobs done`);
  const half = out.indexOf(`run ${runId} in ${NAMESPACE}: 1/2 Jobs done`);
  const all = out.indexOf(`run ${runId} in ${NAMESPACE}: 2/2 Jobs done`);
  expect(first).toBeGreaterThanOrEqual(0);
  expect(half).toBeGreaterThan(first);
  expect(all).toBeGreaterThan(half);
  expect(out.slice(first, half)).toMatch(new RegExp(`${INT4}\\s+running\\s+guidellm-${INT4}-[a-z0-9]{5}`));
  const end = out.slice(all);
  expect(end).toMatch(new RegExp(`^run ${runId} in ${NAMESPACE}: 2/2 Jobs done, \\d+:\\d\\d elapsed$`, 'm'));
  expect(end).toMatch(new RegExp(`^  ${INT4}\\s+complete\\s+guidellm-${INT4}-[a-z0-9]{5}$`, 'm'));
  expect(end).toMatch(new RegExp(`^  ${BF16}\\s+failed\\s+guidellm-${BF16}-[a-z0-9]{5}  \\(BackoffLimitExceeded: Job has reached the specified backoff limit\\)$`, 'm'));
  // the dispatcher exits non-zero when a target fails
  expect(end).toContain(`dispatcher ${dispatcher.metadata.name} failed: BackoffLimitExceeded`);
  expect(end).toContain('1 of 2 Jobs did not complete');
  expect(end).toContain(`results: https://${REPORT_HOST}/ (run ${runId})`);
});

test('a whole run where every target completes: exit 0', async () => {
  await startCluster();
  playCluster({ [INT4]: 'complete', [BF16]: 'complete' });
  const result = await cli([]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('all 2 Jobs complete');
  expect(result.stdout).toContain(`results: https://${REPORT_HOST}/`);
  // the Jobs the CLI followed are the dispatcher's
  const benchmarkJobs = cluster!.jobs().filter((j) => j.metadata.labels['llmbench.io/run-id']);
  expect(benchmarkJobs).toHaveLength(2);
});

test('--target: the on-demand Job of dist/demo/jobs/ is created as it is and followed alone; exit 0', async () => {
  await startCluster();
  playCluster({ [INT4]: 'complete' }, 500);
  const result = await cli(['--target', INT4]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const post = cluster!.requests.find((r) => r.method === 'POST' && r.path === `/apis/batch/v1/namespaces/${NAMESPACE}/jobs`)!;
  expect(post.body).toEqual(manifests.find((m) => m.file === `jobs/job-guidellm-${INT4}.yaml`)!.object);
  const [job] = cluster!.jobs();
  expect(result.stdout).toContain(`started Job ${NAMESPACE}/${job.metadata.name} (target ${INT4}, from jobs/job-guidellm-${INT4}.yaml)`);
  expect(result.stdout).toContain(`Job ${job.metadata.name} in ${NAMESPACE}: 0/1 Jobs done`);
  expect(result.stdout).toMatch(new RegExp(`Job ${job.metadata.name} in ${NAMESPACE}: 1/1 Jobs done, \\d+:\\d\\d elapsed\\n  ${INT4}\\s+complete`));
  expect(result.stdout).toContain(`results: https://${REPORT_HOST}/`);
  // no dispatcher was started
  expect(cluster!.jobs()).toHaveLength(1);
});

test('on a terminal the display is redrawn in place every second (run under script(1), a real pseudo-terminal)', async () => {
  await startCluster();
  playCluster({ [INT4]: 'complete' }, 2500);
  const command = `${clusterCommand().join(' ')} run --env ${ENV} --target ${INT4}`;
  const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: cliWorkingDirectory(), env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: cluster!.kubeconfigPath, TERM: 'xterm' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
  expect(result.code).toBe(0);
  // cursor up over the two lines of the display, clear to the end of the screen, draw again
  const redraws = result.out.split('\x1b[2A\x1b[J').length - 1;
  expect(redraws).toBeGreaterThanOrEqual(2);
  expect(result.out).toMatch(/0\/1 Jobs done, 0:0[12] elapsed/);
  expect(result.out).toContain('results: https://');
});

describe('refusals end the command before anything starts, with exit 2', () => {
  test('an unknown target names the targets there are', async () => {
    await startCluster();
    const result = await cli(['--target', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cluster: no target "nope" in dist/demo/jobs/; targets: ${BF16}, ${INT4}\n`);
  });

  test('a namespace that does not exist', async () => {
    cluster = await startStandInApiServer({ namespace: 'default', resources: clusterResources() });
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cluster: namespace "${NAMESPACE}" does not exist on context "stand-in" (${cluster.url}): sync the Application demo-operators first`);
    expect(cluster.jobs()).toEqual([]);
  });

  test('a CronJob not synced yet names its Application', async () => {
    cluster = await startStandInApiServer({ namespace: NAMESPACE, resources: clusterResources() });
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cluster: CronJob ${NAMESPACE}/benchmark-dispatcher not found: the Application demo-benchmarks has not synced it yet\n`);
  });

  test('403 on creating the Job names the missing permission', async () => {
    await startCluster({ authorize: (_u, info) => (info.verb === 'create' && info.resource === 'jobs' ? { allowed: false, reason: '' } : { allowed: true }) });
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `cluster: cannot start the dispatcher Job: 403 Forbidden: missing permission create jobs.batch in namespace "${NAMESPACE}": ` +
        `jobs.batch is forbidden: User "stand-in-admin" cannot create resource "jobs" in API group "batch" in the namespace "${NAMESPACE}"\n`,
    );
  });
});
