/** The stack's dashboards: GrafanaDashboard CRs in one folder, and optionally OpenShift console dashboards. */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';

export interface DashboardsProps {
  /** The environment whose dashboards these are. */
  readonly env: ResolvedEnvironment;
}

export class Dashboards extends Construct {
  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    void props;
  }
}
