/**
 * The per-request capacity figures, recomputed independently: simulated GuideLLM reports with a record for every
 * request (scripts/guidellm-report-fixture.ts) of the reference demo (Mistral Small INT4 on 1×L4, BF16 on 4×L4) and
 * of one model on two GPU profiles, run through the real processor; every figure in summary.json — SLO attainment,
 * request and token goodput, output speed per user, output tok/s per GPU, $/1M tokens, the Pareto frontiers and
 * the sweet spot by attainment — is recomputed here from the raw records with this file's own code (no production
 * function), and must match to 0.1 %.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processTarget } from '../../../runtime/processor/main';
import type { ProcessorConfig } from '../../../domain/contracts/processor-config';
import { simulatedReport, SimulatedReport } from '../../../scripts/guidellm-report-fixture';
import { BF16_STEPS, DEMO_SLA, INT4_STEPS, Step } from './demo-ladder';

const SLO = { ttftMs: 1000, itlMs: 50, attainment: 0.99 };
const DEMAND = { name: 'chat-200-users', models: ['mistral-3'], scenario: 'chat', users: 200 };
const CONFIG: ProcessorConfig = { environment: 'demo', sla: DEMO_SLA, slo: SLO, demand: [DEMAND], regressions: { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 } };
const RUN = '20261124-020000';

/** A simulated ladder from the demo's measured steps: their medians and 95th percentiles, their error shares. */
function ladder(steps: readonly Step[], seed: number): SimulatedReport {
  return {
    levels: steps.map((s) => ({ users: s.users, ttftMs: s.ttft, itlMs: s.itl, errorShare: s.err / (s.ok + s.err) })),
    windowSeconds: 120,
    marginSeconds: 15,
    promptTokens: 512,
    outputTokens: [96, 160],
    oneTokenShare: 0.02,
    seed,
    startTime: 1_796_000_000,
  };
}

interface TargetSpec {
  readonly name: string;
  readonly gpuProfile: string;
  readonly gpuCount: number;
  readonly pricePerHour: number;
  readonly report: any;
}

const TARGETS: TargetSpec[] = [
  { name: 'mistral-3-int4-l4-x1', gpuProfile: 'l4-x1', gpuCount: 1, pricePerHour: 0.85, report: simulatedReport(ladder(INT4_STEPS, 11)) },
  { name: 'mistral-3-bf16-l4-x4', gpuProfile: 'l4-x4', gpuCount: 4, pricePerHour: 3.4, report: simulatedReport(ladder(BF16_STEPS, 12)) },
  // one model on a second GPU profile: the BF16 ladder, faster (half the latencies)
  {
    name: 'mistral-3-bf16-h100-x8',
    gpuProfile: 'h100-x8',
    gpuCount: 8,
    pricePerHour: 98.32,
    report: simulatedReport(ladder(BF16_STEPS.map((s) => ({ ...s, ttft: [s.ttft[0] / 2, s.ttft[1] / 2], itl: [s.itl[0] / 2, s.itl[1] / 2] })), 13)),
  },
];

let dir: string;
const summaries = new Map<string, any>();

/** `<results>/<runId>/<target>/` as the Job leaves it, with the target's report, processed by the real processor. */
async function processReport(runId: string, t: TargetSpec): Promise<any> {
  const folder = path.join(dir, 'results', runId, t.name);
  fs.mkdirSync(path.join(folder, 'chat-demo-ladder'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'chat-demo-ladder', 'benchmarks.json'), JSON.stringify(t.report));
  const run = {
    schemaVersion: 1,
    runId,
    environment: 'demo',
    outcome: 'succeeded',
    target: { name: t.name, model: 'mistral-3', gpuProfile: t.gpuProfile, gpuCount: t.gpuCount, pricePerHour: t.pricePerHour, serving: {} },
    guidellm: { version: '0.7.3' },
    benchmarks: [{ name: 'chat-demo-ladder', scenario: 'chat', loadPlan: 'demo-ladder', status: 'succeeded', folder: 'chat-demo-ladder', attempts: [] }],
  };
  fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify(run));
  return (await processTarget(folder, CONFIG, () => undefined)).summary;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capacity-truth-'));
  for (const t of TARGETS) summaries.set(t.name, await processReport(RUN, t));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// ----------------------------------------------------------------------- the independent recomputation

