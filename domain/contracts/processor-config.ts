/**
 * The results processor's settings: what the generator renders into the `PROCESSOR_CONFIG` environment variable of
 * the benchmark Job's last step, and what runtime/processor/main.ts reads. `analysis` comes from the environment's
 * `analysis:` section (config/sections/analysis.ts); absent: no bottleneck analysis, the summary is client-side only.
 */
import type { SlaTiers } from '../sla';
import type { RequestSlo } from '../slo';
import type { Demand } from '../capacity';

/** One demand of the environment's capacity plan (config `demand`). */
export type DemandConfig = Demand & { readonly name: string; readonly models: readonly string[]; readonly scenario: string };


/** Thresholds of the classification (config/defaults.yaml `analysis.thresholds`, documented in docs/analysis.md). */
export interface AnalysisThresholds {
  /** KV-cache usage (0–1) from which the cache counts as full. */
  readonly kvCacheNearFull: number;
  /** Mean GPU utilization (percent) from which the GPU counts as saturated: compute wall. */
  readonly gpuUtilSaturated: number;
  /** Mean GPU utilization (percent) up to which the GPU counts as moderately used: KV-cache wall. */
  readonly gpuUtilModerate: number;
  /** ITL p95 at the breaking level ÷ ITL p95 at the lowest level from which ITL counts as growing. */
  readonly itlGrowthRatio: number;
  /** Client TTFT p95 above vLLM's by more than this percentage (and `ttftClientServerMinDiffMs`) is flagged. */
  readonly ttftClientServerMarginPercent: number;
  /** Smallest absolute TTFT p95 difference (ms) flagged: vLLM's histogram buckets are coarse at small values. */
  readonly ttftClientServerMinDiffMs: number;
  /** Achieved ÷ requested request rate below this is flagged: the load generator fell short. */
  readonly achievedRateMinRatio: number;
}

/** One Prometheus-compatible query endpoint. */
export interface PrometheusEndpoint {
  /** Base URL, e.g. `https://thanos-querier.openshift-monitoring.svc.cluster.local:9092`. */
  readonly url: string;
  /**
   * Send `namespace=<serving namespace>` with every query: the Thanos Querier's tenancy port (9092) requires it
   * and enforces it on every selector.
   */
  readonly tenancy: boolean;
  /** PEM CA bundle for an https URL (in addition to Node's roots). */
  readonly caFile?: string;
  /** Bearer token file (a projected ServiceAccount token); none = no Authorization header. */
  readonly tokenFile?: string;
  /** Per-query time limit. @default 10000 */
  readonly timeoutMs?: number;
}

export interface AnalysisConfig {
  /** Where the vLLM series are queried. */
  readonly prometheus: PrometheusEndpoint;
  /** Where the DCGM series are queried; absent = GPU analysis off, GPU figures are reported as unknown. */
  readonly gpu?: PrometheusEndpoint;
  /** Namespace of the serving pods (the `namespace` of vLLM series, `exported_namespace` of DCGM series). */
  readonly servingNamespace: string;
  readonly thresholds: AnalysisThresholds;
}

/** What the generator renders into PROCESSOR_CONFIG (JSON). */
export interface ProcessorConfig {
  readonly environment: string;
  /** A fleet's cluster this stack runs on (summaries, index entries and Pushgateway series carry it). @default none */
  readonly cluster?: string;
  readonly sla: SlaTiers;
  /** Per-request objectives and target attainment (domain/slo.ts). @default none: the summary has no attainment */
  readonly slo?: RequestSlo;
  /** What to plan capacity for; absent: no plan. */
  readonly demand?: readonly DemandConfig[];
  readonly regressions: {
    readonly maxThroughputDropPercent: number;
    readonly sweetSpotDropPercent: number;
    readonly ttftP95RisePercent: number;
    readonly baselineRunId?: string;
    /** Recent successful runs whose spread is the noise band a regression must leave (0: no band). @default 0 */
    readonly noiseRuns?: number;
  };
  /** Object-store mode: the bucket is the system of record (runtime/processor/object-store.ts). @default volume mode */
  readonly objectStore?: ObjectStoreLocation;
  /** What the processor deletes after storing its target (object-store mode: whole runs; both modes: raw reports). */
  readonly retention?: RetentionConfig;
  readonly pushgateway?: { readonly url: string };
  readonly modelRegistry?: { readonly url: string; readonly caFile?: string; readonly tokenFile?: string };
  /** Bottleneck analysis from Prometheus (analysis/); absent = client-side summary only. */
  readonly analysis?: AnalysisConfig;
}

/**
 * Where an in-cluster program finds the results bucket (object-store mode). Credentials never travel with it: they
 * come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, set from a Secret by Kubernetes).
 */
export interface ObjectStoreLocation {
  /** S3-compatible endpoint, `http(s)://host[:port]`; requests are path-style and signed with SigV4. */
  readonly endpoint: string;
  readonly bucket: string;
  /**
   * Key prefix of the results tree inside the bucket, without leading or trailing `/`: the configured prefix, then
   * the cluster's name when set (`<prefix>/<cluster>`). @default the bucket's root
   */
  readonly root?: string;
  /** SigV4 signing region. */
  readonly region: string;
  /** PEM CA bundle for an https endpoint, in addition to Node's roots. @default Node's roots only */
  readonly caFile?: string;
  /**
   * A fleet's cluster: the root above every cluster's folder (`<prefix>`, `''` for the bucket's root), which the
   * report server's reader serves read-only as `/fleet/<cluster>/…` so the page compares clusters. @default none
   */
  readonly fleetRoot?: string;
}

/** The results' retention as the processor applies it (config `retention`). */
export interface RetentionConfig {
  /** Whole runs: keep at least the newest `keepRuns`, delete older ones past `maxAgeDays` (object-store mode). */
  readonly keepRuns: number;
  readonly maxAgeDays: number;
  /**
   * Raw reports (everything in a target's benchmark folders: GuideLLM's JSON and HTML, request records, logs): kept
   * for the newest `keepRuns` runs and `maxAgeDays` days; older runs keep their summaries only. @default as whole runs
   */
  readonly rawReports?: { readonly keepRuns: number; readonly maxAgeDays: number };
}
