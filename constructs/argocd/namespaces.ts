/**
 * The namespaces one environment's Applications deploy into: what the AppProject allows as destinations and
 * where the ArgoCD application controller is granted rights.
 */

export { GLOBAL_OPERATORS_NAMESPACE } from '../../domain/names';

/** The namespaces of one environment, by role. */
export interface StackNamespaces {
  /** The stack's own namespace (`namespace`): the destination of every child Application. */
  readonly stack: string;
  /** Where the vLLM endpoints run (`servingNamespace`): ServiceMonitors and alert rules only; not ours. */
  readonly serving: string;
  /**
   * Operator namespaces the stack creates (Namespace, OperatorGroup and Subscription): the Grafana Operator's
   * (`operators.grafana.namespace`) when `operators.grafana.install`, else none.
   */
  readonly ownedOperatorNamespaces: readonly string[];
  /** Operator namespaces that exist on every OpenShift cluster (Subscription only, never an OperatorGroup). */
  readonly sharedOperatorNamespaces: readonly string[];
  /**
   * `openshift-config-managed` when the environment writes OpenShift console dashboards
   * (`monitoring.dashboards.consoleDashboards`): ConfigMaps only; not ours.
   */
  readonly consoleDashboards?: string;
  /**
   * The Tekton Triggers EventListener's own namespace (`pipelines.triggers`), created by the stack: the controller
   * may write Triggers objects and NetworkPolicies there, nothing that runs a pod.
   */
  readonly triggers?: string;
}

/**
 * Every namespace of `ns`, each once, in a stable order: stack, serving, owned operators, shared operators, console
 * dashboards, triggers.
 */
export function allNamespaces(ns: StackNamespaces): string[] {
  return [...new Set([ns.stack, ns.serving, ...ns.ownedOperatorNamespaces, ...ns.sharedOperatorNamespaces, ...(ns.consoleDashboards ? [ns.consoleDashboards] : []), ...(ns.triggers ? [ns.triggers] : [])])];
}
