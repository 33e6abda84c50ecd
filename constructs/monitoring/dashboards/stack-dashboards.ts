/** The stack's three dashboards of one environment, as specs (the renderers and tests share them). */
import { ResolvedEnvironment } from '../../../config/resolve';
import { gpuDashboard } from './gpu';
import { modelComparisonDashboard } from './model-comparison';
import { DashboardSpec } from './spec';
import { DashboardKind } from '../../../domain/dashboard-uids';
import { vllmPerformanceDashboard } from './vllm-performance';

/** The dashboards in the order they are written, keyed by kind (also the object name suffix). */
export function stackDashboards(env: ResolvedEnvironment): Record<DashboardKind, DashboardSpec> {
  return {
    vllm: vllmPerformanceDashboard(env),
    gpu: gpuDashboard(env),
    roi: modelComparisonDashboard(env),
  };
}
