/**
 * The dispatcher script (runtime/dispatcher/dispatch.sh) run for real with bash and the real kubectl against the
 * stand-in Kubernetes API server, with the Job manifests the generator renders for the demo environment.
 * The stand-in plays the Job controller: each test decides how the run's Jobs end. The benchmark-window
 * PrometheusRule (template and settings from the synthesized dispatcher) is created in the serving namespace
 * before the Jobs and deleted when the run ends, however it ends.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { dispatcherProps } from '../../constructs/charts/benchmarks-chart';
import { Dispatcher, DISPATCHER_SCRIPT, JOB_MANIFEST_KEY, WINDOW_RULE_KEY } from '../../constructs/dispatcher';
import { BENCHMARK_WINDOW_RECORD } from '../../constructs/monitoring/benchmark-window';
import type { Authorizer, ServedResource } from '../helpers/kube-api';
import { startStandInApiServer, StandInCluster } from '../helpers/kube-api';
import { failure } from '../helpers/kube-api/status';
import { fixtureEnvironment } from '../helpers/project';

const demo = fixtureEnvironment('demo');
const NAMESPACE = demo.config.namespace;
const INT4 = 'mistral-3-int4-l4-x1';
const BF16 = 'mistral-3-bf16-l4-x4';
const DISPATCHER_JOB = 'benchmark-dispatcher-29388960';
const SERVING = demo.config.servingNamespace;

// The dispatcher as synthesized: its window rule template, its settings and its Roles.
const synthesized = (() => {
  const chart = new Chart(Testing.app(), 'dispatcher');
  new Dispatcher(chart, 'dispatcher', dispatcherProps(demo));
  return Testing.synth(chart);
})();
const scriptConfigMap = synthesized.find((o) => o.kind === 'ConfigMap' && o.data['dispatch.sh']);
const containerEnv: Record<string, string> = Object.fromEntries(
  synthesized.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]),
);
// the per-target Job manifest ConfigMaps as synthesized; the script lists them from the stand-in by their selector
const manifestConfigMaps = synthesized.filter((o) => o.kind === 'ConfigMap' && o.data[JOB_MANIFEST_KEY] !== undefined);
const CONFIG_MAPS: ServedResource = { group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: ['get', 'list'] };
const WINDOW_SECONDS = 3600;
const windowRules = () => cluster.prometheusRules().filter((r) => r.metadata.namespace === SERVING);

let cluster: StandInCluster;
let dir: string;
/** Timers a test schedules; cleared after it so none fires into the next test's cluster. */
let timers: NodeJS.Timeout[] = [];

const later = (fn: () => void, ms: number) => timers.push(setTimeout(fn, ms));

beforeEach(async () => {
  cluster = await startStandInApiServer({ namespace: NAMESPACE, namespaces: [SERVING], prometheusRules: true, resources: [CONFIG_MAPS], objects: manifestConfigMaps });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dispatcher-'));
  fs.writeFileSync(path.join(dir, WINDOW_RULE_KEY), scriptConfigMap.data[WINDOW_RULE_KEY]);
  fs.mkdirSync(path.join(dir, 'results'));
  // the dispatcher's own Job, as the CronJob controller would create it
  fs.writeFileSync(
    path.join(dir, 'dispatcher-job.yaml'),
    stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: DISPATCHER_JOB, namespace: NAMESPACE }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'dispatch', image: 'x:1' }] } } } }),
  );
  expect((await kubectl(['create', '-f', path.join(dir, 'dispatcher-job.yaml')])).code).toBe(0);
});

afterEach(async () => {
  timers.forEach(clearTimeout);
  timers = [];
  await cluster.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The last process `run` started (a test that signals the dispatcher). */
let lastChild: ChildProcess;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: cluster.kubeconfigPath, ...env } });
    lastChild = child;
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const kubectl = (args: string[]) => run('kubectl', ['-n', NAMESPACE, ...args], {});

