/**
 * The `monitoring` app: the Grafana instance with its Thanos Querier datasource, the dashboards, and, in the
 * serving namespace, the recording rules and SLA alerts (OpenShift user-workload monitoring evaluates a rule only
 * over the series of its own namespace).
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { Dashboards } from '../monitoring/dashboards';
import { GrafanaInstance } from '../monitoring/grafana-instance';
import { ServingAlerts } from '../monitoring/serving-alerts';

export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new GrafanaInstance(this, 'Grafana', { env });
    new Dashboards(this, 'Dashboards', { env });
    new ServingAlerts(this, 'ServingAlerts', { env });
  }
}
