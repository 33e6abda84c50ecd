/**
 * The results processor's data model: what the report parser produces, and the documented, versioned
 * `summary.json` / `comparison.json` it writes. Every number in these types is finite: a figure that cannot be
 * computed is absent (undefined) and named in `missing`, never NaN, Infinity or a division by zero.
 */
import type { LoadUnit } from '../../domain/load-profiles';
import type { RequestColumns } from './request-records';
import type { LevelAttainment } from '../../domain/slo';
import type { TargetPlan } from '../../domain/capacity';

// ------------------------------------------------------------------------------------------ parsed reports

/** Percentiles the summary uses, in the metric's own unit. */
export interface Percentiles {
  readonly p50?: number;
  readonly p90?: number;
  readonly p95?: number;
  readonly p99?: number;
}

/** One metric's distribution over the successful requests of a load level. */
export interface MetricDistribution {
  readonly mean?: number;
  readonly median?: number;
  readonly percentiles: Percentiles;
}

/** The GuideLLM metrics the processor reads (keys under `metrics.<name>.successful`). */
export const METRIC_NAMES = [
  'time_to_first_token_ms',
  'inter_token_latency_ms',
  'time_per_output_token_ms',
  'request_latency',
  'requests_per_second',
  'output_tokens_per_second',
  'tokens_per_second',
  'request_concurrency',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** One load level (one GuideLLM benchmark inside a report). */
export interface ParsedLevel {
  /** GuideLLM strategy: synchronous, concurrent, throughput, constant, poisson, async. */
  readonly strategy: string;
  /** Concurrent streams (concurrent) or max concurrency (throughput), when the strategy has one. */
  readonly streams?: number;
  /** Requested requests per second (constant, poisson, async). */
  readonly rate?: number;
  /** Measured window, Unix seconds. */
  readonly start?: number;
  readonly end?: number;
  readonly metrics: Partial<Record<MetricName, MetricDistribution>>;
  readonly requestTotals: { readonly successful: number; readonly errored: number; readonly incomplete: number; readonly total: number };
  /** `metrics.<name>.successful...` keys that were absent or not finite, as `name.field` (e.g. `time_to_first_token_ms.p95`). */
  readonly missing: readonly string[];
  /** GuideLLM stopped this level on over-saturation (the level counts as broken). */
  readonly stoppedByOverSaturation?: boolean;
  /** The benchmark's per-request records (all of them, warm-up and cool-down included), when the report has any. */
  readonly requestRecords?: RequestColumns;
}

/** A GuideLLM JSON report, either format version. */
export interface ParsedReport {
  /** Path as given to the parser. */
  readonly file: string;
  /** `metadata.version`: 1 (GuideLLM ≤ 0.6, flat `args`) or 2 (≥ 0.7, `config`). */
  readonly formatVersion: 1 | 2;
  readonly guidellmVersion?: string;
  readonly levels: readonly ParsedLevel[];
  /** Readable problems found while parsing (a missing key, a level skipped), each naming file and key. */
  readonly problems: readonly string[];
  /**
   * The problems that are invalid data, not absence: a figure that cannot be a measurement (negative, absurdly
   * large, text where a number belongs), a benchmark that is not an object. A report with any fails the verdict;
   * a figure GuideLLM leaves out (NaN for an empty distribution, null, missing) does not.
   */
  readonly invalid: readonly string[];
}

// ------------------------------------------------------------------------------------------------- SLA

/** Tiers, thresholds and the environment's SLA are domain rules (domain/sla.ts). */
import type { SlaTiers, Tier, TierThresholds } from '../../domain/sla';
export type { SlaTiers, Tier, TierThresholds };

// ---------------------------------------------------------------------------------------------- summary

/** Version of the summary.json / comparison.json schema; bump on a breaking change. */
export const SUMMARY_SCHEMA_VERSION = 2;
/** Schema versions readers accept: 1 (before per-request figures, cost per 1k) and 2. */
export const READABLE_SUMMARY_SCHEMAS: readonly number[] = [1, 2];

/** One load level as summarised. Latencies in ms except request latency (s). */
export interface LevelSummary {
  /** The load axis: users (concurrent, synchronous = 1, throughput = max concurrency) or requests/s. */
  readonly load: number;
  readonly loadUnit: LoadUnit;
  readonly strategy: string;
  readonly ttftMs: Percentiles;
  readonly itlMs: Percentiles;
  readonly requestLatencyS: Percentiles;
  /** Mean request latency, seconds (Little's law in the capacity plan). */
  readonly requestLatencyMeanS?: number;
  readonly requestsPerSecond?: number;
  readonly outputTokensPerSecond?: number;
  readonly totalTokensPerSecond?: number;
  /** errored / (successful + errored); undefined when no request finished. */
  readonly errorRate?: number;
  readonly meanConcurrency?: number;
  /** Requested rate (req/s) for rate strategies, and what was achieved. */
  readonly requestedRate?: number;
  readonly achievedRate?: number;
  /**
   * Output tokens per second one user sees: the median over successful requests of output tokens ÷ (latency − TTFT)
   * (`basis: requests`), or 1000 / ITL p50 when the report does not hold every request (`basis: itlP50`).
   */
  readonly outputTokensPerSecondPerUser?: number;
  readonly outputTokensPerSecondPerUserBasis?: 'requests' | 'itlP50';
  /** Output tok/s ÷ (GPUs per replica × replicas that served). */
  readonly outputTokensPerSecondPerGpu?: number;
  /** USD per million output tokens, and per million tokens (input + output), at this level's throughput. */
  readonly costPer1MOutputTokens?: number;
  readonly costPer1MTokens?: number;
  /** SLO attainment and goodput (domain/slo.ts); absent when no SLO is set or they are not available. */
  readonly slo?: LevelSlo;
  /** Why `slo` is absent although an SLO is set (e.g. the report was sampled). */
  readonly sloUnavailable?: string;
  /** The worst tier over TTFT p95, ITL p95, output speed per user and error rate; and which metric set it. */
  readonly tier: Tier;
  readonly tierReasons: readonly string[];
  readonly window?: { readonly start: number; readonly end: number };
  readonly missing: readonly string[];
  /** What vLLM and DCGM recorded in Prometheus over this level's window (bottleneck analysis; absent when off). */
  readonly server?: ServerFigures;
  /** Client/server disagreements and load-generator shortfalls found at this level (bottleneck analysis). */
  readonly flags?: readonly string[];
}

/** SLO attainment and goodput of one level, and what decided a miss. */
export type LevelSlo = LevelAttainment & {
  /** Why the level does not meet the target attainment (the objective most requests missed, or errors). */
  readonly shortfall?: string;
};

/** Server-side figures of one load level, queried from Prometheus over the level's window. */
export interface ServerFigures {
  /** `vllm:kv_cache_usage_perc`, 0–1: peak of the busiest replica and mean over the window. */
  readonly kvCacheUsagePeak?: number;
  readonly kvCacheUsageMean?: number;
  /** `vllm:num_requests_waiting` / `_running`: peak of the busiest replica. */
  readonly requestsWaitingPeak?: number;
  readonly requestsRunningPeak?: number;
  /** Increase of `vllm:num_preemptions_total` over the window, all replicas. */
  readonly preemptions?: number;
  /** Serving pods of the target's deployment that reported during the window. */
  readonly replicas?: number;
  /** Percentiles from vLLM's own histograms over the window, ms. */
  readonly ttftMs: Percentiles;
  readonly itlMs: Percentiles;
  readonly queueTimeMs: Percentiles;
  /** Mean `DCGM_FI_DEV_GPU_UTIL` (percent) of the GPUs of the target's serving pods; absent = unknown. */
  readonly gpuUtilizationMean?: number;
  /** Figures with no data, each with the reason (e.g. `gpuUtilizationMean: GPU analysis disabled`). */
  readonly missing: readonly string[];
}

/** What limited a benchmark (see runtime/processor/analysis/classify.ts for the rules). */
export type BottleneckKind = 'kv-cache-wall' | 'compute-wall' | 'latency-floor' | 'not-reached' | 'unknown';

/** The classification of one benchmark's breaking point, with the figures that decided it. */
export interface Bottleneck {
  readonly kind: BottleneckKind;
  /** The level the decision was made at (lowest load for latency-floor, the breaking level for the walls). */
  readonly load?: number;
  readonly loadUnit?: LevelSummary['loadUnit'];
  /** The deciding figures in words, e.g. `KV-cache usage peak 0.97 ≥ 0.9`. */
  readonly evidence: readonly string[];
  /** Why the kind is `unknown` (a missing metric, no rule matched). */
  readonly reason?: string;
}

/** Serving configuration as vLLM reports it (`vllm:cache_config_info`) next to the declared one. */
export interface ServingConfigCheck {
  readonly observed?: { readonly cacheDtype?: string; readonly blockSize?: number; readonly gpuMemoryUtilization?: number };
  readonly declared: { readonly kvCacheDtype?: string; readonly blockSize?: number; readonly gpuMemoryUtilization?: number };
  /** One line per field that differs. */
  readonly mismatches: readonly string[];
  /** Why nothing was observed, when so. */
  readonly unknownReason?: string;
}

/** The bottleneck analysis of one target (absent from summaries written without it). */
export interface TargetAnalysis {
  /** Where the vLLM series came from, and the DCGM series (absent when GPU analysis is off). */
  readonly prometheusUrl: string;
  readonly gpuPrometheusUrl?: string;
  readonly servingConfig: ServingConfigCheck;
  /**
   * Most serving pods of the deployment seen in any level's window. Above 1, the cost and per-GPU figures count
   * that many times the GPU profile's price and GPUs; absent (unknown), they assume one replica.
   */
  readonly replicasSeen?: number;
  /**
   * The images the deployment's model-server containers ran at the end of the run (`image`, and `imageId` = the
   * digest the kubelet reports), from kube-state-metrics; or why they are unknown.
   */
  readonly servedImages?: readonly { readonly image: string; readonly imageId?: string }[];
  readonly servedImagesUnknown?: string;
  /** Reasons the analysis is incomplete (unreachable Prometheus, no DCGM, ...). */
  readonly problems: readonly string[];
}

/** Cost figures at one operating point. */
export interface CostFigures {
  /** `pricePerHour / 3600 / outputTokensPerSecond × 1,000,000`, USD. */
  readonly costPer1MOutputTokens?: number;
  /** @deprecated costPer1MOutputTokens ÷ 1000; kept for one release (schema 2) for readers of schema 1. */
  readonly costPer1kOutputTokens?: number;
  /** `outputTokensPerSecond / pricePerHour`. */
  readonly outputTokensPerSecondPerDollarHour?: number;
  readonly outputTokensPerSecondPerGpu?: number;
}

/** The capacity answer for one benchmark (scenario × load plan) of a target. */
export interface BenchmarkSummary {
  readonly name: string;
  readonly scenario: string;
  readonly loadPlan: string;
  /**
   * `succeeded`, `failed`, `interrupted`, `not-run` (from run.json), `unreadable` (report could not be parsed) or
   * `invalid` (the report holds invalid data: its valid figures are kept, the verdict fails).
   */
  readonly status: string;
  /** Report path relative to the target folder. */
  readonly report?: string;
  readonly levels: readonly LevelSummary[];
  /**
   * Which rule decided the sweet spot and breaking point: `slo-attainment` when an SLO is set and every level
   * has its attainment, else `sla-tiers` (absent in schema 1 summaries: `sla-tiers`).
   */
  readonly sweetSpotRule?: 'slo-attainment' | 'sla-tiers';
  /**
   * `slo-attainment`: the highest load such that every level up to it meets the target attainment.
   * `sla-tiers`: the highest load still within "acceptable" (or better). Undefined when the lowest level is not.
   */
  readonly sweetSpot?: { readonly load: number; readonly levelIndex: number };
  /** The sweet spot by SLA tiers, when the SLO rule decided (the second line of the answer). */
  readonly sweetSpotBySlaTiers?: { readonly load: number; readonly levelIndex: number };
  /**
   * The first load that broke (misses the target attainment, or is in "breaking"), what broke, and the last load
   * before it; undefined when never reached.
   */
  readonly breakingPoint?: { readonly lastGood?: number; readonly firstBad: number; readonly reason?: string };
  /**
   * Levels (indices into `levels`) on the Pareto frontier of output tok/s per user against output tok/s per GPU,
   * by increasing tok/s per user, and on the frontier of the levels that meet the SLO.
   */
  readonly pareto?: { readonly frontier: readonly number[]; readonly sloFrontier: readonly number[] };
  readonly maxThroughput?: { readonly outputTokensPerSecond: number; readonly load: number };
  readonly maxThroughputWithinSla?: { readonly outputTokensPerSecond: number; readonly load: number };
  readonly cost: { readonly atSweetSpot: CostFigures; readonly atMaxThroughput: CostFigures };
  /** What limited this benchmark (bottleneck analysis; absent when off). */
  readonly bottleneck?: Bottleneck;
  /** What could not be computed and why. */
  readonly missing: readonly string[];
}

/** Regression of one benchmark against a reference run. */
export interface RegressionFinding {
  readonly benchmark: string;
  readonly kind: 'max-throughput-drop' | 'sweet-spot-drop' | 'ttft-p95-rise';
  readonly reference: { readonly runId: string; readonly value: number };
  readonly current: number;
  /** Change in percent (negative = drop). */
  readonly changePercent: number;
  /** Load level for ttft-p95-rise. */
  readonly load?: number;
  readonly message: string;
  /** The spread of the figure over the recent runs (the noise band) the current value lies beyond. */
  readonly noise?: { readonly runs: number; readonly min: number; readonly max: number };
}

/** `summary.json` of one target in one run. */
export interface TargetSummary {
  /** 2 when written now; summaries of earlier runs read back may be 1 (no per-request figures, cost per 1k). */
  readonly schemaVersion: 1 | typeof SUMMARY_SCHEMA_VERSION;
  readonly runId: string;
  readonly environment: string;
  /** A fleet's cluster the target was benchmarked on; absent for a single cluster. */
  readonly cluster?: string;
  readonly target: {
    readonly name: string;
    readonly model: string;
    readonly servedModelName?: string;
    /** The deployment (InferenceService) that served the target; absent in runs before it was recorded. */
    readonly deployment?: string;
    readonly gpuProfile: string;
    readonly gpuType?: string;
    readonly gpuCount: number;
    readonly instanceType?: string;
    readonly pricePerHour: number;
    readonly endpoint?: string;
  };
  /** Serving configuration declared for the target (vLLM version, flags), so results stay comparable. */
  readonly serving: Readonly<Record<string, unknown>>;
  readonly sla: SlaTiers;
  readonly guidellm: { readonly image?: string; readonly version?: string };
  readonly benchmarks: readonly BenchmarkSummary[];
  readonly regressions: {
    readonly comparedWith: readonly string[];
    readonly findings: readonly RegressionFinding[];
    /** Recent successful runs the noise band is made of (`regressions.noiseRuns`); absent in schema 1. */
    readonly noiseRuns?: number;
    /** Changes beyond the thresholds but within the noise band: named, not flagged. */
    readonly withinNoise?: readonly string[];
  };
  readonly problems: readonly string[];
  /** Bottleneck analysis from Prometheus (optional: schema 1 summaries without it stay valid). */
  readonly analysis?: TargetAnalysis;
  /** The capacity plan of this target for each demand of the environment it can serve (docs/capacity.md). */
  readonly plans?: readonly PlanEntry[];
}

/** This target's plan for one demand, from one benchmark of the demand's scenario; or why there is none. */
export interface PlanEntry {
  readonly demand: string;
  readonly benchmark: string;
  readonly amount: number;
  readonly unit: 'users' | 'requests/s';
  readonly plan?: TargetPlan;
  readonly unavailable?: string;
}

/** `comparison.json` of one run: every target side by side. */
export interface RunComparison {
  readonly schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  readonly runId: string;
  readonly environment: string;
  readonly rows: readonly {
    readonly target: string;
    readonly benchmark: string;
    readonly gpuProfile: string;
    readonly pricePerHour: number;
    readonly sweetSpotUsers?: number;
    readonly breakingPoint?: BenchmarkSummary['breakingPoint'];
    readonly maxOutputTokensPerSecond?: number;
    /** Which rule decided the sweet spot (BenchmarkSummary.sweetSpotRule). */
    readonly sweetSpotRule?: NonNullable<BenchmarkSummary['sweetSpotRule']>;
    readonly costPer1MOutputTokensAtSweetSpot?: number;
    /** @deprecated costPer1MOutputTokensAtSweetSpot ÷ 1000; kept for one release (schema 2). */
    readonly costPer1kOutputTokensAtSweetSpot?: number;
    readonly usersPerDollarHour?: number;
    /** Equal-cost fleet: instances of this target that fit the price of the most expensive target. */
    readonly equalCostInstances?: number;
    readonly equalCostUsers?: number;
    readonly equalCostOutputTokensPerSecond?: number;
  }[];
  /** Targets of the run whose summary.json could not be read, each with the path and why (left out of the rows). */
  readonly unavailable?: readonly string[];
  /**
   * Per benchmark name: every level of every target as a point, and the indices (into `points`) of the Pareto
   * frontier and of the frontier of the levels meeting the SLO, by increasing tok/s per user.
   */
  /**
   * The capacity plan, per demand of the environment: every target's plan cheapest first ($/hour), the cheapest and
   * the runner-up with its extra cost; targets that could not plan, with the reason.
   */
  readonly plans?: readonly {
    readonly demand: string;
    readonly amount: number;
    readonly unit: 'users' | 'requests/s';
    readonly rows: readonly (TargetPlan & { readonly target: string; readonly gpuProfile: string; readonly benchmark: string })[];
    readonly cheapest?: string;
    readonly runnerUp?: string;
    readonly runnerUpExtraDollarsPerHour?: number;
    readonly runnerUpExtraPercent?: number;
    readonly unavailable?: readonly string[];
  }[];
  /** Every pair of targets of one model on two GPU profiles: the cheaper one's fleet for the dearer one's price. */
  readonly equalCostPairs?: readonly {
    readonly model: string;
    readonly benchmark: string;
    readonly cheaper: string;
    readonly dearer: string;
    readonly instancesForDearerPrice: number;
    readonly cheaperFleetUsers?: number;
    readonly dearerUsers?: number;
  }[];
  readonly pareto?: {
    readonly [benchmark: string]: {
      readonly points: readonly {
        readonly target: string;
        readonly gpuProfile: string;
        readonly load: number;
        readonly loadUnit: LevelSummary['loadUnit'];
        readonly outputTokensPerSecondPerUser: number;
        readonly outputTokensPerSecondPerGpu: number;
        readonly costPer1MOutputTokens?: number;
        readonly meetsSlo: boolean;
      }[];
      readonly frontier: readonly number[];
      readonly sloFrontier: readonly number[];
    };
  };
}
