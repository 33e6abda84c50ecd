/**
 * The report server's nginx.conf with the real Debian nginx: `nginx -t` on both modes, then real nginx on
 * loopback (as an unprivileged UID when the tests run as root, like the pod) serving a temporary results tree
 * and site root (laid out like a mounted ConfigMap), and, in object-store mode, proxying to a stand-in reader (the
 * real reader against a real S3 server: test/object-store/).
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { INDEX_CSP, NginxConfOptions, renderNginxConf, RESULTS_CSP } from '../../../runtime/report-server/nginx-conf';
import { closedPort } from '../../helpers/net';

const NGINX = '/usr/sbin/nginx';
const FIXTURE = path.join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');
const RUN = '20261124-020000';
const BENCH = `${RUN}/t1/chat`;
const execFileAsync = promisify(execFile);

// As root, nginx runs as an arbitrary UID in group 0, like an OpenShift pod; otherwise as the current user.
const asRoot = process.getuid?.() === 0;
const UID = 1000680000;
const spawnIds = asRoot ? { uid: UID, gid: 0 } : {};

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, method: string, urlPath: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(10000, () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
    req.on('error', reject);
    req.end(method === 'GET' || method === 'HEAD' ? undefined : 'x');
  });
}

const get = (port: number, urlPath: string) => request(port, 'GET', urlPath);

/** A running nginx, its stderr kept for failure messages. */
interface Nginx {
  port: number;
  child: ChildProcess;
  stderr: () => string;
}

const running: Nginx[] = [];

async function startNginx(dir: string, conf: string, port: number): Promise<Nginx> {
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, conf);
  const child = spawn(NGINX, ['-c', file, '-p', dir, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'], ...spawnIds });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const nginx = { port, child, stderr: () => stderr };
  running.push(nginx);
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await get(port, '/healthz')).status === 200) return nginx;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer /healthz: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopNginx(n: Nginx): Promise<void> {
  if (n.child.exitCode !== null || n.child.signalCode !== null) return;
  const exited = new Promise((r) => n.child.once('exit', r));
  n.child.kill('SIGQUIT'); // graceful shutdown, as the image's STOPSIGNAL
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
  clearTimeout(timer);
  if (n.child.exitCode === null && n.child.signalCode === null) n.child.kill('SIGKILL');
}

/** A folder nginx (running as UID) may write to. */
function writableDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  if (asRoot) fs.chownSync(dir, UID, 0);
  return dir;
}

/** Paths of one nginx instance inside `dir`. */
function paths(dir: string): Pick<NginxConfOptions, 'tempDir' | 'pidFile' | 'errorLog' | 'accessLog'> {
  const run = writableDir(path.join(dir, 'run'));
  return { tempDir: run, pidFile: path.join(run, 'nginx.pid'), errorLog: 'stderr', accessLog: path.join(run, 'access.log') };
}

let root: string;
let siteRoot: string;
let resultsRoot: string;
let outside: string;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-nginx-'));
  fs.chmodSync(root, 0o755);

  // The site as kubelet mounts a ConfigMap: <file> -> ..data/<file>, ..data -> ..<timestamp>/
  siteRoot = path.join(root, 'site');
  const stamp = path.join(siteRoot, '..2026_11_24_02_00_00.000000001');
  fs.mkdirSync(stamp, { recursive: true });
  fs.writeFileSync(path.join(stamp, 'index.html'), '<!doctype html><title>runs</title><script src="app.js"></script>\n');
  fs.writeFileSync(path.join(stamp, 'app.js'), 'document.title = "runs";\n');
  fs.writeFileSync(path.join(stamp, 'style.css'), 'body { margin: 0 }\n');
  fs.symlinkSync(path.basename(stamp), path.join(siteRoot, '..data'));
  for (const f of ['index.html', 'app.js', 'style.css']) fs.symlinkSync(`..data/${f}`, path.join(siteRoot, f));

  // Outside every root: what a traversal or a symbolic link would try to reach.
  outside = path.join(root, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');

  resultsRoot = path.join(root, 'results');
  const bench = path.join(resultsRoot, BENCH);
  fs.mkdirSync(bench, { recursive: true });
  fs.copyFileSync(FIXTURE, path.join(bench, 'benchmarks.json'));
  fs.writeFileSync(path.join(bench, 'benchmarks.csv'), 'benchmark,ttft_p95_ms\nchat,412.5\n');
  fs.writeFileSync(path.join(bench, 'benchmarks.html'), '<!doctype html><title>GuideLLM report</title>\n');
  fs.writeFileSync(path.join(resultsRoot, RUN, 'summary.md'), '# Run 20261124-020000 — résumé\n');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(bench, 'leak.txt'));
  fs.symlinkSync(outside, path.join(resultsRoot, 'escape'));
  // bookkeeping the dispatcher and the processor keep in dot-entries
  fs.mkdirSync(path.join(resultsRoot, '.jobs'));
  fs.writeFileSync(path.join(resultsRoot, '.jobs', 'job.json'), '{"by":"dispatcher"}\n');
  fs.writeFileSync(path.join(resultsRoot, RUN, '.partial'), 'dispatcher\n');
  for (const dir of [root, siteRoot, stamp, outside, resultsRoot]) fs.chmodSync(dir, 0o755);
});

