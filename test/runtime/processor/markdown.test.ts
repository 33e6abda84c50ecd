/**
 * summary.md and comparison.md: snapshots of the demo (INT4 on 1×L4, BF16 on 4×L4), explicit checks of the
 * lines a reader looks for, determinism, and no NaN / Infinity / undefined in the text.
 */
import { compareRun } from '../../../runtime/processor/compare';
import { comparisonMarkdown, summaryMarkdown } from '../../../runtime/processor/markdown';
import { findRegressions } from '../../../runtime/processor/regressions';
import { plansOf } from '../../../runtime/processor/main';
import { summarizeBenchmark } from '../../../runtime/processor/summarize';
import { ParsedLevel, TargetSummary } from '../../../runtime/processor/types';
import { BF16_STEPS, BF16_TARGET, benchmarkOf, concurrentLevel, DEMO_SLA, INT4_STEPS, INT4_TARGET, report, targetSummary } from './demo-ladder';

const RUN = '20261124-020000';
const PREVIOUS = '20261123-020000';

/** INT4 with a code benchmark that did not run, a regression against the previous run, and a parse problem. */
function int4Summary(): TargetSummary {
  const notRun = summarizeBenchmark({ name: 'code-demo-ladder', scenario: 'code', loadPlan: 'demo-ladder', status: 'not-run', sla: DEMO_SLA, pricePerHour: 0.85, gpuCount: 1 });
  const draft = targetSummary(RUN, INT4_TARGET, [benchmarkOf(INT4_STEPS, 0.85, 1), notRun]);
  const previous = targetSummary(PREVIOUS, INT4_TARGET, [benchmarkOf(INT4_STEPS.map((s) => ({ ...s, out: s.out * 1.2 })), 0.85, 1)]);
  const findings = findRegressions(draft, [previous], { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 });
  return { ...draft, regressions: { comparedWith: [PREVIOUS], findings }, problems: ['code-demo-ladder: no report at (no folder)'] };
}

const int4 = int4Summary();
const bf16 = targetSummary(RUN, BF16_TARGET, [benchmarkOf(BF16_STEPS, 3.4, 4)]);

