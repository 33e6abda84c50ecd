/**
 * `npm run measure:processor-memory [-- SIZES_MB]`: the peak resident memory (`ru_maxrss`) of the results
 * processor as it ships (the esbuild bundle of the `results-processor` ConfigMap, run by node) on GuideLLM reports of
 * 100 MB, 300 MB and 1 GB (or the sizes given, comma-separated). Each report is the real one
 * (../shared/fixtures/guidellm-report-v0.8.0.dev18.json) with its first benchmark's `requests.successful` filled with
 * per-request records until the size is reached — what GuideLLM writes when it keeps every request (no
 * `--sample-requests`). The record has the fields of GuideLLM's GenerativeRequestStats (type_, request_id,
 * request_type, request_args, output, info with timings, input_metrics, output_metrics, and the computed fields the
 * processor keeps per request for SLO attainment and goodput). Goal: < 256 MiB at 1 GB.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resultsProcessorBundle } from '../constructs/results-processor';
import { loadConfig } from '../config/load';
import { processorConfig } from '../constructs/charts/props';

const REPORT = path.join(__dirname, '..', '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');
const GOAL_MIB = 256;
const MARK = '"@REQUESTS@"';

function request(i: number): string {
  const words = (n: number) => Array.from({ length: n }, (_, k) => `word${(i * 31 + k) % 997}`).join(' ');
  return JSON.stringify({
    type_: 'generative_request_stats',
    request_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    request_type: 'chat_completions',
    request_args: JSON.stringify({ messages: [{ role: 'user', content: words(160) }], max_tokens: 64, stream: true }),
    output: words(64),
    info: {
      status: 'completed',
      timings: { queued: 1796000000 + i * 0.01, dequeued: 1796000000.001 + i * 0.01, scheduled_at: 1796000000.002 + i * 0.01, resolve_start: 1796000000.003 + i * 0.01, request_start: 1796000000.004 + i * 0.01, first_token_iteration: 1796000000.2 + i * 0.01, last_token_iteration: 1796000001.5 + i * 0.01, request_end: 1796000001.51 + i * 0.01, resolve_end: 1796000001.52 + i * 0.01 },
    },
    input_metrics: { text_tokens: 160, text_words: 160, text_characters: 1400 },
    output_metrics: { text_tokens: 64, text_words: 64, text_characters: 560 },
    // GenerativeRequestStats' computed fields (src/guidellm/schemas/request_stats.py @ v0.7.3), which the processor keeps
    request_start_time: 1796000000.004 + i * 0.01,
    request_end_time: 1796000001.51 + i * 0.01,
    request_latency: 1.506,
    prompt_tokens: 160,
    output_tokens: 64,
    total_tokens: 224,
    time_to_first_token_ms: 196,
    time_per_output_token_ms: 23.4,
    inter_token_latency_ms: 20.6,
    output_tokens_per_second: 42.5,
  });
}

/** Writes the report of about `mb` MB to `file`, record by record (the writer itself stays small). */
function writeReport(file: string, mb: number): number {
  const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
  report.benchmarks[0].requests.successful = '@REQUESTS@';
  const [prefix, suffix] = JSON.stringify(report).split(MARK);
  const fd = fs.openSync(file, 'w');
  let bytes = fs.writeSync(fd, `${prefix}[`);
  const target = mb * 1e6;
  let batch: string[] = [];
  for (let i = 0; bytes < target; i++) {
    batch.push(request(i));
    if (batch.length === 1000) {
      bytes += fs.writeSync(fd, (i >= 1000 ? ',' : '') + batch.join(','));
      batch = [];
    }
  }
  if (batch.length) bytes += fs.writeSync(fd, (bytes > prefix.length + 1 ? ',' : '') + batch.join(','));
  bytes += fs.writeSync(fd, `]${suffix}`);
  fs.closeSync(fd);
  return bytes;
}

function main(): number {
  const sizes = (process.argv[2] ?? '100,300,1000').split(',').map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'processor-memory-'));
  const env = loadConfig(path.join(__dirname, '..')).environments[0];
  const config = { ...processorConfig(env), pushgateway: undefined, modelRegistry: undefined, analysis: undefined };
  const bundle = path.join(dir, 'processor.js');
  fs.writeFileSync(bundle, resultsProcessorBundle());
  const preload = path.join(dir, 'rss.js');
  fs.writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'rss'))}, String(process.resourceUsage().maxRSS)));\n`);
  let worst = 0;
  try {
    console.log(`results processor (bundle, node ${process.version}) on GuideLLM reports with every request kept:`);
    for (const mb of sizes) {
      const target = path.join(dir, 'results', '20261201-020000', 't');
      fs.rmSync(path.join(dir, 'results'), { recursive: true, force: true });
      fs.mkdirSync(path.join(target, 'chat'), { recursive: true });
      const bytes = writeReport(path.join(target, 'chat', 'benchmarks.json'), mb);
      const run = {
        schemaVersion: 1,
        runId: '20261201-020000',
        environment: env.name,
        outcome: 'succeeded',
        target: { name: 't', model: 'm', gpuProfile: 'g', gpuCount: 1, pricePerHour: 1, serving: {} },
        guidellm: { version: '0.7.3' },
        benchmarks: [{ name: 'chat', scenario: 'chat', loadPlan: 'p', status: 'succeeded', folder: 'chat', attempts: [] }],
      };
      fs.writeFileSync(path.join(target, 'run.json'), JSON.stringify(run));
      fs.writeFileSync(path.join(dir, 'run.env'), `TARGET_DIR=${target}\n`);
      const t0 = process.hrtime.bigint();
      const result = spawnSync('node', ['--require', preload, bundle], { env: { PATH: process.env.PATH, STATE_DIR: dir, PROCESSOR_CONFIG: JSON.stringify(config) }, encoding: 'utf8' });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const rssMib = Number(fs.readFileSync(path.join(dir, 'rss'), 'utf8')) / 1024;
      const summary = JSON.parse(fs.readFileSync(path.join(target, 'summary.json'), 'utf8'));
      worst = Math.max(worst, rssMib);
      console.log(
        `  ${(bytes / 1e6).toFixed(0).padStart(5)} MB report: peak RSS ${rssMib.toFixed(0)} MiB, ${seconds.toFixed(1)} s, exit ${result.status}, ` +
          `${summary.benchmarks[0].levels.length} level(s) summarised, status ${summary.benchmarks[0].status}`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`goal: < ${GOAL_MIB} MiB at 1 GB; worst here ${worst.toFixed(0)} MiB`);
  return worst < GOAL_MIB ? 0 : 1;
}

process.exitCode = main();
