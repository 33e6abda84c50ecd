/**
 * The bottleneck analysis of one target: queries Prometheus for every load level's window, then classifies each
 * benchmark (classify.ts) and checks the serving configuration. Never throws: a missing metric, an unreachable
 * Prometheus or an empty window makes the figures it concerns unknown, with the reason, and the client-side
 * summary stays as it is.
 */
import { formatNumber } from '../format';
import { BenchmarkSummary, LevelSummary, ServerFigures, ServingConfigCheck, SlaTiers, TargetAnalysis } from '../types';
import { classifyBenchmark, levelFlags } from './classify';
import { AnalysisConfig } from '../../../domain/contracts/processor-config';
import { PrometheusClient, QUERIES_IN_FLIGHT } from './prometheus';
import { cacheConfigQuery, levelQueries, QueryTarget, rangeOf, servedImagesQuery } from './queries';

export interface AnalysisInput {
  readonly benchmarks: readonly BenchmarkSummary[];
  readonly target: { readonly model: string; readonly servedModelName?: string; readonly deployment?: string };
  /** The declared serving configuration (run.json `target.serving`). */
  readonly serving: Readonly<Record<string, unknown>>;
  readonly sla: SlaTiers;
}

export interface AnalysisOutput {
  readonly benchmarks: BenchmarkSummary[];
  readonly analysis: TargetAnalysis;
}

/** Message of a GPU figure when GPU analysis is off (the reason is the configuration, not the cluster). */
export const GPU_ANALYSIS_OFF = 'GPU analysis disabled (analysis.gpu.enabled is false)';

export async function analyzeTarget(input: AnalysisInput, config: AnalysisConfig, queriesInFlight = QUERIES_IN_FLIGHT): Promise<AnalysisOutput> {
  const vllm = new PrometheusClient(config.prometheus, config.servingNamespace, queriesInFlight);
  const dcgm = config.gpu ? new PrometheusClient(config.gpu, config.servingNamespace, queriesInFlight) : undefined;
  const target: QueryTarget = {
    servingNamespace: config.servingNamespace,
    servedModelName: input.target.servedModelName ?? input.target.model,
    deployment: input.target.deployment ?? input.target.model,
  };
  const problems = new Set<string>();

  // every level's queries are sent together; the clients keep a few in flight (QUERIES_IN_FLIGHT)
  const figures = await Promise.all(input.benchmarks.map((b) => Promise.all(b.levels.map((level) => levelFigures(level, target, vllm, dcgm)))));
  const benchmarks: BenchmarkSummary[] = input.benchmarks.map((benchmark, i) => {
    const levels = benchmark.levels.map((level, j): LevelSummary => {
      const { server, problems: found } = figures[i][j];
      for (const p of found) problems.add(p);
      const withServer: LevelSummary = { ...level, server };
      return { ...withServer, flags: levelFlags(withServer, config.thresholds) };
    });
    const analysed = { ...benchmark, levels };
    return { ...analysed, bottleneck: classifyBenchmark(analysed, input.sla, config.thresholds) };
  });
  const lastEnd = Math.max(0, ...input.benchmarks.flatMap((b) => b.levels.map((l) => l.window?.end ?? 0)));
  const servingConfig = await checkServingConfig(target, input.serving, vllm, lastEnd, problems);
  const images = await servedImages(target, vllm, lastEnd);
  if (vllm.unusable) problems.add(vllm.unusable);
  if (dcgm?.unusable) problems.add(`GPU figures: ${dcgm.unusable}`);
  if (!dcgm) problems.add(GPU_ANALYSIS_OFF);
  const replicas = benchmarks.flatMap((b) => b.levels.map((l) => l.server?.replicas)).filter((r): r is number => r !== undefined);
  return {
    benchmarks,
    analysis: {
      prometheusUrl: config.prometheus.url,
      ...(config.gpu ? { gpuPrometheusUrl: config.gpu.url } : {}),
      servingConfig,
      ...(replicas.length > 0 ? { replicasSeen: Math.max(...replicas) } : {}),
      ...images,
      problems: [...problems],
    },
  };
}

/** The server-side figures of one level; every failure is a `missing` entry, never a throw. */
async function levelFigures(level: LevelSummary, target: QueryTarget, vllm: PrometheusClient, dcgm: PrometheusClient | undefined): Promise<{ server: ServerFigures; problems: string[] }> {
  const problems = new Set<string>();
  const figures: Record<string, number> = {};
  const percentiles: Record<'ttftMs' | 'itlMs' | 'queueTimeMs', Record<string, number>> = { ttftMs: {}, itlMs: {}, queueTimeMs: {} };
  const missing: string[] = [];
  const window = level.window;
  const queries = window && window.end > window.start ? levelQueries(target, rangeOf(window.end - window.start)) : [];
  if (queries.length === 0) {
    for (const q of levelQueries(target, '1s')) missing.push(`${q.figure}: no measured window in the GuideLLM report`);
  }
  // every query of the level at once (each client bounds how many are in flight); results taken in query order
  const outcomes = await Promise.all(
    queries.map(async (q): Promise<{ value?: number; missing?: string; problem?: string }> => {
      const client = q.source === 'dcgm' ? dcgm : vllm;
      if (!client) return { missing: `${q.figure}: ${GPU_ANALYSIS_OFF}` };
      try {
        const samples = await client.query(q.expr, window!.end);
        if (samples.length === 0) {
          return { missing: `${q.figure}: no data in the window ${iso(window!.start)} – ${iso(window!.end)}${q.source === 'dcgm' ? ' (no DCGM series for the serving pods)' : ''}` };
        }
        return { value: samples[0].value * q.scale };
      } catch (e) {
        const reason = (e as Error).message;
        return { missing: `${q.figure}: ${reason}`, ...(client.unusable ? {} : { problem: reason }) };
      }
    }),
  );
  queries.forEach((q, i) => {
    const { value, missing: why, problem } = outcomes[i];
    if (why !== undefined) missing.push(why);
    if (problem !== undefined) problems.add(problem);
    if (value === undefined) return;
    const [name, key] = q.figure.split('.');
    if (key) percentiles[name as keyof typeof percentiles][key] = value;
    else figures[name] = value;
  });
  return { server: { ...figures, ...percentiles, missing }, problems: [...problems] };
}

