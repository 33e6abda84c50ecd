/**
 * A dashboard as data: variables, rows of panels, each panel with its PromQL queries. Two renderers turn one spec
 * into Grafana JSON (`grafana-json.ts`, with the grafana-foundation-sdk builders) and into an OpenShift console
 * dashboard (`console-json.ts`), so both show the same queries; tests read the queries from here.
 *
 * Template variables are written `${name}` in queries; the console renderer rewrites them to its `$name` form.
 */

import type { SlaTiers } from '../../../domain/sla';

/** What the stack's dashboards are built from: the environment's slice that the monitoring chart hands over. */
export interface DashboardInputs {
  /** Environment name: uids, titles, tags and the results' `environment` label. */
  readonly environment: string;
  /** Namespace of the vLLM servers and their GPUs (series selectors). */
  readonly servingNamespace: string;
  /** SLA tiers: the panels' threshold colours. */
  readonly sla: SlaTiers;
  /** Auto-refresh interval (Grafana duration). */
  readonly refresh: string;
  /** Default time range: the last this-much (Grafana duration). */
  readonly timeRange: string;
  /** Target names, in configuration order: the comparison dashboard's variable. */
  readonly targets: readonly string[];
  /** The fleet cluster these dashboards are on: the comparison dashboard reads only its results. @default none (a single-cluster environment) */
  readonly cluster?: string;
  /**
   * The whole fleet, when a fleet-wide datasource answers for all its clusters: adds the comparison across clusters
   * (Grafana only). @default none
   */
  readonly fleet?: FleetDashboardInputs;
}

/** What the comparison across clusters offers: the fleet's clusters and every target of any of them. */
export interface FleetDashboardInputs {
  readonly clusters: readonly string[];
  readonly targets: readonly string[];
  /** The Grafana datasource answering for the whole fleet. */
  readonly datasource: DatasourceRef;
}

/** A Grafana datasource by name (shown) and uid (referenced). */
export interface DatasourceRef {
  readonly name: string;
  readonly uid: string;
}

/** One PromQL query of a panel. */
export interface QuerySpec {
  /** PromQL; may use `${variable}` of the dashboard's variables. */
  readonly expr: string;
  /** Series name in the legend, Grafana `{{label}}` syntax. */
  readonly legend: string;
  /**
   * Instant query (the value now) rather than a range over the time picker.
   * @default false, except for stat and table panels
   */
  readonly instant?: boolean;
}

/** Colour steps: the base colour, then each step from its value up. */
export interface ThresholdStep {
  readonly value: number;
  readonly color: string;
}

export interface Thresholds {
  readonly base: string;
  readonly steps: readonly ThresholdStep[];
}

/** One column of a table panel: a label of the result, or the value of one query. */
export type TableColumn =
  | { readonly label: string; readonly title: string }
  | { readonly query: number; readonly title: string; readonly unit: string };

interface PanelBase {
  readonly title: string;
  readonly description: string;
  readonly queries: readonly QuerySpec[];
  /** Grafana unit id: `s`, `percentunit`, `percent`, `watt`, `celsius`, `mbytes`, `reqps`, `currencyUSD`, ... */
  readonly unit: string;
  /** Width in Grafana's 24-column grid. */
  readonly width: number;
  readonly thresholds?: Thresholds;
  readonly min?: number;
  readonly max?: number;
}

export interface TimeseriesPanel extends PanelBase {
  readonly kind: 'timeseries';
}

export interface StatPanel extends PanelBase {
  readonly kind: 'stat';
}

export interface TablePanel extends PanelBase {
  readonly kind: 'table';
  /** Columns in order: labels first, then one per query. */
  readonly columns: readonly TableColumn[];
}

export type PanelSpec = TimeseriesPanel | StatPanel | TablePanel;

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** A variable whose values come from the data source: `label_values(<series>, <label>)`. */
export interface QueryVariable {
  readonly kind: 'query';
  readonly name: string;
  readonly label: string;
  /** Series selector, e.g. `vllm:num_requests_running{namespace="llm-serving"}`. */
  readonly series: string;
  /** The label whose values are offered. */
  readonly valuesOf: string;
}

/** A variable with fixed values (e.g. the environment's targets). */
export interface CustomVariable {
  readonly kind: 'custom';
  readonly name: string;
  readonly label: string;
  readonly values: readonly string[];
}

export type VariableSpec = QueryVariable | CustomVariable;

/** The regex an "All" selection stands for in `=~` matchers (Grafana `allValue`, the console's "All"). */
export const ALL_VALUE = '.+';

export interface DashboardSpec {
  /** Grafana uid (at most 40 characters; stable: links and the Grafana Operator key on it). */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Variables after the datasource variable, multi-valued with "All"; used as `=~"${name}"`. */
  readonly variables: readonly VariableSpec[];
  readonly rows: readonly RowSpec[];
  /** Auto-refresh, e.g. `30s`. */
  readonly refresh: string;
  /** Default time range, e.g. `6h` (the last 6 hours). */
  readonly timeRange: string;
  /** The datasource variable's default. @default the stack's Thanos Querier datasource */
  readonly datasource?: DatasourceRef;
}

/** Every panel of a dashboard, in order. */
export function panelsOf(spec: DashboardSpec): PanelSpec[] {
  return spec.rows.flatMap((row) => row.panels);
}

/** The query expression of a `label_values` variable, as Grafana's Prometheus data source writes it. */
export function labelValuesQuery(v: QueryVariable): string {
  return `label_values(${v.series}, ${v.valuesOf})`;
}
