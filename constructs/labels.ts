/** Labels every object of the stack carries, so `oc get all -l app.kubernetes.io/part-of=llm-benchmark-stack` finds them. */
import { LABELS } from '../domain/names';

export const PART_OF = 'llm-benchmark-stack';

export function stackLabels(component: string, environment: string): Record<string, string> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': 'cdk8s',
    'app.kubernetes.io/part-of': PART_OF,
    [LABELS.environment]: environment,
  };
}
