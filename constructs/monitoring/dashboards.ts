/**
 * The stack's dashboards (docs/dashboards.md): vLLM model performance, GPUs (DCGM), model comparison / ROI, as
 * GrafanaDashboard CRs in one folder (`monitoring.dashboards.grafanaOperator`) and/or as OpenShift console
 * dashboards (`monitoring.dashboards.consoleDashboards`).
 */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ConsoleDashboards } from './console-dashboards';
import { stackDashboards } from './dashboards/stack-dashboards';
import { GrafanaDashboards } from './grafana-dashboards';

export interface DashboardsProps {
  /** The environment whose dashboards these are. */
  readonly env: ResolvedEnvironment;
}

export class Dashboards extends Construct {
  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    const { env } = props;
    const settings = env.config.monitoring.dashboards;
    const dashboards = stackDashboards(env);
    if (settings.grafanaOperator) {
      new GrafanaDashboards(this, 'Grafana', { environment: env.name, namespace: env.config.namespace, dashboards });
    }
    if (settings.consoleDashboards) {
      new ConsoleDashboards(this, 'Console', { environment: env.name, dashboards });
    }
  }
}
