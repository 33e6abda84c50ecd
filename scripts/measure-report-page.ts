/**
 * `npm run measure:report-page [-- SIZES [SITE_DIR]]`: the report server's index page in real nginx and headless
 * Chromium (as test/runtime/report-server/index-page.test.ts runs them) on results trees of RUNS×TARGETS (default
 * `30x10,100x10,1000x30`: 30 runs is the default `retention.keepRuns`), and per size: time until the first screen
 * is drawn and the requests it made, time to draw one target's history when it is drawn on demand, requests that
 * failed (in the page's fetch and in Chromium), requests in flight at most, DOM nodes, how many run × target tables
 * are shown (a page without the index shows them all), and the results index's bytes per run × target. Goals
 * (issue 18): 100 × 10 first screen < 1 s with ≤ 10 requests; 1000 × 30 first screen < 2 s, a history chart < 1 s,
 * < 20k DOM nodes, 0 failed requests; the index ≤ 500 B per run × target. SITE_DIR: another copy of runtime/report-server/site (e.g. an older page, from
 * `git archive REV runtime/report-server/site | tar -x -C DIR`), measured in the same run beside the current one.
 *
 * The trees are made from the test fixture's (the real results processor on the real GuideLLM report): every run a
 * copy of its newest complete run, every target a copy of one of its targets under a name of its own.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { INDEX_ENTRY_FILE, rebuildIndex, RUN_INDEX_FILE } from '../runtime/processor/run-index';
import { renderNginxConf } from '../runtime/report-server/nginx-conf';
import { CHROMIUM, CHROMIUM_FLAGS, FETCH_COUNTER } from '../test/helpers/chromium';
import { closedPort } from '../test/helpers/net';
import { buildResultsTree, ResultsTree, RUNS, TARGETS } from '../test/runtime/report-server/fixtures';

const NGINX = '/usr/sbin/nginx';
const SITE = path.join(__dirname, '..', 'runtime', 'report-server', 'site');

/** Run ids a day apart, as prepare.sh makes them (UTC start time, then a suffix). */
function runId(i: number): string {
  const d = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-020000-r${String(i).padStart(4, '0')}`;
}

/** `runs` × `targets` under `dir`, copied from the fixture tree's newest run, with the results index rebuilt. */
function makeTree(fixture: ResultsTree, dir: string, runs: number, targets: number): void {
  const source = path.join(fixture.results, RUNS[RUNS.length - 1]);
  for (let r = 0; r < runs; r++) {
    const run = path.join(dir, runId(r));
    fs.mkdirSync(run, { recursive: true });
    fs.copyFileSync(path.join(source, 'comparison.json'), path.join(run, 'comparison.json'));
    for (let t = 0; t < targets; t++) {
      const from = path.join(source, TARGETS[t % TARGETS.length].name);
      const to = path.join(run, `t${t}-${TARGETS[t % TARGETS.length].name}`.slice(0, 60));
      fs.mkdirSync(to);
      for (const file of ['summary.json', 'run.json']) fs.copyFileSync(path.join(from, file), path.join(to, file));
      const entry = JSON.parse(fs.readFileSync(path.join(from, INDEX_ENTRY_FILE), 'utf8'));
      fs.writeFileSync(path.join(to, INDEX_ENTRY_FILE), JSON.stringify({ ...entry, target: path.basename(to) }));
    }
  }
  rebuildIndex(dir, runId(runs - 1));
}

interface Figures {
  /** Until the first screen is drawn. */
  readyMs: number;
  /** Requests the first screen made. */
  requests: number;
  /** Opening the first target's history, until its charts are drawn (0: drawn with the first screen). */
  historyMs: number;
  failed: number;
  maxInFlight: number;
  domNodes: number;
  /** Targets of all runs shown with their figures. */
  withFigures: number;
}

async function measurePage(site: string, results: string, work: string): Promise<Figures> {
  const port = await closedPort();
  const conf = path.join(work, 'nginx.conf');
  fs.mkdirSync(path.join(work, 'temp'), { recursive: true });
  fs.writeFileSync(
    conf,
    renderNginxConf({
      listenPort: port,
      listenAddress: '127.0.0.1',
      siteRoot: site,
      resultsRoot: results,
      tempDir: path.join(work, 'temp'),
      pidFile: path.join(work, 'nginx.pid'),
      errorLog: path.join(work, 'error.log'),
      accessLog: path.join(work, 'access.log'),
    }),
  );
  const errorLog = ['-p', work, '-e', path.join(work, 'error.log')];
  const check = spawnSync(NGINX, ['-t', '-c', conf, ...errorLog], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const nginx: ChildProcess = spawn(NGINX, ['-c', conf, ...errorLog, '-g', 'daemon off;'], { stdio: 'ignore' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        if (i > 100) throw new Error('nginx did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.addInitScript({ content: FETCH_COUNTER });
    const page = await context.newPage();
    let requests = 0;
    let failed = 0;
    page.on('request', () => requests++);
    page.on('requestfailed', () => failed++);
    const start = Date.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 600_000 });
    const readyMs = Date.now() - start;
    const firstScreenRequests = requests;
    let historyMs = 0;
    const lazy = page.locator('#history details.history-target').first();
    if ((await lazy.count()) > 0) {
      const opened = Date.now();
      await lazy.locator('summary').click();
      await lazy.locator('svg[data-chart]').first().waitFor();
      historyMs = Date.now() - opened;
    }
    const inPage = await page.evaluate<{ max: number; failed: number; nodes: number; shown: number }>(
      '({ max: window.__maxInFlight, failed: window.__failed, nodes: document.getElementsByTagName("*").length,' +
        ' shown: [...document.querySelectorAll("section.run tbody")].filter((b) => b.querySelector("tr[data-benchmark]")).length })',
    );
    await context.close();
    return { readyMs, requests: firstScreenRequests, historyMs, failed: Math.max(failed, inPage.failed), maxInFlight: inPage.max, domNodes: inPage.nodes, withFigures: inPage.shown };
  } finally {
    await browser.close();
    if (nginx.pid !== undefined) process.kill(nginx.pid, 'SIGTERM');
  }
}

async function main(): Promise<number> {
  const sizes = (process.argv[2] ?? '30x10,100x10,1000x30').split(',').map((s) => s.split('x').map(Number) as [number, number]);
  const sites: [string, string][] = [['current page', SITE], ...(process.argv[3] ? [['page in ' + process.argv[3], path.resolve(process.argv[3])] as [string, string]] : [])];
  const fixture = await buildResultsTree();
  fs.chmodSync(fixture.root, 0o755); // nginx's workers run as "nobody" when the master is root
  try {
    for (const [runs, targets] of sizes) {
      const results = path.join(fixture.root, `tree-${runs}x${targets}`);
      makeTree(fixture, results, runs, targets);
      for (const [label, site] of sites) {
        const f = await measurePage(site, results, path.join(fixture.root, `nginx-${runs}x${targets}-${sites.findIndex((s) => s[1] === site)}`));
        const indexBytes = fs.statSync(path.join(results, RUN_INDEX_FILE)).size;
        console.log(
          `${runs} runs × ${targets} targets, ${label}: first screen after ${(f.readyMs / 1000).toFixed(2)} s with ${f.requests} requests | a target's history ${(f.historyMs / 1000).toFixed(2)} s | ${f.failed} failed, at most ${f.maxInFlight} in flight | ${f.domNodes} DOM nodes | ${f.withFigures} of ${runs * targets} run × target tables shown | index ${(indexBytes / runs / targets).toFixed(0)} B per run × target`,
        );
      }
    }
  } finally {
    fixture.remove();
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`measure:report-page: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);
