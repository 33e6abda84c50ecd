/**
 * Errors of the cluster command and the words for the API's refusals. A `CliError` ends the command with its
 * message and exit code 2 (nothing was checked: no kubeconfig, unreachable server, bad arguments); objects the
 * cluster refuses are outcomes, not errors (exit code 1).
 */

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** A Kubernetes `Status` body, as far as messages go. */
export interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

/** The Status of an error answer, or one made from a body that is not a Status (a proxy's page). */
export function statusOf(status: number, body: unknown): StatusBody {
  if (body && typeof body === 'object' && (body as StatusBody).kind === 'Status') return body as StatusBody;
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return { code: status, reason: `HTTP ${status}`, message: text || `HTTP ${status} with no Status body` };
}

/** The verb and resource a request needs, as RBAC names them: `patch` `deployments.apps` in namespace `x`. */
export interface Permission {
  verb: string;
  /** Plural resource, with its group: `jobs.batch`, `configmaps`. */
  resource: string;
  /** Empty for cluster-scoped resources. */
  namespace: string;
}

/** `patch deployments.apps in namespace "x"` or `create clusterroles.rbac.authorization.k8s.io (cluster-wide)`. */
export function describePermission(p: Permission): string {
  return `${p.verb} ${p.resource}${p.namespace ? ` in namespace "${p.namespace}"` : ' (cluster-wide)'}`;
}

/**
 * What a refusal means for the user. 403 names the permission the request needed (the API's own message names
 * the user; RBAC, not the request, is what to fix); 401 asks to log in again; 404 for a namespace says so.
 */
export function explainRefusal(status: StatusBody, permission: Permission): string {
  const message = status.message ?? `HTTP ${status.code}`;
  if (status.code === 401) return `401 Unauthorized: the credentials were not accepted; log in again (\`oc login\`)`;
  if (status.code === 403 && /\bcannot\b/.test(message) && !/admission webhook/.test(message)) {
    return `403 Forbidden: missing permission ${describePermission(permission)}: ${message}`;
  }
  if (status.code === 404 && status.details?.kind === 'namespaces') return `namespace "${status.details.name}" does not exist: ${message}`;
  return `${status.code} ${status.reason}: ${message}`;
}
