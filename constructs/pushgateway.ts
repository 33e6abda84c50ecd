/**
 * The stack's own Prometheus Pushgateway (`publish.pushgateway: { deploy: true, image }`): the results processor
 * pushes each target's summary there (runtime/processor/publishers/pushgateway.ts, docs/metrics.md) and the
 * cluster's Prometheus (OpenShift user-workload monitoring) scrapes it through a ServiceMonitor.
 *
 * - Deployment, one replica, `Recreate` (the data volume is ReadWriteOnce: a rolling update would wait for a
 *   volume the old pod still holds). Pushes are written to `--persistence.file` on a small PVC, so the last
 *   figures of every target survive a restart. The pod runs under restricted-v2: on OpenShift the SCC gives the
 *   pod an fsGroup from the namespace's range, which makes the volume writable for the arbitrary UID.
 * - Service `pushgateway` on 9091 (port name `http`).
 * - ServiceMonitor with `honorLabels: true`: the pushed `job`, `instance` and grouping labels (`environment`,
 *   `target`) are kept instead of being renamed `exported_*` by the scrape.
 * - NetworkPolicy: port 9091 from the benchmark pods (the results processor pushes from there) and from the
 *   user-workload monitoring namespace (the scrape); any other pod could overwrite or delete published figures.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ServiceMonitor } from '../imports/servicemonitor-monitoring.coreos.com';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../domain/apps';
import { stackLabels, stackSelector } from './labels';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** Object names; stable API (the processor's URL is built from the Service name). */
export const PUSHGATEWAY_NAMES = {
  deployment: 'pushgateway',
  service: 'pushgateway',
  serviceMonitor: 'pushgateway',
  claim: 'pushgateway-data',
  networkPolicy: 'pushgateway',
} as const;

/** Port of the Pushgateway's API and /metrics, in the container and on the Service. */
export const PUSHGATEWAY_PORT = 9091;

/** Where the data volume is mounted and the file the Pushgateway persists its metrics to. */
export const PUSHGATEWAY_DATA_DIR = '/data';
export const PUSHGATEWAY_PERSISTENCE_FILE = `${PUSHGATEWAY_DATA_DIR}/pushgateway.data`;

/** CPU and memory when the props give none: a Pushgateway holding a few thousand series is small. */
export const PUSHGATEWAY_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** The in-cluster URL of the stack's Pushgateway in `namespace` (what the results processor pushes to). */
export function pushgatewayInClusterUrl(namespace: string): string {
  return `http://${PUSHGATEWAY_NAMES.service}.${namespace}.svc:${PUSHGATEWAY_PORT}`;
}

export interface PushgatewayProps {
  /** Environment name (labels). */
  readonly environment: string;
  /** Namespace of the stack. */
  readonly namespace: string;
  /** Pinned Pushgateway image, e.g. `quay.io/prometheus/pushgateway:v1.11.2` (`publish.pushgateway.image`). */
  readonly image: string;
  /**
   * Size of the data volume holding the persistence file.
   * @default '1Gi'
   */
  readonly storageSize?: string;
  /**
   * Storage class of the data volume (ReadWriteOnce).
   * @default the cluster's default storage class
   */
  readonly storageClass?: string;
  /**
   * CPU and memory requests and limits of the container.
   * @default PUSHGATEWAY_DEFAULT_RESOURCES (50m/64Mi requested, 500m/256Mi limit)
   */
  readonly resources?: ContainerResources;
  /**
   * How often the Pushgateway writes its persistence file when something changed (a Go duration).
   * @default '1m'
   */
  readonly persistenceInterval?: string;
  /**
   * Scrape interval of the ServiceMonitor.
   * @default '30s'
   */
  readonly scrapeInterval?: string;
  /**
   * Labels of the pods that push (the benchmark pods, whose last step is the results processor): the NetworkPolicy
   * admits them, and the cluster's user-workload Prometheus, and nothing else.
   */
  readonly publisherPodLabels: Readonly<Record<string, string>>;
}

