/**
 * The serving namespace's objects of the `monitoring` app: the PrometheusRule (recording rules and SLA alerts
 * from the environment's tiers) and the optional vLLM ServiceMonitor; the benchmark-window rule the dispatcher
 * writes. promtool runs these rules in test/monitoring/rules-promtool.test.ts.
 */
import { benchmarkWindowOf } from '../../constructs/charts/props';
import { servingAlertsProps } from '../../constructs/charts/monitoring-chart';
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import {
  BENCHMARK_WINDOW_RECORD,
  benchmarkWindowRule,
  durationSeconds,
  outsideBenchmarkWindow,
  WINDOW_END_PLACEHOLDER,
} from '../../constructs/monitoring/benchmark-window';
import { RECORDING_RULES } from '../../domain/metrics';
import { ServingAlerts } from '../../constructs/monitoring/serving-alerts';
import { SERVING_RULE_GROUPS } from '../../constructs/monitoring/serving-rules';
import { stringify } from 'yaml';
import { parseDocuments } from '../../scripts/validation/documents';
import { validateDocuments } from '../../scripts/validation';
import { fixtureEnvironment } from '../helpers/project';

const demo = fixtureEnvironment('demo');

/** `env` with `monitoring.alerts` and `sla` changed as given. */
function withConfig(env: ResolvedEnvironment, alerts: object = {}, sla: object = {}): ResolvedEnvironment {
  const config = env.config;
  return { ...env, config: { ...config, sla: { ...config.sla, ...sla }, monitoring: { ...config.monitoring, alerts: { ...config.monitoring.alerts, ...alerts } } } };
}

function synth(env: ResolvedEnvironment = demo) {
  const chart = new Chart(Testing.app(), 'test');
  new ServingAlerts(chart, 'alerts', servingAlertsProps(env));
  const objects = Testing.synth(chart);
  const rule = objects.find((o) => o.kind === 'PrometheusRule');
  const alerts: any[] = rule.spec.groups.find((g: any) => g.name === SERVING_RULE_GROUPS.alerts)?.rules ?? [];
  const alert = (name: string) => {
    const found = alerts.find((a) => a.alert === name);
    if (!found) throw new Error(`no alert ${name}`);
    return found;
  };
  return { objects, rule, alerts, alert };
}

const { objects, rule, alerts, alert } = synth();

test('matches its snapshot', () => expect(objects).toMatchSnapshot());

test('one PrometheusRule in the serving namespace, with a stable per-environment name, labelled as the stack; no ServiceMonitor by default', () => {
  expect(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['PrometheusRule/llm-serving/llmbench-demo-vllm']);
  expect(rule.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'demo', 'app.kubernetes.io/component': 'serving-rules' });
  // evaluated by user-workload monitoring's Prometheus, like the window rule, not by Thanos Ruler
  expect(rule.metadata.labels['openshift.io/prometheus-rule-evaluation-scope']).toBe('leaf-prometheus');
  expect(rule.metadata.annotations[ARGOCD_ANNOTATIONS.syncWave]).toBe(String(RESOURCE_SYNC_WAVES.workloads));
});

test('the recording group holds every shared recording rule, by name and expression, in order', () => {
  expect(rule.spec.groups.map((g: any) => g.name)).toEqual([SERVING_RULE_GROUPS.recording, SERVING_RULE_GROUPS.alerts]);
  expect(rule.spec.groups[0].rules).toEqual(Object.values(RECORDING_RULES).map((r) => ({ record: r.record, expr: r.expr })));
});

test('five alerts with severities, each reading a recording rule and compared with the SLA tier', () => {
  expect(alerts.map((a) => [a.alert, a.labels.severity, a.for])).toEqual([
    ['VllmTtftP95Breaking', 'critical', '5m'],
    ['VllmItlP95Breaking', 'warning', '5m'],
    ['VllmRequestsWaitingHigh', 'warning', '10m'],
    ['VllmKvCacheUsageHigh', 'warning', '10m'],
    ['VllmErrorRatioHigh', 'critical', '5m'],
  ]);
  const window = outsideBenchmarkWindow('10m');
  expect(alert('VllmTtftP95Breaking').expr).toBe(`(${RECORDING_RULES.ttftP95.record} > 2) ${window}`);
  expect(alert('VllmItlP95Breaking').expr).toBe(`(${RECORDING_RULES.itlP95.record} > 0.1) ${window}`);
  expect(alert('VllmRequestsWaitingHigh').expr).toBe(`(${RECORDING_RULES.requestsWaiting.record} > 5) ${window}`);
  expect(alert('VllmKvCacheUsageHigh').expr).toBe(`(${RECORDING_RULES.kvCacheUsage.record} > 0.85) ${window}`);
  expect(alert('VllmErrorRatioHigh').expr).toBe(`(${RECORDING_RULES.errorRatio.record} > 0.05) ${window}`);
});

