/**
 * The policy rules run by `npm run validate` after the schema check. Add a rule by writing a {@link PolicyRule}
 * and listing it in {@link POLICY_RULES}.
 */
import { imagePinProblem } from '../../domain/images';
import { isObject, K8sObject } from './documents';
import { containersOf, findPodTemplates, getAt, PodTemplate } from './pod-templates';
import { PathSegment } from './report';
import { NAME_LIMITS } from '../../domain/names';

/** One rule broken at one place. */
export interface PolicyViolation {
  readonly path: PathSegment[];
  readonly message: string;
}

/** A policy rule: looks at one Kubernetes object and returns what it breaks (nothing when it complies). */
export interface PolicyRule {
  /** Short identifier, for example `restricted-v2`. */
  readonly id: string;
  readonly description: string;
  check(object: K8sObject): PolicyViolation[];
}

/** Kubernetes' length limits (domain/names.ts, the same the configuration checks derived names against). */
const MAX_NAME_LENGTH = NAME_LIMITS.default;
const MAX_CRONJOB_NAME_LENGTH = NAME_LIMITS.cronJob;
const MAX_LABEL_LENGTH = NAME_LIMITS.labelValue;
const MAX_LABEL_PREFIX_LENGTH = NAME_LIMITS.labelPrefix;
const MAX_GENERATE_NAME_LENGTH = NAME_LIMITS.generateName;

/** The only capability restricted-v2 lets a container add. */
const ADDABLE_CAPABILITY = 'NET_BIND_SERVICE';

/** A name syntax: the pattern and how to say it. */
interface NameFormat {
  readonly pattern: RegExp;
  readonly description: string;
}
const DNS1123_LABEL: NameFormat = {
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  description: 'a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
};
const DNS1123_LABEL_PREFIX: NameFormat = {
  pattern: /^[a-z0-9][-a-z0-9]*$/,
  description: 'a DNS-1123 label prefix: lowercase letters, digits and "-", starting with a letter or digit',
};
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME_OR_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_CHARACTERS = 'alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';

// ---------------------------------------------------------------------------------------------------------------
// OpenShift restricted-v2

/**
 * OpenShift's restricted-v2 SCC: non-root without a fixed UID, no privilege escalation, all capabilities dropped,
 * RuntimeDefault seccomp, nothing privileged or from the host.
 */
export const restrictedV2Rule: PolicyRule = {
  id: 'restricted-v2',
  description: 'pods pass the OpenShift restricted-v2 SCC',
  check: (object) => findPodTemplates(object).flatMap((pod) => [...checkPodLevel(pod), ...checkContainers(pod)]),
};

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'];

/** Pod-level restricted-v2 checks: host namespaces, hostPath volumes, a fixed UID. */
function checkPodLevel(pod: PodTemplate): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const field of HOST_NAMESPACE_FIELDS) {
    if (pod.spec[field] === true) {
      violations.push({ path: [...pod.specPath, field], message: 'must not be true (restricted-v2)' });
    }
  }
  const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
  volumes.forEach((volume: unknown, index) => {
    if (isObject(volume) && volume.hostPath !== undefined) {
      const path = [...pod.specPath, 'volumes', index, 'hostPath'];
      violations.push({ path, message: 'hostPath volumes are not allowed (restricted-v2)' });
    }
  });
  if (getAt(pod.spec, ['securityContext', 'runAsUser']) !== undefined) {
    violations.push(fixedUid([...pod.specPath, 'securityContext', 'runAsUser']));
  }
  return violations;
}

/** Container-level restricted-v2 checks; pod-level settings count where Kubernetes inherits them. */
function checkContainers(pod: PodTemplate): PolicyViolation[] {
  const podContext = isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
  return containersOf(pod).flatMap(({ path, container }) => {
    const context = isObject(container.securityContext) ? container.securityContext : {};
    const contextPath = [...path, 'securityContext'];
    return [
      ...checkNonRoot(context, podContext, contextPath),
      ...checkEscalation(context, contextPath),
      ...checkCapabilities(context, contextPath),
      ...checkSeccomp(context, podContext, contextPath),
    ];
  });
}

function fixedUid(path: PathSegment[]): PolicyViolation {
  return { path, message: 'must not be set: OpenShift assigns the UID (restricted-v2)' };
}

function checkNonRoot(context: K8sObject, podContext: K8sObject, contextPath: PathSegment[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) {
    const message = 'must be true (restricted-v2; here or in the pod securityContext)';
    violations.push({ path: [...contextPath, 'runAsNonRoot'], message });
  }
  if (context.runAsUser !== undefined) {
    violations.push(fixedUid([...contextPath, 'runAsUser']));
  }
  return violations;
}

