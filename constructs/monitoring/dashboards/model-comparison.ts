/**
 * Dashboard 3, model comparison / ROI: the environment's targets side by side from the results processor's
 * Pushgateway metrics (docs/metrics.md): TTFT p95 per load level, throughput, tokens/s per GPU, cost per 1k output
 * tokens, sweet spot and breaking point, and what limited each benchmark (bottleneck analysis, docs/analysis.md).
 * Only the latest run of each target is in the Pushgateway.
 *
 * In a fleet, each cluster's dashboard reads that cluster's results; with a fleet-wide datasource
 * (`monitoring.grafana.fleetDatasource`) a fourth dashboard shows the same panels across clusters, kept apart by
 * the `cluster` label (a `cluster` variable, a Cluster column, `{{cluster}}` in legends).
 */
import { PUSHGATEWAY_METRICS } from '../../../domain/contracts/pushgateway-metrics';
import { slaThresholds, q, stat, table, timeseries } from './panels';
import { resultsQueries as r, ResultsScope } from './queries';
import { DashboardInputs, DashboardSpec, FleetDashboardInputs, RowSpec, TableColumn, VariableSpec } from './spec';
import { dashboardUid } from '../../../domain/dashboard-uids';
import type { SlaTiers } from '../../../domain/sla';

const label = (name: string, title: string): TableColumn => ({ label: name, title });
const value = (query: number, title: string, unit: string): TableColumn => ({ query, title, unit });

/** Per cluster, or across the clusters of a fleet. */
export function modelComparisonDashboard(d: DashboardInputs): DashboardSpec {
  const s: ResultsScope = { environment: d.environment, targetVariable: 'target', scenarioVariable: 'scenario', ...(d.cluster === undefined ? {} : { cluster: d.cluster }) };
  return {
    uid: dashboardUid(d.environment, 'roi'),
    title: `Model comparison and ROI (${d.environment}${d.cluster === undefined ? '' : `, cluster ${d.cluster}`})`,
    description: `The latest benchmark run of each target of environment ${d.environment}${d.cluster === undefined ? '' : ` on cluster ${d.cluster}`}, side by side (results processor metrics).`,
    tags: ['llm-benchmarks', 'benchmarks', d.environment],
    refresh: d.refresh,
    timeRange: d.timeRange,
    variables: [
      { kind: 'custom', name: 'target', label: 'Target', values: [...d.targets] },
      scenarioVariable(s),
    ],
    rows: comparisonRows(s, d.sla),
  };
}

/** The comparison across the clusters of a fleet, on the fleet-wide datasource. */
export function fleetComparisonDashboard(d: DashboardInputs, fleet: FleetDashboardInputs): DashboardSpec {
  const s: ResultsScope = { environment: d.environment, clusterVariable: 'cluster', targetVariable: 'target', scenarioVariable: 'scenario' };
  return {
    uid: dashboardUid(d.environment, 'fleet'),
    title: `Model comparison and ROI across clusters (${d.environment})`,
    description: `The latest benchmark run of each target on each cluster of fleet ${d.environment} (${fleet.clusters.join(', ')}), side by side (results processor metrics through ${fleet.datasource.name}).`,
    tags: ['llm-benchmarks', 'benchmarks', 'fleet', d.environment],
    refresh: d.refresh,
    timeRange: d.timeRange,
    datasource: fleet.datasource,
    variables: [
      { kind: 'custom', name: 'cluster', label: 'Cluster', values: [...fleet.clusters] },
      { kind: 'custom', name: 'target', label: 'Target', values: [...fleet.targets] },
      scenarioVariable(s),
    ],
    rows: comparisonRows(s, d.sla),
  };
}

/** The scenarios the environment's results name. */
function scenarioVariable(s: ResultsScope): VariableSpec {
  return { kind: 'query', name: 'scenario', label: 'Scenario', series: `${PUSHGATEWAY_METRICS.benchmarkSucceeded.name}{environment="${s.environment}"}`, valuesOf: 'scenario' };
}

