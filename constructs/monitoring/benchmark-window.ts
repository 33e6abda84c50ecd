/**
 * The benchmark window: how a nightly run silences the SLA alerts of the models it saturates on purpose.
 *
 * OpenShift user-workload monitoring evaluates a PrometheusRule of the serving namespace over that namespace's
 * series only (every selector gets `namespace="<rule's namespace>"`), so a marker elsewhere (the stack's
 * Pushgateway) is invisible to the alerts. The dispatcher therefore writes, at run start, a small PrometheusRule
 * in the serving namespace that records {@link BENCHMARK_WINDOW_RECORD} = the run's latest possible end (start +
 * the dispatcher's own deadline, so a crashed dispatcher cannot silence the alerts for ever), one series per
 * benchmarked deployment (domain/serving.ts): another deployment of the same model keeps its alerts; it deletes the rule when the run ends. prometheus-operator adds the enforced
 * `namespace` label to the recorded series. The rule is not in `dist/` apps: ArgoCD never sees it, so no drift.
 */
import { DEPLOYMENT_LABEL } from '../../domain/serving';
import { stackLabels } from '../labels';

/**
 * OpenShift: evaluate the rule in user-workload monitoring's own Prometheus, not Thanos Ruler. The rules read only
 * their namespace's series (no platform metrics), and the window series the alerts exclude is then recorded by the
 * same Prometheus that evaluates them: no Thanos Ruler round trip, lower latency. See "Creating alerting rules
 * for user-defined projects" in the OpenShift monitoring docs.
 */
export const LEAF_PROMETHEUS_LABEL = { 'openshift.io/prometheus-rule-evaluation-scope': 'leaf-prometheus' } as const;

/** The series the window rule records: the window's end, Unix seconds, labelled `namespace` and `deployment`. */
export const BENCHMARK_WINDOW_RECORD = 'llmbench:benchmark_window_end_timestamp_seconds';

/** The text the dispatcher replaces by the window's end (Unix seconds) before it creates the rule. */
export const WINDOW_END_PLACEHOLDER = '@WINDOW_END@';

/** Name of the window PrometheusRule in the serving namespace (per environment: environments may share it). */
export function benchmarkWindowRuleName(environment: string): string {
  return `llmbench-${environment}-benchmark-window`;
}

/** Parses a Prometheus duration (`10m`, `1h30m`) into seconds. */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const parts = [...duration.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) throw new Error(`not a Prometheus duration: ${duration}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}

/**
 * What each alert expression ends with: drop the series of a model while its window holds and for `cooldown`
 * after it (the rate windows of the recording rules still hold the benchmark's samples then). A window that
 * was deleted early still silences for `cooldown`: `max_over_time` sees its last samples, never beyond them.
 */
export function outsideBenchmarkWindow(cooldown: string): string {
  return `unless on (namespace, ${DEPLOYMENT_LABEL}) (max_over_time(${BENCHMARK_WINDOW_RECORD}[${cooldown}]) > time() - ${durationSeconds(cooldown)})`;
}

/** What one environment's benchmark window covers: the deployments it benchmarks, in the serving namespace. */
export interface BenchmarkWindow {
  readonly environment: string;
  readonly servingNamespace: string;
  readonly deployments: readonly string[];
}

/**
 * The window PrometheusRule the dispatcher creates, with {@link WINDOW_END_PLACEHOLDER} in place of the end
 * time: one recording rule per deployment the environment benchmarks.
 */
export function benchmarkWindowRule(w: BenchmarkWindow): Record<string, unknown> {
  const deployments = [...new Set(w.deployments)].sort();
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: benchmarkWindowRuleName(w.environment),
      namespace: w.servingNamespace,
      labels: { ...stackLabels('benchmark-window', w.environment), ...LEAF_PROMETHEUS_LABEL },
    },
    spec: {
      groups: [
        {
          name: 'llmbench-benchmark-window',
          rules: deployments.map((deployment) => ({ record: BENCHMARK_WINDOW_RECORD, expr: `vector(${WINDOW_END_PLACEHOLDER})`, labels: { [DEPLOYMENT_LABEL]: deployment } })),
        },
      ],
    },
  };
}
