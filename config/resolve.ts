/**
 * Resolves an environment's targets against the catalog: references, per-target overrides, endpoints, derived
 * names and cross-field rules that a schema alone cannot express.
 */
import {
  applicationName,
  benchmarkContainerName,
  benchmarkJobName,
  benchmarkName,
  checkName,
  fleetMemberName,
  GLOBAL_OPERATORS_NAMESPACE,
  triggersNamespace,
  DerivedName,
  gitopsAccessName,
  LONGEST_GITOPS_ACCESS_SUFFIX,
  onDemandJobPrefix,
  ROUTES,
  routeHostProblem,
  triggerTemplateName,
} from '../domain/names';
import { dashboardUidProblem } from '../domain/dashboard-uids';
import { GuidellmVersion, isAtLeast, parseGuidellmImage } from '../domain/guidellm/version';
import { checkCron } from './cron';
import { allowedList, formatPath, showValue } from './errors';
import { mergeConfig } from './merge';
import { dnsName } from './sections/sign-in';
import {
  Catalog,
  ClusterConfig,
  EnvironmentConfig,
  gpuProfileSchema,
  modelSchema,
  TargetConfig,
} from './schema';
import { check, ProblemList, SchemaProblem } from './schema-problems';
import { ResolvedBenchmark, ResolvedTarget } from './target';
import { alertsProblems } from './sections/alerts';
import { analysisProblems } from './sections/analysis';
import { disconnectedCatalogProblems } from './sections/operators';
import { RATE_WINDOW } from '../domain/metrics';
import { SYNCED_APPS } from '../domain/apps';
import { SLA_METRIC_NAMES, SLA_METRICS, tiersOrderProblem } from '../domain/sla';
import { defaultEndpoint } from '../domain/serving';
import { runCost } from '../domain/benchmark-timing';
import { credentialsInUrls } from './urls';
import { optionValueProblem } from '../domain/guidellm/command';

/** Catalog fields that hold one of several forms: an override replaces them whole. */
const ONE_OF_KEYS = ['tokenizer', 'dataset'];

export interface ResolvedEnvironment {
  readonly name: string;
  readonly config: EnvironmentConfig;
  readonly guidellmVersion: GuidellmVersion;
  /** Whether benchmark Jobs write GuideLLM's HTML report. */
  readonly htmlReport: boolean;
  readonly targets: readonly ResolvedTarget[];
  /** In a fleet: the cluster this is the stack of. @default the cluster ArgoCD runs in (no fleet) */
  readonly cluster?: ResolvedCluster;
  /**
   * A fleet (`clusters:`): the environment's stack on each cluster, each with its overrides applied, its targets
   * and `cluster` set. @default not a fleet
   */
  readonly clusters?: readonly ResolvedEnvironment[];
}

/** One cluster of a fleet. */
export interface ResolvedCluster {
  readonly name: string;
  /** The ArgoCD destination: a cluster Secret's name, or the API server's URL. */
  readonly destination: { readonly name: string } | { readonly server: string };
  /** Who ArgoCD acts as there: the cluster's bootstrap/ grants it what the apps create. */
  readonly argocdServiceAccount: { readonly namespace: string; readonly name: string };
  /** The whole fleet this cluster belongs to (what a dashboard across clusters offers). */
  readonly fleet: FleetView;
}

/** A fleet as a whole: its clusters and every target benchmarked on one of them, in configuration order. */
export interface FleetView {
  readonly clusters: readonly string[];
  readonly targets: readonly string[];
}

/** What `argocd cluster add` makes on a cluster, and a fleet cluster's ArgoCD identity unless it says otherwise. */
export const DEFAULT_FLEET_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'argocd-manager' } as const;

