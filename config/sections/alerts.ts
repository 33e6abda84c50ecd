/** Configuration of the PrometheusRule (recording rules and SLA alerts) in the serving namespace, the vLLM ServiceMonitor and the benchmark-window marker. */
import { z } from 'zod';

/** A Prometheus duration such as `30s`, `5m`, `1h30m` (what `for:` and `interval:` accept). */
export const promDuration = z.string().regex(/^(([0-9]+)(ms|s|m|h|d|w|y))+$/, {
  message: 'must be a Prometheus duration such as 30s, 5m or 1h30m',
});

const labelName = /^[a-zA-Z_][a-zA-Z0-9_./-]*$/;

export const alertsSchema = z.strictObject({
  /** Write the SLA alerts. The recording rules are always written: the dashboards read them. */
  enabled: z.boolean(),
  /** How long each condition must hold before its alert fires (`for:`). */
  for: z.strictObject({
    ttftP95: promDuration,
    itlP95: promDuration,
    requestsWaiting: promDuration,
    kvCacheUsage: promDuration,
    errorRatio: promDuration,
  }),
  /** KV cache usage (0–1) above which `VllmKvCacheUsageHigh` fires. @default sla.kvCacheUsage.acceptable */
  kvCacheUsageThreshold: z.number().gt(0).max(1).optional(),
  /** Base URL of the runbook page; each alert gets `runbook_url: <base>#<alert name in lower case>`. @default none */
  runbookBaseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /**
   * Silencing during nightly benchmark runs, which saturate the endpoints on purpose: the dispatcher writes a
   * `benchmark-window` PrometheusRule in the serving namespace for the run; alerts stay silent while it holds
   * and for `cooldown` after (the 5-minute rate windows still hold the benchmark's samples then).
   */
  benchmarkWindow: z.strictObject({
    /** Let the dispatcher silence the alerts of the models it benchmarks. */
    enabled: z.boolean(),
    /** Silence kept after the run ends; at least the rate window of the recording rules (5m). */
    cooldown: promDuration,
  }),
  /**
   * A ServiceMonitor for the vLLM predictors, for clusters where KServe / OpenShift AI creates none: which
   * Services to scrape. (An object with `enabled` rather than `false | {...}`: a typo then gets "did you mean".)
   */
  vllmServiceMonitor: z.strictObject({
    /** Write the ServiceMonitor. */
    enabled: z.boolean(),
    /**
     * Where vLLM serves its API and `/metrics`: a number is the container port (ServiceMonitor `targetPort`), a
     * string a Service port name. KServe names the predictor Service's port after the runtime container's first
     * port, which runtimes often leave unnamed, so the container port is the safe choice.
     */
    port: z.union([z.number().int().min(1).max(65535), z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'must be a port number or an IANA port name' })]),
    path: z.string().regex(/^\//, { message: 'must be an absolute URL path such as /metrics' }),
    interval: promDuration,
    /** Label that every vLLM predictor Service carries (any value): KServe sets `serving.kserve.io/inferenceservice`. */
    selectorLabel: z.string().regex(labelName, { message: 'must be a Kubernetes label key' }),
  }),
});

export type AlertsConfig = z.output<typeof alertsSchema>;

const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
const seconds = (duration: string) => [...duration.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)].reduce((sum, [, n, u]) => sum + Number(n) * SECONDS[u], 0);

/**
 * Cross-field checks of the section: the silence after a run must cover the recording rules' rate window
 * (`rateWindow`), or every run ends with alerts computed from its own samples.
 */
export function alertsProblems(alerts: AlertsConfig, rateWindow: string): { path: (string | number)[]; message: string }[] {
  const { cooldown, enabled } = alerts.benchmarkWindow;
  if (enabled && seconds(cooldown) < seconds(rateWindow)) {
    return [
      {
        path: ['monitoring', 'alerts', 'benchmarkWindow', 'cooldown'],
        message: `"${cooldown}" is shorter than the ${rateWindow} rate window of the recording rules: alerts would fire on the run's own samples after it ends; use ${rateWindow} or more (10m leaves room for scrape and rule delays)`,
      },
    ];
  }
  return [];
}
