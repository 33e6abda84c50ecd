/**
 * Object-store mode against a real S3 server (Ceph RGW, ../shared/tools/ceph-rgw) on loopback, with the code the
 * cluster runs: the results processor (its modules, and its bundle beside the S3 client's file as the ConfigMap
 * mounts them) stores the fixture runs in a private bucket under `<prefix>/<cluster>/`, reading earlier runs from
 * it; the report server's reader serves them to the real nginx with read-only credentials, and headless Chromium
 * shows the same page as from the results volume. Screenshots of both modes go to test-artifacts/.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { promisify } from 'util';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Browser, chromium, Page } from 'playwright-core';
import { resultsProcessorBundle } from '../../constructs/results-processor';
import { S3_CLIENT_FILE, s3ClientBundle } from '../../constructs/runtime-bundle';
import type { ObjectStoreLocation, ProcessorConfig } from '../../domain/contracts/processor-config';
import { openBucket } from '../../runtime/object-store/bucket';
import { TYPED_EXTENSIONS } from '../../runtime/object-store/content-types';
import { main } from '../../runtime/processor/main';
import { applyBucketRetention } from '../../runtime/processor/retention';
import { TargetSummary } from '../../runtime/processor/types';
import { startReader } from '../../runtime/report-server/reader';
import { Keys, Rgw, startRgw } from '../helpers/ceph-rgw';
import { CHROMIUM, CHROMIUM_FLAGS } from '../helpers/chromium';
import { selfSignedCertificate } from '../helpers/kube-api/tls';
import { closedPort } from '../helpers/net';
import { PROJECT_ROOT } from '../helpers/project';
import { ReportNginx, startReportNginx } from '../helpers/report-nginx';
import { buildResultsTree, ProcessFn, ResultsTree, RUNS, TARGETS } from '../runtime/report-server/fixtures';

const execFileAsync = promisify(execFile);
jest.setTimeout(240_000);

const BUCKET = 'llm-bench-results';
const READER: Keys = { accessKeyId: 'reportreader', secretAccessKey: 'reportreadersecret' };
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

let rgw: Rgw;
let location: ObjectStoreLocation;
let volume: ResultsTree;
let seeded: ResultsTree;
let work: string;
const processorLog: string[] = [];

/** A benchmark pod in object-store mode: a scratch tree with its target's folder only, then the processor's `main`. */
function processInBucket(keys: Keys): ProcessFn {
  return async (targetDir, config) => {
    const { scratch, target } = scratchPod(targetDir);
    const status = await main(podEnv(scratch, { ...config, objectStore: location }, keys), (line) => processorLog.push(line));
    if (status !== 0) throw new Error(`processor exited ${status}:\n${processorLog.join('\n')}`);
    return JSON.parse(fs.readFileSync(path.join(target, 'summary.json'), 'utf8')) as TargetSummary;
  };
}

/** A pod's scratch folder holding a copy of `targetDir` as `results/<run>/<target>` and its state/run.env. */
function scratchPod(targetDir: string, runId = path.basename(path.dirname(targetDir))): { scratch: string; target: string } {
  const scratch = fs.mkdtempSync(path.join(work, 'pod-'));
  const target = path.join(scratch, 'results', runId, path.basename(targetDir));
  fs.cpSync(targetDir, target, { recursive: true });
  for (const f of ['summary.json', 'summary.md', 'index-entry.json']) fs.rmSync(path.join(target, f), { force: true });
  // a later run of the same target: its run.json names the run it is in
  const record = JSON.parse(fs.readFileSync(path.join(target, 'run.json'), 'utf8'));
  fs.writeFileSync(path.join(target, 'run.json'), JSON.stringify({ ...record, runId }));
  fs.mkdirSync(path.join(scratch, 'state'));
  fs.writeFileSync(path.join(scratch, 'state', 'run.env'), `RUN_ID=${runId}\nTARGET_DIR=${target}\n`);
  return { scratch, target };
}

function podEnv(scratch: string, config: ProcessorConfig, keys: Keys): NodeJS.ProcessEnv {
  return { STATE_DIR: path.join(scratch, 'state'), PROCESSOR_CONFIG: JSON.stringify(config), AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey };
}

