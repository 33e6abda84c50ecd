/**
 * Publishes a target's summary to a Kubeflow Model Registry (REST API v1alpha3, spec v0.3.8,
 * `api/openapi/model-registry.yaml`): typed custom properties and a readable block in the description of the
 * model's version. What is recorded is in `model-registry-record.ts`.
 *
 * Which entities:
 * - RegisteredModel: `findRegisteredModel` (`GET /registered_model?name=`) with the target's served model name,
 *   then, when that finds none and differs, its catalog model name. On OpenShift AI a model deployed from the
 *   registry is served under its registered (DNS-safe) name, which is why the served name comes first.
 * - ModelVersion: the version named by the target's serving configuration `modelVersion`, when it declares one
 *   (`findModelVersion`, `GET /model_version?name=&parentResourceId=`); otherwise the newest LIVE version of the
 *   model (`getRegisteredModelVersions`, `GET /registered_models/{id}/versions?orderBy=CREATE_TIME&sortOrder=DESC`,
 *   paged), i.e. the version the benchmark most likely served.
 * - Update: `updateModelVersion` (`PATCH /model_versions/{id}`, body `ModelVersionUpdate`) with only
 *   `customProperties` and `description`. The server replaces the whole `customProperties` map on PATCH, so the
 *   map sent is the version's current one with this target's keys replaced. The API has no conditional update:
 *   two processors patching the same version at the same instant can lose one's keys (parallel targets of one
 *   model rarely finish in the same second; a re-run publishes again).
 *
 * Authentication: `Authorization: Bearer <token>` read from `tokenFile` (default: the pod's ServiceAccount token;
 * on OpenShift AI the kube-rbac-proxy in front of the registry wants `get` on the registry's Service).
 *
 * TLS: requests go through `node:https`, not global `fetch` (Node 20's fetch takes no CA and the undici
 * `dispatcher` it would need is not importable without the npm package). With `caFile` the bundle is trusted
 * in addition to Node's built-in roots (OpenShift service CA for `*.svc:8443`, or a Route's CA). Without it the
 * built-in roots apply, plus NODE_EXTRA_CA_CERTS when the pod sets it.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as tls from 'tls';
import { TargetSummary } from '../types';
import { mergeProperties, propertyPrefix, summaryProperties, withDescriptionBlock } from './model-registry-record';
import { PublishContext, Publisher } from './publisher';

export interface ModelRegistryOptions {
  /** Registry base URL, e.g. `https://registry-rest.rhoai-model-registries.svc:8443` (the API path is appended). */
  readonly url: string;
  /** Bearer token file. @default /var/run/secrets/kubernetes.io/serviceaccount/token */
  readonly tokenFile?: string;
  /** PEM CA bundle trusted for an https registry, in addition to the built-in roots. */
  readonly caFile?: string;
  /** Per-request time limit. @default 15000 */
  readonly timeoutMs?: number;
}

export const DEFAULT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** Path prefix of every operation (spec v0.3.8 `info.version: v1alpha3`). */
export const API_PATH = '/api/model_registry/v1alpha3';
const DEFAULT_TIMEOUT_MS = 15_000;
/** Versions per page when looking for the newest LIVE one, and pages read at most. */
const PAGE_SIZE = 100;
const MAX_PAGES = 50;

/** The fields of RegisteredModel / ModelVersion the publisher reads. */
interface RegistryEntity {
  readonly id: string;
  readonly name: string;
  readonly state?: string;
  readonly description?: string;
  readonly customProperties?: Record<string, unknown>;
}

interface EntityList {
  readonly items: RegistryEntity[];
  readonly nextPageToken?: string;
}

/** A publisher that records each target's summary on its model's version in the registry. */
export function modelRegistryPublisher(options: ModelRegistryOptions): Publisher {
  return {
    name: 'model-registry',
    publish: async (context) => publishSummary(new RegistryClient(options), context),
  };
}

