/**
 * The classification rules and their thresholds (runtime/processor/analysis/classify.ts), level by level on
 * hand-built summaries: each threshold just met and just missed, and every path that ends in "unknown".
 * The rules against a real Prometheus: bottleneck-prometheus.test.ts.
 */
import { declaredCacheConfig } from '../../../runtime/processor/analysis/analyze';
import { classifyBenchmark, levelFlags } from '../../../runtime/processor/analysis/classify';
import { BenchmarkSummary, LevelSummary, ServerFigures, Tier } from '../../../runtime/processor/types';
import { DEMO_SLA } from './demo-ladder';
import { TEST_THRESHOLDS } from './analysis-thresholds';

const T = TEST_THRESHOLDS;

const server = (s: Partial<ServerFigures> = {}): ServerFigures => ({ ttftMs: {}, itlMs: {}, queueTimeMs: {}, missing: [], ...s });

function level(load: number, tier: Tier, o: { ttft?: number; itl?: number; server?: ServerFigures; rate?: [number, number] } = {}): LevelSummary {
  return {
    load,
    loadUnit: o.rate ? 'requests/s' : 'users',
    strategy: o.rate ? 'constant' : 'concurrent',
    ttftMs: o.ttft === undefined ? {} : { p95: o.ttft },
    itlMs: o.itl === undefined ? {} : { p95: o.itl },
    requestLatencyS: {},
    tier,
    tierReasons: [],
    missing: [],
    ...(o.rate ? { requestedRate: o.rate[0], achievedRate: o.rate[1] } : {}),
    ...(o.server ? { server: o.server } : {}),
  };
}

function benchmark(levels: LevelSummary[]): BenchmarkSummary {
  const firstBad = levels.find((l) => l.tier === 'breaking');
  const before = firstBad ? levels.filter((l) => l.load < firstBad.load) : [];
  return {
    name: 'chat-ladder',
    scenario: 'chat',
    loadPlan: 'ladder',
    status: 'succeeded',
    levels,
    ...(firstBad ? { breakingPoint: { ...(before.length ? { lastGood: before[before.length - 1].load } : {}), firstBad: firstBad.load } } : {}),
    cost: { atSweetSpot: {}, atMaxThroughput: {} },
    missing: [],
  };
}

/** A ladder of 1 and 8 users that breaks at 8 users with these server figures there. */
const breaksAt8 = (s: Partial<ServerFigures>, itlAt8 = 24) =>
  benchmark([level(1, 'excellent', { ttft: 200, itl: 12, server: server({ gpuUtilizationMean: 30, kvCacheUsagePeak: 0.2 }) }), level(8, 'breaking', { ttft: 2500, itl: itlAt8, server: server(s) })]);