export function resolveEnvironment(
  name: string,
  config: EnvironmentConfig,
  catalog: Catalog,
  /** Resolving one cluster's stack of a fleet (its config has no `clusters:` of its own). */
  fleetMember = false,
): { environment: ResolvedEnvironment } | { problems: SchemaProblem[] } {
  const problems = new ProblemList();
  const problem = (path: (string | number)[], message: string) => problems.add(path, message);

  const envName = dnsName('environment name').safeParse(name);
  if (!envName.success) problem([], `environment file name "${name}" must be a DNS-1123 label: ${envName.error.issues[0].message}`);
  for (const p of credentialsInUrls(config)) problem(p.path, p.message);
  const longestApp = [...SYNCED_APPS].sort((a, b) => b.length - a.length)[0];
  nameProblem([], { kind: 'default', name: applicationName(name, longestApp), what: 'ArgoCD Application name' }, problems);
  nameProblem([], { kind: 'default', name: gitopsAccessName(name, LONGEST_GITOPS_ACCESS_SUFFIX), what: 'ArgoCD controller RBAC name' }, problems);
  const uidProblem = dashboardUidProblem(name, config.monitoring.grafana.fleetDatasource !== undefined);
  if (uidProblem) problem([], uidProblem);
  if (!fleetMember) checkFleetDatasource(config, problems);

  const version = parseGuidellmImage(config.guidellm.image);
  if (typeof version === 'string') problem(['guidellm', 'image'], version);

  const cron = checkCron(config.schedule);
  if (cron) problem(['schedule'], cron);
  if (!isTimeZone(config.timeZone)) problem(['timeZone'], `unknown time zone ${showValue(config.timeZone)}; use an IANA name such as Etc/UTC or Europe/Paris`);

  checkStorage(config, problems);
  for (const route of Object.values(ROUTES)) {
    const hostProblem = routeHostProblem(route, config.namespace);
    if (hostProblem) {
      problem(['namespace'], `${showValue(config.namespace)} is too long for the Route hosts: ${hostProblem}`);
      break;
    }
  }
  checkSlaTiers(config, problems);
  checkGrafanaOperatorNamespace(config, problems);
  checkTriggersNamespace(config, problems);
  if (!config.internet) for (const p of disconnectedCatalogProblems(config.operators)) problem(p.path, p.message);
  for (const p of alertsProblems(config.monitoring.alerts, RATE_WINDOW)) problem(p.path, p.message);
  for (const p of analysisProblems(config.analysis)) problem(p.path, p.message);
  if (config.guidellm.htmlReport && !config.internet && !config.guidellm.reportTemplateUrl) {
    problem(['guidellm', 'htmlReport'], 'the HTML report downloads its template from the internet; this environment has internet: false, so set guidellm.reportTemplateUrl to a mirror or htmlReport: false');
  }

  if (typeof version !== 'string' && version.generation !== 'run') {
    config.targets.forEach((t, i) => {
      if (t.auth?.apiKeySecret) {
        problem(['targets', i, 'auth', 'apiKeySecret'], `GuideLLM ${version.text} writes backend arguments, the API key included, in clear text into its JSON report; use a GuideLLM image of v0.7.0 or later for endpoints that need an API key`);
      }
    });
  }

  const targets: ResolvedTarget[] = [];
  const indexOf = new Map<ResolvedTarget, number>();
  const firstIndexOfName = new Map<string, number>();
  config.targets.forEach((target, index) => {
    const resolved = resolveTarget(target, ['targets', index], config, catalog, problems);
    if (!resolved) return;
    const earlier = firstIndexOfName.get(resolved.name);
    if (earlier !== undefined) {
      problem(['targets', index], `duplicate target "${resolved.name}" (also targets[${earlier}]); give one of them a distinct name`);
      return;
    }
    firstIndexOfName.set(resolved.name, index);
    targets.push(resolved);
    indexOf.set(resolved, index);
  });
  checkDeployments(config.targets, targets, indexOf, problems);
  checkDemand(config, catalog, targets, problems);
  if (typeof version !== 'string' && !isAtLeast(version, '0.5.0')) {
    const plans = [...new Set(targets.flatMap((t) => t.benchmarks.filter((b) => b.plan.stopOnOverSaturation).map((b) => b.plan.name)))];
    if (plans.length > 0) problem(['guidellm', 'image'], `GuideLLM ${version.text} has no over-saturation detection, which load plan(s) ${plans.map((p) => `"${p}"`).join(', ')} ask for (stopOnOverSaturation); use GuideLLM 0.5.0 or later`);
  }
  checkBudget(config, targets, problems);

  if (problems.items.length > 0 || typeof version === 'string') return { problems: problems.items };
  const environment: ResolvedEnvironment = {
    name,
    config,
    guidellmVersion: version,
    htmlReport: config.guidellm.htmlReport ?? config.internet,
    targets,
  };
  if (!config.clusters) return { environment };
  const clusters = resolveClusters(environment, config.clusters, catalog, problems);
  if (problems.items.length > 0) return { problems: problems.items };
  return { environment: { ...environment, clusters } };
}

