/**
 * Publishes one target's summary to a Prometheus Pushgateway as gauges (text exposition format 0.0.4).
 *
 * Grouping key: `/metrics/job/<job>/environment/<environment>/target/<target>` (in a fleet
 * `.../environment/<environment>/cluster/<cluster>/target/<target>`), pushed with **PUT**: a push
 * replaces every series of its own group (so load levels that are gone from the new run disappear) and never
 * touches another target's group. The Pushgateway adds the grouping labels (`job`, `environment`, `cluster`, `target`) and
 * `instance=""` to every series; the ServiceMonitor scrapes with `honorLabels: true` so they are kept.
 *
 * Series labels (besides the grouping key):
 * - every series: `model`, `gpu_profile`, `run_id`;
 * - per benchmark: `scenario`, `plan` (the load plan);
 * - per load level: `load` (the level, e.g. `5`) and `load_unit` (`users` or `requests_per_second`: a sweep mixes
 *   both, and the unit keeps `1` user and `1` req/s apart);
 * - `quantile` (`0.5`, `0.9`, `0.95`, `0.99`) on latency percentiles, `operating_point` (`sweet_spot`,
 *   `max_throughput`) on cost figures, `load_unit` on benchmark figures that are a load.
 *
 * Metrics (units in the name, Prometheus base units: seconds, dollars; {@link PUSHGATEWAY_METRICS} is the full
 * list with help texts, docs/metrics.md the table for dashboard authors):
 *
 * | metric | scope | unit |
 * |---|---|---|
 * | `llmbench_time_to_first_token_seconds{quantile}` | level | s |
 * | `llmbench_inter_token_latency_seconds{quantile}` | level | s |
 * | `llmbench_request_latency_seconds{quantile}` | level | s |
 * | `llmbench_output_tokens_per_second` | level | tokens/s |
 * | `llmbench_total_tokens_per_second` | level | tokens/s |
 * | `llmbench_requests_per_second` | level | requests/s |
 * | `llmbench_error_ratio` | level | 0–1 |
 * | `llmbench_sla_tier` | level | 0 excellent … 3 breaking |
 * | `llmbench_output_tokens_per_second_per_user` | level | tokens/s |
 * | `llmbench_level_output_tokens_per_second_per_gpu` | level | tokens/s per GPU |
 * | `llmbench_level_cost_per_1m_output_tokens_dollars` | level | USD |
 * | `llmbench_slo_attainment_ratio` | level | 0–1 (when an SLO is set and the report holds every request) |
 * | `llmbench_request_goodput_per_second` | level | requests/s |
 * | `llmbench_output_token_goodput_per_second` | level | tokens/s |
 * | `llmbench_pareto_frontier{frontier}` | level | 1 on the frontier (all, slo) |
 * | `llmbench_benchmark_succeeded` | benchmark | 1/0 |
 * | `llmbench_sweet_spot_rule{rule}` | benchmark | 1 (slo-attainment or sla-tiers) |
 * | `llmbench_sweet_spot_load{load_unit}` | benchmark | users or req/s |
 * | `llmbench_breaking_point_last_good_load{load_unit}` | benchmark | users or req/s |
 * | `llmbench_breaking_point_first_bad_load{load_unit}` | benchmark | users or req/s |
 * | `llmbench_max_throughput_output_tokens_per_second` | benchmark | tokens/s |
 * | `llmbench_max_throughput_load{load_unit}` | benchmark | users or req/s |
 * | `llmbench_max_throughput_within_sla_output_tokens_per_second` | benchmark | tokens/s |
 * | `llmbench_max_throughput_within_sla_load{load_unit}` | benchmark | users or req/s |
 * | `llmbench_cost_per_1m_output_tokens_dollars{operating_point}` | benchmark | USD |
 * | `llmbench_cost_per_1k_output_tokens_dollars{operating_point}` | benchmark | USD (deprecated, one release) |
 * | `llmbench_output_tokens_per_second_per_dollar_hour{operating_point}` | benchmark | tokens/s per USD/h |
 * | `llmbench_output_tokens_per_second_per_gpu{operating_point}` | benchmark | tokens/s per GPU |
 * | `llmbench_plan_replicas{demand}` | benchmark | replicas for the demand at the sweet spot |
 * | `llmbench_plan_dollars_per_hour{demand}` | benchmark | USD/h |
 * | `llmbench_plan_cost_per_1m_output_tokens_dollars{demand}` | benchmark | USD |
 * | `llmbench_bottleneck{kind}` | benchmark | 1 for the benchmark's classification (bottleneck analysis) |
 * | `llmbench_bottleneck_load{load_unit}` | benchmark | users or req/s |
 * | `llmbench_server_kv_cache_usage_peak_ratio` | level | 0–1 |
 * | `llmbench_server_requests_waiting_peak` | level | requests |
 * | `llmbench_server_preemptions` | level | count |
 * | `llmbench_server_gpu_utilization_percent` | level | % |
 * | `llmbench_serving_config_mismatches` | target | count |
 * | `llmbench_last_run_timestamp_seconds` | target | Unix s |
 * | `llmbench_regressions` | target | count |
 * | `llmbench_price_per_hour_dollars` | target | USD/h |
 * | `llmbench_gpus` | target | count |
 *
 * A figure that is absent from the summary (or not finite) is not pushed: no NaN ever reaches Prometheus.
 *
 * Runs inside the results processor bundle: Node 20 standard library and global `fetch` only.
 */
