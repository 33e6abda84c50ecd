/**
 * Classifies what limited a benchmark, from its levels' client-side (GuideLLM) and server-side (vLLM, DCGM)
 * figures. Pure: the same summary and thresholds always give the same answer.
 *
 * Rules, in this order (levels on the benchmark's main load axis, ascending):
 * 1. **latency-floor**: TTFT p95 (GuideLLM) at the lowest load is already above the SLA (`sla.ttftP95Ms.acceptable`):
 *    one request alone is too slow; more replicas do not help, parallelism per request (tensor parallelism, a
 *    faster GPU, a smaller model) does.
 * 2. **not-reached**: no level is in the "breaking" tier.
 * 3. At the breaking level (the summary's `breakingPoint.firstBad`):
 *    - **compute-wall**: mean GPU utilization ≥ `gpuUtilSaturated` and ITL p95 grew by ≥ `itlGrowthRatio` from the
 *      lowest level: the GPU ran out of compute (a bigger or second GPU helps).
 *    - **kv-cache-wall**: peak KV-cache usage ≥ `kvCacheNearFull`, requests waiting (peak ≥ 1) or preempted, and mean
 *      GPU utilization ≤ `gpuUtilModerate`: memory, not compute, is the limit (more GPU memory, FP8 KV cache,
 *      tensor parallelism help).
 *    - otherwise **unknown**, with the reason: a figure needed is missing (no DCGM, Prometheus unreachable, empty
 *      window), or the figures match neither wall (e.g. GPU utilization between the two thresholds).
 * ITL growth uses GuideLLM's ITL p95, or vLLM's when the client's is missing.
 */
import { formatLoad, formatNumber } from '../format';
import { primaryUnit } from '../summarize';
import { BenchmarkSummary, Bottleneck, LevelSummary, SlaTiers } from '../types';
import { AnalysisThresholds } from '../../../domain/contracts/processor-config';

export function classifyBenchmark(benchmark: BenchmarkSummary, sla: SlaTiers, t: AnalysisThresholds): Bottleneck {
  const unit = primaryUnit(benchmark.levels);
  const levels = benchmark.levels.filter((l) => l.loadUnit === unit).sort((a, b) => a.load - b.load);
  if (levels.length === 0) return { kind: 'unknown', evidence: [], reason: `no load level measured (status ${benchmark.status})` };
  const lowest = levels[0];
  const at = (l: LevelSummary) => ({ load: l.load, loadUnit: l.loadUnit });

  const ttft = lowest.ttftMs.p95;
  const slaTtft = sla.ttftP95Ms.acceptable;
  if (ttft !== undefined && ttft > slaTtft) {
    const server = lowest.server?.ttftMs.p95;
    return {
      kind: 'latency-floor',
      ...at(lowest),
      evidence: [
        `TTFT p95 ${formatNumber(ttft)} ms at the lowest load (${formatLoad(lowest.load, lowest.loadUnit)}) > SLA ${formatNumber(slaTtft)} ms`,
        ...(server !== undefined ? [`vLLM TTFT p95 ${formatNumber(server)} ms at that load`] : []),
      ],
    };
  }
  const breakingLoad = benchmark.breakingPoint?.firstBad;
  if (breakingLoad === undefined) {
    const highest = levels[levels.length - 1];
    return {
      kind: 'not-reached',
      ...at(highest),
      evidence: [`no level in the breaking tier up to ${formatLoad(highest.load, highest.loadUnit)}`, ...(ttft === undefined ? ['TTFT p95 at the lowest load unknown'] : [])],
    };
  }
  const breaking = levels.find((l) => l.load === breakingLoad) ?? levels[levels.length - 1];
  return classifyWall(breaking, lowest, t);
}

