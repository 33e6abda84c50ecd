/**
 * A {@link DashboardSpec} as Grafana dashboard JSON, built with the grafana-foundation-sdk builders (dashboard,
 * timeseries, stat, table, prometheus). Every panel and query uses the `datasource` variable, which defaults to the
 * spec's datasource, else the stack's Thanos Querier datasource (GrafanaDatasource uid {@link THANOS_DATASOURCE}).
 */
import { common, dashboard, DashboardSdk, prometheus, stat, StatSdk, table, TableSdk, timeseries, TimeseriesSdk } from './sdk';
import { THANOS_DATASOURCE } from '../grafana-names';
import { ALL_VALUE, DashboardSpec, labelValuesQuery, PanelSpec, TablePanel, Thresholds, VariableSpec } from './spec';

/** Name of every dashboard's datasource variable. */
export const DATASOURCE_VARIABLE = 'datasource';
/** What every panel and query names as its datasource. */
export const DATASOURCE_REF = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` } as const;

/** The refId of a panel's n-th query: A, B, C, ... */
export function refId(index: number): string {
  return String.fromCharCode('A'.charCodeAt(0) + index);
}

/** The name of a table's value column for its n-th query, after Grafana's merge (and in the console's tables). */
export function valueColumn(index: number): string {
  return `Value #${refId(index)}`;
}

function thresholdsBuilder(t: Thresholds): DashboardSdk.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    // Grafana's base step has value null (from minus infinity)
    .steps([{ value: null as unknown as number, color: t.base }, ...t.steps.map((s) => ({ value: s.value, color: s.color }))]);
}

function target(expr: string, legend: string, index: number, instant: boolean, format?: 'table') {
  const b = new prometheus.DataqueryBuilder().datasource(DATASOURCE_REF).refId(refId(index)).expr(expr).legendFormat(legend);
  if (format) b.format(prometheus.PromQueryFormat.Table);
  return instant ? b.instant() : b.range();
}

/** What the three panel builders have in common. */
type AnyPanelBuilder = TimeseriesSdk.PanelBuilder | StatSdk.PanelBuilder | TableSdk.PanelBuilder;

function withCommon<B extends AnyPanelBuilder>(b: B, p: PanelSpec, id: number): B {
  b.id(id).title(p.title).description(p.description).datasource(DATASOURCE_REF).unit(p.unit).span(p.width).height(p.kind === 'stat' ? 5 : 8);
  if (p.thresholds) b.thresholds(thresholdsBuilder(p.thresholds));
  if (p.min !== undefined) b.min(p.min);
  if (p.max !== undefined) b.max(p.max);
  p.queries.forEach((q, i) => b.withTarget(target(q.expr, q.legend, i, q.instant ?? false, p.kind === 'table' ? 'table' : undefined)));
  return b;
}

function tableBuilder(p: TablePanel, id: number): TableSdk.PanelBuilder {
  const b = withCommon(new table.PanelBuilder(), p, id);
  const columnNames = p.columns.map((c) => ('label' in c ? c.label : valueColumn(c.query)));
  b.withTransformation({ id: 'merge', options: {} });
  b.withTransformation({
    id: 'organize',
    options: {
      // keep only the declared columns, in their order, under their titles
      excludeByName: { Time: true },
      includeByName: Object.fromEntries(columnNames.map((n) => [n, true])),
      indexByName: Object.fromEntries(columnNames.map((n, i) => [n, i])),
      renameByName: Object.fromEntries(p.columns.map((c, i) => [columnNames[i], c.title])),
    },
  });
  for (const c of p.columns) {
    if (!('label' in c)) b.overrideByName(c.title, [{ id: 'unit', value: c.unit }]);
  }
  return b;
}

function panelBuilder(p: PanelSpec, id: number): AnyPanelBuilder {
  switch (p.kind) {
    case 'timeseries':
      return withCommon(new timeseries.PanelBuilder(), p, id)
        .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom))
        .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending))
        .fillOpacity(10)
        .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(p.thresholds ? common.GraphThresholdsStyleMode.Dashed : common.GraphThresholdsStyleMode.Off));
    case 'stat':
      return withCommon(new stat.PanelBuilder(), p, id)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
        .colorMode(common.BigValueColorMode.Value)
        .graphMode(common.BigValueGraphMode.None);
    case 'table':
      return tableBuilder(p, id);
  }
}

function variableBuilder(v: VariableSpec) {
  switch (v.kind) {
    case 'query': {
      const query = labelValuesQuery(v);
      return new dashboard.QueryVariableBuilder(v.name)
        .label(v.label)
        .datasource(DATASOURCE_REF)
        .query(query)
        .definition(query)
        .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
        .sort(dashboard.VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true)
        .allValue(ALL_VALUE)
        .current({ text: 'All', value: '$__all' });
    }
    case 'custom':
      return new dashboard.CustomVariableBuilder(v.name)
        .label(v.label)
        .values(v.values.join(','))
        .options(v.values.map((value) => ({ text: value, value, selected: false })))
        .multi(true)
        .includeAll(true)
        .allValue(ALL_VALUE)
        .current({ text: 'All', value: '$__all' });
  }
}

/** The Grafana dashboard JSON model of `spec` (no `id`: Grafana assigns it; the uid is the stable key). */
export function grafanaDashboardJson(spec: DashboardSpec): DashboardSdk.Dashboard {
  const datasource = spec.datasource ?? THANOS_DATASOURCE;
  const b = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([...spec.tags])
    .editable()
    .refresh(spec.refresh)
    .time({ from: `now-${spec.timeRange}`, to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(
      new dashboard.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
        .label('Data source')
        .type('prometheus')
        .current({ text: datasource.name, value: datasource.uid }),
    );
  for (const v of spec.variables) b.withVariable(variableBuilder(v));
  let id = 0;
  for (const row of spec.rows) {
    b.withRow(new dashboard.RowBuilder(row.title).id(++id));
    for (const p of row.panels) b.withPanel(panelBuilder(p, ++id));
  }
  return b.build();
}
