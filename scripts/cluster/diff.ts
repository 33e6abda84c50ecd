/**
 * `npm run cluster -- diff --env ENV`: each object of `dist/ENV/` against its live object: new, unchanged or
 * changed, with the field-level changes (field-diff.ts says what is compared and what is ignored).
 */
import { mapLimit } from '../../runtime/map-limit';
import { FIELD_MANAGER } from './check';
import { CliError, explainRefusal, statusOf } from './errors';
import { FieldChange, diffObjects, renderChanges } from './field-diff';
import type { Kube } from './kube';
import { Manifest, describeObject, groupOf } from './manifests';
import { ResourceResolver, objectPath, qualified } from './resources';

/** Field managers whose server-side applies say which fields the last sync set (ours and ArgoCD's). */
export const APPLY_MANAGERS = [FIELD_MANAGER, 'argocd-controller'] as const;

type DiffOutcome =
  | { result: 'new'; note?: string }
  | { result: 'unchanged' }
  | { result: 'changed'; changes: FieldChange[] }
  | { result: 'not compared'; note: string }
  | { result: 'error'; note: string };

async function diffOne(kube: Kube, resolver: ResourceResolver, manifest: Manifest): Promise<DiffOutcome> {
  const { object } = manifest;
  const name: string | undefined = object.metadata?.name;
  if (!name) return { result: 'not compared', note: 'generateName: each `oc create` makes a new object' };
  const resource = await resolver.resolve(object.apiVersion, object.kind);
  if (!resource) return { result: 'new', note: `the server does not serve ${object.kind} in ${object.apiVersion} yet (CRD of ${groupOf(object.apiVersion)} not installed)` };
  const namespace = resource.namespaced ? (object.metadata?.namespace ?? kube.namespace) : '';
  const answer = await kube.request('GET', objectPath(object.apiVersion, resource, namespace, name));
  if (answer.status === 404) {
    const status = statusOf(answer.status, answer.body);
    const note = status.details?.kind === 'namespaces' ? `namespace "${namespace}" does not exist yet` : undefined;
    return { result: 'new', note };
  }
  if (answer.status === 401) throw new CliError(`the API server ${kube.server} stopped accepting the credentials of context "${kube.context}" (401 Unauthorized): log in again`);
  if (answer.status !== 200) {
    return { result: 'error', note: explainRefusal(statusOf(answer.status, answer.body), { verb: 'get', resource: qualified(resource), namespace }) };
  }
  const changes = diffObjects(object, answer.body, APPLY_MANAGERS);
  return changes.length === 0 ? { result: 'unchanged' } : { result: 'changed', changes };
}

/** Compares every manifest; prints the outcome and changes; exit code 0 (no change), 1 (changes) or 2 (errors). */
export async function diff(kube: Kube, distLabel: string, manifests: Manifest[], print: (line: string) => void): Promise<number> {
  print(`diff: ${manifests.length} objects of ${distLabel} against context "${kube.context}" (${kube.server})`);
  const resolver = new ResourceResolver(kube);
  const outcomes = await mapLimit(manifests, 4, (m) => diffOne(kube, resolver, m));
  const counts: Record<DiffOutcome['result'], number> = { new: 0, unchanged: 0, changed: 0, 'not compared': 0, error: 0 };
  manifests.forEach((manifest, i) => {
    const outcome = outcomes[i];
    counts[outcome.result]++;
    print(`  ${outcome.result.padEnd(12)}  ${manifest.file}  ${describeObject(manifest.object)}`);
    if ('note' in outcome && outcome.note) print(`                ${outcome.note}`);
    if (outcome.result === 'changed') for (const line of renderChanges(outcome.changes, '                ')) print(line);
  });
  print(
    `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged` +
      (counts['not compared'] ? `, ${counts['not compared']} not compared` : '') +
      (counts.error ? `, ${counts.error} could not be read` : ''),
  );
  if (counts.error > 0) return 2;
  return counts.new + counts.changed > 0 ? 1 : 0;
}
