/**
 * The nightly dispatcher: a CronJob that starts one benchmark Job per target in parallel, all labelled with one
 * run id, and waits for all of them (runtime/dispatcher/dispatch.sh). The Jobs come from the same manifests as
 * `dist/ENV/jobs/`, mounted from a ConfigMap. Its ServiceAccount may only manage Jobs in the stack's namespace
 * and, when the SLA alerts are silenced during runs, its one benchmark-window PrometheusRule in the serving
 * namespace (see monitoring/benchmark-window.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { ResolvedEnvironment } from '../config/resolve';
import { RESOURCE_SYNC_WAVES, syncWave } from '../domain/apps';
import { benchmarkJobManifest } from './benchmark-job';
import { jobDeadlineSeconds } from '../domain/benchmark-timing';
import { stackLabels } from './labels';
import { benchmarkWindowRule, benchmarkWindowRuleName } from './monitoring/benchmark-window';
import { resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** Object names; stable API. */
export const DISPATCHER_NAMES = {
  cronJob: 'benchmark-dispatcher',
  serviceAccount: 'benchmark-dispatcher',
  role: 'benchmark-dispatcher',
  script: 'benchmark-dispatcher-script',
  manifests: 'benchmark-job-manifests',
} as const;

/** Seconds the dispatcher's Job may run beyond its wait deadline (its `activeDeadlineSeconds` margin). */
export const JOB_DEADLINE_MARGIN_SECONDS = 300;

/** Key of the benchmark-window rule template in the script ConfigMap. */
export const WINDOW_RULE_KEY = 'benchmark-window.yaml';

/** Seconds the dispatcher waits beyond the longest Job's own deadline: scheduling, image pulls, a busy cluster. */
export const SCHEDULING_SLACK_SECONDS = 900;

export const DISPATCHER_SCRIPT = path.join(__dirname, '..', 'runtime', 'dispatcher', 'dispatch.sh');

/**
 * Whether the dispatcher silences the SLA alerts of the benchmarked models during a run (and so needs a Role in
 * the serving namespace, named {@link benchmarkWindowRuleName}).
 */
export function dispatcherSilencesAlerts(env: ResolvedEnvironment): boolean {
  const alerts = env.config.monitoring.alerts;
  return alerts.enabled && alerts.benchmarkWindow.enabled && env.targets.length > 0;
}

export interface DispatcherProps {
  readonly env: ResolvedEnvironment;
}

export class Dispatcher extends Construct {
  /** Seconds the dispatcher waits for the run's Jobs before it gives up. */
  readonly deadlineSeconds: number;
  /** Whether the dispatcher silences the SLA alerts of the benchmarked models while the run lasts. */
  readonly silencesAlerts: boolean;