/**
 * A fleet's stack per cluster: the environment with the cluster's overrides, resolved again (its endpoints follow
 * its serving namespace), with the targets it benchmarks; its results under its name in a shared bucket.
 */
function resolveClusters(env: ResolvedEnvironment, clusters: readonly ClusterConfig[], catalog: Catalog, problems: ProblemList): ResolvedEnvironment[] {
  const { clusters: _, ...base } = env.config;
  const targetNames = base.targets.map(targetNameOf);
  const longestApp = [...SYNCED_APPS].sort((a, b) => b.length - a.length)[0];
  if (base.results.objectStore?.cluster) {
    problems.add(['results', 'objectStore', 'cluster'], `${showValue(base.results.objectStore.cluster)}: in a fleet each cluster's results go under its own name (clusters[].name); remove results.objectStore.cluster`);
  }
  const members: { stack: ResolvedEnvironment; config: ClusterConfig }[] = [];
  clusters.forEach((c, i) => {
    const at = ['clusters', i];
    const first = clusters.findIndex((o) => o.name === c.name);
    if (first !== i) {
      problems.add([...at, 'name'], `duplicate cluster "${c.name}" (also clusters[${first}])`);
      return;
    }
    nameProblem([...at, 'name'], { kind: 'default', name: applicationName(fleetMemberName(env.name, c.name), longestApp), what: 'ArgoCD Application name' }, problems);
    const before = problems.items.length;
    (c.targets ?? []).forEach((t, j) => {
      if (!targetNames.includes(t)) problems.add([...at, 'targets', j], `unknown target "${t}" (not in this environment's targets); ${allowedList(t, targetNames)}`);
    });
    (c.gpuProfiles ?? []).forEach((g, j) => {
      if (!Object.prototype.hasOwnProperty.call(catalog.gpuProfiles, g)) problems.add([...at, 'gpuProfiles', j], `unknown GPU profile "${g}" (not in config/catalog.yaml); ${allowedList(g, Object.keys(catalog.gpuProfiles))}`);
    });
    if (problems.items.length > before) return;
    const kept = base.targets.filter((t, k) => (c.targets ?? targetNames).includes(targetNames[k]) && (!c.gpuProfiles || c.gpuProfiles.includes(t.gpuProfile)));
    if (kept.length === 0) {
      problems.add(at, `cluster "${c.name}" benchmarks no target: its targets and gpuProfiles leave none of ${targetNames.join(', ')}`);
      return;
    }
    const store = base.results.objectStore;
    const config: EnvironmentConfig = {
      ...base,
      servingNamespace: c.servingNamespace ?? base.servingNamespace,
      appsDomain: c.appsDomain ?? base.appsDomain,
      targets: kept,
      results: store ? { ...base.results, objectStore: { ...store, cluster: c.name } } : base.results,
    };
    const resolved = resolveEnvironment(env.name, config, catalog, true);
    if ('problems' in resolved) {
      for (const p of resolved.problems) problems.add(at, `cluster "${c.name}": ${p.path.length ? `${formatPath(p.path)}: ` : ''}${p.message}`);
      return;
    }
    members.push({ stack: resolved.environment, config: c });
  });
  const fleet: FleetView = {
    clusters: members.map((m) => m.config.name),
    targets: targetNames.filter((t) => members.some((m) => m.stack.targets.some((mt) => mt.name === t))),
  };
  return members.map(({ stack, config: c }) => ({
    ...stack,
    cluster: { name: c.name, destination: c.destination, argocdServiceAccount: c.argocdServiceAccount ?? DEFAULT_FLEET_SERVICE_ACCOUNT, fleet },
  }));
}

/**
 * A fleet-wide datasource compares clusters; it needs a fleet, and the dashboard that uses it is a Grafana dashboard.
 */
