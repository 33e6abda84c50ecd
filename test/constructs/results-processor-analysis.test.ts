/**
 * What the bottleneck analysis adds to the generated stack: the processor's settings in PROCESSOR_CONFIG, its
 * ServiceAccount and least-privilege grants (`view` in the serving namespace; `cluster-monitoring-view` only with
 * GPU analysis), the projected token and the service CA seen by the processor step alone (Job and Tekton Task),
 * the ArgoCD controller's grants for exactly those bindings, and the configuration errors of the section.
 */
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { benchmarkJobManifest } from '../../constructs/benchmark-job';
import { benchmarkJobProps, benchmarkRunnerProps } from '../../constructs/charts/props';
import { BenchmarksChart } from '../../constructs/charts/benchmarks-chart';
import { BootstrapChart } from '../../constructs/charts/bootstrap-chart';
import { BenchmarkTask } from '../../constructs/tekton/benchmark-task';
import { RenderCommandCode } from '../../constructs/tekton/render-command';
import { DEV_FILE, devErrors, devWith } from '../helpers/config-edit';
import { fixture } from '../helpers/project';

const environments = fixture().environments;
const env = (name: string): ResolvedEnvironment => environments.find((e) => e.name === name)!;

const jobOf = (e: ResolvedEnvironment) => benchmarkJobManifest(benchmarkJobProps(e, e.targets[0])) as any;
const podOf = (e: ResolvedEnvironment) => jobOf(e).spec.template.spec;
const processorOf = (e: ResolvedEnvironment) => podOf(e).initContainers.find((c: any) => c.name === 'process-results');
const configOf = (e: ResolvedEnvironment) => JSON.parse(processorOf(e).env.find((v: any) => v.name === 'PROCESSOR_CONFIG').value);
const objectsOf = (e: ResolvedEnvironment, chart: 'benchmarks' | 'bootstrap'): any[] =>
  Testing.synth(chart === 'benchmarks' ? new BenchmarksChart(Testing.app(), 'b', e) : new BootstrapChart(Testing.app(), 'b', e));
/** The results processor's ServiceAccount (benchmarks app) and its bindings (bootstrap/, applied by a cluster admin). */
const bindingsOf = (e: ResolvedEnvironment) => [
  ...objectsOf(e, 'benchmarks').filter((o) => ['RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'].includes(o.kind) && o.metadata.labels['app.kubernetes.io/component'] === 'results-processor'),
  ...objectsOf(e, 'bootstrap').filter((o) => ['RoleBinding', 'ClusterRoleBinding'].includes(o.kind) && o.subjects.some((s: any) => s.name === 'results-publisher')),
];

describe('defaults (demo): vLLM series through the tenancy port, GPU analysis off', () => {
  const demo = env('demo');

  test('PROCESSOR_CONFIG.analysis: tenancy URL, the projected token, the service CA, the thresholds; no GPU endpoint', () => {
    expect(configOf(demo).analysis).toEqual({
      prometheus: {
        url: 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9092',
        tenancy: true,
        tokenFile: '/var/run/secrets/llmbench/analysis/token',
        caFile: '/etc/llmbench/analysis-ca/service-ca.crt',
        timeoutMs: 10000,
      },
      servingNamespace: demo.config.servingNamespace,
      thresholds: { kvCacheNearFull: 0.9, gpuUtilSaturated: 90, gpuUtilModerate: 70, itlGrowthRatio: 2, ttftClientServerMarginPercent: 25, ttftClientServerMinDiffMs: 50, achievedRateMinRatio: 0.9 },
    });
  });

  test('only the processor step sees the token; the pod runs as results-publisher and automounts nothing', () => {
    const pod = podOf(demo);
    expect(pod.serviceAccountName).toBe('results-publisher');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({ name: 'analysis-token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } });
    expect(pod.volumes).toContainEqual({ name: 'analysis-ca', configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } });
    const holders = [...pod.initContainers, ...pod.containers].filter((c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === 'analysis-token')).map((c: any) => c.name);
    expect(holders).toEqual(['process-results']);
    expect(processorOf(demo).volumeMounts).toEqual(expect.arrayContaining([
      { name: 'analysis-token', mountPath: '/var/run/secrets/llmbench/analysis', readOnly: true },
      { name: 'analysis-ca', mountPath: '/etc/llmbench/analysis-ca', readOnly: true },
    ]));
  });

  test('the ServiceAccount gets view in the serving namespace only: no ClusterRoleBinding', () => {
    expect(bindingsOf(demo)).toEqual([
      expect.objectContaining({ kind: 'ServiceAccount', metadata: expect.objectContaining({ name: 'results-publisher', namespace: demo.config.namespace }), automountServiceAccountToken: false }),
      expect.objectContaining({
        kind: 'RoleBinding',
        metadata: expect.objectContaining({ name: 'llmbench-demo-results-metrics-view', namespace: demo.config.servingNamespace }),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'results-publisher', namespace: demo.config.namespace }],
      }),
    ]);
  });

  test('the bindings are applied from bootstrap/ by a cluster admin: the ArgoCD controller neither manages them nor may bind view', () => {
    expect(objectsOf(demo, 'benchmarks').filter((o) => o.kind === 'RoleBinding' && o.metadata.name === 'llmbench-demo-results-metrics-view')).toEqual([]);
    const grant = objectsOf(demo, 'bootstrap').filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'argocd-access' && (o.kind === 'Role' || o.kind === 'ClusterRole'));
    expect(grant.flatMap((o) => o.rules).filter((r: any) => r.verbs.includes('bind') || (r.resourceNames ?? []).includes('llmbench-demo-results-metrics-view'))).toEqual([]);
  });

  test('the Tekton Task mounts the same token and CA into its process-results step only', () => {
    const chart = new Chart(Testing.app(), 't');
    const renderCommand = new RenderCommandCode(chart, 'render', { environment: demo.name, namespace: demo.config.namespace });
    const task = new BenchmarkTask(chart, 'task', { ...benchmarkRunnerProps(demo), renderCommand }).task.toJson() as any;
    const holders = task.spec.steps.filter((s: any) => (s.volumeMounts ?? []).some((m: any) => m.name === 'analysis-token')).map((s: any) => s.name);
    expect(holders).toEqual(['process-results']);
    expect(task.spec.volumes.map((v: any) => v.name)).toEqual(expect.arrayContaining(['analysis-token', 'analysis-ca']));
  });
});

