/** The dispatcher's objects: a snapshot and explicit checks of RBAC, schedule, manifests and the pod. */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { jobDeadlineSeconds } from '../../domain/benchmark-timing';
import { dispatcherProps } from '../../constructs/charts/benchmarks-chart';
import { Dispatcher, DISPATCHER_NAMES, DISPATCHER_SCRIPT, SCHEDULING_SLACK_SECONDS } from '../../constructs/dispatcher';
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

test('the Role allows only Job management in the stack namespace, bound to the dispatcher only', () => {
  expect(demo.byKind('Role').metadata.namespace).toBe('llm-bench-demo');
  expect(demo.byKind('Role').rules).toEqual([{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] }]);
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

test('the manifests ConfigMap holds exactly the Jobs of dist/ENV/jobs/, one per target', () => {
  const manifests = demo.byKind('ConfigMap', DISPATCHER_NAMES.manifests).data;
  expect(Object.keys(manifests).sort()).toEqual(['mistral-3-bf16-l4-x4.yaml', 'mistral-3-int4-l4-x1.yaml']);
  for (const target of env('demo').targets) {
    const committed = fs.readFileSync(path.join(fixtureDist('demo'), `demo/jobs/job-guidellm-${target.name}.yaml`), 'utf8');
    expect(manifests[`${target.name}.yaml`]).toBe(committed.replace(/^#.*\n/, ''));
  }
  expect(demo.byKind('ConfigMap', DISPATCHER_NAMES.script).data['dispatch.sh']).toBe(fs.readFileSync(DISPATCHER_SCRIPT, 'utf8'));
});

test('the largest environment stays far below the 1 MiB ConfigMap limit', () => {
  const manifests = synth(env('full')).byKind('ConfigMap', DISPATCHER_NAMES.manifests);
  expect(JSON.stringify(manifests).length).toBeLessThan(256 * 1024);
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
  expect(objectStorePod.volumes.map((v: any) => v.name)).toEqual(['script', 'manifests', 'tmp']);
  expect(objectStorePod.containers[0].env.map((e: any) => e.name)).not.toContain('RESULTS_DIR');
});
