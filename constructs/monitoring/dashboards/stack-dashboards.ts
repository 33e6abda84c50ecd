/** The stack's three dashboards of one environment, as specs (the renderers and tests share them). */
import { gpuDashboard } from './gpu';
import { modelComparisonDashboard } from './model-comparison';
import { DashboardInputs, DashboardSpec } from './spec';
import { DashboardKind } from '../../../domain/dashboard-uids';
import { vllmPerformanceDashboard } from './vllm-performance';

/** The dashboards in the order they are written, keyed by kind (also the object name suffix). */
export function stackDashboards(d: DashboardInputs): Record<DashboardKind, DashboardSpec> {
  return {
    vllm: vllmPerformanceDashboard(d),
    gpu: gpuDashboard(d),
    roi: modelComparisonDashboard(d),
  };
}
