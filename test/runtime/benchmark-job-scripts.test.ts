/**
 * Runs the benchmark Job's real step scripts (runtime/benchmark-job/) with /bin/sh and python3, in the order the
 * pod runs them, against a temporary results volume. GuideLLM itself is replaced by a shell command that writes
 * a report or fails, which is all the scripts see of it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPTS = path.join(__dirname, '..', '..', 'runtime', 'benchmark-job');

interface Pod {
  results: string;
  state: string;
  env: NodeJS.ProcessEnv;
}

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scripts-'));
  fs.mkdirSync(path.join(root, 'results'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const context = {
  environment: 'dev',
  target: { name: 'granite-l4', model: 'granite', gpuProfile: 'l4-x1' },
  guidellm: { image: 'ghcr.io/vllm-project/guidellm:v0.7.3', version: '0.7.3' },
  benchmarks: [
    { name: 'chat-smoke', scenario: 'chat', loadPlan: 'smoke' },
    { name: 'code-smoke', scenario: 'code', loadPlan: 'smoke' },
  ],
};

/** A new pod of the same Job: fresh state volume, same results volume. */
function newPod(extraEnv: NodeJS.ProcessEnv = {}, podIndex = 1): Pod {
  const state = path.join(root, `state-${podIndex}`);
  fs.mkdirSync(state);
  return {
    results: path.join(root, 'results'),
    state,
    env: {
      PATH: process.env.PATH,
      HOME: root,
      TARGET_NAME: 'granite-l4',
      RESULTS_DIR: path.join(root, 'results'),
      STATE_DIR: state,
      JOB_NAME: 'guidellm-granite-l4-x7k2p',
      POD_NAME: `guidellm-granite-l4-x7k2p-pod${podIndex}`,
      RUN_ID: '',
      RUN_CONTEXT: JSON.stringify(context),
      ...extraEnv,
    },
  };
}

