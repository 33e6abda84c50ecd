/**
 * One child Application of the app-of-apps: syncs `dist/ENV/APP/` into the stack's namespace, in its sync wave,
 * under the environment's AppProject.
 */
import { Construct } from 'constructs';
import { Application, ApplicationSpec, ApplicationSpecIgnoreDifferences, ApplicationSpecSyncPolicyAutomated } from '../../imports/application-argoproj.io';
import { stackLabels } from '../labels';
import { LABELS } from '../../domain/names';
import { ClusterDestination, IN_CLUSTER } from './app-project';
import { SYNC_RETRY, SyncOption, syncWave } from '../../domain/apps';

/**
 * Fields that controllers on OpenShift write into objects this stack creates. ArgoCD ignores them in the diff
 * and, with `RespectIgnoreDifferences=true`, leaves them alone when it syncs (otherwise selfHeal would undo the
 * controller's edit on every sync, and the controller would redo it).
 *
 * - ServiceAccount `imagePullSecrets` and `secrets`: OpenShift's service-account controllers add the
 *   `<sa>-dockercfg-*` pull secret (and, before 4.16, a token secret) to every ServiceAccount (the dispatcher's,
 *   Grafana's datasource reader). A ServiceAccount that lists its own pull secrets would otherwise differ forever.
 * - Secret `data`: the token controller fills the `kubernetes.io/service-account-token` Secret of the Grafana
 *   datasource. Secrets in git never hold data (policy check), so there is nothing of ours to compare there.
 * - Route `spec.host`: the API server fills it (`<name>-<namespace>.<appsDomain>`) when a Route leaves it
 *   unset; with server-side apply ArgoCD would otherwise own the generated value and try to remove it.
 *
 * Deliberately not ignored: OLM Subscription `spec` (OLM writes only `status`; `spec.startingCSV` is never
 * set by OLM and is not in our manifests, and ignoring `spec` would hide a channel change); Namespace
 * annotations and labels OpenShift adds (`openshift.io/sa.scc.*`, pod-security labels): fields we do not set
 * are not compared, so no entry is needed.
 */
export const STACK_IGNORE_DIFFERENCES: readonly ApplicationSpecIgnoreDifferences[] = [
  { group: '', kind: 'ServiceAccount', jsonPointers: ['/imagePullSecrets', '/secrets'] },
  { group: '', kind: 'Secret', jsonPointers: ['/data'] },
  { group: 'route.openshift.io', kind: 'Route', jsonPointers: ['/spec/host'] },
];

export interface ChildApplicationProps {
  /** Application name (`applicationName(env, app)`). */
  readonly name: string;
  /** Namespace of the ArgoCD instance, where the Application lives. */
  readonly argocdNamespace: string;
  /** Environment name, for labels. */
  readonly environment: string;
  /** The AppProject that limits what this Application may deploy. */
  readonly project: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder in the repository, e.g. `dist/dev/benchmarks`. */
  readonly path: string;
  /** Namespace objects without one go to (the app folders set namespaces on their objects anyway). */
  readonly destinationNamespace: string;
  /**
   * The cluster to deploy to (a fleet's cluster).
   * @default the cluster ArgoCD runs in
   */
  readonly destinationCluster?: ClusterDestination;
  /**
   * The fleet cluster's name, labelled `llmbench.io/cluster` (the hub's Applications of one cluster, by label).
   * @default no label (a single-cluster environment)
   */
  readonly cluster?: string;
  /** Sync wave among the child Applications (`APP_SYNC_WAVES[app]`). */
  readonly wave: number;
  /** Automated sync, or `false` to sync only on request. */
  readonly automated: false | { readonly prune: boolean; readonly selfHeal: boolean };
  /**
   * Create the destination namespace when it is missing: only where the namespace is ours.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Server-side apply, for apps with objects too large for the last-applied annotation (dashboards).
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * Skip the dry run of custom resources whose CRD is not there yet (the `operators` app's Subscriptions are
   * still installing it); the retry applies them once it is.
   * @default false
   */
  readonly skipDryRunOnMissingResource?: boolean;
  /**
   * Fields controllers own.
   * @default STACK_IGNORE_DIFFERENCES
   */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
}

/**
 * No `resources-finalizer.argocd.argoproj.io`: deleting an Application (or removing it from the root) leaves
 * its objects in place, so the results volume is never deleted along with an Application by accident. Pruning
 * inside an app follows `automated.prune`.
 */
export class ChildApplication extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: ChildApplicationProps) {
    super(scope, id);
    this.name = props.name;
    new Application(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: { ...stackLabels('argocd', props.environment), ...(props.cluster === undefined ? {} : { [LABELS.cluster]: props.cluster }) },
        annotations: syncWave(props.wave),
      },
      spec: {
        project: props.project,
        ...syncedSpec({ ...props, syncOptions: applicationSyncOptions(props) }),
        ignoreDifferences: [...(props.ignoreDifferences ?? STACK_IGNORE_DIFFERENCES)],
      },
    });
  }
}

/** What every Application of the stack states the same way: the git folder, the destination, how to sync. */
export function syncedSpec(props: {
  readonly repoURL: string;
  readonly targetRevision: string;
  readonly path: string;
  readonly destinationNamespace: string;
  readonly destinationCluster?: ClusterDestination;
  readonly automated: ChildApplicationProps['automated'];
  readonly syncOptions: SyncOption[];
}): Pick<ApplicationSpec, 'source' | 'destination' | 'syncPolicy'> {
  return {
    source: { repoUrl: props.repoURL, targetRevision: props.targetRevision, path: props.path },
    destination: { ...(props.destinationCluster ?? { server: IN_CLUSTER }), namespace: props.destinationNamespace },
    syncPolicy: { automated: automatedPolicy(props.automated), syncOptions: props.syncOptions, retry: SYNC_RETRY },
  };
}

/** `spec.syncPolicy.automated` from the environment's `argocd.automated`; `false` gives none. */
export function automatedPolicy(automated: ChildApplicationProps['automated']): ApplicationSpecSyncPolicyAutomated | undefined {
  return automated === false ? undefined : { prune: automated.prune, selfHeal: automated.selfHeal };
}

function applicationSyncOptions(props: ChildApplicationProps): SyncOption[] {
  const options: SyncOption[] = [];
  if (props.createNamespace ?? true) options.push('CreateNamespace=true');
  if (props.serverSideApply) options.push('ServerSideApply=true');
  if (props.skipDryRunOnMissingResource) options.push('SkipDryRunOnMissingResource=true');
  options.push('PruneLast=true', 'RespectIgnoreDifferences=true');
  return options;
}
