/**
 * A real Prometheus serving data whose timestamps the test fixes: scrapes are simulated at fixed times (each
 * exporter's /metrics text rendered for that time, with the target labels Prometheus would attach), written as
 * OpenMetrics with explicit timestamps, backfilled into a fresh data directory with the real
 * `promtool tsdb create-blocks-from openmetrics`, and served by a real Prometheus on a free loopback port. No
 * figure then depends on when a scrape or a timer fired.
 *
 * Scrape semantics reproduced (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config):
 * every sample gets the target labels `job`, `instance` and the static labels; with `honor_labels: false` an
 * exposed label that collides with a target label is kept as `exported_<label>`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROMETHEUS, PROMTOOL, requireBinary } from './binaries';
import { closedPort } from './net';
import { promtool } from './promtool';
import { RunningProcess, startServer } from './processes';

/** One simulated scrape target: its job, its static labels and what its /metrics shows at time `t` (Unix seconds). */
export interface SimulatedTarget {
  readonly job: string;
  /** Static target labels (`namespace`, `pod`, …) as a ServiceMonitor's relabelling gives them. */
  readonly labels: Readonly<Record<string, string>>;
  /** Prometheus text exposition (0.0.4) at `t`. */
  readonly render: (t: number) => string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of one exposition as series text `name{labels}` (labels sorted) → value, target labels applied. */
export function scrapedSamples(exposition: string, targetLabels: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of exposition.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not an exposition sample line: ${line}`);
    const [, name, labelText = '', value] = match;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of labelText.matchAll(LABEL)) labels[key in targetLabels ? `exported_${key}` : key] = raw;
    Object.assign(labels, targetLabels);
    const sorted = Object.keys(labels).sort().map((k) => `${k}="${labels[k]}"`);
    out.set(`${name}{${sorted.join(',')}}`, value);
  }
  return out;
}

/**
 * OpenMetrics text of every target scraped at each of `times`: series by series, samples in time order, no TYPE
 * lines (every family "unknown", so the sample names stay exactly as exposed), ending in `# EOF`.
 */
export function backfillText(targets: readonly SimulatedTarget[], times: readonly number[]): string {
  const series = new Map<string, string[]>();
  targets.forEach((target, i) => {
    const targetLabels = { ...target.labels, job: target.job, instance: `scrape-target-${i}:9400` };
    for (const t of times) {
      for (const [key, value] of scrapedSamples(target.render(t), targetLabels)) {
        if (!series.has(key)) series.set(key, []);
        series.get(key)!.push(`${key} ${value} ${t.toFixed(3)}`);
      }
    }
  });
  return `${[...series.keys()].sort().flatMap((key) => series.get(key)!).join('\n')}\n# EOF\n`;
}

/** `from`, `from + step`, … up to `to` inclusive (integer arithmetic on milliseconds: no float drift). */
export function scrapeTimes(from: number, to: number, stepSeconds: number): number[] {
  const times: number[] = [];
  for (let ms = Math.round(from * 1000); ms <= Math.round(to * 1000); ms += Math.round(stepSeconds * 1000)) times.push(ms / 1000);
  return times;
}

/**
 * Backfills `openMetrics` into `<dir>/data` with promtool and starts Prometheus on it (no scrape configs, a free
 * port, retention long enough that the backfilled blocks, however old, are kept).
 */
export async function startBackfilledPrometheus(dir: string, openMetrics: string): Promise<{ prometheus: RunningProcess; url: string }> {
  requireBinary(PROMTOOL);
  requireBinary(PROMETHEUS);
  const input = path.join(dir, 'backfill.om');
  const data = path.join(dir, 'data');
  fs.writeFileSync(input, openMetrics);
  const result = await promtool(['tsdb', 'create-blocks-from', 'openmetrics', input, data]);
  if (result.code !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed (${result.code}): ${result.output}`);
  const config = path.join(dir, 'prometheus.yaml');
  fs.writeFileSync(config, JSON.stringify({ global: { evaluation_interval: '1m' } }));
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const prometheus = await startServer(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${data}`, '--storage.tsdb.retention.time=100y', `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    `${url}/-/ready`,
  );
  return { prometheus, url };
}
