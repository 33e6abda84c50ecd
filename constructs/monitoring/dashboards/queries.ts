/**
 * The PromQL of every dashboard panel, by what it shows. Metric names come from `../metrics.ts` (which cites the
 * vLLM and dcgm-exporter sources in `../shared/reference/`) and the results processor's `PUSHGATEWAY_METRICS`
 * (`runtime/processor/publishers/pushgateway.ts`, docs/metrics.md); vLLM panels read the recording rules of
 * `RECORDING_RULES` where one fits, so dashboards and alerts compute the same figures.
 */
import { PUSHGATEWAY_METRICS } from '../../../domain/contracts/pushgateway-metrics';
import { DCGM, DCGM_WORKLOAD_LABELS, RATE_WINDOW, RECORDING_RULES, VLLM } from '../../../domain/metrics';
import { DEPLOYMENT_LABEL, perDeployment } from '../../../domain/serving';

/** `{a="b", c=~"d"}` from matcher strings, skipping empty ones. */
export function selector(...matchers: (string | undefined)[]): string {
  const present = matchers.filter((m): m is string => m !== undefined && m !== '');
  return `{${present.join(', ')}}`;
}

/** `label="value"`, the value escaped for PromQL. */
export function eq(label: string, value: string): string {
  return `${label}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `label=~"${variable}"`: the dashboard variable (multi-valued, "All" = `.+`). */
export function matchesVariable(label: string, variable: string): string {
  return `${label}=~"\${${variable}}"`;
}

// ------------------------------------------------------------------------------------------------ vLLM

/** Which vLLM series a dashboard reads: the serving namespace and the `deployment` variable. */
export interface VllmScope {
  readonly namespace: string;
  /** Name of the variable holding the selected deployments (domain/serving.ts: one model may have several). */
  readonly deploymentVariable: string;
}

/** The recorded series (which carry `deployment`) of the selected deployments. */
const vllmSelector = (s: VllmScope) => selector(eq('namespace', s.namespace), matchesVariable(DEPLOYMENT_LABEL, s.deploymentVariable));
/** The raw vLLM series of the selected deployments' pods (Grafana writes a multi-value variable as `(a|b)`). */
const podsOf = (s: VllmScope) => selector(eq('namespace', s.namespace), `pod=~"\${${s.deploymentVariable}}-predictor-.+"`);
/** Per deployment, with its served model name for the legend. */
const BY_DEPLOYMENT = `${DEPLOYMENT_LABEL}, model_name`;

/** The vLLM latency histograms the dashboards show, with their bucket-rate recording rules. */
export const LATENCY_HISTOGRAMS = {
  ttft: RECORDING_RULES.ttftBuckets.record,
  itl: RECORDING_RULES.itlBuckets.record,
  e2e: RECORDING_RULES.e2eBuckets.record,
} as const;
export type LatencyHistogram = keyof typeof LATENCY_HISTOGRAMS;

/** A percentile per deployment from a histogram's recorded bucket rates (one series per deployment and `le`). */
export function vllmLatencyQuantile(s: VllmScope, histogram: LatencyHistogram, quantile: number): string {
  return `histogram_quantile(${quantile}, sum by (${BY_DEPLOYMENT}, le) (${LATENCY_HISTOGRAMS[histogram]}${vllmSelector(s)}))`;
}

/** A recording rule that already has one series per deployment, per deployment. */
function perModel(s: VllmScope, record: string, aggregation: 'sum' | 'max' = 'sum'): string {
  return `${aggregation} by (${BY_DEPLOYMENT}) (${record}${vllmSelector(s)})`;
}

export const vllmQueries = {
  requestsPerSecond: (s: VllmScope) => perModel(s, RECORDING_RULES.requestsPerSecond.record),
  /** Finished requests per second by `finished_reason` (stop, length, abort, error, ...). */
  requestsPerSecondByReason: (s: VllmScope) =>
    perDeployment('sum', `rate(${VLLM.requestSuccess}${podsOf(s)}[${RATE_WINDOW}])`, ['finished_reason']),
  errorRatio: (s: VllmScope) => perModel(s, RECORDING_RULES.errorRatio.record, 'max'),
  requestsRunning: (s: VllmScope) => perModel(s, RECORDING_RULES.requestsRunning.record),
  requestsWaiting: (s: VllmScope) => perModel(s, RECORDING_RULES.requestsWaiting.record),
  /** `vllm:kv_cache_usage_perc` is a 0–1 fraction: the fullest engine of each model. */
  kvCacheUsage: (s: VllmScope) => perModel(s, RECORDING_RULES.kvCacheUsage.record, 'max'),
  promptTokensPerSecond: (s: VllmScope) => perModel(s, RECORDING_RULES.promptTokensPerSecond.record),
  generationTokensPerSecond: (s: VllmScope) => perModel(s, RECORDING_RULES.generationTokensPerSecond.record),
  preemptionsPerSecond: (s: VllmScope) => perModel(s, RECORDING_RULES.preemptionsPerSecond.record),
  /** Mean time a request waited in the queue over the rate window. */
  meanQueueTime: (s: VllmScope) =>
    perDeployment('sum', `rate(${VLLM.requestQueueTime}_sum${podsOf(s)}[${RATE_WINDOW}])`) +
    ` / ${perDeployment('sum', `rate(${VLLM.requestQueueTime}_count${podsOf(s)}[${RATE_WINDOW}])`)}`,
} as const;

// ------------------------------------------------------------------------------------------------ DCGM

/** Which DCGM series a dashboard reads. */
export interface GpuScope {
  /** Namespace of the serving pods: matched on `exported_namespace` (the exporter's own label, renamed). */
  readonly servingNamespace: string;
  /** Variable holding the selected `Hostname` values (per-GPU panels). */
  readonly nodeVariable: string;
  /** Variable holding the selected serving pods (`exported_pod`, per-pod panels). */
  readonly podVariable: string;
}

/** The labels that identify one GPU (constant across exporter restarts). */
export const GPU_IDENTITY = ['Hostname', 'gpu', 'modelName'] as const;
const byGpu = `max by (${GPU_IDENTITY.join(', ')})`;
const { pod: WORKLOAD_POD, namespace: WORKLOAD_NAMESPACE } = DCGM_WORKLOAD_LABELS;

const gpuSelector = (s: GpuScope) => selector(matchesVariable('Hostname', s.nodeVariable));
const podSelector = (s: GpuScope) => selector(eq(WORKLOAD_NAMESPACE, s.servingNamespace), matchesVariable(WORKLOAD_POD, s.podVariable));
const byPod = `by (${WORKLOAD_NAMESPACE}, ${WORKLOAD_POD})`;

/** DCGM fields shown per GPU and per pod. */
export type GpuField = 'gpuUtilization' | 'framebufferUsed' | 'gpuTemperature' | 'powerUsage';

export const gpuQueries = {
  perGpu: (s: GpuScope, field: GpuField) => `${byGpu} (${DCGM[field]}${gpuSelector(s)})`,
  /** Framebuffer used / (used + free), 0–1. */
  framebufferUsedRatioPerGpu: (s: GpuScope) =>
    `${byGpu} (${DCGM.framebufferUsed}${gpuSelector(s)})` +
    ` / (${byGpu} (${DCGM.framebufferUsed}${gpuSelector(s)}) + ${byGpu} (${DCGM.framebufferFree}${gpuSelector(s)}))`,
  /** Mean utilization over the pod's GPUs; sums for memory and power. */
  perPod: (s: GpuScope, field: GpuField) =>
    `${field === 'gpuUtilization' || field === 'gpuTemperature' ? 'avg' : 'sum'} ${byPod} (${DCGM[field]}${podSelector(s)})`,
  /** GPUs allocated to pods of the serving namespace. */
  servingGpus: (s: GpuScope) => `count(${DCGM.gpuUtilization}${selector(eq(WORKLOAD_NAMESPACE, s.servingNamespace))})`,
  /** GPUs the selected nodes report. */
  gpus: (s: GpuScope) => `count(${DCGM.gpuUtilization}${gpuSelector(s)})`,
} as const;

// ------------------------------------------------------------------------------------------------ results

/** Which results-processor series a dashboard reads: the environment's, selected targets and scenarios. */
export interface ResultsScope {
  /** Matched on `environment` (never on `job`: OpenShift user-workload monitoring renames it `exported_job`). */
  readonly environment: string;
  readonly targetVariable: string;
  readonly scenarioVariable: string;
  /** One cluster of a fleet: only its series (`cluster="<name>"`). @default any cluster (a single-cluster environment's series have none) */
  readonly cluster?: string;
  /** Across the clusters of a fleet: the variable of the selected clusters; every figure is kept per cluster. @default none */
  readonly clusterVariable?: string;
}

const M = PUSHGATEWAY_METRICS;
const resultsSelector = (s: ResultsScope, ...more: string[]) =>
  selector(
    eq('environment', s.environment),
    s.cluster === undefined ? undefined : eq('cluster', s.cluster),
    s.clusterVariable === undefined ? undefined : matchesVariable('cluster', s.clusterVariable),
    matchesVariable('target', s.targetVariable),
    ...more,
  );
const benchmarkSelector = (s: ResultsScope, ...more: string[]) => resultsSelector(s, matchesVariable('scenario', s.scenarioVariable), ...more);

export type OperatingPoint = 'sweet_spot' | 'max_throughput';
/** The labels a figure is kept apart by: `cluster` first across clusters, then `labels`. */
const by = (s: ResultsScope, labels: string) => (s.clusterVariable === undefined ? labels : `cluster, ${labels}`);
/** Labels of a per-benchmark figure. */
const benchmarkLabels = (s: ResultsScope) => by(s, 'target, scenario, plan');
/** Labels of a per-load-level figure. */
const levelLabels = (s: ResultsScope) => by(s, 'target, scenario, plan, load, load_unit');

export const resultsQueries = {
  /** Per target (`target, model, gpu_profile`). */
  perTarget: (s: ResultsScope, metric: 'gpus' | 'pricePerHour' | 'lastRun' | 'regressions') =>
    `max by (${by(s, 'target, model, gpu_profile')}) (${M[metric].name}${resultsSelector(s)})`,
  /** A latency percentile per load level. */
  levelLatency: (s: ResultsScope, metric: 'ttft' | 'itl' | 'requestLatency', quantile: string) =>
    `max by (${levelLabels(s)}) (${M[metric].name}${benchmarkSelector(s, eq('quantile', quantile))})`,
  level: (s: ResultsScope, metric: 'outputTokensPerSecond' | 'requestsPerSecond' | 'errorRatio' | 'slaTier') =>
    `max by (${levelLabels(s)}) (${M[metric].name}${benchmarkSelector(s)})`,
  /** A per-level figure of the levels on the Pareto frontier (`frontier` all, or slo: the levels meeting the SLO). */
  frontierLevel: (s: ResultsScope, metric: 'outputTokensPerSecondPerUser' | 'levelPerGpu' | 'levelCostPer1M' | 'sloAttainment', frontier: 'all' | 'slo') =>
    `max by (${levelLabels(s)}) (${M[metric].name}${benchmarkSelector(s)}) and on (${levelLabels(s)}) max by (${levelLabels(s)}) (${M.paretoFrontier.name}${benchmarkSelector(s, eq('frontier', frontier))})`,
  /** A capacity-plan figure per demand (docs/capacity.md). */
  plan: (s: ResultsScope, metric: 'planReplicas' | 'planDollarsPerHour' | 'planCostPer1M') => `min by (${benchmarkLabels(s)}, demand) (${M[metric].name}${benchmarkSelector(s)})`,
  /** A per-benchmark load figure (`load_unit` says users or requests/s). */
  benchmarkLoad: (s: ResultsScope, metric: 'sweetSpot' | 'breakingLastGood' | 'breakingFirstBad' | 'maxThroughputLoad') =>
    `max by (${benchmarkLabels(s)}, load_unit) (${M[metric].name}${benchmarkSelector(s)})`,
  /** The bottleneck classification (`kind`) with the load it was decided at (`load_unit`). */
  bottleneck: (s: ResultsScope) =>
    `max by (${benchmarkLabels(s)}, kind, load_unit) (${M.bottleneckLoad.name}${benchmarkSelector(s)} * on (${benchmarkLabels(s)}) group_left (kind) max by (${benchmarkLabels(s)}, kind) (${M.bottleneck.name}${benchmarkSelector(s)}))`,
  /** A server-side figure per load level (bottleneck analysis). */
  serverLevel: (s: ResultsScope, metric: 'serverKvCachePeak' | 'serverWaitingPeak' | 'serverPreemptions' | 'serverGpuUtilization') =>
    `max by (${levelLabels(s)}) (${M[metric].name}${benchmarkSelector(s)})`,
  benchmark: (s: ResultsScope, metric: 'maxThroughput' | 'maxThroughputWithinSla') =>
    `max by (${benchmarkLabels(s)}) (${M[metric].name}${benchmarkSelector(s)})`,
  /** Best over the selected benchmarks of each target. */
  bestPerTarget: (s: ResultsScope, metric: 'maxThroughput' | 'maxThroughputWithinSla') => `max by (${by(s, 'target')}) (${M[metric].name}${benchmarkSelector(s)})`,
  /** A cost figure at an operating point, best (cheapest / highest) over the selected benchmarks of each target. */
  costPerTarget: (s: ResultsScope, metric: 'costPer1M' | 'perDollarHour' | 'perGpu', point: OperatingPoint) =>
    `${metric === 'costPer1M' ? 'min' : 'max'} by (${by(s, 'target')}) (${M[metric].name}${benchmarkSelector(s, eq('operating_point', point))})`,
} as const;
