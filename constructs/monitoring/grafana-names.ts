/**
 * Names that tie the Grafana CRs together: the labels of the Grafana CR that every GrafanaDashboard,
 * GrafanaDatasource and GrafanaFolder selects with `instanceSelector`, and the datasource the dashboards default to.
 */
import { LABEL_PREFIX } from '../../domain/names';

/** Labels on the environment's Grafana CR; `instanceSelector.matchLabels` of every other Grafana CR. */
export function grafanaInstanceLabels(environment: string): Record<string, string> {
  return { [`${LABEL_PREFIX}/grafana`]: environment };
}

/** The Thanos Querier datasource (GrafanaDatasource `spec.datasource`): dashboards default to it by uid. */
export const THANOS_DATASOURCE = {
  /** GrafanaDatasource object name and datasource name shown in Grafana. */
  name: 'thanos-querier',
  /** Datasource uid in Grafana; stable API, dashboards reference it. */
  uid: 'llmbench-thanos-querier',
} as const;

/** The Grafana folder (GrafanaFolder) holding the stack's dashboards. */
export const DASHBOARD_FOLDER = { name: 'llm-benchmarks', title: 'LLM benchmarks' } as const;

/** The fleet-wide datasource (`monitoring.grafana.fleetDatasource`): the comparison across clusters defaults to it. */
export const FLEET_DATASOURCE = {
  /** GrafanaDatasource object name and datasource name shown in Grafana. */
  name: 'fleet-metrics',
  /** Datasource uid in Grafana; stable API, the fleet dashboard references it. */
  uid: 'llmbench-fleet-metrics',
} as const;

/** What both Prometheus datasources of the stack set in `jsonData`: POST queries, Thanos' API, the scrape interval. */
export const PROMETHEUS_JSON_DATA = { httpMethod: 'POST', prometheusType: 'Thanos', timeInterval: '30s' } as const;

/**
 * `${key}`: what the Grafana Operator replaces, in a GrafanaDatasource field that `valuesFrom` targets, by the
 * referenced Secret or ConfigMap key's value (Grafana Operator docs, "Datasource variable"): values stay out of git.
 */
export function valuesFromPlaceholder(key: string): string {
  return `\${${key}}`;
}
