/**
 * Pod and container settings that every pod of the stack gets: OpenShift's restricted-v2 SCC (non-root
 * without a fixed UID, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp) and a
 * read-only root filesystem. cdk8s-plus does not drop capabilities or set seccomp by itself, and the stack
 * builds its pods from the L1 classes, so these are spelled out here once.
 */
import { k8s } from 'cdk8s-plus-28';

/** Pod-level security context: no `runAsUser`, OpenShift assigns one from the namespace's range. */
export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Container-level security context compatible with restricted-v2. */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** CPU and memory, requests and limits. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export function resourceRequirements(resources: ContainerResources): k8s.ResourceRequirements {
  const q = (v: string) => k8s.Quantity.fromString(v);
  return {
    requests: { cpu: q(resources.requests.cpu), memory: q(resources.requests.memory) },
    limits: { cpu: q(resources.limits.cpu), memory: q(resources.limits.memory) },
  };
}

/** Whole CPUs in a quantity such as `2`, `1500m` or `0.5`, at least 1: GuideLLM's worker process cap. */
export function wholeCpus(quantity: string): number {
  const cpus = quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
  return Math.max(1, Math.floor(cpus));
}
