/**
 * The serving namespace's rules, run by the real promtool (Debian `prometheus`):
 * - `promtool check rules` on the rules of every environment, taken from the synthesized objects, and on the
 *   benchmark-window rule the dispatcher writes;
 * - `promtool test rules` with input series generated from each environment's SLA values: for every alert a
 *   crossing long enough (fires, with its labels and annotations), one that stays under, one too brief, the same
 *   crossing inside a benchmark window (silent for the benchmarked deployment only, not for another deployment
 *   of the same model), after the window's end (fires
 *   once the cooldown has passed), and a window deleted early; and the recorded values of the recording rules
 *   for known inputs.
 *
 * promtool injects no `namespace` matcher (user-workload monitoring does): input series carry `namespace`, and
 * the window rule gets the `namespace` label prometheus-operator adds to every rule of a PrometheusRule. Input
 * series carry the `pod` of a KServe predictor, as user-workload monitoring scrapes them.
 */
import { benchmarkWindowOf } from '../../constructs/charts/props';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadConfig } from '../../config/load';
import { DEMO_FILE } from '../helpers/config-edit';
import { ResolvedEnvironment } from '../../config/resolve';
import { buildEnvironment } from '../../constructs/environment';
import { BENCHMARK_WINDOW_RECORD, benchmarkWindowRule, durationSeconds, WINDOW_END_PLACEHOLDER } from '../../constructs/monitoring/benchmark-window';
import { RECORDING_RULES, VLLM } from '../../domain/metrics';
import { SlaAlert, slaAlerts } from '../../constructs/monitoring/sla-alerts';
import { PROJECT_ROOT, tempProject, fixture } from '../helpers/project';
import { promtool, requirePromtool } from '../helpers/promtool';

jest.setTimeout(60000);

const environments = fixture().environments;
let dir: string;
beforeAll(() => {
  requirePromtool();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promtool-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The rule groups of the environment's PrometheusRule, as synthesized into `dist/ENV/monitoring/`. */
function servingRuleGroups(env: ResolvedEnvironment): any[] {
  const objects = buildEnvironment(env).get('monitoring')!.toJson();
  // the serving namespace's rule (the stack's own alerts live in the stack namespace: ./stack-rules-promtool.test.ts)
  const rules = objects.filter((o: any) => o.kind === 'PrometheusRule' && o.metadata.namespace === env.config.servingNamespace);
  expect(rules).toHaveLength(1);
  return rules[0].spec.groups;
}

/** The dispatcher's window rule ending at `endSeconds`, with the `namespace` label prometheus-operator adds. */
function windowRuleGroups(env: ResolvedEnvironment, endSeconds: number): any[] {
  const text = JSON.stringify((benchmarkWindowRule(benchmarkWindowOf(env)) as any).spec.groups).split(WINDOW_END_PLACEHOLDER).join(String(endSeconds));
  const groups = JSON.parse(text);
  for (const group of groups) for (const rule of group.rules) rule.labels = { ...rule.labels, namespace: env.config.servingNamespace };
  return groups;
}

function writeYaml(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify(content, { lineWidth: 0 }));
  return file;
}

// ------------------------------------------------------------------------------------------ check rules

test.each(environments.map((e) => [e.name, e] as const))('promtool check rules accepts every rule of %s, and the window rule', async (name, env) => {
  const groups = servingRuleGroups(env);
  const count = groups.reduce((n: number, g: any) => n + g.rules.length, 0);
  expect(count).toBe(Object.keys(RECORDING_RULES).length + slaAlerts(env.config.sla, env.config.monitoring.alerts).length);
  const serving = writeYaml(`${name}-serving.yaml`, { groups });
  const window = writeYaml(`${name}-window.yaml`, { groups: windowRuleGroups(env, 1767225600) });
  const result = await promtool(['check', 'rules', serving, window]);
  expect(result.output).toContain(`SUCCESS: ${count} rules found`);
  expect(result.output).toContain(`SUCCESS: ${new Set(env.targets.map((t) => t.deployment)).size} rules found`);
  expect(result.code).toBe(0);
});

test('promtool check rules refuses a broken expression (the check can fail)', async () => {
  const groups = servingRuleGroups(environments[0]);
  groups[1].rules[0].expr = groups[1].rules[0].expr.replace('unless on', 'unless onn');
  const result = await promtool(['check', 'rules', writeYaml('broken.yaml', { groups })]);
  expect(result.code).toBe(1);
  expect(result.output).toContain('FAILED');
});

// ------------------------------------------------------------------------------------ input generation

/** Bucket bounds of a vLLM histogram, read from ../shared/reference/vllm-metrics.md (the table of metrics). */
function vllmBuckets(metric: string): number[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, '..', 'shared', 'reference', 'vllm-metrics.md'), 'utf8');
  const row = text.split('\n').find((l) => l.startsWith(`| \`${metric}\` | histogram |`));
  if (!row) throw new Error(`no histogram row for ${metric} in vllm-metrics.md`);
  return row.split('|')[5].split(',').map((b) => Number(b.trim()));
}

