/**
 * Object names and labels. Names are stable API: renaming one makes ArgoCD prune and recreate the object, so
 * every name the stack uses is built here, explicitly, without hash suffixes, and checked against the
 * Kubernetes limit of its kind before anything is written.
 */

/** Prefix of the stack's own label keys. */
export const LABEL_PREFIX = 'llmbench.io';

export const LABELS = {
  environment: `${LABEL_PREFIX}/environment`,
  /** A fleet's cluster, on the hub's Applications of that cluster (select them to remove a cluster). */
  cluster: `${LABEL_PREFIX}/cluster`,
  target: `${LABEL_PREFIX}/target`,
  model: `${LABEL_PREFIX}/model`,
  gpuProfile: `${LABEL_PREFIX}/gpu-profile`,
  runId: `${LABEL_PREFIX}/run-id`,
  /** Annotation listing a Job's scenarios (a Job runs several, a label holds one value). */
  scenarios: `${LABEL_PREFIX}/scenarios`,
  /** Annotation listing a Job's load plans. */
  loadPlans: `${LABEL_PREFIX}/load-plans`,
} as const;

/** Kubernetes length limits that apply to the names this stack derives from configuration. */
export const NAME_LIMITS = {
  /** Most object names, and label values (a Job's name becomes its pods' `job-name` label). */
  default: 63,
  /** CronJob names: the controller appends an 11-character suffix to make Job names. */
  cronJob: 52,
  /** `generateName` prefixes: the API server appends 5 random characters. */
  generateName: 58,
  /** Container names (DNS-1123 labels). */
  container: 63,
  /** Label values, and a label key's name part (after the prefix). */
  labelValue: 63,
  /** A label key's prefix (a DNS-1123 subdomain). */
  labelPrefix: 253,
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

/** A name derived from configuration, with what it names and the configuration path it comes from. */
export interface DerivedName {
  readonly kind: NameKind;
  readonly name: string;
  /** What the name is for, in words, e.g. `benchmark Job name`. */
  readonly what: string;
}

/** Returns a message when `name` exceeds its kind's limit or is not a DNS-1123 label, else undefined. */
export function checkName(n: DerivedName): string | undefined {
  const limit = NAME_LIMITS[n.kind];
  if (n.name.length > limit) {
    return `${n.what} "${n.name}" is ${n.name.length} characters; Kubernetes allows at most ${limit}: shorten the name it is built from`;
  }
  const body = n.kind === 'generateName' ? n.name.replace(/-$/, '') : n.name;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(body)) {
    return `${n.what} "${n.name}" is not a DNS-1123 label (lowercase letters, digits and '-')`;
  }
  return undefined;
}

/**
 * `<route>-<namespace>.<appsDomain>`: the host of a Route the stack exposes. One DNS label before the cluster's
 * apps domain, so the router's wildcard certificate covers it; the namespace makes it unique per environment.
 */
export function routeHost(route: string, namespace: string, appsDomain: string, what: string): string {
  const problem = routeHostProblem(route, namespace);
  if (problem) throw new Error(`${what}: ${problem}`);
  return `${route}-${namespace}.${appsDomain}`;
}

/** The first label of each Route host the stack serves (`<route>-<namespace>.<appsDomain>`). */
export const ROUTES = { grafana: 'grafana', reports: 'reports', workbench: 'workbench' } as const;

/** Why `<route>-<namespace>` cannot be a host's first label, or undefined. */
export function routeHostProblem(route: string, namespace: string): string | undefined {
  const label = `${route}-${namespace}`;
  if (label.length <= NAME_LIMITS.labelValue) return undefined;
  return `host label "${label}" is ${label.length} characters; DNS allows ${NAME_LIMITS.labelValue}: use a namespace of at most ${NAME_LIMITS.labelValue - route.length - 1} characters`;
}

/** Where the OpenShift console looks for dashboard ConfigMaps. */
export const CONSOLE_DASHBOARDS_NAMESPACE = 'openshift-config-managed';

/** Name of a target's benchmark Job (nightly runs; the dispatcher appends nothing). */
export function benchmarkJobName(target: string): string {
  return `guidellm-${target}`;
}

