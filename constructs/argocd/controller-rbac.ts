/**
 * The minimal grant for the OpenShift GitOps default instance's application controller to create what the
 * environment's Applications create. Written to `dist/ENV/bootstrap/` and applied once by hand, by a cluster
 * admin: the controller cannot grant itself these rights.
 *
 * - cluster-wide (ClusterRole + ClusterRoleBinding): create Namespaces, and update/delete only the stack's
 *   own. No ClusterRoleBindings and no `bind`: RBAC cannot limit which subjects a binding names, so whoever could
 *   put YAML into the synced path could bind those roles to anyone; the stack's bindings of ClusterRoles
 *   (./cluster-bindings.ts) are written to bootstrap/ beside this grant and applied by the same cluster admin;
 * - OLM objects in the operator namespaces: Subscriptions in each, OperatorGroups only where the stack owns the
 *   namespace (a second OperatorGroup in `openshift-operators` would break every operator installed there);
 * - the stack namespace: the `admin` ClusterRole (with the Grafana and Tekton kinds OLM and OpenShift Pipelines
 *   aggregate into it) and `monitoring-edit` (ServiceMonitors, PrometheusRules);
 * - the serving namespace (not ours): `monitoring-edit`, and, when an app grants the dispatcher its benchmark-window
 *   rights there, create Roles and RoleBindings and change only those named (the API server lets the controller
 *   write a Role, and bind it, only with rights it holds itself: monitoring-edit covers PrometheusRules);
 * - the EventListener's namespace (`pipelines.triggers`): its Triggers objects and NetworkPolicy only — nothing
 *   that runs a pod, so no one but Triggers' controller starts a pod as the EventListener's ServiceAccount;
 * - `openshift-config-managed` (not ours), only with console dashboards: a Role to create ConfigMaps and to
 *   update/delete only the environment's console dashboard ConfigMaps (reads come with the instance's
 *   cluster-wide view, like everywhere else).
 *
 * Ordering: a RoleBinding needs its namespace. The namespaces the stack owns are therefore written here too,
 * identical in name to the ones the `operators` app manages (which adopts them on its first sync); `oc apply -f`
 * on a folder applies files in name order, `namespace-*` before `rolebinding-*`. The serving namespace and
 * `openshift-operators` must exist already.
 */
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { checkName, gitopsAccessName } from '../../domain/names';
import { PART_OF, stackLabels } from '../labels';
import { StackNamespaces } from './namespaces';

/** The application controller of OpenShift GitOps' default instance (`openshift-gitops`). */
export const DEFAULT_CONTROLLER_SERVICE_ACCOUNT = 'openshift-gitops-argocd-application-controller';

/** OpenShift's ClusterRole for ServiceMonitors, PodMonitors and PrometheusRules of user workloads. */
export const MONITORING_EDIT_ROLE = 'monitoring-edit';

export interface ControllerRbacProps {
  /** Environment name: part of every object name (several environments may share a cluster). */
  readonly environment: string;
  /** Namespace of the ArgoCD instance (holds the controller's ServiceAccount). */
  readonly argocdNamespace: string;
  /** The namespaces the Applications deploy into. */
  readonly namespaces: StackNamespaces;
  /**
   * The controller's ServiceAccount.
   * @default DEFAULT_CONTROLLER_SERVICE_ACCOUNT
   */
  readonly controllerServiceAccount?: string;
  /**
   * Roles and RoleBindings (same names) the Applications create in the serving namespace: the controller may
   * create Roles and RoleBindings there and update or delete only these.
   * @default []
   */
  readonly servingRoles?: readonly string[];
  /**
   * Write the Namespaces the stack owns, so the RoleBindings in them can be applied in the same `oc apply`.
   * @default true
   */
  readonly createOwnedNamespaces?: boolean;
  /**
   * ConfigMaps the Applications write in `namespaces.consoleDashboards` (console dashboards): the controller may
   * create ConfigMaps there and update/delete only these.
   * @default none (no grant there)
   */
  readonly consoleDashboardConfigMaps?: readonly string[];
  /**
   * What the Applications write in `namespaces.triggers` (its construct says: ../tekton/benchmark-triggers.ts); the
   * controller gets exactly that there, with NetworkPolicies.
   * @default none (no grant there)
   */
  readonly triggersNamespaceRules?: readonly k8s.PolicyRule[];
}

