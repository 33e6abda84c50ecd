/**
 * The Pushgateway publisher against a real Pushgateway (Debian package `prometheus-pushgateway`, binary
 * /usr/bin/prometheus-pushgateway, or PUSHGATEWAY_BIN) started on loopback: push two targets, scrape /metrics,
 * check exact names, labels and values; push one target again and check PUT semantics (only its own group is
 * replaced); restart on the persistence file; unreachable and refusing servers give clear errors.
 * Without the binary the server tests are skipped with a loud message, except in CI (`CI` set), where they fail.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  escapeLabelValue,
  groupingKeyPath,
  pushgatewayExposition,
  pushgatewayPublisher,
  runIdTimestampSeconds,
} from '../../../runtime/processor/publishers/pushgateway';
import { PUSHGATEWAY_METRICS } from '../../../domain/contracts/pushgateway-metrics';
import { BenchmarkSummary, LevelSummary, SlaTiers, TargetSummary } from '../../../runtime/processor/types';
import { PROJECT_ROOT } from '../../helpers/project';
import { PUSHGATEWAY, requireBinary } from '../../helpers/binaries';


// ------------------------------------------------------------------------------------------ test summaries

const SLA: SlaTiers = {
  ttftP95Ms: { excellent: 500, acceptable: 1000, breaking: 2000 },
  itlP95Ms: { excellent: 20, acceptable: 50, breaking: 100 },
  outputTokensPerSecondPerUser: { excellent: 50, acceptable: 20, breaking: 10 },
  kvCacheUsage: { excellent: 0.7, acceptable: 0.85, breaking: 0.95 },
  requestsWaiting: { excellent: 0, acceptable: 1, breaking: 5 },
  errorRate: { excellent: 0.001, acceptable: 0.01, breaking: 0.05 },
};

function level(fields: Partial<LevelSummary> & Pick<LevelSummary, 'load' | 'tier'>): LevelSummary {
  return { loadUnit: 'users', strategy: 'concurrent', ttftMs: {}, itlMs: {}, requestLatencyS: {}, tierReasons: [], missing: [], ...fields };
}

function benchmark(fields: Partial<BenchmarkSummary> & Pick<BenchmarkSummary, 'name' | 'scenario' | 'loadPlan'>): BenchmarkSummary {
  return { status: 'succeeded', levels: [], cost: { atSweetSpot: {}, atMaxThroughput: {} }, missing: [], ...fields };
}

function target(
  name: string,
  model: string,
  gpuProfile: string,
  gpuCount: number,
  pricePerHour: number,
  runId: string,
  benchmarks: BenchmarkSummary[],
  regressions = 0,
): TargetSummary {
  return {
    schemaVersion: 1,
    runId,
    environment: 'demo',
    target: { name, model, gpuProfile, gpuCount, pricePerHour },
    serving: {},
    sla: SLA,
    guidellm: {},
    benchmarks,
    regressions: {
      comparedWith: regressions > 0 ? ['20261123-020000'] : [],
      findings: Array.from({ length: regressions }, () => ({
        benchmark: 'chat-ladder',
        kind: 'max-throughput-drop' as const,
        reference: { runId: '20261123-020000', value: 250 },
        current: 200,
        changePercent: -20,
        message: 'max throughput dropped 20 %',
      })),
    },
    problems: [],
  };
}

const A_PRICE = 0.85;
/** Target A, first run: users ladder 1, 5, 10 (10 breaks) and a failed benchmark without levels. */
const targetA1 = target(
  'mistral-3-int4-l4-x1',
  'mistral-3-int4',
  'l4-x1',
  1,
  A_PRICE,
  '20261124-020000',
  [
    benchmark({
      name: 'chat-ladder',
      scenario: 'chat',
      loadPlan: 'ladder',
      levels: [
        level({
          load: 1,
          tier: 'excellent',
          ttftMs: { p50: 120, p90: 150, p95: 180, p99: 250 },
          itlMs: { p50: 20, p95: 25, p99: 30 },
          requestLatencyS: { p50: 1.5, p95: 2, p99: 2.5 },
          requestsPerSecond: 0.6,
          outputTokensPerSecond: 40,
          totalTokensPerSecond: 80,
          errorRate: 0,
          outputTokensPerSecondPerUser: 48,
          outputTokensPerSecondPerGpu: 40,
          costPer1MOutputTokens: (A_PRICE / 3600 / 40) * 1e6,
          slo: { considered: 72, met: 72, attainment: 1, meetsTarget: true, requestGoodput: 0.6, tokenGoodput: 40, excluded: { incomplete: 0, unmeasurable: 0 }, missedBy: {}, errored: 0 },
        }),
        level({
          load: 5,
          tier: 'acceptable',
          ttftMs: { p50: 300, p95: 700, p99: 900 },
          itlMs: { p50: 30, p95: 40 },
          requestLatencyS: { p95: 4 },
          requestsPerSecond: 2.5,
          outputTokensPerSecond: 160,
          totalTokensPerSecond: 320,
          errorRate: 0.01,
          outputTokensPerSecondPerUser: 33,
          outputTokensPerSecondPerGpu: 160,
          slo: { considered: 300, met: 285, attainment: 0.95, meetsTarget: false, requestGoodput: 2.375, tokenGoodput: 152, excluded: { incomplete: 1, unmeasurable: 2 }, missedBy: { ttftMs: 12 }, errored: 3 },
        }),
        level({
          load: 10,
          tier: 'breaking',
          ttftMs: { p50: 1500, p95: 2500 },
          itlMs: { p95: 120 },
          // Not finite: must not be pushed.
          requestsPerSecond: NaN,
          outputTokensPerSecond: 200,
          totalTokensPerSecond: Infinity,
        }),
      ],
      sweetSpotRule: 'slo-attainment',
      sweetSpot: { load: 5, levelIndex: 1 },
      breakingPoint: { lastGood: 5, firstBad: 10 },
      pareto: { frontier: [0, 1], sloFrontier: [0] },
      maxThroughput: { outputTokensPerSecond: 200, load: 10 },
      maxThroughputWithinSla: { outputTokensPerSecond: 160, load: 5 },
      cost: {
        atSweetSpot: { costPer1MOutputTokens: (A_PRICE / 3600 / 160) * 1e6, costPer1kOutputTokens: (A_PRICE / 3600 / 160) * 1000, outputTokensPerSecondPerDollarHour: 160 / A_PRICE, outputTokensPerSecondPerGpu: 160 },
        atMaxThroughput: { costPer1kOutputTokens: (A_PRICE / 3600 / 200) * 1000, outputTokensPerSecondPerDollarHour: 200 / A_PRICE, outputTokensPerSecondPerGpu: 200 },
      },
    }),
    benchmark({ name: 'stress-ladder', scenario: 'stress', loadPlan: 'ladder', status: 'failed', missing: ['report: none'] }),
  ],
  1,
);
/** A capacity plan for 200 users: 40 replicas at 5 users each; no plan from the failed benchmark (not pushed). */
const targetA1WithPlan: TargetSummary = {
  ...targetA1,
  plans: [
    { demand: 'chat-200', benchmark: 'chat-ladder', amount: 200, unit: 'users', plan: { capacityPerReplica: 5, basis: 'measured', replicas: 40, dollarsPerHour: 34, outputTokensPerSecond: 6400, costPer1MOutputTokens: 1.4757, headroom: 0 } },
    { demand: 'chat-200', benchmark: 'stress-ladder', amount: 200, unit: 'users', unavailable: 'no sweet spot in stress-ladder (no load level)' },
  ],
};