function dispatch(env: NodeJS.ProcessEnv = {}) {
  return run('bash', [DISPATCHER_SCRIPT], {
    NAMESPACE,
    DISPATCHER_JOB_NAME: DISPATCHER_JOB,
    MANIFESTS_SELECTOR: containerEnv.MANIFESTS_SELECTOR,
    MANIFESTS_DIR: path.join(dir, 'manifests'),
    DEADLINE_SECONDS: '20',
    POLL_SECONDS: '1',
    RESULTS_DIR: path.join(dir, 'results'),
    KEEP_RUNS: '2',
    MAX_AGE_DAYS: '30',
    WINDOW_RULE: path.join(dir, WINDOW_RULE_KEY),
    WINDOW_NAMESPACE: containerEnv.WINDOW_NAMESPACE,
    WINDOW_SECONDS: String(WINDOW_SECONDS),
    ...env,
  });
}

const runJobs = () => cluster.jobs().filter((j) => j.metadata.labels?.['llmbench.io/run-id']);
const jobOf = (target: string) => runJobs().find((j) => j.metadata.labels['llmbench.io/target'] === target);

/** Ends each target's Job once every target's Job exists (so the test also proves they were started together). */
function whenAllCreated(outcomes: Record<string, (name: string) => void>, delayMs = 300) {
  let fired = false;
  cluster.onJobCreated(() => {
    // the Jobs are created in parallel: the first callback may already see all of them
    if (fired || runJobs().length < demo.targets.length) return;
    fired = true;
    later(() => {
      for (const [target, end] of Object.entries(outcomes)) end(jobOf(target).metadata.name);
    }, delayMs);
  });
}

test('all targets complete: one Job each, started together, labelled with one run id; exit 0', async () => {
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
  const result = await dispatch();
  expect(result.output).toContain('all 2 targets complete');
  expect(result.code).toBe(0);
  const jobs = runJobs();
  expect(jobs).toHaveLength(2);
  const runId = jobs[0].metadata.labels['llmbench.io/run-id'];
  expect(runId).toMatch(/^\d{8}-\d{6}$/);
  for (const job of jobs) {
    expect(job.metadata.labels['llmbench.io/run-id']).toBe(runId);
    // the benchmark pods read the run id from their own labels
    expect(job.spec.template.metadata.labels['llmbench.io/run-id']).toBe(runId);
    expect(job.metadata.name).toMatch(new RegExp(`^guidellm-${job.metadata.labels['llmbench.io/target']}-[a-z0-9]{5}$`));
    expect(job.metadata.generateName).toBeUndefined();
  }
});

test('a target that fails with BackoffLimitExceeded is named with the reason; the other still completes; exit 1', async () => {
  whenAllCreated({ [INT4]: (n) => cluster.failJob(n, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'), [BF16]: (n) => cluster.completeJob(n) });
  const result = await dispatch();
  expect(result.code).toBe(1);
  expect(result.output).toMatch(new RegExp(`${INT4}\\s+failed: BackoffLimitExceeded \\(Job has reached the specified backoff limit\\)`));
  expect(result.output).toMatch(new RegExp(`${BF16}\\s+Complete`));
  expect(result.output).toContain('1 of 2 targets did not complete');
});

test('a target that hits its own deadline is reported as DeadlineExceeded', async () => {
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.failJob(n, 'DeadlineExceeded', 'Job was active longer than specified deadline') });
  const result = await dispatch();
  expect(result.code).toBe(1);
  expect(result.output).toMatch(new RegExp(`${BF16}\\s+failed: DeadlineExceeded \\(Job was active longer than specified deadline\\)`));
});

test('a target that never finishes makes the dispatcher give up at its deadline and delete that Job', async () => {
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n) });
  // no wall-clock bound (it failed at random on a loaded machine): the message and the deleted Job say the
  // dispatcher gave up at its deadline; without one it would wait for the Job until the test's timeout
  const result = await dispatch({ DEADLINE_SECONDS: '3' });
  expect(result.code).toBe(1);
  expect(result.output).toMatch(new RegExp(`${BF16}\\s+still running after the dispatcher's deadline of 3s; its Job was deleted`));
  expect(jobOf(BF16)).toBeUndefined();
  expect(jobOf(INT4)).toBeDefined();
});

