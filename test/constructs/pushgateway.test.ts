/** The stack's Pushgateway: a snapshot and explicit checks of the pod, persistence, Service, ServiceMonitor and waves. */
import { Chart, Testing } from 'cdk8s';
import { ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import {
  Pushgateway,
  PUSHGATEWAY_NAMES,
  PUSHGATEWAY_PERSISTENCE_FILE,
  PUSHGATEWAY_PORT,
  pushgatewayInClusterUrl,
  PushgatewayProps,
} from '../../constructs/pushgateway';
import { fixtureEnvironment } from '../helpers/project';
import { benchmarkPodLabels } from '../../constructs/benchmark-steps';
import { benchmarkJobManifest } from '../../constructs/benchmark-job';
import { benchmarkJobProps, benchmarkRunnerProps } from '../../constructs/charts/props';
import { BenchmarkTask } from '../../constructs/tekton/benchmark-task';
import { RenderCommandCode } from '../../constructs/tekton/render-command';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../helpers/restricted';

const demo = fixtureEnvironment('demo');
const configured = demo.config.publish.pushgateway;
if (configured === false || !('deploy' in configured)) throw new Error('the demo environment is expected to deploy its own Pushgateway');
const IMAGE = configured.image;

function synth(extra: Partial<PushgatewayProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const pushgateway = new Pushgateway(chart, 'pushgateway', { environment: demo.name, namespace: demo.config.namespace, image: IMAGE, publisherPodLabels: benchmarkPodLabels(demo.name), ...extra });
  const objects = Testing.synth(chart);
  const byKind = (kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  return { objects, byKind, pushgateway };
}

const { objects, byKind, pushgateway } = synth();
const deployment = byKind('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];

test('matches its snapshot', () => expect(objects).toMatchSnapshot());

test('five objects with stable names in the stack namespace, labelled as the stack', () => {
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'Deployment/pushgateway',
    'NetworkPolicy/pushgateway',
    'PersistentVolumeClaim/pushgateway-data',
    'Service/pushgateway',
    'ServiceMonitor/pushgateway',
  ]);
  for (const o of objects) {
    expect(o.metadata.namespace).toBe('llm-bench-demo');
    expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'pushgateway', 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'demo' });
  }
});

