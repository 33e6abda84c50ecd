/**
 * The analysis' Prometheus client against a real Prometheus (/usr/bin/prometheus) serving HTTPS on loopback with a
 * certificate signed by a CA made here with the real openssl (standing in for the OpenShift service CA): TLS is
 * verified with the CA file, refused without it (there is no way to skip verification), and an endpoint that
 * refuses the token (Prometheus' `basic_auth_users` answers 401) makes the client give up with the reason.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as http from 'http';
import { AddressInfo } from 'net';
import { PrometheusClient, QUERIES_IN_FLIGHT } from '../../../runtime/processor/analysis/prometheus';
import { spawn, spawnSync } from 'child_process';
import { closedPort } from '../../helpers/net';
import { RunningProcess, stopServer } from '../../helpers/processes';
import { PROMETHEUS, requireBinary } from '../../helpers/binaries';


function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A CA and a server certificate for 127.0.0.1 signed by it; returns the file paths. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string; otherCa: string } {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=test-service-ca'], dir);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.crt', '-days', '1', '-subj', '/CN=another-ca'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=thanos-querier'], dir);
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext'], dir);
  return { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key'), otherCa: path.join(dir, 'other.crt') };
}

describe('the Prometheus client over TLS', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-client-'));
  const certs = makeCertificates(dir);
  let tls: RunningProcess | undefined;
  let tlsUrl = '';
  let authUrl = '';
  let auth: RunningProcess | undefined;

  beforeAll(async () => {
    requireBinary(PROMETHEUS);
    const tlsServer = { tls_server_config: { cert_file: certs.cert, key_file: certs.key } };
    ({ server: tls, url: tlsUrl } = await startTls('tls', tlsServer));
    // any request without these credentials is answered 401, as kube-rbac-proxy answers a token it rejects
    ({ server: auth, url: authUrl } = await startTls('auth', { ...tlsServer, basic_auth_users: { admin: '$2y$10$8u0vZ2rXH6b9c2h2o6QmUeQmE3v7bqXnS3w3Hn0h7m6Ew4x8y8Z7G' } }));
  }, 30_000);

  /** Starts Prometheus with TLS and waits until the client (trusting the CA) gets an answer. */
  async function startTls(name: string, web: object): Promise<{ server: RunningProcess; url: string }> {
    const config = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(config, JSON.stringify({ global: { scrape_interval: '1m' }, scrape_configs: [] }));
    const webFile = path.join(dir, `${name}-web.yaml`);
    fs.writeFileSync(webFile, JSON.stringify(web));
    const port = await closedPort();
    const url = `https://127.0.0.1:${port}`;
    const child = spawn(PROMETHEUS, [`--config.file=${config}`, `--web.config.file=${webFile}`, `--storage.tsdb.path=${path.join(dir, `${name}-data`)}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${output}`);
      try {
        await new PrometheusClient({ url, tenancy: false, caFile: certs.ca, timeoutMs: 1000 }, 'ns').query('vector(1)', Date.now() / 1000);
        break;
      } catch (e) {
        if (/401/.test((e as Error).message)) break; // the basic-auth one answers, refusing us
        if (Date.now() > deadline) throw new Error(`prometheus not ready: ${(e as Error).message}: ${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return { server: { child, output: () => output }, url };
  }

  afterAll(async () => {
    await stopServer(tls);
    await stopServer(auth);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('with the CA file the certificate is verified and the query answers (with a bearer token and namespace=, which plain Prometheus ignores)', async () => {
    const token = path.join(dir, 'token');
    fs.writeFileSync(token, 'a-projected-token\n');
    const client = new PrometheusClient({ url: tlsUrl, tenancy: true, caFile: certs.ca, tokenFile: token }, 'llm-serving');
    expect(await client.query('vector(42)', 1_764_000_000)).toEqual([{ metric: {}, value: 42 }]);
    expect(client.unusable).toBeUndefined();
  });

  test('without the CA, or with another CA, TLS fails and the client gives up with the reason', async () => {
    for (const caFile of [undefined, certs.otherCa]) {
      const client = new PrometheusClient({ url: tlsUrl, tenancy: false, ...(caFile ? { caFile } : {}) }, 'ns');
      await expect(client.query('vector(1)', Date.now() / 1000)).rejects.toThrow(/^Prometheus at https:\/\/127\.0\.0\.1:\d+ unreachable: .*(self[- ]signed|unable to verify|certificate).*\(is the service CA bundle mounted\?\)$/i);
      // later queries fail fast with the same reason
      await expect(client.query('vector(2)', Date.now() / 1000)).rejects.toThrow(client.unusable!);
    }
  });

  test('an endpoint refusing the token: HTTP 401 with the RBAC hint, then no more queries', async () => {
    const client = new PrometheusClient({ url: authUrl, tenancy: true, caFile: certs.ca }, 'ns');
    await expect(client.query('vector(1)', Date.now() / 1000)).rejects.toThrow(/^Prometheus at https:\/\/127\.0\.0\.1:\d+ refused the query: HTTP 401 .*\(RBAC: see docs\/analysis\.md\)$/);
    expect(client.unusable).toMatch(/HTTP 401/);
  });

  test('a bad query is one failed figure, not an unusable endpoint', async () => {
    const client = new PrometheusClient({ url: tlsUrl, tenancy: false, caFile: certs.ca }, 'ns');
    await expect(client.query('sum(', Date.now() / 1000)).rejects.toThrow(/query failed \(HTTP 400: .*\): sum\($/);
    expect(client.unusable).toBeUndefined();
  });

  test('an unreadable CA or token file is the reason, never a crash', async () => {
    const noCa = new PrometheusClient({ url: tlsUrl, tenancy: false, caFile: path.join(dir, 'missing.crt') }, 'ns');
    await expect(noCa.query('vector(1)', 0)).rejects.toThrow(/^cannot read the CA bundle .*missing\.crt: ENOENT/);
    const noToken = new PrometheusClient({ url: tlsUrl, tenancy: false, caFile: certs.ca, tokenFile: path.join(dir, 'missing-token') }, 'ns');
    await expect(noToken.query('vector(1)', 0)).rejects.toThrow(/^cannot read the bearer token .*missing-token: ENOENT/);
  });
});

test('a client keeps at most QUERIES_IN_FLIGHT queries in flight and answers each its own (a loopback server speaking the query API)', async () => {
  let inFlight = 0;
  let most = 0;
  const server = http.createServer((request, response) => {
    inFlight++;
    most = Math.max(most, inFlight);
    const query = new URL(request.url!, 'http://x').searchParams.get('query');
    setTimeout(() => {
      inFlight--;
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { q: query }, value: [0, query!.slice(1)] }] } }));
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new PrometheusClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tenancy: false }, 'ns');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.query(`q${i}`, 0)));
    expect(answers.map((a) => a[0].value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(most).toBe(QUERIES_IN_FLIGHT);
    // one at a time when asked
    most = 0;
    const serial = new PrometheusClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tenancy: false }, 'ns', 1);
    await Promise.all(Array.from({ length: 5 }, (_, i) => serial.query(`q${i}`, 0)));
    expect(most).toBe(1);
  } finally {
    server.close();
  }
});
