/**
 * Objects of any served resource, for the clients that check manifests against a cluster before they are
 * synced (`npm run cluster -- check|diff`): GET of one object, server-side apply as a dry run
 * (`PATCH ...?dryRun=All&fieldManager=M[&force=true]` with `Content-Type: application/apply-patch+yaml`) and
 * dry-run create (`POST ...?dryRun=All`, for `generateName` manifests). Only dry runs: nothing a client sends
 * changes what is stored; a test seeds the live objects.
 *
 * Answers as the API server does (k8s.io/apiserver/pkg/endpoints/handlers, apimachinery api/errors):
 * - a resource discovery does not list (a CRD not installed): 404 "the server could not find the requested
 *   resource" with empty details;
 * - a namespaced object in a namespace that does not exist: 404 `namespaces "x" not found`;
 * - apply without `fieldManager`: 422 `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is
 *   required for apply patch`;
 * - a body whose apiVersion, kind, name or namespace differs from the URL: 400 BadRequest;
 * - a patch type other than apply: 415 UnsupportedMediaType;
 * - `dryRun` other than `All`: 400 (the API server accepts only `All`); no dryRun at all: 400, the stand-in
 *   does not store applied objects (refused rather than ignored).
 * Admission (webhooks, quota, policies) is the test's `admit` function: it sees each object after defaulting
 * and may answer any Status, e.g. 422 Invalid or 403 Forbidden `exceeded quota`.
 *
 * Apply merges as a simplification of structured merge: maps merge key by key, lists are replaced, and there
 * is no conflict detection (clients here send `force=true`). The result gets the server's fields (uid,
 * resourceVersion, creationTimestamp, generation, managedFields for the manager).
 */
import { randomUUID } from 'crypto';
import type { ServedResource } from './discovery';
import type { JobStore } from './job-store';
import type { Namespaces } from './namespace-routes';
import { clone, kubeTime } from './object-store';
import { parseLabelSelector } from './selectors';
import type { Reply, RequestContext, Route } from './server';
import { KubeStatus, StatusError, badRequest, failure, invalid, notFound, pathNotFound } from './status';

/** What an admission check is told about one request. */
export interface AdmissionRequest {
  resource: ServedResource;
  operation: 'CREATE' | 'UPDATE';
  namespace: string;
  name: string;
  dryRun: boolean;
}

/** Admission: returns a Status to refuse the object, undefined to admit it. */
export type Admission = (object: any, request: AdmissionRequest) => KubeStatus | undefined;

export const APPLY_PATCH_CONTENT_TYPE = 'application/apply-patch+yaml';

const ITEM =
  /^\/(?:api\/(?<coreVersion>[^/]+)|apis\/(?<group>[^/]+)\/(?<version>[^/]+))(?:\/namespaces\/(?<namespace>[^/]+))?\/(?<resource>[^/]+)\/(?<name>[^/]+)$/;
const COLLECTION =
  /^\/(?:api\/(?<coreVersion>[^/]+)|apis\/(?<group>[^/]+)\/(?<version>[^/]+))(?:\/namespaces\/(?<namespace>[^/]+))?\/(?<resource>[^/]+)$/;

const apiVersionOf = (r: Pick<ServedResource, 'group' | 'version'>) => (r.group ? `${r.group}/${r.version}` : r.version);
const keyOf = (r: ServedResource, namespace: string, name: string) => `${r.group}/${r.resource}/${namespace}/${name}`;

/** The managedFields `fieldsV1` of an applied object: maps by key, lists of named maps by name, other lists atomic. */
export function fieldsV1Of(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => v && typeof v === 'object' && typeof (v as any).name === 'string')) {
      return Object.fromEntries(value.map((v) => [`k:${JSON.stringify({ name: (v as any).name })}`, { '.': {}, ...fieldsV1Of(v) }]));
    }
    return {};
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [`f:${k}`, fieldsV1Of(v)]));
  }
  return {};
}

