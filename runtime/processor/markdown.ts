/**
 * `summary.md` and `comparison.md`: the capacity answer as readable Markdown tables. Deterministic (no
 * timestamps, no locale, stable order); numbers rounded by {@link formatNumber}; an absent figure shows `–`.
 */
import { formatBreakingPoint, formatLoad, formatNumber, formatPercent, formatUsd } from './format';
import { BenchmarkSummary, Bottleneck, CostFigures, LevelSummary, RunComparison, TargetSummary } from './types';

const NONE = '–';

/**
 * Text that came from a report, Prometheus or a file name, made inert in Markdown: one line (a newline could start
 * a heading or a table), and `\`, `` ` ``, `[`, `]`, `<`, `>`, `|` escaped (no code span, link, HTML or cell).
 */
export function inert(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/[\\`[\]<>|]/g, (c) => `\\${c}`);
}

/** A number for a table cell, or `–`. */
function cell(value: number | undefined, format: (n: number) => string = formatNumber): string {
  return value === undefined ? NONE : format(value);
}

/** A Markdown table; `|` in cells is escaped. */
function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${align.map((a) => (a === 'r' ? '---:' : ':---')).join('|')}|`, ...rows.map(line)];
}

const LEVEL_HEADER = ['load', 'TTFT p50 (ms)', 'TTFT p95 (ms)', 'ITL p95 (ms)', 'output tok/s', 'tok/s per user', 'tok/s per GPU', '$ per 1M output tok', 'error rate', 'SLO attainment', 'goodput (req/s)', 'tier'];
const LEVEL_ALIGN = ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'] as const;

function levelRow(l: LevelSummary): string[] {
  return [
    formatLoad(l.load, l.loadUnit),
    cell(l.ttftMs.p50),
    cell(l.ttftMs.p95),
    cell(l.itlMs.p95),
    cell(l.outputTokensPerSecond),
    cell(l.outputTokensPerSecondPerUser),
    cell(l.outputTokensPerSecondPerGpu),
    cell(l.costPer1MOutputTokens, formatUsd),
    cell(l.errorRate, formatPercent),
    l.slo ? `${cell(l.slo.attainment, formatPercent)}${l.slo.meetsTarget ? '' : ' (missed)'}` : NONE,
    cell(l.slo?.requestGoodput),
    l.tier,
  ];
}

/** The unit of a benchmark's sweet spot / breaking point axis. */
function unitAt(b: BenchmarkSummary, load: number): LevelSummary['loadUnit'] {
  return b.levels.find((l) => l.load === load)?.loadUnit ?? 'users';
}

