/**
 * The SLA alerts of the serving namespace, from the environment's SLA tiers (`sla`) and `monitoring.alerts`.
 * Each alert reads one recording rule of {@link RECORDING_RULES} (so the dashboards and the alerts agree on what
 * a figure means), compares it with a tier, and drops the models inside a benchmark window.
 */
import type { SlaTiers } from '../../domain/sla';
import { outsideBenchmarkWindow } from './benchmark-window';
import { RECORDING_RULES, RecordingRule } from '../../domain/metrics';

/** `0.85` → `85%`, without floating-point noise. */
const percent = (fraction: number) => `${Math.round(fraction * 10000) / 100}%`;

/** `warning`: look during working hours; `critical`: users are failing now. */
export type Severity = 'warning' | 'critical';

/** One alert, before it becomes a PrometheusRule rule: what the tests check and docs/alerts.md explains. */
export interface SlaAlert {
  /** Alert name (`alertname` label). */
  readonly alert: string;
  /** The recording rule the alert compares with the threshold. */
  readonly source: RecordingRule;
  /** The alert fires while the recorded value is strictly above this (in the recorded unit). */
  readonly threshold: number;
  /** `for:` duration. */
  readonly for: string;
  readonly severity: Severity;
  /** Where the threshold comes from, for docs and the description. */
  readonly thresholdSource: string;
  /** Go template of the `summary` annotation. */
  readonly summary: string;
  /** What the alert means. */
  readonly description: string;
  /** What to do, in order. */
  readonly runbook: string;
}

/** The alert settings of an environment (`monitoring.alerts`), as far as the rules use them. */
export interface AlertSettings {
  /** Write the SLA alerts (the recording rules are always written). */
  readonly enabled: boolean;
  /** How long each condition must hold before its alert fires. */
  readonly for: { readonly ttftP95: string; readonly itlP95: string; readonly requestsWaiting: string; readonly kvCacheUsage: string; readonly errorRatio: string };
  /** KV cache usage (0–1) above which `VllmKvCacheUsageHigh` fires. @default sla.kvCacheUsage.acceptable */
  readonly kvCacheUsageThreshold?: number;
  /** Base URL of the runbook page. @default no `runbook_url` */
  readonly runbookBaseUrl?: string;
  /** Silencing during nightly runs (./benchmark-window.ts). */
  readonly benchmarkWindow: { readonly enabled: boolean; readonly cooldown: string };
}

