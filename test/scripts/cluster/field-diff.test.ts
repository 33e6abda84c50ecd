/** The field-level diff of a manifest against a live object (pure). */
import { diffObjects, lastAppliedShape, quantityValue, renderChanges } from '../../../scripts/cluster/field-diff';

const desired = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' } },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'main', image: 'web:1.1', env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 8080 }] },
          { name: 'side', image: 'side:1' },
        ],
      },
    },
  },
};

/** `desired` as the API server returns it: server fields, status and defaults added. */
function live(): any {
  const object = JSON.parse(JSON.stringify(desired));
  Object.assign(object.metadata, { uid: 'u', resourceVersion: '9', creationTimestamp: '2026-01-01T00:00:00Z', generation: 4, managedFields: [{ manager: 'x' }] });
  object.status = { replicas: 1 };
  object.spec.progressDeadlineSeconds = 600;
  object.spec.template.spec.containers[0].terminationMessagePath = '/dev/termination-log';
  object.spec.template.spec.containers[0].ports[0].protocol = 'TCP';
  return object;
}

test('server-populated fields and defaults dist/ does not set are not differences', () => {
  expect(diffObjects(desired, live())).toEqual([]);
});

test('a changed scalar, an added field and an added list item are reported with readable paths', () => {
  const object = live();
  object.spec.replicas = 3;
  object.spec.template.spec.containers[0].image = 'web:1.0';
  delete object.metadata.labels;
  object.spec.template.spec.containers[0].env = [];
  expect(diffObjects(desired, object)).toEqual([
    { type: 'added', path: 'metadata.labels', desired: { app: 'web' } },
    { type: 'changed', path: 'spec.replicas', live: 3, desired: 1 },
    { type: 'changed', path: 'spec.template.spec.containers[name=main].image', live: 'web:1.0', desired: 'web:1.1' },
    { type: 'changed', path: 'spec.template.spec.containers[name=main].env', live: [], desired: [{ name: 'A', value: '1' }] },
  ]);
});

test('named list items are matched by name, not position; an item only the live object has is ignored unless the last apply set it', () => {
  const object = live();
  object.spec.template.spec.containers.reverse();
  object.spec.template.spec.containers.push({ name: 'injected', image: 'mesh:1' });
  expect(diffObjects(desired, object)).toEqual([]);
  object.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'injected' }] } } } }) };
  expect(diffObjects(desired, object)).toEqual([
    { type: 'removed', path: 'spec.template.spec.containers[name=injected]', live: { name: 'injected', image: 'mesh:1' } },
  ]);
});

test('fields the last apply set (last-applied annotation) and dist/ no longer sets are removed; the annotation itself is not compared', () => {
  const object = live();
  object.metadata.labels.tier = 'old';
  object.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ metadata: { labels: { app: 'web', tier: 'old' } } }) };
  expect(diffObjects(desired, object)).toEqual([{ type: 'removed', path: 'metadata.labels.tier', live: 'old' }]);
});

test('server-side apply: only the Apply entries of the given managers say what was applied', () => {
  const object = live();
  object.spec.paused = true;
  object.metadata.managedFields = [
    { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:spec': { 'f:paused': {} } } },
  ];
  expect(diffObjects(desired, object, ['argocd-controller'])).toEqual([]);
  object.metadata.managedFields.push({ manager: 'argocd-controller', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } } });
  expect(diffObjects(desired, object, ['argocd-controller'])).toEqual([{ type: 'removed', path: 'spec.paused', live: true }]);
});

test('fieldsV1 reads as a shape: maps by f: keys, named list items by k: keys', () => {
  const shape = lastAppliedShape(
    { metadata: { managedFields: [{ manager: 'm', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {} } } } } }] } },
    ['m'],
  );
  expect(shape).toEqual({ spec: { containers: [{ name: 'a', image: true }] } });
});

test('rendering: ~ changed, + added, - removed, and a line diff with context for multi-line strings', () => {
  const lines = renderChanges(
    [
      { type: 'changed', path: 'spec.replicas', live: 3, desired: 1 },
      { type: 'added', path: 'metadata.labels', desired: { app: 'web' } },
      { type: 'removed', path: 'spec.paused', live: true },
      { type: 'changed', path: 'data["run.sh"]', live: 'a\nb\nc\n', desired: 'a\nB\nc\n' },
    ],
    '',
  );
  expect(lines).toEqual([
    '~ spec.replicas: 3 → 1',
    '+ metadata.labels: {"app":"web"}',
    '- spec.paused: true   (no longer in dist/: the sync removes it)',
    '~ data["run.sh"]:',
    '      a',
    '    - b',
    '    + B',
    '      c',
  ]);
});

test('long values are cut to one line', () => {
  const [line] = renderChanges([{ type: 'changed', path: 'x', live: 'a'.repeat(300), desired: 'b' }], '');
  expect(line.length).toBeLessThan(120);
  expect(line).toContain('…');
});

test('resource quantities are compared by value, as the server rewrites them canonically', () => {
  expect(quantityValue('500m')).toBe(0.5);
  expect(quantityValue('1Gi')).toBe(2 ** 30);
  expect(quantityValue(2)).toBe(2);
  expect(quantityValue('abc')).toBeUndefined();
  const manifest = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: 0.5, memory: '1024Mi' }, limits: { cpu: '2', memory: '2Gi' } } }] } };
  const live = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } } }] } };
  expect(diffObjects(manifest, live)).toEqual([{ type: 'changed', path: 'spec.containers[name=c].resources.limits.cpu', live: '1', desired: '2' }]);
  // elsewhere a number and a string stay different values
  expect(diffObjects({ data: { a: '1' } }, { data: { a: 1 } })).toHaveLength(1);
});