/** Target A, next run: only levels 1 and 5, other figures, the failed benchmark gone. */
const targetA2 = target('mistral-3-int4-l4-x1', 'mistral-3-int4', 'l4-x1', 1, A_PRICE, '20261125-020000', [
  benchmark({
    name: 'chat-ladder',
    scenario: 'chat',
    loadPlan: 'ladder',
    levels: [
      level({ load: 1, tier: 'excellent', ttftMs: { p95: 190 }, outputTokensPerSecond: 42, errorRate: 0 }),
      level({ load: 5, tier: 'degraded', ttftMs: { p95: 1200 }, outputTokensPerSecond: 150, errorRate: 0.02 }),
    ],
    sweetSpot: { load: 1, levelIndex: 0 },
    maxThroughput: { outputTokensPerSecond: 150, load: 5 },
  }),
]);

const B_SCENARIO = 'code "py" \\ v2';
/** Target B: a sweep (1 user synchronous, then 0.5 and 1 req/s), an odd scenario name, a run id without a date. */
const targetB = target('mistral-3-bf16-l4-x4', 'mistral-3-bf16', 'l4-x4', 4, 3.4, 'manual-run', [
  benchmark({
    name: 'code-sweep',
    scenario: B_SCENARIO,
    loadPlan: 'sweep',
    levels: [
      level({ load: 1, loadUnit: 'users', strategy: 'synchronous', tier: 'excellent', ttftMs: { p95: 100 }, outputTokensPerSecond: 45, window: { start: 1795000000, end: 1795000060 } }),
      level({ load: 0.5, loadUnit: 'requests/s', strategy: 'constant', tier: 'excellent', ttftMs: { p95: 110 }, outputTokensPerSecond: 60, window: { start: 1795000060, end: 1795000120 } }),
      level({ load: 1, loadUnit: 'requests/s', strategy: 'constant', tier: 'acceptable', ttftMs: { p95: 400 }, outputTokensPerSecond: 118, window: { start: 1795000120, end: 1795000180 } }),
    ],
    sweetSpot: { load: 1, levelIndex: 2 },
    maxThroughput: { outputTokensPerSecond: 118, load: 1 },
    cost: { atSweetSpot: {}, atMaxThroughput: { outputTokensPerSecondPerGpu: 29.5 } },
  }),
]);

