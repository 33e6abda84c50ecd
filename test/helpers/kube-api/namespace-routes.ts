/**
 * Namespaces, read-only: the stand-in has a fixed set of them. kubectl reads one after a NotFound to tell a
 * missing object (`jobs.batch "x" not found`) from a missing namespace (`namespaces "x" not found`).
 */
import { kubeTime } from './object-store';
import type { Route } from './server';
import { StatusError, notFound } from './status';

/** Checks and answers the existence of namespaces. */
export class Namespaces {
  private readonly created = kubeTime();

  constructor(private readonly names: ReadonlySet<string>) {}

  /** Throws a 404 `namespaces "NAME" not found` Status when the namespace does not exist. */
  require(name: string): void {
    if (!this.names.has(name)) throw new StatusError(notFound({ group: '', resource: 'namespaces', name }));
  }

  /** The Namespace object as the API answers it. */
  get(name: string): any {
    this.require(name);
    return {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name, uid: `namespace-${name}`, resourceVersion: '1', creationTimestamp: this.created, labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  }
}

/** GET /api/v1/namespaces/NAME. */
export function namespaceRoutes(namespaces: Namespaces): Route[] {
  return [{ method: 'GET', pattern: /^\/api\/v1\/namespaces\/(?<name>[^/]+)$/, handle: ({ params }) => ({ code: 200, body: namespaces.get(params.name) }) }];
}
