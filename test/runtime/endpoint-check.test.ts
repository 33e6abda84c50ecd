/**
 * Runs the real endpoint check (runtime/endpoint-check/check_endpoints.py) with python3 against real HTTP(S)
 * servers on 127.0.0.1 that this test starts: each server plays one way an endpoint can answer, or not.
 * The https cases use a CA and a server certificate made here with openssl, to prove that the target's CA file
 * is trusted and that an unknown CA is refused.
 */
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { closedPort } from '../helpers/net';

const SCRIPT = path.join(__dirname, '..', '..', 'runtime', 'endpoint-check', 'check_endpoints.py');
const API_KEY = 's3cret-key-value';
const TIMEOUT_SECONDS = 1;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: (http.Server | https.Server)[] = [];
/** Requests each server saw: path, Authorization header, when it arrived and (once closed) how long it lasted (ms). */
const seen: Record<string, { url?: string; authorization?: string; arrived: number; openMs?: number }[]> = {};

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

/** Starts a server answering with `handler`; returns its base URL. */
async function serve(name: string, handler: Handler, tls?: https.ServerOptions): Promise<string> {
  seen[name] = [];
  const record: Handler = (req, res) => {
    const entry: (typeof seen)[string][number] = { url: req.url, authorization: req.headers.authorization, arrived: Date.now() };
    seen[name].push(entry);
    res.on('close', () => (entry.openMs = Date.now() - entry.arrived));
    handler(req, res);
  };
  const server = tls ? https.createServer(tls, record) : http.createServer(record);
  const port = await listen(server);
  return `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
}

const json = (status: number, body: unknown): Handler => (req, res) => {
  if (req.url !== '/v1/models') {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};
const models = (...ids: string[]) => json(200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', owned_by: 'vllm' })) });


interface Run {
  status: number | null;
  output: string;
  seconds: number;
  /** `Date.now()` when the check's process was started. */
  startedAt: number;
  /** The report line of a target, by name. */
  line: (name: string) => string;
}

function check(targets: unknown, env: Record<string, string> = {}, raw = false): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      'python3',
      [SCRIPT],
      {
        // No proxy variables: the servers are local.
        env: {
          PATH: process.env.PATH!,
          ENVIRONMENT: 'test',
          ENDPOINT_CHECK_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
          ...(raw ? {} : { ENDPOINT_CHECK_TARGETS: JSON.stringify(targets) }),
          ...env,
        },
        timeout: 30000,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const line = (name: string) => {
          const found = output.split('\n').filter((l) => new RegExp(`^(OK|DOWN|FAIL) +${name} `).test(l));
          if (found.length !== 1) throw new Error(`expected one report line for ${name} in:\n${output}`);
          return found[0];
        };
        resolve({ status, output, seconds: (Date.now() - started) / 1000, startedAt: started, line });
      },
    );
  });
}

const target = (name: string, endpoint: string, extra: Record<string, string> = {}) => ({ name, endpoint, servedModelName: 'granite', ...extra });

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('plain http endpoints', () => {
  let urls: Record<string, string>;

  beforeAll(async () => {
    urls = {
      ok: await serve('ok', models('granite', 'granite-lora')),
      other: await serve('other', models('mistral-3-int4', 'devstral-2')),
      empty: await serve('empty', models()),
      auth: await serve('auth', (req, res) => {
        if (req.headers.authorization !== `Bearer ${API_KEY}`) {
          res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"Unauthorized"}');
          return;
        }
        models('granite')(req, res);
      }),
      // Accepts the request and never answers.
      hang: await serve('hang', () => undefined),
      // Sends a byte every 300 ms, forever: each read is within the timeout, the answer never completes.
      trickle: await serve('trickle', (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 300);
        res.on('close', () => clearInterval(timer));
      }),
      malformed: await serve('malformed', (_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"object": "list", "data": [')),
      html: await serve('html', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Application is not available</body></html>')),
      notList: await serve('notList', json(200, { models: ['granite'] })),
      unavailable: await serve('unavailable', json(503, { error: 'model is loading' })),
      redirect: await serve('redirect', (_req, res) => res.writeHead(302, { Location: 'https://elsewhere.example.com/v1/models' }).end()),
      refused: `http://127.0.0.1:${await closedPort()}`,
    };
  });

  test('a target serving its model is OK, whether its endpoint ends in /v1, /v1/ or neither', async () => {
    const run = await check([target('with-v1', `${urls.ok}/v1`), target('with-slash', `${urls.ok}/v1/`), target('bare', urls.ok)]);
    expect(run.status).toBe(0);
    for (const name of ['with-v1', 'with-slash', 'bare']) expect(run.line(name)).toMatch(new RegExp(`^OK +${name} +${urls.ok}/v1/models +serves granite`));
    expect(seen.ok.map((r) => r.url)).toEqual(['/v1/models', '/v1/models', '/v1/models']);
    expect(seen.ok.every((r) => r.authorization === undefined)).toBe(true);
    expect(run.output).toContain('summary: 3/3 targets OK');
    expect(run.output).toMatch(/^endpoint check \(environment test, \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\): GET \/v1\/models on 3 target\(s\), timeout 1s$/m);
  });

  test('a target serving other models is reported with the list it serves', async () => {
    const run = await check([target('other', `${urls.other}/v1`), target('empty', `${urls.empty}/v1`)]);
    expect(run.status).toBe(0);
    expect(run.line('other')).toMatch(/^FAIL .*model not served: granite expected, it serves \[mistral-3-int4, devstral-2\]$/);
    expect(run.line('empty')).toMatch(/model not served: granite expected, it serves nothing$/);
    expect(run.output).toContain('summary: 0/2 targets OK; NOT OK: other (FAIL), empty (FAIL)');
  });

  test('an endpoint that wants a key: 401 without it (with a hint), OK with it, and the key never shows', async () => {
    const run = await check(
      [
        target('no-key', `${urls.auth}/v1`),
        target('with-key', `${urls.auth}/v1`, { apiKeyEnv: 'API_KEY_WITH_KEY', apiKeySource: 'Secret granite-key, key token' }),
        target('wrong-key', `${urls.auth}/v1`, { apiKeyEnv: 'API_KEY_WRONG_KEY', apiKeySource: 'Secret other-key, key token' }),
        target('missing-key', `${urls.auth}/v1`, { apiKeyEnv: 'API_KEY_MISSING_KEY', apiKeySource: 'Secret absent, key token' }),
      ],
      { API_KEY_WITH_KEY: API_KEY, API_KEY_WRONG_KEY: 'nope' },
    );
    expect(run.status).toBe(0);
    expect(run.line('no-key')).toMatch(/^FAIL .*HTTP 401 Unauthorized \(the endpoint wants an API key: set auth.apiKeySecret for this target\): \{"error":"Unauthorized"\}$/);
    expect(run.line('with-key')).toMatch(/^OK .*serves granite/);
    expect(run.line('wrong-key')).toMatch(/HTTP 401 Unauthorized \(the API key from Secret other-key, key token was refused\)/);
    expect(run.line('missing-key')).toMatch(/HTTP 401 Unauthorized \(no API key: Secret absent, key token is missing or empty\)/);
    expect(seen.auth.map((r) => r.authorization).sort()).toEqual(['Bearer nope', `Bearer ${API_KEY}`, undefined, undefined]);
    expect(run.output).not.toContain(API_KEY);
    expect(run.output).not.toContain('nope');
  });

  test('a port nobody listens on is DOWN: connection refused, and the exit code is still 0', async () => {
    const run = await check([target('ok', `${urls.ok}/v1`), target('refused', `${urls.refused}/v1`)]);
    expect(run.status).toBe(0);
    expect(run.line('refused')).toMatch(new RegExp(`^DOWN +refused +${urls.refused}/v1/models +connection refused: nothing listens on ${urls.refused.slice(7)}`));
    expect(run.output).toContain('summary: 1/2 targets OK; NOT OK: refused (DOWN)');
    expect(run.output).toContain('does not fail the sync (exit 0)');
  });

  test('a server that never answers is reported as a timeout within the timeout, without holding up the others', async () => {
    const timeout = 2;
    const run = await check([target('hang', `${urls.hang}/v1`), target('hang-too', `${urls.hang}/v1`), target('ok', `${urls.ok}/v1`)], {
      ENDPOINT_CHECK_TIMEOUT_SECONDS: String(timeout),
    });
    expect(run.status).toBe(0);
    expect(run.line('hang')).toMatch(/^DOWN .*timeout: no answer from 127\.0\.0\.1:\d+ within 2s$/);
    expect(run.line('hang-too')).toMatch(/timeout/);
    expect(run.line('ok')).toMatch(/^OK /);
    // Targets are checked at once: the second hanging request arrives before the first one's timeout is up (one
    // after the other, it would come only after it). Measured at the server, so python's start-up does not count.
    const [first, second] = seen.hang.slice(-2).map((r) => r.arrived);
    expect(Math.abs(second - first)).toBeLessThan(timeout * 1000);
    expect(run.seconds).toBeGreaterThanOrEqual(timeout);
  });

  test('a server that trickles its answer is cut off at the deadline (timeout + 2s), and the check still exits 0', async () => {
    const run = await check([target('trickle', `${urls.trickle}/v1`), target('ok', `${urls.ok}/v1`)]);
    expect(run.status).toBe(0);
    expect(run.line('trickle')).toMatch(/^DOWN .*timeout: no complete answer from 127\.0\.0\.1:\d+ within 1s \(stuck in DNS lookup, connect or a slow answer\)$/);
    expect(run.line('ok')).toMatch(/^OK /);
    // The trickle never ends by itself: the check closed it, at its deadline (timeout + 2 s from before the request
    // was sent). Bounds that hold on a busy machine: the close comes no earlier than the deadline counted from the
    // process's start (the deadline starts later), and the connection stays open no longer than the deadline counted
    // from the request's arrival at the server (it starts earlier), plus the check's own scheduling.
    const last = seen.trickle[seen.trickle.length - 1];
    // the server may see the close just after the check's process has ended
    for (let i = 0; i < 100 && last.openMs === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    const deadlineMs = (TIMEOUT_SECONDS + 2) * 1000;
    expect(last.arrived + last.openMs! - run.startedAt).toBeGreaterThanOrEqual(deadlineMs);
    expect(last.openMs!).toBeLessThan(deadlineMs + 1500);
  });

  test('answers that are not a model list are reported with what came back', async () => {
    const run = await check([
      target('malformed', `${urls.malformed}/v1`),
      target('html', `${urls.html}/v1`),
      target('not-list', `${urls.notList}/v1`),
      target('unavailable', `${urls.unavailable}/v1`),
      target('redirect', `${urls.redirect}/v1`),
    ]);
    expect(run.status).toBe(0);
    expect(run.line('malformed')).toMatch(/^FAIL .*answer is not JSON \(application\/json\): \{"object": "list", "data": \[$/);
    expect(run.line('html')).toMatch(/answer is not JSON \(text\/html\): <html><body>Application is not available/);
    expect(run.line('not-list')).toMatch(/answer is not an OpenAI model list \(no "data" array\): \{"models":\["granite"\]\}/);
    expect(run.line('unavailable')).toMatch(/HTTP 503 Service Unavailable: .*still loading\?\): \{"error":"model is loading"\}/);
    expect(run.line('redirect')).toMatch(/HTTP 302 Found, redirects to https:\/\/elsewhere\.example\.com\/v1\/models/);
    expect(run.output).toContain('summary: 0/5 targets OK');
  });
});

