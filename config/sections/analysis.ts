/**
 * Configuration of the results processor's bottleneck analysis (runtime/processor/analysis/, docs/analysis.md):
 * where it queries the vLLM and DCGM series, the CA it trusts, and the classification thresholds.
 */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const percent = z.number().min(0).max(100);

export const analysisSchema = z.strictObject({
  /** Query Prometheus after the benchmarks and classify each target's breaking point. */
  enabled: z.boolean(),
  /** Where the vLLM series are queried (the serving namespace's). */
  prometheus: z.strictObject({
    /**
     * Thanos Querier's tenancy port (9092): needs only `view` in the serving namespace. Or a plain Prometheus URL
     * (set `tenancy: false`).
     */
    url: httpUrl,
    /** Send `namespace=<servingNamespace>` with each query, as the tenancy port requires. */
    tenancy: z.boolean(),
  }),
  /**
   * Where the DCGM (GPU) series are queried: they live in the GPU Operator's namespace, so on OpenShift this is
   * port 9091, which needs `cluster-monitoring-view` (granted only when enabled). Off: GPU figures are unknown.
   */
  gpu: z.strictObject({
    enabled: z.boolean(),
    url: httpUrl,
  }),
  /** ConfigMap key holding the CA that signs an https URL's certificate (TLS is always verified). `false`: Node's roots only. */
  caBundle: z.union([
    z.literal(false),
    z.strictObject({
      configMap: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'must be a ConfigMap name (DNS subdomain)' }),
      key: z.string().min(1),
    }),
  ]),
  /** Time limit of one query. */
  timeoutSeconds: z.number().int().min(1).max(120),
  /** Classification thresholds (docs/analysis.md). */
  thresholds: z.strictObject({
    /** KV-cache usage (0–1) from which the cache counts as full. */
    kvCacheNearFull: z.number().gt(0).max(1),
    /** Mean GPU utilization (%) from which the GPU counts as saturated (compute wall). */
    gpuUtilSaturated: percent,
    /** Mean GPU utilization (%) up to which it counts as moderate (KV-cache wall). Below `gpuUtilSaturated`. */
    gpuUtilModerate: percent,
    /** ITL p95 at the breaking level ÷ at the lowest level from which ITL counts as growing (compute wall). */
    itlGrowthRatio: z.number().gt(1),
    /** Client TTFT p95 differing from vLLM's by more than this percentage is flagged... */
    ttftClientServerMarginPercent: z.number().min(0),
    /** ...when the difference is also at least this many ms (vLLM's buckets are coarse). */
    ttftClientServerMinDiffMs: z.number().min(0),
    /** Achieved ÷ requested request rate below this is flagged (the load generator fell short). */
    achievedRateMinRatio: z.number().gt(0).max(1),
  }),
});

export type AnalysisSection = z.output<typeof analysisSchema>;

/** Cross-field checks of the section. */
export function analysisProblems(analysis: AnalysisSection): { path: (string | number)[]; message: string }[] {
  const { gpuUtilModerate, gpuUtilSaturated } = analysis.thresholds;
  if (gpuUtilModerate >= gpuUtilSaturated) {
    return [
      {
        path: ['analysis', 'thresholds', 'gpuUtilModerate'],
        message: `${gpuUtilModerate} must be below gpuUtilSaturated (${gpuUtilSaturated}): a GPU cannot be moderately used and saturated at once`,
      },
    ];
  }
  return [];
}