function costLine(label: string, c: CostFigures): string {
  const parts = [
    c.costPer1MOutputTokens !== undefined ? `${formatUsd(c.costPer1MOutputTokens)} per 1M output tokens` : undefined,
    c.outputTokensPerSecondPerDollarHour !== undefined ? `${formatNumber(c.outputTokensPerSecondPerDollarHour)} output tok/s per $/h` : undefined,
    c.outputTokensPerSecondPerGpu !== undefined ? `${formatNumber(c.outputTokensPerSecondPerGpu)} output tok/s per GPU` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `- ${label}: ${parts.length > 0 ? parts.join(', ') : NONE}`;
}

function throughputText(t: BenchmarkSummary['maxThroughput'], b: BenchmarkSummary): string {
  return t ? `${formatNumber(t.outputTokensPerSecond)} output tok/s at ${formatLoad(t.load, unitAt(b, t.load))}` : NONE;
}

/** The figures under a benchmark's table: sweet spot, breaking point, throughput, costs. */
function capacityLines(b: BenchmarkSummary): string[] {
  const bySlo = b.sweetSpotRule === 'slo-attainment';
  const at = (s: BenchmarkSummary['sweetSpot']) => (s ? formatLoad(s.load, b.levels[s.levelIndex].loadUnit) : undefined);
  const sweet = at(b.sweetSpot) ?? (bySlo ? 'none (the lowest load does not meet the SLO attainment)' : 'none (the lowest load is not within the SLA)');
  const rule = bySlo ? ` (by SLO attainment: every level up to it meets the target; by SLA tiers: ${at(b.sweetSpotBySlaTiers) ?? 'none'})` : ' (by SLA tiers)';
  const breaking = b.breakingPoint ? `${formatBreakingPoint(b.breakingPoint, unitAt(b, b.breakingPoint.firstBad))}${b.breakingPoint.reason ? `: ${inert(b.breakingPoint.reason)}` : ''}` : 'not reached';
  const frontier = b.pareto?.frontier.map((i) => formatLoad(b.levels[i].load, b.levels[i].loadUnit));
  return [
    `- Sweet spot: ${sweet}${rule}`,
    `- Breaking point: ${breaking}`,
    ...(frontier ? [`- Pareto frontier (tok/s per user against tok/s per GPU): ${frontier.join(', ')}`] : []),
    `- Max throughput: ${throughputText(b.maxThroughput, b)}`,
    `- Max throughput within SLA: ${throughputText(b.maxThroughputWithinSla, b)}`,
    costLine('Cost at sweet spot', b.cost.atSweetSpot),
    costLine('Cost at max throughput', b.cost.atMaxThroughput),
  ];
}

/** Every missing figure of a benchmark: its own, then each level's, prefixed with the level's load. */
function missingLines(b: BenchmarkSummary): string[] {
  const levelMissing = b.levels.flatMap((l) => l.missing.map((m) => `${formatLoad(l.load, l.loadUnit)}: ${m}`));
  const all = [...b.missing, ...levelMissing];
  return all.length === 0 ? [] : ['', 'Missing figures:', '', ...all.map((m) => `- ${inert(m)}`)];
}

/** Readable names of the bottleneck kinds. */
export const BOTTLENECK_TITLES: Readonly<Record<Bottleneck['kind'], string>> = {
  'kv-cache-wall': 'KV-cache wall',
  'compute-wall': 'compute wall',
  'latency-floor': 'latency floor',
  'not-reached': 'not reached',
  unknown: 'unknown',
};

/** The bottleneck line and the server-side table (only when the analysis ran). */
function analysisLines(b: BenchmarkSummary): string[] {
  const n = b.bottleneck;
  if (!n) return [];
  const where = n.load !== undefined && n.loadUnit ? ` at ${formatLoad(n.load, n.loadUnit)}` : '';
  const why = [...n.evidence, ...(n.reason ? [n.reason] : [])];
  const lines = [`- Bottleneck: ${BOTTLENECK_TITLES[n.kind]}${where}${why.length > 0 ? ` (${why.join('; ')})` : ''}`];
  const withServer = b.levels.filter((l) => l.server);
  if (withServer.length > 0) {
    lines.push('', 'Server side (vLLM and DCGM over each level\'s window):', '');
    lines.push(
      ...table(
        ['load', 'KV cache peak', 'KV cache mean', 'waiting peak', 'running peak', 'preemptions', 'vLLM TTFT p95 (ms)', 'vLLM ITL p95 (ms)', 'queue p95 (ms)', 'GPU util (%)'],
        ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        withServer.map((l) => {
          const s = l.server!;
          return [formatLoad(l.load, l.loadUnit), cell(s.kvCacheUsagePeak), cell(s.kvCacheUsageMean), cell(s.requestsWaitingPeak), cell(s.requestsRunningPeak), cell(s.preemptions), cell(s.ttftMs.p95), cell(s.itlMs.p95), cell(s.queueTimeMs.p95), cell(s.gpuUtilizationMean)];
        }),
      ),
    );
  }
  const flags = b.levels.flatMap((l) => (l.flags ?? []).map((f) => `${formatLoad(l.load, l.loadUnit)}: ${f}`));
  if (flags.length > 0) lines.push('', 'Flags:', '', ...flags.map((f) => `- ${f}`));
  return lines;
}

/** The serving configuration vLLM reports next to the declared one, and the analysis' problems. */
function servingCheckLines(s: TargetSummary): string[] {
  const a = s.analysis;
  if (!a) return [];
  const c = a.servingConfig;
  const show = (v: unknown) => (v === undefined ? NONE : String(v));
  const lines = ['## Bottleneck analysis', '', `vLLM series from ${a.prometheusUrl}; GPU series ${a.gpuPrometheusUrl ? `from ${a.gpuPrometheusUrl}` : 'not queried'}.`, ''];
  if (c.observed) {
    lines.push(
      ...table(
        ['setting', 'declared', 'vLLM reports'],
        ['l', 'l', 'l'],
        [
          ['KV-cache dtype', show(c.declared.kvCacheDtype), show(c.observed.cacheDtype)],
          ['block size', show(c.declared.blockSize), show(c.observed.blockSize)],
          ['GPU memory utilization', show(c.declared.gpuMemoryUtilization), show(c.observed.gpuMemoryUtilization)],
        ],
      ),
      '',
    );
  } else {
    lines.push(`Serving configuration as vLLM reports it: unknown (${inert(c.unknownReason ?? 'no data')}).`, '');
  }
  if (c.mismatches.length > 0) lines.push('Mismatches:', '', ...c.mismatches.map((m) => `- ${inert(m)}`), '');
  if (a.problems.length > 0) lines.push('Incomplete:', '', ...a.problems.map((p) => `- ${inert(p)}`), '');
  return lines;
}

function benchmarkSection(b: BenchmarkSummary): string[] {
  const lines = [`## ${b.name}`, '', `Scenario ${b.scenario}, load plan ${b.loadPlan}: ${b.status}${b.report ? ` (report ${inert(b.report)})` : ''}.`, ''];
  if (b.levels.length > 0) {
    lines.push(...table(LEVEL_HEADER, LEVEL_ALIGN, b.levels.map(levelRow)), '');
    lines.push(...capacityLines(b));
    lines.push(...analysisLines(b));
  } else {
    lines.push('No load level to summarise.');
  }
  lines.push(...missingLines(b), '');
  return lines;
}

function regressionLines(s: TargetSummary): string[] {
  const { comparedWith, findings, noiseRuns, withinNoise } = s.regressions;
  const lines = ['## Regressions', ''];
  if (comparedWith.length === 0) return [...lines, 'No earlier successful run to compare with.', ''];
  const band = noiseRuns === undefined ? '' : noiseRuns >= 2 ? ` Noise band: the spread of the last ${noiseRuns} successful runs.` : ` No noise band yet (${noiseRuns} earlier successful run(s); it needs 2).`;
  lines.push(`Compared with run(s) ${comparedWith.join(', ')}: ${findings.length === 0 ? 'no regression beyond the thresholds and the noise.' : `${findings.length} finding(s).`}${band}`);
  if (findings.length > 0) lines.push('', ...findings.map((f) => `- ${f.message}${f.noise ? ` (beyond the last ${f.noise.runs} runs' ${formatNumber(f.noise.min)}–${formatNumber(f.noise.max)})` : ''}`));
  if (withinNoise?.length) lines.push('', 'Within the noise (not flagged):', '', ...withinNoise.map((w) => `- ${w}`));
  return [...lines, ''];
}

/** Serving configuration as `key: value` lines, keys sorted. */
function servingLines(serving: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(serving).sort();
  if (keys.length === 0) return [];
  return ['Serving configuration:', '', ...keys.map((k) => `- ${k}: ${typeof serving[k] === 'string' ? serving[k] : JSON.stringify(serving[k])}`), ''];
}

/** `summary.md` of one target. */
export function summaryMarkdown(summary: TargetSummary): string {
  const t = summary.target;
  const hardware = [`${t.gpuCount}× ${t.gpuType ?? 'GPU'}`, t.instanceType, `${formatUsd(t.pricePerHour)}/h`].filter(Boolean).join(', ');
  const guidellm = summary.guidellm.version ?? summary.guidellm.image;
  const replicas = summary.analysis?.replicasSeen;
  const lines = [
    `# ${t.name}: run ${summary.runId} (${summary.environment})`,
    '',
    `Model ${t.model}${t.servedModelName && t.servedModelName !== t.model ? ` (served as ${t.servedModelName})` : ''} on ${t.gpuProfile} (${hardware})` +
      `${t.deployment ? `, deployment ${t.deployment}${replicas ? ` (${replicas} replica${replicas === 1 ? '' : 's'} seen)` : ''}` : ''}.${guidellm ? ` GuideLLM ${guidellm}.` : ''}`,
    '',
    ...servingLines(summary.serving),
    ...(summary.analysis?.servedImages?.length ? [`Model server image: ${summary.analysis.servedImages.map((i) => inert(`${i.image}${i.imageId ? ` (${i.imageId})` : ''}`)).join(', ')}.`, ''] : []),
    ...summary.benchmarks.flatMap(benchmarkSection),
    ...servingCheckLines(summary),
    ...regressionLines(summary),
  ];
  if (summary.problems.length > 0) lines.push('## Problems', '', ...summary.problems.map((p) => `- ${inert(p)}`), '');
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** `8–10`, or `1 (lowest)` when the lowest load already breaks, or `–`. */
function breakingCell(point: RunComparison['rows'][number]['breakingPoint']): string {
  if (!point) return NONE;
  if (point.lastGood === undefined) return `${formatNumber(point.firstBad)} (lowest)`;
  return `${formatNumber(point.lastGood)}–${formatNumber(point.firstBad)}`;
}

function comparisonRow(r: RunComparison['rows'][number]): string[] {
  return [
    r.target,
    r.benchmark,
    r.gpuProfile,
    formatUsd(r.pricePerHour),
    cell(r.sweetSpotUsers),
    breakingCell(r.breakingPoint),
    cell(r.maxOutputTokensPerSecond),
    r.maxOutputTokensPerSecond !== undefined && r.pricePerHour > 0 ? formatNumber(r.maxOutputTokensPerSecond / r.pricePerHour) : NONE,
    cell(r.costPer1MOutputTokensAtSweetSpot ?? (r.costPer1kOutputTokensAtSweetSpot === undefined ? undefined : r.costPer1kOutputTokensAtSweetSpot * 1000), formatUsd),
    cell(r.usersPerDollarHour),
    cell(r.equalCostInstances),
    cell(r.equalCostUsers),
    cell(r.equalCostOutputTokensPerSecond),
  ];
}

/** The capacity plan: per demand, the targets cheapest first and the answer in one line. */
function planLines(c: RunComparison): string[] {
  const lines: string[] = [];
  for (const p of c.plans ?? []) {
    const demand = formatLoad(p.amount, p.unit);
    lines.push('', `## Capacity plan: ${inert(p.demand)} (${demand})`, '');
    if (p.cheapest) {
      const first = p.rows[0];
      const runnerUp = p.runnerUp
        ? `; runner-up ${inert(p.runnerUp)}, ${formatUsd(p.runnerUpExtraDollarsPerHour ?? 0)}/h more${p.runnerUpExtraPercent !== undefined ? ` (+${formatNumber(p.runnerUpExtraPercent)} %)` : ''}`
        : '';
      lines.push(`Cheapest: ${inert(p.cheapest)}, ${first.replicas} replica(s) for ${formatUsd(first.dollarsPerHour)}/h${runnerUp}.`, '');
      lines.push(
        ...table(
          ['target', 'benchmark', 'GPU profile', 'per replica', 'replicas', '$/h', '$ per 1M output tok', 'headroom'],
          ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r'],
          p.rows.map((r) => [inert(r.target), inert(r.benchmark), inert(r.gpuProfile), `${formatNumber(r.capacityPerReplica)}${r.basis === 'littles-law' ? " (Little's law)" : ''}`, String(r.replicas), formatUsd(r.dollarsPerHour), cell(r.costPer1MOutputTokens, formatUsd), formatPercent(r.headroom)]),
        ),
      );
    } else lines.push('No target can plan for it.');
    if (p.unavailable?.length) lines.push('', 'No plan:', '', ...p.unavailable.map((u) => `- ${inert(u)}`));
  }
  return lines;
}

/** One model on two GPU profiles: the cheaper profile's fleet for the dearer one's price. */
function pairLines(c: RunComparison): string[] {
  if (!c.equalCostPairs?.length) return [];
  return [
    '',
    '## One model, two GPU profiles, the same money',
    '',
    ...table(
      ['model', 'benchmark', 'cheaper', 'instances for the dearer price', 'their users', 'dearer', 'its users'],
      ['l', 'l', 'l', 'r', 'r', 'l', 'r'],
      c.equalCostPairs.map((p) => [inert(p.model), inert(p.benchmark), inert(p.cheaper), String(p.instancesForDearerPrice), cell(p.cheaperFleetUsers), inert(p.dearer), cell(p.dearerUsers)]),
    ),
  ];
}

/** `comparison.md` of one run. */
export function comparisonMarkdown(c: RunComparison): string {
  const title = c.runId ? `# Run ${c.runId} (${c.environment}): targets compared` : '# Targets compared';
  const lines = [title, ''];
  const unavailable = (c.unavailable ?? []).length > 0 ? ['Not compared (summary not available):', '', ...c.unavailable!.map((u) => `- ${inert(u)}`), ''] : [];
  if (c.rows.length === 0) return `${[...lines, 'No target summary in this run.', '', ...unavailable].join('\n').replace(/\n+$/, '')}\n`;
  const budget = Math.max(...c.rows.map((r) => (Number.isFinite(r.pricePerHour) ? r.pricePerHour : 0)));
  const header = ['target', 'benchmark', 'GPU profile', 'price', 'sweet spot (users)', 'breaking point', 'max output tok/s', 'max tok/s per $/h', 'per 1M output tok at sweet spot', 'users per $/h', 'equal-cost instances', 'fleet users', 'fleet output tok/s'];
  lines.push(...table(header, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'], c.rows.map(comparisonRow)), '');
  lines.push(`Equal-cost fleet: how many instances of each target fit ${formatUsd(budget)}/h (the price of the most expensive target), and the users (at the sweet spot) and output tok/s (at max throughput) that fleet serves.`);
  lines.push(...planLines(c), ...pairLines(c));
  if (unavailable.length > 0) lines.push('', ...unavailable);
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
