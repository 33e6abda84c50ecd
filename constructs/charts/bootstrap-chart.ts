/**
 * The `bootstrap` folder, outside every Application's path, applied once by hand by a cluster admin (see
 * docs/deploy.md): the grant that lets the ArgoCD controller create what the apps create, the Application
 * health check for OpenShift GitOps (a patch file), and the root Application.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ControllerRbac } from '../argocd/controller-rbac';
import { ApplicationHealthCheck } from '../argocd/health-check';
import { stackNamespaces } from './props';
import { RootApplication } from '../argocd/root-application';
import { consoleDashboardConfigMapNames } from '../monitoring/console-dashboards';
import { clusterMonitoringViewBindingName, resultsGpuMetricsBindingName, resultsMetricsViewBindingName, rootApplicationName } from '../../domain/names';
import { TRIGGERS_EVENTLISTENER_CLUSTERROLES, TRIGGERS_EVENTLISTENER_ROLES, triggerClusterRoleBindingName } from '../tekton/benchmark-triggers';
import { dispatcherSilencesAlerts } from './props';
import { benchmarkWindowRuleName } from '../monitoring/benchmark-window';
import { distPath } from './argocd-chart';

export class BootstrapChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    const { argocd, argocdNamespace } = env.config;
    const triggers = env.config.pipelines.triggers.enabled;
    new ControllerRbac(this, 'ControllerRbac', {
      environment: env.name,
      argocdNamespace,
      namespaces: stackNamespaces(env),
      clusterRoleBindings: [
        clusterMonitoringViewBindingName(env.name),
        ...(triggers ? [triggerClusterRoleBindingName(env.name)] : []),
        // the results processor's DCGM queries (benchmarks app), only with GPU analysis on
        ...(env.config.analysis.enabled && env.config.analysis.gpu.enabled ? [resultsGpuMetricsBindingName(env.name)] : []),
      ],
      // the EventListener's bindings refer to the ClusterRoles Tekton Triggers installs
      bindableClusterRoles: ['cluster-monitoring-view', ...(triggers ? [TRIGGERS_EVENTLISTENER_ROLES, TRIGGERS_EVENTLISTENER_CLUSTERROLES] : [])],
      consoleDashboardConfigMaps: env.config.monitoring.dashboards.consoleDashboards ? consoleDashboardConfigMapNames(env.name) : [],
      // the dispatcher's Role and RoleBinding for its benchmark window (benchmarks app)
      servingRoles: dispatcherSilencesAlerts(env) ? [benchmarkWindowRuleName(env.name)] : [],
      // the results processor's `view` RoleBinding for its Prometheus queries (benchmarks app)
      servingRoleBindings: env.config.analysis.enabled ? [resultsMetricsViewBindingName(env.name)] : [],
      servingBindableClusterRoles: env.config.analysis.enabled ? ['view'] : [],
    });
    new ApplicationHealthCheck(this, 'HealthCheck');
    new RootApplication(this, 'Root', {
      name: rootApplicationName(env.name),
      argocdNamespace,
      environment: env.name,
      repoURL: argocd.repoURL,
      targetRevision: argocd.targetRevision,
      path: distPath(env.name, 'argocd'),
      automated: argocd.automated,
    });
  }
}