test('a retried dispatcher meets AlreadyExists, creates nothing twice and follows the Jobs of its run', async () => {
  // Jobs created by an earlier attempt of this run, still running
  cluster.onJobCreated(() => undefined);
  const earlier = dispatch({ DEADLINE_SECONDS: '30' });
  await waitFor(() => runJobs().length === 2);
  const namesBefore = runJobs().map((j) => j.metadata.name).sort();

  const retry = dispatch({ DEADLINE_SECONDS: '30' });
  await waitFor(() => true, 1500);
  for (const job of runJobs()) cluster.completeJob(job.metadata.name);
  const [first, second] = await Promise.all([earlier, retry]);
  expect(second.output).toContain('already created by an earlier attempt of this run; following it');
  expect(second.code).toBe(0);
  expect(first.code).toBe(0);
  expect(runJobs().map((j) => j.metadata.name).sort()).toEqual(namesBefore);
});

test('a Job deleted by its TTL after it completed still counts; one deleted before it finished is reported', async () => {
  // Each step waits for the dispatcher to have looked at the run's Jobs since the step before (never for a time):
  // int4 completes → the dispatcher sees it → its TTL deletes it; bf16, seen running, is then deleted unfinished.
  const looks = () => cluster.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/jobs') && (r.query.labelSelector ?? '').includes('llmbench.io/run-id=')).length;
  const afterNextLook = async () => {
    const before = looks();
    await waitFor(() => looks() > before);
  };
  let fired = false;
  cluster.onJobCreated(() => {
    if (fired || runJobs().length < demo.targets.length) return;
    fired = true;
    void (async () => {
      cluster.completeJob(jobOf(INT4).metadata.name);
      await afterNextLook();
      cluster.deleteJob(jobOf(INT4).metadata.name);
      await afterNextLook();
      cluster.deleteJob(jobOf(BF16).metadata.name);
    })();
  });
  const result = await dispatch();
  expect(result.code).toBe(1);
  expect(runJobs()).toEqual([]); // both were gone before the dispatcher finished
  expect(result.output).toMatch(new RegExp(`${INT4}\\s+Complete`));
  expect(result.output).toMatch(new RegExp(`${BF16}\\s+Job deleted before it finished`));
  expect(result.output).not.toMatch(new RegExp(`${INT4}: Job deleted`));
});

test('retention keeps the newest runs and runs in progress, deletes old ones, leaves foreign folders alone', async () => {
  const results = path.join(dir, 'results');
  const old = ['20250101-020000', '20250102-020000-abcde', '20250103-020000'];
  const recent = ['20261120-020000', '20261121-020000'];
  for (const run of [...old, ...recent, 'lost+found', 'notes']) fs.mkdirSync(path.join(results, run, 'target'), { recursive: true });
  // an old run that is still in progress: a hand-started Job without run-id label, known through prepare.sh's marker
  fs.mkdirSync(path.join(results, '.jobs'));
  fs.writeFileSync(path.join(results, '.jobs', 'guidellm-manual-x1y2z'), '20250102-020000-abcde\n');
  fs.writeFileSync(
    path.join(dir, 'manual.yaml'),
    stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'guidellm-manual-x1y2z', labels: { 'llmbench.io/target': 'manual' } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x:1' }] } } } }),
  );
  expect((await kubectl(['create', '-f', path.join(dir, 'manual.yaml')])).code).toBe(0);
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });

  const result = await dispatch({ KEEP_RUNS: '2', MAX_AGE_DAYS: '30' });
  expect(result.code).toBe(0);
  expect(fs.readdirSync(results).sort()).toEqual(['.jobs', '20250102-020000-abcde', ...recent, 'lost+found', 'notes']);
  expect(result.output).toContain('retention: deleting run 20250103-020000');
  expect(result.output).toContain('retention: keeping 20250102-020000-abcde: it is in progress');
});

