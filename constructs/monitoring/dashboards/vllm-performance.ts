/** Dashboard 1, vLLM model performance: latency percentiles, load, KV cache, token throughput, per deployment. */
import { RECORDING_RULES } from '../../../domain/metrics';
import { DEPLOYMENT_LABEL } from '../../../domain/serving';
import { slaThresholds, q, stat, timeseries } from './panels';
import { vllmLatencyQuantile, vllmQueries, VllmScope } from './queries';
import { DashboardInputs, DashboardSpec } from './spec';
import { dashboardUid } from '../../../domain/dashboard-uids';

const PERCENTILES = [0.5, 0.9, 0.95, 0.99] as const;
const pct = (quantile: number) => `p${Math.round(quantile * 100)}`;

export function vllmPerformanceDashboard(d: DashboardInputs): DashboardSpec {
  const { sla, servingNamespace } = d;
  const scope: VllmScope = { namespace: servingNamespace, deploymentVariable: 'deployment' };
  const ttft = slaThresholds('ttftP95Ms', sla, 0.001);
  const itl = slaThresholds('itlP95Ms', sla, 0.001);
  const kv = slaThresholds('kvCacheUsage', sla);
  const waiting = slaThresholds('requestsWaiting', sla);
  const errors = slaThresholds('errorRate', sla);
  const latency = (histogram: 'ttft' | 'itl' | 'e2e') =>
    PERCENTILES.map((quantile) => q(vllmLatencyQuantile(scope, histogram, quantile), `{{deployment}} ${pct(quantile)}`));

  return {
    uid: dashboardUid(d.environment, 'vllm'),
    title: `vLLM model performance (${d.environment})`,
    description: `vLLM servers in namespace ${servingNamespace}, per deployment (one model on two GPU profiles is two). Thresholds are the environment's SLA tiers.`,
    tags: ['llm-benchmarks', 'vllm', d.environment],
    refresh: d.refresh,
    timeRange: d.timeRange,
    variables: [
      { kind: 'query', name: 'deployment', label: 'Deployment', series: `${RECORDING_RULES.requestsRunning.record}{namespace="${servingNamespace}"}`, valuesOf: DEPLOYMENT_LABEL },
    ],
    rows: [
      {
        title: 'Now',
        panels: [
          stat({ title: 'TTFT p95', description: 'Time to first token, 95th percentile over the last 5 minutes.', unit: 's', width: 6, thresholds: ttft },
            q(vllmLatencyQuantile(scope, 'ttft', 0.95), '{{deployment}}')),
          stat({ title: 'KV cache usage', description: 'vllm:kv_cache_usage_perc (0–1) of the fullest engine.', unit: 'percentunit', width: 6, thresholds: kv, min: 0, max: 1 },
            q(vllmQueries.kvCacheUsage(scope), '{{deployment}}')),
          stat({ title: 'Requests waiting', description: 'Requests queued in vLLM, not yet scheduled.', unit: 'short', width: 6, thresholds: waiting },
            q(vllmQueries.requestsWaiting(scope), '{{deployment}}')),
          stat({ title: 'Failed requests', description: 'Share of finished requests with finished_reason abort or error.', unit: 'percentunit', width: 6, thresholds: errors },
            q(vllmQueries.errorRatio(scope), '{{deployment}}')),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeseries({ title: 'Time to first token', description: 'vllm:time_to_first_token_seconds percentiles from the recorded bucket rates.', unit: 's', width: 8, thresholds: ttft }, ...latency('ttft')),
          timeseries({ title: 'Inter-token latency', description: 'vllm:inter_token_latency_seconds percentiles (the gap between two output tokens).', unit: 's', width: 8, thresholds: itl }, ...latency('itl')),
          timeseries({ title: 'End-to-end request latency', description: 'vllm:e2e_request_latency_seconds percentiles.', unit: 's', width: 8 }, ...latency('e2e')),
        ],
      },
      {
        title: 'Load',
        panels: [
          timeseries({ title: 'Request rate', description: 'Finished requests per second, by finish reason.', unit: 'reqps', width: 8 },
            q(vllmQueries.requestsPerSecondByReason(scope), '{{deployment}} {{finished_reason}}')),
          timeseries({ title: 'Running and waiting requests', description: 'Requests in the running batch and in the queue.', unit: 'short', width: 8, thresholds: waiting },
            q(vllmQueries.requestsRunning(scope), '{{deployment}} running'),
            q(vllmQueries.requestsWaiting(scope), '{{deployment}} waiting')),
          timeseries({ title: 'Mean queue time', description: 'Mean time requests waited before being scheduled.', unit: 's', width: 8 },
            q(vllmQueries.meanQueueTime(scope), '{{deployment}}')),
        ],
      },
      {
        title: 'KV cache and throughput',
        panels: [
          timeseries({ title: 'KV cache usage', description: 'vllm:kv_cache_usage_perc, a 0–1 fraction (1 = full).', unit: 'percentunit', width: 8, thresholds: kv, min: 0, max: 1 },
            q(vllmQueries.kvCacheUsage(scope), '{{deployment}}')),
          timeseries({ title: 'Tokens per second', description: 'Prompt (prefill) and generated tokens per second.', unit: 'suffix: tok/s', width: 8 },
            q(vllmQueries.promptTokensPerSecond(scope), '{{deployment}} prompt'),
            q(vllmQueries.generationTokensPerSecond(scope), '{{deployment}} generation')),
          timeseries({ title: 'Preemptions', description: 'Requests preempted per second (KV cache exhausted).', unit: 'suffix: /s', width: 8 },
            q(vllmQueries.preemptionsPerSecond(scope), '{{deployment}}')),
        ],
      },
    ],
  };
}
