/**
 * What the cluster said about one object of a dry run: accepted, rejected (with the API server's message) or
 * skipped (its CRD or namespace comes with an Application that has not synced yet). Pure: the answers come in.
 */
import { describeInstaller, crdInstaller } from './crd-owners';
import { Permission, explainRefusal, statusOf } from './errors';
import { Manifest, applicationsByFolder, groupOf } from './manifests';

export type Outcome = { result: 'accepted'; note?: string } | { result: 'rejected'; message: string } | { result: 'skipped'; message: string };

/** The pod template of a workload (the pods a controller creates from it), or undefined. */
export function podTemplateOf(object: any): any | undefined {
  if (object?.kind === 'CronJob') return object.spec?.jobTemplate?.spec?.template;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(object?.kind)) return object.spec?.template;
  return undefined;
}

/**
 * The outcome of OpenShift's SCC review (PodSecurityPolicyReview) of a workload's pod template: a dry run of a
 * Deployment or Job does not admit its pods (controllers create them later), so SCC refusals surface only here.
 */
export function sccOutcome(status: number, body: any, serviceAccount: string, permission: Permission, manifests: Manifest[]): Outcome {
  if (status === 201 || status === 200) {
    const allowed: any[] = body?.status?.allowedServiceAccounts ?? [];
    const mine = allowed.filter((a) => a.name === serviceAccount);
    if (mine.length > 0) return { result: 'accepted', note: `pods admitted by SCC ${mine.map((a) => a.allowedBy?.name).join(', ')} as ServiceAccount ${serviceAccount}` };
    return {
      result: 'rejected',
      message: `SCC: no SecurityContextConstraints admits these pods as ServiceAccount "${serviceAccount}" (see \`oc adm policy scc-review -z ${serviceAccount} -f FILE\` and constructs/security.ts)`,
    };
  }
  const refusal = statusOf(status, body);
  if (status === 400 && /unable to find ServiceAccount/.test(refusal.message ?? '')) {
    const creator = manifests.find((m) => m.object.kind === 'ServiceAccount' && m.object.metadata?.name === serviceAccount);
    if (creator) return { result: 'accepted', note: `SCC not checked: ServiceAccount "${serviceAccount}" does not exist yet (${creator.file} creates it)` };
    return { result: 'rejected', message: `ServiceAccount "${serviceAccount}" does not exist and dist/ does not create it: ${refusal.message}` };
  }
  return { result: 'accepted', note: `SCC not checked: ${explainRefusal(refusal, permission)}` };
}

/** The outcome of an object whose kind the server does not serve. */
export function missingKindOutcome(manifest: Manifest, manifests: Manifest[]): Outcome {
  const { apiVersion, kind } = manifest.object;
  const installer = crdInstaller(apiVersion, manifests);
  const message = `${describeInstaller(groupOf(apiVersion), installer)} (the server does not serve ${kind} in ${apiVersion})`;
  return installer.application ? { result: 'skipped', message } : { result: 'rejected', message };
}

/**
 * The outcome of a dry-run answer. A namespace that does not exist yet is `skipped` when the environment's own
 * manifests create it (the first sync makes it), `rejected` otherwise.
 */
export function answerOutcome(status: number, body: unknown, permission: Permission, manifests: Manifest[]): Outcome {
  if (status >= 200 && status < 300) return { result: 'accepted' };
  const refusal = statusOf(status, body);
  if (refusal.code === 404 && refusal.details?.kind === 'namespaces' && refusal.details.name) {
    const namespace = refusal.details.name;
    const apps = applicationsByFolder(manifests);
    const creators = manifests.filter((m) => m.object.kind === 'Namespace' && m.object.apiVersion === 'v1' && m.object.metadata?.name === namespace);
    // an Application that creates it says more than the bootstrap folder (applied by hand) that does too
    const creator = creators.find((m) => apps.has(m.folder)) ?? creators[0];
    if (creator) {
      const app = apps.get(creator.folder);
      const by = app ? `the Application ${app} creates it (${creator.file})` : `${creator.file} creates it (applied by hand)`;
      return { result: 'skipped', message: `namespace "${namespace}" does not exist yet; ${by}` };
    }
  }
  return { result: 'rejected', message: explainRefusal(refusal, permission) };
}