describe('GPU analysis on (full)', () => {
  const full = env('full');

  test('the DCGM series are queried through port 9091, never as a tenancy query', () => {
    expect(configOf(full).analysis.gpu).toEqual({
      url: 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091',
      tenancy: false,
      tokenFile: '/var/run/secrets/llmbench/analysis/token',
      caFile: '/etc/llmbench/analysis-ca/service-ca.crt',
      timeoutMs: 10000,
    });
  });

  test('cluster-monitoring-view is bound to the processor ServiceAccount, from bootstrap/, not by the controller', () => {
    const crb = bindingsOf(full).find((o) => o.kind === 'ClusterRoleBinding');
    expect(crb).toMatchObject({
      metadata: { name: 'llmbench-full-results-gpu-view', labels: { 'app.kubernetes.io/component': 'cluster-access' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-monitoring-view' },
      subjects: [{ kind: 'ServiceAccount', name: 'results-publisher', namespace: full.config.namespace }],
    });
    expect(objectsOf(full, 'benchmarks').filter((o) => o.kind === 'ClusterRoleBinding')).toEqual([]);
  });
});

describe('other settings', () => {
  test('analysis off: no analysis settings, no token, no grants (and no ServiceAccount without a Model Registry)', () => {
    const off = devWith('analysis:\n  enabled: false\n');
    expect(configOf(off).analysis).toBeUndefined();
    expect(podOf(off).serviceAccountName).toBeUndefined();
    expect(podOf(off).volumes.map((v: any) => v.name)).not.toContain('analysis-token');
    expect(bindingsOf(off)).toEqual([]);
  });

  test('a plain http Prometheus: no tenancy, no CA mounted (the service CA ConfigMap need not exist)', () => {
    const plain = devWith('analysis:\n  prometheus:\n    url: http://prometheus.monitoring.svc:9090\n    tenancy: false\n');
    expect(configOf(plain).analysis.prometheus).toEqual({ url: 'http://prometheus.monitoring.svc:9090', tenancy: false, tokenFile: '/var/run/secrets/llmbench/analysis/token', timeoutMs: 10000 });
    expect(podOf(plain).volumes.map((v: any) => v.name)).not.toContain('analysis-ca');
  });

  test('bad values are refused with file, path, value and what is allowed', () => {
    expect(devErrors('analysis:\n  prometheus:\n    url: thanos:9092\n')).toEqual([expect.stringMatching(new RegExp(`^${DEV_FILE}:\\d+: analysis\\.prometheus\\.url: "thanos:9092": must be an http\\(s\\) URL$`))]);
    expect(devErrors('analysis:\n  thresholds:\n    kvCacheNearFull: 90\n')).toEqual([expect.stringMatching(new RegExp(`^${DEV_FILE}:\\d+: analysis\\.thresholds\\.kvCacheNearFull: 90: .*1`))]);
    expect(devErrors('analysis:\n  thresholds:\n    gpuUtilModerate: 95\n')).toEqual([
      expect.stringMatching(new RegExp(`^${DEV_FILE}:\\d+: analysis\\.thresholds\\.gpuUtilModerate: .*95 must be below gpuUtilSaturated \\(90\\): a GPU cannot be moderately used and saturated at once$`)),
    ]);
  });
});