interface Truth {
  users: number;
  considered: number;
  met: number;
  attainment: number;
  requestGoodput: number;
  tokenGoodput: number;
  speedPerUser: number;
  perGpu: number;
  costPer1MOutput: number;
  costPer1MTotal: number;
}

/** Every level's figures from its raw request records, by the definitions of docs/capacity.md. */
function truthOf(t: TargetSpec): Truth[] {
  return t.report.benchmarks.map((b: any) => {
    const start = b.start_time;
    const end = b.end_time;
    const inWindow = (r: any) => r.request_end_time >= start && r.request_start_time <= end;
    const ok = b.requests.successful.filter(inWindow);
    const errored = b.requests.errored.filter(inWindow);
    // errored: misses; incomplete: out; a successful request without ITL (one token): out
    const measurable = ok.filter((r: any) => r.inter_token_latency_ms !== null && r.time_to_first_token_ms !== null);
    const meets = measurable.filter((r: any) => r.time_to_first_token_ms <= SLO.ttftMs && r.inter_token_latency_ms <= SLO.itlMs);
    const considered = measurable.length + errored.length;
    const seconds = end - start;
    const speeds = ok
      .map((r: any) => r.output_tokens / (r.request_latency - r.time_to_first_token_ms / 1000))
      .filter((v: number) => Number.isFinite(v) && v > 0)
      .sort((a: number, b: number) => a - b);
    const mid = Math.floor(speeds.length / 2);
    const speedPerUser = speeds.length % 2 ? speeds[mid] : (speeds[mid - 1] + speeds[mid]) / 2;
    const outTokS = ok.reduce((s: number, r: any) => s + r.output_tokens, 0) / seconds;
    const allTokS = ok.reduce((s: number, r: any) => s + r.output_tokens + r.prompt_tokens, 0) / seconds;
    return {
      users: b.config.strategy.streams,
      considered,
      met: meets.length,
      attainment: meets.length / considered,
      requestGoodput: meets.length / seconds,
      tokenGoodput: meets.reduce((s: number, r: any) => s + r.output_tokens, 0) / seconds,
      speedPerUser,
      perGpu: outTokS / t.gpuCount,
      costPer1MOutput: (t.pricePerHour / 3600 / outTokS) * 1e6,
      costPer1MTotal: (t.pricePerHour / 3600 / allTokS) * 1e6,
    };
  });
}

/** Points no other point beats on both axes (x, y higher is better), by brute force. */
function frontierOf(points: { i: number; x: number; y: number }[]): number[] {
  return points
    .filter((p) => !points.some((q) => q.x >= p.x && q.y >= p.y && (q.x > p.x || q.y > p.y)))
    .sort((a, b) => a.x - b.x)
    .map((p) => p.i);
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 0.001 + 1e-12);

