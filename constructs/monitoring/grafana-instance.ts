/** The Grafana instance of the `monitoring` app, its sign-in and its Thanos Querier datasource. */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';

export interface GrafanaInstanceProps {
  /** The environment whose Grafana this is. */
  readonly env: ResolvedEnvironment;
}

export class GrafanaInstance extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaInstanceProps) {
    super(scope, id);
    void props;
  }
}
