/**
 * A ServiceMonitor for the vLLM predictors of the serving namespace, for clusters where KServe / OpenShift AI
 * creates none (`monitoring.alerts.vllmServiceMonitor`). vLLM serves `/metrics` on its API port; KServe labels
 * every predictor Service with `serving.kserve.io/inferenceservice`, so the selector is that key's existence.
 * KServe names the Service's port after the runtime container's first port (kserve/kserve
 * pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go, createDefaultSvc), often
 * unnamed: a numeric `port` selects the container port instead.
 */
import { Construct } from 'constructs';
import { ServiceMonitor, ServiceMonitorSpecEndpointsTargetPort } from '../../imports/servicemonitor-monitoring.coreos.com';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
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
  /** The container port (number, `targetPort`) or Service port name (string) serving the API and `/metrics`. */
  readonly port: number | string;
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
        endpoints: [
          {
            ...(typeof props.port === 'number' ? { targetPort: ServiceMonitorSpecEndpointsTargetPort.fromNumber(props.port) } : { port: props.port }),
            path: props.path,
            interval: props.interval,
          },
        ],
      },
    });
  }
}