/** Maps merged key by key (`patch` wins), anything else replaced by `patch`. */
function merge(live: any, patch: any): any {
  if (!live || typeof live !== 'object' || Array.isArray(live) || !patch || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out = clone(live);
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? merge(out[k], v) : clone(v);
  return out;
}

/** Live objects of every served resource but Jobs (in the Job store) and Namespaces (fixed). */
export class AppliedObjects {
  private readonly objects = new Map<string, any>();

  constructor(
    private readonly resources: ServedResource[],
    private readonly namespaces: Namespaces,
    private readonly jobs: JobStore,
    private readonly admit: Admission = () => undefined,
  ) {}

  /**
   * Stores an object as live (the test's setup): server fields are filled when missing. A seeded Namespace
   * is what GET and apply see; which namespaces exist is still the stand-in's fixed set.
   */
  seed(object: any): void {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const resource = this.resources.find((r) => r.group === group && r.version === version && r.kind === object.kind);
    if (!resource) throw new Error(`stand-in: ${object.apiVersion} ${object.kind} is not a served resource`);
    const stored = clone(object);
    stored.metadata.uid ??= randomUUID();
    stored.metadata.creationTimestamp ??= kubeTime();
    stored.metadata.resourceVersion ??= '1';
    if (resource.resource === 'jobs' && group === 'batch') this.jobs.objects.add(stored);
    else this.objects.set(keyOf(resource, stored.metadata.namespace ?? '', stored.metadata.name), stored);
  }

  /** True when a seeded object of `group`/`resource` (plural) exists. */
  exists(group: string, resource: string, namespace: string, name: string): boolean {
    const served = this.resources.find((r) => r.group === group && r.resource === resource);
    return served !== undefined && this.objects.has(keyOf(served, namespace, name));
  }

  /** GET item, GET collection (`list`, with `labelSelector`), PATCH (apply, dry run) item, POST (dry run) collection, for every served resource. */
  routes(): Route[] {
    return [
      { method: 'GET', pattern: ITEM, handle: (context) => ({ code: 200, body: this.read(context) }) },
      { method: 'GET', pattern: COLLECTION, handle: (context) => ({ code: 200, body: this.list(context) }) },
      { method: 'PATCH', pattern: ITEM, handle: (context) => this.apply(context) },
      { method: 'POST', pattern: COLLECTION, handle: (context) => this.createDryRun(context) },
    ];
  }

  /** The served resource of a path (404 like an unknown URL when discovery does not list it). */
  private resourceOf({ params }: RequestContext): ServedResource {
    const group = params.group ?? '';
    const version = params.version ?? params.coreVersion;
    const resource = this.resources.find((r) => r.group === group && r.version === version && r.resource === params.resource);
    if (!resource || resource.namespaced !== (params.namespace !== undefined)) throw new StatusError(pathNotFound());
    return resource;
  }

  private live(resource: ServedResource, namespace: string, name: string): any | undefined {
    if (resource.group === 'batch' && resource.resource === 'jobs') return this.jobs.objects.get(namespace, name);
    const stored = this.objects.get(keyOf(resource, namespace, name));
    if (stored) return clone(stored);
    // a Namespace the test did not seed is the stand-in's own (labels only)
    if (resource.group === '' && resource.resource === 'namespaces') {
      try {
        return this.namespaces.get(name);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  private read(context: RequestContext): any {
    const resource = this.resourceOf(context);
    const { namespace = '', name } = context.params;
    if (resource.namespaced) this.namespaces.require(namespace);
    const live = this.live(resource, namespace, name);
    if (!live) throw new StatusError(notFound({ group: resource.group, resource: resource.resource, name }));
    return live;
  }

  /** The seeded objects of a namespaced resource that discovery says can be listed, filtered by `labelSelector`. */
  private list(context: RequestContext): any {
    const resource = this.resourceOf(context);
    if (!resource.verbs.includes('list') || !resource.namespaced) throw new StatusError(pathNotFound());
    const namespace = context.params.namespace ?? '';
    this.namespaces.require(namespace);
    const matches = parseLabelSelector(context.query.labelSelector);
    const prefix = keyOf(resource, namespace, '');
    const items = [...this.objects.entries()]
      .filter(([key, object]) => key.startsWith(prefix) && matches(object))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, object]) => clone(object));
    return { kind: `${resource.kind}List`, apiVersion: apiVersionOf(resource), metadata: { resourceVersion: '1' }, items };
  }

  private apply(context: RequestContext): Reply {
    const resource = this.resourceOf(context);
    const { query, params } = context;
    if (context.contentType !== APPLY_PATCH_CONTENT_TYPE) {
      throw new StatusError(
        failure(415, 'UnsupportedMediaType', `the stand-in API server accepts only ${APPLY_PATCH_CONTENT_TYPE} patches, not ${context.contentType ?? 'none'}`),
      );
    }
    const dryRun = checkDryRun(query);
    if (!query.fieldManager) {
      throw new StatusError(
        invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
          { reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' },
        ]),
      );
    }
    const namespace = params.namespace ?? '';
    const object = checkBody(context.body, resource, namespace);
    if (object.metadata.name !== params.name) {
      throw new StatusError(badRequest(`the name of the object (${object.metadata.name}) does not match the name on the URL (${params.name})`));
    }
    if (resource.namespaced) this.namespaces.require(namespace);
    const live = this.live(resource, namespace, params.name);
    const result = live ? merge(live, object) : withServerFields(object);
    const managed = (result.metadata.managedFields ?? []).filter((m: any) => !(m.manager === query.fieldManager && m.operation === 'Apply'));
    result.metadata.managedFields = [
      ...managed,
      { manager: query.fieldManager, operation: 'Apply', apiVersion: object.apiVersion, time: kubeTime(), fieldsType: 'FieldsV1', fieldsV1: appliedFields(object) },
    ];
    this.admitOrThrow(result, { resource, operation: live ? 'UPDATE' : 'CREATE', namespace, name: params.name, dryRun });
    return { code: live ? 200 : 201, body: result };
  }

  private createDryRun(context: RequestContext): Reply {
    const resource = this.resourceOf(context);
    if (!resource.verbs.includes('create') && resource.resource !== 'jobs') throw new StatusError(pathNotFound());
    checkDryRun(context.query);
    const namespace = context.params.namespace ?? '';
    const object = checkBody(context.body, resource, namespace);
    if (!object.metadata.name && object.metadata.generateName) object.metadata.name = generateName(object.metadata.generateName);
    if (!object.metadata.name) {
      const causes = [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }];
      throw new StatusError(invalid(resource, '', causes));
    }
    if (resource.namespaced) this.namespaces.require(namespace);
    const result = withServerFields(object);
    this.admitOrThrow(result, { resource, operation: 'CREATE', namespace, name: object.metadata.name, dryRun: true });
    return { code: 201, body: result };
  }

  private admitOrThrow(object: any, request: AdmissionRequest): void {
    const refusal = this.admit(clone(object), request);
    if (refusal) throw new StatusError(refusal);
  }
}

