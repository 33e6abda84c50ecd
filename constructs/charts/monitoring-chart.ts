/**
 * The `monitoring` app: the Grafana instance with its Thanos Querier datasource, the dashboards, and, in the
 * serving namespace, the recording rules and SLA alerts (OpenShift user-workload monitoring evaluates a rule only
 * over the series of its own namespace).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { Dashboards } from '../monitoring/dashboards';
import { DashboardInputs } from '../monitoring/dashboards/spec';
import { GrafanaInstance, GrafanaInstanceProps } from '../monitoring/grafana-instance';
import { FLEET_DATASOURCE } from '../monitoring/grafana-names';
import { ServingAlerts, ServingAlertsProps } from '../monitoring/serving-alerts';
import { StackAlerts, StackAlertsProps } from '../monitoring/stack-alerts';
import { longestGapSeconds } from '../../config/cron';
import { runSeconds } from '../dispatcher';
import { benchmarkJobProps } from './props';

export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new GrafanaInstance(this, 'Grafana', grafanaProps(env));
    const { grafanaOperator, consoleDashboards } = env.config.monitoring.dashboards;
    new Dashboards(this, 'Dashboards', { inputs: dashboardInputs(env), namespace: env.config.namespace, grafanaOperator, consoleDashboards });
    new ServingAlerts(this, 'ServingAlerts', servingAlertsProps(env));
    if (env.config.monitoring.alerts.enabled && env.targets.length > 0) new StackAlerts(this, 'StackAlerts', stackAlertsProps(env));
  }
}

/** The environment's slice the stack's own alerts are built from: its schedule, its longest run, its Pushgateway. */
export function stackAlertsProps(env: ResolvedEnvironment): StackAlertsProps {
  const { namespace, schedule, timeZone, publish } = env.config;
  return {
    environment: env.name,
    namespace,
    scheduleGapSeconds: longestGapSeconds(schedule, timeZone),
    runSeconds: runSeconds(env.targets.map((t) => benchmarkJobProps(env, t))),
    pushgateway: publish.pushgateway !== false && 'deploy' in publish.pushgateway,
  };
}

/** The environment's slice the Grafana instance and its datasource are built from. */
export function grafanaProps(env: ResolvedEnvironment): GrafanaInstanceProps {
  const { name: environment, config } = env;
  return {
    environment,
    namespace: config.namespace,
    appsDomain: config.appsDomain,
    grafana: config.monitoring.grafana,
    oauthProxy: config.oauthProxy,
    operatorNamespace: config.operators.grafana.namespace,
  };
}

/** The environment's slice the dashboards are built from. */
export function dashboardInputs(env: ResolvedEnvironment): DashboardInputs {
  const { servingNamespace, sla, monitoring } = env.config;
  return {
    environment: env.name,
    servingNamespace,
    sla,
    refresh: monitoring.dashboards.refresh,
    timeRange: monitoring.dashboards.timeRange,
    targets: env.targets.map((t) => t.name),
    ...(env.cluster ? { cluster: env.cluster.name } : {}),
    ...(env.cluster && monitoring.grafana.fleetDatasource ? { fleet: { ...env.cluster.fleet, datasource: FLEET_DATASOURCE } } : {}),
  };
}

/** The environment's slice the serving namespace's rules and ServiceMonitor are built from. */
export function servingAlertsProps(env: ResolvedEnvironment): ServingAlertsProps {
  const { vllmServiceMonitor, ...alerts } = env.config.monitoring.alerts;
  const { enabled, ...monitor } = vllmServiceMonitor;
  return {
    environment: env.name,
    servingNamespace: env.config.servingNamespace,
    sla: env.config.sla,
    alerts,
    ...(enabled ? { vllmServiceMonitor: monitor } : {}),
  };
}