describe.each(TARGETS.map((t) => [t.name, t] as const))('%s', (name, t) => {
  const truth = () => truthOf(t);
  const benchmark = () => summaries.get(name).benchmarks[0];

  test('the fixture holds every request: its aggregates are its own records (request totals, output tok/s)', () => {
    for (const b of t.report.benchmarks) {
      const inWindow = (r: any) => r.request_end_time >= b.start_time && r.request_start_time <= b.end_time;
      expect(b.metrics.request_totals.successful).toBe(b.requests.successful.filter(inWindow).length);
      expect(b.metrics.request_totals.errored).toBe(b.requests.errored.filter(inWindow).length);
      expect(b.metrics.request_totals.incomplete).toBe(b.requests.incomplete.filter(inWindow).length);
    }
    // the simulation exercises every rule: errors, cut-off requests and one-token answers
    const all = t.report.benchmarks.flatMap((b: any) => [...b.requests.errored, ...b.requests.incomplete, ...b.requests.successful.filter((r: any) => r.inter_token_latency_ms === null)]);
    expect(all.length).toBeGreaterThan(0);
  });

  test('per level: attainment, request and token goodput, speed per user, per GPU and $/1M match to 0.1 %', () => {
    const levels = benchmark().levels;
    expect(levels.map((l: any) => l.load)).toEqual(truth().map((x) => x.users));
    truth().forEach((x, i) => {
      const l = levels[i];
      expect([l.slo.considered, l.slo.met]).toEqual([x.considered, x.met]);
      close(l.slo.attainment, x.attainment);
      close(l.slo.requestGoodput, x.requestGoodput);
      close(l.slo.tokenGoodput, x.tokenGoodput);
      expect(l.outputTokensPerSecondPerUserBasis).toBe('requests');
      close(l.outputTokensPerSecondPerUser, x.speedPerUser);
      close(l.outputTokensPerSecondPerGpu, x.perGpu);
      close(l.costPer1MOutputTokens, x.costPer1MOutput);
      close(l.costPer1MTokens, x.costPer1MTotal);
      expect(l.slo.meetsTarget).toBe(x.attainment >= SLO.attainment);
    });
  });

  test('sweet spot by attainment: the highest load up to which every level meets 0.99', () => {
    const levels = truth();
    let sweet: number | undefined;
    for (const x of levels) {
      if (x.attainment < SLO.attainment) break;
      sweet = x.users;
    }
    const b = benchmark();
    expect(b.sweetSpotRule).toBe('slo-attainment');
    expect(b.sweetSpot?.load).toBe(sweet);
    const firstBad = levels.find((x) => x.attainment < SLO.attainment);
    expect(b.breakingPoint?.firstBad).toBe(firstBad?.users);
    if (firstBad) expect(b.breakingPoint.reason).toMatch(/^attainment [0-9.]+ < 0\.99 \(most misses: (TTFT > 1000 ms|ITL > 50 ms|errors), \d+ of \d+ requests\)$/);
  });

  test('the Pareto frontier and the frontier of SLO-meeting levels', () => {
    const levels = truth();
    const points = levels.map((x, i) => ({ i, x: x.speedPerUser, y: x.perGpu }));
    const b = benchmark();
    expect(b.pareto.frontier).toEqual(frontierOf(points));
    expect(b.pareto.sloFrontier).toEqual(frontierOf(points.filter((p) => levels[p.i].attainment >= SLO.attainment)));
  });
});

test('the capacity plan for 200 users: replicas, $/h, $/1M and headroom per target, the cheapest and the runner-up', () => {
  const expected = TARGETS.map((t) => {
    const levels = truthOf(t);
    let sweet: Truth | undefined;
    for (const x of levels) {
      if (x.attainment < SLO.attainment) break;
      sweet = x;
    }
    const replicas = Math.ceil(DEMAND.users / sweet!.users);
    const outTokS = sweet!.perGpu * t.gpuCount * (DEMAND.users / sweet!.users);
    return { target: t.name, replicas, dollarsPerHour: replicas * t.pricePerHour, costPer1M: ((replicas * t.pricePerHour) / 3600 / outTokS) * 1e6, headroom: (replicas * sweet!.users) / DEMAND.users - 1 };
  }).sort((a, b) => a.dollarsPerHour - b.dollarsPerHour);
  const comparison = JSON.parse(fs.readFileSync(path.join(dir, 'results', RUN, 'comparison.json'), 'utf8'));
  const plan = comparison.plans.find((p: any) => p.demand === DEMAND.name);
  expect(plan.rows.map((r: any) => [r.target, r.replicas])).toEqual(expected.map((e) => [e.target, e.replicas]));
  plan.rows.forEach((r: any, i: number) => {
    close(r.dollarsPerHour, expected[i].dollarsPerHour);
    close(r.costPer1MOutputTokens, expected[i].costPer1M);
    close(r.headroom, expected[i].headroom);
  });
  expect(plan.cheapest).toBe(expected[0].target);
  expect(plan.runnerUp).toBe(expected[1].target);
  close(plan.runnerUpExtraDollarsPerHour, expected[1].dollarsPerHour - expected[0].dollarsPerHour);
  // each target's own summary holds its plan
  for (const e of expected) expect(summaries.get(e.target).plans[0]).toMatchObject({ demand: DEMAND.name, benchmark: 'chat-demo-ladder', amount: 200, unit: 'users', plan: { replicas: e.replicas } });
  console.log(plan.rows.map((r: any) => `${r.target}: ${r.replicas} replicas, $${r.dollarsPerHour.toFixed(2)}/h, $${r.costPer1MOutputTokens.toFixed(2)}/1M output tokens, headroom ${(r.headroom * 100).toFixed(1)} %`).join('\n'));
});

