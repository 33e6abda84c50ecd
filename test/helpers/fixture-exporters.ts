/**
 * Fixture exporters for the dashboard test: small HTTP servers on loopback that write the Prometheus text format
 * with the real metric and label names of vLLM and dcgm-exporter (../shared/reference/vllm-metrics.md, dcgm.md).
 * Counters and histograms grow on every scrape, so rates and percentiles have data after two scrapes.
 */
import * as http from 'http';
import * as net from 'net';

export interface FixtureExporter {
  readonly url: string;
  /** `127.0.0.1:<port>`, for a Prometheus static_configs target. */
  readonly address: string;
  /** How often /metrics was served. */
  scrapes(): number;
  close(): Promise<void>;
}

/** Serves `render(scrapeNumber)` at /metrics (text format 0.0.4). */
export async function startExporter(render: (scrape: number) => string): Promise<FixtureExporter> {
  let scrapes = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes += 1;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(render(scrapes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    address: `127.0.0.1:${port}`,
    scrapes: () => scrapes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Labels = Record<string, string>;

const labelText = (labels: Labels) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',')}}`;

/** Writes families in the text format. */
class Exposition {
  private readonly lines: string[] = [];

  family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string): this {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    this.lines.push(`${name}${labelText(labels)} ${value}`);
    return this;
  }

  /** A histogram after `count` observations spread evenly over the buckets, with total `sum`. */
  histogram(name: string, labels: Labels, buckets: readonly number[], count: number, sum: number): this {
    buckets.forEach((le, i) => this.sample(`${name}_bucket`, { ...labels, le: String(le) }, Math.floor((count * (i + 1)) / (buckets.length + 1))));
    this.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, count);
    this.sample(`${name}_sum`, labels, sum);
    this.sample(`${name}_count`, labels, count);
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** vLLM V1 histogram buckets (vllm/v1/metrics/loggers.py, as summarised in ../shared/reference/vllm-metrics.md). */
export const VLLM_BUCKETS = {
  ttft: [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560],
  itl: [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80],
  requestLatency: [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680],
} as const;

/**
 * What vLLM's /metrics shows for these served models (one engine each), after `scrape` scrapes of traffic; `offset`
 * shifts the gauges (running 4 + i, waiting i, KV cache 0.4 + 0.1 i), so two servers of one model differ.
 */
export function vllmExposition(servedModelNames: readonly string[], scrape: number, offset = 0): string {
  const e = new Exposition();
  const each = (fn: (labels: Labels, i: number) => void) => servedModelNames.forEach((model_name, i) => fn({ model_name, engine: '0' }, i + offset));
  const n = scrape * 10;
  e.family('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.');
  each((l, i) => e.sample('vllm:num_requests_running', l, 4 + i));
  e.family('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.');
  each((l, i) => e.sample('vllm:num_requests_waiting', l, i));
  e.family('vllm:kv_cache_usage_perc', 'gauge', 'KV-cache usage. 1 means 100 percent usage.');
  each((l, i) => e.sample('vllm:kv_cache_usage_perc', l, 0.4 + 0.1 * i));
  // counters: declared without _total, exposed with it (prometheus_client)
  e.family('vllm:num_preemptions', 'counter', 'Cumulative number of preemption from the engine.');
  each((l) => e.sample('vllm:num_preemptions_total', l, scrape));
  e.family('vllm:prompt_tokens', 'counter', 'Number of prefill tokens processed.');
  each((l) => e.sample('vllm:prompt_tokens_total', l, n * 64));
  e.family('vllm:generation_tokens', 'counter', 'Number of generation tokens processed.');
  each((l) => e.sample('vllm:generation_tokens_total', l, n * 64));
  e.family('vllm:request_success', 'counter', 'Count of successfully processed requests.');
  for (const reason of ['stop', 'length', 'abort', 'error']) {
    each((l) => e.sample('vllm:request_success_total', { ...l, finished_reason: reason }, reason === 'stop' ? n : scrape));
  }
  e.family('vllm:time_to_first_token_seconds', 'histogram', 'Histogram of time to first token in seconds.');
  each((l) => e.histogram('vllm:time_to_first_token_seconds', l, VLLM_BUCKETS.ttft, n, n * 0.3));
  e.family('vllm:inter_token_latency_seconds', 'histogram', 'Histogram of inter-token latency in seconds.');
  each((l) => e.histogram('vllm:inter_token_latency_seconds', l, VLLM_BUCKETS.itl, n * 63, n * 63 * 0.03));
  e.family('vllm:e2e_request_latency_seconds', 'histogram', 'Histogram of e2e request latency in seconds.');
  each((l) => e.histogram('vllm:e2e_request_latency_seconds', l, VLLM_BUCKETS.requestLatency, n, n * 2.5));
  e.family('vllm:request_queue_time_seconds', 'histogram', 'Histogram of time spent in WAITING phase for request.');
  each((l) => e.histogram('vllm:request_queue_time_seconds', l, VLLM_BUCKETS.requestLatency, n, n * 0.05));
  return e.toString();
}

/** One GPU as dcgm-exporter labels it; `workload` only when the GPU is allocated to a pod. */
export interface FixtureGpu {
  readonly index: number;
  readonly hostname: string;
  readonly workload?: { readonly namespace: string; readonly pod: string; readonly container: string };
}

/** What dcgm-exporter (4.x, `--kubernetes`) shows for these GPUs: the default counters the dashboards read. */
export function dcgmExposition(gpus: readonly FixtureGpu[]): string {
  const e = new Exposition();
  const labels = (g: FixtureGpu): Labels => ({
    gpu: String(g.index),
    UUID: `GPU-0000000${g.index}-aaaa-bbbb-cccc-${g.hostname.length}${g.index}`,
    pci_bus_id: `00000000:3${g.index}:00.0`,
    device: `nvidia${g.index}`,
    modelName: 'NVIDIA L4',
    Hostname: g.hostname,
    DCGM_FI_DRIVER_VERSION: '570.133.20',
    ...(g.workload ? { container: g.workload.container, namespace: g.workload.namespace, pod: g.workload.pod } : {}),
  });
  const field = (name: string, help: string, value: (g: FixtureGpu) => number) => {
    e.family(name, 'gauge', help);
    for (const g of gpus) e.sample(name, labels(g), value(g));
  };
  field('DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).', (g) => 50 + g.index);
  field('DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).', (g) => 60 + g.index);
  field('DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).', (g) => (g.workload ? 90 - 10 * g.index : 0));
  field('DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).', () => 1500);
  field('DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).', (g) => (g.workload ? 21000 : 0));
  return e.toString();
}
