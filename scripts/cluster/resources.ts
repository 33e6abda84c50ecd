/**
 * Where an object lives in the API: its resource (plural) and scope, read from discovery (`/api/v1`,
 * `/apis/GROUP/VERSION`), and its URL path. A group version the server does not serve (404) means its CRD is
 * not installed.
 */
import { CliError, statusOf } from './errors';
import type { Kube } from './kube';
import { groupOf } from './manifests';

/** A kind's resource, as discovery lists it. */
export interface ApiResource {
  group: string;
  /** Plural: `deployments`. */
  resource: string;
  namespaced: boolean;
}

/** `/api/v1` or `/apis/GROUP/VERSION`. */
export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The path of an object (`name` given) or of its collection. */
export function objectPath(apiVersion: string, r: ApiResource, namespace: string, name?: string): string {
  const scope = r.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(apiVersion)}${scope}/${r.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

/** `deployments.apps` or `configmaps`, as RBAC and messages name a resource. */
export function qualified(r: Pick<ApiResource, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** Reads discovery once per group version. */
export class ResourceResolver {
  private readonly lists = new Map<string, Promise<any[] | undefined>>();

  constructor(private readonly kube: Kube) {}

  /** The resource of `kind` in `apiVersion`, or undefined when the server does not serve it (CRD missing). */
  async resolve(apiVersion: string, kind: string): Promise<ApiResource | undefined> {
    let list = this.lists.get(apiVersion);
    if (!list) {
      list = this.fetch(apiVersion);
      this.lists.set(apiVersion, list);
    }
    const found = (await list)?.find((r) => r.kind === kind && !String(r.name).includes('/'));
    return found && { group: groupOf(apiVersion), resource: found.name, namespaced: Boolean(found.namespaced) };
  }

  private async fetch(apiVersion: string): Promise<any[] | undefined> {
    const answer = await this.kube.request('GET', groupVersionPath(apiVersion));
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) {
      const status = statusOf(answer.status, answer.body);
      throw new CliError(`cannot read discovery ${groupVersionPath(apiVersion)} from ${this.kube.server}: ${status.code} ${status.reason}: ${status.message}`);
    }
    return answer.body?.resources ?? [];
  }
}