afterAll(async () => {
  await Promise.all(running.map(stopNginx));
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('nginx -t with the real nginx', () => {
  test('volume mode', async () => {
    const dir = writableDir(path.join(root, 't-volume'));
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, renderNginxConf({ listenPort: 8080, siteRoot, resultsRoot, ...paths(dir) }));
    const { stderr } = await execFileAsync(NGINX, ['-t', '-c', file, '-p', dir, '-e', 'stderr']);
    expect(stderr).toContain('test is successful');
    expect(stderr).not.toMatch(/\[warn\]|\[emerg\]/);
  });

  test('object-store mode', async () => {
    const dir = writableDir(path.join(root, 't-object'));
    const file = path.join(dir, 'nginx.conf');
    fs.writeFileSync(file, renderNginxConf({ listenPort: 8080, siteRoot, resultsReader: { port: 8081 }, ...paths(dir) }));
    const { stderr } = await execFileAsync(NGINX, ['-t', '-c', file, '-p', dir, '-e', 'stderr']);
    expect(stderr).toContain('test is successful');
    expect(stderr).not.toMatch(/\[warn\]|\[emerg\]/);
  });

  test('the options are checked before anything is written', () => {
    const base = { listenPort: 8080, siteRoot, ...paths(path.join(root, 't-volume')) };
    expect(() => renderNginxConf(base)).toThrow(/exactly one of resultsRoot/);
    expect(() => renderNginxConf({ ...base, resultsRoot, resultsReader: { port: 8081 } })).toThrow(/exactly one/);
    expect(() => renderNginxConf({ ...base, resultsReader: { port: 8080 } })).toThrow(/other than listenPort/);
    expect(() => renderNginxConf({ ...base, resultsRoot: '/srv/a b' })).toThrow(/resultsRoot/);
    expect(() => renderNginxConf({ ...base, resultsRoot, listenPort: 0 })).toThrow(/port/);
  });
});

/** A real nginx in volume mode serving the test tree, in its own folder `name`; its port. */
async function volumeNginx(name: string): Promise<number> {
  const port = await closedPort();
  const dir = writableDir(path.join(root, name));
  await startNginx(dir, renderNginxConf({ listenPort: port, listenAddress: '127.0.0.1', siteRoot, resultsRoot, ...paths(dir) }), port);
  return port;
}

describe('volume mode, real nginx on loopback', () => {
  let port: number;

  beforeAll(async () => {
    port = await volumeNginx('volume');
  });

  test('/healthz answers 200', async () => {
    const r = await get(port, '/healthz');
    expect(r.status).toBe(200);
    expect(r.body).toBe('ok\n');
  });

  test('/ serves the index page with the CSP, nosniff and no server version', async () => {
    const r = await get(port, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>runs</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(INDEX_CSP);
    expect(INDEX_CSP).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers.server).toBe('nginx');
    const js = await get(port, '/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^(application|text)\/javascript; charset=utf-8$/);
    const css = await get(port, '/style.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  test.each([
    [`/results/${BENCH}/benchmarks.json`, 'application/json; charset=utf-8'],
    [`/results/${BENCH}/benchmarks.csv`, 'text/csv; charset=utf-8'],
    [`/results/${BENCH}/benchmarks.html`, 'text/html; charset=utf-8'],
    [`/results/${RUN}/summary.md`, 'text/markdown; charset=utf-8'],
  ])('%s is served as %s, with nosniff, sandboxed (no same origin)', async (url, type) => {
    const r = await get(port, url);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe('sandbox allow-scripts');
    expect(r.headers.allow).toBeUndefined();
    expect(r.headers.server).toBe('nginx');
  });

  test('the GuideLLM report is served byte for byte; HEAD answers without a body', async () => {
    const r = await get(port, `/results/${BENCH}/benchmarks.json`);
    expect(r.body).toBe(fs.readFileSync(FIXTURE, 'utf8'));
    const head = await request(port, 'HEAD', `/results/${BENCH}/benchmarks.json`);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe(fs.statSync(FIXTURE).size);
  });

  test('/results/ lists the tree in HTML', async () => {
    const r = await get(port, '/results/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain(`<a href="${RUN}/">${RUN}/</a>`);
    expect(r.headers['content-security-policy']).toBe(RESULTS_CSP);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const run = await get(port, `/results/${BENCH}/`);
    expect(run.body).toContain('benchmarks.json');
    // relative redirect (behind the router), not http://<pod>:8080/
    const bare = await get(port, '/results');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/results/');
  });

  test('/api/results/ lists the same tree in JSON', async () => {
    const r = await get(port, '/api/results/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe(RESULTS_CSP);
    const list = JSON.parse(r.body) as { name: string; type: string; mtime: string }[];
    expect(list).toContainEqual(expect.objectContaining({ name: RUN, type: 'directory', mtime: expect.any(String) }));
    const files = JSON.parse((await get(port, `/api/results/${BENCH}/`)).body) as { name: string; type: string; size?: number }[];
    expect(files).toContainEqual(expect.objectContaining({ name: 'benchmarks.json', type: 'file', size: fs.statSync(FIXTURE).size }));
    expect((await get(port, `/api/results/${BENCH}/benchmarks.csv`)).headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  test.each(['PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'])('%s is refused with 405 and Allow: GET, HEAD everywhere', async (method) => {
    for (const url of ['/', '/results/', `/results/${BENCH}/benchmarks.json`, '/api/results/', '/healthz']) {
      const r = await request(port, method, url);
      expect([method, url, r.status, r.headers.allow]).toEqual([method, url, 405, 'GET, HEAD']);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(fs.readFileSync(path.join(resultsRoot, BENCH, 'benchmarks.json'), 'utf8')).toBe(fs.readFileSync(FIXTURE, 'utf8'));
  });

  test.each([
    '/results/../etc/passwd',
    '/results/../../../../etc/passwd',
    '/results/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/results/%2E%2E/outside/secret.txt',
    '/results/.%2e/outside/secret.txt',
    '/results/..%2foutside/secret.txt',
    '/results/%2e%2e%2foutside%2fsecret.txt',
    '/api/results/../outside/',
    '/../outside/secret.txt',
    '/results/..',
  ])('traversal %s is refused', async (url) => {
    const r = await get(port, url);
    expect([400, 403, 404]).toContain(r.status);
    expect(r.body).not.toContain('secret');
    expect(r.body).not.toContain('root:');
  });

  test.each([`/results/${BENCH}/leak.txt`, '/results/escape/secret.txt', '/results/escape/', '/api/results/escape/', '/api/results/escape/secret.txt'])(
    'a symbolic link out of the results tree is refused: %s',
    async (url) => {
      const r = await get(port, url);
      // 403 (ELOOP) for a file link; a directory link opened with O_NOFOLLOW|O_DIRECTORY fails with ENOTDIR: 404
      expect([403, 404]).toContain(r.status);
      expect(r.body).not.toContain('secret');
    },
  );
});

describe('dot-entries, volume mode', () => {
  let port: number;
  beforeAll(async () => {
    port = await volumeNginx('dot');
  });

  test.each([
    '/results/.jobs/',
    '/results/.jobs/job.json',
    `/results/${RUN}/.partial`,
    '/results/%2ejobs/job.json',
    '/api/results/.jobs/',
    `/api/results/${RUN}/.partial`,
  ])('%s is not served (404)', async (url) => {
    const r = await get(port, url);
    expect([url, r.status]).toEqual([url, 404]);
    expect(r.body).not.toContain('dispatcher');
  });

  test('listings leave dot-entries out', async () => {
    expect((await get(port, '/results/')).body).not.toContain('.jobs');
    const names = (JSON.parse((await get(port, `/api/results/${RUN}/`)).body) as { name: string }[]).map((e) => e.name);
    expect(names).toContain('summary.md');
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

describe('object-store mode, real nginx proxying to a stand-in reader on loopback', () => {
  let port: number;
  let reader: http.Server;
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
  const objects: Record<string, { type: string; body: string }> = {
    [`/results/${BENCH}/benchmarks.json`]: { type: 'application/json; charset=utf-8', body: '{"benchmarks":[]}' },
    [`/results/${BENCH}/benchmarks.csv`]: { type: 'text/csv; charset=utf-8', body: 'a,b\n1,2\n' },
    [`/api/results/${RUN}/`]: { type: 'application/json', body: '[{"name":"summary.md","type":"file","mtime":"x","size":1}]' },
  };

  beforeAll(async () => {
    // answers like runtime/report-server/reader.ts, and records what nginx sends
    reader = http.createServer((req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const object = objects[(req.url ?? '').split('?')[0]];
      if (!object) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      } else {
        res.writeHead(200, { 'Content-Type': object.type, 'Set-Cookie': 'a=b' });
        res.end(req.method === 'HEAD' ? undefined : object.body);
      }
    });
    await new Promise<void>((resolve) => reader.listen(0, '127.0.0.1', resolve));
    port = await closedPort();
    const dir = writableDir(path.join(root, 'object'));
    const conf = renderNginxConf({ listenPort: port, listenAddress: '127.0.0.1', siteRoot, resultsReader: { port: (reader.address() as { port: number }).port }, ...paths(dir) });
    await startNginx(dir, conf, port);
  });

  afterAll(async () => {
    await Promise.all(running.map(stopNginx));
    await new Promise((r) => reader.close(r));
  });

  test('files and listings are proxied to the reader as asked, without query string or credentials', async () => {
    seen.length = 0;
    const r = await request(port, 'GET', `/results/${BENCH}/benchmarks.json?acl&list-type=2`, { Authorization: 'Bearer x', Cookie: 'session=1' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('{"benchmarks":[]}');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe(RESULTS_CSP);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe(`/results/${BENCH}/benchmarks.json`);
    expect(seen[0].headers.authorization).toBeUndefined();
    expect(seen[0].headers.cookie).toBeUndefined();
    const csv = await get(port, `/results/${BENCH}/benchmarks.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect((await get(port, `/results/${BENCH}/missing.json`)).status).toBe(404);
    const listing = await get(port, `/api/results/${RUN}/`);
    expect(JSON.parse(listing.body)[0].name).toBe('summary.md');
    expect(listing.headers['content-security-policy']).toBe(RESULTS_CSP);
  });

  test('only GET and HEAD reach the reader', async () => {
    seen.length = 0;
    const head = await request(port, 'HEAD', `/results/${BENCH}/benchmarks.json`);
    expect(head.status).toBe(200);
    for (const method of ['PUT', 'POST', 'DELETE']) expect((await request(port, method, `/results/${BENCH}/benchmarks.json`)).status).toBe(405);
    expect(seen.map((s) => s.method)).toEqual(['HEAD']);
  });

  test('dot-entries are refused before the proxy', async () => {
    seen.length = 0;
    for (const url of ['/results/.jobs/job.json', `/results/${RUN}/.partial`, '/results/%2ejobs/x']) expect([url, (await get(port, url)).status]).toEqual([url, 404]);
    expect(seen).toEqual([]);
  });

  test('traversal is refused before the proxy', async () => {
    seen.length = 0;
    for (const url of ['/results/../etc/passwd', '/results/%2e%2e/%2e%2e/other-bucket/key', '/results/..%2f..%2fother-bucket/key']) {
      expect([400, 403, 404]).toContain((await get(port, url)).status);
    }
    expect(seen).toEqual([]);
  });

  test('the index page and /healthz are served as in volume mode', async () => {
    const r = await get(port, '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(INDEX_CSP);
    expect((await get(port, '/healthz')).status).toBe(200);
  });
});