const OLM_GROUP = 'operators.coreos.com';
const WRITE = ['create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];

export class ControllerRbac extends Construct {
  /** Names of every object written, for tests and the deploy guide. */
  readonly names: string[] = [];

  constructor(scope: Construct, id: string, props: ControllerRbacProps) {
    super(scope, id);
    const env = props.environment;
    const ns = props.namespaces;
    const labels = stackLabels('argocd-access', env);
    const subject = { kind: 'ServiceAccount', name: props.controllerServiceAccount ?? DEFAULT_CONTROLLER_SERVICE_ACCOUNT, namespace: props.argocdNamespace };
    const ownedNamespaces = [...new Set([ns.stack, ...(ns.triggers ? [ns.triggers] : []), ...ns.ownedOperatorNamespaces])];
    const name = (what: string) => {
      const full = gitopsAccessName(env, what);
      const problem = checkName({ kind: 'default', name: full, what: 'ArgoCD controller RBAC name' });
      if (problem) throw new Error(`environment ${env}: ${problem}`);
      this.names.push(full);
      return full;
    };

    if (props.createOwnedNamespaces ?? true) {
      for (const namespace of ownedNamespaces) {
        new k8s.KubeNamespace(this, `Namespace-${namespace}`, {
          metadata: {
            name: namespace,
            // the stack namespace carries the same labels as in the operators app; an operator namespace may be
            // shared by several environments, so it carries no environment label
            labels: namespace === ns.stack || namespace === ns.triggers ? stackLabels('namespace', env) : { 'app.kubernetes.io/part-of': PART_OF, 'app.kubernetes.io/managed-by': 'cdk8s' },
          },
        });
      }
    }

    const clusterName = name('cluster');
    new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: clusterName, labels },
      rules: [
        // create cannot be limited by name (the object has none yet); everything else can
        { apiGroups: [''], resources: ['namespaces'], verbs: ['create'] },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: ownedNamespaces },
      ],
    });
    new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: clusterName, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterName },
      subjects: [subject],
    });

    const subscriptionsRole = name('subscriptions');
    new k8s.KubeClusterRole(this, 'SubscriptionsRole', {
      metadata: { name: subscriptionsRole, labels },
      rules: [{ apiGroups: [OLM_GROUP], resources: ['subscriptions'], verbs: [...READ, ...WRITE] }],
    });
    // no owned operator namespace (operators.grafana.install: false): no OperatorGroup anywhere, so no role for it
    const operatorGroupsRole = ns.ownedOperatorNamespaces.length > 0 ? name('operatorgroups') : undefined;
    if (operatorGroupsRole) {
      new k8s.KubeClusterRole(this, 'OperatorGroupsRole', {
        metadata: { name: operatorGroupsRole, labels },
        rules: [{ apiGroups: [OLM_GROUP], resources: ['operatorgroups'], verbs: [...READ, ...WRITE] }],
      });
    }

    const servingRoles = ns.serving === ns.stack ? [] : [...(props.servingRoles ?? [])];
    const servingRbacRole = servingRoles.length > 0 ? name('serving-rbac') : undefined;
    if (servingRbacRole) {
      const rbac = 'rbac.authorization.k8s.io';
      new k8s.KubeRole(this, 'ServingRbacRole', {
        metadata: { name: servingRbacRole, namespace: ns.serving, labels },
        rules: [
          { apiGroups: [rbac], resources: ['roles', 'rolebindings'], verbs: ['create'] },
          { apiGroups: [rbac], resources: ['roles', 'rolebindings'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: servingRoles },
        ],
      });
    }

    // RoleBinding names differ by purpose, so no two share a name (dist/ files are named <kind>-<name>.yaml)
    const bindings: { name: string; namespace: string; role: string; kind?: 'Role' }[] = [
      { name: name('admin'), namespace: ns.stack, role: 'admin' },
      { name: name('monitoring-edit'), namespace: ns.stack, role: MONITORING_EDIT_ROLE },
      ...(ns.serving === ns.stack ? [] : [{ name: name('serving-monitoring'), namespace: ns.serving, role: MONITORING_EDIT_ROLE }]),
      ...(servingRbacRole ? [{ name: servingRbacRole, namespace: ns.serving, role: servingRbacRole, kind: 'Role' as const }] : []),
      ...ns.ownedOperatorNamespaces.flatMap((namespace) => [
        { name: subscriptionsRole, namespace, role: subscriptionsRole },
        ...(operatorGroupsRole ? [{ name: operatorGroupsRole, namespace, role: operatorGroupsRole }] : []),
      ]),
      ...ns.sharedOperatorNamespaces.map((namespace) => ({ name: name('global-subscriptions'), namespace, role: subscriptionsRole })),
    ];
    for (const binding of bindings) {
      new k8s.KubeRoleBinding(this, `RoleBinding-${binding.namespace}-${binding.name}`, {
        metadata: { name: binding.name, namespace: binding.namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: binding.kind ?? 'ClusterRole', name: binding.role },
        subjects: [subject],
      });
    }

    if (ns.triggers && props.triggersNamespaceRules?.length) {
      // Triggers objects and the NetworkPolicy, nothing that runs a pod: the EventListener's ServiceAccount and its
      // rights come from bootstrap/ (../tekton/benchmark-triggers.ts), so the controller grants nothing there either.
      const triggersName = name('triggers');
      new k8s.KubeRole(this, 'TriggersRole', {
        metadata: { name: triggersName, namespace: ns.triggers, labels },
        rules: [
          ...props.triggersNamespaceRules.map((r) => ({ ...r })),
          { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: [...READ, ...WRITE] },
        ],
      });
      new k8s.KubeRoleBinding(this, 'TriggersRoleBinding', {
        metadata: { name: triggersName, namespace: ns.triggers, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: triggersName },
        subjects: [subject],
      });
    }

    const consoleConfigMaps = props.consoleDashboardConfigMaps ?? [];
    if (ns.consoleDashboards && consoleConfigMaps.length > 0) {
      const consoleName = name('console-dashboards');
      new k8s.KubeRole(this, 'ConsoleDashboardsRole', {
        metadata: { name: consoleName, namespace: ns.consoleDashboards, labels },
        rules: [
          { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
          { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: [...consoleConfigMaps] },
        ],
      });
      new k8s.KubeRoleBinding(this, 'ConsoleDashboardsRoleBinding', {
        metadata: { name: consoleName, namespace: ns.consoleDashboards, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: consoleName },
        subjects: [subject],
      });
    }
  }
}