/** Namespace of OpenShift's user-workload monitoring Prometheus, which scrapes the ServiceMonitor. */
export const USER_WORKLOAD_MONITORING_NAMESPACE = 'openshift-user-workload-monitoring';

/** Deployment, Service, ServiceMonitor and data PVC of the stack's Pushgateway. */
export class Pushgateway extends Construct {
  /** `http://pushgateway.<namespace>.svc:9091`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PushgatewayProps) {
    super(scope, id);
    const { namespace } = props;
    const labels = stackLabels('pushgateway', props.environment);
    const selector = stackSelector('pushgateway', props.environment);
    const metadata = (name: string, wave: number) => ({ name, namespace, labels, annotations: argocdAnnotations({ wave }) });
    this.url = pushgatewayInClusterUrl(namespace);

    new k8s.KubePersistentVolumeClaim(this, 'Data', {
      metadata: metadata(PUSHGATEWAY_NAMES.claim, RESOURCE_SYNC_WAVES.storage),
      spec: {
        // One replica: ReadWriteOnce is enough and available everywhere.
        accessModes: ['ReadWriteOnce'],
        storageClassName: props.storageClass,
        resources: { requests: { storage: k8s.Quantity.fromString(props.storageSize ?? '1Gi') } },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: metadata(PUSHGATEWAY_NAMES.service, RESOURCE_SYNC_WAVES.storage),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: PUSHGATEWAY_PORT, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    const probe = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromString('http') },
      initialDelaySeconds: 5,
      periodSeconds,
      timeoutSeconds: 5,
      failureThreshold,
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(PUSHGATEWAY_NAMES.deployment, RESOURCE_SYNC_WAVES.workloads),
      spec: {
        replicas: 1,
        // The ReadWriteOnce volume can be attached to one pod only: stop the old pod before starting the new one.
        strategy: { type: 'Recreate' },
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            containers: [
              {
                name: 'pushgateway',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  `--web.listen-address=:${PUSHGATEWAY_PORT}`,
                  `--persistence.file=${PUSHGATEWAY_PERSISTENCE_FILE}`,
                  `--persistence.interval=${props.persistenceInterval ?? '1m'}`,
                ],
                ports: [{ name: 'http', containerPort: PUSHGATEWAY_PORT, protocol: 'TCP' }],
                readinessProbe: probe('/-/ready', 10, 3),
                livenessProbe: probe('/-/healthy', 20, 3),
                resources: resourceRequirements(props.resources ?? PUSHGATEWAY_DEFAULT_RESOURCES),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [{ name: 'data', mountPath: PUSHGATEWAY_DATA_DIR }],
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
            ],
            // The Pushgateway writes its persistence file on SIGTERM: give it time.
            terminationGracePeriodSeconds: 30,
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: PUSHGATEWAY_NAMES.claim } }],
          },
        },
      },
    });

    new ServiceMonitor(this, 'ServiceMonitor', {
      metadata: metadata(PUSHGATEWAY_NAMES.serviceMonitor, RESOURCE_SYNC_WAVES.workloads),
      spec: {
        selector: { matchLabels: selector },
        endpoints: [
          {
            port: 'http',
            path: '/metrics',
            interval: props.scrapeInterval ?? '30s',
            // Keep the pushed job/instance/environment/target labels (not exported_job etc.).
            honorLabels: true,
          },
        ],
      },
    });

    // Only the benchmark pods may push (replace or delete published figures) and only Prometheus may scrape
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: metadata(PUSHGATEWAY_NAMES.networkPolicy, RESOURCE_SYNC_WAVES.access),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchLabels: { ...props.publisherPodLabels } } },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': USER_WORKLOAD_MONITORING_NAMESPACE } } },
            ],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(PUSHGATEWAY_PORT) }],
          },
        ],
      },
    });
  }
}