test('NetworkPolicy: port 9091 from the benchmark pods (Job and TaskRun: the processor pushes) and the user-workload Prometheus only', () => {
  const np = byKind('NetworkPolicy');
  expect(np.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
  expect(np.spec.policyTypes).toEqual(['Ingress']);
  expect(np.spec.ingress).toEqual([
    {
      from: [
        { podSelector: { matchLabels: { 'llmbench.io/environment': 'demo', 'app.kubernetes.io/name': 'guidellm' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-user-workload-monitoring' } } },
      ],
      ports: [{ protocol: 'TCP', port: PUSHGATEWAY_PORT }],
    },
  ]);
  // the admitted labels are on the benchmark Job's pods and on the Tekton Task (they propagate to its pods)
  const job = benchmarkJobManifest(benchmarkJobProps(demo, demo.targets[0])) as any;
  expect(job.spec.template.metadata.labels).toMatchObject(np.spec.ingress[0].from[0].podSelector.matchLabels);
  const chart = new Chart(Testing.app(), 't');
  const renderCommand = new RenderCommandCode(chart, 'render', { environment: demo.name, namespace: demo.config.namespace });
  const task = new BenchmarkTask(chart, 'task', { ...benchmarkRunnerProps(demo), renderCommand }).task.toJson() as any;
  expect(task.metadata.labels).toMatchObject(np.spec.ingress[0].from[0].podSelector.matchLabels);
  expect(Number(np.metadata.annotations[ARGOCD_ANNOTATIONS.syncWave])).toBe(RESOURCE_SYNC_WAVES.access);
});

test('the in-cluster URL names the Service and its port', () => {
  expect(pushgatewayInClusterUrl('llm-bench-demo')).toBe('http://pushgateway.llm-bench-demo.svc:9091');
  expect(pushgateway.url).toBe('http://pushgateway.llm-bench-demo.svc:9091');
  const service = byKind('Service');
  expect(service.metadata.name).toBe(PUSHGATEWAY_NAMES.service);
  expect(service.spec.ports).toEqual([{ name: 'http', port: 9091, targetPort: 'http', protocol: 'TCP' }]);
});

test('one replica of the pinned image from the config, recreated (ReadWriteOnce volume), persisting to the PVC', () => {
  expect(IMAGE).toMatch(/^quay\.io\/prometheus\/pushgateway:v\d+\.\d+\.\d+$/);
  expect(deployment.spec.replicas).toBe(1);
  expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  expect(container.image).toBe(IMAGE);
  expect(container.image).not.toMatch(/:latest$/);
  expect(container.args).toEqual(['--web.listen-address=:9091', `--persistence.file=${PUSHGATEWAY_PERSISTENCE_FILE}`, '--persistence.interval=1m']);
  expect(container.ports).toEqual([{ name: 'http', containerPort: PUSHGATEWAY_PORT, protocol: 'TCP' }]);
  expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
  expect(PUSHGATEWAY_PERSISTENCE_FILE.startsWith('/data/')).toBe(true);
  expect(pod.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'pushgateway-data' } }]);
  const claim = byKind('PersistentVolumeClaim');
  expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
});

test('size and storage class of the volume, resources and intervals can be set', () => {
  const custom = synth({
    storageSize: '2Gi',
    storageClass: 'gp3-csi',
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
    persistenceInterval: '5m',
    scrapeInterval: '1m',
  });
  expect(custom.byKind('PersistentVolumeClaim').spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'gp3-csi', resources: { requests: { storage: '2Gi' } } });
  const c = custom.byKind('Deployment').spec.template.spec.containers[0];
  expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } });
  expect(c.args).toContain('--persistence.interval=5m');
  expect(custom.byKind('ServiceMonitor').spec.endpoints[0].interval).toBe('1m');
});

test('restricted-v2: non-root without a fixed UID, no escalation, no capabilities, RuntimeDefault seccomp, read-only root', () => {
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(container.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
  expect(JSON.stringify(deployment)).not.toMatch(/runAsUser|fsGroup|privileged/);
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(container.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
});

test('probes: readiness on /-/ready, liveness on /-/healthy, on the http port', () => {
  expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
  expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http' });
});

test('the Deployment, Service and ServiceMonitor select the same pods: the Pushgateway pod only', () => {
  const selector = deployment.spec.selector.matchLabels;
  expect(selector).toEqual({ 'app.kubernetes.io/component': 'pushgateway', 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'demo' });
  expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
  expect(byKind('Service').spec.selector).toEqual(selector);
  const monitor = byKind('ServiceMonitor');
  expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
  expect(monitor.spec.selector).toEqual({ matchLabels: selector });
  expect(byKind('Service').metadata.labels).toMatchObject(selector);
});

test('the ServiceMonitor keeps the pushed labels (honorLabels) and scrapes the http port', () => {
  expect(byKind('ServiceMonitor').spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', honorLabels: true }]);
});

test('sync waves: volume and Service before the Deployment and ServiceMonitor', () => {
  const wave = (kind: string) => byKind(kind).metadata.annotations[ARGOCD_ANNOTATIONS.syncWave];
  expect(wave('PersistentVolumeClaim')).toBe(String(RESOURCE_SYNC_WAVES.storage));
  expect(wave('Service')).toBe(String(RESOURCE_SYNC_WAVES.storage));
  expect(wave('Deployment')).toBe(String(RESOURCE_SYNC_WAVES.workloads));
  expect(wave('ServiceMonitor')).toBe(String(RESOURCE_SYNC_WAVES.workloads));
});
