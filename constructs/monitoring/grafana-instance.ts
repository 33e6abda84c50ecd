/** The Grafana instance of the `monitoring` app, its sign-in and its Thanos Querier datasource. */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { GrafanaCr } from './grafana-cr';
import { ThanosDatasource } from './thanos-datasource';

export interface GrafanaInstanceProps {
  /** The environment whose Grafana this is. */
  readonly env: ResolvedEnvironment;
}

export class GrafanaInstance extends Construct {
  /** The Grafana URL users open. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: GrafanaInstanceProps) {
    super(scope, id);
    this.url = new GrafanaCr(this, 'Instance', { env: props.env }).url;
    new ThanosDatasource(this, 'ThanosDatasource', { env: props.env });
  }
}