function classifyWall(level: LevelSummary, lowest: LevelSummary, t: AnalysisThresholds): Bottleneck {
  const where = { load: level.load, loadUnit: level.loadUnit };
  const server = level.server;
  if (!server) return { kind: 'unknown', ...where, evidence: [], reason: `no server-side figures at ${formatLoad(level.load, level.loadUnit)}` };
  const missing = (figure: string) => server.missing.find((m) => m.startsWith(`${figure}:`)) ?? `${figure}: no data`;

  const gpu = server.gpuUtilizationMean;
  const itl = level.itlMs.p95 ?? server.itlMs.p95;
  const itlBase = lowest.itlMs.p95 ?? lowest.server?.itlMs.p95;
  const growth = itl !== undefined && itlBase !== undefined && itlBase > 0 ? itl / itlBase : undefined;
  const kv = server.kvCacheUsagePeak;
  const waiting = server.requestsWaitingPeak;
  const preemptions = server.preemptions;

  const evidence: string[] = [];
  if (gpu !== undefined) evidence.push(`GPU utilization mean ${formatNumber(gpu)} %`);
  if (growth !== undefined) evidence.push(`ITL p95 ${formatNumber(itl!)} ms = ${formatNumber(growth)}× the ${formatNumber(itlBase!)} ms at ${formatLoad(lowest.load, lowest.loadUnit)}`);
  if (kv !== undefined) evidence.push(`KV-cache usage peak ${formatNumber(kv)}`);
  if (waiting !== undefined) evidence.push(`requests waiting peak ${formatNumber(waiting)}`);
  if (preemptions !== undefined) evidence.push(`preemptions ${formatNumber(preemptions)}`);

  if (gpu !== undefined && growth !== undefined && gpu >= t.gpuUtilSaturated && growth >= t.itlGrowthRatio) {
    return { kind: 'compute-wall', ...where, evidence: [`GPU utilization mean ${formatNumber(gpu)} % ≥ ${formatNumber(t.gpuUtilSaturated)} %`, `ITL p95 grew ${formatNumber(growth)}× ≥ ${formatNumber(t.itlGrowthRatio)}× (${formatNumber(itlBase!)} → ${formatNumber(itl!)} ms)`, ...evidence.filter((e) => !e.startsWith('GPU') && !e.startsWith('ITL'))] };
  }
  const cacheFull = kv !== undefined && kv >= t.kvCacheNearFull;
  const queued = (waiting !== undefined && waiting >= 1) || (preemptions !== undefined && preemptions > 0);
  if (cacheFull && queued && gpu !== undefined && gpu <= t.gpuUtilModerate) {
    return {
      kind: 'kv-cache-wall',
      ...where,
      evidence: [
        `KV-cache usage peak ${formatNumber(kv!)} ≥ ${formatNumber(t.kvCacheNearFull)}`,
        ...(waiting !== undefined && waiting >= 1 ? [`requests waiting peak ${formatNumber(waiting)}`] : []),
        ...(preemptions !== undefined && preemptions > 0 ? [`preemptions ${formatNumber(preemptions)}`] : []),
        `GPU utilization mean ${formatNumber(gpu)} % ≤ ${formatNumber(t.gpuUtilModerate)} %`,
      ],
    };
  }
  return { kind: 'unknown', ...where, evidence, reason: undecided(t, { gpu, growth, kv, cacheFull, queued }, missing) };
}

/** Why neither wall matched: the missing figure first, else the rule that failed. */
function undecided(
  t: AnalysisThresholds,
  f: { gpu?: number; growth?: number; kv?: number; cacheFull: boolean; queued: boolean },
  missing: (figure: string) => string,
): string {
  // vLLM's figures first: when they are missing (Prometheus down, empty window) the GPU's are too
  if (f.kv === undefined) return `KV-cache usage unknown (${missing('kvCacheUsagePeak')})`;
  if (f.gpu === undefined) return `GPU utilization unknown (${missing('gpuUtilizationMean')}): the walls cannot be told apart`;
  if (f.growth === undefined) return 'ITL p95 unknown at the breaking or the lowest level';
  if (f.gpu >= t.gpuUtilSaturated) return `GPU saturated (${formatNumber(f.gpu)} %) but ITL p95 grew only ${formatNumber(f.growth)}× (< ${formatNumber(t.itlGrowthRatio)}×)`;
  if (f.cacheFull && f.queued) return `KV cache full but GPU utilization ${formatNumber(f.gpu)} % is between moderate (${formatNumber(t.gpuUtilModerate)} %) and saturated (${formatNumber(t.gpuUtilSaturated)} %)`;
  if (f.cacheFull) return `KV cache full (${formatNumber(f.kv)}) but no request waited or was preempted`;
  return `neither wall: KV-cache peak ${formatNumber(f.kv)} < ${formatNumber(t.kvCacheNearFull)}, GPU ${formatNumber(f.gpu)} % < ${formatNumber(t.gpuUtilSaturated)} %`;
}

/**
 * Flags of one level: client TTFT far above vLLM's (network or client saturation), or a load generator that did
 * not reach the requested rate.
 */
export function levelFlags(level: LevelSummary, t: AnalysisThresholds): string[] {
  const flags: string[] = [];
  const client = level.ttftMs.p95;
  const server = level.server?.ttftMs.p95;
  if (client !== undefined && server !== undefined && server > 0) {
    const diff = client - server;
    const percent = (diff / server) * 100;
    if (Math.abs(diff) >= t.ttftClientServerMinDiffMs && Math.abs(percent) > t.ttftClientServerMarginPercent) {
      flags.push(
        diff > 0
          ? `client TTFT p95 ${formatNumber(client)} ms is ${formatNumber(percent)} % above vLLM's ${formatNumber(server)} ms: network or client saturation`
          : `client TTFT p95 ${formatNumber(client)} ms is ${formatNumber(-percent)} % below vLLM's ${formatNumber(server)} ms: the vLLM series may not be this target's`,
      );
    }
  }
  if (level.requestedRate !== undefined && level.requestedRate > 0 && level.achievedRate !== undefined) {
    const ratio = level.achievedRate / level.requestedRate;
    if (ratio < t.achievedRateMinRatio) {
      flags.push(`load generator reached ${formatNumber(level.achievedRate)} of the requested ${formatNumber(level.requestedRate)} req/s (${formatNumber(ratio * 100)} % < ${formatNumber(t.achievedRateMinRatio * 100)} %)`);
    }
  }
  return flags;
}
