/**
 * The operations the stand-in Model Registry serves: exactly those the publisher uses, as the Kubeflow Model
 * Registry REST API spec v0.3.8 (`api/openapi/model-registry.yaml`, tag v0.3.8, commit cc86b769) defines them,
 * with status codes and messages modelled on the v0.3.8 Go server (`internal/core/*.go`):
 *
 * | operationId                | request                                                      |
 * |----------------------------|--------------------------------------------------------------|
 * | findRegisteredModel        | GET   /api/model_registry/v1alpha3/registered_model?name=     |
 * | findModelVersion           | GET   /api/model_registry/v1alpha3/model_version?name=&parentResourceId= |
 * | getRegisteredModelVersions | GET   /api/model_registry/v1alpha3/registered_models/{id}/versions |
 * | updateModelVersion         | PATCH /api/model_registry/v1alpha3/model_versions/{id}        |
 */
import { ModelVersion, RegistryStore } from './store';
import { validateModelVersionUpdate } from './validate';

export const API_PATH = '/api/model_registry/v1alpha3';

/** A JSON answer. Errors use the spec's `Error` schema: `{ code, message }`. */
export interface Reply {
  status: number;
  body: unknown;
}

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Raw request body ('' when none). */
  body: string;
}

/** `Error` body with the HTTP status text as code, as the server's `ErrorResponse` writes it. */
export function errorReply(status: number, code: string, message: string): Reply {
  return { status, body: { code, message } };
}
const badRequest = (message: string) => errorReply(400, 'Bad Request', message);
const notFound = (message: string) => errorReply(404, 'Not Found', message);

/** Routes a request; undefined when no route matches (the server then answers chi's 404 text). */
export function route(store: RegistryStore, request: RouteRequest): Reply | undefined {
  const { method, path } = request;
  if (path === `${API_PATH}/registered_model`) return only(method, 'GET', () => findRegisteredModel(store, request.query));
  if (path === `${API_PATH}/model_version`) return only(method, 'GET', () => findModelVersion(store, request.query));
  const versions = new RegExp(`^${API_PATH}/registered_models/([^/]+)/versions$`).exec(path);
  if (versions) return only(method, 'GET', () => getRegisteredModelVersions(store, decodeURIComponent(versions[1]), request.query));
  const version = new RegExp(`^${API_PATH}/model_versions/([^/]+)$`).exec(path);
  if (version) return only(method, 'PATCH', () => updateModelVersion(store, decodeURIComponent(version[1]), request.body));
  return undefined;
}

/** The stand-in serves one method per path; others get 405 like chi. */
function only(method: string, allowed: string, handle: () => Reply): Reply {
  return method === allowed ? handle() : errorReply(405, 'Method Not Allowed', `${method} is not served by the stand-in on this path`);
}

/** findRegisteredModel: one RegisteredModel by `name` or `externalId`; 404 when none. */
function findRegisteredModel(store: RegistryStore, query: URLSearchParams): Reply {
  const name = query.get('name') || undefined;
  const externalId = query.get('externalId') || undefined;
  if (name === undefined && externalId === undefined) return badRequest('invalid parameters call, supply either name or externalId: bad request');
  const found = [...store.models.values()].filter((m) => (name === undefined || m.name === name) && (externalId === undefined || m.externalId === externalId));
  if (found.length !== 1) return notFound(`${found.length === 0 ? 'no' : 'multiple'} registered models found for name=${name ?? ''}, externalId=${externalId ?? ''}: not found`);
  return { status: 200, body: found[0] };
}

/** findModelVersion: needs (`name` and `parentResourceId`) or `externalId`; 404 when none. */
function findModelVersion(store: RegistryStore, query: URLSearchParams): Reply {
  const name = query.get('name') || undefined;
  const parent = query.get('parentResourceId') || undefined;
  const externalId = query.get('externalId') || undefined;
  if ((name === undefined || parent === undefined) && externalId === undefined) {
    return badRequest('invalid parameters call, supply either (name and parentResourceId), or externalId: bad request');
  }
  if (parent !== undefined && !isId(parent)) return badRequest(`invalid registered model id: ${parent}: bad request`);
  const found = [...store.versions.values()].filter(
    (v) => (name === undefined || v.name === name) && (parent === undefined || v.registeredModelId === parent) && (externalId === undefined || v.externalId === externalId),
  );
  if (found.length !== 1) {
    return notFound(`${found.length === 0 ? 'no' : 'multiple'} model versions found for name=${name ?? ''}, parentResourceId=${parent ?? ''}, externalId=${externalId ?? ''}: not found`);
  }
  return { status: 200, body: found[0] };
}

