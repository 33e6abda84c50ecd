/**
 * The environment's AppProject: what its child Applications may deploy, from where, to where. Everything not
 * listed is refused by ArgoCD before anything is applied, so a mistake in one app cannot touch other namespaces
 * or cluster-scoped objects.
 */
import { Construct } from 'constructs';
import { AppProject } from '../../imports/appproject-argoproj.io';
import { stackLabels } from '../labels';
import { RESOURCE_SYNC_WAVES, syncWave } from '../../domain/apps';

/** The cluster ArgoCD runs in, as Applications and AppProjects name it. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

/** A cluster ArgoCD deploys to: its cluster Secret's name, or its API server's URL. */
export type ClusterDestination = { readonly name: string } | { readonly server: string };

/** An API group and kind; the core group is `''`. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * Cluster-scoped kinds the stack's Applications create: their Namespaces (`operators` app, and
 * `CreateNamespace=true`). Nothing else: no ClusterRole, no ClusterRoleBinding (the stack's bindings of ClusterRoles
 * are applied from bootstrap/ by a cluster admin: ./cluster-bindings.ts), no CRD (CRDs arrive through OLM).
 */
export const STACK_CLUSTER_KINDS: readonly GroupKind[] = [{ group: '', kind: 'Namespace' }];

export interface StackAppProjectProps {
  /** AppProject name (`appProjectName(env)`). */
  readonly name: string;
  /** Namespace of the ArgoCD instance. */
  readonly argocdNamespace: string;
  /** Environment name, for labels. */
  readonly environment: string;
  /** The one Git repository the Applications may come from. */
  readonly repoURL: string;
  /** Namespaces the Applications may deploy into (in the cluster ArgoCD runs in). */
  readonly destinationNamespaces: readonly string[];
  /**
   * A fleet: the clusters and the namespaces on each the Applications may deploy into, instead of
   * `destinationNamespaces` in the cluster ArgoCD runs in.
   * @default none
   */
  readonly clusterDestinations?: readonly { readonly cluster: ClusterDestination; readonly namespaces: readonly string[] }[];
  /**
   * Namespaced kinds the Applications may create: everything else is refused. Derive it from the app folders
   * (the argocd chart does) so it is exactly what the stack creates.
   */
  readonly namespaceResourceWhitelist: readonly GroupKind[];
  /**
   * Cluster-scoped kinds the Applications may create.
   * @default STACK_CLUSTER_KINDS
   */
  readonly clusterResourceWhitelist?: readonly GroupKind[];
}

export class StackAppProject extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: StackAppProjectProps) {
    super(scope, id);
    this.name = props.name;
    new AppProject(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: stackLabels('argocd', props.environment),
        // before the Applications that name it
        annotations: syncWave(RESOURCE_SYNC_WAVES.prerequisites),
      },
      spec: {
        description: `LLM benchmark stack, environment ${props.environment}`,
        sourceRepos: [props.repoURL],
        destinations: props.clusterDestinations
          ? props.clusterDestinations.flatMap((d) => [...new Set(d.namespaces)].map((namespace) => ({ ...d.cluster, namespace })))
          : [...new Set(props.destinationNamespaces)].map((namespace) => ({ server: IN_CLUSTER, namespace })),
        clusterResourceWhitelist: sortKinds(props.clusterResourceWhitelist ?? STACK_CLUSTER_KINDS),
        namespaceResourceWhitelist: sortKinds(props.namespaceResourceWhitelist),
      },
    });
  }
}

/** Distinct group/kind pairs, sorted by group then kind (stable output). */
export function sortKinds(kinds: readonly GroupKind[]): GroupKind[] {
  const byKey = new Map(kinds.map((k) => [`${k.group}/${k.kind}`, { group: k.group, kind: k.kind }]));
  return [...byKey.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((key) => byKey.get(key)!);
}
