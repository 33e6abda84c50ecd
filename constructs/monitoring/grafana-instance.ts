/** The Grafana instance of the `monitoring` app, its sign-in, its Thanos Querier datasource and, in a fleet, its fleet-wide datasource. */
import { Construct } from 'constructs';
import { GrafanaCr, GrafanaCrProps } from './grafana-cr';
import { FleetDatasource } from './fleet-datasource';
import { ThanosDatasource } from './thanos-datasource';

/** The instance's settings; its datasource queries `grafana.thanosQuerierUrl`, its fleet datasource `grafana.fleetDatasource`. */
export type GrafanaInstanceProps = GrafanaCrProps;

export class GrafanaInstance extends Construct {
  /** The Grafana URL users open. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: GrafanaInstanceProps) {
    super(scope, id);
    this.url = new GrafanaCr(this, 'Instance', props).url;
    new ThanosDatasource(this, 'ThanosDatasource', { environment: props.environment, namespace: props.namespace, thanosQuerierUrl: props.grafana.thanosQuerierUrl });
    const fleet = props.grafana.fleetDatasource;
    if (fleet) new FleetDatasource(this, 'FleetDatasource', { environment: props.environment, namespace: props.namespace, ...fleet });
  }
}
