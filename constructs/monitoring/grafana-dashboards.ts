/**
 * The dashboards as Grafana Operator custom resources in the stack namespace: one GrafanaFolder and one
 * GrafanaDashboard per dashboard (`spec.json`), each selecting the environment's Grafana CR by its labels
 * (`instanceSelector.matchLabels` = {@link grafanaInstanceLabels}). The CRDs arrive with the Grafana Operator of the
 * `operators` app, hence `SkipDryRunOnMissingResource`; the dashboard JSON is large, hence server-side apply.
 */
import { Construct } from 'constructs';
import { GrafanaDashboard } from '../../imports/grafanadashboard-grafana.integreatly.org';
import { GrafanaFolder } from '../../imports/grafanafolder-grafana.integreatly.org';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { stackLabels } from '../labels';
import { grafanaDashboardJson } from './dashboards/grafana-json';
import { DashboardSpec } from './dashboards/spec';
import { DashboardKind } from '../../domain/dashboard-uids';
import { DASHBOARD_FOLDER, grafanaInstanceLabels } from './grafana-names';

/** GrafanaDashboard object names by dashboard; stable API. */
export const GRAFANA_DASHBOARD_NAMES: Record<DashboardKind, string> = {
  vllm: 'vllm-performance',
  gpu: 'gpu-dcgm',
  roi: 'model-comparison',
  fleet: 'model-comparison-fleet',
};

/** The Grafana folder uid of an environment (shorter than its dashboards' uids, so within Grafana's 40). */
export function folderUid(environment: string): string {
  return `llmbench-${environment}`;
}

export interface GrafanaDashboardsProps {
  /** Environment name: labels, folder uid, instance selector. */
  readonly environment: string;
  /** The stack namespace, where the Grafana CR lives. */
  readonly namespace: string;
  /** The dashboards, by kind. */
  readonly dashboards: Partial<Record<DashboardKind, DashboardSpec>>;
}

export class GrafanaDashboards extends Construct {
  constructor(scope: Construct, id: string, props: GrafanaDashboardsProps) {
    super(scope, id);
    const labels = stackLabels('dashboards', props.environment);
    const instanceSelector = { matchLabels: grafanaInstanceLabels(props.environment) };
    const options = ['SkipDryRunOnMissingResource=true', 'ServerSideApply=true'] as const;

    new GrafanaFolder(this, 'Folder', {
      metadata: {
        name: DASHBOARD_FOLDER.name,
        namespace: props.namespace,
        labels,
        // before the dashboards that reference it
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage, options: [...options] }),
      },
      spec: { instanceSelector, title: DASHBOARD_FOLDER.title, uid: folderUid(props.environment) },
    });

    for (const [kind, spec] of Object.entries(props.dashboards) as [DashboardKind, DashboardSpec][]) {
      new GrafanaDashboard(this, `Dashboard-${kind}`, {
        metadata: {
          name: GRAFANA_DASHBOARD_NAMES[kind],
          namespace: props.namespace,
          labels,
          annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads, options: [...options] }),
        },
        spec: {
          instanceSelector,
          folderRef: DASHBOARD_FOLDER.name,
          uid: spec.uid,
          json: `${JSON.stringify(grafanaDashboardJson(spec), null, 2)}\n`,
        },
      });
    }
  }
}
