/**
 * Kubernetes `Status` objects (meta/v1), the body of every error answer of the API server.
 * Shapes and messages follow k8s.io/apimachinery/pkg/api/errors, e.g. `jobs.batch "x" not found`.
 */

/** The wire shape of a failed `Status`. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

/** One field problem of an `Invalid` Status. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** The resource a Status talks about: `resource` is the plural (`jobs`), `group` empty for the core group. */
export interface ResourceRef {
  group: string;
  resource: string;
  name: string;
}

/** An error a route handler throws to answer with a Status; the server turns it into the HTTP answer. */
export class StatusError extends Error {
  constructor(readonly status: KubeStatus) {
    super(status.message);
  }
}

/** `jobs.batch` for a group resource, `pods` for the core group. */
export function qualifiedResource(ref: Pick<ResourceRef, 'group' | 'resource'>): string {
  return ref.group ? `${ref.resource}.${ref.group}` : ref.resource;
}

/** Builds a Failure Status. */
export function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** Details as the API server writes them: `kind` is the plural resource name. */
function detailsOf(ref: ResourceRef): KubeStatus['details'] {
  return { name: ref.name, group: ref.group, kind: ref.resource };
}

/** 404 NotFound: `jobs.batch "NAME" not found`. */
export function notFound(ref: ResourceRef): KubeStatus {
  return failure(404, 'NotFound', `${qualifiedResource(ref)} "${ref.name}" not found`, detailsOf(ref));
}

/** 409 AlreadyExists: `jobs.batch "NAME" already exists`. */
export function alreadyExists(ref: ResourceRef): KubeStatus {
  return failure(409, 'AlreadyExists', `${qualifiedResource(ref)} "${ref.name}" already exists`, detailsOf(ref));
}

/** 401 Unauthorized, as the API server answers a request whose credentials it does not accept. */
export function unauthorized(): KubeStatus {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/**
 * 403 Forbidden: `jobs.batch "NAME" is forbidden: User "u" cannot create resource "jobs" in API group "batch"
 * in the namespace "ns"`. `reasonText` is what follows "is forbidden: ".
 */
export function forbidden(ref: ResourceRef, reasonText: string): KubeStatus {
  const subject = ref.name ? `${qualifiedResource(ref)} "${ref.name}"` : qualifiedResource(ref);
  return failure(403, 'Forbidden', `${subject} is forbidden: ${reasonText}`, detailsOf(ref));
}

/**
 * 422 Invalid: `Job.batch "NAME" is invalid: metadata.name: Required value: ...` (several causes are joined
 * as `[a, b]`, like the API server does). `kind` is the singular kind (`Job`).
 */
export function invalid(kind: { group: string; kind: string }, name: string, causes: StatusCause[]): KubeStatus {
  const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const texts = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return failure(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
    name,
    group: kind.group,
    kind: kind.kind,
    causes,
  });
}

/** 400 BadRequest with a free message. */
export function badRequest(message: string): KubeStatus {
  return failure(400, 'BadRequest', message);
}

/** 404 for a path no route serves (the API server's answer to an unknown URL). */
export function pathNotFound(): KubeStatus {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 405 for a known path asked with a method it does not serve. */
export function methodNotSupported(method: string): KubeStatus {
  return failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`, {});
}
