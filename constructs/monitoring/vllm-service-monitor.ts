/**
 * A ServiceMonitor for the vLLM predictors of the serving namespace, for clusters where KServe / OpenShift AI
 * creates none (`monitoring.alerts.vllmServiceMonitor`). vLLM serves `/metrics` on its API port; KServe labels
 * every predictor Service with `serving.kserve.io/inferenceservice`, so the selector is that key's existence.
 */
import { Construct } from 'constructs';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../argocd/sync';
import { stackLabels } from '../labels';

/** Name of the ServiceMonitor in the serving namespace. */
export function vllmServiceMonitorName(environment: string): string {
  return `llmbench-${environment}-vllm`;
}

export interface VllmServiceMonitorProps {
  /** Environment name, for the object name and labels. */
  readonly environment: string;
  /** Where the vLLM predictors run. */
  readonly namespace: string;
  /** Name of the Service port serving the API and `/metrics`. */
  readonly port: string;
  /** Metrics path. */
  readonly path: string;
  /** Scrape interval. */
  readonly interval: string;
  /** Label key every vLLM predictor Service carries (any value). */
  readonly selectorLabel: string;
}

export class VllmServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: VllmServiceMonitorProps) {
    super(scope, id);
    new ServiceMonitor(this, 'Resource', {
      metadata: {
        name: vllmServiceMonitorName(props.environment),
        namespace: props.namespace,
        labels: stackLabels('vllm-metrics', props.environment),
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads }),
      },
      spec: {
        selector: { matchExpressions: [{ key: props.selectorLabel, operator: 'Exists' }] },
        namespaceSelector: { matchNames: [props.namespace] },
        endpoints: [{ port: props.port, path: props.path, interval: props.interval }],
      },
    });
  }
}
