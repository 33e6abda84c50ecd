/**
 * Namespaced custom objects (e.g. monitoring.coreos.com/v1 PrometheusRules) as the API server serves a CRD
 * without schema checks: create (409 AlreadyExists, 404 for a missing namespace), get, list and delete, with
 * the metadata the server generates (uid, creationTimestamp, generation, resourceVersion). A delete removes
 * the object at once (no finalizers here) and answers it, like the custom resource store does.
 */
import { randomUUID } from 'crypto';
import type { Namespaces } from './namespace-routes';
import { ObjectStore, clone, kubeTime } from './object-store';
import type { Route } from './server';
import { StatusError, alreadyExists, badRequest, notFound } from './status';

/** The coordinates of one custom resource. */
export interface CustomResource {
  group: string;
  version: string;
  /** Plural: `prometheusrules`. */
  resource: string;
  kind: string;
}

/** Routes of one namespaced custom resource, storing into `store`. */
export function customObjectRoutes(resource: CustomResource, store: ObjectStore, namespaces: Namespaces): Route[] {
  const base = `/apis/${resource.group}/${resource.version}/namespaces/(?<namespace>[^/]+)/${resource.resource}`;
  const collection = new RegExp(`^${base}$`);
  const item = new RegExp(`^${base}/(?<name>[^/]+)$`);
  const ref = (name: string) => ({ group: resource.group, resource: resource.resource, name });
  const apiVersion = `${resource.group}/${resource.version}`;
  const get = (namespace: string, name: string) => {
    const object = store.get(namespace, name);
    if (!object) throw new StatusError(notFound(ref(name)));
    return object;
  };
  return [
    {
      method: 'POST',
      pattern: collection,
      handle: ({ params, query, body }) => {
        if (query.dryRun) throw new StatusError(badRequest(`the stand-in API server does not implement dryRun for ${resource.resource}`));
        namespaces.require(params.namespace);
        const object = clone(body as any);
        if (object?.apiVersion !== apiVersion || object?.kind !== resource.kind) {
          throw new StatusError(badRequest(`the body must be a ${apiVersion} ${resource.kind}`));
        }
        if (object.metadata?.namespace !== undefined && object.metadata.namespace !== params.namespace) {
          throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
        }
        const name = object.metadata?.name;
        if (!name) throw new StatusError(badRequest('metadata.name is required'));
        if (store.get(params.namespace, name)) throw new StatusError(alreadyExists(ref(name)));
        Object.assign(object.metadata, { namespace: params.namespace, uid: randomUUID(), generation: 1, creationTimestamp: kubeTime() });
        return { code: 201, body: store.add(object) };
      },
    },
    {
      method: 'GET',
      pattern: collection,
      handle: ({ params }) => ({
        code: 200,
        body: { kind: `${resource.kind}List`, apiVersion, metadata: { resourceVersion: store.resourceVersion }, items: store.list(params.namespace) },
      }),
    },
    { method: 'GET', pattern: item, handle: ({ params }) => ({ code: 200, body: get(params.namespace, params.name) }) },
    {
      method: 'DELETE',
      pattern: item,
      handle: ({ params }) => {
        get(params.namespace, params.name);
        return { code: 200, body: store.remove(params.namespace, params.name) };
      },
    },
  ];
}
