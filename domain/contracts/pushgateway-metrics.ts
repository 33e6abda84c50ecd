/**
 * The metrics the results processor pushes to the Pushgateway (runtime/processor/publishers/pushgateway.ts) and the
 * dashboards and alerts query: names, units and labels are API between the two. The table of names with their
 * labels is in the publisher's header comment and docs/metrics.md.
 */

export type Scope = 'target' | 'benchmark' | 'level';

export interface PushgatewayMetric {
  readonly name: string;
  readonly scope: Scope;
  /** Labels beyond the scope's own (quantile, operating_point, load_unit). */
  readonly extraLabels: readonly string[];
  readonly unit: string;
  readonly help: string;
}

const metric = (name: string, scope: Scope, unit: string, help: string, extraLabels: readonly string[] = []): PushgatewayMetric => ({
  name,
  scope,
  extraLabels,
  unit,
  help,
});

/** Every metric the publisher pushes, in the order they are written. Names are API: dashboards and alerts use them. */
export const PUSHGATEWAY_METRICS = {
  ttft: metric('llmbench_time_to_first_token_seconds', 'level', 'seconds', 'Time to first token at this load level, percentile given by quantile (seconds).', ['quantile']),
  itl: metric('llmbench_inter_token_latency_seconds', 'level', 'seconds', 'Inter-token latency at this load level, percentile given by quantile (seconds).', ['quantile']),
  requestLatency: metric('llmbench_request_latency_seconds', 'level', 'seconds', 'End-to-end request latency at this load level, percentile given by quantile (seconds).', ['quantile']),
  outputTokensPerSecond: metric('llmbench_output_tokens_per_second', 'level', 'tokens/s', 'Output tokens per second over all users at this load level.'),
  totalTokensPerSecond: metric('llmbench_total_tokens_per_second', 'level', 'tokens/s', 'Prompt and output tokens per second over all users at this load level.'),
  requestsPerSecond: metric('llmbench_requests_per_second', 'level', 'requests/s', 'Successful requests per second at this load level.'),
  errorRatio: metric('llmbench_error_ratio', 'level', 'ratio 0-1', 'Errored requests / (successful + errored) at this load level (0-1).'),
  slaTier: metric('llmbench_sla_tier', 'level', 'tier', 'SLA tier of this load level: 0 excellent, 1 acceptable, 2 degraded, 3 breaking.'),
  outputTokensPerSecondPerUser: metric('llmbench_output_tokens_per_second_per_user', 'level', 'tokens/s', 'Output tokens per second one user sees at this load level: median over requests of output tokens / (latency - TTFT), or 1000 / ITL p50.'),
  levelPerGpu: metric('llmbench_level_output_tokens_per_second_per_gpu', 'level', 'tokens/s per GPU', 'Output tokens per second per GPU at this load level (GPUs per replica x replicas that served).'),
  levelCostPer1M: metric('llmbench_level_cost_per_1m_output_tokens_dollars', 'level', 'USD', 'Cost of one million output tokens at this load level: price per hour / 3600 / output tok/s * 1e6 (dollars).'),
  sloAttainment: metric('llmbench_slo_attainment_ratio', 'level', 'ratio 0-1', 'Fraction of the requests of this load level that met every per-request objective (errored count as missed, incomplete left out).'),
  requestGoodput: metric('llmbench_request_goodput_per_second', 'level', 'requests/s', 'Requests per second that met every per-request objective at this load level.'),
  tokenGoodput: metric('llmbench_output_token_goodput_per_second', 'level', 'tokens/s', 'Output tokens per second of the requests that met every per-request objective at this load level.'),
  paretoFrontier: metric('llmbench_pareto_frontier', 'level', '1', 'Present (1) for a load level on the Pareto frontier of output tok/s per user against per GPU: frontier="all" over every level, "slo" over the levels meeting the SLO.', ['frontier']),
  benchmarkSucceeded: metric('llmbench_benchmark_succeeded', 'benchmark', '1/0', '1 when the benchmark ran to completion, 0 when it failed, was interrupted, not run, unreadable or held invalid data.'),
  sweetSpot: metric('llmbench_sweet_spot_load', 'benchmark', 'users or requests/s', 'Sweet spot: highest load level still within the acceptable SLA tier (unit in load_unit).', ['load_unit']),
  breakingLastGood: metric('llmbench_breaking_point_last_good_load', 'benchmark', 'users or requests/s', 'Breaking point: last load level below the first breaking one (unit in load_unit).', ['load_unit']),
  breakingFirstBad: metric('llmbench_breaking_point_first_bad_load', 'benchmark', 'users or requests/s', 'Breaking point: first load level in the breaking SLA tier (unit in load_unit).', ['load_unit']),
  maxThroughput: metric('llmbench_max_throughput_output_tokens_per_second', 'benchmark', 'tokens/s', 'Highest output tokens per second over all load levels.'),
  maxThroughputLoad: metric('llmbench_max_throughput_load', 'benchmark', 'users or requests/s', 'Load level at which the highest output tokens per second was measured (unit in load_unit).', ['load_unit']),
  maxThroughputWithinSla: metric('llmbench_max_throughput_within_sla_output_tokens_per_second', 'benchmark', 'tokens/s', 'Highest output tokens per second over the load levels within the SLA.'),
  maxThroughputWithinSlaLoad: metric('llmbench_max_throughput_within_sla_load', 'benchmark', 'users or requests/s', 'Load level of the highest output tokens per second within the SLA (unit in load_unit).', ['load_unit']),
  sweetSpotRule: metric('llmbench_sweet_spot_rule', 'benchmark', '1', 'Present (1) with the rule that decided the sweet spot and breaking point: rule="slo-attainment" or "sla-tiers".', ['rule']),
  costPer1M: metric('llmbench_cost_per_1m_output_tokens_dollars', 'benchmark', 'USD', 'Cost of one million output tokens at the operating point: price per hour / 3600 / output tok/s * 1e6 (dollars).', ['operating_point']),
  costPer1k: metric('llmbench_cost_per_1k_output_tokens_dollars', 'benchmark', 'USD', 'Deprecated (use llmbench_cost_per_1m_output_tokens_dollars; kept one release): cost of 1000 output tokens at the operating point (dollars).', ['operating_point']),
  perDollarHour: metric('llmbench_output_tokens_per_second_per_dollar_hour', 'benchmark', 'tokens/s per USD/h', 'Output tokens per second per dollar-hour of the GPU profile at the operating point.', ['operating_point']),
  perGpu: metric('llmbench_output_tokens_per_second_per_gpu', 'benchmark', 'tokens/s per GPU', 'Output tokens per second per GPU at the operating point.', ['operating_point']),
  planReplicas: metric('llmbench_plan_replicas', 'benchmark', 'replicas', 'Capacity plan: replicas of the target needed to serve the demand at its sweet spot (demand: the environment\'s demand name).', ['demand']),
  planDollarsPerHour: metric('llmbench_plan_dollars_per_hour', 'benchmark', 'USD/h', 'Capacity plan: price per hour of those replicas (dollars).', ['demand']),
  planCostPer1M: metric('llmbench_plan_cost_per_1m_output_tokens_dollars', 'benchmark', 'USD', 'Capacity plan: cost of one million output tokens at the demand (dollars).', ['demand']),
  bottleneck: metric('llmbench_bottleneck', 'benchmark', '1', 'Bottleneck analysis: 1 for the classification of the breaking point (kind: kv-cache-wall, compute-wall, latency-floor, not-reached, unknown).', ['kind']),
  bottleneckLoad: metric('llmbench_bottleneck_load', 'benchmark', 'users or requests/s', 'Load level at which the bottleneck was decided (unit in load_unit).', ['load_unit']),
  serverKvCachePeak: metric('llmbench_server_kv_cache_usage_peak_ratio', 'level', 'ratio 0-1', 'Peak vllm:kv_cache_usage_perc of the busiest replica over this level\'s window (0-1).'),
  serverWaitingPeak: metric('llmbench_server_requests_waiting_peak', 'level', 'requests', 'Peak vllm:num_requests_waiting of the busiest replica over this level\'s window.'),
  serverPreemptions: metric('llmbench_server_preemptions', 'level', 'count', 'Preemptions (vllm:num_preemptions_total increase) over this level\'s window.'),
  serverGpuUtilization: metric('llmbench_server_gpu_utilization_percent', 'level', 'percent', 'Mean DCGM_FI_DEV_GPU_UTIL of the serving pods\' GPUs over this level\'s window (percent).'),
  servingConfigMismatches: metric('llmbench_serving_config_mismatches', 'target', 'count', 'Cache settings where vllm:cache_config_info differs from the declared serving configuration.'),
  lastRun: metric('llmbench_last_run_timestamp_seconds', 'target', 'Unix seconds', 'Start of the run these figures come from (from the run id), Unix time in seconds.'),
  regressions: metric('llmbench_regressions', 'target', 'count', 'Regressions found against the previous successful run and the pinned baseline.'),
  pricePerHour: metric('llmbench_price_per_hour_dollars', 'target', 'USD/h', 'Price per hour of the GPU profile the target is served on (dollars).'),
  gpus: metric('llmbench_gpus', 'target', 'count', 'GPUs the target is served on.'),
} as const;