function checkFleetDatasource(config: EnvironmentConfig, problems: ProblemList) {
  const at = ['monitoring', 'grafana', 'fleetDatasource'];
  const datasource = config.monitoring.grafana.fleetDatasource;
  if (!datasource) return;
  if (!config.clusters) {
    problems.add(at, 'a fleet-wide datasource compares the clusters of a fleet, and this environment declares none: add clusters: or remove fleetDatasource (each Grafana already reads its own cluster)');
  }
  if (!config.monitoring.dashboards.grafanaOperator) {
    problems.add(at, 'the dashboard across clusters is a Grafana dashboard, and monitoring.dashboards.grafanaOperator is false: set it to true or remove fleetDatasource');
  }
}


/** A target's name: its own, or `<model>-<gpuProfile>`. */
function targetNameOf(target: TargetConfig): string {
  return target.name ?? `${target.model}-${target.gpuProfile}`;
}

function resolveTarget(
  target: TargetConfig,
  at: (string | number)[],
  env: EnvironmentConfig,
  catalog: Catalog,
  problems: ProblemList,
): ResolvedTarget | undefined {
  const before = problems.items.length;
  const model = lookup(catalog.models, target.model, 'model', [...at, 'model'], problems);
  const gpuProfile = lookup(catalog.gpuProfiles, target.gpuProfile, 'GPU profile', [...at, 'gpuProfile'], problems);
  const scenarios = target.scenarios.map((s, i) => lookup(catalog.scenarios, s, 'scenario', [...at, 'scenarios', i], problems));
  const plans = target.loadPlans.map((p, i) => lookup(catalog.loadPlans, p, 'load plan', [...at, 'loadPlans', i], problems));
  repeated(target.scenarios, [...at, 'scenarios'], 'scenario', problems);
  repeated(target.loadPlans, [...at, 'loadPlans'], 'load plan', problems);

  const mergedModel = model && override(model, modelSchema, target.overrides?.model, [...at, 'overrides', 'model'], problems);
  const mergedProfile = gpuProfile && override(gpuProfile, gpuProfileSchema, target.overrides?.gpuProfile, [...at, 'overrides', 'gpuProfile'], problems);

  const name = targetNameOf(target);
  const deployment = target.deployment ?? target.model;
  const endpoint = target.endpoint ?? defaultEndpoint(deployment, env.servingNamespace);
  checkEndpoint(endpoint, target, at, problems);
  // values GuideLLM receives inside key=value options
  const commaIn = (value: string | undefined, path: (string | number)[], what: string) => {
    const why = value === undefined ? undefined : optionValueProblem(value);
    if (why) problems.add(path, `${what} ${why}`);
  };
  commaIn(endpoint, [...at, target.endpoint !== undefined ? 'endpoint' : 'deployment'], 'endpoint');
  if (mergedModel && !env.internet && 'huggingFace' in mergedModel.tokenizer) {
    problems.add(
      [...at, 'model'],
      `the tokenizer of "${target.model}" (${showValue(mergedModel.tokenizer.huggingFace)}) downloads from Hugging Face, but this environment has internet: false; put its files on a PVC: overrides: { model: { tokenizer: { pvc: { claimName: <PVC>, path: <folder> } } } }`,
    );
  }
  target.scenarios.forEach((name, i) => {
    const scenario = scenarios[i];
    if (!env.internet && scenario && 'dataset' in scenario && 'huggingFace' in scenario.dataset) {
      problems.add([...at, 'scenarios', i], `scenario "${name}" reads the Hugging Face dataset ${showValue(scenario.dataset.huggingFace)}, but this environment has internet: false; use a scenario with a dataset file in the pod, or synthetic data`);
    }
  });
  if (mergedModel) {
    commaIn(mergedModel.servedModelName, [...at, 'model'], `served model name of "${target.model}"`);
    const tokenizer = mergedModel.tokenizer;
    commaIn('pvc' in tokenizer ? tokenizer.pvc.path : tokenizer.huggingFace, [...at, 'model'], `tokenizer of "${target.model}"`);
  }

  const where = target.name !== undefined ? [...at, 'name'] : at;
  const derived: DerivedName[] = [
    { kind: 'default', name: benchmarkJobName(name), what: 'benchmark Job name' },
    { kind: 'generateName', name: onDemandJobPrefix(name), what: 'on-demand Job generateName' },
    { kind: 'labelValue', name, what: 'target label value' },
    ...(env.pipelines.triggers.enabled ? [{ kind: 'default' as const, name: triggerTemplateName(name), what: 'TriggerTemplate name (pipelines.triggers)' }] : []),
  ];
  for (const d of derived) nameProblem(where, d, problems);

  const benchmarks: ResolvedBenchmark[] = [];
  const seen = new Set<string>();
  target.scenarios.forEach((s, i) => {
    target.loadPlans.forEach((p, j) => {
      const scenario = scenarios[i];
      const plan = plans[j];
      if (!scenario || !plan) return;
      const benchmark = benchmarkName(s, p);
      if (seen.has(benchmark)) {
        problems.add([...at, 'scenarios', i], `benchmark name "${benchmark}" (scenario-plan) is produced twice; rename a scenario or plan`);
      }
      seen.add(benchmark);
      nameProblem([...at, 'scenarios', i], { kind: 'container', name: benchmarkContainerName(benchmark), what: 'benchmark container name' }, problems);
      benchmarks.push({ name: benchmark, scenario: { ...scenario, name: s }, plan: { ...plan, name: p } });
    });
  });

  if (problems.items.length > before || !mergedModel || !mergedProfile) return undefined;
  return {
    name,
    model: { ...mergedModel, name: target.model },
    gpuProfile: { ...mergedProfile, name: target.gpuProfile },
    deployment,
    endpoint,
    auth: target.auth ?? {},
    benchmarks,
  };
}

