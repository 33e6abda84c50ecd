/**
 * `npm run measure:analysis [-- RUNS]`: how long the bottleneck analysis of one target with 30 load levels takes
 * against a Prometheus that answers every query after 50 ms (a loopback HTTP server speaking the query API), with
 * one query in flight (the old behaviour) and with the processor's QUERIES_IN_FLIGHT; prints the queries sent and
 * the median time of RUNS runs of each, and their ratio. The levels are the real GuideLLM report's first level,
 * repeated at 30 loads with consecutive windows.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { loadConfig } from '../config/load';
import { analyzeTarget } from '../runtime/processor/analysis/analyze';
import { QUERIES_IN_FLIGHT } from '../runtime/processor/analysis/prometheus';
import { parseReport } from '../runtime/processor/parse-report';
import { summarizeBenchmark } from '../runtime/processor/summarize';
import { BenchmarkSummary } from '../runtime/processor/types';

const LEVELS = 30;
const DELAY_MS = 50;
const REPORT = path.join(__dirname, '..', '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');
/** The SLA and analysis thresholds of the project's first environment. */
const ENV = loadConfig(path.join(__dirname, '..')).environments[0];
const SLA = ENV.config.sla;

function benchmark(): BenchmarkSummary {
  const parsed = parseReport(REPORT, fs.readFileSync(REPORT, 'utf8'));
  const one = summarizeBenchmark({ name: 'chat', scenario: 'chat', loadPlan: 'ladder', status: 'succeeded', parsed, sla: SLA, pricePerHour: 1, gpuCount: 1 });
  const level = one.levels[0];
  const start = 1_796_000_000;
  return { ...one, levels: Array.from({ length: LEVELS }, (_, i) => ({ ...level, load: i + 1, window: { start: start + i * 120, end: start + (i + 1) * 120 } })) };
}

async function main(): Promise<number> {
  const runs = Number(process.argv[2] ?? 3);
  let queries = 0;
  const server = http.createServer((_request, res) => {
    queries++;
    setTimeout(() => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1_796_000_000, '1'] }] } }));
    }, DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const input = { benchmarks: [benchmark()], target: { model: 'm', servedModelName: 'm', deployment: 'm' }, serving: {}, sla: SLA };
  const config = {
    prometheus: { url, tenancy: false },
    gpu: { url, tenancy: false },
    servingNamespace: 'llm-serving',
    thresholds: ENV.config.analysis.thresholds,
  };
  const median = async (inFlight: number) => {
    const seconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      queries = 0;
      const t0 = process.hrtime.bigint();
      await analyzeTarget(input, config, inFlight);
      seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    return { median: seconds.sort((a, b) => a - b)[Math.floor(runs / 2)], queries };
  };
  const one = await median(1);
  const bounded = await median(QUERIES_IN_FLIGHT);
  server.close();
  console.log(`bottleneck analysis, ${LEVELS} levels, ${DELAY_MS} ms per query, ${runs} runs each:`);
  console.log(`  1 query in flight: ${one.queries} queries, median ${one.median.toFixed(2)} s`);
  console.log(`  ${QUERIES_IN_FLIGHT} queries in flight: ${bounded.queries} queries, median ${bounded.median.toFixed(2)} s (${(one.median / bounded.median).toFixed(1)}× faster)`);
  return 0;
}

main().then((code) => (process.exitCode = code));