// --------------------------------------------------------------------------------- exposition parsing

/** One series of a scrape: `name{label="value",...}` with labels sorted, → value. */
type Series = Map<string, number>;

function unescapeLabel(raw: string): string {
  return raw.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Parses the text format's sample lines (enough for what the Pushgateway writes). */
function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
    for (const l of (m[2] ?? '').matchAll(labelRe)) labels[l[1]] = unescapeLabel(l[2]);
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function key(name: string, labels: Record<string, string>): string {
  const body = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',');
  return `${name}{${body}}`;
}

/** The series of one target's group, by name prefix. */
function groupSeries(text: string, targetName: string, prefix = 'llmbench_'): Series {
  const series: Series = new Map();
  for (const s of parseExposition(text)) {
    if (s.name.startsWith(prefix) && s.labels.target === targetName) series.set(key(s.name, s.labels), s.value);
  }
  return series;
}

/** Expected series of a target: grouping labels, `instance=""` and the target's labels added. */
function expectedSeries(summary: TargetSummary, entries: [string, Record<string, string>, number][]): Series {
  const common = {
    job: 'llm-benchmark',
    instance: '',
    environment: summary.environment,
    target: summary.target.name,
    model: summary.target.model,
    gpu_profile: summary.target.gpuProfile,
    run_id: summary.runId,
  };
  return new Map(entries.map(([name, labels, value]) => [key(name, { ...common, ...labels }), value]));
}

const chat = { scenario: 'chat', plan: 'ladder' };
const at = (load: string, unit = 'users') => ({ ...chat, load, load_unit: unit });
const q = (load: string, quantile: string) => ({ ...at(load), quantile });