test('without a results volume (object-store mode) retention is skipped and said so', async () => {
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
  const result = await dispatch({ RESULTS_DIR: '' });
  expect(result.code).toBe(0);
  expect(result.output).toContain("retention: no results volume here (object-store mode): each target's results processor applies it in the bucket");
});

// ------------------------------------------------------------------------------------------ benchmark window

/** The dispatcher Job's creation time (the run's start), Unix seconds. */
const runStart = () => Math.floor(Date.parse(cluster.jobs().find((j) => j.metadata.name === DISPATCHER_JOB).metadata.creationTimestamp) / 1000);

/** Records the window rules present when the first benchmark Job is created. */
function windowAtFirstJob(): { rules?: any[] } {
  const seen: { rules?: any[] } = {};
  cluster.onJobCreated(() => {
    seen.rules ??= windowRules();
  });
  return seen;
}

function expectOpenWindow(rules: any[] | undefined) {
  expect(rules).toHaveLength(1);
  const rule = rules![0];
  expect(rule.metadata.name).toBe(`llmbench-${demo.name}-benchmark-window`);
  expect(rule.metadata.namespace).toBe(SERVING);
  const end = runStart() + WINDOW_SECONDS;
  expect(rule.spec.groups[0].rules).toEqual(
    [...new Set(demo.targets.map((t) => t.deployment))].sort().map((deployment) => ({ record: BENCHMARK_WINDOW_RECORD, expr: `vector(${end})`, labels: { deployment } })),
  );
}

test('the synthesized dispatcher passes the serving namespace and a window that ends with its Job deadline', () => {
  expect(containerEnv.WINDOW_NAMESPACE).toBe(SERVING);
  expect(containerEnv.WINDOW_RULE).toBe(`/scripts/${WINDOW_RULE_KEY}`);
  const job = synthesized.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec;
  expect(Number(containerEnv.WINDOW_SECONDS)).toBe(job.activeDeadlineSeconds);
});

test('the benchmark window is open before the Jobs start, with the end time and served models, and closed after', async () => {
  const seen = windowAtFirstJob();
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
  const result = await dispatch();
  expect(result.code).toBe(0);
  expectOpenWindow(seen.rules);
  expect(windowRules()).toEqual([]);
  expect(result.output).toMatch(/benchmark window: SLA alerts of the benchmarked models silenced until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ at the latest \(prometheusrule\.monitoring\.coreos\.com\/llmbench-demo-benchmark-window in llm-serving\)/);
  expect(result.output).toContain('benchmark window: closed');
});

