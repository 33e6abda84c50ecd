/** Configuration of the dashboards (GrafanaDashboard CRs and/or OpenShift console dashboards). */
import { z } from 'zod';

export const dashboardsSchema = z.strictObject({
  /**
   * Write the three dashboards as GrafanaDashboard CRs (and their GrafanaFolder) for the community Grafana Operator
   * that the `operators` app installs.
   */
  grafanaOperator: z.boolean(),
  /**
   * Also write them as OpenShift console dashboards (Observe → Dashboards): ConfigMaps labelled
   * `console.openshift.io/dashboard: "true"` in `openshift-config-managed`, for clusters without the Grafana
   * Operator. The console renders a reduced panel set and queries the Thanos Querier itself (no datasource variable).
   * The ArgoCD AppProject and the controller grant then include `openshift-config-managed` (ConfigMaps only).
   */
  consoleDashboards: z.boolean(),
  /** Dashboard auto-refresh interval, a Grafana duration such as `30s` or `1m`. */
  refresh: z.string().regex(/^[1-9][0-9]*(s|m|h)$/, { message: 'must be a duration such as 30s, 1m or 1h' }),
  /** Default time range shown: the last this-much, a Grafana duration such as `6h` or `2d`. */
  timeRange: z.string().regex(/^[1-9][0-9]*(m|h|d|w)$/, { message: 'must be a duration such as 30m, 6h, 2d or 1w' }),
});

export type DashboardsConfig = z.output<typeof dashboardsSchema>;
