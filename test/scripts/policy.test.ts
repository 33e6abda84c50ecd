/**
 * Tests of the policy check run by `npm run validate`: one fixture per broken rule (exact lines), and in-memory
 * objects for the cases around each rule (inheritance from the pod, other workload kinds, limits).
 */
import { parseImageReference } from '../../domain/images';
import * as path from 'path';
import { K8sObject, ManifestDocument, readDocuments } from '../../scripts/validation/documents';
import { checkPolicy } from '../../scripts/validation/policy-check';
import { PolicyRule } from '../../scripts/validation/policy-rules';
import {
  labelKeyProblems,
  labelValueProblems,
  POLICY_RULES,
} from '../../scripts/validation/policy-rules';
import { formatProblem } from '../../scripts/validation/report';

const FIXTURES = path.relative(process.cwd(), path.join(__dirname, '..', 'fixtures', 'validate'));
const CONTAINER = '$.spec.template.spec.containers[0]';

/** Policy lines of a fixture file. */
function fixtureLines(dir: 'good' | 'bad', file: string): string[] {
  return readDocuments(path.join(FIXTURES, dir, file)).flatMap((doc) => checkPolicy(doc)).map(formatProblem);
}

/** Policy lines of an object, as document 0 of `memory.yaml`, without the common prefix. */
function objectLines(content: unknown, rules?: readonly PolicyRule[]): string[] {
  const doc: ManifestDocument = { file: 'memory.yaml', index: 0, content, parseErrors: [] };
  return checkPolicy(doc, rules).map((problem) => formatProblem(problem).replace(/^policy: memory\.yaml#0 /, ''));
}

/** A container that passes every rule. */
function goodContainer(overrides: K8sObject = {}): K8sObject {
  return {
    name: 'main',
    image: 'quay.io/example/tool:1.2.3',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
    ...overrides,
  };
}

/** A pod spec that passes every rule. */
function goodPodSpec(overrides: K8sObject = {}): K8sObject {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [goodContainer()],
    ...overrides,
  };
}

function deployment(podSpec: K8sObject, name = 'reports'): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { selector: {}, template: { metadata: { labels: { app: 'reports' } }, spec: podSpec } },
  };
}

