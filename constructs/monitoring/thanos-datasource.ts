/**
 * The Grafana datasource to OpenShift's Thanos Querier, which answers for every metric of the cluster (platform
 * and user workloads). Port 9091 wants a bearer token of a subject allowed to `get` namespaces, which the
 * `cluster-monitoring-view` ClusterRole grants; its certificate is signed by the OpenShift service CA.
 *
 * Objects: ServiceAccount `grafana-datasource` (no pod runs as it), its long-lived token Secret (type
 * `kubernetes.io/service-account-token`, no data in git: the token controller fills `token`), and the
 * GrafanaDatasource; the ClusterRoleBinding `llmbench-<env>-monitoring-view` of `cluster-monitoring-view` to that
 * ServiceAccount only is described by `thanosDatasourceClusterBinding` and applied from bootstrap/. The
 * GrafanaDatasource, whose `valuesFrom` puts the token and the service CA into its secure fields
 * (`${token}` and `${service-ca.crt}` are replaced by the operator; Grafana Operator docs, "Datasource variable").
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GrafanaDatasource } from '../../imports/grafanadatasource-grafana.integreatly.org';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { stackLabels } from '../labels';
import { clusterMonitoringViewBindingName } from '../../domain/names';
import { grafanaInstanceLabels, PROMETHEUS_JSON_DATA, THANOS_DATASOURCE, valuesFromPlaceholder } from './grafana-names';
import type { ClusterBinding } from '../argocd/cluster-bindings';

export const DATASOURCE_NAMES = {
  serviceAccount: 'grafana-datasource',
  tokenSecret: 'grafana-datasource-token',
} as const;

/** The key the token controller writes a ServiceAccount token under. */
const TOKEN_KEY = 'token';

/** OpenShift's ClusterRole for reading all cluster metrics through the Thanos Querier. */
export const CLUSTER_MONITORING_VIEW = 'cluster-monitoring-view';

/** The service CA OpenShift publishes in every namespace (ConfigMap and key). */
export const SERVICE_CA = { configMap: 'openshift-service-ca.crt', key: 'service-ca.crt' } as const;

export interface ThanosDatasourceProps {
  /** The environment's name (labels, the binding's name, the instance selector). */
  readonly environment: string;
  /** The stack namespace of the Grafana instance. */
  readonly namespace: string;
  /** The Thanos Querier URL (`monitoring.grafana.thanosQuerierUrl`). */
  readonly thanosQuerierUrl: string;
}

/** The datasource's `cluster-monitoring-view` binding (rendered in bootstrap/ by a cluster admin: ./argocd/cluster-bindings.ts). */
export function thanosDatasourceClusterBinding(environment: string, namespace: string): ClusterBinding {
  return {
    name: clusterMonitoringViewBindingName(environment),
    clusterRole: CLUSTER_MONITORING_VIEW,
    serviceAccount: { name: DATASOURCE_NAMES.serviceAccount, namespace },
    purpose: "Grafana's Thanos datasource reads cluster metrics (vLLM, DCGM) through the Thanos Querier",
  };
}

export class ThanosDatasource extends Construct {
  constructor(scope: Construct, id: string, props: ThanosDatasourceProps) {
    super(scope, id);
    const { environment, namespace } = props;
    const labels = stackLabels('grafana-datasource', environment);
    const metadata = (name: string, wave: number) => ({ name, namespace, labels, annotations: argocdAnnotations({ wave }) });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: metadata(DATASOURCE_NAMES.serviceAccount, RESOURCE_SYNC_WAVES.access),
      automountServiceAccountToken: false,
    });
    // After the ServiceAccount: the token controller fills a token Secret only for an existing ServiceAccount.
    new k8s.KubeSecret(this, 'TokenSecret', {
      metadata: {
        ...metadata(DATASOURCE_NAMES.tokenSecret, RESOURCE_SYNC_WAVES.storage),
        annotations: { ...argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage }), 'kubernetes.io/service-account.name': DATASOURCE_NAMES.serviceAccount },
      },
      type: 'kubernetes.io/service-account-token',
    });

    new GrafanaDatasource(this, 'Datasource', {
      metadata: {
        name: THANOS_DATASOURCE.name,
        namespace,
        labels,
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads, options: ['SkipDryRunOnMissingResource=true'] }),
      },
      spec: {
        instanceSelector: { matchLabels: grafanaInstanceLabels(environment) },
        uid: THANOS_DATASOURCE.uid,
        datasource: {
          name: THANOS_DATASOURCE.name,
          type: 'prometheus',
          access: 'proxy',
          url: props.thanosQuerierUrl,
          isDefault: true,
          editable: false,
          jsonData: {
            httpHeaderName1: 'Authorization',
            tlsAuthWithCACert: true,
            tlsSkipVerify: false,
            ...PROMETHEUS_JSON_DATA,
          },
          secureJsonData: {
            httpHeaderValue1: `Bearer ${valuesFromPlaceholder(TOKEN_KEY)}`,
            tlsCACert: valuesFromPlaceholder(SERVICE_CA.key),
          },
        },
        valuesFrom: [
          { targetPath: 'secureJsonData.httpHeaderValue1', valueFrom: { secretKeyRef: { name: DATASOURCE_NAMES.tokenSecret, key: TOKEN_KEY } } },
          { targetPath: 'secureJsonData.tlsCACert', valueFrom: { configMapKeyRef: { name: SERVICE_CA.configMap, key: SERVICE_CA.key } } },
        ],
      },
    });
  }
}
