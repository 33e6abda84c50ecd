/**
 * OpenShift's `PodSecurityPolicyReview` (security.openshift.io/v1, `oc adm policy scc-review`): which
 * ServiceAccounts of a namespace a SecurityContextConstraints admits a pod template for. The shape and the
 * refusals follow openshift-apiserver's podsecuritypolicyreview REST storage: POST only; the answer is the
 * review with `status.allowedServiceAccounts` (one entry per ServiceAccount and SCC that admits the template,
 * empty when none does); a ServiceAccount that does not exist is a 400
 * `unable to find ServiceAccount for namespace: NS`. Each namespace has its `default` ServiceAccount.
 *
 * Every ServiceAccount here may use `restricted-v2` only, whose rules this checks (OpenShift 4.11+
 * docs, "Managing security context constraints"): not privileged, no privilege escalation, no host
 * namespaces or ports, user IDs inside the namespace's range (1000680000/10000 here), capabilities beyond
 * NET_BIND_SERVICE not added, no seccomp `Unconfined`, volumes of the allowed types only.
 */
import type { Route } from './server';
import type { Namespaces } from './namespace-routes';
import { StatusError, badRequest } from './status';

export const SCC_REVIEW_RESOURCE = { group: 'security.openshift.io', version: 'v1', resource: 'podsecuritypolicyreviews', kind: 'PodSecurityPolicyReview' } as const;

const UID_RANGE = { first: 1000680000, size: 10000 };
const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The reasons restricted-v2 refuses a pod spec; empty when it admits it. */
export function restrictedV2Problems(spec: any): string[] {
  const problems: string[] = [];
  const last = UID_RANGE.first + UID_RANGE.size - 1;
  const uid = (value: unknown, field: string) => {
    if (typeof value === 'number' && (value < UID_RANGE.first || value > last)) {
      problems.push(`${field}: Invalid value: ${value}: must be in the ranges: [${UID_RANGE.first}, ${last}]`);
    }
  };
  for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec?.[host]) problems.push(`spec.securityContext.${host}: Invalid value: true: Host ${host.slice(4)} is not allowed to be used`);
  uid(spec?.securityContext?.runAsUser, 'spec.securityContext.runAsUser');
  if (spec?.securityContext?.seccompProfile?.type === 'Unconfined') problems.push('spec.securityContext.seccompProfile.type: Forbidden: Unconfined is not an allowed seccomp profile');
  for (const volume of spec?.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type && !ALLOWED_VOLUMES.includes(type)) problems.push(`spec.volumes[${volume.name}]: Invalid value: "${type}": ${type} volumes are not allowed to be used`);
  }
  const containers = [...(spec?.initContainers ?? []).map((c: any) => ['initContainers', c]), ...(spec?.containers ?? []).map((c: any) => ['containers', c])];
  containers.forEach(([list, c]: [string, any]) => {
    const at = `spec.${list}[${c.name}].securityContext`;
    const sc = c.securityContext ?? {};
    if (sc.privileged) problems.push(`${at}.privileged: Invalid value: true: Privileged containers are not allowed`);
    if (sc.allowPrivilegeEscalation === true) problems.push(`${at}.allowPrivilegeEscalation: Invalid value: true: Allowing privilege escalation for containers is not allowed`);
    uid(sc.runAsUser, `${at}.runAsUser`);
    for (const cap of sc.capabilities?.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE') problems.push(`${at}.capabilities.add: Invalid value: "${cap}": capability may not be added`);
    }
    if (sc.seccompProfile?.type === 'Unconfined') problems.push(`${at}.seccompProfile.type: Forbidden: Unconfined is not an allowed seccomp profile`);
    for (const port of c.ports ?? []) if (port.hostPort) problems.push(`spec.${list}[${c.name}].ports: Invalid value: ${port.hostPort}: Host ports are not allowed to be used`);
  });
  return problems;
}

/** Routes of `POST /apis/security.openshift.io/v1/namespaces/NS/podsecuritypolicyreviews`. */
export function sccReviewRoutes(namespaces: Namespaces, serviceAccountExists: (namespace: string, name: string) => boolean): Route[] {
  const pattern = /^\/apis\/security\.openshift\.io\/v1\/namespaces\/(?<namespace>[^/]+)\/podsecuritypolicyreviews$/;
  return [
    {
      method: 'POST',
      pattern,
      handle: ({ params, body }) => {
        namespaces.require(params.namespace);
        const review = (body ?? {}) as any;
        const names: string[] = review.spec?.serviceAccountNames ?? [];
        if (names.length === 0) throw new StatusError(badRequest('the stand-in needs spec.serviceAccountNames (it does not list ServiceAccounts)'));
        const missing = names.filter((n) => !serviceAccountExists(params.namespace, n));
        if (missing.length > 0) {
          throw new StatusError(badRequest(`unable to find ServiceAccount for namespace: ${params.namespace}`));
        }
        const admitted = restrictedV2Problems(review.spec?.template?.spec).length === 0;
        const allowedServiceAccounts = admitted
          ? names.map((name) => ({ name, allowedBy: { kind: 'SecurityContextConstraints', name: 'restricted-v2', apiVersion: 'security.openshift.io/v1' }, template: review.spec.template }))
          : [];
        return { code: 201, body: { kind: 'PodSecurityPolicyReview', apiVersion: 'security.openshift.io/v1', spec: review.spec, status: { allowedServiceAccounts } } };
      },
    },
  ];
}