describe('policy fixtures', () => {
  it('finds nothing in the valid restricted-v2 Job and the Route', () => {
    expect(fixtureLines('good', 'job-restricted.yaml')).toEqual([]);
    expect(fixtureLines('good', 'route.yaml')).toEqual([]);
  });

  const prefix = (file: string, name = 'guidellm-run') =>
    `policy: test/fixtures/validate/bad/${file}#0 Job/${name} `;

  it.each([
    ['policy-run-as-non-root.yaml', [`${CONTAINER}.securityContext.runAsNonRoot: must be true (restricted-v2; here or in the pod securityContext)`]],
    ['policy-run-as-user.yaml', [`${CONTAINER}.securityContext.runAsUser: must not be set: OpenShift assigns the UID (restricted-v2)`]],
    ['policy-privilege-escalation.yaml', [`${CONTAINER}.securityContext.allowPrivilegeEscalation: must be false (restricted-v2)`]],
    [
      'policy-capabilities.yaml',
      [
        `${CONTAINER}.securityContext.capabilities.drop: must contain ALL (restricted-v2)`,
        `${CONTAINER}.securityContext.capabilities.add[1]: "SYS_ADMIN" may not be added, only NET_BIND_SERVICE (restricted-v2)`,
      ],
    ],
    ['policy-seccomp.yaml', [`${CONTAINER}.securityContext.seccompProfile.type: must be RuntimeDefault (restricted-v2; here or in the pod securityContext)`]],
    ['policy-privileged.yaml', [`${CONTAINER}.securityContext.privileged: must not be true (restricted-v2)`]],
    [
      'policy-host-namespaces.yaml',
      ['$.spec.template.spec.hostNetwork: must not be true (restricted-v2)', '$.spec.template.spec.hostPID: must not be true (restricted-v2)'],
    ],
    ['policy-host-path.yaml', ['$.spec.template.spec.volumes[0].hostPath: hostPath volumes are not allowed (restricted-v2)']],
    [
      'policy-resources.yaml',
      [
        `${CONTAINER}.resources.requests: missing memory (requests and limits must both set cpu and memory)`,
        `${CONTAINER}.resources.limits: missing cpu and memory (requests and limits must both set cpu and memory)`,
      ],
    ],
    [
      'policy-image-latest.yaml',
      [`${CONTAINER}.image: image "ghcr.io/vllm-project/guidellm:latest" uses the tag "latest", which names a line of releases its publisher moves, not one build; pin a full release (e.g. v4.15.0) or a digest (IMAGE@sha256:…, from \`skopeo inspect --format '{{.Digest}}' docker://IMAGE\`)`],
    ],
    ['policy-image-untagged.yaml', [`${CONTAINER}.image: image "ghcr.io/vllm-project/guidellm" has no tag or digest; pin a full release (e.g. v4.15.0) or a digest (IMAGE@sha256:…, from \`skopeo inspect --format '{{.Digest}}' docker://IMAGE\`)`]],
    [
      'policy-gpu.yaml',
      [`${CONTAINER}.resources.limits["nvidia.com/gpu"]: GPU resources are not allowed: this stack only runs load generators and tools`],
    ],
    [
      'label-value.yaml',
      [
        '$.metadata.labels["app.kubernetes.io/part-of"]: label value "benchmark stack/v1" must be alphanumerics, "-", "_" or ".", ' +
          'starting and ending with an alphanumeric',
      ],
    ],
  ])('%s', (file, messages) => {
    expect(fixtureLines('bad', file)).toEqual(messages.map((message) => prefix(file) + message));
  });

  it('name-too-long.yaml', () => {
    const name = 'guidellm-run-' + 'x'.repeat(51);
    expect(fixtureLines('bad', 'name-too-long.yaml')).toEqual([
      `${prefix('name-too-long.yaml', name)}$.metadata.name: must be at most 63 characters, got 64`,
    ]);
  });

  it('generate-name-too-long.yaml', () => {
    const name = 'guidellm-run-' + 'y'.repeat(45) + '-';
    expect(fixtureLines('bad', 'generate-name-too-long.yaml')).toEqual([
      `${prefix('generate-name-too-long.yaml', name)}$.metadata.generateName: must be at most 58 characters for a generateName, got 59`,
    ]);
  });

  it('cronjob-name-53.yaml', () => {
    const name = 'benchmark-dispatcher-' + 'z'.repeat(32);
    expect(fixtureLines('bad', 'cronjob-name-53.yaml')).toEqual([
      `policy: test/fixtures/validate/bad/cronjob-name-53.yaml#0 CronJob/${name} $.metadata.name: must be at most 52 characters for a CronJob, got 53`,
    ]);
  });

  it('secret-with-data.yaml: the Secret with values, not the token Secret without', () => {
    expect(fixtureLines('bad', 'secret-with-data.yaml')).toEqual([
      'policy: test/fixtures/validate/bad/secret-with-data.yaml#1 Secret/s3-credentials $.stringData: ' +
        'a Secret in git must not hold values; create it out of band and reference it by name',
    ]);
  });
});

