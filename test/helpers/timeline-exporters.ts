/**
 * Fixture exporters whose series follow a scripted timeline in wall-clock time, for the bottleneck analysis test:
 * the timeline is a list of phases of equal length from `t0`; each phase sets the vLLM gauges, the rates of the
 * counters, the histogram bucket the phase's observations fall into, and each GPU's utilization. Counters and
 * histograms are the integral of the phase rates up to the scrape's time, so they do not depend on when or how
 * often Prometheus scrapes. Real metric and label names as in fixture-exporters.ts (vLLM V1, dcgm-exporter 4.x).
 */
import { FixtureExporter, startExporter, VLLM_BUCKETS } from './fixture-exporters';

/** What vLLM shows during one phase. Latencies in seconds: the observations' value (they fill its bucket). */
export interface VllmPhase {
  readonly kvCacheUsage: number;
  readonly waiting: number;
  readonly running: number;
  readonly preemptionsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly ttftSeconds: number;
  readonly itlSeconds: number;
  readonly queueSeconds: number;
}

/** The timeline: `phases[i]` holds during `[t0 + i × phaseSeconds, t0 + (i + 1) × phaseSeconds)`; idle outside. */
export interface Timeline<P> {
  readonly t0: number;
  readonly phaseSeconds: number;
  readonly phases: readonly P[];
  readonly idle: P;
}

/** The phase at `t` (Unix seconds), and the seconds each phase has run by then (for the integrals). */
function phaseAt<P>(tl: Timeline<P>, t: number): P {
  const i = Math.floor((t - tl.t0) / tl.phaseSeconds);
  return i >= 0 && i < tl.phases.length ? tl.phases[i] : tl.idle;
}

/** ∫ rate(phase) dt from the timeline's start (idle before t0 counts from t0 - 60 s) up to `t`. */
function integral<P>(tl: Timeline<P>, t: number, rate: (p: P) => number): number {
  let total = 0;
  const start = tl.t0 - 60;
  const edges = [start, ...tl.phases.map((_, i) => tl.t0 + i * tl.phaseSeconds), tl.t0 + tl.phases.length * tl.phaseSeconds, Infinity];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i];
    const to = Math.min(edges[i + 1], t);
    if (to <= from) break;
    total += (to - from) * rate(phaseAt(tl, from + 1e-9));
  }
  return total;
}

type Labels = Record<string, string>;
const labelText = (labels: Labels) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;

function histogram(lines: string[], name: string, labels: Labels, buckets: readonly number[], tl: Timeline<VllmPhase>, t: number, rate: (p: VllmPhase) => number, value: (p: VllmPhase) => number): void {
  lines.push(`# TYPE ${name} histogram`);
  for (const le of buckets) lines.push(`${name}_bucket${labelText({ ...labels, le: String(le) })} ${integral(tl, t, (p) => (value(p) <= le ? rate(p) : 0))}`);
  const count = integral(tl, t, rate);
  lines.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
  lines.push(`${name}_sum${labelText(labels)} ${integral(tl, t, (p) => rate(p) * value(p))}`);
  lines.push(`${name}_count${labelText(labels)} ${count}`);
}

/** vLLM's /metrics for one served model (one engine), plus `vllm:cache_config_info` with the given labels. */
export function timelineVllmExposition(servedModelName: string, tl: Timeline<VllmPhase>, cacheConfig: Labels, t: number): string {
  const labels = { model_name: servedModelName, engine: '0' };
  const p = phaseAt(tl, t);
  const lines: string[] = [];
  const gauge = (name: string, value: number, l: Labels = labels) => lines.push(`# TYPE ${name} gauge`, `${name}${labelText(l)} ${value}`);
  gauge('vllm:kv_cache_usage_perc', p.kvCacheUsage);
  gauge('vllm:num_requests_waiting', p.waiting);
  gauge('vllm:num_requests_running', p.running);
  gauge('vllm:cache_config_info', 1, { ...cacheConfig, engine: '0' });
  lines.push('# TYPE vllm:num_preemptions counter', `vllm:num_preemptions_total${labelText(labels)} ${integral(tl, t, (x) => x.preemptionsPerSecond)}`);
  lines.push('# TYPE vllm:request_success counter', `vllm:request_success_total${labelText({ ...labels, finished_reason: 'stop' })} ${integral(tl, t, (x) => x.requestsPerSecond)}`);
  histogram(lines, 'vllm:time_to_first_token_seconds', labels, VLLM_BUCKETS.ttft, tl, t, (x) => x.requestsPerSecond, (x) => x.ttftSeconds);
  // 64 output tokens per request: 63 inter-token intervals
  histogram(lines, 'vllm:inter_token_latency_seconds', labels, VLLM_BUCKETS.itl, tl, t, (x) => x.requestsPerSecond * 63, (x) => x.itlSeconds);
  histogram(lines, 'vllm:request_queue_time_seconds', labels, VLLM_BUCKETS.requestLatency, tl, t, (x) => x.requestsPerSecond, (x) => x.queueSeconds);
  return `${lines.join('\n')}\n`;
}

/** One GPU allocated to a serving pod; `utilization[i]` during phase i (idle: `idle`). */
export interface TimelineGpu {
  readonly index: number;
  readonly namespace: string;
  readonly pod: string;
  readonly utilization: Timeline<number>;
}

/** dcgm-exporter's /metrics (`--kubernetes`: the workload's pod/namespace/container labels) at `t`. */
export function timelineDcgmExposition(gpus: readonly TimelineGpu[], t: number): string {
  const lines = ['# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).', '# TYPE DCGM_FI_DEV_GPU_UTIL gauge'];
  for (const g of gpus) {
    const labels = { gpu: String(g.index), UUID: `GPU-0000000${g.index}-aaaa-bbbb-cccc-00000000000${g.index}`, device: `nvidia${g.index}`, modelName: 'NVIDIA L4', Hostname: 'ip-10-0-1-17.ec2.internal', container: 'kserve-container', namespace: g.namespace, pod: g.pod };
    lines.push(`DCGM_FI_DEV_GPU_UTIL${labelText(labels)} ${phaseAt(g.utilization, t)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An exporter serving `render(now)`, `now` in Unix seconds at the time of the scrape. */
export function startTimelineExporter(render: (t: number) => string): Promise<FixtureExporter> {
  return startExporter(() => render(Date.now() / 1000));
}
