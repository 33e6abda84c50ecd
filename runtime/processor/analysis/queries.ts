/**
 * The PromQL of the bottleneck analysis: one expression per server-side figure of a load level, evaluated as an
 * instant query at the window's end with a range equal to the window (GuideLLM's measured start → end).
 * Metric and label names from domain/metrics.ts (vLLM V1 and dcgm-exporter, see that file's
 * sources); the selectors are the target's deployment (domain/serving.ts): vLLM by `namespace`, `model_name` (=
 * served model name) and the deployment's pods (`<deployment>-predictor-…`, so another deployment of the same
 * model is left out), DCGM by `exported_namespace` + `exported_pod`. Sums are taken over one series per pod
 * (a pod scraped through two Services counts once).
 */
import { DCGM, DCGM_WORKLOAD_LABELS, KUBE_STATE, VLLM } from '../../../domain/metrics';
import { perPod, PREDICTOR_CONTAINER, predictorPodPattern } from '../../../domain/serving';
import { ServerFigures } from '../types';

/** Who the figures are about. */
export interface QueryTarget {
  readonly servingNamespace: string;
  readonly servedModelName: string;
  /** The target's deployment (InferenceService): its pods are `<deployment>-predictor-…`. */
  readonly deployment: string;
}

/** A PromQL string literal (double-quoted, escaped). */
const literal = (value: string) => JSON.stringify(value);
export function vllmSelector(t: QueryTarget): string {
  return `namespace=${literal(t.servingNamespace)},model_name=${literal(t.servedModelName)},pod=~${literal(predictorPodPattern(t.deployment))}`;
}

export function servingPodSelector(t: QueryTarget, labels: { pod: string; namespace: string }): string {
  return `${labels.namespace}=${literal(t.servingNamespace)},${labels.pod}=~${literal(predictorPodPattern(t.deployment))}`;
}

type PercentileFigure = 'ttftMs' | 'itlMs' | 'queueTimeMs';
type ScalarFigure = Exclude<keyof ServerFigures, PercentileFigure | 'missing'>;

/** One figure's query: `scale` turns the result into the figure's unit. */
export interface FigureQuery {
  readonly figure: ScalarFigure | `${PercentileFigure}.${'p50' | 'p95' | 'p99'}`;
  readonly expr: string;
  readonly scale: number;
  /** DCGM figures go to the GPU endpoint. */
  readonly source: 'vllm' | 'dcgm';
}

const HISTOGRAMS: Readonly<Record<PercentileFigure, string>> = {
  ttftMs: VLLM.timeToFirstToken,
  itlMs: VLLM.interTokenLatency,
  queueTimeMs: VLLM.requestQueueTime,
};
const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/** Every figure of one level; `range` is a PromQL duration such as `61500ms`. */
export function levelQueries(t: QueryTarget, range: string): FigureQuery[] {
  const v = vllmSelector(t);
  const gauge = (figure: ScalarFigure, agg: string, fn: string, metric: string): FigureQuery => ({ figure, expr: `${agg}(${fn}(${metric}{${v}}[${range}]))`, scale: 1, source: 'vllm' });
  const queries: FigureQuery[] = [
    gauge('kvCacheUsagePeak', 'max', 'max_over_time', VLLM.kvCacheUsage),
    gauge('kvCacheUsageMean', 'avg', 'avg_over_time', VLLM.kvCacheUsage),
    gauge('requestsWaitingPeak', 'max', 'max_over_time', VLLM.requestsWaiting),
    gauge('requestsRunningPeak', 'max', 'max_over_time', VLLM.requestsRunning),
    { figure: 'preemptions', expr: `sum(${perPod(`increase(${VLLM.preemptions}{${v}}[${range}])`)})`, scale: 1, source: 'vllm' },
    { figure: 'replicas', expr: `count(count by (pod) (max_over_time(${VLLM.requestsRunning}{${v}}[${range}])))`, scale: 1, source: 'vllm' },
  ];
  for (const [figure, histogram] of Object.entries(HISTOGRAMS) as [PercentileFigure, string][]) {
    for (const [key, q] of Object.entries(QUANTILES) as [keyof typeof QUANTILES, number][]) {
      queries.push({ figure: `${figure}.${key}`, expr: `histogram_quantile(${q}, sum by (le) (${perPod(`increase(${histogram}_bucket{${v}}[${range}])`)}))`, scale: 1000, source: 'vllm' });
    }
  }
  queries.push({
    figure: 'gpuUtilizationMean',
    expr: `avg(avg_over_time(${DCGM.gpuUtilization}{${servingPodSelector(t, DCGM_WORKLOAD_LABELS)}}[${range}]))`,
    scale: 1,
    source: 'dcgm',
  });
  return queries;
}

/** The serving pods' cache configuration (`vllm:cache_config_info` has no `model_name`: selected by pod). */
export function cacheConfigQuery(t: QueryTarget): string {
  return `max by (cache_dtype, block_size, gpu_memory_utilization) (${VLLM.cacheConfigInfo}{${servingPodSelector(t, { pod: 'pod', namespace: 'namespace' })}})`;
}

/** The images (and digests) the deployment's model-server containers ran, from kube-state-metrics. */
export function servedImagesQuery(t: QueryTarget): string {
  return `max by (image, image_id) (${KUBE_STATE.podContainerInfo}{${servingPodSelector(t, { pod: 'pod', namespace: 'namespace' })},container=${literal(PREDICTOR_CONTAINER)}})`;
}

/** A window length in seconds as a PromQL duration (whole milliseconds, at least 1 ms). */
export function rangeOf(seconds: number): string {
  return `${Math.max(1, Math.round(seconds * 1000))}ms`;
}