/** What the deployment's model-server containers ran (kube-state-metrics), or why that is unknown; never throws. */
async function servedImages(target: QueryTarget, vllm: PrometheusClient, time: number): Promise<Pick<TargetAnalysis, 'servedImages' | 'servedImagesUnknown'>> {
  try {
    const samples = await vllm.query(servedImagesQuery(target), time || Date.now() / 1000);
    if (samples.length === 0) return { servedImagesUnknown: `no ${servedImagesQuery(target)} series (kube-state-metrics not readable through this Prometheus?)` };
    const images = samples
      .map((s) => ({ image: s.metric.image ?? '', ...(s.metric.image_id ? { imageId: s.metric.image_id } : {}) }))
      .sort((x, y) => `${x.image} ${x.imageId}`.localeCompare(`${y.image} ${y.imageId}`));
    return { servedImages: images };
  } catch (e) {
    return { servedImagesUnknown: (e as Error).message };
  }
}

/** `vllm:cache_config_info` of the serving pods next to the declared `serving` (kvCacheDtype, gpuMemoryUtilization, --block-size). */
async function checkServingConfig(target: QueryTarget, serving: Readonly<Record<string, unknown>>, vllm: PrometheusClient, time: number, problems: Set<string>): Promise<ServingConfigCheck> {
  const declared = declaredCacheConfig(serving);
  let samples;
  try {
    samples = await vllm.query(cacheConfigQuery(target), time || Date.now() / 1000);
  } catch (e) {
    if (!vllm.unusable) problems.add((e as Error).message);
    return { declared, mismatches: [], unknownReason: (e as Error).message };
  }
  if (samples.length === 0) return { declared, mismatches: [], unknownReason: `no ${cacheConfigQuery(target)} series` };
  const labels = samples[0].metric;
  const number = (text: string | undefined) => (text !== undefined && text !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined);
  const observed = {
    ...(labels.cache_dtype ? { cacheDtype: labels.cache_dtype } : {}),
    ...(number(labels.block_size) !== undefined ? { blockSize: number(labels.block_size) } : {}),
    ...(number(labels.gpu_memory_utilization) !== undefined ? { gpuMemoryUtilization: number(labels.gpu_memory_utilization) } : {}),
  };
  const mismatches: string[] = [];
  if (samples.length > 1) mismatches.push(`the serving pods report ${samples.length} different cache configurations`);
  if (declared.kvCacheDtype !== undefined && observed.cacheDtype !== undefined && declared.kvCacheDtype !== observed.cacheDtype) {
    mismatches.push(`KV-cache dtype: declared ${declared.kvCacheDtype}, vLLM reports ${observed.cacheDtype}`);
  }
  if (declared.gpuMemoryUtilization !== undefined && observed.gpuMemoryUtilization !== undefined && Math.abs(declared.gpuMemoryUtilization - observed.gpuMemoryUtilization) > 1e-6) {
    mismatches.push(`GPU memory utilization: declared ${formatNumber(declared.gpuMemoryUtilization)}, vLLM reports ${formatNumber(observed.gpuMemoryUtilization)}`);
  }
  if (declared.blockSize !== undefined && observed.blockSize !== undefined && declared.blockSize !== observed.blockSize) {
    mismatches.push(`block size: declared ${declared.blockSize}, vLLM reports ${observed.blockSize}`);
  }
  return { observed, declared, mismatches };
}

/** The declared cache settings: `kvCacheDtype`, `gpuMemoryUtilization`, and `--block-size` from `extraArgs`. */
export function declaredCacheConfig(serving: Readonly<Record<string, unknown>>): ServingConfigCheck['declared'] {
  const args = Array.isArray(serving.extraArgs) ? serving.extraArgs.map(String) : [];
  let blockSize: number | undefined;
  args.forEach((arg, i) => {
    const m = /^--block-size(?:=(\d+))?$/.exec(arg);
    if (m) blockSize = Number(m[1] ?? args[i + 1]);
  });
  return {
    ...(typeof serving.kvCacheDtype === 'string' ? { kvCacheDtype: serving.kvCacheDtype } : {}),
    ...(blockSize !== undefined && Number.isFinite(blockSize) ? { blockSize } : {}),
    ...(typeof serving.gpuMemoryUtilization === 'number' ? { gpuMemoryUtilization: serving.gpuMemoryUtilization } : {}),
  };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
