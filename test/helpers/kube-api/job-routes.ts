/**
 * Routes of the batch/v1 Jobs API: create, get, list (with label and field selectors), watch and delete,
 * namespaced, plus list and watch across namespaces (`kubectl get jobs -A`).
 */
import type { WatchEvent } from './object-store';
import { JobStore, JOB_RESOURCE, PropagationPolicy } from './job-store';
import type { Namespaces } from './namespace-routes';
import type { Reply, RequestContext, Route } from './server';
import { StatusError, badRequest } from './status';

const BASE = `/apis/${JOB_RESOURCE.group}/${JOB_RESOURCE.version}`;
const COLLECTION = new RegExp(`^${BASE}/namespaces/(?<namespace>[^/]+)/jobs$`);
const ALL_NAMESPACES = new RegExp(`^${BASE}/jobs$`);
const ITEM = new RegExp(`^${BASE}/namespaces/(?<namespace>[^/]+)/jobs/(?<name>[^/]+)$`);

/** Called with a copy of each Job created through the API. */
export type JobCreatedListener = (job: any) => void;

/**
 * The Job routes, serving `store`; creating needs an existing namespace; `onCreated` runs after the create
 * answer is sent.
 */
export function jobRoutes(store: JobStore, namespaces: Namespaces, onCreated: JobCreatedListener): Route[] {
  const listOrWatch = (context: RequestContext): Reply =>
    isWatch(context.query) ? watchJobs(store, context) : listJobs(store, context);
  return [
    { method: 'POST', pattern: COLLECTION, handle: (context) => createJob(store, namespaces, context, onCreated) },
    { method: 'GET', pattern: COLLECTION, handle: listOrWatch },
    { method: 'GET', pattern: ALL_NAMESPACES, handle: listOrWatch },
    { method: 'GET', pattern: ITEM, handle: ({ params }) => ({ code: 200, body: store.get(params.namespace, params.name) }) },
    { method: 'DELETE', pattern: ITEM, handle: (context) => deleteJob(store, context) },
  ];
}

function isWatch(query: Record<string, string>): boolean {
  return query.watch === 'true' || query.watch === '1';
}

/** POST: 201 with the stored Job; with `?dryRun=All` (the only value the API knows) 201 with the Job not stored. */
function createJob(store: JobStore, namespaces: Namespaces, context: RequestContext, onCreated: JobCreatedListener): Reply {
  const { params, query, body } = context;
  if (query.dryRun !== undefined && query.dryRun !== 'All') throw new StatusError(badRequest(`dryRun: Unsupported value: "${query.dryRun}": supported values: "All"`));
  namespaces.require(params.namespace);
  if (query.dryRun === 'All') return { code: 201, body: store.create(params.namespace, body, { dryRun: true }) };
  const job = store.create(params.namespace, body);
  setImmediate(() => onCreated(job));
  return { code: 201, body: job };
}

/** GET collection: a JobList whose items, like the API server's, carry no kind or apiVersion. */
function listJobs(store: JobStore, { params, query }: RequestContext): Reply {
  const items = store.list(params.namespace, store.selector(query.labelSelector, query.fieldSelector));
  for (const item of items) {
    delete item.kind;
    delete item.apiVersion;
  }
  return {
    code: 200,
    body: { kind: 'JobList', apiVersion: 'batch/v1', metadata: { resourceVersion: store.objects.resourceVersion }, items },
  };
}

/**
 * GET collection with `?watch=true`: without a resourceVersion (or with "0") an ADDED event for each matching
 * Job first, then live events; with one, the events after it, then live events. Events are filtered by the
 * namespace and the selectors, on the object each event carries.
 */
function watchJobs(store: JobStore, { params, query }: RequestContext): Reply {
  const selector = store.selector(query.labelSelector, query.fieldSelector);
  const matches = (event: WatchEvent) =>
    (params.namespace === undefined || event.object.metadata.namespace === params.namespace) && selector(event.object);
  const from = query.resourceVersion;
  return {
    watch: {
      timeoutSeconds: query.timeoutSeconds ? Number(query.timeoutSeconds) : undefined,
      start(send) {
        const backlog: WatchEvent[] =
          !from || from === '0'
            ? store.list(params.namespace).map((object) => ({ type: 'ADDED', object }))
            : store.objects.eventsSince(Number(from));
        for (const event of backlog.filter(matches)) send(event);
        return store.objects.subscribe((event) => {
          if (matches(event)) send(event);
        });
      },
    },
  };
}

/** DELETE: the propagation policy comes from the DeleteOptions body or the `propagationPolicy` query. */
function deleteJob(store: JobStore, { params, query, body }: RequestContext): Reply {
  const options = (body ?? {}) as { propagationPolicy?: PropagationPolicy };
  const policy = options.propagationPolicy ?? (query.propagationPolicy as PropagationPolicy | undefined);
  return { code: 200, body: store.delete(params.namespace, params.name, policy) };
}
