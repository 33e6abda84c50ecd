/**
 * The connection to the cluster: the user's kubeconfig read by @kubernetes/client-node (contexts, CA, client
 * certificates, tokens, exec and OIDC plugins, proxies), raw JSON requests over its TLS and auth options, and
 * watches with its `Watch`. Requests answer the raw JSON (no typed models: the diff must see every field as
 * the server sends it, and manifests are sent exactly as `dist/` holds them).
 *
 * client-node is ESM-only; this is the only module that imports it, and jest never loads it (the tests spawn the
 * CLI with tsx).
 */
import { KubeConfig, Watch } from '@kubernetes/client-node';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { CliError } from './errors';

/** An API answer: the HTTP status and the parsed JSON body (a `Status` for errors). */
export interface ApiAnswer {
  status: number;
  body: any;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Default `application/json`. */
  contentType?: string;
}

/** Seconds before a request without an answer is given up. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The kubeconfig files client-node would read, checked so that a missing one is a clear error. */
function kubeconfigFiles(): string[] {
  const env = process.env.KUBECONFIG;
  if (env) {
    const files = env.split(path.delimiter).filter((f) => f !== '');
    const existing = files.filter((f) => fs.existsSync(f));
    if (existing.length === 0) throw new CliError(`no kubeconfig: KUBECONFIG names ${files.join(', ')}, which does not exist; log in with \`oc login\` or fix KUBECONFIG`);
    return existing;
  }
  const home = path.join(os.homedir(), '.kube', 'config');
  if (fs.existsSync(home)) return [home];
  if (process.env.KUBERNETES_SERVICE_HOST) return []; // in a pod: client-node uses the ServiceAccount
  throw new CliError(`no kubeconfig: KUBECONFIG is not set and ${home} does not exist; log in with \`oc login\` (or set KUBECONFIG)`);
}

/** A logged-in connection to one context of the kubeconfig. */
export class Kube {
  private constructor(
    private readonly config: KubeConfig,
    /** The context's name, for messages. */
    readonly context: string,
    /** The API server URL. */
    readonly server: string,
    /** The context's default namespace. */
    readonly namespace: string,
  ) {}

  /** Reads the kubeconfig, selects `context` (default: the current one) and checks the server answers. */
  static async connect(context?: string): Promise<Kube> {
    kubeconfigFiles();
    const config = new KubeConfig();
    try {
      config.loadFromDefault();
    } catch (error) {
      throw new CliError(`cannot read the kubeconfig: ${(error as Error).message}`);
    }
    if (context) {
      if (!config.getContextObject(context)) {
        const known = config.getContexts().map((c) => c.name);
        throw new CliError(`no context "${context}" in the kubeconfig; contexts: ${known.join(', ') || 'none'}`);
      }
      config.setCurrentContext(context);
    }
    const current = config.getCurrentContext();
    const cluster = config.getCurrentCluster();
    if (!current || !cluster) throw new CliError('the kubeconfig has no current context: pass --context or run `oc login`');
    const namespace = config.getContextObject(current)?.namespace ?? 'default';
    const kube = new Kube(config, current, cluster.server.replace(/\/$/, ''), namespace);
    const version = await kube.request('GET', '/version');
    if (version.status === 401) {
      throw new CliError(`the API server ${kube.server} does not accept the credentials of context "${current}" (401 Unauthorized): log in again (\`oc login\`)`);
    }
    return kube;
  }

  /** Sends one request; answers whatever status the server gives, throws only when the server cannot be reached. */
  async request(method: string, apiPath: string, options: RequestOptions = {}): Promise<ApiAnswer> {
    const url = new URL(this.server + apiPath);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const requestOptions: https.RequestOptions = {
      method,
      headers: {
        Accept: 'application/json',
        ...(payload !== undefined ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
      },
      timeout: REQUEST_TIMEOUT_MS,
    };
    await this.config.applyToHTTPSOptions(requestOptions);
    const transport = url.protocol === 'http:' ? http : https;
    return new Promise<ApiAnswer>((resolve, reject) => {
      const request = transport.request(url, requestOptions, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (a proxy's error page): keep the text for the message
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })));
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(new CliError(`cannot reach the API server ${this.server} (context "${this.context}"): ${error.code ? error.code + ' ' : ''}${error.message}`)),
      );
      if (payload !== undefined) request.write(payload);
      request.end();
    });
  }

  /**
   * Watches a collection with client-node's `Watch`: `onEvent` gets each event's type and object; the returned
   * promise settles when the server ends the stream (resolves) or it fails (rejects).
   */
  async watch(apiPath: string, query: Record<string, string>, onEvent: (type: string, object: any) => void): Promise<{ stop(): void; done: Promise<void> }> {
    let settle!: (error: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    const controller = await new Watch(this.config).watch(apiPath, query, onEvent, (error) => settle(error));
    return { stop: () => controller.abort(), done };
  }
}
