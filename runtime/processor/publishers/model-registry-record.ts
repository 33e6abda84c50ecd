/**
 * What the Model Registry publisher records on a ModelVersion for one target: typed `customProperties` and a
 * readable block for the `description`. Pure functions of the TargetSummary (no I/O), so they are easy to test.
 *
 * Keys: `llmbench.<environment>.<gpuProfile>.<figure>` for the target and
 * `llmbench.<environment>.<gpuProfile>.<benchmark>.<figure>` per benchmark, so targets of one model on several
 * GPU profiles (or environments) sharing a registry never overwrite each other. Every key under the target's
 * prefix is owned by the publisher: it is replaced as a whole on each run (a figure absent this time is removed,
 * never left stale); keys outside it are kept.
 *
 * Value types (Kubeflow Model Registry v0.3.8 `MetadataValue`, discriminated by `metadataType`) are fixed per key,
 * so a registry filter such as `llmbench.prod.l4-x1.chat.sweet_spot_users.int_value > 4` keeps working:
 * counts (users, GPUs, regressions) are `MetadataIntValue` (a decimal string; at most 9 digits, the registry
 * stores int32), measured figures are `MetadataDoubleValue`, text is `MetadataStringValue`. A figure that is
 * absent or not finite is not written.
 */
import { BenchmarkSummary, CostFigures, LevelSummary, TargetSummary } from '../types';

/** A custom property value as the registry API takes it. */
export type MetadataValue =
  | { readonly metadataType: 'MetadataStringValue'; readonly string_value: string }
  | { readonly metadataType: 'MetadataDoubleValue'; readonly double_value: number }
  | { readonly metadataType: 'MetadataIntValue'; readonly int_value: string };

export type CustomProperties = Record<string, MetadataValue>;

/** Largest magnitude written as MetadataIntValue (the registry stores int32; main's spec allows 9 digits). */
const MAX_INT_PROPERTY = 999_999_999;

/** Key prefix owned by one target: `llmbench.<environment>.<gpuProfile>.` */
export function propertyPrefix(summary: TargetSummary): string {
  return `llmbench.${keyPart(summary.environment)}.${keyPart(summary.target.gpuProfile)}.`;
}

/** Keeps a key segment to letters, digits, `_` and `-` (dots separate segments). */
function keyPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

function text(value: string | undefined): MetadataValue | undefined {
  return value === undefined || value === '' ? undefined : { metadataType: 'MetadataStringValue', string_value: value };
}

function double(value: number | undefined): MetadataValue | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : { metadataType: 'MetadataDoubleValue', double_value: value };
}

/** An integer count; undefined when absent, fractional or beyond what the registry stores. */
function int(value: number | undefined): MetadataValue | undefined {
  if (value === undefined || !Number.isInteger(value) || Math.abs(value) > MAX_INT_PROPERTY) return undefined;
  return { metadataType: 'MetadataIntValue', int_value: String(value) };
}

/** Adds `prefix + name → value` when the value is present. */
function put(target: CustomProperties, prefix: string, name: string, value: MetadataValue | undefined): void {
  if (value !== undefined) target[prefix + name] = value;
}

/** Every custom property this target contributes (all keys start with `propertyPrefix(summary)`). */
export function summaryProperties(summary: TargetSummary): CustomProperties {
  const prefix = propertyPrefix(summary);
  const properties: CustomProperties = {};
  const t = summary.target;
  put(properties, prefix, 'run_id', text(summary.runId));
  put(properties, prefix, 'target', text(t.name));
  put(properties, prefix, 'gpu_type', text(t.gpuType));
  put(properties, prefix, 'gpu_count', int(t.gpuCount));
  put(properties, prefix, 'instance_type', text(t.instanceType));
  put(properties, prefix, 'price_per_hour_usd', double(t.pricePerHour));
  put(properties, prefix, 'serving', text(Object.keys(summary.serving).length > 0 ? JSON.stringify(summary.serving) : undefined));
  put(properties, prefix, 'guidellm_version', text(summary.guidellm.version));
  put(properties, prefix, 'regressions', int(summary.regressions.findings.length));
  for (const benchmark of summary.benchmarks) Object.assign(properties, benchmarkProperties(`${prefix}${keyPart(benchmark.name)}.`, benchmark));
  return properties;
}

/** `users` or `rps`: the unit suffix of a benchmark's load figures. */
function loadUnitOf(benchmark: BenchmarkSummary): 'users' | 'rps' | undefined {
  const unit = benchmark.levels[0]?.loadUnit;
  return unit === undefined ? undefined : unit === 'users' ? 'users' : 'rps';
}

/** A load as its unit wants it: users are counts (int), requests per second are figures (double). */
function load(unit: 'users' | 'rps', value: number | undefined): MetadataValue | undefined {
  return unit === 'users' ? int(value) : double(value);
}

function benchmarkProperties(prefix: string, b: BenchmarkSummary): CustomProperties {
  const properties: CustomProperties = {};
  put(properties, prefix, 'status', text(b.status));
  put(properties, prefix, 'scenario', text(b.scenario));
  put(properties, prefix, 'load_plan', text(b.loadPlan));
  const unit = loadUnitOf(b);
  if (unit !== undefined) {
    put(properties, prefix, `sweet_spot_${unit}`, load(unit, b.sweetSpot?.load));
    put(properties, prefix, `breaking_point_last_good_${unit}`, load(unit, b.breakingPoint?.lastGood));
    put(properties, prefix, `breaking_point_first_bad_${unit}`, load(unit, b.breakingPoint?.firstBad));
    put(properties, prefix, `max_throughput_${unit}`, load(unit, b.maxThroughput?.load));
  }
  put(properties, prefix, 'max_output_tok_per_s', double(b.maxThroughput?.outputTokensPerSecond));
  put(properties, prefix, 'max_output_tok_per_s_within_sla', double(b.maxThroughputWithinSla?.outputTokensPerSecond));
  const sweet = sweetSpotLevel(b);
  put(properties, prefix, 'ttft_p95_ms_at_sweet_spot', double(sweet?.ttftMs.p95));
  put(properties, prefix, 'itl_p95_ms_at_sweet_spot', double(sweet?.itlMs.p95));
  Object.assign(properties, costProperties(prefix, 'at_sweet_spot', b.cost.atSweetSpot));
  Object.assign(properties, costProperties(prefix, 'at_max_throughput', b.cost.atMaxThroughput));
  return properties;
}