function checkEscalation(context: K8sObject, contextPath: PathSegment[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (context.allowPrivilegeEscalation !== false) {
    violations.push({ path: [...contextPath, 'allowPrivilegeEscalation'], message: 'must be false (restricted-v2)' });
  }
  if (context.privileged === true) {
    violations.push({ path: [...contextPath, 'privileged'], message: 'must not be true (restricted-v2)' });
  }
  return violations;
}

function checkCapabilities(context: K8sObject, contextPath: PathSegment[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const capabilitiesPath = [...contextPath, 'capabilities'];
  const drop = getAt(context, ['capabilities', 'drop']);
  if (!Array.isArray(drop) || !drop.includes('ALL')) {
    violations.push({ path: [...capabilitiesPath, 'drop'], message: 'must contain ALL (restricted-v2)' });
  }
  const add = getAt(context, ['capabilities', 'add']);
  (Array.isArray(add) ? add : []).forEach((capability: unknown, index) => {
    if (capability !== ADDABLE_CAPABILITY) {
      const message = `${JSON.stringify(capability)} may not be added, only ${ADDABLE_CAPABILITY} (restricted-v2)`;
      violations.push({ path: [...capabilitiesPath, 'add', index], message });
    }
  });
  return violations;
}

function checkSeccomp(context: K8sObject, podContext: K8sObject, contextPath: PathSegment[]): PolicyViolation[] {
  const type = getAt(context, ['seccompProfile', 'type']) ?? getAt(podContext, ['seccompProfile', 'type']);
  if (type === 'RuntimeDefault') {
    return [];
  }
  const message = 'must be RuntimeDefault (restricted-v2; here or in the pod securityContext)';
  return [{ path: [...contextPath, 'seccompProfile', 'type'], message }];
}

// ---------------------------------------------------------------------------------------------------------------
// Resources, images, GPUs

const RESOURCE_SECTIONS = ['requests', 'limits'] as const;
const REQUIRED_RESOURCES = ['cpu', 'memory'];

/** Every container sets requests and limits, each with cpu and memory. */
export const resourcesRule: PolicyRule = {
  id: 'resources',
  description: 'containers set cpu and memory requests and limits',
  check: (object) =>
    findPodTemplates(object).flatMap((pod) =>
      containersOf(pod).flatMap(({ path, container }) =>
        RESOURCE_SECTIONS.flatMap((section) => {
          const values = getAt(container, ['resources', section]);
          const missing = REQUIRED_RESOURCES.filter((name) => !isObject(values) || values[name] === undefined);
          if (missing.length === 0) {
            return [];
          }
          const message = `missing ${missing.join(' and ')} (requests and limits must both set cpu and memory)`;
          return [{ path: [...path, 'resources', section], message }];
        }),
      ),
    ),
};

/** Why an image is not pinned, or undefined when it is (domain/images.ts: a digest, or a full release tag). */
function unpinnedReason(image: unknown): string | undefined {
  if (typeof image !== 'string' || image === '') return 'must be set to a pinned image';
  return imagePinProblem(image);
}

/** Every image is pinned to one build: a digest or a full release tag; `latest`, `v1`, `v4.15` are refused. */
export const pinnedImageRule: PolicyRule = {
  id: 'pinned-image',
  description: 'images are pinned to a digest or a full release tag',
  check: (object) =>
    findPodTemplates(object).flatMap((pod) =>
      containersOf(pod).flatMap(({ path, container }) => {
        const reason = unpinnedReason(container.image);
        return reason === undefined ? [] : [{ path: [...path, 'image'], message: reason }];
      }),
    ),
};

/** No container asks for a GPU: this stack runs load generators and tools, never model servers. */
export const noGpuRule: PolicyRule = {
  id: 'no-gpu',
  description: 'no container requests a GPU',
  check: (object) =>
    findPodTemplates(object).flatMap((pod) =>
      containersOf(pod).flatMap(({ path, container }) =>
        RESOURCE_SECTIONS.flatMap((section) => {
          const values = getAt(container, ['resources', section]);
          const names = isObject(values) ? Object.keys(values).filter((name) => name.endsWith('/gpu')) : [];
          const message = 'GPU resources are not allowed: this stack only runs load generators and tools';
          return names.map((name) => ({ path: [...path, 'resources', section, name], message }));
        }),
      ),
    ),
};

// ---------------------------------------------------------------------------------------------------------------
// Secrets

function hasEntries(value: unknown): boolean {
  return isObject(value) ? Object.keys(value).length > 0 : value !== undefined && value !== null;
}

/** No Secret carries values: Secrets are created out of band and referenced by name. */
export const noSecretValuesRule: PolicyRule = {
  id: 'no-secret-values',
  description: 'Secrets in git carry no values',
  check: (object) => {
    if (object.kind !== 'Secret') {
      return [];
    }
    return ['data', 'stringData']
      .filter((field) => hasEntries(object[field]))
      .map((field) => ({
        path: [field],
        message: 'a Secret in git must not hold values; create it out of band and reference it by name',
      }));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Names and labels

/** Object names are DNS-1123 labels within Kubernetes' length limits; label keys and values are valid. */
export const namesAndLabelsRule: PolicyRule = {
  id: 'names-and-labels',
  description: 'names and labels are valid and within length limits',
  check: (object) => [
    ...checkName(object),
    ...labelledMetadata(object).flatMap(([path, metadata]) => checkLabels(metadata, path)),
  ],
};

function checkName(object: K8sObject): PolicyViolation[] {
  const metadata = isObject(object.metadata) ? object.metadata : {};
  if (metadata.name !== undefined) {
    const isCronJob = object.kind === 'CronJob';
    const limit = isCronJob ? MAX_CRONJOB_NAME_LENGTH : MAX_NAME_LENGTH;
    const messages = nameProblems(metadata.name, DNS1123_LABEL, limit, isCronJob ? ' for a CronJob' : '');
    return atPath(['metadata', 'name'], messages);
  }
  if (metadata.generateName !== undefined) {
    const messages = nameProblems(metadata.generateName, DNS1123_LABEL_PREFIX, MAX_GENERATE_NAME_LENGTH, ' for a generateName');
    return atPath(['metadata', 'generateName'], messages);
  }
  return [{ path: ['metadata'], message: 'must set name or generateName' }];
}

function atPath(path: PathSegment[], messages: string[]): PolicyViolation[] {
  return messages.map((message) => ({ path, message }));
}

/** What is wrong with a name: its characters and its length. */
function nameProblems(name: unknown, format: NameFormat, limit: number, what: string): string[] {
  if (typeof name !== 'string') {
    return ['must be a string'];
  }
  const problems: string[] = [];
  if (!format.pattern.test(name)) {
    problems.push(`${JSON.stringify(name)} is not ${format.description}`);
  }
  if (name.length > limit) {
    problems.push(`must be at most ${limit} characters${what}, got ${name.length}`);
  }
  return problems;
}

/** Every metadata block whose labels count: the object's and those of its pod and job templates. */
function labelledMetadata(object: K8sObject): [PathSegment[], unknown][] {
  const found: [PathSegment[], unknown][] = [[['metadata'], object.metadata]];
  if (object.kind === 'CronJob') {
    found.push([['spec', 'jobTemplate', 'metadata'], getAt(object, ['spec', 'jobTemplate', 'metadata'])]);
  }
  for (const pod of findPodTemplates(object)) {
    if (pod.metadataPath.length > 1) {
      found.push([pod.metadataPath, pod.metadata]);
    }
  }
  return found;
}

function checkLabels(metadata: unknown, metadataPath: PathSegment[]): PolicyViolation[] {
  const labels = getAt(metadata, ['labels']);
  if (!isObject(labels)) {
    return [];
  }
  return Object.entries(labels).flatMap(([key, value]) => {
    const path = [...metadataPath, 'labels', key];
    const problems = [...labelKeyProblems(key), ...labelValueProblems(value)];
    return problems.map((message) => ({ path, message }));
  });
}

/** What is wrong with a label key `[prefix/]name`. */
export function labelKeyProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [`label key ${JSON.stringify(key)} may contain at most one "/"`];
  }
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const problems: string[] = [];
  if (prefix !== undefined && (prefix.length > MAX_LABEL_PREFIX_LENGTH || !DNS1123_SUBDOMAIN.test(prefix))) {
    const limit = MAX_LABEL_PREFIX_LENGTH;
    problems.push(`label key prefix ${JSON.stringify(prefix)} must be a DNS-1123 subdomain of at most ${limit} characters`);
  }
  if (name.length > MAX_LABEL_LENGTH) {
    problems.push(`label key name must be at most ${MAX_LABEL_LENGTH} characters, got ${name.length}`);
  }
  if (!LABEL_NAME_OR_VALUE.test(name)) {
    problems.push(`label key name ${JSON.stringify(name)} must be ${LABEL_CHARACTERS}`);
  }
  return problems;
}

/** What is wrong with a label value (empty is allowed). */
export function labelValueProblems(value: unknown): string[] {
  if (typeof value !== 'string') {
    return [`label value must be a string, got ${JSON.stringify(value)}`];
  }
  const problems: string[] = [];
  if (value.length > MAX_LABEL_LENGTH) {
    problems.push(`label value must be at most ${MAX_LABEL_LENGTH} characters, got ${value.length}`);
  }
  if (value !== '' && !LABEL_NAME_OR_VALUE.test(value)) {
    problems.push(`label value ${JSON.stringify(value)} must be ${LABEL_CHARACTERS}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------

/** The rules `npm run validate` runs, in this order. */
export const POLICY_RULES: readonly PolicyRule[] = [
  restrictedV2Rule,
  resourcesRule,
  pinnedImageRule,
  noGpuRule,
  noSecretValuesRule,
  namesAndLabelsRule,
];
