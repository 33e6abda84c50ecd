/**
 * The comparison across clusters against a real Prometheus (/usr/bin/prometheus or PROMETHEUS_BIN) standing in for
 * the fleet-wide store (`monitoring.grafana.fleetDatasource`): it scrapes two real Pushgateways
 * (/usr/bin/prometheus-pushgateway or PUSHGATEWAY_BIN), one per cluster of a fixture fleet, to which the results
 * processor's own publisher pushed each cluster's summaries (grouping key `.../cluster/<name>/...`), with
 * `honor_labels: false` as user-workload monitoring scrapes. The same targets run on both clusters, west 1.5 times as
 * fast. Every query of the fleet dashboard, its variables as Grafana writes them, must return each cluster's own
 * figures, kept apart by `cluster`; a cluster's own comparison dashboard must return only its cluster's.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dashboardInputs } from '../../../constructs/charts/monitoring-chart';
import { grafanaDashboardSpecs } from '../../../constructs/monitoring/dashboards/stack-dashboards';
import { DashboardSpec } from '../../../constructs/monitoring/dashboards/spec';
import { ResolvedEnvironment } from '../../../config/resolve';
import { pushgatewayPublisher } from '../../../runtime/processor/publishers/pushgateway';
import { DashboardQuery, dashboardQueries, grafanaRegex } from '../../helpers/dashboard-queries';
import { dashboardSummary, LADDER_TOKENS_PER_SECOND } from '../../helpers/dashboard-summaries';
import { FLEET_DATASOURCE_YAML, fleetYaml, loadFleet } from '../../helpers/fleet';
import { closedPort } from '../../helpers/net';
import { RunningProcess, startServer, stopServer } from '../../helpers/processes';
import { PROMETHEUS, PUSHGATEWAY, requireBinary } from '../../helpers/binaries';
import { instantQuery, Series, startScrapingPrometheus } from '../../helpers/scraping-prometheus';

const TWO_CLUSTERS = `
clusters:
  - name: east
    destination: { name: east }
  - name: west
    destination: { name: west }
`;
const SPEED: Record<string, number> = { east: 1, west: 1.5 };

const { env, errors } = loadFleet(fleetYaml(FLEET_DATASOURCE_YAML, TWO_CLUSTERS));
if (!env) throw new Error(errors.join('\n'));
const members: readonly ResolvedEnvironment[] = env.clusters!;
const [east] = members;
const targets = env.targets.map((t) => t.name);
const specsOf = (member: ResolvedEnvironment) => grafanaDashboardSpecs(dashboardInputs(member));
const fleetSpec: DashboardSpec = specsOf(east).fleet!;
const eastRoi: DashboardSpec = specsOf(east).roi!;

const ALL = { cluster: '.+', target: '.+', scenario: '.+' };

describe('the comparison across clusters against a real fleet-wide Prometheus', () => {
  let dir = '';
  let promUrl = '';
  const servers: RunningProcess[] = [];
  const fleetQueries = dashboardQueries(fleetSpec, ALL);
  const results = new Map<DashboardQuery, Series[]>();
  const query = (panel: string, values: Record<string, string> = ALL, spec = fleetSpec) => {
    const q = dashboardQueries(spec, values).find((x) => x.panel === panel);
    if (!q) throw new Error(`no panel "${panel}" in ${spec.uid}`);
    return instantQuery(promUrl, q.expr);
  };
  /** `cluster target` → value, of a per-target panel. */
  const byClusterAndTarget = (series: Series[]) => Object.fromEntries(series.map((s) => [`${s.metric.cluster} ${s.metric.target}`, Number(s.value[1])]));

  beforeAll(async () => {
    requireBinary(PROMETHEUS);
    requireBinary(PUSHGATEWAY);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-dashboard-prometheus-'));
    const jobs = [];
    for (const member of members) {
      const cluster = member.cluster!.name;
      const port = await closedPort();
      const url = `http://127.0.0.1:${port}`;
      servers.push(
        await startServer(PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${path.join(dir, `pushgateway-${cluster}.data`)}`, '--log.level=warn'], `${url}/-/ready`),
      );
      const publisher = pushgatewayPublisher({ url });
      for (const target of member.targets) await publisher.publish({ summary: dashboardSummary(member, target, SPEED[cluster]), targetDir: dir, log: () => undefined });
      jobs.push({ job: `pushgateway-${cluster}`, address: `127.0.0.1:${port}`, labels: { namespace: member.config.namespace, pod: `pushgateway-${cluster}` } });
    }
    const started = await startScrapingPrometheus(dir, jobs);
    servers.push(started.prometheus);
    promUrl = started.url;
    // until both Pushgateways were scraped: every query has data for both clusters
    const deadline = Date.now() + 25_000;
    for (;;) {
      for (const q of fleetQueries) results.set(q, await instantQuery(promUrl, q.expr));
      const complete = [...results.values()].every((r) => new Set(r.map((s) => s.metric.cluster)).size === members.length);
      if (complete || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 60_000);

  afterAll(async () => {
    for (const server of servers.reverse()) await stopServer(server);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the fixture fleet runs the same targets on both clusters', () => {
    expect(members.map((m) => [m.cluster!.name, m.targets.map((t) => t.name)])).toEqual([
      ['east', targets],
      ['west', targets],
    ]);
    expect(fleetQueries.length).toBeGreaterThan(20);
  });

  test.each(dashboardQueries(fleetSpec, ALL).map((q, i) => [`${q.panel}: ${q.raw}`, i] as const))('%s returns each cluster\'s series', (_, i) => {
    const series = results.get(fleetQueries[i])!;
    expect(new Set(series.map((s) => s.metric.cluster))).toEqual(new Set(['east', 'west']));
  });

  test('each cluster\'s figures are its own: throughput and cost per target side by side', async () => {
    const throughput = byClusterAndTarget(await query('Max output throughput'));
    const cost = byClusterAndTarget(await query('Cost per 1M output tokens at the sweet spot'));
    expect(Object.keys(throughput).sort()).toEqual(members.flatMap((m) => targets.map((t) => `${m.cluster!.name} ${t}`)).sort());
    for (const member of members) {
      const cluster = member.cluster!.name;
      for (const t of member.targets) {
        expect(throughput[`${cluster} ${t.name}`]).toBeCloseTo(LADDER_TOKENS_PER_SECOND.max * SPEED[cluster], 10);
        expect(cost[`${cluster} ${t.name}`]).toBeCloseTo((t.gpuProfile.pricePerHour / 3600 / (LADDER_TOKENS_PER_SECOND.sweetSpot * SPEED[cluster])) * 1e6, 7);
      }
    }
  });

  test('the cluster variable selects: one cluster, or both as Grafana writes a multi-value selection', async () => {
    const westOnly = await query('Max output throughput', { ...ALL, cluster: grafanaRegex('west') });
    expect(new Set(westOnly.map((s) => s.metric.cluster))).toEqual(new Set(['west']));
    const both = await query('Load levels', { ...ALL, cluster: grafanaRegex('east', 'west'), target: grafanaRegex(targets[0]) });
    // 3 load levels of one benchmark, per cluster
    expect(both.map((s) => `${s.metric.cluster} ${s.metric.target} ${s.metric.load}`).sort()).toEqual(
      ['east', 'west'].flatMap((c) => ['1', '10', '5'].map((load) => `${c} ${targets[0]} ${load}`)).sort(),
    );
  });

  test("a cluster's own comparison dashboard reads only that cluster's results, even from the fleet-wide store", async () => {
    for (const q of dashboardQueries(eastRoi, { target: '.+', scenario: '.+' })) {
      const series = await instantQuery(promUrl, q.expr);
      expect([q.panel, series.length > 0]).toEqual([q.panel, true]);
      for (const s of series) expect([q.panel, s.metric.cluster]).toEqual([q.panel, undefined]);
    }
    const throughput = await query('Max output throughput', { target: '.+', scenario: '.+' }, eastRoi);
    expect(throughput.map((s) => Number(s.value[1]))).toEqual(targets.map(() => LADDER_TOKENS_PER_SECOND.max * SPEED.east));
  });
});