describe('summary.md', () => {
  const md = summaryMarkdown(int4);
  const lines = md.split('\n');

  test('snapshot', () => expect(md).toMatchSnapshot());

  test('regressions: the noise band it was judged against, flagged findings with their band, changes within the noise', () => {
    const finding = { benchmark: 'chat-demo-ladder', kind: 'max-throughput-drop' as const, reference: { runId: '20261123-020000', value: 300 }, current: 210, changePercent: -30, message: 'chat-demo-ladder: max throughput 210 tok/s is 30 % below 300 tok/s in run 20261123-020000 (threshold 10 %)', noise: { runs: 4, min: 240, max: 300 } };
    const text = summaryMarkdown({ ...int4, regressions: { comparedWith: ['20261123-020000'], findings: [finding], noiseRuns: 4, withinNoise: ['chat-demo-ladder: TTFT p95 ... not flagged'] } });
    expect(text).toContain('Compared with run(s) 20261123-020000: 1 finding(s). Noise band: the spread of the last 4 successful runs.');
    expect(text).toContain("- chat-demo-ladder: max throughput 210 tok/s is 30 % below 300 tok/s in run 20261123-020000 (threshold 10 %) (beyond the last 4 runs' 240–300)");
    expect(text).toContain('Within the noise (not flagged):\n\n- chat-demo-ladder: TTFT p95 ... not flagged');
    const first = summaryMarkdown({ ...int4, regressions: { comparedWith: ['20261123-020000'], findings: [], noiseRuns: 1 } });
    expect(first).toContain('Compared with run(s) 20261123-020000: no regression beyond the thresholds and the noise. No noise band yet (1 earlier successful run(s); it needs 2).');
  });

  test('title, hardware and serving configuration', () => {
    expect(lines[0]).toBe('# mistral-3-int4-l4-x1: run 20261124-020000 (demo)');
    expect(lines).toContain('Model mistral-3-int4 on l4-x1 (1× NVIDIA-L4, g6.4xlarge, $0.85/h). GuideLLM 0.7.3.');
    expect(lines).toContain('- vllmVersion: 0.11.0');
  });

  test('one table row per load level: load, TTFT p50/p95, ITL p95, output tok/s, per user, per GPU, $/1M, error rate, attainment, goodput, tier', () => {
    expect(lines).toContain('| load | TTFT p50 (ms) | TTFT p95 (ms) | ITL p95 (ms) | output tok/s | tok/s per user | tok/s per GPU | $ per 1M output tok | error rate | SLO attainment | goodput (req/s) | tier |');
    // 1000 / 14 = 71.4 tok/s per user; 0.85 / 3600 / 68 × 1e6 = $3.47
    expect(lines).toContain('| 1 user | 120 | 180 | 16 | 68 | 71.4 | 68 | $3.47 | 0 % | – | – | excellent |');
    expect(lines).toContain('| 8 users | 900 | 1450 | 42 | 262 | 35.7 | 262 | $0.90 | 0 % | – | – | degraded |');
    expect(lines).toContain('| 20 users | 4000 | 6100 | 75 | 296 | 22.2 | 296 | $0.80 | 0.5 % | – | – | breaking |'); // 1 / 201 = 0.498 %
    expect(lines).toContain('| 30 users | 6500 | 9800 | 110 | 290 | 16.7 | 290 | $0.81 | 4 % | – | – | breaking |'); // 12 / 300
  });

  test('sweet spot, breaking point "8–10 users", max throughput and cost lines', () => {
    expect(lines).toContain('- Sweet spot: 5 users (by SLA tiers)');
    expect(lines).toContain('- Breaking point: 8–10 users: TTFT p95 2300 ms (breaking: \\> 2000 ms)');
    expect(lines).toContain('- Max throughput: 300 output tok/s at 15 users');
    expect(lines).toContain('- Max throughput within SLA: 215 output tok/s at 5 users');
    // 0.85 / 3600 / 215 × 1e6 = $1.098; 215 / 0.85 = 252.9
    expect(lines).toContain('- Cost at sweet spot: $1.10 per 1M output tokens, 253 output tok/s per $/h, 215 output tok/s per GPU');
    // 0.85 / 3600 / 300 × 1e6 = $0.787; 300 / 0.85 = 352.9: the demo's "353 tok/s per $"
    expect(lines).toContain('- Cost at max throughput: $0.79 per 1M output tokens, 353 output tok/s per $/h, 300 output tok/s per GPU');
  });

  test('a benchmark without report, the regressions and the problems are said', () => {
    expect(lines).toContain('Scenario code, load plan demo-ladder: not-run.');
    expect(lines).toContain('No load level to summarise.');
    expect(lines).toContain('- report: none (benchmark not-run)');
    expect(lines).toContain(`Compared with run(s) ${PREVIOUS}: 1 finding(s).`);
    // 360 tok/s before, 300 now: (300 − 360) / 360 = −16.7 %
    expect(lines).toContain(`- chat-demo-ladder: max throughput 300 tok/s is 16.7 % below 360 tok/s in run ${PREVIOUS} (threshold 10 %)`);
    expect(lines).toContain('- code-demo-ladder: no report at (no folder)');
  });

  test('missing figures are listed, per level with its load', () => {
    const l = concurrentLevel(INT4_STEPS[0]);
    const noP95: ParsedLevel = { ...l, metrics: { ...l.metrics, time_to_first_token_ms: { percentiles: { p50: 120 } } }, missing: ['time_to_first_token_ms.p95'] };
    const b = summarizeBenchmark({ name: 'b', scenario: 'chat', loadPlan: 'one', status: 'succeeded', parsed: report([noP95]), sla: DEMO_SLA, pricePerHour: 0.85, gpuCount: 1 });
    const text = summaryMarkdown({ ...int4, benchmarks: [b], regressions: { comparedWith: [], findings: [] }, problems: [] });
    expect(text).toContain('| 1 user | 120 | – | 16 | 68 | 71.4 | 68 | $3.47 | 0 % | – | – | excellent |');
    expect(text).toContain('Missing figures:\n\n- 1 user: time_to_first_token_ms.p90\n- 1 user: time_to_first_token_ms.p95\n- 1 user: time_to_first_token_ms.p99\n');
    expect(text).toContain('No earlier successful run to compare with.');
    expect(text).not.toContain('## Problems');
  });

  test('a breaking point at the lowest level, and none reached', () => {
    const breaksAtOnce = benchmarkOf(INT4_STEPS.filter((s) => s.users >= 10), 0.85, 1);
    const neverBreaks = benchmarkOf(INT4_STEPS.filter((s) => s.users <= 5), 0.85, 1);
    const text = summaryMarkdown({ ...int4, benchmarks: [breaksAtOnce, neverBreaks] });
    expect(text).toContain('- Breaking point: at 10 users (the lowest level)');
    expect(text).toContain('- Sweet spot: none (the lowest load is not within the SLA)');
    expect(text).toContain('- Cost at sweet spot: –');
    expect(text).toContain('- Breaking point: not reached');
  });

  test('deterministic, and no NaN, Infinity, undefined or null in the text', () => {
    expect(summaryMarkdown(int4Summary())).toBe(md);
    expect(md).not.toMatch(/NaN|Infinity|undefined|null/);
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });
});

