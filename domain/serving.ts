/**
 * Which server a target is: its deployment (the KServe InferenceService), the pods that serve it and the series
 * those pods export. One model served on two GPU profiles is two deployments; every server-side figure (the
 * bottleneck analysis, the recording rules, the SLA alerts, the benchmark window, the dashboards) selects one
 * deployment's pods, never a model name alone.
 *
 * Facts this relies on:
 * - vLLM labels its series with `model_name` (`--served-model-name`) and `engine` only; two deployments of one model
 *   export the same `model_name`. OpenShift user-workload monitoring adds `namespace` (enforced), `pod`,
 *   `container`, `endpoint`, `service`/`job` and `instance`.
 * - KServe names predictor pods `<isvc>-predictor-<replicaset>-<pod>` (RawDeployment) or
 *   `<isvc>-predictor-00001-deployment-<…>` (Serverless), so `<isvc>-predictor-.+` selects one deployment's pods
 *   (DCGM series carry the pod as `exported_pod`). Serverless puts the InferenceService label on several Services:
 *   a pod can be scraped twice, so per-pod series are deduplicated (`max by` the pod) before they are summed.
 */

/** The label the recording rules add to every series: the deployment the pod belongs to. */
export const DEPLOYMENT_LABEL = 'deployment';

/**
 * The labels that identify one deployment's server-side series, in `by (…)` order: `cluster` (absent on one
 * cluster; a fleet's external label), the namespace, the deployment and the served model name.
 */
export const SERVER_KEY = ['cluster', 'namespace', DEPLOYMENT_LABEL, 'model_name'] as const;

/**
 * The labels a scrape adds that differ between two scrapes of one pod (Serverless: several Services select it):
 * dropping them (`max without`) leaves one series per pod, engine and series labels.
 */
export const SCRAPE_TARGET_LABELS = ['instance', 'job', 'service', 'endpoint'] as const;

/** `expr` with one series per pod: duplicate scrapes of a pod collapsed. */
export function perPod(expr: string): string {
  return `max without (${SCRAPE_TARGET_LABELS.join(', ')}) (${expr})`;
}

/**
 * `agg` of `expr` per deployment (the SERVER_KEY labels, then `extra`): duplicate scrapes collapsed, the
 * `deployment` label taken from the pod name.
 */
export function perDeployment(agg: 'sum' | 'max', expr: string, extra: readonly string[] = []): string {
  return `${agg} by (${[...SERVER_KEY, ...extra].join(', ')}) (${withDeployment(perPod(expr))})`;
}

/** A regex matching `value` literally (RE2 metacharacters escaped). */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The RE2 pattern of the pod names of deployment `deployment`: `<deployment>-predictor-.+`. */
export function predictorPodPattern(deployment: string): string {
  return `${regexLiteral(deployment)}-predictor-.+`;
}

/** The container of a KServe predictor pod that runs the model server (vLLM). */
export const PREDICTOR_CONTAINER = 'kserve-container';

/** The pattern that takes the deployment out of a predictor pod's name (first group). */
export const DEPLOYMENT_OF_POD = '(.+)-predictor-.+';

/** `expr` with the `deployment` label taken from its `pod` label (unchanged where the pod is no predictor). */
export function withDeployment(expr: string, podLabel = 'pod'): string {
  return `label_replace(${expr}, "${DEPLOYMENT_LABEL}", "$1", "${podLabel}", "${DEPLOYMENT_OF_POD}")`;
}

/** The in-cluster URL KServe gives deployment `deployment`'s predictor in `servingNamespace`. */
export function defaultEndpoint(deployment: string, servingNamespace: string): string {
  return `http://${deployment}-predictor.${servingNamespace}.svc.cluster.local:8080/v1`;
}