/** getRegisteredModelVersions: a `ModelVersionList` page; `name`/`externalId` filter, paging and ordering. */
function getRegisteredModelVersions(store: RegistryStore, modelId: string, query: URLSearchParams): Reply {
  if (!isId(modelId)) return badRequest(`invalid registered model id: ${modelId}: bad request`);
  if (!store.models.has(modelId)) return notFound(`no registered model found for id ${modelId}: not found`);
  if (query.has('filterQuery')) return badRequest('filterQuery is not implemented by the stand-in (the publisher does not use it)');
  const order = listOrder(query);
  if (typeof order === 'string') return badRequest(order);
  const name = query.get('name') || undefined;
  const externalId = query.get('externalId') || undefined;
  const all = store
    .versionsOf(modelId)
    .filter((v) => (name === undefined || v.name === name) && (externalId === undefined || v.externalId === externalId))
    .sort(order.compare);
  return { status: 200, body: page(all, order.pageSize, order.offset) };
}

interface ListOrder {
  compare: (a: ModelVersion, b: ModelVersion) => number;
  pageSize: number;
  offset: number;
}

/** Reads orderBy (OrderByField), sortOrder (SortOrder), pageSize and nextPageToken; a message when invalid. */
function listOrder(query: URLSearchParams): ListOrder | string {
  const orderBy = query.get('orderBy') || 'ID';
  const sortOrder = query.get('sortOrder') || 'ASC';
  if (!['CREATE_TIME', 'LAST_UPDATE_TIME', 'ID'].includes(orderBy)) return `invalid OrderByField: ${orderBy}`;
  if (!['ASC', 'DESC'].includes(sortOrder)) return `invalid SortOrder: ${sortOrder}`;
  const pageSize = Number(query.get('pageSize') || '100');
  if (!Number.isInteger(pageSize) || pageSize < 1) return `invalid pageSize: ${query.get('pageSize')}`;
  const token = query.get('nextPageToken');
  const offset = token ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(offset) || offset < 0) return `invalid nextPageToken: ${token}`;
  const field = orderBy === 'CREATE_TIME' ? 'createTimeSinceEpoch' : orderBy === 'LAST_UPDATE_TIME' ? 'lastUpdateTimeSinceEpoch' : 'id';
  const sign = sortOrder === 'DESC' ? -1 : 1;
  const compare = (a: ModelVersion, b: ModelVersion) => sign * (Number(a[field]) - Number(b[field]) || Number(a.id) - Number(b.id));
  return { compare, pageSize, offset };
}

/** `BaseResourceList` + items: size, pageSize, nextPageToken ('' on the last page). */
function page(items: ModelVersion[], pageSize: number, offset: number) {
  const slice = items.slice(offset, offset + pageSize);
  const more = offset + pageSize < items.length;
  return { items: slice, size: slice.length, pageSize, nextPageToken: more ? Buffer.from(String(offset + pageSize)).toString('base64') : '' };
}

/** updateModelVersion: PATCH semantics of the v0.3.8 server (absent fields kept, customProperties replaced whole). */
function updateModelVersion(store: RegistryStore, id: string, raw: string): Reply {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (e) {
    return badRequest((e as Error).message);
  }
  const problem = validateModelVersionUpdate(body);
  if (problem) return badRequest(problem);
  if (!isId(id)) return badRequest(`invalid model version id: ${id}: bad request`);
  const version = store.versions.get(id);
  if (!version) return notFound(`no model version found for id ${id}: not found`);
  applyUpdate(version, body as Record<string, unknown>);
  store.touch(version);
  return { status: 200, body: version };
}

function applyUpdate(version: ModelVersion, update: Record<string, unknown>): void {
  const fields = version as unknown as Record<string, unknown>;
  for (const field of ['description', 'externalId', 'state', 'author']) {
    if (field in update) fields[field] = update[field];
  }
  if ('customProperties' in update) version.customProperties = structuredClone(update.customProperties) as ModelVersion['customProperties'];
}

/** Ids are numeric strings the server parses as int32. */
function isId(value: string): boolean {
  return /^[0-9]{1,10}$/.test(value) && Number(value) <= 2_147_483_647;
}