type Level = 'high' | 'low';
type Labels = Record<string, string>;

/** One input series of a promtool test. */
interface InputSeries {
  series: string;
  values: string;
}

/** How to make a recorded value sit above or under an alert's threshold, and what the recorded value then is. */
interface Signal {
  /** Input series for one model over time, one level per minute. */
  series(labels: Labels, levels: Level[]): InputSeries[];
  /** The recorded value while the level is high. */
  readonly highValue: number;
  /** Whether the recorded value is a rate over the recording rules' 5-minute window. */
  readonly isRate: boolean;
}

const seriesName = (metric: string, labels: Labels) =>
  `${metric}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;
const cumulative = (perMinute: number[]) => {
  let sum = 0;
  return perMinute.map((n) => (sum += n)).join(' ');
};

function gaugeSignal(metric: string, high: number, low: number): Signal {
  return {
    series: (labels, levels) => [{ series: seriesName(metric, { ...labels, engine: '0' }), values: levels.map((l) => (l === 'high' ? high : low)).join(' ') }],
    highValue: high,
    isRate: false,
  };
}

/** All observations of a minute in one bucket: above the threshold when high, at or under it when low. */
function histogramSignal(metric: string, threshold: number): Signal {
  const bounds = vllmBuckets(metric);
  const hi = bounds.findIndex((b) => b >= threshold);
  const lo = bounds.findIndex((b, i) => b <= threshold && (i + 1 === bounds.length || bounds[i + 1] > threshold));
  if (hi < 0 || hi + 1 >= bounds.length || lo < 1) throw new Error(`threshold ${threshold} of ${metric} has no bucket above and under it`);
  // high: every observation in (bounds[hi], bounds[hi+1]]; low: in (bounds[lo-1], bounds[lo]]
  const upperOf: Record<Level, number> = { high: bounds[hi + 1], low: bounds[lo] };
  const perMinute = 120;
  return {
    series: (labels, levels) => [
      ...[...bounds.map(String), '+Inf'].map((le) => ({
        series: seriesName(`${metric}_bucket`, { ...labels, engine: '0', le }),
        values: cumulative(levels.map((l) => (le === '+Inf' || Number(le) >= upperOf[l] ? perMinute : 0))),
      })),
    ],
    // histogram_quantile interpolates linearly inside the bucket
    highValue: bounds[hi] + (bounds[hi + 1] - bounds[hi]) * 0.95,
    isRate: true,
  };
}

/** Finished requests per minute, a fraction of them aborted. */
function errorRatioSignal(threshold: number): Signal {
  const total = 200;
  const failed: Record<Level, number> = { high: Math.round(total * Math.min(1, (threshold + 1) / 2)), low: Math.floor((total * threshold) / 2) };
  const metric = VLLM.requestSuccess;
  return {
    series: (labels, levels) => [
      { series: seriesName(metric, { ...labels, engine: '0', finished_reason: 'stop' }), values: cumulative(levels.map((l) => total - failed[l])) },
      { series: seriesName(metric, { ...labels, engine: '0', finished_reason: 'abort' }), values: cumulative(levels.map((l) => failed[l])) },
      { series: seriesName(metric, { ...labels, engine: '0', finished_reason: 'length' }), values: cumulative(levels.map(() => 0)) },
    ],
    highValue: failed.high / total,
    isRate: true,
  };
}

function signalOf(alert: SlaAlert): Signal {
  const t = alert.threshold;
  switch (alert.source.record) {
    case RECORDING_RULES.ttftP95.record:
      return histogramSignal(VLLM.timeToFirstToken, t);
    case RECORDING_RULES.itlP95.record:
      return histogramSignal(VLLM.interTokenLatency, t);
    case RECORDING_RULES.errorRatio.record:
      return errorRatioSignal(t);
    case RECORDING_RULES.kvCacheUsage.record:
      return gaugeSignal(VLLM.kvCacheUsage, (t + 1) / 2, t / 2);
    case RECORDING_RULES.requestsWaiting.record:
      return gaugeSignal(VLLM.requestsWaiting, Math.floor(t) + 3, Math.floor(t / 2));
    default:
      throw new Error(`no input signal for ${alert.source.record}`);
  }
}

// Go's text/template functions the summaries use (prometheus/template): %.4g formatting.
const g4 = (v: number) => String(Number(v.toPrecision(4)));
const humanizeDuration = (v: number) => (v >= 1 ? `${g4(v)}s` : `${g4(v * 1000)}ms`);
const humanizePercentage = (v: number) => `${g4(v * 100)}%`;

/** The annotations Prometheus renders for `alert` at `value` (templates as the rule writes them). */
function renderedAnnotations(rule: any, labels: Labels, value: number): Labels {
  const out: Labels = {};
  for (const [key, template] of Object.entries<string>(rule.annotations)) {
    out[key] = template
      .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_m, name) => labels[name])
      .replace(/\{\{ \$value \| humanizeDuration \}\}/g, humanizeDuration(value))
      .replace(/\{\{ \$value \| humanizePercentage \}\}/g, humanizePercentage(value))
      .replace(/\{\{ \$value \}\}/g, g4(value));
    expect(out[key]).not.toContain('{{');
  }
  return out;
}

// ------------------------------------------------------------------------------------------ test rules

const MINUTES = 100;
/** Minutes after which a 5-minute rate reflects a level fully. */
const WARMUP = 6;
/** A pod of deployment `deployment`, named as KServe names RawDeployment predictor pods. */
const podOf = (deployment: string, replica = 'x2x4z') => `${deployment}-predictor-7c9d8f6b5-${replica}`;

type RuleFile = 'serving.yaml' | 'window-far.yaml' | 'window-30m.yaml';

/** One promtool test group, and the rule file it runs against. */
interface TestGroup {
  ruleFile: RuleFile;
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: AlertTestCase[];
  promql_expr_test?: unknown[];
}

interface AlertTestCase {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Labels; exp_annotations: Labels }[];
}

/** The promtool test groups of one alert of `env`. */
function alertTests(env: ResolvedEnvironment, alert: SlaAlert, rule: any) {
  const namespace = env.config.servingNamespace;
  const model = env.targets[0].model.servedModelName;
  const benchmarked = env.targets[0].deployment;
  // the same model served by a deployment the environment does not benchmark (e.g. on another GPU profile)
  const other = `${benchmarked}-other-gpu`;
  const forMinutes = durationSeconds(alert.for) / 60;
  const cooldownMinutes = durationSeconds(env.config.monitoring.alerts.benchmarkWindow.cooldown) / 60;
  const signal = signalOf(alert);
  const levels = (high: (minute: number) => boolean): Level[] => Array.from({ length: MINUTES + 1 }, (_, m) => (high(m) ? 'high' : 'low'));
  const labelsOf = (d: string) => ({ namespace, model_name: model, pod: podOf(d) });
  const firing = (d: string) => {
    const labels = { severity: alert.severity, namespace, deployment: d, model_name: model };
    return { exp_labels: labels, exp_annotations: renderedAnnotations(rule, labels, signal.highValue) };
  };
  const at = (minute: number, alerts: ReturnType<typeof firing>[]): AlertTestCase => ({ eval_time: `${minute}m`, alertname: alert.alert, exp_alerts: alerts });
  const group = (name: string, input: InputSeries[], cases: AlertTestCase[], ruleFile: RuleFile = 'serving.yaml', exprTests: unknown[] = []): TestGroup => ({
    ruleFile,
    name: `${alert.alert}: ${name}`,
    interval: '1m',
    input_series: input,
    alert_rule_test: cases,
    ...(exprTests.length ? { promql_expr_test: exprTests } : {}),
  });
  const sustained = levels(() => true);
  const fireAt = WARMUP + forMinutes + 1;

  // Brief: gauges cross for exactly `for` evaluations (active for − 1 m); a 5-minute rate stays above for
  // 4 evaluations after a one-minute burst, so the burst is one minute and `for` must be longer than 3 m.
  const burstStart = 20;
  const burstMinutes = signal.isRate ? 1 : forMinutes;
  if (signal.isRate && forMinutes <= 4) throw new Error(`${alert.alert}: for ${alert.for} is too short for a one-minute burst to stay under it`);
  const brief = levels((m) => m >= burstStart && m < burstStart + burstMinutes);
  const briefChecks = Array.from({ length: burstMinutes + forMinutes + 8 }, (_, i) => at(burstStart + i, []));

  const windowEnd = 30;
  const silencedUntil = windowEnd + cooldownMinutes;
  const deletedAt = 20;

  return [
    group('a crossing held for longer than `for` fires', signal.series(labelsOf(benchmarked), sustained), [at(fireAt, [firing(benchmarked)]), at(MINUTES, [firing(benchmarked)])]),
    group('a value under the threshold never fires', signal.series(labelsOf(benchmarked), levels(() => false)), [at(fireAt, []), at(MINUTES, [])]),
    group('a crossing shorter than `for` does not fire', signal.series(labelsOf(benchmarked), brief), briefChecks, 'serving.yaml', [
      // it does cross
      { expr: `count(${alert.source.record} > ${alert.threshold})`, eval_time: `${burstStart}m`, exp_samples: [{ labels: '{}', value: 1 }] },
    ]),
    group(
      'inside a benchmark window: silent for the benchmarked deployment, not for another deployment of the same model',
      [...signal.series(labelsOf(benchmarked), sustained), ...signal.series(labelsOf(other), sustained)],
      [at(fireAt, [firing(other)]), at(MINUTES, [firing(other)])],
      'window-far.yaml',
    ),
    group(
      'after the window end plus cooldown the alert fires, `for` later',
      signal.series(labelsOf(benchmarked), sustained),
      [at(windowEnd + 2, []), at(silencedUntil - 1, []), at(silencedUntil + forMinutes - 1, []), at(silencedUntil + forMinutes, [firing(benchmarked)])],
      'window-30m.yaml',
    ),
    group(
      'a window deleted early silences for the cooldown after its last sample',
      [
        ...signal.series(labelsOf(benchmarked), sustained),
        { series: seriesName(BENCHMARK_WINDOW_RECORD, { namespace, deployment: benchmarked }), values: `${Array(deletedAt + 1).fill(7200 * 60).join(' ')} stale` },
      ],
      [at(deletedAt + cooldownMinutes + forMinutes - 1, []), at(deletedAt + cooldownMinutes + forMinutes + 1, [firing(benchmarked)])],
    ),
  ];
}

/**
 * Writes the rule files of `env` and one promtool test file per rule-file set (promtool has one `rule_files` per
 * test file): `serving.yaml` alone, or with the window rule ending far away or at 30 m. Returns the test files.
 */
function writePromtoolTests(env: ResolvedEnvironment, folder: string, tests: (groups: any[]) => TestGroup[]): string[] {
  const groups = servingRuleGroups(env);
  const root = path.join(dir, folder);
  fs.mkdirSync(root, { recursive: true });
  const write = (name: string, content: unknown) => fs.writeFileSync(path.join(root, name), stringify(content, { lineWidth: 0 }));
  const ruleFiles: Record<RuleFile, unknown> = {
    'serving.yaml': { groups },
    'window-far.yaml': { groups: [...groups, ...windowRuleGroups(env, 7200 * 60)] },
    'window-30m.yaml': { groups: [...groups, ...windowRuleGroups(env, 30 * 60)] },
  };
  const byFile = new Map<RuleFile, any[]>();
  for (const { ruleFile, ...test } of tests(groups)) byFile.set(ruleFile, [...(byFile.get(ruleFile) ?? []), test]);
  return [...byFile].map(([ruleFile, fileTests]) => {
    write(ruleFile, ruleFiles[ruleFile]);
    const testFile = `tests-${ruleFile}`;
    write(testFile, { rule_files: [ruleFile], evaluation_interval: '1m', tests: fileTests });
    return path.join(root, testFile);
  });
}

function allAlertTests(env: ResolvedEnvironment) {
  return (groups: any[]) => {
    const rules = groups.flatMap((g) => g.rules).filter((r) => r.alert);
    return slaAlerts(env.config.sla, env.config.monitoring.alerts).flatMap((alert) => alertTests(env, alert, rules.find((r) => r.alert === alert.alert)));
  };
}

const testRules = (files: string[]) => promtool(['test', 'rules', ...files], path.dirname(files[0]));

// One environment, the one with the most served models: the others' rules differ only in model names (each passes
// `promtool check rules` above), and the test below runs the same generated tests with other SLA tiers.
const mostModels = [...environments].sort((a, b) => new Set(b.targets.map((t) => t.model.servedModelName)).size - new Set(a.targets.map((t) => t.model.servedModelName)).size)[0];

test.each([[mostModels.name, mostModels] as const])('promtool test rules: every alert of %s fires, stays silent and is silenced as designed', async (name, env) => {
  const files = writePromtoolTests(env, name, allAlertTests(env));
  expect(files).toHaveLength(3);
  const result = await testRules(files);
  expect(result.output).not.toContain('FAILED');
  expect(result.output.match(/SUCCESS/g)).toHaveLength(3);
  expect(result.code).toBe(0);
});

test('an environment with other SLA tiers gets other thresholds, and its generated inputs still cross them', async () => {
  const root = tempProject({
    [DEMO_FILE]: (t) =>
      `${t}sla:\n  ttftP95Ms: { excellent: 200, acceptable: 400, breaking: 800 }\n  errorRate: { excellent: 0, acceptable: 0.02, breaking: 0.1 }\n  requestsWaiting: { excellent: 0, acceptable: 2, breaking: 10 }\nmonitoring:\n  alerts:\n    kvCacheUsageThreshold: 0.9\n    runbookBaseUrl: https://runbooks.example.com/vllm\n    for: { ttftP95: 7m, itlP95: 5m, requestsWaiting: 3m, kvCacheUsage: 10m, errorRatio: 5m }\n`,
  });
  try {
    const env = loadConfig(root, { only: 'demo' }).environments[0];
    const rule = (alert: string) => servingRuleGroups(env)[1].rules.find((r: any) => r.alert === alert);
    expect(rule('VllmTtftP95Breaking').expr).toMatch(/^\(namespace_model_name:vllm_time_to_first_token_seconds:p95_rate5m > 0\.8\) unless/);
    expect(rule('VllmTtftP95Breaking').for).toBe('7m');
    expect(rule('VllmErrorRatioHigh').expr).toMatch(/ > 0\.1\) unless/);
    expect(rule('VllmRequestsWaitingHigh').expr).toMatch(/ > 10\) unless/);
    expect(rule('VllmRequestsWaitingHigh').for).toBe('3m');
    expect(rule('VllmKvCacheUsageHigh').expr).toMatch(/ > 0\.9\) unless/);
    expect(rule('VllmKvCacheUsageHigh').annotations.runbook_url).toBe('https://runbooks.example.com/vllm#vllmkvcacheusagehigh');
    const result = await testRules(writePromtoolTests(env, 'demo-other-sla', allAlertTests(env)));
    expect(result.output).not.toContain('FAILED');
    expect(result.code).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a wrong expectation makes promtool test rules fail (the generated tests can fail)', async () => {
  const env = environments.find((e) => e.name === 'demo')!;
  const benchmarked = env.targets[0].deployment;
  const files = writePromtoolTests(env, 'demo-wrong', (groups) =>
    allAlertTests(env)(groups)
      .filter((g) => g.name.includes('inside a benchmark window'))
      .map((g) => ({
        ...g,
        // claim the benchmarked deployment's alert fires inside its window
        alert_rule_test: g.alert_rule_test.map((c) => ({
          ...c,
          exp_alerts: [...c.exp_alerts, ...c.exp_alerts.map((a) => ({ ...a, exp_labels: { ...a.exp_labels, deployment: benchmarked } }))],
        })),
      })),
  );
  const result = await testRules(files);
  expect(result.code).toBe(1);
  expect(result.output).toContain('FAILED');
});

