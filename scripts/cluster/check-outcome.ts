/**
 * What the cluster said about one object of a dry run: accepted, rejected (with the API server's message) or
 * skipped (its CRD or namespace comes with an Application that has not synced yet). Pure: the answers come in.
 */
import { describeInstaller, crdInstaller } from './crd-owners';
import { Permission, explainRefusal, statusOf } from './errors';
import { Manifest, applicationsByFolder, groupOf } from './manifests';

export type Outcome = { result: 'accepted' } | { result: 'rejected'; message: string } | { result: 'skipped'; message: string };

/** The outcome of an object whose kind the server does not serve. */
export function missingKindOutcome(manifest: Manifest, env: string, manifests: Manifest[]): Outcome {
  const { apiVersion, kind } = manifest.object;
  const installer = crdInstaller(apiVersion, env, manifests);
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
