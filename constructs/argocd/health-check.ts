/**
 * The Application health check for OpenShift GitOps, as a merge patch of the `ArgoCD` CR.
 *
 * Since ArgoCD 1.8 an Application has no health assessment of its own: a child Application counts as Healthy
 * as soon as it exists, so the root Application moves on to the next sync wave without waiting for the child's
 * resources. With this check the root waits until each child reports Healthy before starting the next wave.
 *
 * OpenShift GitOps renders `argocd-cm` from the `ArgoCD` CR (editing the ConfigMap is undone by the operator),
 * so the setting is the CR's `spec.resourceHealthChecks`. There is no schema for the `ArgoCD` CR here, so the
 * patch is written as JSON (`npm run validate` reads only YAML):
 *
 *     oc patch argocd openshift-gitops -n openshift-gitops --type merge --patch-file <file>
 *
 * A merge patch replaces the whole `resourceHealthChecks` list: an instance that already has entries needs
 * them added to the file first (the deploy guide says how to check).
 */
import { Construct } from 'constructs';
import { RawFile } from '../raw-file';

/** The Lua check from the ArgoCD 1.7→1.8 upgrade notes: an Application is as healthy as it reports. */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil then',
  '  if obj.status.health ~= nil then',
  '    hs.status = obj.status.health.status',
  '    if obj.status.health.message ~= nil then',
  '      hs.message = obj.status.health.message',
  '    end',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

/** File name of the patch in `dist/ENV/bootstrap/`. */
export const HEALTH_CHECK_PATCH_FILE = 'argocd-application-health.merge-patch';

/** The merge patch: `spec.resourceHealthChecks` with the Application check. */
export function applicationHealthCheckPatch(): Record<string, unknown> {
  return {
    spec: {
      resourceHealthChecks: [{ group: 'argoproj.io', kind: 'Application', check: APPLICATION_HEALTH_LUA }],
    },
  };
}

export interface ApplicationHealthCheckProps {
  /**
   * File name.
   * @default HEALTH_CHECK_PATCH_FILE
   */
  readonly fileName?: string;
}

/** Writes the patch as a file of the chart's folder (not a Kubernetes object). */
export class ApplicationHealthCheck extends Construct {
  readonly file: RawFile;

  constructor(scope: Construct, id: string, props: ApplicationHealthCheckProps = {}) {
    super(scope, id);
    this.file = new RawFile(this, 'Patch', {
      fileName: props.fileName ?? HEALTH_CHECK_PATCH_FILE,
      content: `${JSON.stringify(applicationHealthCheckPatch(), null, 2)}\n`,
    });
  }
}