const EXPECTED_A1 = expectedSeries(targetA1WithPlan, [
  ['llmbench_time_to_first_token_seconds', q('1', '0.5'), 0.12],
  ['llmbench_time_to_first_token_seconds', q('1', '0.9'), 0.15],
  ['llmbench_time_to_first_token_seconds', q('1', '0.95'), 0.18],
  ['llmbench_time_to_first_token_seconds', q('1', '0.99'), 0.25],
  ['llmbench_time_to_first_token_seconds', q('5', '0.5'), 0.3],
  ['llmbench_time_to_first_token_seconds', q('5', '0.95'), 0.7],
  ['llmbench_time_to_first_token_seconds', q('5', '0.99'), 0.9],
  ['llmbench_time_to_first_token_seconds', q('10', '0.5'), 1.5],
  ['llmbench_time_to_first_token_seconds', q('10', '0.95'), 2.5],
  ['llmbench_inter_token_latency_seconds', q('1', '0.5'), 0.02],
  ['llmbench_inter_token_latency_seconds', q('1', '0.95'), 0.025],
  ['llmbench_inter_token_latency_seconds', q('1', '0.99'), 0.03],
  ['llmbench_inter_token_latency_seconds', q('5', '0.5'), 0.03],
  ['llmbench_inter_token_latency_seconds', q('5', '0.95'), 0.04],
  ['llmbench_inter_token_latency_seconds', q('10', '0.95'), 0.12],
  ['llmbench_request_latency_seconds', q('1', '0.5'), 1.5],
  ['llmbench_request_latency_seconds', q('1', '0.95'), 2],
  ['llmbench_request_latency_seconds', q('1', '0.99'), 2.5],
  ['llmbench_request_latency_seconds', q('5', '0.95'), 4],
  ['llmbench_output_tokens_per_second', at('1'), 40],
  ['llmbench_output_tokens_per_second', at('5'), 160],
  ['llmbench_output_tokens_per_second', at('10'), 200],
  ['llmbench_total_tokens_per_second', at('1'), 80],
  ['llmbench_total_tokens_per_second', at('5'), 320],
  ['llmbench_requests_per_second', at('1'), 0.6],
  ['llmbench_requests_per_second', at('5'), 2.5],
  ['llmbench_error_ratio', at('1'), 0],
  ['llmbench_error_ratio', at('5'), 0.01],
  ['llmbench_sla_tier', at('1'), 0],
  ['llmbench_sla_tier', at('5'), 1],
  ['llmbench_sla_tier', at('10'), 3],
  ['llmbench_output_tokens_per_second_per_user', at('1'), 48],
  ['llmbench_output_tokens_per_second_per_user', at('5'), 33],
  ['llmbench_level_output_tokens_per_second_per_gpu', at('1'), 40],
  ['llmbench_level_output_tokens_per_second_per_gpu', at('5'), 160],
  ['llmbench_level_cost_per_1m_output_tokens_dollars', at('1'), (0.85 / 3600 / 40) * 1e6],
  ['llmbench_slo_attainment_ratio', at('1'), 1],
  ['llmbench_slo_attainment_ratio', at('5'), 0.95],
  ['llmbench_request_goodput_per_second', at('1'), 0.6],
  ['llmbench_request_goodput_per_second', at('5'), 2.375],
  ['llmbench_output_token_goodput_per_second', at('1'), 40],
  ['llmbench_output_token_goodput_per_second', at('5'), 152],
  ['llmbench_pareto_frontier', { ...at('1'), frontier: 'all' }, 1],
  ['llmbench_pareto_frontier', { ...at('5'), frontier: 'all' }, 1],
  ['llmbench_pareto_frontier', { ...at('1'), frontier: 'slo' }, 1],
  ['llmbench_benchmark_succeeded', chat, 1],
  ['llmbench_sweet_spot_rule', { ...chat, rule: 'slo-attainment' }, 1],
  ['llmbench_benchmark_succeeded', { scenario: 'stress', plan: 'ladder' }, 0],
  ['llmbench_sweet_spot_rule', { scenario: 'stress', plan: 'ladder', rule: 'sla-tiers' }, 1],
  ['llmbench_sweet_spot_load', { ...chat, load_unit: 'users' }, 5],
  ['llmbench_breaking_point_last_good_load', { ...chat, load_unit: 'users' }, 5],
  ['llmbench_breaking_point_first_bad_load', { ...chat, load_unit: 'users' }, 10],
  ['llmbench_max_throughput_output_tokens_per_second', chat, 200],
  ['llmbench_max_throughput_load', { ...chat, load_unit: 'users' }, 10],
  ['llmbench_max_throughput_within_sla_output_tokens_per_second', chat, 160],
  ['llmbench_max_throughput_within_sla_load', { ...chat, load_unit: 'users' }, 5],
  ['llmbench_cost_per_1m_output_tokens_dollars', { ...chat, operating_point: 'sweet_spot' }, (0.85 / 3600 / 160) * 1e6],
  ['llmbench_cost_per_1k_output_tokens_dollars', { ...chat, operating_point: 'sweet_spot' }, (0.85 / 3600 / 160) * 1000],
  ['llmbench_cost_per_1k_output_tokens_dollars', { ...chat, operating_point: 'max_throughput' }, (0.85 / 3600 / 200) * 1000],
  ['llmbench_output_tokens_per_second_per_dollar_hour', { ...chat, operating_point: 'sweet_spot' }, 160 / 0.85],
  ['llmbench_output_tokens_per_second_per_dollar_hour', { ...chat, operating_point: 'max_throughput' }, 200 / 0.85],
  ['llmbench_output_tokens_per_second_per_gpu', { ...chat, operating_point: 'sweet_spot' }, 160],
  ['llmbench_output_tokens_per_second_per_gpu', { ...chat, operating_point: 'max_throughput' }, 200],
  ['llmbench_plan_replicas', { ...chat, demand: 'chat-200' }, 40],
  ['llmbench_plan_dollars_per_hour', { ...chat, demand: 'chat-200' }, 34],
  ['llmbench_plan_cost_per_1m_output_tokens_dollars', { ...chat, demand: 'chat-200' }, 1.4757],
  ['llmbench_last_run_timestamp_seconds', {}, Date.UTC(2026, 10, 24, 2, 0, 0) / 1000],
  ['llmbench_regressions', {}, 1],
  ['llmbench_price_per_hour_dollars', {}, 0.85],
  ['llmbench_gpus', {}, 1],
]);