describe('its own misconfiguration is the only failure', () => {
  test('unreadable targets: exit 2 with the reason', async () => {
    const notJson = await check(undefined, { ENDPOINT_CHECK_TARGETS: '[{"name": ' }, true);
    expect(notJson.status).toBe(2);
    expect(notJson.output).toMatch(/^endpoint check: MISCONFIGURED: ENDPOINT_CHECK_TARGETS is not valid JSON/);

    const missingFile = await check(undefined, { ENDPOINT_CHECK_TARGETS_FILE: '/nonexistent/targets.json' }, true);
    expect(missingFile.status).toBe(2);
    expect(missingFile.output).toContain('cannot read the targets file /nonexistent/targets.json');

    const nothing = await check(undefined, {}, true);
    expect(nothing.status).toBe(2);
    expect(nothing.output).toContain('no targets given');

    const noModel = await check([{ name: 'x', endpoint: 'http://127.0.0.1:1/v1' }]);
    expect(noModel.status).toBe(2);
    expect(noModel.output).toContain("ENDPOINT_CHECK_TARGETS[0] needs a non-empty string 'servedModelName'");

    const badTimeout = await check([], { ENDPOINT_CHECK_TIMEOUT_SECONDS: 'soon' });
    expect(badTimeout.status).toBe(2);
    expect(badTimeout.output).toContain("ENDPOINT_CHECK_TIMEOUT_SECONDS must be a positive number of seconds, got 'soon'");
  });

  test('targets can come from a mounted JSON file instead', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-check-'));
    try {
      const file = path.join(dir, 'targets.json');
      const port = await closedPort();
      fs.writeFileSync(file, JSON.stringify([target('from-file', `http://127.0.0.1:${port}/v1`)]));
      const run = await check(undefined, { ENDPOINT_CHECK_TARGETS_FILE: file }, true);
      expect(run.status).toBe(0);
      expect(run.line('from-file')).toMatch(/^DOWN .*connection refused/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});


// openssl is required (.ci/run installs it): a missing one fails these tests instead of skipping them
describe('https endpoints (certificates made with openssl)', () => {
  let dir: string;
  let url: string;
  const ca = () => path.join(dir, 'ca.crt');
  const otherCa = () => path.join(dir, 'other-ca.crt');

  const openssl = (...args: string[]) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
  };
  /** A CA as a cluster's service CA would be: basicConstraints and keyUsage critical (Python 3.13 checks strictly). */
  const makeCa = (name: string) =>
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
      '-keyout', `${name}.key`, '-out', `${name}.crt`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoint-check-tls-'));
    makeCa('ca');
    makeCa('other-ca');
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
    fs.writeFileSync(
      path.join(dir, 'server.ext'),
      'subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n',
    );
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.crt');
    url = await serve('tls', models('granite'), { key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.crt')) });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the target's CA file is trusted; without it, or with another CA, the certificate is refused", async () => {
    const run = await check([
      target('with-ca', `${url}/v1`, { caFile: ca(), caSource: 'ConfigMap service-ca, key service-ca.crt' }),
      target('no-ca', `${url}/v1`),
      target('wrong-ca', `${url}/v1`, { caFile: otherCa(), caSource: 'ConfigMap other, key ca.crt' }),
    ]);
    expect(run.status).toBe(0);
    expect(run.line('with-ca')).toMatch(new RegExp(`^OK +with-ca +${url}/v1/models +serves granite`));
    expect(run.line('no-ca')).toMatch(/^DOWN .*TLS certificate of 127\.0\.0\.1:\d+ not trusted: .*\(if a private CA signs it, set auth.caBundle for this target\)$/);
    expect(run.line('wrong-ca')).toMatch(/^DOWN .*not trusted: .*\(the CA bundle from ConfigMap other, key ca.crt does not sign it\)$/);
    // Only the trusted connection got as far as a request.
    expect(seen.tls).toHaveLength(1);
  });

  test('a missing or unreadable CA file is reported for that target, which is not checked', async () => {
    fs.writeFileSync(path.join(dir, 'garbage.crt'), 'not a certificate\n');
    const run = await check([
      target('missing-ca', `${url}/v1`, { caFile: path.join(dir, 'absent.crt'), caSource: 'ConfigMap gone, key ca.crt' }),
      target('garbage-ca', `${url}/v1`, { caFile: path.join(dir, 'garbage.crt') }),
      target('with-ca', `${url}/v1`, { caFile: ca() }),
    ]);
    expect(run.status).toBe(0);
    expect(run.line('missing-ca')).toMatch(/^FAIL .*CA bundle .*absent\.crt not found \(ConfigMap gone, key ca.crt missing\?\); not checked$/);
    expect(run.line('garbage-ca')).toMatch(/^FAIL .*CA bundle .*garbage\.crt .*is not a usable PEM file/);
    expect(run.line('with-ca')).toMatch(/^OK /);
  });
});