/** The object at `key` under the results root, as the owner reads it. */
async function objectText(key: string): Promise<string | undefined> {
  try {
    const out = await rgw.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: `${location.root}/${key}` }));
    return await out.Body!.transformToString();
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
    throw e;
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await rgw.client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

const json = (text: string | undefined) => JSON.parse(text ?? 'null');
const volumeJson = (relative: string) => JSON.parse(fs.readFileSync(path.join(volume.results, relative), 'utf8'));

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'object-store-'));
  rgw = await startRgw();
  await rgw.createUser('reader', READER);
  await rgw.createBucket(BUCKET, 'reader');
  location = { endpoint: rgw.endpoint, bucket: BUCKET, root: 'llm-benchmarks/east', region: 'us-east-1' };
  // the same runs twice: on a results volume, and stored in the bucket by the processor in object-store mode
  volume = await buildResultsTree({ partialRun: false });
  seeded = await buildResultsTree({ partialRun: false, process: processInBucket(rgw.owner) });
});

afterAll(async () => {
  await rgw?.stop();
  volume?.remove();
  seeded?.remove();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the results processor in object-store mode, on Ceph RGW', () => {
  test('stores every target under <prefix>/<cluster>/<run>/<target>/: raw reports, summaries, entry; the run\'s comparison and the index', async () => {
    const keys = await keysUnder(`${location.root}/`);
    for (const run of RUNS) {
      for (const target of TARGETS) {
        for (const file of ['run.json', 'summary.json', 'summary.md', 'index-entry.json', 'chat-demo-ladder/benchmarks.json']) {
          expect(keys).toContain(`${location.root}/${run}/${target.name}/${file}`);
        }
      }
      expect(keys).toContain(`${location.root}/${run}/comparison.json`);
    }
    expect(keys).toContain(`${location.root}/index.json`);
    expect(keys.filter((k) => !k.startsWith(`${location.root}/`))).toEqual([]);
  });

  test('reads earlier runs from the bucket: every summary (regressions against the previous run included) is the one volume mode writes', async () => {
    for (const run of RUNS) {
      for (const target of TARGETS) expect([run, target.name, json(await objectText(`${run}/${target.name}/summary.json`))]).toEqual([run, target.name, volume.summaries[run][target.name]]);
    }
    // the newest run found regressions against the one before it, from the bucket
    const newest = seeded.summaries[RUNS[2]][TARGETS[0].name];
    expect(newest.regressions.comparedWith).toEqual([RUNS[1]]);
    expect(newest.regressions.findings.length).toBeGreaterThan(0);
  });

  test('comparisons and the index are those of volume mode', async () => {
    for (const run of RUNS) expect(json(await objectText(`${run}/comparison.json`))).toEqual(volumeJson(`${run}/comparison.json`));
    expect(json(await objectText('index.json'))).toEqual(volumeJson('index.json'));
  });

  test('the Content-Type of each object follows its extension', async () => {
    const type = async (key: string) => (await rgw.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: `${location.root}/${key}` }))).ContentType;
    expect(await type(`${RUNS[0]}/${TARGETS[0].name}/summary.json`)).toBe('application/json; charset=utf-8');
    expect(await type(`${RUNS[0]}/${TARGETS[0].name}/summary.md`)).toBe('text/markdown; charset=utf-8');
  });
});