const EXPECTED_A2 = expectedSeries(targetA2, [
  ['llmbench_time_to_first_token_seconds', q('1', '0.95'), 0.19],
  ['llmbench_time_to_first_token_seconds', q('5', '0.95'), 1.2],
  ['llmbench_output_tokens_per_second', at('1'), 42],
  ['llmbench_output_tokens_per_second', at('5'), 150],
  ['llmbench_error_ratio', at('1'), 0],
  ['llmbench_error_ratio', at('5'), 0.02],
  ['llmbench_sla_tier', at('1'), 0],
  ['llmbench_sla_tier', at('5'), 2],
  ['llmbench_benchmark_succeeded', chat, 1],
  ['llmbench_sweet_spot_load', { ...chat, load_unit: 'users' }, 1],
  ['llmbench_sweet_spot_rule', { ...chat, rule: 'sla-tiers' }, 1],
  ['llmbench_max_throughput_output_tokens_per_second', chat, 150],
  ['llmbench_max_throughput_load', { ...chat, load_unit: 'users' }, 5],
  ['llmbench_last_run_timestamp_seconds', {}, Date.UTC(2026, 10, 25, 2, 0, 0) / 1000],
  ['llmbench_regressions', {}, 0],
  ['llmbench_price_per_hour_dollars', {}, 0.85],
  ['llmbench_gpus', {}, 1],
]);

const code = { scenario: B_SCENARIO, plan: 'sweep' };
const EXPECTED_B = expectedSeries(targetB, [
  ['llmbench_time_to_first_token_seconds', { ...code, load: '1', load_unit: 'users', quantile: '0.95' }, 0.1],
  ['llmbench_time_to_first_token_seconds', { ...code, load: '0.5', load_unit: 'requests_per_second', quantile: '0.95' }, 0.11],
  ['llmbench_time_to_first_token_seconds', { ...code, load: '1', load_unit: 'requests_per_second', quantile: '0.95' }, 0.4],
  ['llmbench_output_tokens_per_second', { ...code, load: '1', load_unit: 'users' }, 45],
  ['llmbench_output_tokens_per_second', { ...code, load: '0.5', load_unit: 'requests_per_second' }, 60],
  ['llmbench_output_tokens_per_second', { ...code, load: '1', load_unit: 'requests_per_second' }, 118],
  ['llmbench_sla_tier', { ...code, load: '1', load_unit: 'users' }, 0],
  ['llmbench_sla_tier', { ...code, load: '0.5', load_unit: 'requests_per_second' }, 0],
  ['llmbench_sla_tier', { ...code, load: '1', load_unit: 'requests_per_second' }, 1],
  ['llmbench_benchmark_succeeded', code, 1],
  ['llmbench_sweet_spot_load', { ...code, load_unit: 'requests_per_second' }, 1],
  ['llmbench_sweet_spot_rule', { ...code, rule: 'sla-tiers' }, 1],
  ['llmbench_max_throughput_output_tokens_per_second', code, 118],
  ['llmbench_max_throughput_load', { ...code, load_unit: 'requests_per_second' }, 1],
  ['llmbench_output_tokens_per_second_per_gpu', { ...code, operating_point: 'max_throughput' }, 29.5],
  // No date in the run id: the end of the last measured window.
  ['llmbench_last_run_timestamp_seconds', {}, 1795000180],
  ['llmbench_regressions', {}, 0],
  ['llmbench_price_per_hour_dollars', {}, 3.4],
  ['llmbench_gpus', {}, 4],
]);

// ------------------------------------------------------------------------------ without a server

