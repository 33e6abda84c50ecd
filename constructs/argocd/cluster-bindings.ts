/**
 * The stack's ClusterRoleBindings, written to `dist/ENV/bootstrap/` and applied once by a cluster admin — never
 * by ArgoCD: RBAC cannot limit which subjects a binding names, so a controller allowed to create
 * ClusterRoleBindings and `bind` a ClusterRole could hand that role to anyone whose YAML reaches the synced path.
 * Each binding is described by the construct that needs it (`*ClusterBinding()` functions) and only rendered here,
 * with the ClusterRole when the stack defines its rules.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { stackLabels } from '../labels';

/**
 * One binding of a ClusterRole to one ServiceAccount, and why the stack needs it: a ClusterRoleBinding, or with
 * `namespace` a RoleBinding in that namespace.
 */
export interface ClusterBinding {
  readonly name: string;
  readonly clusterRole: string;
  /** Grant the role in this namespace only (a RoleBinding). @default cluster-wide (a ClusterRoleBinding) */
  readonly namespace?: string;
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** What needs it (the binding's `llmbench.io/purpose` annotation). */
  readonly purpose: string;
  /**
   * The rules of `clusterRole` when the stack defines it: rendered as a ClusterRole of that name beside the binding.
   * @default an existing ClusterRole (OpenShift's or an operator's), not rendered
   */
  readonly rules?: readonly k8s.PolicyRule[];
}

export interface ClusterBindingsProps {
  readonly environment: string;
  readonly bindings: readonly ClusterBinding[];
}

export class ClusterBindings extends Construct {
  constructor(scope: Construct, id: string, props: ClusterBindingsProps) {
    super(scope, id);
    const labels = stackLabels('cluster-access', props.environment);
    for (const b of props.bindings) {
      if (b.rules) {
        new k8s.KubeClusterRole(this, `role-${b.clusterRole}`, {
          metadata: { name: b.clusterRole, labels, annotations: { 'llmbench.io/purpose': b.purpose } },
          rules: b.rules.map((r) => ({ ...r })),
        });
      }
      const spec = {
        metadata: { name: b.name, ...(b.namespace ? { namespace: b.namespace } : {}), labels, annotations: { 'llmbench.io/purpose': b.purpose } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: b.clusterRole },
        subjects: [{ kind: 'ServiceAccount', name: b.serviceAccount.name, namespace: b.serviceAccount.namespace }],
      };
      if (b.namespace) new k8s.KubeRoleBinding(this, `${b.namespace}-${b.name}`, spec);
      else new k8s.KubeClusterRoleBinding(this, b.name, spec);
    }
  }
}