async function publishSummary(client: RegistryClient, { summary, log }: PublishContext): Promise<void> {
  const model = await findModel(client, modelNames(summary));
  const version = await findVersion(client, model, declaredVersion(summary));
  const update = versionUpdate(version, summary);
  if (Object.keys(update).length === 0) {
    log(`model-registry: ${describe(model, version)} already up to date`);
    return;
  }
  const updated = await client.send<RegistryEntity>('PATCH', `/model_versions/${encodeURIComponent(version.id)}`, undefined, update);
  checkStored(updated, summary, describe(model, version));
  log(`model-registry: recorded ${Object.keys(summaryProperties(summary)).length} properties on ${describe(model, version)}`);
}

/** Names to look the RegisteredModel up by, in order: served model name, then catalog model name. */
export function modelNames(summary: TargetSummary): string[] {
  const names = [summary.target.servedModelName, summary.target.model].filter((n): n is string => !!n);
  return [...new Set(names)];
}

/** The version named by the serving configuration (`serving.modelVersion`), if any. */
export function declaredVersion(summary: TargetSummary): string | undefined {
  const name = summary.serving.modelVersion;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** findRegisteredModel by each name in turn; an error naming every name tried when none exists. */
async function findModel(client: RegistryClient, names: string[]): Promise<RegistryEntity> {
  for (const name of names) {
    const model = await client.find<RegistryEntity>('/registered_model', { name });
    if (model) return model;
  }
  const tried = names.map((n) => `"${n}"`).join(' or ');
  throw new Error(
    `no RegisteredModel named ${tried} in the Model Registry at ${client.apiUrl} (findRegisteredModel answered 404); ` +
      `register the model under its served model name, or set the catalog's servedModelName to the registered name`,
  );
}

/** The declared version by name (findModelVersion), else the newest LIVE one (getRegisteredModelVersions). */
async function findVersion(client: RegistryClient, model: RegistryEntity, name: string | undefined): Promise<RegistryEntity> {
  const where = `RegisteredModel "${model.name}" (id ${model.id}) in the Model Registry at ${client.apiUrl}`;
  if (name !== undefined) {
    const version = await client.find<RegistryEntity>('/model_version', { name, parentResourceId: model.id });
    if (version) return version;
    throw new Error(`no ModelVersion named "${name}" (serving.modelVersion) under ${where} (findModelVersion answered 404)`);
  }
  const newest = await newestLiveVersion(client, model.id);
  if (newest) return newest;
  throw new Error(`no LIVE ModelVersion under ${where} (getRegisteredModelVersions listed none); register a version of the model`);
}

/** Pages through the model's versions, newest first, and returns the first that is not ARCHIVED. */
async function newestLiveVersion(client: RegistryClient, modelId: string): Promise<RegistryEntity | undefined> {
  let pageToken = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: Record<string, string> = { orderBy: 'CREATE_TIME', sortOrder: 'DESC', pageSize: String(PAGE_SIZE) };
    if (pageToken) query.nextPageToken = pageToken;
    const list = await client.send<EntityList>('GET', `/registered_models/${encodeURIComponent(modelId)}/versions`, query);
    const live = list.items.find((v) => v.state !== 'ARCHIVED');
    if (live) return live;
    if (!list.nextPageToken || list.items.length === 0) return undefined;
    pageToken = list.nextPageToken;
  }
  return undefined;
}

/** The ModelVersionUpdate body: only the fields that change (customProperties, description). */
export function versionUpdate(version: RegistryEntity, summary: TargetSummary): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  const current = version.customProperties ?? {};
  const merged = mergeProperties(current, propertyPrefix(summary), summaryProperties(summary));
  if (JSON.stringify(sortedEntries(merged)) !== JSON.stringify(sortedEntries(current))) update.customProperties = merged;
  const description = withDescriptionBlock(version.description, summary);
  if (description !== (version.description ?? '')) update.description = description;
  return update;
}

function sortedEntries(map: Record<string, unknown>): [string, unknown][] {
  return Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The PATCH answer is the stored version: every key written must be there. */
function checkStored(updated: RegistryEntity, summary: TargetSummary, what: string): void {
  const stored = updated.customProperties ?? {};
  const lost = Object.keys(summaryProperties(summary)).filter((key) => !(key in stored));
  if (lost.length > 0) throw new Error(`${what}: the registry answered without ${lost.length} written properties, e.g. ${lost[0]}`);
}

function describe(model: RegistryEntity, version: RegistryEntity): string {
  return `ModelVersion "${version.name}" (id ${version.id}) of RegisteredModel "${model.name}"`;
}

// ------------------------------------------------------------------------------------------------------ HTTP

/** An HTTP answer: status and raw body. */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly body: string;
}

