/** Every PromQL expression of the stack's dashboards, with its template variables replaced by concrete values. */
import { ResolvedEnvironment } from '../../config/resolve';
import { dashboardInputs } from '../../constructs/charts/monitoring-chart';
import { grafanaDashboardSpecs } from '../../constructs/monitoring/dashboards/stack-dashboards';
import { DashboardSpec, labelValuesQuery, panelsOf, QueryVariable } from '../../constructs/monitoring/dashboards/spec';

/** One query of one panel, before and after substitution. */
export interface DashboardQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly raw: string;
  readonly expr: string;
  readonly instant: boolean;
}

/**
 * Values as Grafana's Prometheus data source writes a selection into a `=~"..."` matcher: regex metacharacters
 * escaped by a backslash that is itself escaped for the PromQL string; several values as `(a|b)`.
 */
export function grafanaRegex(...values: string[]): string {
  const escaped = values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&'));
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/** `${name}` → `values[name]`; throws on a variable without a value (a query must not keep a template). */
export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for variable \${${name}} in ${expr}`);
    return value;
  });
}

/** Every panel query of `spec`, substituted. */
export function dashboardQueries(spec: DashboardSpec, values: Record<string, string>): DashboardQuery[] {
  return panelsOf(spec).flatMap((panel) =>
    panel.queries.map((q) => ({ dashboard: spec.uid, panel: panel.title, raw: q.expr, expr: substitute(q.expr, values), instant: q.instant ?? false })),
  );
}

/** Every query of every dashboard of `env` (the console's are the same specs). */
export function allDashboardQueries(env: ResolvedEnvironment, values: Record<string, string>): DashboardQuery[] {
  return Object.values(grafanaDashboardSpecs(dashboardInputs(env))).flatMap((spec) => dashboardQueries(spec, values));
}

/** The `label_values` variables of every dashboard, with their query text. */
export function allQueryVariables(env: ResolvedEnvironment): (QueryVariable & { dashboard: string; query: string })[] {
  return Object.values(grafanaDashboardSpecs(dashboardInputs(env))).flatMap((spec) =>
    spec.variables.filter((v): v is QueryVariable => v.kind === 'query').map((v) => ({ ...v, dashboard: spec.uid, query: labelValuesQuery(v) })),
  );
}
