/**
 * What clients read before they call an API: `/version`, legacy discovery (`/api`, `/apis`, `/api/v1`,
 * `/apis/GROUP/VERSION`) and OpenAPI v3. All built from the list of served resources, so serving another
 * resource means adding it to that list (and its routes).
 *
 * Choices, checked against kubectl 1.32:
 * - Discovery answers the legacy documents only. kubectl asks for aggregated discovery first
 *   (`Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,...`); a plain
 *   `application/json` answer makes it fall back to one request per group version, as against older servers.
 * - OpenAPI: `kubectl create` (default `--validate=strict`) reads `/openapi/v3` to learn whether the server
 *   validates fields itself; on a 404 it falls back to `/openapi/v2` and, on a 404 there too, fails with
 *   "failed to download openapi". So `/openapi/v3` lists each group version and each group version document
 *   holds one PATCH operation per resource declaring the `fieldValidation` query parameter. kubectl then
 *   leaves validation to the server and sends `?fieldValidation=Strict` (this server does not check fields).
 *   The documents hold no schemas: `kubectl explain` and client-side apply do not work against them.
 */
import type { Route } from './server';

/** A resource as discovery describes it. */
export interface ServedResource {
  group: string;
  version: string;
  /** Plural, lower case: `jobs`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  categories?: string[];
  shortNames?: string[];
}

/** The server's version, the one of the kubectl on these machines (the gcloud kubectl wrapper picks its
 * binary from it). */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:03:14Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** A group and one of its versions; the core group is ''. */
type GroupVersion = Pick<ServedResource, 'group' | 'version'>;

const groupVersion = (r: GroupVersion) => (r.group ? `${r.group}/${r.version}` : r.version);

/** Path of a group version: `/api/v1` or `/apis/batch/v1`. */
const groupVersionPath = (r: GroupVersion) => (r.group ? `/apis/${groupVersion(r)}` : `/api/${r.version}`);

/** The APIGroupList of `/apis`: every non-core group with its versions (the first one preferred). */
function apiGroupList(resources: ServedResource[]) {
  const groups = new Map<string, string[]>();
  for (const r of resources.filter((r) => r.group)) {
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => {
      const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    }),
  };
}

/** The APIResourceList of one group version. */
function apiResourceList(gv: GroupVersion, resources: ServedResource[]) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(gv),
    resources: resources
      .filter((r) => r.group === gv.group && r.version === gv.version)
      .map((r) => ({
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        ...(r.shortNames ? { shortNames: r.shortNames } : {}),
        ...(r.categories ? { categories: r.categories } : {}),
      })),
  };
}

/** The OpenAPI v3 document of one group version: only what kubectl's field-validation check reads. */
function openApiV3Document(gv: GroupVersion, resources: ServedResource[]) {
  const paths: Record<string, unknown> = {};
  for (const r of resources.filter((r) => r.group === gv.group && r.version === gv.version)) {
    const scope = r.namespaced ? '/namespaces/{namespace}' : '';
    paths[`${groupVersionPath(r)}${scope}/${r.resource}/{name}`] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: r.group, version: r.version, kind: r.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string' } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
        ],
        responses: {},
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion }, paths };
}

/** Routes of `/version`, discovery and OpenAPI v3 for `resources`. */
export function discoveryRoutes(resources: ServedResource[]): Route[] {
  const groupVersions: GroupVersion[] = [...new Map(resources.map((r) => [groupVersion(r), r])).values()];
  const openApiV3Root = {
    paths: Object.fromEntries(
      groupVersions.map((gv) => {
        const path = groupVersionPath(gv).slice(1);
        return [path, { serverRelativeURL: `/openapi/v3/${path}?hash=stand-in` }];
      }),
    ),
  };
  const routes: Route[] = [
    { method: 'GET', pattern: /^\/version\/?$/, handle: () => ({ code: 200, body: SERVER_VERSION }) },
    {
      method: 'GET',
      pattern: /^\/api\/?$/,
      handle: ({ host }) => ({
        code: 200,
        body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] },
      }),
    },
    { method: 'GET', pattern: /^\/apis\/?$/, handle: () => ({ code: 200, body: apiGroupList(resources) }) },
    { method: 'GET', pattern: /^\/openapi\/v3\/?$/, handle: () => ({ code: 200, body: openApiV3Root }) },
  ];
  // The core group always answers, even when no core resource is served.
  if (!groupVersions.some((gv) => gv.group === '')) groupVersions.push({ group: '', version: 'v1' });
  for (const gv of groupVersions) {
    const path = groupVersionPath(gv).replace(/\//g, '\\/');
    routes.push(
      { method: 'GET', pattern: new RegExp(`^${path}\\/?$`), handle: () => ({ code: 200, body: apiResourceList(gv, resources) }) },
      {
        method: 'GET',
        pattern: new RegExp(`^\\/openapi\\/v3${path}$`),
        handle: () => ({ code: 200, body: openApiV3Document(gv, resources) }),
      },
    );
  }
  return routes;
}