test('the window is closed when benchmark Jobs fail, and when the dispatcher gives up at its deadline', async () => {
  const seen = windowAtFirstJob();
  whenAllCreated({ [INT4]: (n) => cluster.failJob(n, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit') });
  const result = await dispatch({ DEADLINE_SECONDS: '3' });
  expect(result.code).toBe(1);
  expect(result.output).toMatch(new RegExp(`${INT4}\\s+failed: BackoffLimitExceeded`));
  expect(result.output).toMatch(new RegExp(`${BF16}\\s+still running after the dispatcher's deadline`));
  expectOpenWindow(seen.rules);
  expect(windowRules()).toEqual([]);
});

test('a window left by an earlier run is replaced by this run\'s', async () => {
  const stale = scriptConfigMap.data[WINDOW_RULE_KEY].replace(/@WINDOW_END@/g, '1700000000');
  fs.writeFileSync(path.join(dir, 'stale.yaml'), stale);
  expect((await run('kubectl', ['-n', SERVING, 'create', '-f', path.join(dir, 'stale.yaml')], {})).code).toBe(0);
  expect(windowRules()[0].spec.groups[0].rules[0].expr).toBe('vector(1700000000)');
  const seen = windowAtFirstJob();
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
  expect((await dispatch()).code).toBe(0);
  expectOpenWindow(seen.rules);
  expect(windowRules()).toEqual([]);
});

test('stopped by Kubernetes at its Job deadline (SIGTERM), the dispatcher closes the window on the way out', async () => {
  cluster.onJobCreated(() => undefined);
  const running = dispatch({ DEADLINE_SECONDS: '60' });
  await waitFor(() => runJobs().length === 2 && windowRules().length === 1);
  const child = lastChild;
  child.kill('SIGTERM');
  const result = await running;
  expect(result.code).toBe(143);
  expect(windowRules()).toEqual([]);
  expect(result.output).toContain('benchmark window: closed');
});

test('without WINDOW_RULE (alerts or silencing off) no PrometheusRule is touched', async () => {
  whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
  const result = await dispatch({ WINDOW_RULE: '' });
  expect(result.code).toBe(0);
  expect(cluster.requests.filter((r) => r.path.includes('prometheusrules'))).toEqual([]);
  expect(result.output).not.toContain('benchmark window');
});

/**
 * The RBAC authorizer's decision for the dispatcher's ServiceAccount: the rules of its synthesized Roles in their
 * namespaces (a rule with resourceNames never matches create or list), plus discovery, which every
 * authenticated user may read.
 */
const dispatcherRbac: Authorizer = (_user, info) => {
  if (!info.isResourceRequest) return { allowed: true };
  const allowed = synthesized
    .filter((o) => o.kind === 'Role' && o.metadata.namespace === info.namespace)
    .flatMap((role) => role.rules)
    .some(
      (rule: any) =>
        rule.apiGroups.includes(info.apiGroup) &&
        rule.resources.includes(info.subresource ? `${info.resource}/${info.subresource}` : info.resource) &&
        rule.verbs.includes(info.verb) &&
        (!rule.resourceNames || (info.name !== '' && rule.resourceNames.includes(info.name))),
    );
  return allowed ? { allowed: true } : { allowed: false, reason: '' };
};

describe('under the RBAC of its synthesized Roles', () => {
  test('the dispatcher opens and closes the window, replacing a leftover, with no request refused', async () => {
    // the cluster of this test was started with the allow-all authorizer by the outer beforeEach: restart it
    await cluster.close();
    cluster = await startStandInApiServer({ namespace: NAMESPACE, namespaces: [SERVING], prometheusRules: true, resources: [CONFIG_MAPS], objects: manifestConfigMaps, authorize: dispatcherRbac });
    // setup as an admin would: the dispatcher's own Job and a leftover window (both allowed by these Roles too)
    expect((await kubectl(['create', '-f', path.join(dir, 'dispatcher-job.yaml')])).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'stale.yaml'), scriptConfigMap.data[WINDOW_RULE_KEY].replace(/@WINDOW_END@/g, '1700000000'));
    expect((await run('kubectl', ['-n', SERVING, 'create', '-f', path.join(dir, 'stale.yaml')], {})).code).toBe(0);
    const seen = windowAtFirstJob();
    whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
    const result = await dispatch();
    expect(result.code).toBe(0);
    expectOpenWindow(seen.rules);
    expect(windowRules()).toEqual([]);
    expect(cluster.requests.filter((r) => r.status === 403).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});

function waitFor(condition: () => boolean, minimumMs = 0, timeoutMs = 15000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (Date.now() - start >= minimumMs && condition()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'));
      else setTimeout(tick, 100);
    };
    tick();
  });
}

describe('under API faults', () => {
  const internalError = () => failure(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out');

  test('a transient 500 on Job creates is retried with backoff: every target still runs tonight', async () => {
    let failedCreates = 0;
    cluster.injectFaults((info) => (info.resource === 'jobs' && info.verb === 'create' && failedCreates++ < 2 ? internalError() : undefined));
    whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
    const result = await dispatch({ RETRY_SECONDS: '1' });
    expect(failedCreates).toBeGreaterThanOrEqual(2);
    expect([result.code, runJobs().length]).toEqual([0, 2]);
    expect(result.output).toContain('all 2 targets complete');
  });

  test('the Job manifests cannot be listed: named, exit 2, no Job created (not an empty run)', async () => {
    cluster.injectFaults((info) => (info.resource === 'configmaps' && info.verb === 'list' ? failure(403, 'Forbidden', 'configmaps is forbidden: User cannot list resource "configmaps"') : undefined));
    const result = await dispatch();
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/cannot list the Job manifests \(ConfigMaps app\.kubernetes\.io\/component=job-manifest,app\.kubernetes\.io\/part-of=llm-benchmark-stack,llmbench\.io\/environment=demo in llm-bench-demo\): .*forbidden/);
    expect(runJobs()).toEqual([]);
  });

  test('a transient error listing the manifests is retried', async () => {
    let failed = 0;
    cluster.injectFaults((info) => (info.resource === 'configmaps' && info.verb === 'list' && failed++ < 1 ? internalError() : undefined));
    whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
    const result = await dispatch({ RETRY_SECONDS: '1' });
    expect([result.code, failed, runJobs().length]).toEqual([0, 2, 2]);
  });

  test('a create that keeps failing is reported with the error and the retries, after a bounded wait', async () => {
    cluster.injectFaults((info) => (info.resource === 'jobs' && info.verb === 'create' ? internalError() : undefined));
    const result = await dispatch({ RETRIES: '2', RETRY_SECONDS: '1' });
    expect(result.code).toBe(1);
    for (const target of [INT4, BF16]) {
      expect(result.output).toMatch(new RegExp(`${target}\\s+not created: .*InternalError.*etcdserver: request timed out \\(after 2 retries\\)`));
    }
    expect(runJobs()).toEqual([]);
  });

  test('a Job of the computed name that is not this run\'s is not followed', async () => {
    // learn the names this run uses, then put foreign Jobs (another run, no run) in their place
    whenAllCreated({ [INT4]: (n) => cluster.completeJob(n), [BF16]: (n) => cluster.completeJob(n) });
    expect((await dispatch()).code).toBe(0);
    const names: Record<string, string> = Object.fromEntries(runJobs().map((j) => [j.metadata.labels['llmbench.io/target'], j.metadata.name]));
    for (const name of Object.values(names)) cluster.deleteJob(name);
    const foreign = (name: string, labels: Record<string, string>) =>
      stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, labels }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x:1' }] } } } });
    fs.writeFileSync(path.join(dir, 'foreign.yaml'), `${foreign(names[INT4], { 'llmbench.io/run-id': '20200101-000000' })}---\n${foreign(names[BF16], {})}`);
    expect((await kubectl(['create', '-f', path.join(dir, 'foreign.yaml')])).code).toBe(0);
    const result = await dispatch();
    expect(result.code).toBe(1);
    expect(result.output).toMatch(new RegExp(`${INT4}\\s+not created: a Job ${names[INT4]} exists but belongs to run 20200101-000000, not to run \\d{8}-\\d{6}; not followed`));
    expect(result.output).toMatch(new RegExp(`${BF16}\\s+not created: a Job ${names[BF16]} exists but belongs to no run \\(no llmbench\\.io/run-id label\\)`));
    expect(result.output).not.toContain('following it');
  });

  test('when list and delete keep failing past the deadline: Jobs not verified gone are said so, and the window stays open', async () => {
    let created = 0;
    cluster.onJobCreated(() => {
      created++;
    });
    // once the Jobs exist, every list and delete of Jobs fails
    cluster.injectFaults((info) => (created >= 2 && info.resource === 'jobs' && ['list', 'delete', 'deletecollection'].includes(info.verb) ? internalError() : undefined));
    const result = await dispatch({ DEADLINE_SECONDS: '3', RETRIES: '1', RETRY_SECONDS: '1' });
    expect(result.code).toBe(1);
    for (const target of [INT4, BF16]) {
      expect(result.output).toMatch(new RegExp(`${target}\\s+not finished after the dispatcher's deadline of 3s, and its Job could not be deleted \\(.*InternalError.*\\): it may still be running`));
      expect(jobOf(target)).toBeDefined();
    }
    expect(result.output).toContain('benchmark window: left open until its end time');
    expect(windowRules()).toHaveLength(1);
  });
});