/**
 * Each target is its own deployment: two targets of one model must each name theirs (else both would measure one
 * server and merge in every server-side figure), and no two targets share a deployment or an endpoint.
 */
function checkDeployments(configs: readonly TargetConfig[], targets: readonly ResolvedTarget[], indexOf: ReadonlyMap<ResolvedTarget, number>, problems: ProblemList) {
  const byModel = new Map<string, ResolvedTarget[]>();
  for (const t of targets) byModel.set(t.model.name, [...(byModel.get(t.model.name) ?? []), t]);
  for (const [model, group] of byModel) {
    if (group.length < 2) continue;
    const names = group.map((t) => `targets[${indexOf.get(t)}] (${t.name})`).join(', ');
    for (const t of group) {
      const i = indexOf.get(t)!;
      if (configs[i].deployment !== undefined) continue;
      problems.add(
        ['targets', i],
        `${names} all serve model "${model}": each must name its deployment (the InferenceService, whose pods are <deployment>-predictor-…), e.g. deployment: ${model}-${t.gpuProfile.name}; else they measure one server`,
      );
    }
  }
  const unique = (what: string, key: (t: ResolvedTarget) => string, path: (i: number) => (string | number)[]) => {
    const first = new Map<string, ResolvedTarget>();
    for (const t of targets) {
      const earlier = first.get(key(t));
      if (!earlier) {
        first.set(key(t), t);
        continue;
      }
      const i = indexOf.get(t)!;
      problems.add(path(i), `targets[${indexOf.get(earlier)}] (${earlier.name}) and targets[${i}] (${t.name}) have the same ${what} ${showValue(key(t))}: each target must be its own server`);
    }
  };
  unique('deployment', (t) => t.deployment, (i) => (configs[i].deployment !== undefined ? ['targets', i, 'deployment'] : ['targets', i]));
  unique('endpoint', (t) => t.endpoint, (i) => (configs[i].endpoint !== undefined ? ['targets', i, 'endpoint'] : ['targets', i]));
}

function checkEndpoint(endpoint: string, target: TargetConfig, at: (string | number)[], problems: ProblemList) {
  const path = [...at, 'endpoint'];
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    problems.add(path, `${showValue(endpoint)} is not a URL; expected http:// or https://, e.g. http://model-predictor.serving.svc.cluster.local:8080/v1`);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.add(path, `${showValue(endpoint)} uses ${url.protocol.slice(0, -1)}; allowed: http, https`);
  } else if (target.auth?.caBundle && url.protocol !== 'https:') {
    problems.add([...at, 'auth', 'caBundle'], `a CA bundle only applies to https endpoints; ${showValue(endpoint)} is http`);
  }
}