describe('the bucket is private: anonymous requests and the reader\'s writes are refused', () => {
  test('the reader may list and read, not write or delete (RGW answers AccessDenied)', async () => {
    const reader = rgw.client(READER);
    const key = `${location.root}/index.json`;
    await expect(reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).resolves.toBeDefined();
    await expect(reader.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${location.root}/` }))).resolves.toBeDefined();
    await expect(reader.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: '{}' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(reader.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(json(await objectText('index.json'))).toEqual(volumeJson('index.json'));
  });

  test('an unsigned GET is refused (no anonymous read)', async () => {
    const response = await fetch(`${rgw.endpoint}/${BUCKET}/${location.root}/index.json`);
    expect(response.status).toBe(403);
  });
});

describe('the report page from the private bucket (reader + nginx) and from the volume, in Chromium', () => {
  let browser: Browser;
  let reader: http.Server;
  let fromBucket: ReportNginx;
  let fromVolume: ReportNginx;

  beforeAll(async () => {
    const readerPort = await closedPort();
    const env = { READER_CONFIG: JSON.stringify(location), READER_PORT: String(readerPort), AWS_ACCESS_KEY_ID: READER.accessKeyId, AWS_SECRET_ACCESS_KEY: READER.secretAccessKey };
    reader = await startReader(env, () => undefined);
    fromBucket = await startReportNginx(path.join(work, 'nginx-bucket'), { resultsReader: { port: readerPort } });
    fromVolume = await startReportNginx(volume.root, { resultsRoot: volume.results });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  });

  afterAll(async () => {
    await browser?.close();
    await fromBucket?.stop();
    await fromVolume?.stop();
    await new Promise((r) => reader?.close(r));
  });

  /** The page with every run opened; failed requests and console errors collected. */
  async function open(base: string): Promise<{ page: Page; problems: string[] }> {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && r.status() !== 404) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    await page.evaluate(`document.querySelectorAll('button.show-run').forEach((b) => b.click())`);
    await page.waitForSelector('section.run[data-loaded="false"]', { state: 'detached', timeout: 30_000 });
    return { page, problems };
  }

  test('the same verdicts, charts, regression flags and history in both modes; screenshots of both', async () => {
    const bucketPage = await open(fromBucket.base);
    const volumePage = await open(fromVolume.base);
    expect(bucketPage.problems).toEqual([]);
    expect(volumePage.problems).toEqual([]);
    const html = (page: Page, selector: string) => page.$eval(selector, (e) => e.outerHTML);
    for (const run of RUNS) {
      const selector = `section.run[data-run="${run}"]`;
      const fromBucketHtml = await html(bucketPage.page, selector);
      expect(fromBucketHtml).toContain('class="verdicts"');
      expect(fromBucketHtml).toBe(await html(volumePage.page, selector));
    }
    expect(await html(bucketPage.page, '#history')).toBe(await html(volumePage.page, '#history'));
    // the newest run's regression flags are there in both
    expect(await bucketPage.page.locator(`section.run[data-run="${RUNS[2]}"] td.regressed .flag`).count()).toBeGreaterThan(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await bucketPage.page.screenshot({ path: path.join(ARTIFACTS, 'report-page-object-store.png'), fullPage: true });
    await volumePage.page.screenshot({ path: path.join(ARTIFACTS, 'report-page-volume.png'), fullPage: true });
  });

  test('the reader answers listings and files like nginx from the volume; what the bucket lacks is 404; only GET and HEAD', async () => {
    const both = async (url: string) => Promise.all([fetch(`${fromBucket.base}${url}`), fetch(`${fromVolume.base}${url}`)]);
    const [bucketList, volumeList] = await both(`/api/results/${RUNS[0]}/`);
    const names = async (r: Response) => ((await r.json()) as { name: string; type: string }[]).map((e) => `${e.type}:${e.name}`).sort();
    expect(await names(bucketList)).toEqual(await names(volumeList));
    const [bucketFile, volumeFile] = await both(`/results/${RUNS[0]}/${TARGETS[0].name}/summary.json`);
    expect(bucketFile.headers.get('content-type')).toBe(volumeFile.headers.get('content-type'));
    expect(bucketFile.headers.get('content-security-policy')).toBe(volumeFile.headers.get('content-security-policy'));
    expect(await bucketFile.text()).toBe(await volumeFile.text());
    expect((await fetch(`${fromBucket.base}/results/${RUNS[0]}/missing.json`)).status).toBe(404);
    // every type the reader knows, and a file of none: the type nginx gives the same file from the volume
    const files = [...TYPED_EXTENSIONS.map((ext) => `file.${ext}`), 'exit-code'];
    const bucket = await openBucket(location, rgw.owner);
    fs.mkdirSync(path.join(volume.results, 'types'), { recursive: true });
    for (const name of files) {
      fs.writeFileSync(path.join(volume.results, 'types', name), 'x');
      await bucket.put(`types/${name}`, 'x', 'application/octet-stream');
    }
    for (const name of files) {
      const [fromReader, fromNginx] = await both(`/results/types/${name}`);
      expect([name, fromReader.headers.get('content-type')]).toEqual([name, fromNginx.headers.get('content-type')]);
    }
    await bucket.delete(files.map((n) => `types/${n}`));
    fs.rmSync(path.join(volume.results, 'types'), { recursive: true });
    expect((await fetch(`${fromBucket.base}/api/results/20200101-000000-none/`)).status).toBe(404);
    expect((await fetch(`${fromBucket.base}/results/index.json`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${fromBucket.base}/results/${RUNS[0]}/`)).headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('the bundled processor, as the ConfigMap mounts it (processor.js beside the S3 client\'s file)', () => {
  let code: string;
  const NEXT_RUN = '20261208-020000-n3x7r';

  beforeAll(() => {
    code = fs.mkdtempSync(path.join(work, 'code-'));
    fs.writeFileSync(path.join(code, 'processor.js'), resultsProcessorBundle());
    fs.writeFileSync(path.join(code, S3_CLIENT_FILE), s3ClientBundle());
  });

  async function runBundle(env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
    try {
      const { stdout, stderr } = await execFileAsync('node', [path.join(code, 'processor.js')], { env: { PATH: process.env.PATH, ...env } });
      return { status: 0, output: stdout + stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { status: err.code ?? -1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  }

  const config = (): ProcessorConfig => ({
    environment: 'demo',
    sla: volume.summaries[RUNS[2]][TARGETS[0].name].sla,
    regressions: { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 },
    objectStore: location,
  });

  test('a lost index heals: the next run\'s processor reads the runs the index lacks from their entries', async () => {
    await rgw.client().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${location.root}/index.json` }));
    const { scratch } = scratchPod(path.join(volume.results, RUNS[2], TARGETS[0].name), NEXT_RUN);
    const { status, output } = await runBundle(podEnv(scratch, config(), rgw.owner));
    expect([status, output]).toEqual([0, expect.stringContaining(`object store: ${RUNS.length} run(s) not in index.json read from their entries`)]);
    const index = json(await objectText('index.json'));
    expect(index.runs.map((r: { id: string }) => r.id)).toEqual([NEXT_RUN, ...[...RUNS].reverse()]);
    expect(index.runs.slice(1)).toEqual(volumeJson('index.json').runs);
    // compared with the newest earlier run, read from the bucket
    const summary = json(await objectText(`${NEXT_RUN}/${TARGETS[0].name}/summary.json`));
    expect(summary.regressions.comparedWith).toEqual([RUNS[2]]);
  });

  test('retention comes first: the run beyond keepRuns and past maxAgeDays leaves the bucket, and the index made after it', async () => {
    const { scratch } = scratchPod(path.join(volume.results, RUNS[2], TARGETS[1].name), NEXT_RUN);
    // the fixture's runs are from November 2026: older than a day whenever this runs
    const { status, output } = await runBundle(podEnv(scratch, { ...config(), retention: { keepRuns: 3, maxAgeDays: 1 } }, rgw.owner));
    expect([status, output]).toEqual([0, expect.stringContaining(`retention: run ${RUNS[0]} deleted from the bucket`)]);
    expect(await keysUnder(`${location.root}/${RUNS[0]}/`)).toEqual([]);
    expect(json(await objectText('index.json')).runs.map((r: { id: string; targets: unknown[] }) => [r.id, r.targets.length])).toEqual([
      [NEXT_RUN, 2],
      [RUNS[2], 2],
      [RUNS[1], 2],
    ]);
  });

  test('results that cannot be stored are named and fail the step (exit status 4); the scratch copy stays', async () => {
    const { scratch, target } = scratchPod(path.join(volume.results, RUNS[2], TARGETS[1].name), NEXT_RUN);
    const { status, output } = await runBundle({ ...podEnv(scratch, config(), READER), STATUS_FILE: path.join(scratch, 'status') });
    expect(status).toBe(0);
    expect(fs.readFileSync(path.join(scratch, 'status'), 'utf8')).toBe('4\n');
    expect(output).toMatch(new RegExp(`the results of ${TARGETS[1].name} were NOT stored in the bucket: object store: cannot write .*AccessDenied`));
    expect(fs.existsSync(path.join(target, 'summary.json'))).toBe(true);
    expect(output).not.toContain(READER.secretAccessKey);
  });

  test('missing keys are named before anything is read', async () => {
    const { scratch } = scratchPod(path.join(volume.results, RUNS[2], TARGETS[1].name), NEXT_RUN);
    const { status, output } = await runBundle({ STATE_DIR: path.join(scratch, 'state'), PROCESSOR_CONFIG: JSON.stringify(config()) });
    expect(status).toBe(2);
    expect(output).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set');
  });
});

describe('an https endpoint with a private CA (as ODF\'s in-cluster endpoint with the service CA)', () => {
  test('the CA bundle verifies it; without it the certificate is refused and the error named', async () => {
    const { key, cert } = await selfSignedCertificate();
    const rgwPort = Number(new URL(rgw.endpoint).port);
    // TLS in front of RGW, bytes passed through: the signed Host header reaches RGW as the client sent it
    const sockets = new Set<net.Socket>();
    const server = tls.createServer({ key, cert }, (socket) => {
      const upstream = net.connect(rgwPort, '127.0.0.1');
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => [socket, upstream].forEach((o) => o.destroy()));
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
      const caFile = path.join(work, 'object-store-ca.crt');
      fs.writeFileSync(caFile, cert);
      const verified = await openBucket({ ...location, endpoint, caFile }, READER);
      expect(json(String(await verified.get('index.json'))).runs.length).toBeGreaterThan(0);
      const unverified = await openBucket({ ...location, endpoint }, READER);
      await expect(unverified.get('index.json')).rejects.toThrow(/^object store: cannot read https:\/\/127\.0\.0\.1:\d+\/llm-bench-results\/.*index\.json: .*(self.signed|certificate)/i);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('retention in the bucket', () => {
  const RETENTION_ROOT = 'retention/east';
  const runs = ['20200101-020000-a', '20200102-020000-b', '20200103-020000-c', '20200104-020000-d'];

  test('whole runs beyond keepRuns and past maxAgeDays go; raw reports go sooner; newer runs and other roots stay', async () => {
    const bucket = await openBucket({ ...location, root: RETENTION_ROOT }, rgw.owner);
    const files = (run: string) => [`${run}/comparison.json`, `${run}/t/summary.json`, `${run}/t/run.json`, `${run}/t/chat/benchmarks.json`, `${run}/t/chat/guidellm.log`];
    for (const run of runs) for (const key of files(run)) await bucket.put(key, '{}', 'application/json');
    const before = await keysUnder(`${location.root}/`);
    const log: string[] = [];
    // the current run is the newest: keep 3 runs, raw reports of the newest 2; everything is years old
    const deleted = await applyBucketRetention(bucket, runs[3], { keepRuns: 3, maxAgeDays: 1, rawReports: { keepRuns: 2, maxAgeDays: 1 } }, new Date('2026-12-07T00:00:00Z'), (l) => log.push(l));
    expect(deleted).toBe(5 + 2);
    expect(await bucket.listAll('')).toEqual(
      [...files(runs[1]).filter((k) => !k.includes('/chat/')), ...files(runs[2]), ...files(runs[3])].sort(),
    );
    expect(log).toEqual([
      expect.stringContaining(`run ${runs[0]} deleted from the bucket (5 file(s)`),
      expect.stringContaining(`raw reports of run ${runs[1]} deleted from the bucket (2 file(s))`),
    ]);
    // nothing of the other results root was touched
    expect(await keysUnder(`${location.root}/`)).toEqual(before);
    // within maxAgeDays nothing goes
    expect(await applyBucketRetention(bucket, runs[3], { keepRuns: 1, maxAgeDays: 36500 }, new Date('2026-12-07T00:00:00Z'), () => undefined)).toBe(0);
  });
});

describe('a fleet: the page compares one target across two clusters from the bucket', () => {
  test("each cluster's newest answers side by side, read through the reader's /fleet/ from one bucket; screenshot", async () => {
    // a second cluster's results beside the first's: a copy, with one answer changed so the two columns differ
    const [east, west] = [`${location.root}/`, location.root!.replace(/east$/, 'west') + '/'];
    for (const key of await keysUnder(east)) {
      await rgw.client().send(new CopyObjectCommand({ Bucket: BUCKET, CopySource: `${BUCKET}/${key}`, Key: west + key.slice(east.length) }));
    }
    const index = json(await objectText('index.json'));
    const [newest] = index.runs;
    const changed = { ...newest, targets: newest.targets.map((t: any, i: number) => (i === 0 ? { ...t, benchmarks: t.benchmarks.map((b: any, j: number) => (j === 0 ? { ...b, sweet: 99 } : b)) } : t)) };
    await rgw.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${west}index.json`, Body: JSON.stringify({ ...index, runs: [changed, ...index.runs.slice(1)] }), ContentType: 'application/json' }));

    const readerPort = await closedPort();
    const fleetRoot = location.root!.replace(/\/east$/, '');
    const env = { READER_CONFIG: JSON.stringify({ ...location, fleetRoot }), READER_PORT: String(readerPort), AWS_ACCESS_KEY_ID: READER.accessKeyId, AWS_SECRET_ACCESS_KEY: READER.secretAccessKey };
    const reader = await startReader(env, () => undefined);
    const nginx = await startReportNginx(path.join(work, 'nginx-fleet'), { resultsReader: { port: readerPort } });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    try {
      expect(((await (await fetch(`${nginx.base}/api/fleet/`)).json()) as { name: string }[]).map((e) => e.name)).toEqual(['east', 'west']);
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
      await page.goto(`${nginx.base}/`);
      await page.waitForSelector('body[data-state="ready"]');
      await page.waitForSelector('#fleet:not([hidden]) table.fleet-table');
      expect(await page.$$eval('#fleet thead th[data-cluster]', (ths) => ths.map((t) => t.getAttribute('data-cluster')))).toEqual(['east', 'west']);
      const target = newest.targets[0];
      const row = `${target.target} · ${target.benchmarks[0].name}`;
      const sweets = await page.$$eval(`#fleet tr[data-row="${row}"] td`, (tds) => tds.map((td) => td.getAttribute('data-sweet')));
      expect(sweets).toEqual([String(target.benchmarks[0].sweet), '99']);
      expect(await page.textContent(`#fleet tr[data-row="${row}"] td:nth-of-type(2)`)).toContain('99 users within the SLA');
      // the row's history: a line per cluster over every run, west's newest point the changed answer
      const history = page.locator(`#fleet details.fleet-history[data-row="${row}"]`);
      expect(await history.locator('svg').count()).toBe(0);
      await history.locator('summary').click();
      const sweetChart = history.locator('svg[data-chart="history-sweet-spot"]');
      await sweetChart.waitFor({ state: 'attached' });
      const pointsOf = (cluster: string) =>
        sweetChart.locator(`g[data-series="${cluster}"] .point`).evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-run'), Number(p.getAttribute('data-y'))]));
      const sweetOf = (run: any) => run.targets.find((t: any) => t.target === target.target)?.benchmarks.find((b: any) => b.name === target.benchmarks[0].name)?.sweet;
      const chronological = [...index.runs].sort((a: any, b: any) => (a.id < b.id ? -1 : 1)).filter((r: any) => typeof sweetOf(r) === 'number');
      expect(chronological.length).toBeGreaterThanOrEqual(2);
      expect(await pointsOf('east')).toEqual(chronological.map((r: any) => [r.id, sweetOf(r)]));
      expect(await pointsOf('west')).toEqual(chronological.map((r: any) => [r.id, r.id === newest.id ? 99 : sweetOf(r)]));
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-page-fleet.png'), fullPage: true });
      // the reader serves no fleet without fleetRoot, and nothing of it can be written
      expect((await fetch(`${nginx.base}/fleet/west/index.json`, { method: 'PUT' })).status).toBe(405);
    } finally {
      await browser.close();
      await nginx.stop();
      await new Promise((r) => reader.close(r));
    }
  });
});