describe('classifyBenchmark', () => {
  test('latency floor: TTFT p95 above the SLA (acceptable tier) at the lowest load, whatever the server says', () => {
    const b = benchmark([level(1, 'degraded', { ttft: 1001 }), level(4, 'breaking', { ttft: 3000, server: server({ gpuUtilizationMean: 99 }) })]);
    expect(classifyBenchmark(b, DEMO_SLA, T)).toEqual({ kind: 'latency-floor', load: 1, loadUnit: 'users', evidence: ['TTFT p95 1001 ms at the lowest load (1 user) > SLA 1000 ms'] });
    // exactly at the SLA is within it
    const atSla = benchmark([level(1, 'acceptable', { ttft: 1000 }), level(4, 'acceptable', { ttft: 1000 })]);
    expect(classifyBenchmark(atSla, DEMO_SLA, T).kind).toBe('not-reached');
  });

  test('not reached: no breaking level', () => {
    const b = benchmark([level(1, 'excellent', { ttft: 200 }), level(8, 'degraded', { ttft: 1500 })]);
    expect(classifyBenchmark(b, DEMO_SLA, T)).toEqual({ kind: 'not-reached', load: 8, loadUnit: 'users', evidence: ['no level in the breaking tier up to 8 users'] });
  });

  test('compute wall: GPU utilization at gpuUtilSaturated and ITL grown by itlGrowthRatio', () => {
    expect(classifyBenchmark(breaksAt8({ gpuUtilizationMean: 90, kvCacheUsagePeak: 0.5 }), DEMO_SLA, T)).toEqual({
      kind: 'compute-wall',
      load: 8,
      loadUnit: 'users',
      evidence: ['GPU utilization mean 90 % ≥ 90 %', 'ITL p95 grew 2× ≥ 2× (12 → 24 ms)', 'KV-cache usage peak 0.5'],
    });
  });

  test('saturated GPU without enough ITL growth is no compute wall', () => {
    const b = classifyBenchmark(breaksAt8({ gpuUtilizationMean: 95, kvCacheUsagePeak: 0.5 }, 23.9), DEMO_SLA, T);
    expect(b.kind).toBe('unknown');
    expect(b.reason).toBe('GPU saturated (95 %) but ITL p95 grew only 1.99× (< 2×)');
  });

  test('KV-cache wall: cache at kvCacheNearFull, requests waiting or preempted, GPU at most gpuUtilModerate', () => {
    expect(classifyBenchmark(breaksAt8({ gpuUtilizationMean: 70, kvCacheUsagePeak: 0.9, requestsWaitingPeak: 1, preemptions: 0 }), DEMO_SLA, T)).toEqual({
      kind: 'kv-cache-wall',
      load: 8,
      loadUnit: 'users',
      evidence: ['KV-cache usage peak 0.9 ≥ 0.9', 'requests waiting peak 1', 'GPU utilization mean 70 % ≤ 70 %'],
    });
    // preemptions alone are enough
    expect(classifyBenchmark(breaksAt8({ gpuUtilizationMean: 40, kvCacheUsagePeak: 0.95, requestsWaitingPeak: 0, preemptions: 3 }), DEMO_SLA, T).kind).toBe('kv-cache-wall');
  });

  test('the unknown paths name what is missing or which rule failed', () => {
    const reason = (s: Partial<ServerFigures>, itl?: number) => classifyBenchmark(breaksAt8(s, itl), DEMO_SLA, T).reason;
    expect(reason({ kvCacheUsagePeak: 0.89, requestsWaitingPeak: 5, gpuUtilizationMean: 50 })).toBe('neither wall: KV-cache peak 0.89 < 0.9, GPU 50 % < 90 %');
    expect(reason({ kvCacheUsagePeak: 0.95, requestsWaitingPeak: 0, preemptions: 0, gpuUtilizationMean: 50 })).toBe('KV cache full (0.95) but no request waited or was preempted');
    expect(reason({ kvCacheUsagePeak: 0.95, requestsWaitingPeak: 2, gpuUtilizationMean: 71 })).toBe('KV cache full but GPU utilization 71 % is between moderate (70 %) and saturated (90 %)');
    expect(reason({ kvCacheUsagePeak: 0.95, requestsWaitingPeak: 2, missing: ['gpuUtilizationMean: GPU analysis disabled (analysis.gpu.enabled is false)'] })).toBe(
      'GPU utilization unknown (gpuUtilizationMean: GPU analysis disabled (analysis.gpu.enabled is false)): the walls cannot be told apart',
    );
    expect(reason({ gpuUtilizationMean: 50, missing: ['kvCacheUsagePeak: no data in the window'] })).toBe('KV-cache usage unknown (kvCacheUsagePeak: no data in the window)');
    expect(reason({ gpuUtilizationMean: 50 })).toBe('KV-cache usage unknown (kvCacheUsagePeak: no data)');
    // a compute wall needs no KV-cache figure
    expect(classifyBenchmark(breaksAt8({ gpuUtilizationMean: 95, missing: ['kvCacheUsagePeak: no data in the window'] }), DEMO_SLA, T).kind).toBe('compute-wall');

    const noItl = benchmark([level(1, 'excellent', { ttft: 200, server: server() }), level(8, 'breaking', { ttft: 2500, server: server({ gpuUtilizationMean: 95, kvCacheUsagePeak: 0.3 }) })]);
    expect(classifyBenchmark(noItl, DEMO_SLA, T).reason).toBe('ITL p95 unknown at the breaking or the lowest level');

    const noServer = benchmark([level(1, 'excellent', { ttft: 200 }), level(8, 'breaking', { ttft: 2500 })]);
    expect(classifyBenchmark(noServer, DEMO_SLA, T)).toEqual({ kind: 'unknown', load: 8, loadUnit: 'users', evidence: [], reason: 'no server-side figures at 8 users' });

    const empty = { ...benchmark([]), status: 'failed' };
    expect(classifyBenchmark(empty, DEMO_SLA, T)).toEqual({ kind: 'unknown', evidence: [], reason: 'no load level measured (status failed)' });
  });

  test('ITL growth falls back to vLLM’s ITL p95 when GuideLLM’s is missing', () => {
    const b = benchmark([
      level(1, 'excellent', { ttft: 200, server: server({ itlMs: { p95: 15 } }) }),
      level(8, 'breaking', { ttft: 2500, server: server({ gpuUtilizationMean: 95, kvCacheUsagePeak: 0.3, itlMs: { p95: 45 } }) }),
    ]);
    expect(classifyBenchmark(b, DEMO_SLA, T)).toMatchObject({ kind: 'compute-wall', evidence: ['GPU utilization mean 95 % ≥ 90 %', 'ITL p95 grew 3× ≥ 2× (15 → 45 ms)', 'KV-cache usage peak 0.3'] });
  });

  test('thresholds are the environment’s: a stricter kvCacheNearFull turns the same figures into a KV-cache wall', () => {
    const b = breaksAt8({ kvCacheUsagePeak: 0.85, requestsWaitingPeak: 3, gpuUtilizationMean: 50 });
    expect(classifyBenchmark(b, DEMO_SLA, T).kind).toBe('unknown');
    expect(classifyBenchmark(b, DEMO_SLA, { ...T, kvCacheNearFull: 0.8 }).kind).toBe('kv-cache-wall');
  });
});