import { PUSHGATEWAY_METRICS } from '../../../domain/contracts/pushgateway-metrics';
import { tierSeverity } from '../../../domain/sla';
import { BenchmarkSummary, LevelSummary, Percentiles, TargetSummary } from '../types';
import { Publisher } from './publisher';

/** Default `job` grouping label. */
export const DEFAULT_PUSHGATEWAY_JOB = 'llm-benchmark';
/** Default time allowed for one push, milliseconds. */
export const DEFAULT_PUSH_TIMEOUT_MS = 15_000;

export interface PushgatewayPublisherOptions {
  /** Base URL of the Pushgateway, e.g. `http://pushgateway.llm-bench.svc:9091` (a path prefix is kept). */
  readonly url: string;
  /**
   * `job` label of the grouping key.
   * @default 'llm-benchmark'
   */
  readonly job?: string;
  /**
   * Time allowed for the push, milliseconds.
   * @default 15000
   */
  readonly timeoutMs?: number;
}


type MetricKey = keyof typeof PUSHGATEWAY_METRICS;

/** Grouping-key labels; series must not carry them (the Pushgateway sets them). */
export const GROUPING_LABELS = ['job', 'environment', 'cluster', 'target'] as const;

const QUANTILES: readonly [keyof Percentiles, string][] = [
  ['p50', '0.5'],
  ['p90', '0.9'],
  ['p95', '0.95'],
  ['p99', '0.99'],
];

type Labels = Record<string, string>;
interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** The exposition text of one target's summary, how many samples it holds, and what was left out and why. */
export interface Exposition {
  readonly text: string;
  readonly samples: number;
  /** Samples left out (duplicate series, a level without a finite load), as readable lines. */
  readonly skipped: readonly string[];
}

/** `"5"`, `"0.5"`: a load as a label value. */
function loadLabel(load: number): string {
  return String(load);
}

function unitLabel(unit: LevelSummary['loadUnit']): string {
  return unit === 'requests/s' ? 'requests_per_second' : 'users';
}

/** Label value escaping of the text format: backslash, double quote, line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A value in the text format; callers only pass finite numbers. */
function formatValue(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * The run's start from a run id `YYYYMMDD-HHMMSS[-suffix]` (runtime/benchmark-job/prepare.sh, the dispatcher),
 * Unix seconds; undefined for any other form.
 */
export function runIdTimestampSeconds(runId: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-|$)/.exec(runId);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  const same =
    d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && d.getUTCHours() === hour && d.getUTCMinutes() === minute && d.getUTCSeconds() === second;
  return same ? ms / 1000 : undefined;
}

/**
 * The timestamp pushed as `llmbench_last_run_timestamp_seconds`: the run's start from its id; else the latest end
 * of a measured window; else `nowSeconds` (the push).
 */
export function runTimestampSeconds(summary: TargetSummary, nowSeconds: number): number {
  const fromId = runIdTimestampSeconds(summary.runId);
  if (fromId !== undefined) return fromId;
  const ends = summary.benchmarks.flatMap((b) => b.levels.map((l) => l.window?.end)).filter((e): e is number => typeof e === 'number' && Number.isFinite(e));
  return ends.length > 0 ? Math.max(...ends) : Math.floor(nowSeconds);
}

