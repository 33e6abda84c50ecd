/**
 * Policy check: project rules that the schemas cannot express (OpenShift restricted-v2, resources, pinned images,
 * no GPUs, no secret values, name and label limits). The rules live in ./policy-rules; this module runs them.
 */
import { isEmptyDocument, isObject, ManifestDocument, problemIn } from './documents';
import { POLICY_RULES, PolicyRule } from './policy-rules';
import { Problem } from './report';

/**
 * Runs the rules on one document. Documents that are empty, did not parse or are not mappings are left to the
 * schema check, which reports them.
 */
export function checkPolicy(doc: ManifestDocument, rules: readonly PolicyRule[] = POLICY_RULES): Problem[] {
  if (isEmptyDocument(doc) || doc.parseErrors.length > 0 || !isObject(doc.content)) {
    return [];
  }
  const object = doc.content;
  return rules.flatMap((rule) =>
    rule.check(object).map((violation) => problemIn(doc, 'policy', violation.path, violation.message)),
  );
}
