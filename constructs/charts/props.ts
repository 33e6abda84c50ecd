/**
 * Where the resolved environment becomes construct props, for the props more than one chart (or a chart and the
 * dispatcher's manifests) need. A chart's own mapping lives in the chart.
 */
import { ResolvedEnvironment } from '../../config/resolve';
import { ResolvedTarget } from '../../config/target';
import { DemandConfig, ObjectStoreLocation, ProcessorConfig } from '../../domain/contracts/processor-config';
import type { EnvironmentConfig } from '../../config/schema';
import { CONSOLE_DASHBOARDS_NAMESPACE, triggersNamespace } from '../../domain/names';
import { GLOBAL_OPERATORS_NAMESPACE, StackNamespaces } from '../argocd/namespaces';
import { BenchmarkJobProps, buildJob, BuiltJob } from '../benchmark-job';
import { BenchmarkRunnerProps, ProcessorObjectStore, ProcessorStepProps } from '../benchmark-steps';
import { OBJECT_STORE_CA_DIR } from '../object-store-access';
import { BenchmarkWindow } from '../monitoring/benchmark-window';
import { pushgatewayInClusterUrl } from '../pushgateway';
import { analysisConfig, analysisVolumes, PROCESSOR_PATHS } from '../results-processor';
import { buildPipelineRun, BuiltPipelineRun } from '../tekton/pipelinerun-template';

/** The environment's namespaces by role: the AppProject's destinations and the controller's grants. */
export function stackNamespaces(env: ResolvedEnvironment): StackNamespaces {
  const { grafana } = env.config.operators;
  return {
    stack: env.config.namespace,
    serving: env.config.servingNamespace,
    ownedOperatorNamespaces: grafana.install ? [grafana.namespace] : [],
    sharedOperatorNamespaces: [GLOBAL_OPERATORS_NAMESPACE],
    ...(env.config.monitoring.dashboards.consoleDashboards ? { consoleDashboards: CONSOLE_DASHBOARDS_NAMESPACE } : {}),
    ...(env.config.pipelines.triggers.enabled ? { triggers: eventListenerNamespace(env) } : {}),
  };
}

/** The EventListener's namespace (`pipelines.triggers.namespace`, default `<namespace>-triggers`). */
export function eventListenerNamespace(env: ResolvedEnvironment): string {
  return triggersNamespace(env.config.namespace, env.config.pipelines.triggers.namespace);
}

/**
 * The URL the processor pushes to, when the environment publishes to a Pushgateway: its own (the `Pushgateway`
 * construct's `url`, from the same `pushgatewayInClusterUrl`) or an existing one's.
 */
export function pushgatewayUrl(env: ResolvedEnvironment): string | undefined {
  const pushgateway = env.config.publish.pushgateway;
  if (pushgateway === false) return undefined;
  return 'url' in pushgateway ? pushgateway.url : pushgatewayInClusterUrl(env.config.namespace);
}

/** A demand as the processor reads it: users or requests/s, never both. */
function demandConfig(d: NonNullable<EnvironmentConfig['demand']>[number]): DemandConfig {
  const common = { name: d.name, models: d.models, scenario: d.scenario };
  return d.users !== undefined ? { ...common, users: d.users } : { ...common, requestsPerSecond: d.requestsPerSecond! };
}

/** What the processor needs to know about the environment (rendered into PROCESSOR_CONFIG). */
export function processorConfig(env: ResolvedEnvironment): ProcessorConfig {
  const registry = env.config.publish.modelRegistry;
  const pushgateway = pushgatewayUrl(env);
  const analysis = analysisConfig(env.config.analysis, env.config.servingNamespace);
  const objectStore = objectStoreLocation(env);
  return {
    environment: env.name,
    ...(env.cluster ? { cluster: env.cluster.name } : {}),
    sla: env.config.sla,
    slo: env.config.slo,
    ...(env.config.demand?.length ? { demand: env.config.demand.map(demandConfig) } : {}),
    regressions: env.config.regressions,
    ...(objectStore ? { objectStore } : {}),
    // what the processor deletes: whole runs in the bucket, raw reports in either mode (the dispatcher prunes the volume)
    ...(objectStore || env.config.retention.rawReports ? { retention: env.config.retention } : {}),
    ...(pushgateway ? { pushgateway: { url: pushgateway } } : {}),
    ...(analysis ? { analysis } : {}),
    ...(registry
      ? {
          modelRegistry: {
            url: registry.url,
            tokenFile: `${PROCESSOR_PATHS.registryToken}/token`,
            ...(registry.caBundle ? { caFile: `${PROCESSOR_PATHS.registryCa}/${registry.caBundle.key}` } : {}),
          },
        }
      : {}),
  };
}