/** A minimal JSON client of the registry API over node:http / node:https. */
class RegistryClient {
  /** Base URL with the API path, e.g. `https://host:8443/api/model_registry/v1alpha3`. */
  readonly apiUrl: string;
  private readonly tokenFile: string;
  private readonly ca?: string[];
  private readonly timeoutMs: number;

  constructor(options: ModelRegistryOptions) {
    this.apiUrl = apiBaseUrl(options.url);
    this.tokenFile = options.tokenFile ?? DEFAULT_TOKEN_FILE;
    this.ca = options.caFile ? [...tls.rootCertificates, readFile(options.caFile, 'CA bundle (caFile)')] : undefined;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** A find operation: the entity, or undefined on 404. */
  async find<T>(path: string, query: Record<string, string>): Promise<T | undefined> {
    const { url, answer } = await this.exchange('GET', path, query);
    if (answer.status === 404) return undefined;
    return this.parse<T>('GET', url, answer);
  }

  /** Any operation that must answer 2xx with JSON. */
  async send<T>(method: string, path: string, query?: Record<string, string>, body?: unknown): Promise<T> {
    const { url, answer } = await this.exchange(method, path, query, body);
    return this.parse<T>(method, url, answer);
  }

  private async exchange(method: string, path: string, query?: Record<string, string>, body?: unknown) {
    const url = new URL(this.apiUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token()}`, Accept: 'application/json' };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return { url, answer: await request(method, url, headers, payload, this.ca, this.timeoutMs) };
    } catch (e) {
      throw new Error(`Model Registry at ${this.apiUrl} unreachable: ${method} ${url.pathname}${url.search}: ${(e as Error).message}${tlsHint(e)}`);
    }
  }

  private parse<T>(method: string, url: URL, answer: Answer): T {
    const where = `Model Registry ${method} ${url.pathname}${url.search}`;
    if (answer.status < 200 || answer.status > 299) throw new Error(`${where}: HTTP ${answer.status} ${answer.statusText}: ${errorText(answer.body)}${this.authHint(answer.status)}`);
    try {
      return JSON.parse(answer.body) as T;
    } catch {
      throw new Error(`${where}: HTTP ${answer.status} but the body is not JSON: ${answer.body.slice(0, 200)}`);
    }
  }

  private authHint(status: number): string {
    if (status !== 401 && status !== 403) return '';
    return ` (the bearer token comes from ${this.tokenFile}; its user or ServiceAccount needs get on the registry's Service, e.g. Role registry-user-<registry>)`;
  }

  /** Read on each request so a rotated projected token is picked up. */
  private token(): string {
    const token = readFile(this.tokenFile, 'bearer token (tokenFile)').trim();
    if (token === '') throw new Error(`the bearer token file ${this.tokenFile} is empty`);
    return token;
  }
}

/** `url` without trailing slashes, with the API path appended unless it already ends with it. */
export function apiBaseUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith(API_PATH) ? base : base + API_PATH;
}

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the Model Registry ${what} ${file}: ${(e as Error).message}`);
  }
}

/** The registry's Error body (`{code, message}`) as `code: message`; other bodies as (trimmed) text. */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') return typeof parsed.code === 'string' ? `${parsed.code}: ${parsed.message}` : parsed.message;
  } catch {
    // not JSON: a proxy's plain text answer
  }
  return body.trim().slice(0, 500) || '(empty body)';
}

function tlsHint(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code) ? ' (set the registry caBundle so the processor trusts its certificate)' : '';
}

/** One request; resolves with any HTTP status, rejects on network, TLS or time-limit failures. */
export function request(method: string, url: URL, headers: Record<string, string>, body: string | undefined, ca: string[] | undefined, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = { method, headers, agent: false, ...(ca ? { ca } : {}) };
    const send = url.protocol === 'https:' ? https.request : http.request;
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(body);
  });
}
