/** Panel helpers: the three panel kinds with the stack's defaults, and SLA tiers as threshold colours. */
import { QuerySpec, StatPanel, TableColumn, TablePanel, Thresholds, TimeseriesPanel } from './spec';

/** Tier thresholds of one SLA metric (config `sla.*`). */
export interface Tiers {
  readonly excellent: number;
  readonly acceptable: number;
  readonly breaking: number;
}

/** Colours of the SLA tiers: excellent, acceptable, degraded, breaking (DESIGN.md's table). */
export const TIER_COLORS = { excellent: 'green', acceptable: 'yellow', degraded: 'orange', breaking: 'red' } as const;

/**
 * Threshold colours of a lower-is-better SLA metric: green up to `excellent`, yellow up to `acceptable`, orange up to
 * `breaking`, red beyond (Grafana colours a value from each step's value up, so a value on a bound takes the worse
 * colour). `scale` converts the tier unit to the panel unit (milliseconds → seconds: 0.001). A bound of 0 (requests
 * waiting: excellent = 0) has no step, so 0 stays green.
 */
export function lowerIsBetter(tiers: Tiers, scale = 1): Thresholds {
  const steps = [
    { value: tiers.excellent * scale, color: TIER_COLORS.acceptable },
    { value: tiers.acceptable * scale, color: TIER_COLORS.degraded },
    { value: tiers.breaking * scale, color: TIER_COLORS.breaking },
  ];
  return { base: TIER_COLORS.excellent, steps: steps.filter((s) => s.value > 0) };
}

/** Panel options shared by all kinds. */
export interface PanelOptions {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  /** @default 12 (half the width) */
  readonly width?: number;
  readonly thresholds?: Thresholds;
  readonly min?: number;
  readonly max?: number;
}

const common = (o: PanelOptions, queries: readonly QuerySpec[]) => ({
  title: o.title,
  description: o.description,
  unit: o.unit,
  width: o.width ?? 12,
  queries,
  ...(o.thresholds ? { thresholds: o.thresholds } : {}),
  ...(o.min !== undefined ? { min: o.min } : {}),
  ...(o.max !== undefined ? { max: o.max } : {}),
});

export function timeseries(o: PanelOptions, ...queries: QuerySpec[]): TimeseriesPanel {
  return { kind: 'timeseries', ...common(o, queries) };
}

/** A stat panel reads the value now (instant queries). */
export function stat(o: PanelOptions, ...queries: QuerySpec[]): StatPanel {
  return { kind: 'stat', ...common(o, queries.map((q) => ({ ...q, instant: true }))) };
}

/** A table of instant queries joined on their labels: `columns` lists the label columns, then one per query. */
export function table(o: PanelOptions & { readonly columns: readonly TableColumn[] }, ...queries: QuerySpec[]): TablePanel {
  return { kind: 'table', ...common(o, queries.map((q) => ({ ...q, instant: true }))), columns: o.columns };
}

/** `q(expr, legend)`: a query. */
export function q(expr: string, legend: string): QuerySpec {
  return { expr, legend };
}