/** The load unit of a benchmark figure that is a load: the unit of the level it comes from. */
function unitOfLoad(benchmark: BenchmarkSummary, load: number, match: (l: LevelSummary) => boolean = () => true): string {
  const level = benchmark.levels.find((l) => l.load === load && match(l)) ?? benchmark.levels.find((l) => l.load === load);
  if (level) return unitLabel(level.loadUnit);
  // Not found (hand-made summary): the benchmark's majority axis, users on a tie (as summarize.ts).
  const rates = benchmark.levels.filter((l) => l.loadUnit === 'requests/s').length;
  return unitLabel(rates > benchmark.levels.length - rates ? 'requests/s' : 'users');
}

/**
 * The summary as Prometheus text exposition (format 0.0.4): one `# HELP`/`# TYPE gauge` block per metric that has
 * at least one sample, series in the summary's order. Absent or non-finite figures are left out.
 */
export function pushgatewayExposition(summary: TargetSummary, nowSeconds: number = Date.now() / 1000): Exposition {
  const families = new Map<MetricKey, Sample[]>();
  const seen = new Set<string>();
  const skipped: string[] = [];
  const add = (key: MetricKey, labels: Labels, value: number | undefined, what: string): void => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return;
    const id = `${PUSHGATEWAY_METRICS[key].name}${JSON.stringify(labels)}`;
    if (seen.has(id)) {
      skipped.push(`${what}: a series with the same labels was already written, this one is left out`);
      return;
    }
    seen.add(id);
    const samples = families.get(key) ?? [];
    samples.push({ labels, value });
    families.set(key, samples);
  };

  const target = summary.target;
  const base: Labels = { model: target.model, gpu_profile: target.gpuProfile };
  const runId = { run_id: summary.runId };

  for (const benchmark of summary.benchmarks) {
    const bench: Labels = { ...base, scenario: benchmark.scenario, plan: benchmark.loadPlan };
    const where = `benchmark ${benchmark.name}`;
    for (const level of benchmark.levels) {
      if (!Number.isFinite(level.load)) {
        skipped.push(`${where}: a level without a finite load is left out`);
        continue;
      }
      const at: Labels = { ...bench, load: loadLabel(level.load), load_unit: unitLabel(level.loadUnit) };
      const what = `${where} at load ${level.load} ${level.loadUnit}`;
      for (const [key, percentiles, scale] of [
        ['ttft', level.ttftMs, 1 / 1000],
        ['itl', level.itlMs, 1 / 1000],
        ['requestLatency', level.requestLatencyS, 1],
      ] as const) {
        for (const [field, quantile] of QUANTILES) {
          const v = percentiles?.[field];
          add(key, { ...at, quantile, ...runId }, v === undefined ? undefined : scale === 1 ? v : v / 1000, what);
        }
      }
      add('outputTokensPerSecond', { ...at, ...runId }, level.outputTokensPerSecond, what);
      add('totalTokensPerSecond', { ...at, ...runId }, level.totalTokensPerSecond, what);
      add('requestsPerSecond', { ...at, ...runId }, level.requestsPerSecond, what);
      add('errorRatio', { ...at, ...runId }, level.errorRate, what);
      add('slaTier', { ...at, ...runId }, tierSeverity(level.tier), what);
      add('outputTokensPerSecondPerUser', { ...at, ...runId }, level.outputTokensPerSecondPerUser, what);
      add('levelPerGpu', { ...at, ...runId }, level.outputTokensPerSecondPerGpu, what);
      add('levelCostPer1M', { ...at, ...runId }, level.costPer1MOutputTokens, what);
      if (level.slo) {
        add('sloAttainment', { ...at, ...runId }, level.slo.attainment, what);
        add('requestGoodput', { ...at, ...runId }, level.slo.requestGoodput, what);
        add('tokenGoodput', { ...at, ...runId }, level.slo.tokenGoodput, what);
      }
      if (level.server) {
        add('serverKvCachePeak', { ...at, ...runId }, level.server.kvCacheUsagePeak, what);
        add('serverWaitingPeak', { ...at, ...runId }, level.server.requestsWaitingPeak, what);
        add('serverPreemptions', { ...at, ...runId }, level.server.preemptions, what);
        add('serverGpuUtilization', { ...at, ...runId }, level.server.gpuUtilizationMean, what);
      }
    }

    for (const [frontier, indices] of [
      ['all', benchmark.pareto?.frontier],
      ['slo', benchmark.pareto?.sloFrontier],
    ] as const) {
      for (const i of indices ?? []) {
        const level = benchmark.levels[i];
        if (level && Number.isFinite(level.load)) add('paretoFrontier', { ...bench, load: loadLabel(level.load), load_unit: unitLabel(level.loadUnit), frontier, ...runId }, 1, where);
      }
    }
    add('benchmarkSucceeded', { ...bench, ...runId }, benchmark.status === 'succeeded' ? 1 : 0, where);
    add('sweetSpotRule', { ...bench, rule: benchmark.sweetSpotRule ?? 'sla-tiers', ...runId }, 1, where);
    const sweet = benchmark.sweetSpot;
    if (sweet) {
      const level = benchmark.levels[sweet.levelIndex];
      const unit = level && level.load === sweet.load ? unitLabel(level.loadUnit) : unitOfLoad(benchmark, sweet.load);
      add('sweetSpot', { ...bench, load_unit: unit, ...runId }, sweet.load, where);
    }
    const breaking = benchmark.breakingPoint;
    if (breaking) {
      const broke = benchmark.sweetSpotRule === 'slo-attainment' ? (l: LevelSummary) => !l.slo?.meetsTarget : (l: LevelSummary) => l.tier === 'breaking';
      const unit = unitOfLoad(benchmark, breaking.firstBad, broke);
      if (breaking.lastGood !== undefined) add('breakingLastGood', { ...bench, load_unit: unit, ...runId }, breaking.lastGood, where);
      add('breakingFirstBad', { ...bench, load_unit: unit, ...runId }, breaking.firstBad, where);
    }
    const bottleneck = benchmark.bottleneck;
    if (bottleneck) {
      add('bottleneck', { ...bench, kind: bottleneck.kind, ...runId }, 1, where);
      if (bottleneck.load !== undefined && bottleneck.loadUnit) add('bottleneckLoad', { ...bench, load_unit: unitLabel(bottleneck.loadUnit), ...runId }, bottleneck.load, where);
    }
    const max = benchmark.maxThroughput;
    if (max) {
      add('maxThroughput', { ...bench, ...runId }, max.outputTokensPerSecond, where);
      const unit = unitOfLoad(benchmark, max.load, (l) => l.outputTokensPerSecond === max.outputTokensPerSecond);
      add('maxThroughputLoad', { ...bench, load_unit: unit, ...runId }, max.load, where);
    }
    const maxSla = benchmark.maxThroughputWithinSla;
    if (maxSla) {
      add('maxThroughputWithinSla', { ...bench, ...runId }, maxSla.outputTokensPerSecond, where);
      const unit = unitOfLoad(benchmark, maxSla.load, (l) => l.outputTokensPerSecond === maxSla.outputTokensPerSecond);
      add('maxThroughputWithinSlaLoad', { ...bench, load_unit: unit, ...runId }, maxSla.load, where);
    }
    for (const [point, figures] of [
      ['sweet_spot', benchmark.cost?.atSweetSpot],
      ['max_throughput', benchmark.cost?.atMaxThroughput],
    ] as const) {
      const labels = { ...bench, operating_point: point, ...runId };
      add('costPer1M', labels, figures?.costPer1MOutputTokens, where);
      add('costPer1k', labels, figures?.costPer1kOutputTokens, where);
      add('perDollarHour', labels, figures?.outputTokensPerSecondPerDollarHour, where);
      add('perGpu', labels, figures?.outputTokensPerSecondPerGpu, where);
    }
  }

  for (const entry of summary.plans ?? []) {
    const benchmark = summary.benchmarks.find((b) => b.name === entry.benchmark);
    if (!benchmark || !entry.plan) continue;
    const labels = { ...base, scenario: benchmark.scenario, plan: benchmark.loadPlan, demand: entry.demand, ...runId };
    add('planReplicas', labels, entry.plan.replicas, `plan ${entry.demand}`);
    add('planDollarsPerHour', labels, entry.plan.dollarsPerHour, `plan ${entry.demand}`);
    add('planCostPer1M', labels, entry.plan.costPer1MOutputTokens, `plan ${entry.demand}`);
  }

  const targetLabels: Labels = { ...base, ...runId };
  add('lastRun', targetLabels, runTimestampSeconds(summary, nowSeconds), 'target');
  add('regressions', targetLabels, summary.regressions?.findings?.length ?? 0, 'target');
  add('pricePerHour', targetLabels, target.pricePerHour, 'target');
  add('gpus', targetLabels, target.gpuCount, 'target');
  if (summary.analysis) add('servingConfigMismatches', targetLabels, summary.analysis.servingConfig.mismatches.length, 'target');

  const lines: string[] = [];
  let samples = 0;
  for (const key of Object.keys(PUSHGATEWAY_METRICS) as MetricKey[]) {
    const family = families.get(key);
    if (!family) continue;
    const { name, help } = PUSHGATEWAY_METRICS[key];
    lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} gauge`);
    for (const sample of family) {
      const labels = Object.entries(sample.labels)
        .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
        .join(',');
      lines.push(`${name}{${labels}} ${formatValue(sample.value)}`);
      samples++;
    }
  }
  // The text format needs a line feed after the last line.
  return { text: lines.length > 0 ? `${lines.join('\n')}\n` : '', samples, skipped };
}

/**
 * One label of a Pushgateway URL path: `/name/value` URL-encoded, or `/name@base64/<base64url>` when the value is
 * empty, holds a `/`, or is `.`/`..` (which a URL parser would resolve away).
 */
function pathLabel(name: string, value: string): string {
  if (value === '' || value.includes('/') || value === '.' || value === '..') {
    const encoded = Buffer.from(value, 'utf8').toString('base64url');
    return `/${name}@base64/${encoded === '' ? '=' : encoded}`;
  }
  return `/${name}/${encodeURIComponent(value)}`;
}

/** `/metrics/job/<job>/<label>/<value>...`: the Pushgateway API path of a grouping key. */
export function groupingKeyPath(job: string, labels: readonly (readonly [string, string])[]): string {
  return `/metrics${pathLabel('job', job)}${labels.map(([name, value]) => pathLabel(name, value)).join('')}`;
}

/** The URL a target's summary is pushed to. */
export function pushUrl(baseUrl: string, job: string, summary: Pick<TargetSummary, 'environment' | 'cluster' | 'target'>): string {
  return `${baseUrl.replace(/\/+$/, '')}${groupingKeyPath(job, [
    ['environment', summary.environment],
    ...(summary.cluster ? [['cluster', summary.cluster] as const] : []),
    ['target', summary.target.name],
  ])}`;
}

/** Why a fetch failed, readably: time-out, or the network error's code and message. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause;
  const detail = cause ? [cause.code, cause.message].filter(Boolean).join(' ') : '';
  return [e?.message ?? String(error), detail && `(${detail})`].filter(Boolean).join(' ');
}

/** A publisher that PUTs each target's gauges to its own group of the Pushgateway at `options.url`. */
export function pushgatewayPublisher(options: PushgatewayPublisherOptions): Publisher {
  const job = options.job ?? DEFAULT_PUSHGATEWAY_JOB;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS;
  return {
    name: 'pushgateway',
    async publish({ summary, log }) {
      const url = pushUrl(options.url, job, summary);
      const { text, samples, skipped } = pushgatewayExposition(summary);
      for (const line of skipped) log(`pushgateway: ${line}`);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'PUT',
          headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
          body: text,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new Error(`Pushgateway PUT ${url} failed: ${fetchFailure(error, timeoutMs)}; check that the Pushgateway runs and that the Job can reach it (publish.pushgateway)`);
      }
      if (!response.ok) {
        const body = (await response.text().catch(() => '')).trim().slice(0, 2000);
        throw new Error(`Pushgateway PUT ${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${body ? `: ${body}` : ' (empty body)'}`);
      }
      await response.arrayBuffer().catch(() => undefined);
      log(`pushgateway: ${samples} series of ${summary.target.name} pushed to ${url}`);
    },
  };
}