test('every alert excludes the benchmark window of its own deployment, for the cooldown after it', () => {
  expect(outsideBenchmarkWindow('10m')).toBe(`unless on (namespace, deployment) (max_over_time(${BENCHMARK_WINDOW_RECORD}[10m]) > time() - 600)`);
  for (const a of alerts) expect(a.expr).toContain(`unless on (namespace, deployment) (max_over_time(${BENCHMARK_WINDOW_RECORD}[10m])`);
  const { alerts: unsilenced } = synth(withConfig(demo, { benchmarkWindow: { enabled: false, cooldown: '10m' } }));
  for (const a of unsilenced) expect(a.expr).not.toContain('unless');
});

test('summary, description and runbook annotations name the deployment, its model, the namespace and the threshold', () => {
  for (const a of alerts) {
    expect(Object.keys(a.annotations).sort()).toEqual(['description', 'runbook', 'summary']);
    expect(a.annotations.summary).toContain('{{ $labels.deployment }} ({{ $labels.model_name }}) in {{ $labels.namespace }}');
    expect(a.annotations.runbook.length).toBeGreaterThan(40);
  }
  expect(alert('VllmTtftP95Breaking').annotations.summary).toContain('{{ $value | humanizeDuration }}, in the breaking tier (above 2000 ms)');
  expect(alert('VllmKvCacheUsageHigh').annotations.summary).toContain('(alert above 85%)');
  expect(alert('VllmErrorRatioHigh').annotations.description).toContain('More than 5% of the finished requests');
});

test('thresholds follow the environment SLA: other tiers give other expressions', () => {
  const other = synth(
    withConfig(demo, { kvCacheUsageThreshold: 0.92, for: { ...demo.config.monitoring.alerts.for, ttftP95: '15m' } }, {
      ttftP95Ms: { excellent: 300, acceptable: 600, breaking: 1500 },
      itlP95Ms: { excellent: 10, acceptable: 25, breaking: 40 },
      requestsWaiting: { excellent: 0, acceptable: 3, breaking: 12 },
      errorRate: { excellent: 0, acceptable: 0.001, breaking: 0.02 },
    }),
  );
  expect(other.alert('VllmTtftP95Breaking').expr).toMatch(/ > 1\.5\) unless/);
  expect(other.alert('VllmTtftP95Breaking').for).toBe('15m');
  expect(other.alert('VllmItlP95Breaking').expr).toMatch(/ > 0\.04\) unless/);
  expect(other.alert('VllmRequestsWaitingHigh').expr).toMatch(/ > 12\) unless/);
  expect(other.alert('VllmErrorRatioHigh').expr).toMatch(/ > 0\.02\) unless/);
  expect(other.alert('VllmKvCacheUsageHigh').expr).toMatch(/ > 0\.92\) unless/);
  // without an explicit threshold, the KV cache alert follows the acceptable tier
  const tier = synth(withConfig(demo, {}, { kvCacheUsage: { excellent: 0.5, acceptable: 0.8, breaking: 0.9 } }));
  expect(tier.alert('VllmKvCacheUsageHigh').expr).toMatch(/ > 0\.8\) unless/);
});

test('a runbook base URL adds runbook_url per alert', () => {
  const { alerts: linked } = synth(withConfig(demo, { runbookBaseUrl: 'https://runbooks.example.com/vllm' }));
  expect(linked.map((a) => a.annotations.runbook_url)).toEqual([
    'https://runbooks.example.com/vllm#vllmttftp95breaking',
    'https://runbooks.example.com/vllm#vllmitlp95breaking',
    'https://runbooks.example.com/vllm#vllmrequestswaitinghigh',
    'https://runbooks.example.com/vllm#vllmkvcacheusagehigh',
    'https://runbooks.example.com/vllm#vllmerrorratiohigh',
  ]);
});

