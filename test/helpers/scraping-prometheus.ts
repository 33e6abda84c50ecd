/**
 * A real Prometheus (/usr/bin/prometheus or PROMETHEUS_BIN) on a free loopback port that scrapes the given targets
 * every second with `honor_labels: false` (as OpenShift user-workload monitoring does) and evaluates the recording
 * rules of `RECORDING_RULES` every second. Its data directory is under `dir`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RECORDING_RULES } from '../../domain/metrics';
import { PROMETHEUS, requireBinary } from './binaries';
import { closedPort } from './net';
import { RunningProcess, startServer } from './processes';

/** One scrape job: the address it scrapes and the target labels a ServiceMonitor's relabelling would give. */
export interface ScrapeJob {
  readonly job: string;
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function startScrapingPrometheus(dir: string, jobs: readonly ScrapeJob[]): Promise<{ prometheus: RunningProcess; url: string }> {
  requireBinary(PROMETHEUS);
  const rules = path.join(dir, 'recording-rules.yaml');
  fs.writeFileSync(rules, JSON.stringify({ groups: [{ name: 'llmbench-recording', rules: Object.values(RECORDING_RULES).map(({ record, expr }) => ({ record, expr })) }] }, null, 2));
  const config = path.join(dir, 'prometheus.yaml');
  fs.writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [rules],
      scrape_configs: jobs.map((j) => ({ job_name: j.job, honor_labels: false, static_configs: [{ targets: [j.address], labels: j.labels }] })),
    }),
  );
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}`;
  const prometheus = await startServer(
    PROMETHEUS,
    [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    `${url}/-/ready`,
  );
  return { prometheus, url };
}

/** One series of an instant query's result. */
export interface Series {
  metric: Record<string, string>;
  value: [number, string];
}

/** `/api/v1/query` of `expr`; throws with Prometheus' error (a query that does not parse, for one). */
export async function instantQuery(promUrl: string, expr: string): Promise<Series[]> {
  const response = await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: Series[] } };
  if (body.status !== 'success') throw new Error(`query failed: ${body.error}: ${expr}`);
  return body.data!.result;
}