/** The environment's results processor step: one place, for the Jobs and the Tekton Task. */
export function processorStepProps(env: ResolvedEnvironment): ProcessorStepProps {
  return {
    image: env.config.processor.image,
    resources: env.config.processor.resources,
    config: processorConfig(env),
    registryCa: env.config.publish.modelRegistry ? env.config.publish.modelRegistry.caBundle : undefined,
    analysisVolumes: analysisVolumes(env.config.analysis),
    ...(processorObjectStore(env) ? { objectStore: processorObjectStore(env) } : {}),
  };
}

/** The bucket's settings of the environment (object-store mode), or undefined in volume mode. */
function objectStoreSettings(env: ResolvedEnvironment) {
  const { store, objectStore } = env.config.results;
  return store === 'objectStore' ? objectStore : undefined;
}

/**
 * Where the in-cluster programs find the results (object-store mode): the endpoint, the bucket, the results root
 * `<prefix>/<cluster>` and the CA file where the program's pod mounts it (OBJECT_STORE_CA_DIR).
 */
export function objectStoreLocation(env: ResolvedEnvironment): ObjectStoreLocation | undefined {
  const s = objectStoreSettings(env);
  if (!s) return undefined;
  const root = [s.prefix, s.cluster].filter((p): p is string => !!p).join('/');
  return {
    endpoint: s.endpoint.replace(/\/+$/, ''),
    bucket: s.bucket,
    ...(root ? { root } : {}),
    region: s.region ?? 'us-east-1',
    ...(s.caBundle ? { caFile: `${OBJECT_STORE_CA_DIR}/${s.caBundle.key}` } : {}),
  };
}

/** Where the report server's reader reads: the cluster's results and, for a fleet's cluster, the fleet's root. */
export function readerLocation(env: ResolvedEnvironment): ObjectStoreLocation | undefined {
  const location = objectStoreLocation(env);
  const s = objectStoreSettings(env);
  return location && s && env.cluster ? { ...location, fleetRoot: s.prefix ?? '' } : location;
}

/** How the processor reaches the bucket: its read-write Secret and the CA (object-store mode). */
export function processorObjectStore(env: ResolvedEnvironment): ProcessorObjectStore | undefined {
  const s = objectStoreSettings(env);
  return s ? { credentialsSecret: s.credentialsSecret, ...(s.caBundle ? { caBundle: s.caBundle } : {}) } : undefined;
}

/** What every benchmark pod of the environment shares: the Jobs' and the Tekton Task's props. */
export function benchmarkRunnerProps(env: ResolvedEnvironment): BenchmarkRunnerProps & { readonly processor: ProcessorStepProps } {
  return {
    environment: env.name,
    namespace: env.config.namespace,
    guidellm: env.config.guidellm,
    version: env.guidellmVersion,
    htmlReport: env.htmlReport,
    huggingFaceTokenSecret: env.config.huggingFaceTokenSecret,
    processor: processorStepProps(env),
  };
}

/** The props of a target's benchmark Job: one place, for the jobs/ folder, the dispatcher and the PipelineRuns. */
export function benchmarkJobProps(env: ResolvedEnvironment, target: ResolvedTarget): BenchmarkJobProps {
  return { ...benchmarkRunnerProps(env), target, results: env.config.results };
}

/**
 * What two apps each ship of every target, built once per environment (constructs/environment.ts) and handed to the
 * charts: the benchmark Job (jobs/ and the dispatcher's ConfigMaps in benchmarks/) and the PipelineRun template
 * (pipelineruns/ and the TriggerTemplates in pipelines/). A chart made without them (a test) builds its own.
 */
export interface TargetBuilds {
  readonly jobs: readonly BuiltJob[];
  readonly pipelineRuns: readonly BuiltPipelineRun[];
}

export function targetBuilds(env: ResolvedEnvironment): TargetBuilds {
  const jobs = builtJobs(env);
  return { jobs, pipelineRuns: jobs.map((job) => buildPipelineRun(job.props)) };
}

/** Every target's benchmark Job, built. */
export function builtJobs(env: ResolvedEnvironment): BuiltJob[] {
  return env.targets.map((target) => buildJob(benchmarkJobProps(env, target)));
}

/**
 * Whether the dispatcher silences the SLA alerts of the benchmarked models during a run (and so needs a Role in
 * the serving namespace, named `benchmarkWindowRuleName`).
 */
export function dispatcherSilencesAlerts(env: ResolvedEnvironment): boolean {
  const alerts = env.config.monitoring.alerts;
  return alerts.enabled && alerts.benchmarkWindow.enabled && env.targets.length > 0;
}

/** What the benchmark window rule of an environment covers: the deployments of its targets, in the serving namespace. */
export function benchmarkWindowOf(env: ResolvedEnvironment): BenchmarkWindow {
  return { environment: env.name, servingNamespace: env.config.servingNamespace, deployments: env.targets.map((t) => t.deployment) };
}
