/**
 * What a request asks for, read from its method, path and query the way the API server's RequestInfoFactory
 * does: the verb (get, list, watch, create, update, patch, delete, deletecollection) and the resource
 * coordinates. Authorizers decide on this.
 */

/** A request's verb and, for resource requests, the resource it targets. */
export interface RequestInfo {
  /** True for `/api/v1/...` and `/apis/GROUP/VERSION/...` paths that name a resource. */
  isResourceRequest: boolean;
  path: string;
  /** Kubernetes verb for resource requests, the lower-case HTTP method otherwise. */
  verb: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

const VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', GET: 'get', DELETE: 'delete' };

/** Reads the RequestInfo of a request. */
export function requestInfo(method: string, path: string, query: Record<string, string>): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
  };
  const parts = path.split('/').filter((p) => p !== '');
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    info.apiVersion = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    info.apiGroup = parts[1];
    info.apiVersion = parts[2];
    rest = parts.slice(3);
  } else {
    return info;
  }
  // namespaces/NS/RESOURCE/... is a namespaced request; namespaces/NS alone is the Namespace object itself.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    info.namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length === 2) {
    info.namespace = rest[1];
  }
  [info.resource = '', info.name = '', info.subresource = ''] = rest;
  info.isResourceRequest = true;
  info.verb = VERBS[method] ?? method.toLowerCase();
  if (!info.name && info.verb === 'get') info.verb = query.watch === 'true' || query.watch === '1' ? 'watch' : 'list';
  if (!info.name && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}