function costProperties(prefix: string, where: string, cost: CostFigures): CustomProperties {
  const properties: CustomProperties = {};
  put(properties, prefix, `cost_per_1m_output_tokens_usd_${where}`, double(cost.costPer1MOutputTokens));
  // deprecated, kept one release
  put(properties, prefix, `cost_per_1k_output_tokens_usd_${where}`, double(cost.costPer1kOutputTokens));
  put(properties, prefix, `output_tok_per_s_per_dollar_hour_${where}`, double(cost.outputTokensPerSecondPerDollarHour));
  put(properties, prefix, `output_tok_per_s_per_gpu_${where}`, double(cost.outputTokensPerSecondPerGpu));
  return properties;
}

function sweetSpotLevel(b: BenchmarkSummary): LevelSummary | undefined {
  return b.sweetSpot === undefined ? undefined : b.levels[b.sweetSpot.levelIndex];
}

/**
 * `existing` with every key under `prefix` replaced by `mine` (keys of other targets and of other tools kept).
 * Needed because a PATCH's `customProperties` replaces the version's whole map.
 */
export function mergeProperties(existing: Readonly<Record<string, unknown>>, prefix: string, mine: CustomProperties): Record<string, unknown> {
  const kept = Object.entries(existing).filter(([key]) => !key.startsWith(prefix));
  return { ...Object.fromEntries(kept), ...mine };
}

// ------------------------------------------------------------------------------------------------ description

/** The lines that open and close the target's block in the description. */
export function blockMarkers(summary: TargetSummary): { begin: string; end: string } {
  const id = `${summary.environment}/${summary.target.gpuProfile}`;
  return { begin: `=== llmbench results ${id} ===`, end: `=== end of llmbench results ${id} ===` };
}

/**
 * `description` with the target's block replaced (or appended after a blank line); text outside it is kept.
 * Throws when the block was opened but never closed: guessing where it ends could delete someone's text.
 */
export function withDescriptionBlock(description: string | undefined, summary: TargetSummary): string {
  const { begin, end } = blockMarkers(summary);
  const block = [begin, ...descriptionLines(summary), end].join('\n');
  const current = description ?? '';
  const start = current.indexOf(begin);
  if (start < 0) return current.trim() === '' ? block : `${current.trimEnd()}\n\n${block}`;
  const stop = current.indexOf(end, start);
  if (stop < 0) throw new Error(`the description holds "${begin}" but not "${end}"; restore or remove that block by hand`);
  return current.slice(0, start) + block + current.slice(stop + end.length);
}

/** The readable block: the target in one line, one line per benchmark, the regressions. */
export function descriptionLines(summary: TargetSummary): string[] {
  const t = summary.target;
  const hardware = `${t.gpuCount} × ${t.gpuType ?? 'GPU'}${t.instanceType ? ` (${t.instanceType})` : ''} at $${fmt(t.pricePerHour)}/h`;
  const vllm = typeof summary.serving.vllmVersion === 'string' ? `, vLLM ${summary.serving.vllmVersion}` : '';
  const lines = [`Run ${summary.runId}, target ${t.name}: ${hardware}${vllm}.`];
  for (const b of summary.benchmarks) lines.push(`- ${benchmarkLine(b)}`);
  for (const finding of summary.regressions.findings) lines.push(`! Regression: ${finding.message}`);
  lines.push(`Figures: custom properties ${propertyPrefix(summary)}*`);
  return lines;
}

function benchmarkLine(b: BenchmarkSummary): string {
  const head = `${b.name} (${b.scenario}, ${b.loadPlan}, ${b.status})`;
  const unit = b.levels[0]?.loadUnit ?? 'users';
  const parts: string[] = [];
  if (b.sweetSpot) parts.push(`sweet spot ${fmt(b.sweetSpot.load)} ${unit}`);
  if (b.breakingPoint) parts.push(`breaks ${breakingText(b.breakingPoint, unit)}`);
  if (b.maxThroughput) parts.push(`max ${fmt(b.maxThroughput.outputTokensPerSecond)} output tok/s at ${fmt(b.maxThroughput.load)} ${unit}`);
  const cost = b.cost.atSweetSpot;
  if (cost.costPer1MOutputTokens !== undefined) parts.push(`$${fmt(cost.costPer1MOutputTokens)} per 1M output tokens at the sweet spot`);
  const perDollar = b.cost.atMaxThroughput.outputTokensPerSecondPerDollarHour;
  if (perDollar !== undefined) parts.push(`${fmt(perDollar)} tok/s per $/h at max throughput`);
  return parts.length === 0 ? `${head}: no figures` : `${head}: ${parts.join('; ')}`;
}

function breakingText(point: NonNullable<BenchmarkSummary['breakingPoint']>, unit: string): string {
  return point.lastGood === undefined ? `at ${fmt(point.firstBad)} ${unit}` : `between ${fmt(point.lastGood)} and ${fmt(point.firstBad)} ${unit}`;
}

/** Three significant digits, no exponent for everyday magnitudes (0.000794, 353, 12500). */
function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}