describe('restricted-v2', () => {
  it('takes runAsNonRoot and seccompProfile from the pod or the container', () => {
    const atContainer = goodContainer({
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      },
    });
    expect(objectLines(deployment(goodPodSpec({ securityContext: {}, containers: [atContainer] })))).toEqual([]);
    expect(objectLines(deployment(goodPodSpec()))).toEqual([]);
  });

  it('lets a container setting override a good pod setting', () => {
    const unconfined = goodContainer({
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        runAsNonRoot: false,
        seccompProfile: { type: 'Unconfined' },
      },
    });
    expect(objectLines(deployment(goodPodSpec({ containers: [unconfined] })))).toEqual([
      `Deployment/reports ${CONTAINER}.securityContext.runAsNonRoot: must be true (restricted-v2; here or in the pod securityContext)`,
      `Deployment/reports ${CONTAINER}.securityContext.seccompProfile.type: must be RuntimeDefault (restricted-v2; here or in the pod securityContext)`,
    ]);
  });

  it('checks init containers and a fixed UID on the pod', () => {
    const spec = goodPodSpec({
      securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [goodContainer({ securityContext: { capabilities: { drop: ['ALL'] } } })],
    });
    expect(objectLines(deployment(spec))).toEqual([
      'Deployment/reports $.spec.template.spec.securityContext.runAsUser: must not be set: OpenShift assigns the UID (restricted-v2)',
      'Deployment/reports $.spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation: must be false (restricted-v2)',
    ]);
  });

  it('finds the pod of a Pod, a StatefulSet, a DaemonSet, a ReplicaSet and a CronJob', () => {
    const broken = goodPodSpec({ hostIPC: true });
    expect(objectLines({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: broken })).toEqual([
      'Pod/p $.spec.hostIPC: must not be true (restricted-v2)',
    ]);
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      expect(objectLines({ ...deployment(broken, 'w'), kind })).toEqual([
        `${kind}/w $.spec.template.spec.hostIPC: must not be true (restricted-v2)`,
      ]);
    }
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: broken } } } },
    };
    expect(objectLines(cronJob)).toEqual(['CronJob/c $.spec.jobTemplate.spec.template.spec.hostIPC: must not be true (restricted-v2)']);
  });

  it('leaves kinds without pods alone', () => {
    expect(objectLines({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } })).toEqual([]);
  });
});

describe('resources, images and GPUs', () => {
  it('asks for both requests and limits when resources are missing', () => {
    const spec = goodPodSpec({ containers: [goodContainer({ resources: undefined })] });
    expect(objectLines(deployment(spec))).toEqual([
      `Deployment/reports ${CONTAINER}.resources.requests: missing cpu and memory (requests and limits must both set cpu and memory)`,
      `Deployment/reports ${CONTAINER}.resources.limits: missing cpu and memory (requests and limits must both set cpu and memory)`,
    ]);
  });

  it('finds tags and digests in image references', () => {
    expect(parseImageReference('registry:5000/team/tool')).toEqual({ tag: undefined, digest: undefined });
    expect(parseImageReference('registry:5000/team/tool:1.0')).toEqual({ tag: '1.0', digest: undefined });
    expect(parseImageReference('tool:latest@sha256:abc')).toEqual({ tag: 'latest', digest: 'sha256:abc' });
  });

  const HOW = "pin a full release (e.g. v4.15.0) or a digest (IMAGE@sha256:…, from `skopeo inspect --format '{{.Digest}}' docker://IMAGE`)";
  const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
  it.each(['latest', 'stable', 'main', 'nightly', 'v1', 'v4.15', '1.30', '13'])('refuses the tag %s (a line of releases, not one build) and accepts it with a digest', (tag) => {
    const moving = goodPodSpec({ containers: [goodContainer({ image: `quay.io/x/tool:${tag}` })] });
    expect(objectLines(deployment(moving))).toEqual([
      `Deployment/reports ${CONTAINER}.image: image "quay.io/x/tool:${tag}" uses the tag "${tag}", which names a line of releases its publisher moves, not one build; ${HOW}`,
    ]);
    const digest = goodPodSpec({ containers: [goodContainer({ image: `quay.io/x/tool:${tag}@${DIGEST}` })] });
    expect(objectLines(deployment(digest))).toEqual([]);
  });

  it.each(['v0.7.3', '1.30.4', 'v4.15.0', 'v4.15.0-202402082307.p0', '1-51', '9.5-1736404036', 'RELEASE.2025-08-13T08-35-41Z'])('accepts the release tag %s', (tag) => {
    expect(objectLines(deployment(goodPodSpec({ containers: [goodContainer({ image: `quay.io/x/tool:${tag}` })] })))).toEqual([]);
  });

  it('refuses a malformed digest and a reference without tag or digest', () => {
    const lines = (image: string) => objectLines(deployment(goodPodSpec({ containers: [goodContainer({ image })] })));
    expect(lines('quay.io/x/tool@sha256:0123')).toEqual([`Deployment/reports ${CONTAINER}.image: image "quay.io/x/tool@sha256:0123" has a malformed digest; expected sha256: and 64 hex digits`]);
    expect(lines('quay.io/x/tool')).toEqual([`Deployment/reports ${CONTAINER}.image: image "quay.io/x/tool" has no tag or digest; ${HOW}`]);
  });

  it('refuses any */gpu resource in requests or limits', () => {
    const gpu = goodContainer({
      resources: {
        requests: { cpu: '1', memory: '1Gi', 'amd.com/gpu': 1 },
        limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 },
      },
    });
    expect(objectLines(deployment(goodPodSpec({ containers: [gpu] })))).toEqual([
      `Deployment/reports ${CONTAINER}.resources.requests["amd.com/gpu"]: GPU resources are not allowed: this stack only runs load generators and tools`,
      `Deployment/reports ${CONTAINER}.resources.limits["nvidia.com/gpu"]: GPU resources are not allowed: this stack only runs load generators and tools`,
    ]);
  });
});