/** `generateName` of a target's on-demand Job. */
export function onDemandJobPrefix(target: string): string {
  return `guidellm-${target}-`;
}

/** The Tekton TriggerTemplate of a target (`pipelines.triggers`), named after the Pipeline `guidellm-benchmark`. */
export function triggerTemplateName(target: string): string {
  return `guidellm-benchmark-${target}`;
}

/** Container name of one benchmark step. */
export function benchmarkContainerName(benchmark: string): string {
  return `bench-${benchmark}`;
}

/** A benchmark's name: scenario and load plan. */
export function benchmarkName(scenario: string, plan: string): string {
  return `${scenario}-${plan}`;
}

/** The ArgoCD Application of one app of one environment (Applications of all environments share a namespace). */
export function applicationName(environment: string, app: string): string {
  return `${environment}-${app}`;
}

// ArgoCD app-of-apps (constructs/argocd/). Cluster-scoped names start with `llmbench-<env>-`: several
// environments may share a cluster and an ArgoCD instance.

/** Where a stack's output folders are under `dist/`: `ENV`, or `ENV/CLUSTER` for a fleet's cluster. */
export function outputRootOf(environment: string, cluster?: string): string {
  return cluster === undefined ? environment : `${environment}/${cluster}`;
}

/**
 * A fleet's cluster as Applications and other ArgoCD objects on the hub name it (`<env>-<cluster>`): its root
 * Application is `<env>-<cluster>-root`, its apps `<env>-<cluster>-<app>`.
 */
export function fleetMemberName(environment: string, cluster: string): string {
  return `${environment}-${cluster}`;
}

/** A fleet's ApplicationSet (beside the Applications it makes, in the hub's ArgoCD namespace). */
export function fleetApplicationSetName(environment: string): string {
  return applicationName(environment, 'fleet');
}

/** The environment's root Application (app-of-apps), applied once by hand. */
export function rootApplicationName(environment: string): string {
  return applicationName(environment, 'root');
}

/** The environment's AppProject (AppProjects of all environments share the ArgoCD namespace). */
export function appProjectName(environment: string): string {
  return `llmbench-${environment}`;
}

/** The longest `what` passed to `gitopsAccessName`: the configuration check tests the name it makes. */
export const LONGEST_GITOPS_ACCESS_SUFFIX = 'global-subscriptions';

/** A ClusterRole, ClusterRoleBinding or RoleBinding granting the ArgoCD application controller what `what` needs. */
export function gitopsAccessName(environment: string, what: string): string {
  return `llmbench-${environment}-${what}`;
}

/**
 * The ClusterRoleBinding of `cluster-monitoring-view` that the monitoring app creates for its Grafana datasource:
 * the ArgoCD controller may update and delete only this ClusterRoleBinding.
 */
export function clusterMonitoringViewBindingName(environment: string): string {
  return gitopsAccessName(environment, 'monitoring-view');
}

/** RoleBinding of `view` in the serving namespace for the results processor's Prometheus queries (tenancy port). */
export function resultsMetricsViewBindingName(environment: string): string {
  return gitopsAccessName(environment, 'results-metrics-view');
}

/**
 * ClusterRoleBinding of `cluster-monitoring-view` for the processor's DCGM queries (only with `analysis.gpu.enabled`):
 * the ArgoCD controller may update and delete it.
 */
export function resultsGpuMetricsBindingName(environment: string): string {
  return gitopsAccessName(environment, 'results-gpu-view');
}

/**
 * The Tekton Triggers EventListener's namespace (`pipelines.triggers.namespace`, default `<namespace>-triggers`):
 * its own, so that no one who may create pods or jobs in the stack namespace can run as its ServiceAccount.
 */
export function triggersNamespace(stack: string, configured?: string): string {
  return configured ?? `${stack}-triggers`;
}

/** OpenShift's namespace for operators installed for all namespaces (OpenShift Pipelines' Subscription). */
export const GLOBAL_OPERATORS_NAMESPACE = 'openshift-operators';
