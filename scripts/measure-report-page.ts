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
 *
 * With `--object-store` (after the other arguments) each tree is also served from a private bucket on a real S3
 * server (Ceph RGW on loopback, test/helpers/ceph-rgw.ts) through the report server's reader: the index, every run's
 * comparison.json (so the bucket lists every run) and the newest five runs' files are stored, what the first screen
 * and the history read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import type { ObjectStoreLocation } from '../domain/contracts/processor-config';
import { openBucket } from '../runtime/object-store/bucket';
import { contentTypeOf } from '../runtime/object-store/content-types';
import { INDEX_ENTRY_FILE, rebuildIndex, RUN_INDEX_FILE } from '../runtime/processor/run-index';
import { startReader } from '../runtime/report-server/reader';
import { Rgw, startRgw } from '../test/helpers/ceph-rgw';
import { CHROMIUM, CHROMIUM_FLAGS, FETCH_COUNTER } from '../test/helpers/chromium';
import { closedPort } from '../test/helpers/net';
import { SITE_ROOT as SITE, startReportNginx } from '../test/helpers/report-nginx';
import { buildResultsTree, ResultsTree, RUNS, TARGETS } from '../test/runtime/report-server/fixtures';

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

/** Loads after the first, cold one; the first screen's time is their median. */
const LOADS = 5;

interface Figures {
  /** Until the first screen is drawn (median of LOADS loads after the first). */
  readyMs: number;
  /** The same for the first load after the servers started. */
  coldReadyMs?: number;
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

/** Loads the page once in a new browser context; its figures. */
async function loadOnce(browser: Browser, base: string): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript({ content: FETCH_COUNTER });
  const page = await context.newPage();
  let requests = 0;
  let failed = 0;
  page.on('request', () => requests++);
  page.on('requestfailed', () => failed++);
  const start = Date.now();
  await page.goto(`${base}/`);
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
}

/** Stores what the first screen and the history read of the tree `dir` in a new bucket; its location. */
async function storeTree(rgw: Rgw, dir: string, runs: number, bucketName: string): Promise<ObjectStoreLocation> {
  await rgw.createBucket(bucketName);
  const location: ObjectStoreLocation = { endpoint: rgw.endpoint, bucket: bucketName, root: 'results', region: 'us-east-1' };
  const bucket = await openBucket(location, rgw.owner);
  const files = (rel: string): string[] =>
    fs.statSync(path.join(dir, rel)).isDirectory() ? fs.readdirSync(path.join(dir, rel)).flatMap((f) => files(`${rel}/${f}`)) : [rel];
  const keys = [RUN_INDEX_FILE, ...Array.from({ length: runs }, (_, r) => (r >= runs - 5 ? files(runId(r)) : [`${runId(r)}/comparison.json`])).flat()];
  for (let i = 0; i < keys.length; i += 16) {
    await Promise.all(keys.slice(i, i + 16).map((k) => bucket.put(k, fs.readFileSync(path.join(dir, k)), contentTypeOf(k))));
  }
  return location;
}

async function measurePage(site: string, results: { resultsRoot: string } | { bucket: ObjectStoreLocation; keys: Rgw['owner'] }, work: string): Promise<Figures> {
  let reader: import('http').Server | undefined;
  let served: { resultsRoot: string } | { resultsReader: { port: number } };
  if ('bucket' in results) {
    const port = await closedPort();
    const env = { READER_CONFIG: JSON.stringify(results.bucket), READER_PORT: String(port), AWS_ACCESS_KEY_ID: results.keys.accessKeyId, AWS_SECRET_ACCESS_KEY: results.keys.secretAccessKey };
    reader = await startReader(env, () => undefined);
    served = { resultsReader: { port } };
  } else {
    served = results;
  }
  const nginx = await startReportNginx(work, served, site);
  const base = nginx.base;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    // the first load after the servers start (cold: JIT, first connections), then LOADS more, each in a new browser
    // context: the first screen's time is the median of those, the other figures are the last load's
    const loads: Figures[] = [];
    for (let i = 0; i <= LOADS; i++) loads.push(await loadOnce(browser, base));
    const warm = loads.slice(1).map((l) => l.readyMs).sort((a, b) => a - b);
    return { ...loads[loads.length - 1], readyMs: warm[Math.floor(warm.length / 2)], coldReadyMs: loads[0].readyMs };
  } finally {
    await browser.close();
    await nginx.stop();
    if (reader) await new Promise((r) => reader!.close(r));
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--object-store');
  const objectStore = process.argv.includes('--object-store');
  const sizes = (args[0] ?? '30x10,100x10,1000x30').split(',').map((s) => s.split('x').map(Number) as [number, number]);
  const sites: [string, string][] = [['current page', SITE], ...(args[1] ? [['page in ' + args[1], path.resolve(args[1])] as [string, string]] : [])];
  const fixture = await buildResultsTree();
  fs.chmodSync(fixture.root, 0o755); // nginx's workers run as "nobody" when the master is root
  const rgw = objectStore ? await startRgw() : undefined;
  try {
    for (const [runs, targets] of sizes) {
      const results = path.join(fixture.root, `tree-${runs}x${targets}`);
      makeTree(fixture, results, runs, targets);
      const modes: [string, Parameters<typeof measurePage>[1]][] = [['volume', { resultsRoot: results }]];
      if (rgw) modes.push(['object store', { bucket: await storeTree(rgw, results, runs, `tree-${runs}x${targets}`), keys: rgw.owner }]);
      for (const [label, site] of sites.flatMap(([l, s]) => modes.map(([m]) => [`${l}, ${m}`, s] as const))) {
        const mode = modes.find(([m]) => label.endsWith(m))![1];
        const f = await measurePage(site, mode, path.join(fixture.root, `nginx-${runs}x${targets}-${label.replace(/\W+/g, '-')}`));
        const indexBytes = fs.statSync(path.join(results, RUN_INDEX_FILE)).size;
        console.log(
          `${runs} runs × ${targets} targets, ${label}: first screen after ${(f.readyMs / 1000).toFixed(2)} s (median of ${LOADS}; the first load after start ${((f.coldReadyMs ?? 0) / 1000).toFixed(2)} s) with ${f.requests} requests | a target's history ${(f.historyMs / 1000).toFixed(2)} s | ${f.failed} failed, at most ${f.maxInFlight} in flight | ${f.domNodes} DOM nodes | ${f.withFigures} of ${runs * targets} run × target tables shown | index ${(indexBytes / runs / targets).toFixed(0)} B per run × target`,
        );
      }
    }
  } finally {
    await rgw?.stop();
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
