/**
 * Results-processor summaries with every figure the processor can push, for the dashboard tests against a real
 * Prometheus: a chat ladder that breaks at 10 users, its output tokens per second scaled by `speed` (so two
 * clusters' figures for the same target differ).
 */
import { ResolvedEnvironment } from '../../config/resolve';
import { ResolvedTarget } from '../../config/target';
import { BenchmarkSummary, LevelSummary, TargetSummary } from '../../runtime/processor/types';

function level(load: number, tier: LevelSummary['tier'], ttftP95Ms: number, outputTokensPerSecond: number): LevelSummary {
  return {
    load,
    loadUnit: 'users',
    strategy: 'concurrent',
    ttftMs: { p50: ttftP95Ms / 2, p95: ttftP95Ms, p99: ttftP95Ms * 1.2 },
    itlMs: { p50: 20, p95: 30 + load, p99: 40 + load },
    requestLatencyS: { p50: 2, p95: 3, p99: 4 },
    requestsPerSecond: load / 2,
    outputTokensPerSecond,
    outputTokensPerSecondPerUser: 60 - load,
    outputTokensPerSecondPerGpu: outputTokensPerSecond,
    costPer1MOutputTokens: 1000 / outputTokensPerSecond,
    slo: { considered: 100, met: 100 - load, attainment: (100 - load) / 100, meetsTarget: load < 2, requestGoodput: load / 2, tokenGoodput: outputTokensPerSecond, excluded: { incomplete: 0, unmeasurable: 0 }, missedBy: {}, errored: 0 },
    totalTokensPerSecond: outputTokensPerSecond * 2,
    errorRate: tier === 'breaking' ? 0.06 : 0,
    tier,
    tierReasons: [],
    missing: [],
    server: { kvCacheUsagePeak: 0.3 + load / 20, requestsWaitingPeak: load > 5 ? 3 : 0, preemptions: 0, gpuUtilizationMean: 40 + load, ttftMs: {}, itlMs: {}, queueTimeMs: {}, missing: [] },
    flags: [],
  };
}

/** Output tokens per second of the ladder's sweet spot (5 users) and maximum (10 users) at speed 1. */
export const LADDER_TOKENS_PER_SECOND = { sweetSpot: 160, max: 200 } as const;

/** The summary of `target` of `env` (of a fleet's cluster when `env.cluster` is set), its throughput times `speed`. */
export function dashboardSummary(env: ResolvedEnvironment, target: ResolvedTarget, speed = 1): TargetSummary {
  const price = target.gpuProfile.pricePerHour;
  const gpus = target.gpuProfile.gpuCount;
  const sweet = LADDER_TOKENS_PER_SECOND.sweetSpot * speed;
  const max = LADDER_TOKENS_PER_SECOND.max * speed;
  const cost = (tokensPerSecond: number) => ({
    costPer1MOutputTokens: (price / 3600 / tokensPerSecond) * 1e6,
    costPer1kOutputTokens: (price / 3600 / tokensPerSecond) * 1000,
    outputTokensPerSecondPerDollarHour: tokensPerSecond / price,
    outputTokensPerSecondPerGpu: tokensPerSecond / gpus,
  });
  const chat: BenchmarkSummary = {
    name: 'chat-demo-ladder',
    scenario: 'chat',
    loadPlan: 'demo-ladder',
    status: 'succeeded',
    levels: [level(1, 'excellent', 180, 40 * speed), level(5, 'acceptable', 700, sweet), level(10, 'breaking', 2500, max)],
    sweetSpot: { load: 5, levelIndex: 1 },
    breakingPoint: { lastGood: 5, firstBad: 10 },
    pareto: { frontier: [0, 1, 2], sloFrontier: [0] },
    maxThroughput: { outputTokensPerSecond: max, load: 10 },
    maxThroughputWithinSla: { outputTokensPerSecond: sweet, load: 5 },
    cost: { atSweetSpot: cost(sweet), atMaxThroughput: cost(max) },
    bottleneck: { kind: 'kv-cache-wall', load: 10, loadUnit: 'users', evidence: ['KV-cache usage peak 0.95 ≥ 0.9'] },
    missing: [],
  };
  return {
    schemaVersion: 1,
    runId: '20261201-020000',
    environment: env.name,
    ...(env.cluster ? { cluster: env.cluster.name } : {}),
    target: { name: target.name, model: target.model.name, gpuProfile: target.gpuProfile.name, gpuCount: gpus, pricePerHour: price },
    serving: {},
    sla: env.config.sla,
    guidellm: {},
    benchmarks: [chat],
    regressions: { comparedWith: [], findings: [] },
    problems: [],
    // a plan for 200 users at the sweet spot of 5 users per replica
    plans: [{ demand: 'chat-200-users', benchmark: chat.name, amount: 200, unit: 'users', plan: { capacityPerReplica: 5, basis: 'measured', replicas: 40, dollarsPerHour: 40 * price, outputTokensPerSecond: 40 * sweet, costPer1MOutputTokens: ((40 * price) / 3600 / (40 * sweet)) * 1e6, headroom: 0 } }],
  };
}