  constructor(scope: Construct, id: string, props: DispatcherProps) {
    super(scope, id);
    const { env } = props;
    const namespace = env.config.namespace;
    const labels = stackLabels('dispatcher', env.name);
    const metadata = (name: string, wave?: number) => ({ name, namespace, labels, annotations: wave === undefined ? undefined : syncWave(wave) });
    const guidellm = env.config.guidellm;
    this.deadlineSeconds =
      Math.max(0, ...env.targets.map((t) => jobDeadlineSeconds(t, guidellm.startupAllowanceSeconds, env.htmlReport))) + SCHEDULING_SLACK_SECONDS;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: metadata(DISPATCHER_NAMES.serviceAccount, RESOURCE_SYNC_WAVES.access) });
    // Only what the script does: create the run's Jobs, read and watch them, delete those that overrun.
    new k8s.KubeRole(this, 'Role', {
      metadata: metadata(DISPATCHER_NAMES.role, RESOURCE_SYNC_WAVES.access),
      rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create', 'get', 'list', 'watch', 'delete'] }],
    });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: metadata(DISPATCHER_NAMES.role, RESOURCE_SYNC_WAVES.access),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: DISPATCHER_NAMES.role },
      subjects: [{ kind: 'ServiceAccount', name: DISPATCHER_NAMES.serviceAccount, namespace }],
    });

    this.silencesAlerts = dispatcherSilencesAlerts(env);
    const servingNamespace = env.config.servingNamespace;
    const windowRule = benchmarkWindowRuleName(env.name);
    if (this.silencesAlerts) {
      // In the serving namespace, its own window rule only. `create` cannot be limited by name (the object has
      // none yet); `delete` can. The script deletes and re-creates the rule, so it needs nothing else.
      const inServing = (name: string) => ({ name, namespace: servingNamespace, labels, annotations: syncWave(RESOURCE_SYNC_WAVES.access) });
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
        ...(this.silencesAlerts ? { [WINDOW_RULE_KEY]: stringify(benchmarkWindowRule(benchmarkWindowOf(env)), { lineWidth: 0 }) } : {}),
      },
    });
    const manifests: Record<string, string> = {};
    for (const target of env.targets) manifests[`${target.name}.yaml`] = stringify(benchmarkJobManifest(env, target), { lineWidth: 0 });
    new k8s.KubeConfigMap(this, 'Manifests', { metadata: metadata(DISPATCHER_NAMES.manifests), data: manifests });

    const results = env.config.results;
    const volumeMode = results.store === 'volume';
    const fromField = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    const container: k8s.Container = {
      name: 'dispatch',
      image: env.config.dispatcher.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/bash', '/scripts/dispatch.sh'],
      env: [
        fromField('NAMESPACE', 'metadata.namespace'),
        fromField('DISPATCHER_JOB_NAME', "metadata.labels['job-name']"),
        { name: 'MANIFESTS_DIR', value: '/manifests' },
        { name: 'DEADLINE_SECONDS', value: String(this.deadlineSeconds) },
        { name: 'POLL_SECONDS', value: String(env.config.dispatcher.pollSeconds) },
        ...(volumeMode ? [{ name: 'RESULTS_DIR', value: '/results' }] : []),
        ...(this.silencesAlerts
          ? [
              { name: 'WINDOW_RULE', value: `/scripts/${WINDOW_RULE_KEY}` },
              { name: 'WINDOW_NAMESPACE', value: servingNamespace },
              // the window ends when Kubernetes would stop this dispatcher at the latest
              { name: 'WINDOW_SECONDS', value: String(this.deadlineSeconds + JOB_DEADLINE_MARGIN_SECONDS) },
            ]
          : []),
        { name: 'KEEP_RUNS', value: String(env.config.retention.keepRuns) },
        { name: 'MAX_AGE_DAYS', value: String(env.config.retention.maxAgeDays) },
        // kubectl keeps its discovery cache under $HOME
        { name: 'HOME', value: '/tmp' },
      ],
      volumeMounts: [
        { name: 'script', mountPath: '/scripts', readOnly: true },
        { name: 'manifests', mountPath: '/manifests', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
        ...(volumeMode ? [{ name: 'results', mountPath: '/results' }] : []),
      ],
      resources: resourceRequirements(env.config.dispatcher.resources),
      securityContext: restrictedContainerSecurityContext(),
      terminationMessagePolicy: 'FallbackToLogsOnError',
    };

    new k8s.KubeCronJob(this, 'CronJob', {
      // after the storage and configuration it mounts
      metadata: metadata(DISPATCHER_NAMES.cronJob, RESOURCE_SYNC_WAVES.workloads),
      spec: {
        schedule: env.config.schedule,
        timeZone: env.config.timeZone,
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
                  { name: 'manifests', configMap: { name: DISPATCHER_NAMES.manifests } },
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

/** What the benchmark window rule of an environment covers: the served models of its targets, in the serving namespace. */
export function benchmarkWindowOf(env: ResolvedEnvironment): { environment: string; servingNamespace: string; servedModels: string[] } {
  return { environment: env.name, servingNamespace: env.config.servingNamespace, servedModels: env.targets.map((t) => t.model.servedModelName) };
}
