/** Panel helpers: the three panel kinds with the stack's defaults, and SLA tiers as threshold colours. */
import { SLA_METRICS, SlaMetricName, SlaTiers, Tier } from '../../../domain/sla';
import { QuerySpec, StatPanel, TableColumn, TablePanel, Thresholds, TimeseriesPanel } from './spec';

/** Colours of the SLA tiers: excellent, acceptable, degraded, breaking (DESIGN.md's table). */
export const TIER_COLORS: Readonly<Record<Tier, string>> = { excellent: 'green', acceptable: 'yellow', degraded: 'orange', breaking: 'red' };

/**
 * Threshold colours of an SLA metric, in its direction (domain/sla.ts). Grafana colours a value from each step's
 * value up. Lower is better: green up to `excellent`, yellow up to `acceptable`, orange up to `breaking`, red
 * beyond (a value on a bound takes the worse colour); a bound of 0 (requests waiting: excellent = 0) has no step,
 * so 0 stays green. Higher is better: red below `breaking`, orange from it, yellow from `acceptable`, green from
 * `excellent`. `scale` converts the tier unit to the panel unit (milliseconds → seconds: 0.001).
 */
export function slaThresholds(metric: SlaMetricName, sla: SlaTiers, scale = 1): Thresholds {
  const tiers = sla[metric];
  if (SLA_METRICS[metric].direction === 'higherIsBetter') {
    return {
      base: TIER_COLORS.breaking,
      steps: [
        { value: tiers.breaking * scale, color: TIER_COLORS.degraded },
        { value: tiers.acceptable * scale, color: TIER_COLORS.acceptable },
        { value: tiers.excellent * scale, color: TIER_COLORS.excellent },
      ],
    };
  }
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
