/**
 * Every PromQL expression of the dashboards (panel queries with their variables replaced, and the variables'
 * `label_values` series selectors) parses with the real promtool (Debian package `prometheus`, /usr/bin/promtool or
 * PROMTOOL_BIN): each becomes a recording rule of a generated rule file checked by `promtool check rules`, which
 * parses every expression offline. A broken expression in the same harness fails, so the check can fail.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { allDashboardQueries, allQueryVariables } from '../../helpers/dashboard-queries';
import { fixture } from '../../helpers/project';
import { PROMTOOL, requireBinary } from '../../helpers/binaries';

const environments = fixture().environments;

/**
 * Values of every dashboard variable as Grafana's Prometheus data source writes them into a `=~` matcher: a multi-value
 * selection becomes `(a|b)` with regex metacharacters escaped by a backslash that is itself escaped for the PromQL
 * string (`.` → `\\.` in the query text).
 */
const VALUES = { deployment: '(granite-3\\\\.3-8b|mistral-small)', node: 'ip-10-0-1-1', pod: '.+', target: 'mistral-3-int4-l4-x1', scenario: 'chat' };

/** Runs `promtool check rules` on one rule per expression; returns its exit code and output. */
function checkExpressions(exprs: readonly string[]): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboards-promql-'));
  try {
    const file = path.join(dir, 'dashboard-queries.rules.yaml');
    const rules = exprs.map((expr, i) => ({ record: `dashboard_query_${i}`, expr }));
    fs.writeFileSync(file, JSON.stringify({ groups: [{ name: 'dashboard-queries', rules }] }, null, 2));
    const run = spawnSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('dashboard PromQL parses with the real promtool', () => {
  beforeAll(() => requireBinary(PROMTOOL));

  test.each(environments.map((env) => [env.name, env] as const))('environment %s: every panel query and variable selector', (_, env) => {
    const queries = allDashboardQueries(env, VALUES);
    const selectors = allQueryVariables(env).map((v) => v.series);
    const exprs = [...queries.map((q) => q.expr), ...selectors];
    expect(queries.length).toBeGreaterThan(40);
    const { status, output } = checkExpressions(exprs);
    expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(status).toBe(0);
  });

  test('a malformed expression fails the same check, naming the problem', () => {
    const { status, output } = checkExpressions(['sum by (model_name) (rate(vllm:prompt_tokens_total[5m])', 'up']);
    expect(status).not.toBe(0);
    expect(output).toMatch(/unclosed left parenthesis|unexpected end of input/);
  });

  test('a template variable left in a query is caught before promtool sees it', () => {
    const [env] = environments;
    expect(() => allDashboardQueries(env, { ...VALUES, deployment: undefined as unknown as string })).toThrow('no value for variable ${deployment}');
  });
});
