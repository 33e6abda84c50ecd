/**
 * The nightly dispatcher: a CronJob that starts one benchmark Job per target in parallel, all labelled with one
 * run id, and waits for all of them (runtime/dispatcher/dispatch.sh). The Jobs come from the same manifests as
 * `dist/ENV/jobs/`, one ConfigMap per target (`benchmark-job-<target>`, labelled {@link jobManifestSelector}), which
 * the script lists at start: no object grows with the number of targets. Its ServiceAccount may only manage Jobs and
 * list ConfigMaps in the stack's namespace and, when the SLA alerts are silenced during runs, its one
 * benchmark-window PrometheusRule in the serving namespace (see monitoring/benchmark-window.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import { RESOURCE_SYNC_WAVES, syncWave } from '../domain/apps';
import { BenchmarkJobProps, BuiltJob } from './benchmark-job';
import { jobDeadlineSeconds } from '../domain/benchmark-timing';
import { manifestYaml } from './manifest-yaml';
import { selectorString, stackLabels, stackSelector } from './labels';
import { LABELS } from '../domain/names';
import { BenchmarkWindow, benchmarkWindowRule, benchmarkWindowRuleName } from './monitoring/benchmark-window';
import { resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** Object names; stable API. */
export const DISPATCHER_NAMES = {
  cronJob: 'benchmark-dispatcher',
  serviceAccount: 'benchmark-dispatcher',
  role: 'benchmark-dispatcher',
  script: 'benchmark-dispatcher-script',
} as const;

/** The ConfigMap holding one target's Job manifest (key {@link JOB_MANIFEST_KEY}). */
export function jobManifestConfigMapName(target: string): string {
  return `benchmark-job-${target}`;
}
/** The key of the manifest in a target's ConfigMap. */
export const JOB_MANIFEST_KEY = 'job.yaml';
/** The component label of the per-target manifest ConfigMaps. */
const JOB_MANIFEST_COMPONENT = 'job-manifest';

/** The label selector of one environment's Job manifest ConfigMaps (what the dispatcher lists). */
export function jobManifestSelector(environment: string): string {
  return selectorString(stackSelector(JOB_MANIFEST_COMPONENT, environment));
}

/** Seconds the dispatcher's Job may run beyond its wait deadline (its `activeDeadlineSeconds` margin). */
export const JOB_DEADLINE_MARGIN_SECONDS = 300;

/** Key of the benchmark-window rule template in the script ConfigMap. */
export const WINDOW_RULE_KEY = 'benchmark-window.yaml';

/** Seconds the dispatcher waits beyond the longest Job's own deadline: scheduling, image pulls, a busy cluster. */
export const SCHEDULING_SLACK_SECONDS = 900;

export const DISPATCHER_SCRIPT = path.join(__dirname, '..', 'runtime', 'dispatcher', 'dispatch.sh');

/** How long the dispatcher waits for a run's Jobs: the longest Job's deadline plus scheduling slack. */
export function dispatcherWaitSeconds(jobs: readonly BenchmarkJobProps[]): number {
  return Math.max(0, ...jobs.map((j) => jobDeadlineSeconds(j.target, j.guidellm.startupAllowanceSeconds, j.htmlReport))) + SCHEDULING_SLACK_SECONDS;
}

/** How long a nightly run may last at most: the dispatcher Job's own deadline (Kubernetes stops it then). */
export function runSeconds(jobs: readonly BenchmarkJobProps[]): number {
  return dispatcherWaitSeconds(jobs) + JOB_DEADLINE_MARGIN_SECONDS;
}

export interface DispatcherProps {
  /** The environment's name (labels, the window rule's name). */
  readonly environment: string;
  /** The stack namespace: the CronJob, its Role and the Jobs it starts. */
  readonly namespace: string;
  /** One run's Jobs, one per target, built; each manifest is a ConfigMap of its own. */
  readonly jobs: readonly BuiltJob[];
  /** The dispatcher's image, resources and poll interval (`dispatcher`). */
  readonly dispatcher: EnvironmentConfig['dispatcher'];
  /** Cron schedule of the nightly run. */
  readonly schedule: string;
  /** IANA time zone of the schedule. */
  readonly timeZone: string;
  /** How many runs and how many days of results the dispatcher keeps (`retention`). */
  readonly retention: EnvironmentConfig['retention'];
  /** The results volume, which the dispatcher prunes (volume mode); nothing to mount in object-store mode. */
  readonly results: EnvironmentConfig['results'];
  /**
   * Silence the SLA alerts of these models while a run lasts: the dispatcher writes this window rule in the
   * serving namespace (and gets a Role there for it alone). @default alerts are not silenced
   */
  readonly benchmarkWindow?: BenchmarkWindow;
}

export class Dispatcher extends Construct {
  /** Seconds the dispatcher waits for the run's Jobs before it gives up. */
  readonly deadlineSeconds: number;
  /** Whether the dispatcher silences the SLA alerts of the benchmarked models while the run lasts. */
  readonly silencesAlerts: boolean;

