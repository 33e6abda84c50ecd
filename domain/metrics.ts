/**
 * Metric names the dashboards and alert rules use, and the recording rules they share: one place, so a rename
 * upstream is one edit here.
 *
 * Sources (summaries in `../shared/reference/`):
 * - vLLM V1 engine metrics, v0.11 and later: `../shared/reference/vllm-metrics.md` (read from
 *   `vllm/v1/metrics/loggers.py`). Every engine series has `model_name` (= `--served-model-name`) and `engine`.
 *   Counters are exposed with `_total`. `vllm:kv_cache_usage_perc` is a 0–1 fraction. Not used because they are
 *   gone from current vLLM: `vllm:gpu_cache_usage_perc` (removed in 0.12) and `vllm:time_per_output_token_seconds`
 *   (removed in 0.13; `vllm:inter_token_latency_seconds` holds the same observations).
 * - dcgm-exporter 4.5.3-4.8.2 default counters: `../shared/reference/dcgm-default-counters.csv` and `dcgm.md`. On
 *   OpenShift the exporter is scraped with `honorLabels: false`, so the GPU workload's pod and namespace arrive as
 *   `exported_pod` / `exported_namespace` (the plain `pod` / `namespace` are the exporter's own).
 * - The results processor's Pushgateway metrics: `runtime/processor/publishers/pushgateway.ts`, `docs/metrics.md`.
 */

import { perDeployment } from './serving';

/** vLLM metric names as stored in Prometheus (counters with `_total`, histograms as their base name). */
export const VLLM = {
  requestsRunning: 'vllm:num_requests_running',
  requestsWaiting: 'vllm:num_requests_waiting',
  kvCacheUsage: 'vllm:kv_cache_usage_perc',
  preemptions: 'vllm:num_preemptions_total',
  promptTokens: 'vllm:prompt_tokens_total',
  generationTokens: 'vllm:generation_tokens_total',
  /** Finished requests, `finished_reason` = stop | length | abort (later mainline also error, repetition). */
  requestSuccess: 'vllm:request_success_total',
  /** Histograms: append `_bucket`, `_sum`, `_count`. */
  timeToFirstToken: 'vllm:time_to_first_token_seconds',
  interTokenLatency: 'vllm:inter_token_latency_seconds',
  e2eRequestLatency: 'vllm:e2e_request_latency_seconds',
  requestQueueTime: 'vllm:request_queue_time_seconds',
  /** Info gauge = 1 with the cache configuration as labels (no `model_name`). */
  cacheConfigInfo: 'vllm:cache_config_info',
} as const;

/**
 * kube-state-metrics series (platform monitoring; the Thanos Querier's tenancy port serves a namespace's): what a
 * pod's containers run, with `image` and `image_id` (the digest the kubelet reports) as labels.
 */
export const KUBE_STATE = { podContainerInfo: 'kube_pod_container_info' } as const;

/** `finished_reason` values counted as failed requests in the error ratio. */
export const VLLM_FAILED_FINISH_REASONS = ['abort', 'error'] as const;

/** dcgm-exporter field names (the exported metric name is the DCGM field name). */
export const DCGM = {
  /** GPU utilization, percent 0–100. */
  gpuUtilization: 'DCGM_FI_DEV_GPU_UTIL',
  /** Framebuffer memory used, MiB. */
  framebufferUsed: 'DCGM_FI_DEV_FB_USED',
  /** Framebuffer memory free, MiB. */
  framebufferFree: 'DCGM_FI_DEV_FB_FREE',
  /** GPU temperature, °C. */
  gpuTemperature: 'DCGM_FI_DEV_GPU_TEMP',
  /** Power draw, W. */
  powerUsage: 'DCGM_FI_DEV_POWER_USAGE',
} as const;

/** Labels that identify the GPU workload on a DCGM series scraped by OpenShift monitoring. */
export const DCGM_WORKLOAD_LABELS = { pod: 'exported_pod', namespace: 'exported_namespace' } as const;

/** One recording rule: the series it writes and the PromQL that computes it. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

/** Window of the rates in the recording rules. */
export const RATE_WINDOW = '5m';

const bucketRate = (histogram: string): RecordingRule => ({
  record: `namespace_model_name:${histogram.replace(/^vllm:/, 'vllm_')}_bucket:rate${RATE_WINDOW}`,
  expr: perDeployment('sum', `rate(${histogram}_bucket[${RATE_WINDOW}])`, ['le']),
});
const p95 = (bucketRule: RecordingRule): RecordingRule => ({
  record: bucketRule.record.replace(/_bucket:rate(\w+)$/, ':p95_rate$1'),
  expr: `histogram_quantile(0.95, ${bucketRule.record})`,
});
const counterRate = (counter: string): RecordingRule => ({
  record: `namespace_model_name:${counter.replace(/^vllm:/, 'vllm_')}:rate${RATE_WINDOW}`,
  expr: perDeployment('sum', `rate(${counter}[${RATE_WINDOW}])`),
});

const ttftBuckets = bucketRate(VLLM.timeToFirstToken);
const itlBuckets = bucketRate(VLLM.interTokenLatency);
const e2eBuckets = bucketRate(VLLM.e2eRequestLatency);

/**
 * The recording rules, by what they mean. Evaluated in the serving namespace; one series per deployment
 * (`SERVER_KEY` of ./serving.ts: `namespace`, `deployment` from the pod name, `model_name`), so one model served by
 * two deployments stays two series. The record names keep their historical `namespace_model_name:` level for
 * compatibility. Histogram bucket rates let a dashboard take any percentile; p95 is recorded for the alerts.
 */
export const RECORDING_RULES = {
  ttftBuckets,
  itlBuckets,
  e2eBuckets,
  ttftP95: p95(ttftBuckets),
  itlP95: p95(itlBuckets),
  requestsPerSecond: counterRate(VLLM.requestSuccess),
  promptTokensPerSecond: counterRate(VLLM.promptTokens),
  generationTokensPerSecond: counterRate(VLLM.generationTokens),
  preemptionsPerSecond: counterRate(VLLM.preemptions),
  errorRatio: {
    record: `namespace_model_name:vllm_request_failures:ratio_rate${RATE_WINDOW}`,
    expr:
      perDeployment('sum', `rate(${VLLM.requestSuccess}{finished_reason=~"${VLLM_FAILED_FINISH_REASONS.join('|')}"}[${RATE_WINDOW}])`) +
      ` / ${perDeployment('sum', `rate(${VLLM.requestSuccess}[${RATE_WINDOW}])`)}`,
  },
  requestsWaiting: {
    record: `namespace_model_name:vllm_num_requests_waiting:sum`,
    expr: perDeployment('sum', VLLM.requestsWaiting),
  },
  requestsRunning: {
    record: `namespace_model_name:vllm_num_requests_running:sum`,
    expr: perDeployment('sum', VLLM.requestsRunning),
  },
  kvCacheUsage: {
    record: `namespace_model_name:vllm_kv_cache_usage_perc:max`,
    expr: perDeployment('max', VLLM.kvCacheUsage),
  },
} as const satisfies Record<string, RecordingRule>;