function run(pod: Pod, command: string, args: string[]) {
  const result = spawnSync(command, args, { env: pod.env, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const prepare = (pod: Pod) => run(pod, '/bin/sh', [path.join(SCRIPTS, 'prepare.sh')]);
/** One benchmark step whose "GuideLLM" runs `shell` in the benchmark folder. */
const bench = (pod: Pod, name: string, shell: string) => run(pod, '/bin/sh', [path.join(SCRIPTS, 'benchmark.sh'), name, '/bin/sh', '-c', shell]);
const html = (pod: Pod, shell: string) => run(pod, '/bin/sh', [path.join(SCRIPTS, 'html-report.sh'), '/bin/sh', '-c', shell]);
const finalize = (pod: Pod) => run(pod, 'python3', [path.join(SCRIPTS, 'finalize.py')]);

const WRITE_REPORT = 'echo "{\\"benchmarks\\": []}" > benchmarks.json && echo "a,b" > benchmarks.csv';

function stateOf(pod: Pod): Record<string, string> {
  const text = fs.readFileSync(path.join(pod.state, 'run.env'), 'utf8');
  return Object.fromEntries(text.trim().split('\n').map((line) => line.split('=') as [string, string]));
}

function readRun(pod: Pod) {
  return JSON.parse(fs.readFileSync(path.join(stateOf(pod).TARGET_DIR, 'run.json'), 'utf8'));
}

test('all benchmarks succeed: each in its own folder, run.json lists them, the Job succeeds', () => {
  const pod = newPod();
  expect(prepare(pod).status).toBe(0);
  const { RUN_ID, TARGET_DIR, ATTEMPT } = stateOf(pod);
  expect(RUN_ID).toMatch(/^\d{8}-\d{6}-x7k2p$/);
  expect(TARGET_DIR).toBe(path.join(pod.results, RUN_ID, 'granite-l4'));
  expect(ATTEMPT).toBe('1');

  expect(bench(pod, 'chat-smoke', WRITE_REPORT).status).toBe(0);
  expect(bench(pod, 'code-smoke', WRITE_REPORT).status).toBe(0);
  const done = finalize(pod);
  expect(done.status).toBe(0);
  expect(done.output).toContain('all 2 benchmarks succeeded');

  const runJson = readRun(pod);
  expect(runJson).toMatchObject({
    schemaVersion: 1,
    runId: RUN_ID,
    environment: 'dev',
    outcome: 'succeeded',
    job: { name: 'guidellm-granite-l4-x7k2p', attempt: 1 },
    guidellm: { version: '0.7.3' },
  });
  expect(runJson.benchmarks.map((b: any) => [b.name, b.status, b.folder])).toEqual([
    ['chat-smoke', 'succeeded', 'chat-smoke'],
    ['code-smoke', 'succeeded', 'code-smoke'],
  ]);
  expect(runJson.benchmarks[0].attempts[0].files).toEqual(['benchmarks.csv', 'benchmarks.json', 'exit-code', 'finished-at', 'guidellm.log', 'started-at']);
  expect(runJson.benchmarks[0].attempts[0].startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('a failed benchmark does not stop the next one; the last step fails the Job and names it', () => {
  const pod = newPod();
  prepare(pod);
  const failed = bench(pod, 'chat-smoke', 'echo "connection refused" >&2; exit 3');
  expect(failed.status).toBe(0); // the step itself never fails
  expect(failed.output).toContain('connection refused');
  expect(bench(pod, 'code-smoke', WRITE_REPORT).status).toBe(0);

  const done = finalize(pod);
  expect(done.status).toBe(1);
  expect(done.output).toContain('1 of 2 benchmarks did not succeed: chat-smoke (failed)');
  const runJson = readRun(pod);
  expect(runJson.outcome).toBe('failed');
  expect(runJson.benchmarks[0]).toMatchObject({ status: 'failed', attempts: [{ exitCode: 3 }] });
  expect(fs.readFileSync(path.join(stateOf(pod).TARGET_DIR, 'chat-smoke', 'guidellm.log'), 'utf8')).toContain('connection refused');
});

test('a retry resumes the same run, re-runs only what failed, in a new folder, and overwrites nothing', () => {
  const first = newPod({}, 1);
  prepare(first);
  bench(first, 'chat-smoke', 'echo first > benchmarks.json; exit 1');
  bench(first, 'code-smoke', WRITE_REPORT);
  expect(finalize(first).status).toBe(1);
  const firstState = stateOf(first);
  const failedReport = path.join(firstState.TARGET_DIR, 'chat-smoke', 'benchmarks.json');
  const doneReport = path.join(firstState.TARGET_DIR, 'code-smoke', 'benchmarks.json');
  const before = [fs.readFileSync(failedReport, 'utf8'), fs.readFileSync(doneReport, 'utf8')];

  const second = newPod({}, 2);
  prepare(second);
  expect(stateOf(second)).toMatchObject({ RUN_ID: firstState.RUN_ID, ATTEMPT: '2' });
  bench(second, 'chat-smoke', WRITE_REPORT);
  const skipped = bench(second, 'code-smoke', 'touch ran-again');
  expect(skipped.output).toContain('completed by an earlier attempt');
  expect(finalize(second).status).toBe(0);

  expect([fs.readFileSync(failedReport, 'utf8'), fs.readFileSync(doneReport, 'utf8')]).toEqual(before);
  expect(fs.existsSync(path.join(firstState.TARGET_DIR, 'code-smoke', 'ran-again'))).toBe(false);
  const runJson = readRun(second);
  expect(runJson.job.attempt).toBe(2);
  expect(runJson.benchmarks[0]).toMatchObject({
    status: 'succeeded',
    folder: 'chat-smoke/attempt-2',
    attempts: [
      { folder: 'chat-smoke', status: 'failed', exitCode: 1 },
      { folder: 'chat-smoke/attempt-2', status: 'succeeded', exitCode: 0 },
    ],
  });
});

test('the dispatcher run id from the Job label wins over a derived one', () => {
  const pod = newPod({ RUN_ID: 'nightly-20261124' });
  prepare(pod);
  expect(stateOf(pod).TARGET_DIR).toBe(path.join(pod.results, 'nightly-20261124', 'granite-l4'));
});

test('a benchmark killed before it returned is "interrupted"; one that never started is "not-run"', () => {
  const pod = newPod();
  prepare(pod);
  // Simulates a pod killed mid-benchmark: the folder exists, GuideLLM never returned.
  fs.mkdirSync(path.join(stateOf(pod).TARGET_DIR, 'chat-smoke'));
  const done = finalize(pod);
  expect(done.status).toBe(1);
  const runJson = readRun(pod);
  expect(runJson.benchmarks.map((b: any) => b.status)).toEqual(['interrupted', 'not-run']);
  expect(done.output).toContain('chat-smoke (interrupted), code-smoke (not-run)');
});

test('a failing HTML report is recorded and never fatal; the JSON and CSV stay as they were', () => {
  const pod = newPod();
  prepare(pod);
  bench(pod, 'chat-smoke', WRITE_REPORT);
  bench(pod, 'code-smoke', 'exit 2'); // no JSON: no HTML attempted
  const dir = path.join(stateOf(pod).TARGET_DIR, 'chat-smoke');
  const json = fs.readFileSync(path.join(dir, 'benchmarks.json'), 'utf8');

  const result = html(pod, 'echo "cannot download template" >&2; exit 1');
  expect(result.status).toBe(0);
  expect(result.output).toContain('chat-smoke: HTML report failed (exit 1');
  expect(fs.readFileSync(path.join(dir, 'html-exit-code'), 'utf8').trim()).toBe('1');
  expect(fs.readFileSync(path.join(dir, 'html.log'), 'utf8')).toContain('cannot download template');
  expect(fs.readFileSync(path.join(dir, 'benchmarks.json'), 'utf8')).toBe(json);
  expect(fs.existsSync(path.join(stateOf(pod).TARGET_DIR, 'code-smoke', 'html-exit-code'))).toBe(false);

  finalize(pod);
  expect(readRun(pod).benchmarks[0].attempts[0].htmlExitCode).toBe(1);
});

test('an endpoint CA is appended to the system CAs, so Hugging Face downloads keep working', () => {
  const system = path.join(root, 'system-ca.pem');
  const endpoint = path.join(root, 'service-ca.crt');
  fs.writeFileSync(system, 'SYSTEM CAS\n');
  fs.writeFileSync(endpoint, 'SERVICE CA\n');
  const pod = newPod({ ENDPOINT_CA_FILE: endpoint, SYSTEM_CA_FILE: system });
  expect(prepare(pod).status).toBe(0);
  expect(fs.readFileSync(path.join(pod.state, 'ca-bundle.pem'), 'utf8')).toBe('SYSTEM CAS\nSERVICE CA\n');

  const bare = newPod({ ENDPOINT_CA_FILE: endpoint, SYSTEM_CA_FILE: path.join(root, 'missing.pem') }, 2);
  expect(prepare(bare).status).toBe(0);
  expect(fs.readFileSync(path.join(bare.state, 'ca-bundle.pem'), 'utf8')).toBe('SERVICE CA\n');
});

test('--record writes run.json and lets the processor run; --verdict then decides from run.json and the status files', () => {
  const pod = newPod();
  prepare(pod);
  bench(pod, 'chat-smoke', WRITE_REPORT);
  bench(pod, 'code-smoke', 'exit 4');
  const recorded = run(pod, 'python3', [path.join(SCRIPTS, 'finalize.py'), '--record']);
  expect(recorded.status).toBe(0);
  expect(readRun(pod).outcome).toBe('failed');

  const statusFile = path.join(pod.state, 'processor-status');
  fs.writeFileSync(statusFile, '1\n');
  const verdict = run({ ...pod, env: { ...pod.env, STATUS_FILES: statusFile } }, 'python3', [path.join(SCRIPTS, 'finalize.py'), '--verdict']);
  expect(verdict.status).toBe(1);
  expect(verdict.output).toContain('1 of 2 benchmarks did not succeed: code-smoke (failed)');
  expect(verdict.output).toContain('step processor-status ended with status 1; see its log');
});

/** A pod in which both benchmarks wrote their report and finalize.py recorded run.json. */
function recordedPod() {
  const pod = newPod();
  prepare(pod);
  bench(pod, 'chat-smoke', WRITE_REPORT);
  bench(pod, 'code-smoke', WRITE_REPORT);
  run(pod, 'python3', [path.join(SCRIPTS, 'finalize.py'), '--record']);
  return pod;
}

test('--verdict on an empty or truncated run.json: a clear message naming the file, and a failed Job', () => {
  const pod = recordedPod();
  const file = path.join(stateOf(pod).TARGET_DIR, 'run.json');
  for (const content of ['', '{"benchmarks": [{"name": "chat', '{"benchmarks": 3}']) {
    fs.writeFileSync(file, content);
    const verdict = run(pod, 'python3', [path.join(SCRIPTS, 'finalize.py'), '--verdict']);
    expect(verdict.status).toBe(1);
    expect(verdict.output).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read the run record \\((JSONDecodeError|TypeError): .*\\); the outcome of its benchmarks is unknown\\n$`));
    expect(verdict.output).not.toContain('Traceback');
  }
});

test('--verdict succeeds when every benchmark succeeded and the processor did; a missing status file fails', () => {
  const pod = recordedPod();
  const statusFile = path.join(pod.state, 'processor-status');
  const verdict = (env: NodeJS.ProcessEnv) => run({ ...pod, env: { ...pod.env, ...env } }, 'python3', [path.join(SCRIPTS, 'finalize.py'), '--verdict']);
  expect(verdict({ STATUS_FILES: statusFile }).output).toContain('step processor-status ended with status unknown (it did not run)');
  fs.writeFileSync(statusFile, '0\n');
  const ok = verdict({ STATUS_FILES: statusFile });
  expect([ok.status, ok.output.trim()]).toEqual([0, 'target granite-l4: all 2 benchmarks succeeded and were processed']);
});