function comparisonRows(s: ResultsScope, sla: SlaTiers): RowSpec[] {
  const acrossClusters = s.clusterVariable !== undefined;
  /** Legend of a per-target figure. */
  const who = acrossClusters ? '{{cluster}} {{target}}' : '{{target}}';
  const clusterColumn = acrossClusters ? [label('cluster', 'Cluster')] : [];
  const benchmark = [label('target', 'Target'), label('scenario', 'Scenario'), label('plan', 'Load plan')];
  /** The columns naming a benchmark, its cluster first across clusters. */
  const benchmarkColumns = [...clusterColumn, ...benchmark];
  const ttft = slaThresholds('ttftP95Ms', sla, 0.001);
  const itl = slaThresholds('itlP95Ms', sla, 0.001);

  return [
    {
      title: 'Targets',
      panels: [
        table(
          {
            title: 'Targets',
            description: 'GPU profile, GPUs, price and the start of the run the figures come from.',
            unit: 'short',
            width: 24,
            columns: [...clusterColumn, label('target', 'Target'), label('model', 'Model'), label('gpu_profile', 'GPU profile'),
              value(0, 'GPUs', 'short'), value(1, 'Price per hour', 'currencyUSD'), value(2, 'Last run', 'dateTimeAsIso'), value(3, 'Regressions', 'short')],
          },
          q(r.perTarget(s, 'gpus'), 'GPUs'),
          q(r.perTarget(s, 'pricePerHour'), 'USD/h'),
          q(`${r.perTarget(s, 'lastRun')} * 1000`, 'last run'),
          q(r.perTarget(s, 'regressions'), 'regressions'),
        ),
      ],
    },
    {
      title: 'Throughput and cost',
      panels: [
        stat({ title: 'Max output throughput', description: 'Highest output tokens per second over all load levels.', unit: 'suffix: tok/s', width: 8 },
          q(r.bestPerTarget(s, 'maxThroughput'), who)),
        stat({ title: 'Max throughput within SLA', description: 'Highest output tokens per second among the load levels within the SLA.', unit: 'suffix: tok/s', width: 8 },
          q(r.bestPerTarget(s, 'maxThroughputWithinSla'), who)),
        stat({ title: 'Output tokens/s per GPU at the sweet spot', description: 'Output tokens per second divided by the GPU count, at the sweet spot.', unit: 'suffix: tok/s', width: 8 },
          q(r.costPerTarget(s, 'perGpu', 'sweet_spot'), who)),
        stat({ title: 'Cost per 1M output tokens at the sweet spot', description: 'price per hour / 3600 / output tok/s × 1,000,000, at the sweet spot.', unit: 'currencyUSD', width: 8 },
          q(r.costPerTarget(s, 'costPer1M', 'sweet_spot'), who)),
        stat({ title: 'Cost per 1M output tokens at max throughput', description: 'The same at the load of maximum throughput.', unit: 'currencyUSD', width: 8 },
          q(r.costPerTarget(s, 'costPer1M', 'max_throughput'), who)),
        stat({ title: 'Output tokens/s per $/h at max throughput', description: 'Output tokens per second per dollar-hour of the GPU profile.', unit: 'short', width: 8 },
          q(r.costPerTarget(s, 'perDollarHour', 'max_throughput'), who)),
      ],
    },
    {
      title: 'Sweet spot and breaking point',
      panels: [
        table(
          {
            title: 'Sweet spot and breaking point',
            description: 'Sweet spot: highest load still within the acceptable tier. Breaking point: last good / first breaking load.',
            unit: 'short',
            width: 24,
            columns: [...benchmarkColumns, label('load_unit', 'Unit'),
              value(0, 'Sweet spot', 'short'), value(1, 'Last good', 'short'), value(2, 'First breaking', 'short'), value(3, 'Max throughput at', 'short')],
          },
          q(r.benchmarkLoad(s, 'sweetSpot'), 'sweet spot'),
          q(r.benchmarkLoad(s, 'breakingLastGood'), 'last good'),
          q(r.benchmarkLoad(s, 'breakingFirstBad'), 'first bad'),
          q(r.benchmarkLoad(s, 'maxThroughputLoad'), 'max throughput load'),
        ),
      ],
    },
    {
      title: 'Pareto frontier',
      panels: [
        table(
          {
            title: 'Pareto frontier: output tok/s per user against per GPU',
            description:
              'The load levels no other level of the same benchmark beats on both interactivity (output tok/s one user sees) and efficiency (output tok/s per GPU), with their cost per million output tokens and SLO attainment. docs/capacity.md.',
            unit: 'short',
            width: 24,
            columns: [...benchmarkColumns, label('load', 'Load'), label('load_unit', 'Unit'),
              value(0, 'Output tok/s per user', 'short'), value(1, 'Output tok/s per GPU', 'short'), value(2, 'Per 1M output tokens', 'currencyUSD'), value(3, 'SLO attainment', 'percentunit')],
          },
          q(r.frontierLevel(s, 'outputTokensPerSecondPerUser', 'all'), 'per user'),
          q(r.frontierLevel(s, 'levelPerGpu', 'all'), 'per GPU'),
          q(r.frontierLevel(s, 'levelCostPer1M', 'all'), 'per 1M output tokens'),
          q(r.frontierLevel(s, 'sloAttainment', 'all'), 'SLO attainment'),
        ),
      ],
    },
    {
      title: 'Capacity plan',
      panels: [
        table(
          {
            title: 'Capacity plan per demand',
            description:
              "For each demand of the environment (users or requests/s of a scenario): the replicas each target needs at its sweet spot, their price per hour and the cost per million output tokens. Lowest price first is the cheapest target; comparison.md names it with the runner-up. Empty without a demand in the environment.",
            unit: 'short',
            width: 24,
            columns: [...clusterColumn, label('demand', 'Demand'), ...benchmark, value(0, 'Replicas', 'short'), value(1, 'Price per hour', 'currencyUSD'), value(2, 'Per 1M output tokens', 'currencyUSD')],
          },
          q(r.plan(s, 'planReplicas'), 'replicas'),
          q(r.plan(s, 'planDollarsPerHour'), 'dollars per hour'),
          q(r.plan(s, 'planCostPer1M'), 'per 1M output tokens'),
        ),
      ],
    },
    {
      title: 'Bottleneck',
      panels: [
        table(
          {
            title: 'What limited each benchmark',
            description:
              'KV-cache wall: cache full, requests waiting or preempted, GPU moderately used (more GPU memory, FP8 KV cache or tensor parallelism help). ' +
              'Compute wall: GPU saturated and ITL growing (a bigger or second GPU helps). Latency floor: TTFT above the SLA at the lowest load ' +
              '(parallelism per request helps). Evidence in each summary.md and on the report index page.',
            unit: 'short',
            width: 24,
            columns: [...benchmarkColumns, label('kind', 'Bottleneck'), label('load_unit', 'Unit'), value(0, 'Decided at', 'short')],
          },
          q(r.bottleneck(s), 'bottleneck'),
        ),
        table(
          {
            title: 'Server side per load level',
            description: 'Over each load level\'s window: peak KV-cache usage and requests waiting, preemptions, mean GPU utilization of the serving pods (empty when GPU analysis is off).',
            unit: 'short',
            width: 24,
            columns: [...benchmarkColumns, label('load', 'Load'), label('load_unit', 'Unit'),
              value(0, 'KV cache peak', 'percentunit'), value(1, 'Waiting peak', 'short'), value(2, 'Preemptions', 'short'), value(3, 'GPU utilization', 'percent')],
          },
          q(r.serverLevel(s, 'serverKvCachePeak'), 'KV cache peak'),
          q(r.serverLevel(s, 'serverWaitingPeak'), 'waiting peak'),
          q(r.serverLevel(s, 'serverPreemptions'), 'preemptions'),
          q(r.serverLevel(s, 'serverGpuUtilization'), 'GPU utilization'),
        ),
      ],
    },
    {
      title: 'Load levels',
      panels: [
        table(
          {
            title: 'Load levels',
            description: "Every load level of the latest run; SLA tier 0 excellent, 1 acceptable, 2 degraded, 3 breaking.",
            unit: 'short',
            width: 24,
            columns: [...benchmarkColumns, label('load', 'Load'), label('load_unit', 'Unit'),
              value(0, 'TTFT p95', 's'), value(1, 'ITL p95', 's'), value(2, 'Output tok/s', 'short'), value(3, 'Requests/s', 'reqps'), value(4, 'Errors', 'percentunit'), value(5, 'SLA tier', 'short')],
          },
          q(r.levelLatency(s, 'ttft', '0.95'), 'TTFT p95'),
          q(r.levelLatency(s, 'itl', '0.95'), 'ITL p95'),
          q(r.level(s, 'outputTokensPerSecond'), 'output tok/s'),
          q(r.level(s, 'requestsPerSecond'), 'requests/s'),
          q(r.level(s, 'errorRatio'), 'errors'),
          q(r.level(s, 'slaTier'), 'tier'),
        ),
        timeseries({ title: 'TTFT p95 per load level', description: 'Over the runs in the time range (a new run replaces the previous figures).', unit: 's', width: 12, thresholds: ttft },
          q(r.levelLatency(s, 'ttft', '0.95'), `${who} {{scenario}} @ {{load}} {{load_unit}}`)),
        timeseries({ title: 'ITL p95 per load level', description: 'Inter-token latency, 95th percentile.', unit: 's', width: 12, thresholds: itl },
          q(r.levelLatency(s, 'itl', '0.95'), `${who} {{scenario}} @ {{load}} {{load_unit}}`)),
      ],
    },
  ];
}
