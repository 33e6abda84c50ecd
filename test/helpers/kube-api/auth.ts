/**
 * Authentication (who is asking) and authorization (may they), as two pluggable functions. The stand-in
 * authenticates one bearer token and allows everything; a test that needs 403 answers passes its own
 * Authorizer to `createApiServer`.
 */
import type { IncomingMessage } from 'http';
import type { RequestInfo } from './request-info';

/** The user a request was authenticated as. */
export interface UserInfo {
  name: string;
  groups: string[];
}

/** Returns the request's user, or undefined to answer 401 Unauthorized. */
export type Authenticator = (request: IncomingMessage) => UserInfo | undefined;

/** A decision; `reason` is appended to the Forbidden message when denied (may be empty). */
export type Decision = { allowed: true } | { allowed: false; reason: string };

/** Decides whether `user` may do what `info` describes. */
export type Authorizer = (user: UserInfo, info: RequestInfo) => Decision;

/** The user a valid token stands for (what a cluster-admin kubeconfig gives). */
export const ADMIN_USER: UserInfo = { name: 'stand-in-admin', groups: ['system:masters', 'system:authenticated'] };

/** Accepts exactly `Authorization: Bearer TOKEN`. */
export function bearerTokenAuthenticator(token: string, user: UserInfo = ADMIN_USER): Authenticator {
  return (request) => (request.headers.authorization === `Bearer ${token}` ? user : undefined);
}

/** Allows every request. */
export const allowAll: Authorizer = () => ({ allowed: true });

/**
 * The text after "is forbidden: " in a Forbidden Status, as the RBAC authorizer writes it, e.g.
 * `User "u" cannot create resource "jobs" in API group "batch" in the namespace "ns"`.
 */
export function forbiddenText(user: UserInfo, info: RequestInfo, reason: string): string {
  const suffix = reason ? `: ${reason}` : '';
  if (!info.isResourceRequest) return `User "${user.name}" cannot ${info.verb} path "${info.path}"${suffix}`;
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const where = info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope';
  return `User "${user.name}" cannot ${info.verb} resource "${resource}" in API group "${info.apiGroup}"${where}${suffix}`;
}
