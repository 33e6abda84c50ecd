/** Labels every object of the stack carries, so `oc get all -l app.kubernetes.io/part-of=llm-benchmark-stack` finds them. */
import { LABELS } from '../domain/names';

export const PART_OF = 'llm-benchmark-stack';

/**
 * The labels that select one component of one environment: a subset of `stackLabels`. Deployment selectors are
 * immutable, and scripts and EventListeners select by them: these keys are API.
 */
export function stackSelector(component: string, environment: string): Record<string, string> {
  const labels = stackLabels(component, environment);
  return { 'app.kubernetes.io/component': labels['app.kubernetes.io/component'], 'app.kubernetes.io/part-of': PART_OF, [LABELS.environment]: environment };
}

/** `key=value,...`, a label selector as kubectl's `-l` and the API's `labelSelector` take it. */
export function selectorString(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export function stackLabels(component: string, environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'cdk8s',
    'app.kubernetes.io/part-of': PART_OF,
    [LABELS.environment]: environment,
  };
}