/** The alerts of one environment (empty when `alerts.enabled` is false). */
export function slaAlerts(sla: SlaTiers, config: AlertSettings): SlaAlert[] {
  if (!config.enabled) return [];
  const kvThreshold = config.kvCacheUsageThreshold ?? sla.kvCacheUsage.acceptable;
  const who = '{{ $labels.deployment }} ({{ $labels.model_name }}) in {{ $labels.namespace }}';
  return [
    {
      alert: 'VllmTtftP95Breaking',
      source: RECORDING_RULES.ttftP95,
      threshold: sla.ttftP95Ms.breaking / 1000,
      for: config.for.ttftP95,
      severity: 'critical',
      thresholdSource: 'sla.ttftP95Ms.breaking (ms, compared in seconds)',
      summary: `TTFT p95 of ${who} is {{ $value | humanizeDuration }}, in the breaking tier (above ${sla.ttftP95Ms.breaking} ms)`,
      description: `The 95th percentile of the time to first token over the last 5 minutes is above ${sla.ttftP95Ms.breaking} ms: users wait too long for the first word. The server is past its breaking point.`,
      runbook:
        'Compare running and waiting requests (vLLM performance dashboard): a growing queue means more load than the replica can take; scale out the InferenceService or lower the concurrency of its clients. A short queue with a high TTFT points to long prompts (prefill) or KV cache preemptions.',
    },
    {
      alert: 'VllmItlP95Breaking',
      source: RECORDING_RULES.itlP95,
      threshold: sla.itlP95Ms.breaking / 1000,
      for: config.for.itlP95,
      severity: 'warning',
      thresholdSource: 'sla.itlP95Ms.breaking (ms, compared in seconds)',
      summary: `Inter-token latency p95 of ${who} is {{ $value | humanizeDuration }}, in the breaking tier (above ${sla.itlP95Ms.breaking} ms)`,
      description: `The 95th percentile of the gap between two output tokens over the last 5 minutes is above ${sla.itlP95Ms.breaking} ms: output streams below ${Math.round(1000 / sla.itlP95Ms.breaking)} tokens per second per user.`,
      runbook: 'Too many sequences decode at once on this replica: check running requests and KV cache usage; scale out or cap max-num-seqs.',
    },
    {
      alert: 'VllmRequestsWaitingHigh',
      source: RECORDING_RULES.requestsWaiting,
      threshold: sla.requestsWaiting.breaking,
      for: config.for.requestsWaiting,
      severity: 'warning',
      thresholdSource: 'sla.requestsWaiting.breaking',
      summary: `{{ $value }} requests wait in the queue of ${who} (breaking above ${sla.requestsWaiting.breaking})`,
      description: `More than ${sla.requestsWaiting.breaking} requests have been waiting for a slot for ${config.for.requestsWaiting}: the server is saturated and every new request queues.`,
      runbook: 'Check KV cache usage and preemptions: a full cache keeps requests waiting. Scale out the InferenceService, or reduce the load.',
    },
    {
      alert: 'VllmKvCacheUsageHigh',
      source: RECORDING_RULES.kvCacheUsage,
      threshold: kvThreshold,
      for: config.for.kvCacheUsage,
      severity: 'warning',
      thresholdSource: config.kvCacheUsageThreshold === undefined ? 'sla.kvCacheUsage.acceptable' : 'monitoring.alerts.kvCacheUsageThreshold',
      summary: `KV cache of ${who} is {{ $value | humanizePercentage }} full (alert above ${percent(kvThreshold)})`,
      description: `vLLM's KV cache usage has stayed above ${kvThreshold} for ${config.for.kvCacheUsage}: new requests will wait and running ones may be preempted (recomputed).`,
      runbook: 'Check preemptions per second and requests waiting. Raise gpu-memory-utilization or max-model-len limits only with care; otherwise scale out or use a quantized KV cache (kv-cache-dtype fp8).',
    },
    {
      alert: 'VllmErrorRatioHigh',
      source: RECORDING_RULES.errorRatio,
      threshold: sla.errorRate.breaking,
      for: config.for.errorRatio,
      severity: 'critical',
      thresholdSource: 'sla.errorRate.breaking',
      summary: `{{ $value | humanizePercentage }} of the requests to ${who} fail (breaking above ${percent(sla.errorRate.breaking)})`,
      description: `More than ${percent(sla.errorRate.breaking)} of the finished requests over the last 5 minutes ended aborted or in error.`,
      runbook: 'Read the predictor logs (oc logs) for engine errors and out-of-memory; check that clients do not time out and abort (a TTFT alert often comes first).',
    },
  ];
}

/** The PrometheusRule rule of one alert. */
export function alertingRule(alert: SlaAlert, config: AlertSettings) {
  const silence = config.benchmarkWindow.enabled ? ` ${outsideBenchmarkWindow(config.benchmarkWindow.cooldown)}` : '';
  return {
    alert: alert.alert,
    expr: `(${alert.source.record} > ${alert.threshold})${silence}`,
    for: alert.for,
    labels: { severity: alert.severity },
    annotations: {
      summary: alert.summary,
      description: alert.description,
      runbook: alert.runbook,
      ...(config.runbookBaseUrl ? { runbook_url: `${config.runbookBaseUrl}#${alert.alert.toLowerCase()}` } : {}),
    },
  };
}
