/**
 * Finding the pods an object runs: the pod spec of a Pod, the pod template of a workload, and their containers.
 * Shared by the policy rules; later rules (Tekton steps) can add their own finders next to these.
 */
import { isObject, K8sObject } from './documents';
import { PathSegment } from './report';

/** One pod an object describes. */
export interface PodTemplate {
  /** Path of the pod's metadata (may be absent in the document). */
  readonly metadataPath: PathSegment[];
  readonly metadata: K8sObject | undefined;
  /** Path of the pod spec. */
  readonly specPath: PathSegment[];
  readonly spec: K8sObject;
}

/** One container (or init or ephemeral container) of a pod. */
export interface ContainerRef {
  readonly path: PathSegment[];
  readonly container: K8sObject;
}

/** Where each workload kind keeps its pod template (the object holding `metadata` and `spec`). */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The container lists of a pod spec. */
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** The pod templates of an object: none for kinds that run no pods, or when the template is missing. */
export function findPodTemplates(object: K8sObject): PodTemplate[] {
  const templatePath = typeof object.kind === 'string' ? POD_TEMPLATE_PATHS[object.kind] : undefined;
  if (templatePath === undefined) {
    return [];
  }
  const template = getAt(object, templatePath);
  if (!isObject(template) || !isObject(template.spec)) {
    return [];
  }
  return [
    {
      metadataPath: [...templatePath, 'metadata'],
      metadata: isObject(template.metadata) ? template.metadata : undefined,
      specPath: [...templatePath, 'spec'],
      spec: template.spec,
    },
  ];
}

/** Every container of a pod, init containers first. */
export function containersOf(pod: PodTemplate): ContainerRef[] {
  const found: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const containers = pod.spec[list];
    if (!Array.isArray(containers)) {
      continue;
    }
    containers.forEach((container: unknown, index) => {
      if (isObject(container)) {
        found.push({ path: [...pod.specPath, list, index], container });
      }
    });
  }
  return found;
}

/** The value at a path of object keys, or undefined. */
export function getAt(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    current = isObject(current) ? current[key] : undefined;
  }
  return current;
}