  constructor(scope: Construct, id: string, props: DispatcherProps) {
    super(scope, id);
    const { namespace, jobs, benchmarkWindow } = props;
    const labels = stackLabels('dispatcher', props.environment);
    const metadata = (name: string, wave?: number) => ({ name, namespace, labels, annotations: wave === undefined ? undefined : syncWave(wave) });
    this.deadlineSeconds = dispatcherWaitSeconds(jobs.map((job) => job.props));

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: metadata(DISPATCHER_NAMES.serviceAccount, RESOURCE_SYNC_WAVES.access) });
    // Only what the script does: create the run's Jobs, read and watch them, delete those that overrun.
    new k8s.KubeRole(this, 'Role', {
      metadata: metadata(DISPATCHER_NAMES.role, RESOURCE_SYNC_WAVES.access),
      rules: [
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
        // the per-target Job manifests (no Secret: ConfigMaps hold nothing secret here)
        { apiGroups: [''], resources: ['configmaps'], verbs: ['list'] },
      ],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: metadata(DISPATCHER_NAMES.role, RESOURCE_SYNC_WAVES.access),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: DISPATCHER_NAMES.role },
      subjects: [{ kind: 'ServiceAccount', name: DISPATCHER_NAMES.serviceAccount, namespace }],
    });

    this.silencesAlerts = benchmarkWindow !== undefined;
    const windowRule = benchmarkWindowRuleName(props.environment);
    if (benchmarkWindow) {
      // In the serving namespace, its own window rule only. `create` cannot be limited by name (the object has
      // none yet); `delete` can. The script deletes and re-creates the rule, so it needs nothing else.
      const inServing = (name: string) => ({ name, namespace: benchmarkWindow.servingNamespace, labels, annotations: syncWave(RESOURCE_SYNC_WAVES.access) });
      new k8s.KubeRole(this, 'WindowRole', {
        metadata: inServing(windowRule),
        rules: [
          { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['create'] },
          { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules'], verbs: ['delete'], resourceNames: [windowRule] },
        ],
      });
      new k8s.KubeRoleBinding(this, 'WindowRoleBinding', {
        metadata: inServing(windowRule),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: windowRule },
        subjects: [{ kind: 'ServiceAccount', name: DISPATCHER_NAMES.serviceAccount, namespace }],
      });
    }

    new k8s.KubeConfigMap(this, 'Script', {
      metadata: metadata(DISPATCHER_NAMES.script),
      data: {
        'dispatch.sh': fs.readFileSync(DISPATCHER_SCRIPT, 'utf8'),
        ...(benchmarkWindow ? { [WINDOW_RULE_KEY]: manifestYaml(benchmarkWindowRule(benchmarkWindow)) } : {}),
      },
    });
    const manifestLabels = stackLabels(JOB_MANIFEST_COMPONENT, props.environment);
    for (const { props: job, yaml } of jobs) {
      new k8s.KubeConfigMap(this, `Manifest-${job.target.name}`, {
        metadata: { name: jobManifestConfigMapName(job.target.name), namespace, labels: { ...manifestLabels, [LABELS.target]: job.target.name } },
        data: { [JOB_MANIFEST_KEY]: yaml },
      });
    }

    const { results, dispatcher } = props;
    const volumeMode = results.store === 'volume';
    const fromField = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    const container: k8s.Container = {
      name: 'dispatch',
      image: dispatcher.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/bash', '/scripts/dispatch.sh'],
      env: [
        fromField('NAMESPACE', 'metadata.namespace'),
        fromField('DISPATCHER_JOB_NAME', "metadata.labels['job-name']"),
        { name: 'MANIFESTS_SELECTOR', value: jobManifestSelector(props.environment) },
        { name: 'MANIFESTS_DIR', value: '/tmp/manifests' },
        { name: 'DEADLINE_SECONDS', value: String(this.deadlineSeconds) },
        { name: 'POLL_SECONDS', value: String(dispatcher.pollSeconds) },
        ...(volumeMode ? [{ name: 'RESULTS_DIR', value: '/results' }] : []),
        ...(benchmarkWindow
          ? [
              { name: 'WINDOW_RULE', value: `/scripts/${WINDOW_RULE_KEY}` },
              { name: 'WINDOW_NAMESPACE', value: benchmarkWindow.servingNamespace },
              // the window ends when Kubernetes would stop this dispatcher at the latest
              { name: 'WINDOW_SECONDS', value: String(this.deadlineSeconds + JOB_DEADLINE_MARGIN_SECONDS) },
            ]
          : []),
        { name: 'KEEP_RUNS', value: String(props.retention.keepRuns) },
        { name: 'MAX_AGE_DAYS', value: String(props.retention.maxAgeDays) },
        // kubectl keeps its discovery cache under $HOME
        { name: 'HOME', value: '/tmp' },
      ],
      volumeMounts: [
        { name: 'script', mountPath: '/scripts', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
        ...(volumeMode ? [{ name: 'results', mountPath: '/results' }] : []),
      ],
      resources: resourceRequirements(dispatcher.resources),
      securityContext: restrictedContainerSecurityContext(),
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };

    new k8s.KubeCronJob(this, 'CronJob', {
      // after the storage and configuration it mounts
      metadata: metadata(DISPATCHER_NAMES.cronJob, RESOURCE_SYNC_WAVES.workloads),
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        // A run saturates the endpoints on purpose: never two at once.
        concurrencyPolicy: 'Forbid',
        // A run missed by more than an hour (cluster down at 2 a.m.) is skipped, not started in working hours.
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 5,
        jobTemplate: {
          metadata: { labels },
          spec: {
            // A retried dispatcher finds its Jobs (AlreadyExists) and follows them.
            backoffLimit: 2,
            activeDeadlineSeconds: this.deadlineSeconds + JOB_DEADLINE_MARGIN_SECONDS,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: DISPATCHER_NAMES.serviceAccount,
                // The script calls the API: the token is needed (cdk8s-plus and the stack default it off).
                automountServiceAccountToken: true,
                restartPolicy: 'Never',
                enableServiceLinks: false,
                securityContext: restrictedPodSecurityContext(),
                containers: [container],
                volumes: [
                  { name: 'script', configMap: { name: DISPATCHER_NAMES.script } },
                  { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } },
                  ...(volumeMode ? [{ name: 'results', persistentVolumeClaim: { claimName: results.volume.claimName } }] : []),
                ],
              },
            },
          },
        },
      },
    });
  }
}
