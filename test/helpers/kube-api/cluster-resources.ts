/**
 * The resources of an OpenShift cluster on which the stack's operators are installed, as discovery lists them
 * (names, kinds, scopes and verbs as on OpenShift 4.16 with OpenShift GitOps, OpenShift Pipelines and the
 * Grafana Operator v5). A test that plays a cluster without an operator leaves out its group:
 *
 *     startStandInApiServer({ resources: clusterResources({ without: ['tekton.dev'] }) })
 */
import type { ServedResource } from './discovery';

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(group: string, version: string, kind: string, resource: string, namespaced = true): ServedResource {
  return { group, version, resource, singular: kind.toLowerCase(), kind, namespaced, verbs: RW };
}

/** Every resource, by API group. */
export const CLUSTER_RESOURCES: ServedResource[] = [
  resource('', 'v1', 'Namespace', 'namespaces', false),
  resource('', 'v1', 'ConfigMap', 'configmaps'),
  resource('', 'v1', 'Secret', 'secrets'),
  resource('', 'v1', 'Service', 'services'),
  resource('', 'v1', 'ServiceAccount', 'serviceaccounts'),
  resource('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  resource('apps', 'v1', 'Deployment', 'deployments'),
  resource('batch', 'v1', 'CronJob', 'cronjobs'),
  resource('batch', 'v1', 'Job', 'jobs'),
  resource('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  resource('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  resource('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  resource('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  resource('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  resource('route.openshift.io', 'v1', 'Route', 'routes'),
  { group: 'security.openshift.io', version: 'v1', resource: 'podsecuritypolicyreviews', singular: '', kind: 'PodSecurityPolicyReview', namespaced: true, verbs: ['create'] },
  resource('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors'),
  resource('monitoring.coreos.com', 'v1', 'PodMonitor', 'podmonitors'),
  resource('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules'),
  resource('operators.coreos.com', 'v1alpha1', 'Subscription', 'subscriptions'),
  resource('operators.coreos.com', 'v1', 'OperatorGroup', 'operatorgroups'),
  resource('argoproj.io', 'v1alpha1', 'Application', 'applications'),
  resource('argoproj.io', 'v1alpha1', 'AppProject', 'appprojects'),
  resource('tekton.dev', 'v1', 'Task', 'tasks'),
  resource('tekton.dev', 'v1', 'Pipeline', 'pipelines'),
  resource('tekton.dev', 'v1', 'PipelineRun', 'pipelineruns'),
  resource('grafana.integreatly.org', 'v1beta1', 'Grafana', 'grafanas'),
  resource('grafana.integreatly.org', 'v1beta1', 'GrafanaDashboard', 'grafanadashboards'),
  resource('grafana.integreatly.org', 'v1beta1', 'GrafanaDatasource', 'grafanadatasources'),
  resource('grafana.integreatly.org', 'v1beta1', 'GrafanaFolder', 'grafanafolders'),
];

/** The cluster's resources, without the API groups in `without` (operators not installed). */
export function clusterResources({ without = [] }: { without?: string[] } = {}): ServedResource[] {
  return CLUSTER_RESOURCES.filter((r) => !without.includes(r.group));
}
