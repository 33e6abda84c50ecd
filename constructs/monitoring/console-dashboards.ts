/**
 * The dashboards as OpenShift console dashboards (Observe → Dashboards), for clusters without the Grafana
 * Operator: one ConfigMap per dashboard in `openshift-config-managed`, labelled `console.openshift.io/dashboard:
 * "true"`, holding the console's reduced Grafana JSON (./dashboards/console-json.ts). That namespace is shared by
 * every environment of the cluster, so the names carry the environment.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { stackLabels } from '../labels';
import { checkName, CONSOLE_DASHBOARDS_NAMESPACE } from '../../domain/names';
import { consoleDashboardJson } from './dashboards/console-json';
import { DashboardSpec } from './dashboards/spec';
import { DASHBOARD_KINDS, StackDashboardKind } from '../../domain/dashboard-uids';

/** The label the console selects them by. */
export const CONSOLE_DASHBOARD_LABEL = { 'console.openshift.io/dashboard': 'true' } as const;

/** ConfigMap name of one console dashboard; throws when it exceeds 63 characters. */
export function consoleDashboardConfigMapName(environment: string, kind: StackDashboardKind): string {
  const name = `grafana-dashboard-llmbench-${environment}-${kind}`;
  const problem = checkName({ kind: 'default', name, what: 'console dashboard ConfigMap name' });
  if (problem) throw new Error(`environment ${environment}: ${problem}`);
  return name;
}

/** The ConfigMap names of every console dashboard of an environment (the ArgoCD controller may write only these). */
export function consoleDashboardConfigMapNames(environment: string): string[] {
  return DASHBOARD_KINDS.map((kind) => consoleDashboardConfigMapName(environment, kind));
}

export interface ConsoleDashboardsProps {
  readonly environment: string;
  readonly dashboards: Record<StackDashboardKind, DashboardSpec>;
}

export class ConsoleDashboards extends Construct {
  constructor(scope: Construct, id: string, props: ConsoleDashboardsProps) {
    super(scope, id);
    for (const [kind, spec] of Object.entries(props.dashboards) as [StackDashboardKind, DashboardSpec][]) {
      new k8s.KubeConfigMap(this, `ConfigMap-${kind}`, {
        metadata: {
          name: consoleDashboardConfigMapName(props.environment, kind),
          namespace: CONSOLE_DASHBOARDS_NAMESPACE,
          labels: { ...stackLabels('dashboards', props.environment), ...CONSOLE_DASHBOARD_LABEL },
          annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage }),
        },
        // the console reads the first data value of the ConfigMap as the dashboard
        data: { [`${spec.uid}.json`]: `${JSON.stringify(consoleDashboardJson(spec), null, 2)}\n` },
      });
    }
  }
}
