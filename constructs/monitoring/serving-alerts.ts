/**
 * What the `monitoring` app puts in the serving namespace: the PrometheusRule (recording rules the dashboards use,
 * SLA alerts that a benchmark window silences) and the vLLM ServiceMonitor where KServe creates none. The window
 * rule itself is written at run time by the dispatcher (see ./benchmark-window.ts).
 */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ServingRules } from './serving-rules';
import { VllmServiceMonitor } from './vllm-service-monitor';

export interface ServingAlertsProps {
  /** The environment whose serving namespace this is. */
  readonly env: ResolvedEnvironment;
}

export class ServingAlerts extends Construct {
  constructor(scope: Construct, id: string, props: ServingAlertsProps) {
    super(scope, id);
    const { env } = props;
    new ServingRules(this, 'Rules', { env });
    const { enabled, ...monitor } = env.config.monitoring.alerts.vllmServiceMonitor;
    if (enabled) new VllmServiceMonitor(this, 'VllmServiceMonitor', { environment: env.name, namespace: env.config.servingNamespace, ...monitor });
  }
}