/** `dryRun` must be `All` (the only value the API server knows); the stand-in stores nothing, so it is required. */
function checkDryRun(query: Record<string, string>): true {
  if (query.dryRun === undefined) throw new StatusError(badRequest('the stand-in API server serves these writes only as dry runs (dryRun=All)'));
  if (query.dryRun !== 'All') {
    throw new StatusError(invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [
      { reason: 'FieldValueNotSupported', field: 'dryRun', message: `Unsupported value: "${query.dryRun}": supported values: "All"` },
    ]));
  }
  return true;
}

/** Checks apiVersion, kind and namespace of a body against the URL; fills the namespace. */
function checkBody(body: unknown, resource: ServedResource, namespace: string): any {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new StatusError(badRequest('the body of the request was in an unknown format'));
  const object = clone(body as any);
  const expected = apiVersionOf(resource);
  if (object.apiVersion !== expected) {
    throw new StatusError(badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`));
  }
  if (object.kind !== resource.kind) {
    throw new StatusError(badRequest(`the kind in the data (${object.kind}) does not match the expected kind (${resource.kind})`));
  }
  object.metadata ??= {};
  if (resource.namespaced) {
    if (object.metadata.namespace !== undefined && object.metadata.namespace !== namespace) {
      throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
    }
    object.metadata.namespace = namespace;
  }
  return object;
}

/** Characters of the random suffix of a `generateName`d name (k8s.io/apimachinery/pkg/util/rand). */
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `base` + 5 random characters, the base cut to 58 characters. */
function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[Math.floor(Math.random() * NAME_SUFFIX_ALPHABET.length)];
  return base.slice(0, 58) + suffix;
}

/** What the API server adds to a new object. */
function withServerFields(object: any): any {
  const result = clone(object);
  Object.assign(result.metadata, { uid: randomUUID(), resourceVersion: '1', creationTimestamp: kubeTime(), generation: 1 });
  delete result.metadata.generateName;
  return result;
}

/** The fields an applier owns: everything it sent but the object's identity. */
function appliedFields(object: any): Record<string, unknown> {
  const fields = fieldsV1Of(object) as any;
  delete fields['f:apiVersion'];
  delete fields['f:kind'];
  if (fields['f:metadata']) {
    delete fields['f:metadata']['f:name'];
    delete fields['f:metadata']['f:namespace'];
  }
  return fields;
}
