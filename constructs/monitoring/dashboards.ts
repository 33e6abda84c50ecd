/**
 * The stack's dashboards (docs/dashboards.md): vLLM model performance, GPUs (DCGM), model comparison / ROI, as
 * GrafanaDashboard CRs in one folder (`monitoring.dashboards.grafanaOperator`) and/or as OpenShift console
 * dashboards (`monitoring.dashboards.consoleDashboards`); in a fleet with a fleet-wide datasource, the comparison
 * across clusters too (Grafana only).
 */
import { Construct } from 'constructs';
import { ConsoleDashboards } from './console-dashboards';
import { DashboardInputs } from './dashboards/spec';
import { grafanaDashboardSpecs, stackDashboards } from './dashboards/stack-dashboards';
import { GrafanaDashboards } from './grafana-dashboards';

export interface DashboardsProps {
  /** What the dashboards show (environment, serving namespace, SLA, targets, refresh and time range). */
  readonly inputs: DashboardInputs;
  /** The stack namespace, where the GrafanaDashboard CRs live. */
  readonly namespace: string;
  /** Write GrafanaDashboard CRs for the Grafana Operator (`monitoring.dashboards.grafanaOperator`). */
  readonly grafanaOperator: boolean;
  /** Write OpenShift console dashboards (`monitoring.dashboards.consoleDashboards`). */
  readonly consoleDashboards: boolean;
}

export class Dashboards extends Construct {
  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    const { inputs } = props;
    if (props.grafanaOperator) {
      new GrafanaDashboards(this, 'Grafana', { environment: inputs.environment, namespace: props.namespace, dashboards: grafanaDashboardSpecs(inputs) });
    }
    if (props.consoleDashboards) {
      new ConsoleDashboards(this, 'Console', { environment: inputs.environment, dashboards: stackDashboards(inputs) });
    }
  }
}
