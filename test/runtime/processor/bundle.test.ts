/**
 * What ships is what was tested: the esbuild bundle the generator puts in the `results-processor` ConfigMap,
 * run with node on a run folder laid out as the benchmark Job leaves it, holding the real GuideLLM report.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processorConfig } from '../../../constructs/charts/props';
import { resultsProcessorBundle } from '../../../constructs/results-processor';
import { S3_CLIENT_FILE, s3ClientBundle } from '../../../constructs/runtime-bundle';
import { PROJECT_ROOT, fixtureEnvironment } from '../../helpers/project';

const FIXTURE = path.join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');
const demo = fixtureEnvironment('demo');
const RUN = '20261124-020000';
const TARGET = 'mistral-3-int4-l4-x1';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'processor-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A target folder as prepare.sh, benchmark.sh and finalize.py leave it. */
function layOutRun(runId: string, target: string, benchmarkStatus = 'succeeded'): string {
  const targetDir = path.join(dir, 'results', runId, target);
  fs.mkdirSync(path.join(targetDir, 'chat-demo-ladder'), { recursive: true });
  fs.copyFileSync(FIXTURE, path.join(targetDir, 'chat-demo-ladder', 'benchmarks.json'));
  const run = {
    schemaVersion: 1,
    runId,
    environment: 'demo',
    outcome: benchmarkStatus === 'succeeded' ? 'succeeded' : 'failed',
    target: { name: target, model: 'mistral-3-int4', servedModelName: 'mistral-3-int4', gpuProfile: 'l4-x1', gpuType: 'NVIDIA-L4', gpuCount: 1, instanceType: 'g6.4xlarge', pricePerHour: 0.85, endpoint: 'http://x/v1', serving: { vllmVersion: '0.11.0' } },
    guidellm: { image: 'ghcr.io/vllm-project/guidellm:v0.7.3', version: '0.7.3' },
    benchmarks: [
      { name: 'chat-demo-ladder', scenario: 'chat', loadPlan: 'demo-ladder', status: benchmarkStatus, folder: 'chat-demo-ladder', attempts: [] },
      { name: 'code-demo-ladder', scenario: 'code', loadPlan: 'demo-ladder', status: 'not-run', folder: null, attempts: [] },
    ],
  };
  fs.writeFileSync(path.join(targetDir, 'run.json'), JSON.stringify(run));
  const state = path.join(dir, `state-${runId}-${target}`);
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(state, 'run.env'), `RUN_ID=${runId}\nATTEMPT=1\nTARGET_DIR=${targetDir}\nSTARTED_AT=2026-11-24T02:00:00Z\n`);
  return state;
}

function runBundle(state: string, config: object, statusFile?: string): Promise<{ code: number | null; output: string }> {
  const file = path.join(dir, 'processor.js');
  fs.writeFileSync(file, resultsProcessorBundle());
  return new Promise((resolve) => {
    const child = spawn('node', [file], {
      env: { PATH: process.env.PATH, STATE_DIR: state, PROCESSOR_CONFIG: JSON.stringify(config), ...(statusFile ? { STATUS_FILE: statusFile } : {}) },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const baseConfig = { ...processorConfig(demo), pushgateway: undefined, modelRegistry: undefined };

test('the bundle is one file needing Node alone (and, in object-store mode, the S3 client beside it); both fit a ConfigMap', () => {
  const code = resultsProcessorBundle();
  expect(Buffer.byteLength(code)).toBeLessThan(256 * 1024);
  const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
  const builtins = new Set(require('module').builtinModules as string[]);
  for (const module of required) expect([module, builtins.has(module.replace(/^node:/, '')) || module === `./${S3_CLIENT_FILE}`]).toEqual([module, true]);
  // the ConfigMap of object-store mode holds both, with room to spare under 1 MiB
  expect(Buffer.byteLength(code) + Buffer.byteLength(s3ClientBundle())).toBeLessThan(900 * 1024);
  expect(resultsProcessorBundle()).toBe(code);
});

test('the bundle turns the real GuideLLM report into summary.json, summary.md and the run comparison', async () => {
  const state = layOutRun(RUN, TARGET);
  const result = await runBundle(state, baseConfig);
  expect(result.output).toContain(`${TARGET}: wrote summary.json and summary.md`);
  expect(result.code).toBe(0);
  const targetDir = path.join(dir, 'results', RUN, TARGET);
  const summary = JSON.parse(fs.readFileSync(path.join(targetDir, 'summary.json'), 'utf8'));
  expect(summary).toMatchObject({ schemaVersion: 2, runId: RUN, environment: 'demo', target: { name: TARGET, pricePerHour: 0.85 }, serving: { vllmVersion: '0.11.0' } });
  const chat = summary.benchmarks.find((b: any) => b.name === 'chat-demo-ladder');
  expect(chat.levels.map((l: any) => [l.load, l.loadUnit])).toEqual([
    [2, 'requests/s'],
    [4, 'requests/s'],
  ]);
  expect(summary.benchmarks.find((b: any) => b.name === 'code-demo-ladder')).toMatchObject({ status: 'not-run', levels: [] });
  expect(JSON.stringify(summary)).not.toMatch(/NaN|Infinity|null/);
  expect(fs.readFileSync(path.join(targetDir, 'summary.md'), 'utf8')).toContain(TARGET);
  const comparison = JSON.parse(fs.readFileSync(path.join(dir, 'results', RUN, 'comparison.json'), 'utf8'));
  expect(comparison.rows.map((r: any) => r.target)).toContain(TARGET);
});

test('a failing publisher is reported, the others and the summary are unaffected; the status file says 1', async () => {
  const state = layOutRun(RUN, TARGET);
  const statusFile = path.join(dir, 'processor-status');
  const config = { ...baseConfig, pushgateway: { url: 'http://127.0.0.1:9/' }, modelRegistry: { url: 'http://127.0.0.1:9', tokenFile: path.join(dir, 'missing-token') } };
  const result = await runBundle(state, config, statusFile);
  expect(result.code).toBe(0); // the Job's verdict step reads the status file
  expect(fs.readFileSync(statusFile, 'utf8')).toBe('1\n');
  expect(result.output).toMatch(/pushgateway: FAILED: .*127\.0\.0\.1:9/);
  expect(result.output).toMatch(/model-registry: FAILED: /);
  expect(result.output).toContain('2 publisher(s) failed: pushgateway, model-registry; the summary is on the results volume');
  expect(fs.existsSync(path.join(dir, 'results', RUN, TARGET, 'summary.json'))).toBe(true);
});

test('a second run is compared with the first: the regression section names the reference run', async () => {
  await runBundle(layOutRun('20261123-020000', TARGET), baseConfig);
  const result = await runBundle(layOutRun(RUN, TARGET), baseConfig);
  expect(result.code).toBe(0);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'results', RUN, TARGET, 'summary.json'), 'utf8'));
  expect(summary.regressions.comparedWith).toEqual(['20261123-020000']);
  expect(summary.regressions.findings).toEqual([]); // same report, same figures
});

test('a run folder without run.json is a clear error and status 2', async () => {
  const state = path.join(dir, 'state');
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(state, 'run.env'), `TARGET_DIR=${path.join(dir, 'nowhere')}\n`);
  const result = await runBundle(state, baseConfig);
  expect(result.code).toBe(2);
  expect(result.output).toMatch(/results processor: .*nowhere\/run\.json/);
});
