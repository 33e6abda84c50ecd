/** The Grafana instance of the `monitoring` app, its sign-in and its Thanos Querier datasource. */
import { Construct } from 'constructs';
import { GrafanaCr, GrafanaCrProps } from './grafana-cr';
import { ThanosDatasource } from './thanos-datasource';

/** The instance's settings; its datasource queries `grafana.thanosQuerierUrl`. */
export type GrafanaInstanceProps = GrafanaCrProps;

export class GrafanaInstance extends Construct {
  /** The Grafana URL users open. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: GrafanaInstanceProps) {
    super(scope, id);
    this.url = new GrafanaCr(this, 'Instance', props).url;
    new ThanosDatasource(this, 'ThanosDatasource', { environment: props.environment, namespace: props.namespace, thanosQuerierUrl: props.grafana.thanosQuerierUrl });
  }
}