test('alerts disabled: the recording rules stay (the dashboards read them), the alert group goes', () => {
  const { rule: only } = synth(withConfig(demo, { enabled: false }));
  expect(only.spec.groups.map((g: any) => g.name)).toEqual([SERVING_RULE_GROUPS.recording]);
});

test('the vLLM ServiceMonitor is written only with the switch: KServe predictor Services of the serving namespace', () => {
  const { objects: withMonitor } = synth(
    withConfig(demo, { vllmServiceMonitor: { enabled: true, port: 'http', path: '/metrics', interval: '30s', selectorLabel: 'serving.kserve.io/inferenceservice' } }),
  );
  const monitor = withMonitor.find((o) => o.kind === 'ServiceMonitor');
  expect(monitor.metadata).toMatchObject({ name: 'llmbench-demo-vllm', namespace: 'llm-serving' });
  expect(monitor.spec).toEqual({
    selector: { matchExpressions: [{ key: 'serving.kserve.io/inferenceservice', operator: 'Exists' }] },
    namespaceSelector: { matchNames: ['llm-serving'] },
    endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
  });
  // a number is the container port
  const { objects: byNumber } = synth(withConfig(demo, { vllmServiceMonitor: { ...demo.config.monitoring.alerts.vllmServiceMonitor, enabled: true } }));
  expect(byNumber.find((o) => o.kind === 'ServiceMonitor').spec.endpoints).toEqual([{ targetPort: 8080, path: '/metrics', interval: '30s' }]);
});

test('the benchmark-window rule: one series per benchmarked deployment, ending at the placeholder the dispatcher fills', () => {
  const window: any = benchmarkWindowRule(benchmarkWindowOf(demo));
  expect(window.metadata).toMatchObject({ name: 'llmbench-demo-benchmark-window', namespace: 'llm-serving' });
  expect(window.metadata.labels['app.kubernetes.io/component']).toBe('benchmark-window');
  expect(window.metadata.labels['openshift.io/prometheus-rule-evaluation-scope']).toBe('leaf-prometheus');
  expect(window.spec.groups).toEqual([
    {
      name: 'llmbench-benchmark-window',
      rules: [...new Set(demo.targets.map((t) => t.deployment))].sort().map((deployment) => ({
        record: BENCHMARK_WINDOW_RECORD,
        expr: `vector(${WINDOW_END_PLACEHOLDER})`,
        labels: { deployment },
      })),
    },
  ]);
  expect(window.spec.groups[0].rules).toHaveLength(2);
});

test('Prometheus durations parse to seconds; anything else is refused', () => {
  expect(durationSeconds('10m')).toBe(600);
  expect(durationSeconds('1h30m')).toBe(5400);
  expect(() => durationSeconds('10 minutes')).toThrow('not a Prometheus duration');
});

test('the window rule as the dispatcher creates it and both ServiceMonitor forms pass the CRD schemas (not in dist/, so checked here)', () => {
  const window = stringify(benchmarkWindowRule(benchmarkWindowOf(demo))).split(WINDOW_END_PLACEHOLDER).join('1767225600');
  const monitor = (port: number | string) =>
    synth(withConfig(demo, { vllmServiceMonitor: { ...demo.config.monitoring.alerts.vllmServiceMonitor, enabled: true, port } })).objects.find(
      (o) => o.kind === 'ServiceMonitor',
    );
  const documents = [window, stringify(monitor(8080)), stringify(monitor('http'))].flatMap((text, i) => parseDocuments(`doc-${i}.yaml`, text));
  expect(validateDocuments(documents, 3).problems).toEqual([]);
  // the check does look: a rule without expr is refused
  const withoutExpr: any = benchmarkWindowRule(benchmarkWindowOf(demo));
  delete withoutExpr.spec.groups[0].rules[0].expr;
  const broken = parseDocuments('broken.yaml', stringify(withoutExpr));
  expect(validateDocuments(broken, 1).problems.map((p) => p.message).join('\n')).toMatch(/expr/);
});