describe('secrets, names and labels', () => {
  it('accepts a Secret with empty data and refuses one with data', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } };
    expect(objectLines({ ...secret, data: {} })).toEqual([]);
    expect(objectLines({ ...secret, data: { key: 'dmFsdWU=' } })).toEqual([
      'Secret/s $.data: a Secret in git must not hold values; create it out of band and reference it by name',
    ]);
  });

  it('accepts names at the limits and refuses one beyond', () => {
    const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    expect(objectLines(configMap('a'.repeat(63)))).toEqual([]);
    expect(objectLines({ ...configMap('c'.repeat(52)), kind: 'CronJob' })).toEqual([]);
    expect(objectLines({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'g'.repeat(57) + '-' } })).toEqual([]);
    expect(objectLines(configMap('-bad'))).toEqual([
      'ConfigMap/-bad $.metadata.name: "-bad" is not a DNS-1123 label: lowercase letters, digits and "-", ' +
        'starting and ending with a letter or digit',
    ]);
    expect(objectLines({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })).toEqual([
      'ConfigMap/- $.metadata: must set name or generateName',
    ]);
  });

  it('checks the labels of the pod template', () => {
    const object = deployment(goodPodSpec());
    (object.spec as { template: { metadata: K8sObject } }).template.metadata = { labels: { tier: 'web/front' } };
    expect(objectLines(object)).toEqual([
      'Deployment/reports $.spec.template.metadata.labels.tier: label value "web/front" must be alphanumerics, "-", "_" or ".", ' +
        'starting and ending with an alphanumeric',
    ]);
  });

  it('checks label keys: prefix, name, slashes', () => {
    expect(labelKeyProblems('app.kubernetes.io/name')).toEqual([]);
    expect(labelKeyProblems('Example.com/name')).toEqual([
      'label key prefix "Example.com" must be a DNS-1123 subdomain of at most 253 characters',
    ]);
    expect(labelKeyProblems('example.com/' + 'n'.repeat(64))).toEqual(['label key name must be at most 63 characters, got 64']);
    expect(labelKeyProblems('a/b/c')).toEqual(['label key "a/b/c" may contain at most one "/"']);
    expect(labelKeyProblems('-x')).toEqual([
      'label key name "-x" must be alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
    ]);
  });

  it('checks label values: empty is fine, 64 characters and non-strings are not', () => {
    expect(labelValueProblems('')).toEqual([]);
    expect(labelValueProblems('v1.2_3-a')).toEqual([]);
    expect(labelValueProblems('v'.repeat(64))).toEqual(['label value must be at most 63 characters, got 64']);
    expect(labelValueProblems(true)).toEqual(['label value must be a string, got true']);
  });
});

describe('rules', () => {
  it('runs the rules it is given, so later work can add its own', () => {
    const noConfigMaps: PolicyRule = {
      id: 'no-configmaps',
      description: 'test rule',
      check: (object) => (object.kind === 'ConfigMap' ? [{ path: ['kind'], message: 'not here' }] : []),
    };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(objectLines(configMap, [...POLICY_RULES, noConfigMaps])).toEqual(['ConfigMap/c $.kind: not here']);
    expect(POLICY_RULES.map((rule) => rule.id)).toEqual([
      'restricted-v2',
      'resources',
      'pinned-image',
      'no-gpu',
      'no-secret-values',
      'names-and-labels',
    ]);
  });
});
