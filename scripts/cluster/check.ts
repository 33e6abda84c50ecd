/**
 * `npm run cluster -- check --env ENV`: server-side dry-run apply of every object of `dist/ENV/` (as field
 * manager `llm-benchmark-stack`, forcing conflicts like ArgoCD's server-side sync does), so admission webhooks,
 * quota, policies, RBAC and missing CRDs answer before a push. `generateName` manifests (`jobs/`,
 * `pipelineruns/`) are dry-run created instead (apply needs a name). Nothing is changed in the cluster.
 */
import { PART_OF } from '../../constructs/labels';
import { Outcome, answerOutcome, missingKindOutcome, podTemplateOf, sccOutcome } from './check-outcome';
import { CliError } from './errors';
import type { Kube } from './kube';
import { Manifest, describeObject } from './manifests';
import { ResourceResolver, objectPath, qualified } from './resources';
import { mapLimit } from '../../runtime/map-limit';

/** The field manager of every dry run: the project's name. */
export const FIELD_MANAGER = PART_OF;

/** Requests in flight at once (a real API server throttles clients at about 5 requests per second by default). */
const CONCURRENCY = 4;


/** Dry-runs one object. */
async function checkOne(kube: Kube, resolver: ResourceResolver, manifest: Manifest, manifests: Manifest[]): Promise<Outcome> {
  const { object } = manifest;
  const resource = await resolver.resolve(object.apiVersion, object.kind);
  if (!resource) return missingKindOutcome(manifest, manifests);
  const namespace = resource.namespaced ? (object.metadata?.namespace ?? kube.namespace) : '';
  const name: string | undefined = object.metadata?.name;
  const answer = name
    ? await kube.request('PATCH', objectPath(object.apiVersion, resource, namespace, name), {
        query: { dryRun: 'All', fieldManager: FIELD_MANAGER, force: 'true' },
        contentType: 'application/apply-patch+yaml',
        body: object,
      })
    : await kube.request('POST', objectPath(object.apiVersion, resource, namespace), {
        query: { dryRun: 'All', fieldManager: FIELD_MANAGER },
        body: object,
      });
  if (answer.status === 401) throw new CliError(`the API server ${kube.server} stopped accepting the credentials of context "${kube.context}" (401 Unauthorized): log in again`);
  const outcome = answerOutcome(answer.status, answer.body, { verb: name ? 'patch' : 'create', resource: qualified(resource), namespace }, manifests);
  const template = podTemplateOf(object);
  if (outcome.result !== 'accepted' || !template) return outcome;
  return reviewPods(kube, resolver, namespace, template, manifests);
}

/** OpenShift's SCC review of a pod template, when the server is OpenShift (it serves PodSecurityPolicyReview). */
async function reviewPods(kube: Kube, resolver: ResourceResolver, namespace: string, template: any, manifests: Manifest[]): Promise<Outcome> {
  const review = await resolver.resolve(SCC_REVIEW.apiVersion, SCC_REVIEW.kind);
  if (!review) return { result: 'accepted', note: 'SCC not checked: the server is not OpenShift (no PodSecurityPolicyReview)' };
  const serviceAccount: string = template.spec?.serviceAccountName ?? 'default';
  const answer = await kube.request('POST', objectPath(SCC_REVIEW.apiVersion, review, namespace), {
    body: { apiVersion: SCC_REVIEW.apiVersion, kind: SCC_REVIEW.kind, spec: { template, serviceAccountNames: [serviceAccount] } },
  });
  return sccOutcome(answer.status, answer.body, serviceAccount, { verb: 'create', resource: qualified(review), namespace }, manifests);
}

/** `oc adm policy scc-review`: which ServiceAccounts an SCC admits a pod template for. */
const SCC_REVIEW = { apiVersion: 'security.openshift.io/v1', kind: 'PodSecurityPolicyReview' } as const;

/** Checks every manifest; prints one line per object (and the reason under it); returns the exit code. */
export async function check(kube: Kube, distLabel: string, manifests: Manifest[], print: (line: string) => void): Promise<number> {
  print(`check: ${manifests.length} objects of ${distLabel} against context "${kube.context}" (${kube.server}), server-side dry run as ${FIELD_MANAGER}`);
  const resolver = new ResourceResolver(kube);
  const outcomes = await mapLimit(manifests, CONCURRENCY, (m) => checkOne(kube, resolver, m, manifests));
  const counts = { accepted: 0, rejected: 0, skipped: 0 };
  manifests.forEach((manifest, i) => {
    const outcome = outcomes[i];
    counts[outcome.result]++;
    print(`  ${outcome.result.padEnd(8)}  ${manifest.file}  ${describeObject(manifest.object)}`);
    if (outcome.result !== 'accepted') print(`            ${outcome.message}`);
    else if (outcome.note) print(`            ${outcome.note}`);
  });
  print(`${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.skipped} skipped`);
  return counts.rejected > 0 ? 1 : 0;
}