describe('exposition and grouping key', () => {
  test('no NaN or Infinity is ever written; every metric has HELP and TYPE gauge once', () => {
    const { text, samples, skipped } = pushgatewayExposition(targetA1WithPlan, 0);
    expect(text).not.toMatch(/NaN|Inf/);
    expect(text.endsWith('\n')).toBe(true);
    expect(samples).toBe(EXPECTED_A1.size);
    expect(skipped).toEqual([]);
    for (const m of Object.values(PUSHGATEWAY_METRICS)) {
      const types = text.split('\n').filter((l) => l === `# TYPE ${m.name} gauge`);
      expect(types.length).toBeLessThanOrEqual(1);
    }
  });

  test('label values are escaped as the text format wants', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    expect(pushgatewayExposition(targetB, 0).text).toContain('scenario="code \\"py\\" \\\\ v2"');
  });

  test('grouping key: URL-encoded values, base64url for an empty value, a slash or a dot segment', () => {
    expect(groupingKeyPath('llm-benchmark', [['environment', 'demo'], ['target', 'a b+c']])).toBe('/metrics/job/llm-benchmark/environment/demo/target/a%20b%2Bc');
    expect(groupingKeyPath('j', [['target', 'a/b']])).toBe(`/metrics/job/j/target@base64/${Buffer.from('a/b').toString('base64url')}`);
    expect(groupingKeyPath('j', [['environment', '']])).toBe('/metrics/job/j/environment@base64/=');
    expect(groupingKeyPath('j', [['target', '..']])).toBe('/metrics/job/j/target@base64/Li4');
  });

  test('a duplicate series is left out and reported, not pushed twice', () => {
    const twice = target('t', 'm', 'p', 1, 1, 'r', [
      benchmark({ name: 'b', scenario: 's', loadPlan: 'p', levels: [level({ load: 1, tier: 'excellent', outputTokensPerSecond: 1 }), level({ load: 1, tier: 'excellent', outputTokensPerSecond: 2 })] }),
    ]);
    const { text, skipped } = pushgatewayExposition(twice, 0);
    expect(text.match(/^llmbench_output_tokens_per_second\{/gm)).toHaveLength(1);
    expect(skipped.length).toBeGreaterThan(0);
  });

  test('run ids: the dispatcher and on-demand forms give the run start; anything else gives undefined', () => {
    expect(runIdTimestampSeconds('20261124-020000')).toBe(Date.UTC(2026, 10, 24, 2) / 1000);
    expect(runIdTimestampSeconds('20261124-020000-x7k2p')).toBe(Date.UTC(2026, 10, 24, 2) / 1000);
    expect(runIdTimestampSeconds('20261332-020000')).toBeUndefined();
    expect(runIdTimestampSeconds('manual')).toBeUndefined();
  });

  test('docs/metrics.md lists every metric the publisher pushes', () => {
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'metrics.md'), 'utf8');
    for (const m of Object.values(PUSHGATEWAY_METRICS)) expect(doc).toContain(`\`${m.name}\``);
  });
});

// ------------------------------------------------------------------------------ the real Pushgateway

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