function checkStorage(config: EnvironmentConfig, problems: ProblemList) {
  const { store, volume, objectStore } = config.results;
  if (store === 'volume' && volume.accessMode !== 'ReadWriteMany') {
    problems.add(
      ['results', 'volume', 'accessMode'],
      `${volume.accessMode} cannot be shared by parallel benchmark Jobs on different nodes and the report server; with store: volume use ReadWriteMany (CephFS, EFS, NFS), or set results.store: objectStore`,
    );
  }
  if (store === 'objectStore' && !objectStore) {
    problems.add(['results', 'objectStore'], 'store: objectStore needs results.objectStore (endpoint, bucket, credentialsSecret, readerCredentialsSecret)');
  }
  if (objectStore && objectStore.readerCredentialsSecret === objectStore.credentialsSecret) {
    problems.add(
      ['results', 'objectStore', 'readerCredentialsSecret'],
      `${showValue(objectStore.readerCredentialsSecret)} is also credentialsSecret: the report server, which anyone signed in can reach, must hold keys that can only read (s3:GetObject, s3:ListBucket); give it a Secret of its own`,
    );
  }
  if (objectStore?.caBundle && !objectStore.endpoint.startsWith('https:')) {
    problems.add(['results', 'objectStore', 'caBundle'], `a CA bundle only applies to https endpoints; ${showValue(objectStore.endpoint)} is http`);
  }
}

/** The namespaces an environment already uses for something, each with what it is (for a namespace of its own). */
function namespacesInUse(config: EnvironmentConfig): (readonly [string, string])[] {
  return [
    [GLOBAL_OPERATORS_NAMESPACE, "OpenShift's global operator namespace (it has its OperatorGroup already)"],
    [config.namespace, 'the stack namespace (namespace)'],
    [config.servingNamespace, 'the serving namespace (servingNamespace)'],
    [config.argocdNamespace, 'the ArgoCD namespace (argocdNamespace)'],
  ];
}

/**
 * The namespace the stack creates for the Grafana Operator (and its AllNamespaces OperatorGroup) must be one of
 * its own: a second OperatorGroup in `openshift-operators` breaks every operator there, and the stack, serving
 * and ArgoCD namespaces are not operator namespaces.
 */
function checkGrafanaOperatorNamespace(config: EnvironmentConfig, problems: ProblemList) {
  const { install, namespace } = config.operators.grafana;
  if (!install) return;
  const clash = namespacesInUse(config).find(([name]) => name === namespace);
  if (clash) {
    problems.add(
      ['operators', 'grafana', 'namespace'],
      `${showValue(namespace)} is ${clash[1]}; with install: true the stack creates this namespace with its own OperatorGroup, so use a namespace of its own such as grafana-operator, or set install: false when the operator runs there already`,
    );
  }
}

/**
 * The EventListener's namespace holds it alone: in a namespace where anyone else may create pods or jobs, they could
 * run as its ServiceAccount, which starts PipelineRuns in the stack namespace.
 */
function checkTriggersNamespace(config: EnvironmentConfig, problems: ProblemList) {
  const triggers = config.pipelines.triggers;
  if (!triggers.enabled) return;
  const namespace = triggersNamespace(config.namespace, triggers.namespace);
  const path = triggers.namespace !== undefined ? ['pipelines', 'triggers', 'namespace'] : ['namespace'];
  const nameProblem = checkName({ kind: 'default', name: namespace, what: 'EventListener namespace (pipelines.triggers.namespace, default <namespace>-triggers)' });
  if (nameProblem) {
    problems.add(path, `${nameProblem}, or set pipelines.triggers.namespace`);
    return;
  }
  const taken = [
    ...namespacesInUse(config),
    ...(config.operators.grafana.install ? [[config.operators.grafana.namespace, "the Grafana Operator's namespace (operators.grafana.namespace)"] as const] : []),
  ];
  const clash = taken.find(([name]) => name === namespace);
  if (clash) {
    problems.add(path, `${showValue(namespace)} is ${clash[1]}; the EventListener needs a namespace of its own, where nothing else can create pods, such as ${config.namespace}-triggers`);
  }
}

