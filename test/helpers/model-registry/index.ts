/**
 * A stand-in Kubeflow Model Registry REST server (API v1alpha3, spec v0.3.8) on 127.0.0.1, for tests of
 * clients such as the results processor's publisher. It serves exactly the operations listed in `routes.ts`,
 * checks `Authorization: Bearer <token>` on every request (401 with the spec's Error body otherwise, as the
 * spec's global `Bearer` security scheme says; on OpenShift AI a kube-rbac-proxy does this in front of the
 * real server), validates request bodies (`validate.ts`) and keeps its entities in memory:
 *
 *     const registry = await startModelRegistryStandIn();
 *     const model = registry.addModel('granite-8b');
 *     const version = registry.addVersion(model.id, 'v1');
 *     // ... run the client with registry.url and a file holding registry.token
 *     expect(registry.version(version.id).customProperties).toEqual(...);
 *     await registry.close();
 *
 * Pass `tls` (see `../kube-api/tls.ts`) to serve HTTPS.
 */
import { randomBytes } from 'crypto';
import * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { API_PATH, Reply, errorReply, route } from './routes';
import { ModelVersion, RegisteredModel, RegistryStore, SeedFields } from './store';

export { API_PATH } from './routes';
export type { ModelVersion, RegisteredModel, SeedFields, StoredValue } from './store';

export interface StandInOptions {
  /** The bearer token accepted. Default: a random one. */
  token?: string;
  /** Key and certificate (PEM): serve HTTPS instead of HTTP. */
  tls?: { key: string; cert: string };
}

/** A request as the stand-in saw and answered it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, undefined when none or not JSON. */
  body?: unknown;
  authorization?: string;
  contentType?: string;
  status: number;
}

export interface ModelRegistryStandIn {
  /** `http(s)://127.0.0.1:PORT` (the registry's base URL; the API is under `API_PATH`). */
  readonly url: string;
  readonly token: string;
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Seeds a RegisteredModel (LIVE unless `fields.state`). */
  addModel(name: string, fields?: SeedFields): RegisteredModel;
  /** Seeds a ModelVersion of a model; later seeds have later createTimeSinceEpoch. */
  addVersion(modelId: string, name: string, fields?: SeedFields): ModelVersion;
  /** A copy of the stored ModelVersion; throws when absent. */
  version(id: string): ModelVersion;
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1 and an ephemeral port. */
export async function startModelRegistryStandIn(options: StandInOptions = {}): Promise<ModelRegistryStandIn> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const store = new RegistryStore();
  const requests: RecordedRequest[] = [];
  const handler: http.RequestListener = (req, res) => {
    readBody(req).then(
      (raw) => answer(req, res, raw, token, store, requests),
      () => res.destroy(),
    );
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    token,
    requests,
    addModel: (name, fields) => structuredClone(store.addModel(name, fields)),
    addVersion: (modelId, name, fields) => structuredClone(store.addVersion(modelId, name, fields)),
    version: (id) => {
      const version = store.versions.get(id);
      if (!version) throw new Error(`stand-in: no ModelVersion with id ${id}`);
      return structuredClone(version);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(req: http.IncomingMessage, res: http.ServerResponse, raw: string, token: string, store: RegistryStore, requests: RecordedRequest[]): void {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const method = req.method ?? 'GET';
  const reply = authorized(req, token) ? route(store, { method, path: url.pathname, query: url.searchParams, body: raw }) : unauthorized();
  requests.push({
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: parseOrUndefined(raw),
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    status: reply?.status ?? 404,
  });
  if (!reply) {
    // chi's NotFound handler: plain text
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=UTF-8' }).end(`${JSON.stringify(reply.body)}\n`);
}

function authorized(req: http.IncomingMessage, token: string): boolean {
  return req.headers.authorization === `Bearer ${token}`;
}

function unauthorized(): Reply {
  return errorReply(401, 'Unauthorized', 'missing or invalid bearer token');
}

function parseOrUndefined(raw: string): unknown {
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The full URL of an API path on a stand-in, for tests that call it directly. */
export function apiUrl(standIn: ModelRegistryStandIn, path: string): string {
  return `${standIn.url}${API_PATH}${path}`;
}