async function startPushgateway(port: number, persistenceFile: string): Promise<Running> {
  const child = spawn(PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${persistenceFile}`, '--log.level=warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${PUSHGATEWAY} exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { child, url, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${PUSHGATEWAY} not ready on ${url} within 15 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return;
  const exited = new Promise((r) => running.child.once('exit', r));
  running.child.kill('SIGTERM'); // the Pushgateway writes its persistence file on SIGTERM
  await exited;
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

describe('against a real Pushgateway', () => {
  let dir: string;
  let port: number;
  let server: Running | undefined;
  const log: string[] = [];
  const publish = (summary: TargetSummary, url = server!.url) =>
    pushgatewayPublisher({ url }).publish({ summary, targetDir: dir, log: (line) => log.push(line) });

  beforeAll(async () => {
    requireBinary(PUSHGATEWAY);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushgateway-'));
    port = await freePort();
    server = await startPushgateway(port, path.join(dir, 'pushgateway.data'));
  });
  afterAll(async () => {
    await stop(server);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let firstScrape: string;

  test('two targets pushed: exact names, labels and values, one group each', async () => {
    await publish(targetA1WithPlan);
    await publish(targetB);
    firstScrape = await scrape(server!.url);
    expect(groupSeries(firstScrape, targetA1.target.name)).toEqual(EXPECTED_A1);
    expect(groupSeries(firstScrape, targetB.target.name)).toEqual(EXPECTED_B);
    // One push_time_seconds per group: each target is its own group.
    const pushTimes = parseExposition(firstScrape).filter((s) => s.name === 'push_time_seconds');
    expect(pushTimes.map((s) => s.labels.target).sort()).toEqual([targetB.target.name, targetA1.target.name].sort());
    expect(log).toContain(`pushgateway: ${EXPECTED_A1.size} series of ${targetA1.target.name} pushed to ${server!.url}/metrics/job/llm-benchmark/environment/demo/target/${targetA1.target.name}`);
  });

  test('pushing A again replaces only A: its gone levels disappear, B is untouched', async () => {
    await publish(targetA2);
    const text = await scrape(server!.url);
    expect(groupSeries(text, targetA1.target.name)).toEqual(EXPECTED_A2);
    expect([...groupSeries(text, targetA1.target.name).keys()].some((k) => k.includes('load="10"') || k.includes('20261124-020000') || k.includes('stress'))).toBe(false);
    // B: same series, same values, same push time (its group was not written).
    expect(groupSeries(text, targetB.target.name, '')).toEqual(groupSeries(firstScrape, targetB.target.name, ''));
  });

  test('a grouping value with a slash or an empty one reaches the Pushgateway decoded', async () => {
    const odd = { ...targetA2, environment: '', target: { ...targetA2.target, name: 'team/a' } };
    await publish(odd);
    const series = parseExposition(await scrape(server!.url)).filter((s) => s.name === 'llmbench_gpus' && s.labels.target === 'team/a');
    expect(series).toEqual([{ name: 'llmbench_gpus', labels: expect.objectContaining({ environment: '', target: 'team/a', job: 'llm-benchmark' }), value: 1 }]);
  });

  test('the pushes survive a restart on the persistence file', async () => {
    const before = await scrape(server!.url);
    await stop(server);
    server = await startPushgateway(port, path.join(dir, 'pushgateway.data'));
    const after = await scrape(server.url);
    expect(groupSeries(after, targetA1.target.name)).toEqual(groupSeries(before, targetA1.target.name));
    expect(groupSeries(after, targetB.target.name)).toEqual(EXPECTED_B);
  });

  test('in a fleet each cluster pushes its own group: the same target on two clusters, each series labelled with its cluster', async () => {
    const on = (cluster: string) => ({ ...targetB, cluster, target: { ...targetB.target, name: 'fleet-target' } });
    await publish(on('east'));
    await publish(on('west'));
    expect(log).toContain(`pushgateway: ${EXPECTED_B.size} series of fleet-target pushed to ${server!.url}/metrics/job/llm-benchmark/environment/demo/cluster/west/target/fleet-target`);
    const gpus = parseExposition(await scrape(server!.url)).filter((s) => s.name === 'llmbench_gpus' && s.labels.target === 'fleet-target');
    expect(gpus.map((s) => s.labels.cluster).sort()).toEqual(['east', 'west']);
  });

  test('a refusal gives the HTTP status, the body and the URL', async () => {
    const url = `${server!.url}/no-such-prefix`;
    await expect(publish(targetB, url)).rejects.toThrow(
      `Pushgateway PUT ${url}/metrics/job/llm-benchmark/environment/demo/target/${targetB.target.name} answered HTTP 404 Not Found: 404 page not found`,
    );
  });
});

test('an unreachable Pushgateway gives a clear error naming the URL', async () => {
  const port = await freePort(); // closed again: nothing listens there
  const url = `http://127.0.0.1:${port}`;
  const publisher = pushgatewayPublisher({ url, timeoutMs: 5000 });
  const attempt = publisher.publish({ summary: targetB, targetDir: os.tmpdir(), log: () => undefined });
  await expect(attempt).rejects.toThrow(`Pushgateway PUT ${url}/metrics/job/llm-benchmark/environment/demo/target/${targetB.target.name} failed: fetch failed (ECONNREFUSED`);
  await expect(attempt).rejects.toThrow('check that the Pushgateway runs and that the Job can reach it');
});

test('a Pushgateway that does not answer in time gives a time-out error naming the URL', async () => {
  // A server that accepts connections and never answers.
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  try {
    const attempt = pushgatewayPublisher({ url, timeoutMs: 300 }).publish({ summary: targetB, targetDir: os.tmpdir(), log: () => undefined });
    await expect(attempt).rejects.toThrow(new RegExp(`^Pushgateway PUT ${url.replace(/\./g, '\\.')}/metrics/\\S+ failed: no answer within 300 ms`));
  } finally {
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => silent.close(r));
  }
});
