/** The dispatcher's objects: a snapshot and explicit checks of RBAC, schedule, manifests and the pod. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { jobDeadlineSeconds } from '../../domain/benchmark-timing';
import { dispatcherProps } from '../../constructs/charts/benchmarks-chart';
import { Dispatcher, JOB_MANIFEST_KEY, jobManifestConfigMapName, jobManifestSelector, DISPATCHER_NAMES, DISPATCHER_SCRIPT, SCHEDULING_SLACK_SECONDS } from '../../constructs/dispatcher';
import { fixture, fixtureDist } from '../helpers/project';

const environments = fixture().environments;
const env = (name: string) => environments.find((e) => e.name === name)!;

function synth(e: ResolvedEnvironment) {
  const chart = new Chart(Testing.app(), 'test');
  const dispatcher = new Dispatcher(chart, 'dispatcher', dispatcherProps(e));
  const objects = Testing.synth(chart);
  const byKind = (kind: string, name?: string) => objects.find((o) => o.kind === kind && (!name || o.metadata.name === name));
  return { objects, byKind, dispatcher };
}

const demo = synth(env('demo'));
const cronJob = demo.byKind('CronJob');
const pod = cronJob.spec.jobTemplate.spec.template.spec;

test('matches its snapshot', () => expect(demo.objects).toMatchSnapshot());

test('the Role allows only Job management and listing the manifest ConfigMaps in the stack namespace, bound to the dispatcher only', () => {
  expect(demo.byKind('Role').metadata.namespace).toBe('llm-bench-demo');
  expect(demo.byKind('Role').rules).toEqual([
    { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['list'] },
  ]);
  expect(demo.objects.some((o) => o.kind.startsWith('Cluster'))).toBe(false);
  expect(demo.byKind('RoleBinding')).toMatchObject({
    roleRef: { kind: 'Role', name: 'benchmark-dispatcher' },
    subjects: [{ kind: 'ServiceAccount', name: 'benchmark-dispatcher', namespace: 'llm-bench-demo' }],
  });
});

test('in the serving namespace: a Role that may create PrometheusRules and delete only the window rule, bound to the dispatcher', () => {
  const role = demo.byKind('Role', 'llmbench-demo-benchmark-window');
  expect(role.metadata.namespace).toBe('llm-serving');
  expect(role.rules).toEqual([
    { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['create'] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['delete'], resourceNames: ['llmbench-demo-benchmark-window'] },
  ]);
  expect(demo.byKind('RoleBinding', 'llmbench-demo-benchmark-window')).toMatchObject({
    metadata: { namespace: 'llm-serving' },
    roleRef: { kind: 'Role', name: 'llmbench-demo-benchmark-window' },
    subjects: [{ kind: 'ServiceAccount', name: 'benchmark-dispatcher', namespace: 'llm-bench-demo' }],
  });
  const script = demo.byKind('ConfigMap', DISPATCHER_NAMES.script);
  expect(Object.keys(script.data).sort()).toEqual(['benchmark-window.yaml', 'dispatch.sh']);
  const vars = Object.fromEntries(pod.containers[0].env.map((v: any) => [v.name, v.value]));
  expect(vars).toMatchObject({ WINDOW_RULE: '/scripts/benchmark-window.yaml', WINDOW_NAMESPACE: 'llm-serving', WINDOW_SECONDS: String(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds) });
  // silencing off: no window, no Role in the serving namespace
  const e = env('demo');
  const quiet = synth({ ...e, config: { ...e.config, monitoring: { ...e.config.monitoring, alerts: { ...e.config.monitoring.alerts, benchmarkWindow: { enabled: false, cooldown: '10m' } } } } });
  expect(quiet.objects.filter((o) => o.metadata.namespace === 'llm-serving')).toEqual([]);
  expect(quiet.byKind('CronJob').spec.jobTemplate.spec.template.spec.containers[0].env.map((v: any) => v.name)).not.toContain('WINDOW_RULE');
});

test('the CronJob runs on the schedule, never twice at once, with its own ServiceAccount token', () => {
  expect(cronJob.metadata.name).toBe(DISPATCHER_NAMES.cronJob);
  expect(cronJob.metadata.name.length).toBeLessThanOrEqual(52);
  expect(cronJob.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
  expect(synth(env('dev')).byKind('CronJob').spec.schedule).toBe('30 3 * * 1-5');
  expect(pod.serviceAccountName).toBe('benchmark-dispatcher');
  expect(pod.automountServiceAccountToken).toBe(true);
  expect(pod.containers[0].image).toBe('registry.redhat.io/openshift4/ose-cli:v4.15.0');
  expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
});

test('one ConfigMap per target holds exactly its Job of dist/ENV/jobs/, labelled for the selector the script lists', () => {
  const manifests = demo.objects.filter((o) => o.kind === 'ConfigMap' && o.data[JOB_MANIFEST_KEY] !== undefined);
  expect(manifests.map((m) => m.metadata.name).sort()).toEqual(['benchmark-job-mistral-3-bf16-l4-x4', 'benchmark-job-mistral-3-int4-l4-x1']);
  const selector = Object.fromEntries(jobManifestSelector('demo').split(',').map((r) => r.split('=')));
  expect(selector).toEqual({ 'app.kubernetes.io/component': 'job-manifest', 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'demo' });
  for (const target of env('demo').targets) {
    const configMap = demo.byKind('ConfigMap', jobManifestConfigMapName(target.name));
    expect(configMap.metadata.labels).toMatchObject({ ...selector, 'llmbench.io/target': target.name });
    const committed = fs.readFileSync(path.join(fixtureDist('demo'), `demo/jobs/job-guidellm-${target.name}.yaml`), 'utf8');
    expect(configMap.data[JOB_MANIFEST_KEY]).toBe(committed.replace(/^#.*\n/, ''));
  }
  // the script lists them (no volume of them): the Role may list ConfigMaps, nothing more of them
  expect(pod.containers[0].env).toContainEqual({ name: 'MANIFESTS_SELECTOR', value: jobManifestSelector('demo') });
  expect(demo.byKind('Role').rules).toContainEqual({ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] });
  expect(pod.volumes.map((v: any) => v.name)).not.toContain('manifests');
  expect(demo.byKind('ConfigMap', DISPATCHER_NAMES.script).data['dispatch.sh']).toBe(fs.readFileSync(DISPATCHER_SCRIPT, 'utf8'));
});

test("no dispatcher object holds more than one target's Job: the others name the targets' models at most", () => {
  const sizes = (e: ResolvedEnvironment) => new Map(synth(e).objects.map((o) => [`${o.kind}/${o.metadata.name}`, JSON.stringify(o).length]));
  const full = env('full');
  const one = sizes({ ...full, targets: full.targets.slice(0, 1) });
  const all = sizes(full);
  const manifests = [...all].filter(([key]) => key.startsWith('ConfigMap/benchmark-job-'));
  expect(manifests).toHaveLength(full.targets.length);
  for (const [key, bytes] of [...all].filter(([k]) => !k.startsWith('ConfigMap/benchmark-job-'))) {
    // the window rule lists the served models: a name per target, not a manifest
    const perTarget = (bytes - one.get(key)!) / (full.targets.length - 1);
    expect([key, perTarget <= 256]).toEqual([key, true]);
  }
  expect(Math.max(...manifests.map(([, b]) => b))).toBeLessThan(256 * 1024);
});

test('the wait deadline covers the longest target plus scheduling slack; the Job outlives the wait', () => {
  const full = env('full');
  const longest = Math.max(...full.targets.map((t) => jobDeadlineSeconds(t, full.config.guidellm.startupAllowanceSeconds, full.htmlReport)));
  const { byKind, dispatcher } = synth(full);
  expect(dispatcher.deadlineSeconds).toBe(longest + SCHEDULING_SLACK_SECONDS);
  const container = byKind('CronJob').spec.jobTemplate.spec.template.spec.containers[0];
  expect(container.env).toContainEqual({ name: 'DEADLINE_SECONDS', value: String(longest + SCHEDULING_SLACK_SECONDS) });
  expect(byKind('CronJob').spec.jobTemplate.spec.activeDeadlineSeconds).toBeGreaterThan(dispatcher.deadlineSeconds);
});

test('retention settings reach the script; the results volume is mounted in volume mode only', () => {
  const env0 = pod.containers[0].env;
  expect(env0).toEqual(expect.arrayContaining([{ name: 'KEEP_RUNS', value: '30' }, { name: 'MAX_AGE_DAYS', value: '90' }, { name: 'RESULTS_DIR', value: '/results' }]));
  expect(pod.volumes).toContainEqual({ name: 'results', persistentVolumeClaim: { claimName: 'benchmark-results' } });
  const demoEnv = env('demo');
  const objectStore = synth({ ...demoEnv, config: { ...demoEnv.config, results: { ...demoEnv.config.results, store: 'objectStore' } } });
  const objectStorePod = objectStore.byKind('CronJob').spec.jobTemplate.spec.template.spec;
  expect(objectStorePod.volumes.map((v: any) => v.name)).toEqual(['script', 'tmp']);
  expect(objectStorePod.containers[0].env.map((e: any) => e.name)).not.toContain('RESULTS_DIR');
});