describe('levelFlags', () => {
  test('client TTFT beyond the margin and the minimum difference is flagged, in both directions', () => {
    const at = (client: number, vllm: number) => levelFlags(level(4, 'acceptable', { ttft: client, server: server({ ttftMs: { p95: vllm } }) }), T);
    expect(at(400, 300)).toEqual(["client TTFT p95 400 ms is 33.3 % above vLLM's 300 ms: network or client saturation"]);
    expect(at(375, 300)).toEqual([]); // 25 %: not more than the margin
    expect(at(60, 20)).toEqual([]); // 200 % but only 40 ms apart
    expect(at(100, 200)).toEqual(["client TTFT p95 100 ms is 50 % below vLLM's 200 ms: the vLLM series may not be this target's"]);
    expect(levelFlags(level(4, 'acceptable', { ttft: 400 }), T)).toEqual([]);
  });

  test('a load generator below achievedRateMinRatio of the requested rate is flagged', () => {
    expect(levelFlags(level(10, 'acceptable', { rate: [10, 8.9] }), T)).toEqual(['load generator reached 8.9 of the requested 10 req/s (89 % < 90 %)']);
    expect(levelFlags(level(10, 'acceptable', { rate: [10, 9] }), T)).toEqual([]);
  });
});

describe('declaredCacheConfig', () => {
  test('reads kvCacheDtype, gpuMemoryUtilization and --block-size (both spellings) from the declared serving', () => {
    expect(declaredCacheConfig({ kvCacheDtype: 'fp8', gpuMemoryUtilization: 0.92, extraArgs: ['--block-size=32'] })).toEqual({ kvCacheDtype: 'fp8', gpuMemoryUtilization: 0.92, blockSize: 32 });
    expect(declaredCacheConfig({ extraArgs: ['--enforce-eager', '--block-size', '16'] })).toEqual({ blockSize: 16 });
    expect(declaredCacheConfig({})).toEqual({});
  });
});