/** Tiers must be ordered: excellent, then acceptable, then breaking, in the metric's direction. */
function checkSlaTiers(config: EnvironmentConfig, problems: ProblemList) {
  for (const metric of SLA_METRIC_NAMES) {
    const tiers = config.sla[metric];
    const order = tiersOrderProblem(SLA_METRICS[metric].direction, tiers);
    if (order) problems.add(['sla', metric], `tiers ${showValue(tiers)} are out of order (${order})`);
  }
}

/** One run's expected GPU-hours and dollars within `budget`, else a problem naming the largest targets. */
function checkBudget(config: EnvironmentConfig, targets: readonly ResolvedTarget[], problems: ProblemList) {
  const budget = config.budget;
  if (!budget) return;
  const cost = runCost(targets);
  const largest = cost.perTarget
    .slice(0, 3)
    .map((t) => `${t.name} ${gpuHours(t.gpuHours)}, ${dollars(t.dollars)}`)
    .join('; ');
  const over = (value: string, limit: string, key: string) =>
    problems.add(['budget', key], `a run takes ${value}, over the budget of ${limit} (largest: ${largest}); shorten load plans (maxSeconds, fewer levels), drop targets, or raise the budget`);
  if (budget.gpuHoursPerRun !== undefined && cost.gpuHours > budget.gpuHoursPerRun) over(gpuHours(cost.gpuHours), gpuHours(budget.gpuHoursPerRun), 'gpuHoursPerRun');
  if (budget.dollarsPerRun !== undefined && cost.dollars > budget.dollarsPerRun) over(dollars(cost.dollars), dollars(budget.dollarsPerRun), 'dollarsPerRun');
}

/** Three significant digits: a budget check must never print two equal numbers for a value over its limit. */
const gpuHours = (x: number) => `${Number(x.toPrecision(3))} GPU-hours`;
const dollars = (x: number) => `$${Number(x.toPrecision(3))}`;

/** Each demand names catalog models and a scenario, and some target of the environment runs that scenario for one of them. */
function checkDemand(config: EnvironmentConfig, catalog: Catalog, targets: readonly ResolvedTarget[], problems: ProblemList) {
  (config.demand ?? []).forEach((d, i) => {
    const at = ['demand', i];
    const models = d.models.filter((m, j) => lookup(catalog.models, m, 'model', [...at, 'models', j], problems) !== undefined);
    if (!lookup(catalog.scenarios, d.scenario, 'scenario', [...at, 'scenario'], problems)) return;
    if (models.length < d.models.length) return;
    const serving = targets.filter((t) => models.includes(t.model.name) && t.benchmarks.some((b) => b.scenario.name === d.scenario));
    if (serving.length === 0) {
      problems.add(at, `demand "${d.name}": no target of this environment runs scenario "${d.scenario}" for ${models.map((m) => `"${m}"`).join(', ')}, so no plan could be made; add such a target or fix models/scenario`);
    }
  });
  repeated((config.demand ?? []).map((d) => d.name), ['demand'], 'demand name', problems);
}

function lookup<T>(
  entries: Record<string, T>,
  key: string,
  what: string,
  path: (string | number)[],
  problems: ProblemList,
): T | undefined {
  if (Object.prototype.hasOwnProperty.call(entries, key)) return entries[key];
  problems.add(path, `unknown ${what} "${key}" (not in config/catalog.yaml); ${allowedList(key, Object.keys(entries))}`);
  return undefined;
}

function repeated(items: string[], path: (string | number)[], what: string, problems: ProblemList) {
  items.forEach((item, i) => {
    if (items.indexOf(item) !== i) problems.add([...path, i], `${what} "${item}" is listed twice`);
  });
}

/** Merges a target's override over a catalog entry and re-validates the result. */
function override<T>(
  base: T,
  schema: Parameters<typeof check>[0],
  overrides: Record<string, unknown> | undefined,
  path: (string | number)[],
  problems: ProblemList,
): T | undefined {
  if (!overrides) return base;
  const result = check(schema, mergeConfig(base, overrides, ONE_OF_KEYS));
  if ('value' in result) return result.value as T;
  for (const p of result.problems) problems.add([...path, ...p.path], p.message);
  return undefined;
}

function nameProblem(path: (string | number)[], name: DerivedName, problems: ProblemList) {
  const message = checkName(name);
  if (message) problems.add(path, message);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