// --------------------------------------------------------------------------------------- recording rules

/**
 * histogram_quantile's interpolation (promql/quantile.go, bucketQuantile) over the buckets that hold the
 * observations, [upper bound, cumulative count] from the first non-empty one: the same float operations, so the
 * expected value is the one Prometheus computes to the last bit.
 */
function bucketQuantile(q: number, buckets: [number, number][]): number {
  const total = buckets[buckets.length - 1][1];
  const rank = q * total;
  const b = buckets.findIndex(([, count]) => count >= rank);
  const [start, below] = b === 0 ? [0, 0] : buckets[b - 1];
  const [end, count] = buckets[b];
  return start + (end - start) * ((rank - below) / (count - below));
}

test('the recording rules record p95 from a known bucket distribution, the error ratio, sums and maxima per deployment', async () => {
  const env = environments.find((e) => e.name === 'demo')!;
  const ns = env.config.servingNamespace;
  const model = env.targets[0].model.servedModelName;
  const deployment = env.targets[0].deployment;
  // what a pod exports (vLLM: model_name, engine; the scrape: namespace, pod, service …) and what is recorded
  const scraped = { namespace: ns, model_name: model, pod: podOf(deployment), service: `${deployment}-predictor` };
  const labels = { namespace: ns, deployment, model_name: model };
  // the same model on another deployment (another GPU profile) at once: recorded apart
  const other = { ...scraped, pod: podOf(`${deployment}-h100`), service: `${deployment}-h100-predictor` };
  const minutes = 10;
  const perMinute = (rate: number) => cumulative(Array(minutes + 1).fill(rate * 60));
  // per second: 16 first tokens in (0.25, 0.5], 4 in (0.5, 0.75] → rank 19 of 20 → 0.5 + 0.25 × 3/4 = 0.6875
  const ttft = vllmBuckets(VLLM.timeToFirstToken).map(String).concat('+Inf');
  const ttftCumulative = (le: string) => (le === '+Inf' || Number(le) >= 0.75 ? 20 : Number(le) >= 0.5 ? 16 : 0);
  // ITL: 8 gaps in (0.05, 0.075], 8 in (0.075, 0.1] → rank 15.2 of 16: 0.075 + 0.025 × 7.2/8 ≈ 0.0975
  const itl = vllmBuckets(VLLM.interTokenLatency).map(String).concat('+Inf');
  const itlCumulative = (le: string) => (le === '+Inf' || Number(le) >= 0.1 ? 16 : Number(le) >= 0.075 ? 8 : 0);
  const engines = ['0', '1'];
  const input: InputSeries[] = [
    ...ttft.map((le) => ({ series: seriesName(`${VLLM.timeToFirstToken}_bucket`, { ...scraped, engine: '0', le }), values: perMinute(ttftCumulative(le)) })),
    ...itl.map((le) => ({ series: seriesName(`${VLLM.interTokenLatency}_bucket`, { ...scraped, engine: '0', le }), values: perMinute(itlCumulative(le)) })),
    // 2 stop + 1 length + 1 abort + 0 error per second, on each of two engines → failures 2/8 = 0.25
    ...engines.flatMap((engine) =>
      Object.entries({ stop: 2, length: 1, abort: 1, error: 0 }).map(([reason, rate]) => ({
        series: seriesName(VLLM.requestSuccess, { ...scraped, engine, finished_reason: reason }),
        values: perMinute(rate),
      })),
    ),
    { series: seriesName(VLLM.requestsWaiting, { ...scraped, engine: '0' }), values: Array(minutes + 1).fill(3).join(' ') },
    { series: seriesName(VLLM.requestsWaiting, { ...scraped, engine: '1' }), values: Array(minutes + 1).fill(4).join(' ') },
    // the same pod scraped through a second Service (KServe Serverless) counts once
    { series: seriesName(VLLM.requestsWaiting, { ...scraped, service: `${deployment}-predictor-private`, engine: '1' }), values: Array(minutes + 1).fill(4).join(' ') },
    // another deployment of the same model, and another namespace, stay apart
    { series: seriesName(VLLM.requestsWaiting, { ...other, engine: '0' }), values: Array(minutes + 1).fill(20).join(' ') },
    { series: seriesName(VLLM.kvCacheUsage, { ...other, engine: '0' }), values: Array(minutes + 1).fill(0.99).join(' ') },
    { series: seriesName(VLLM.requestsWaiting, { ...scraped, namespace: 'elsewhere', engine: '0' }), values: Array(minutes + 1).fill(10).join(' ') },
    { series: seriesName(VLLM.kvCacheUsage, { ...scraped, engine: '0' }), values: Array(minutes + 1).fill(0.5).join(' ') },
    { series: seriesName(VLLM.kvCacheUsage, { ...scraped, engine: '1' }), values: Array(minutes + 1).fill(0.75).join(' ') },
    { series: seriesName(VLLM.generationTokens, { ...scraped, engine: '0' }), values: perMinute(300) },
  ];
  const recorded = (rule: { record: string }, value: number, at: Labels = labels) => ({ expr: rule.record, eval_time: '10m', exp_samples: [{ labels: seriesName(rule.record, at), value }] });
  const ordered = (l: Labels) => Object.fromEntries(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)));
  const tests = [
    {
      name: 'recording rules',
      interval: '1m',
      input_series: input,
      promql_expr_test: [
        recorded(RECORDING_RULES.ttftP95, 0.6875),
        recorded(RECORDING_RULES.itlP95, bucketQuantile(0.95, [[0.075, 8], [0.1, 16]])),
        recorded(RECORDING_RULES.errorRatio, 0.25),
        recorded(RECORDING_RULES.requestsPerSecond, 8),
        recorded(RECORDING_RULES.generationTokensPerSecond, 300),
        {
          expr: RECORDING_RULES.kvCacheUsage.record,
          eval_time: '10m',
          exp_samples: [
            { labels: seriesName(RECORDING_RULES.kvCacheUsage.record, ordered(labels)), value: 0.75 },
            { labels: seriesName(RECORDING_RULES.kvCacheUsage.record, ordered({ ...labels, deployment: `${deployment}-h100` })), value: 0.99 },
          ],
        },
        {
          expr: RECORDING_RULES.requestsWaiting.record,
          eval_time: '10m',
          exp_samples: [
            { labels: seriesName(RECORDING_RULES.requestsWaiting.record, ordered({ ...labels, namespace: 'elsewhere' })), value: 10 },
            { labels: seriesName(RECORDING_RULES.requestsWaiting.record, ordered(labels)), value: 7 },
            { labels: seriesName(RECORDING_RULES.requestsWaiting.record, ordered({ ...labels, deployment: `${deployment}-h100` })), value: 20 },
          ],
        },
        // a bucket rate keeps `le`, so a dashboard can take any percentile
        { expr: `${RECORDING_RULES.ttftBuckets.record}{le="0.5"}`, eval_time: '10m', exp_samples: [{ labels: seriesName(RECORDING_RULES.ttftBuckets.record, { le: '0.5', ...labels }), value: 16 }] },
      ],
    },
  ];
  const root = path.join(dir, 'recording');
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'serving.yaml'), stringify({ groups: servingRuleGroups(env) }, { lineWidth: 0 }));
  fs.writeFileSync(path.join(root, 'tests.yaml'), stringify({ rule_files: ['serving.yaml'], evaluation_interval: '1m', tests }, { lineWidth: 0 }));
  const result = await promtool(['test', 'rules', path.join(root, 'tests.yaml')], root);
  expect(result.output).toContain('SUCCESS');
  expect(result.code).toBe(0);
});

