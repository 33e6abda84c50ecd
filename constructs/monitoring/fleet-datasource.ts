/**
 * The fleet-wide datasource (`monitoring.grafana.fleetDatasource`): a second GrafanaDatasource of the environment's
 * Grafana, to a Prometheus query API that answers for every cluster of the fleet, which the comparison across
 * clusters reads. Its credentials stay out of git: a bearer token, a client certificate (`kubernetes.io/tls`
 * Secret) and a CA bundle are Secrets and a ConfigMap of the stack namespace, created out of band on each cluster,
 * that `valuesFrom` puts into the secure fields ({@link valuesFromPlaceholder}).
 *
 * Who can open this Grafana can query whatever the token or certificate may read, across the fleet.
 */
import { Construct } from 'constructs';
import { GrafanaDatasource, GrafanaDatasourceSpecValuesFrom } from '../../imports/grafanadatasource-grafana.integreatly.org';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { stackLabels } from '../labels';
import { FLEET_DATASOURCE, grafanaInstanceLabels, PROMETHEUS_JSON_DATA, valuesFromPlaceholder } from './grafana-names';

/** The keys of a `kubernetes.io/tls` Secret. */
const TLS_KEYS = { certificate: 'tls.crt', key: 'tls.key' } as const;

export interface FleetDatasourceProps {
  /** The environment's name (labels, the instance selector). */
  readonly environment: string;
  /** The stack namespace of the Grafana instance, where the Secrets and the ConfigMap are. */
  readonly namespace: string;
  /** The query API's base URL (https). */
  readonly url: string;
  /** Secret key holding a bearer token, sent as `Authorization: Bearer <token>`. @default no token */
  readonly bearerTokenSecret?: { readonly name: string; readonly key: string };
  /** A `kubernetes.io/tls` Secret: Grafana's client certificate. @default no client certificate */
  readonly clientCertificateSecret?: { readonly name: string };
  /** ConfigMap key with the PEM CA bundle of the API's certificate. @default Grafana's system roots */
  readonly caBundle?: { readonly configMap: string; readonly key: string };
}

const fromSecret = (targetPath: string, name: string, key: string): GrafanaDatasourceSpecValuesFrom => ({
  targetPath,
  valueFrom: { secretKeyRef: { name, key } },
});

export class FleetDatasource extends Construct {
  constructor(scope: Construct, id: string, props: FleetDatasourceProps) {
    super(scope, id);
    const { bearerTokenSecret: token, clientCertificateSecret: client, caBundle: ca } = props;
    const jsonData: Record<string, unknown> = {
      ...PROMETHEUS_JSON_DATA,
      tlsSkipVerify: false,
      ...(token ? { httpHeaderName1: 'Authorization' } : {}),
      ...(client ? { tlsAuth: true } : {}),
      ...(ca ? { tlsAuthWithCACert: true } : {}),
    };
    const secureJsonData: Record<string, string> = {
      ...(token ? { httpHeaderValue1: `Bearer ${valuesFromPlaceholder(token.key)}` } : {}),
      ...(client ? { tlsClientCert: valuesFromPlaceholder(TLS_KEYS.certificate), tlsClientKey: valuesFromPlaceholder(TLS_KEYS.key) } : {}),
      ...(ca ? { tlsCACert: valuesFromPlaceholder(ca.key) } : {}),
    };
    const valuesFrom: GrafanaDatasourceSpecValuesFrom[] = [
      ...(token ? [fromSecret('secureJsonData.httpHeaderValue1', token.name, token.key)] : []),
      ...(client
        ? [fromSecret('secureJsonData.tlsClientCert', client.name, TLS_KEYS.certificate), fromSecret('secureJsonData.tlsClientKey', client.name, TLS_KEYS.key)]
        : []),
      ...(ca ? [{ targetPath: 'secureJsonData.tlsCACert', valueFrom: { configMapKeyRef: { name: ca.configMap, key: ca.key } } }] : []),
    ];

    new GrafanaDatasource(this, 'Datasource', {
      metadata: {
        name: FLEET_DATASOURCE.name,
        namespace: props.namespace,
        labels: stackLabels('grafana-datasource', props.environment),
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads, options: ['SkipDryRunOnMissingResource=true'] }),
      },
      spec: {
        instanceSelector: { matchLabels: grafanaInstanceLabels(props.environment) },
        uid: FLEET_DATASOURCE.uid,
        datasource: {
          name: FLEET_DATASOURCE.name,
          type: 'prometheus',
          access: 'proxy',
          url: props.url,
          isDefault: false,
          editable: false,
          jsonData,
          ...(Object.keys(secureJsonData).length > 0 ? { secureJsonData } : {}),
        },
        ...(valuesFrom.length > 0 ? { valuesFrom } : {}),
      },
    });
  }
}
