/**
 * A {@link DashboardSpec} as an OpenShift console dashboard (Observe → Dashboards). The console reads ConfigMaps
 * labelled `console.openshift.io/dashboard: "true"` in `openshift-config-managed` and renders the classic Grafana
 * JSON itself, with a reduced model (read from openshift/monitoring-plugin,
 * `web/src/components/dashboards/legacy/legacy-dashboard.tsx`, `legacy-variable-dropdowns.tsx`, `table.tsx`):
 * - panel types `graph`, `singlestat`, `gauge`, `table`, `grafana-piechart-panel` inside `rows`; others are skipped;
 *   width is `span` (1–12); a graph's unit is `yaxes[0].format`, a single stat's `format`;
 * - queries always go to the cluster's Thanos Querier: no datasource, no datasource variable (a panel `datasource`
 *   names a console data-source plugin and would fail);
 * - variables are replaced textually as `$name`; a `query` variable runs `label_values(series, label)` as
 *   `count(series) by (label)`; "All" becomes `.+`; a variable with `options` offers exactly those;
 * - a table joins instant results on their labels, value columns `Value #<refId>`, and needs `styles`;
 * - a single stat shows only the first series, so a stat with one value per model/target/GPU (its legend names
 *   labels) becomes a table of those labels and the value. Threshold colours are left out.
 */
import { ALL_VALUE, DashboardSpec, labelValuesQuery, PanelSpec, VariableSpec } from './spec';
import { refId, valueColumn } from './grafana-json';

/** Console panel width: Grafana's 24 columns in its 12. */
const span = (width: number) => Math.max(1, Math.min(12, Math.round(width / 2)));

/** `${name}` → `$name`: the console substitutes `$name` only. */
export function consoleExpr(expr: string): string {
  return expr.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => `$${name}`);
}

function consolePanel(p: PanelSpec, id: number): Record<string, unknown> {
  const targets = p.queries.map((q, i) => ({ expr: consoleExpr(q.expr), legendFormat: q.legend, refId: refId(i), ...(q.instant ? { instant: true } : {}) }));
  const base = { id, title: p.title, description: p.description, span: span(p.width), targets };
  switch (p.kind) {
    case 'timeseries':
      return { ...base, type: 'graph', legend: { show: true }, stack: false, yaxes: [{ format: p.unit, ...(p.min !== undefined ? { min: p.min } : {}), ...(p.max !== undefined ? { max: p.max } : {}) }, { format: 'short' }] };
    case 'stat': {
      const labels = [...new Set(p.queries.flatMap((q) => [...q.legend.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])))];
      if (labels.length === 0) return { ...base, type: 'singlestat', format: p.unit, decimals: 2 };
      return {
        ...base,
        type: 'table',
        transform: 'table',
        styles: [
          ...labels.map((label) => ({ pattern: label, alias: label, type: 'string' })),
          ...p.queries.map((_, i) => ({ pattern: valueColumn(i), alias: p.title, type: 'number', unit: p.unit, decimals: 2 })),
          { pattern: 'Time', type: 'hidden' },
        ],
      };
    }
    case 'table':
      return {
        ...base,
        type: 'table',
        transform: 'table',
        styles: [
          ...p.columns.map((c) =>
            'label' in c ? { pattern: c.label, alias: c.title, type: 'string' } : { pattern: valueColumn(c.query), alias: c.title, type: 'number', unit: c.unit, decimals: 2 },
          ),
          { pattern: 'Time', type: 'hidden' },
        ],
      };
  }
}

function consoleVariable(v: VariableSpec): Record<string, unknown> {
  switch (v.kind) {
    case 'query':
      return { name: v.name, label: v.label, type: 'query', query: consoleExpr(labelValuesQuery(v)), options: [], includeAll: true, allValue: ALL_VALUE, hide: 0 };
    case 'custom':
      return { name: v.name, label: v.label, type: 'custom', query: v.values.join(','), options: v.values.map((value) => ({ text: value, value, selected: false })), includeAll: true, allValue: ALL_VALUE, hide: 0 };
  }
}

/** The console dashboard JSON of `spec`. */
export function consoleDashboardJson(spec: DashboardSpec): Record<string, unknown> {
  let id = 0;
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [...spec.tags],
    refresh: spec.refresh,
    time: { from: `now-${spec.timeRange}`, to: 'now' },
    schemaVersion: 16,
    templating: { list: spec.variables.map(consoleVariable) },
    rows: spec.rows.map((row) => ({ title: row.title, showTitle: true, collapse: false, panels: row.panels.map((p) => consolePanel(p, ++id)) })),
  };
}