describe('comparison.md', () => {
  const md = comparisonMarkdown(compareRun([bf16, int4]));
  const lines = md.split('\n');

  test('snapshot', () => expect(md).toMatchSnapshot());

  test('the demo: 4 INT4 instances for the price of one BF16, with the users and tok/s each fleet serves', () => {
    expect(lines).toContain('| mistral-3-bf16-l4-x4 | chat-demo-ladder | l4-x4 | $3.40 | 10 | 15–20 | 700 | 206 | $1.82 | 2.94 | 1 | 10 | 700 |');
    expect(lines).toContain('| mistral-3-int4-l4-x1 | chat-demo-ladder | l4-x1 | $0.85 | 5 | 8–10 | 300 | 353 | $1.10 | 5.88 | 4 | 20 | 1200 |');
    expect(lines).toContain('| mistral-3-int4-l4-x1 | code-demo-ladder | l4-x1 | $0.85 | – | – | – | – | – | – | 4 | – | – |');
    expect(md).toContain('fit $3.40/h (the price of the most expensive target)');
  });

  test('a capacity plan: the cheapest target and the runner-up in one line, then every target cheapest first', () => {
    const demand = [
      { name: 'chat-40-users', models: ['mistral-3-int4', 'mistral-3-bf16'], scenario: 'chat', users: 40 },
      { name: 'code-10-users', models: ['mistral-3-int4'], scenario: 'code', users: 10 },
    ];
    const withPlans = (s: TargetSummary) => ({ ...s, plans: plansOf({ ...s.target, serving: {} }, s.benchmarks, 1, demand) });
    const text = comparisonMarkdown(compareRun([withPlans(bf16), withPlans(int4)]));
    // INT4: 40 / 5 users = 8 replicas × $0.85 = $6.80/h; BF16: 40 / 10 = 4 × $3.40 = $13.60/h
    expect(text).toContain('## Capacity plan: chat-40-users (40 users)');
    expect(text).toContain('Cheapest: mistral-3-int4-l4-x1, 8 replica(s) for $6.80/h; runner-up mistral-3-bf16-l4-x4, $6.80/h more (+100 %).');
    expect(text).toContain('| mistral-3-int4-l4-x1 | chat-demo-ladder | l4-x1 | 5 | 8 | $6.80 |');
    expect(text).toContain('## Capacity plan: code-10-users (10 users)\n\nNo target can plan for it.\n\nNo plan:\n\n- mistral-3-int4-l4-x1 (code-demo-ladder): no sweet spot in code-demo-ladder (no load level)');
  });

  test('no target: says so', () => {
    expect(comparisonMarkdown(compareRun([]))).toBe('# Targets compared\n\nNo target summary in this run.\n');
  });

  test('deterministic, and no NaN, Infinity, undefined or null in the text', () => {
    expect(comparisonMarkdown(compareRun([bf16, int4]))).toBe(md);
    expect(md).not.toMatch(/NaN|Infinity|undefined|null/);
  });
});
