/**
 * A small HTTPS server that speaks the Kubernetes API conventions: it authenticates, authorizes, finds the
 * route serving the path, answers JSON (errors as `Status`), streams watch events, and records every request.
 * What it serves is a table of routes; see `job-routes.ts` and `discovery.ts`.
 */
import type * as http from 'http';
import * as https from 'https';
import type { AddressInfo } from 'net';
import { Authenticator, Authorizer, UserInfo, allowAll, forbiddenText } from './auth';
import type { WatchEvent } from './object-store';
import { RequestInfo, requestInfo } from './request-info';
import { KubeStatus, StatusError, badRequest, failure, forbidden, methodNotSupported, pathNotFound, unauthorized } from './status';

/** What a route handler gets. */
export interface RequestContext {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body, undefined when the request had none. */
  body: unknown;
  /** Named groups of the route's pattern, e.g. `namespace` and `name`. */
  params: Record<string, string>;
  user: UserInfo;
  info: RequestInfo;
  /** The `Host` header, e.g. `127.0.0.1:41234`. */
  host: string;
  /** The `Content-Type` header without parameters, e.g. `application/apply-patch+yaml`. */
  contentType?: string;
}

/** A stream of watch events: `start` begins sending and returns the function that stops. */
export interface WatchSource {
  start(send: (event: WatchEvent) => void): () => void;
  /** Ends the stream after this long (the `timeoutSeconds` query parameter). */
  timeoutSeconds?: number;
}

/** A route's answer: a JSON body with its status code, or a watch stream. */
export type Reply = { code: number; body: unknown } | { watch: WatchSource };

/** One entry of the route table. `pattern` is matched against the whole path (without query). */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handle(context: RequestContext): Reply;
}

/** A request as the server saw and answered it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  body?: unknown;
  /** The `Content-Type` header without parameters, when the request had one. */
  contentType?: string;
}

export interface ApiServerOptions {
  routes: Route[];
  /** The server's key and certificate (see `tls.ts`: kubectl sends tokens over HTTPS only). */
  tls: { key: string; cert: string };
  authenticate: Authenticator;
  /** Defaults to allowing everything. */
  authorize?: Authorizer;
  /**
   * A fault to answer instead of serving an authorized request (a 500, a 429, an etcd timeout), as an API
   * server under trouble does; undefined serves it. Asked on every request.
   */
  fault?: (info: RequestInfo) => KubeStatus | undefined;
}

/** A running server. */
export interface ApiServer {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the HTTPS server on 127.0.0.1 and an ephemeral port. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const requests: RecordedRequest[] = [];
  const openWatches = new Set<() => void>();
  const server = https.createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
    readBody(request).then(
      (raw) => serve(options, request, response, raw, requests, openWatches),
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const end of openWatches) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Handles one request whose body has been read. */
function serve(
  options: ApiServerOptions,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  raw: string,
  requests: RecordedRequest[],
  openWatches: Set<() => void>,
): void {
  const url = new URL(request.url ?? '/', 'http://stand-in');
  const method = request.method ?? 'GET';
  const query = Object.fromEntries(url.searchParams.entries());
  const record: RecordedRequest = { method, path: url.pathname, query, status: 0 };
  requests.push(record);

  let reply: Reply;
  try {
    const user = options.authenticate(request);
    if (!user) throw new StatusError(unauthorized());
    if (raw !== '') record.body = parseJson(raw);
    const contentType = request.headers['content-type']?.split(';')[0].trim();
    if (contentType) record.contentType = contentType;
    reply = route(options, { method, path: url.pathname, query, body: record.body, host: request.headers.host ?? '', user, contentType });
  } catch (error) {
    reply = errorReply(error);
  }
  if ('watch' in reply) {
    record.status = 200;
    streamWatch(reply.watch, response, openWatches);
  } else {
    record.status = reply.code;
    response.writeHead(reply.code, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new StatusError(badRequest(`the body of the request was in an unknown format: ${(error as Error).message}`));
  }
}

/** Authorizes, finds the route and runs it. */
function route(options: ApiServerOptions, partial: Omit<RequestContext, 'params' | 'info'>): Reply {
  const { user } = partial;
  // Like the API server: authorization comes before routing, so a denied request learns nothing of paths.
  const info = requestInfo(partial.method, partial.path, partial.query);
  const decision = (options.authorize ?? allowAll)(user, info);
  if (!decision.allowed) {
    const ref = { group: info.apiGroup, resource: info.resource, name: info.name };
    const text = forbiddenText(user, info, decision.reason);
    throw new StatusError(info.isResourceRequest ? forbidden(ref, text) : failure(403, 'Forbidden', `forbidden: ${text}`, {}));
  }
  const fault = options.fault?.(info);
  if (fault) throw new StatusError(fault);
  const matching = options.routes.filter((r) => r.pattern.test(partial.path));
  if (matching.length === 0) throw new StatusError(pathNotFound());
  const chosen = matching.find((r) => r.method === partial.method);
  if (!chosen) throw new StatusError(methodNotSupported(partial.method));
  const params = { ...chosen.pattern.exec(partial.path)?.groups };
  return chosen.handle({ ...partial, params, info });
}

function errorReply(error: unknown): Reply {
  const status: KubeStatus =
    error instanceof StatusError ? error.status : failure(500, 'InternalError', `Internal error occurred: ${String(error)}`);
  return { code: status.code, body: status };
}

/** Writes watch events as JSON lines until the client goes away, the timeout passes or the server closes. */
function streamWatch(
  source: WatchSource,
  response: http.ServerResponse,
  openWatches: Set<() => void>,
): void {
  response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  let timer: NodeJS.Timeout | undefined;
  let stop = () => {};
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stop();
    if (timer) clearTimeout(timer);
    openWatches.delete(end);
    response.end();
  };
  openWatches.add(end);
  // The response's 'close' fires when the client goes away (a request's 'close' fires once its body is read).
  response.on('close', end);
  stop = source.start((event) => {
    if (!ended) response.write(`${JSON.stringify(event)}\n`);
  });
  if (source.timeoutSeconds) timer = setTimeout(end, source.timeoutSeconds * 1000);
}
