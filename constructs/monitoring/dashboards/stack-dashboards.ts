/** The dashboards of one environment, as specs (the renderers and tests share them). */
import { gpuDashboard } from './gpu';
import { fleetComparisonDashboard, modelComparisonDashboard } from './model-comparison';
import { DashboardInputs, DashboardSpec } from './spec';
import { DashboardKind, StackDashboardKind } from '../../../domain/dashboard-uids';
import { vllmPerformanceDashboard } from './vllm-performance';

/** The stack's dashboards (Grafana and console) in the order they are written, keyed by kind (also the object name suffix). */
export function stackDashboards(d: DashboardInputs): Record<StackDashboardKind, DashboardSpec> {
  return {
    vllm: vllmPerformanceDashboard(d),
    gpu: gpuDashboard(d),
    roi: modelComparisonDashboard(d),
  };
}

/** What Grafana shows: the stack's dashboards, then, with a fleet-wide datasource, the comparison across clusters. */
export function grafanaDashboardSpecs(d: DashboardInputs): Partial<Record<DashboardKind, DashboardSpec>> {
  return { ...stackDashboards(d), ...(d.fleet === undefined ? {} : { fleet: fleetComparisonDashboard(d, d.fleet) }) };
}
