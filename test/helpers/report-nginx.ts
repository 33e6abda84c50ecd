/**
 * The report server's nginx for tests: Debian's nginx running the generated nginx.conf on loopback, with a private
 * prefix, temp folder, pid file and logs under `dir` (nothing under the machine's /etc/nginx or /var/log/nginx is
 * read or written), serving the real site files and the results from a folder (volume mode) or from a reader on
 * loopback (object-store mode).
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { NginxResultsReader, renderNginxConf } from '../../runtime/report-server/nginx-conf';
import { closedPort } from './net';
import { PROJECT_ROOT } from './project';

export const NGINX = '/usr/sbin/nginx';
export const SITE_ROOT = path.join(PROJECT_ROOT, 'runtime', 'report-server', 'site');

export interface ReportNginx {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** What nginx printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts nginx in `dir` (created; readable by nginx's workers) serving the page in `site`, and waits for /healthz. */
export async function startReportNginx(dir: string, results: { resultsRoot: string } | { resultsReader: NginxResultsReader }, site = SITE_ROOT): Promise<ReportNginx> {
  fs.mkdirSync(path.join(dir, 'nginx-temp'), { recursive: true });
  // nginx's workers run as "nobody" when the master is root: the folder must be readable by them
  fs.chmodSync(dir, 0o755);
  const port = await closedPort();
  const base = `http://127.0.0.1:${port}`;
  const conf = path.join(dir, 'nginx.conf');
  const errorLog = path.join(dir, 'error.log');
  fs.writeFileSync(
    conf,
    renderNginxConf({
      listenPort: port,
      listenAddress: '127.0.0.1',
      siteRoot: site,
      ...results,
      tempDir: path.join(dir, 'nginx-temp'),
      pidFile: path.join(dir, 'nginx.pid'),
      errorLog,
      accessLog: path.join(dir, 'access.log'),
    }),
  );
  const prefix = ['-p', dir, '-e', errorLog];
  const check = spawnSync(NGINX, ['-t', '-c', conf, ...prefix], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const nginx: ChildProcess = spawn(NGINX, ['-c', conf, ...prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  nginx.stdout!.on('data', (d) => (output += d));
  nginx.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer ${base}/healthz: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    output: () => output,
    async stop() {
      if (nginx.pid !== undefined && nginx.exitCode === null) {
        const exited = new Promise((resolve) => nginx.once('exit', resolve));
        process.kill(nginx.pid, 'SIGTERM');
        await exited;
      }
    },
  };
}
