/**
 * Who installs the CRD of a custom resource that the cluster does not serve yet, read from the environment's own
 * manifests: a group whose operator has an OLM Subscription in `dist/ENV/` is installed by the Application that
 * syncs that Subscription's folder (the `operators` app). Any other missing group (the OpenShift Pipelines
 * operator when `operators.openshiftPipelines.install` is off, user-workload monitoring) is a prerequisite of the
 * cluster, not something a sync will bring.
 */
import { Manifest, applicationsByFolder, groupOf } from './manifests';

/**
 * What provides each API group the stack uses (facts, for messages), and the OLM package of the operators the
 * `operators` app subscribes to: grafana-operator (community-operators, https://grafana.github.io/grafana-operator/docs/installation/),
 * openshift-pipelines-operator-rh (redhat-operators, https://docs.openshift.com/pipelines/latest/install_config/installing-pipelines.html).
 */
export const API_GROUP_PROVIDERS: Record<string, { provider: string; olmPackage?: string }> = {
  'grafana.integreatly.org': { provider: 'the Grafana Operator', olmPackage: 'grafana-operator' },
  'tekton.dev': { provider: 'Red Hat OpenShift Pipelines', olmPackage: 'openshift-pipelines-operator-rh' },
  'triggers.tekton.dev': { provider: 'Red Hat OpenShift Pipelines', olmPackage: 'openshift-pipelines-operator-rh' },
  'argoproj.io': { provider: 'Red Hat OpenShift GitOps (installed before the bootstrap, see README)' },
  'monitoring.coreos.com': { provider: 'OpenShift monitoring (user workload monitoring enabled)' },
  'operators.coreos.com': { provider: 'OLM, part of OpenShift' },
  'route.openshift.io': { provider: 'OpenShift' },
};

/** Who installs a missing CRD. */
export interface CrdInstaller {
  /** The Application of this environment that installs it, when one does. */
  application?: string;
  /** The Subscription (in `dist/ENV/`) of the operator that brings it, when found. */
  subscription?: string;
  /** What provides the group, when known. */
  provider?: string;
}

/** Who installs the CRD of `apiVersion` in environment `env`, from the environment's own manifests. */
export function crdInstaller(apiVersion: string, manifests: Manifest[]): CrdInstaller {
  const group = groupOf(apiVersion);
  const known = API_GROUP_PROVIDERS[group];
  const installer: CrdInstaller = { provider: known?.provider };
  const subscription = manifests.find(
    (m) => m.object.kind === 'Subscription' && groupOf(m.object.apiVersion) === 'operators.coreos.com' && known?.olmPackage && m.object.spec?.name === known.olmPackage,
  );
  if (subscription) {
    installer.application = applicationsByFolder(manifests).get(subscription.folder);
    installer.subscription = `${subscription.object.metadata.namespace}/${subscription.object.metadata.name} (${subscription.file})`;
  }
  return installer;
}

/** `CRD of tekton.dev not installed yet; the Application dev-operators installs it (Red Hat OpenShift Pipelines)`, or why none does. */
export function describeInstaller(group: string, installer: CrdInstaller): string {
  if (installer.application) {
    const what = [installer.provider, installer.subscription && `Subscription ${installer.subscription}`].filter(Boolean).join(', ');
    return `CRD of ${group} not installed yet; the Application ${installer.application} installs it${what ? ` (${what})` : ''}`;
  }
  return `CRD of ${group || 'core'} not installed and no Application of this environment installs it${installer.provider ? ` (provided by ${installer.provider})` : ''}`;
}
