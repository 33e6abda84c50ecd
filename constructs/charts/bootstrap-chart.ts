/**
 * The `bootstrap` folder, outside every Application's path, applied once by hand by a cluster admin (see
 * docs/deploy.md): the grant that lets the ArgoCD controller create what the apps create, the Application
 * health check for OpenShift GitOps (a patch file), and the root Application. A fleet's cluster
 * (`dist/ENV/CLUSTER/bootstrap/`, applied on that cluster) has the grant only, for the ServiceAccount ArgoCD acts as
 * there; the hub's part is the environment's bootstrap/ (./fleet-chart.ts).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ControllerRbac } from '../argocd/controller-rbac';
import { ApplicationHealthCheck } from '../argocd/health-check';
import { eventListenerNamespace, stackNamespaces } from './props';
import { RootApplication } from '../argocd/root-application';
import { consoleDashboardConfigMapNames } from '../monitoring/console-dashboards';
import { rootApplicationName } from '../../domain/names';
import { EventListenerServiceAccount, TRIGGERS_NAMESPACE_CONTROLLER_RULES, triggersClusterBindings } from '../tekton/benchmark-triggers';
import { dispatcherSilencesAlerts, processorConfig } from './props';
import { ClusterBindings } from '../argocd/cluster-bindings';
import { thanosDatasourceClusterBinding } from '../monitoring/thanos-datasource';
import { resultsProcessorBindings } from '../results-processor';
import { benchmarkWindowRuleName } from '../monitoring/benchmark-window';
import { distPath } from './argocd-chart';

export class BootstrapChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    const { argocd, argocdNamespace } = env.config;
    const triggers = env.config.pipelines.triggers.enabled;
    const fleetIdentity = env.cluster?.argocdServiceAccount;
    new ControllerRbac(this, 'ControllerRbac', {
      environment: env.name,
      // on a fleet's cluster ArgoCD acts as its cluster Secret's ServiceAccount
      argocdNamespace: fleetIdentity?.namespace ?? argocdNamespace,
      ...(fleetIdentity ? { controllerServiceAccount: fleetIdentity.name } : {}),
      namespaces: stackNamespaces(env),
      consoleDashboardConfigMaps: env.config.monitoring.dashboards.consoleDashboards ? consoleDashboardConfigMapNames(env.name) : [],
      // the dispatcher's Role and RoleBinding for its benchmark window (benchmarks app)
      servingRoles: dispatcherSilencesAlerts(env) ? [benchmarkWindowRuleName(env.name)] : [],
      ...(triggers ? { triggersNamespaceRules: TRIGGERS_NAMESPACE_CONTROLLER_RULES } : {}),
    });
    // the stack's bindings of ClusterRoles: here, applied by the cluster admin, never by the controller
    const namespace = env.config.namespace;
    new ClusterBindings(this, 'ClusterBindings', {
      environment: env.name,
      bindings: [
        thanosDatasourceClusterBinding(env.name, namespace),
        ...(triggers ? triggersClusterBindings(env.name, { triggers: eventListenerNamespace(env), stack: namespace }) : []),
        ...resultsProcessorBindings(env.name, namespace, processorConfig(env)),
      ],
    });
    if (triggers) new EventListenerServiceAccount(this, 'EventListenerServiceAccount', { environment: env.name, namespace: eventListenerNamespace(env) });
    if (env.cluster) return;
    new ApplicationHealthCheck(this, 'HealthCheck');
    new RootApplication(this, 'Root', {
      name: rootApplicationName(env.name),
      argocdNamespace,
      environment: env.name,
      repoURL: argocd.repoURL,
      targetRevision: argocd.targetRevision,
      path: distPath(env, 'argocd'),
      automated: argocd.automated,
    });
  }
}
