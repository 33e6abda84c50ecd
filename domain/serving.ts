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

/** What a pod's own series are unique by: two scrapes of one pod (Serverless) collapse to one. */
export const POD_KEY = ['cluster', 'namespace', 'pod', 'engine', 'model_name'] as const;

/** A regex matching `value` literally (RE2 metacharacters escaped). */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The RE2 pattern of the pod names of deployment `deployment`: `<deployment>-predictor-.+`. */
export function predictorPodPattern(deployment: string): string {
  return `${regexLiteral(deployment)}-predictor-.+`;
}

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
