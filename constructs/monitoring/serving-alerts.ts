/**
 * What the `monitoring` app puts in the serving namespace: the PrometheusRule (recording rules the dashboards use,
 * SLA alerts that a benchmark window silences) and the vLLM ServiceMonitor where KServe creates none. The window
 * rule itself is written at run time by the dispatcher (see ./benchmark-window.ts).
 */
import { Construct } from 'constructs';
import { ServingRules, ServingRulesProps } from './serving-rules';
import { VllmServiceMonitorProps, VllmServiceMonitor } from './vllm-service-monitor';

export interface ServingAlertsProps extends ServingRulesProps {
  /** The vLLM ServiceMonitor to write, where KServe creates none. @default none */
  readonly vllmServiceMonitor?: Omit<VllmServiceMonitorProps, 'environment' | 'namespace'>;
}

export class ServingAlerts extends Construct {
  constructor(scope: Construct, id: string, props: ServingAlertsProps) {
    super(scope, id);
    const { vllmServiceMonitor, ...rules } = props;
    new ServingRules(this, 'Rules', rules);
    if (vllmServiceMonitor) new VllmServiceMonitor(this, 'VllmServiceMonitor', { environment: props.environment, namespace: props.servingNamespace, ...vllmServiceMonitor });
  }
}