test('one model on several GPU profiles without the same money: every pair, the cheaper fleet for the dearer price', () => {
  const comparison = JSON.parse(fs.readFileSync(path.join(dir, 'results', RUN, 'comparison.json'), 'utf8'));
  const pair = comparison.equalCostPairs.find((p: any) => p.cheaper === 'mistral-3-int4-l4-x1' && p.dearer === 'mistral-3-bf16-l4-x4');
  const int4 = summaries.get('mistral-3-int4-l4-x1').benchmarks[0];
  const bf16 = summaries.get('mistral-3-bf16-l4-x4').benchmarks[0];
  expect(pair).toEqual({ model: 'mistral-3', benchmark: 'chat-demo-ladder', cheaper: 'mistral-3-int4-l4-x1', dearer: 'mistral-3-bf16-l4-x4', instancesForDearerPrice: 4, cheaperFleetUsers: 4 * int4.sweetSpot.load, dearerUsers: bf16.sweetSpot.load });
  expect(comparison.equalCostPairs).toHaveLength(3);
});

test('the demo answer: INT4 on 1×L4 and BF16 on 4×L4 differ in sweet spot and cost per 1M output tokens', () => {
  const [int4, bf16] = ['mistral-3-int4-l4-x1', 'mistral-3-bf16-l4-x4'].map((n) => summaries.get(n).benchmarks[0]);
  const at = (b: any) => b.levels[b.sweetSpot.levelIndex];
  // recorded for the note: users at the sweet spot, $/1M output tokens there
  const line = (n: string, b: any) => `${n}: sweet spot ${b.sweetSpot.load} users (by tiers ${b.sweetSpotBySlaTiers?.load}), attainment ${at(b).slo.attainment.toFixed(4)}, $${at(b).costPer1MOutputTokens.toFixed(2)}/1M output tokens, ${at(b).outputTokensPerSecondPerGpu.toFixed(1)} tok/s per GPU`;
  console.log([line('INT4 1×L4', int4), line('BF16 4×L4', bf16)].join('\n'));
  expect(at(int4).costPer1MOutputTokens).toBeLessThan(at(bf16).costPer1MOutputTokens);
});

test('a sampled report (GuideLLM kept 20 requests per status): attainment unavailable with the reason, the sweet spot by SLA tiers', async () => {
  const report = simulatedReport(ladder(INT4_STEPS, 21)) as any;
  for (const b of report.benchmarks) b.requests.successful = b.requests.successful.slice(0, 20);
  const summary = await processReport('20261125-020000', { name: 'sampled', gpuProfile: 'l4-x1', gpuCount: 1, pricePerHour: 0.85, report });
  const b = summary.benchmarks[0];
  const total = report.benchmarks[0].metrics.request_totals.successful;
  expect(b.levels[0].slo).toBeUndefined();
  expect(b.levels[0].sloUnavailable).toMatch(new RegExp(`^the report holds \\d+ of ${total} successful requests of the measured window \\(request sampling, guidellm\\.requestSamples, or a cut report\\); per-request figures need every request$`));
  expect(b.levels[0].outputTokensPerSecondPerUserBasis).toBe('itlP50');
  expect(b.sweetSpotRule).toBe('sla-tiers');
  expect(b.missing).toContainEqual(expect.stringMatching(/^sweet spot by SLO attainment: 1 user: the report holds .*; decided by the SLA tiers$/));
});

test('a level GuideLLM stopped on over-saturation is broken: breaking tier, the SLO missed, the breaking point there', async () => {
  const report = simulatedReport(ladder(INT4_STEPS, 31)) as any;
  // GuideLLM ended the 3-user level with its over_saturation constraint (scheduler_state.end_processing_constraints)
  report.benchmarks[1].scheduler_state = { end_processing_constraints: { over_saturation: { request_queuing: 'stop', request_processing: 'stop_all', metadata: { is_over_saturated: true } } } };
  const summary = await processReport('20261126-020000', { name: 'saturated', gpuProfile: 'l4-x1', gpuCount: 1, pricePerHour: 0.85, report });
  const b = summary.benchmarks[0];
  expect(b.levels[1].tier).toBe('breaking');
  expect(b.levels[1].tierReasons[0]).toBe('GuideLLM stopped this level: over-saturation detected');
  expect(b.levels[1].slo).toMatchObject({ meetsTarget: false, shortfall: 'GuideLLM stopped this level: over-saturation detected' });
  expect(b.sweetSpot).toEqual({ load: 1, levelIndex: 0 });
  expect(b.breakingPoint).toEqual({ lastGood: 1, firstBad: 3, reason: 'GuideLLM stopped this level: over-saturation detected' });
});
