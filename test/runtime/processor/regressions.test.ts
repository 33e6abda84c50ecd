/**
 * Regressions against reference summaries (max-throughput drop, sweet-spot drop, TTFT p95 rise at the same
 * load; over and under the thresholds), and findPreviousRun on a temporary results folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { beyondNoise, findPreviousRun, findPreviousRuns, findRegressions, RegressionThresholds } from '../../../runtime/processor/regressions';
import { benchmarkOf, expectJsonSafe, INT4_STEPS, INT4_TARGET, Step, targetSummary } from './demo-ladder';

const THRESHOLDS: RegressionThresholds = { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 };
const PREVIOUS = '20261123-020000';
const BASELINE = '20261101-020000';
const CURRENT = '20261124-020000';

function summaryOf(runId: string, steps: readonly Step[]) {
  return targetSummary(runId, INT4_TARGET, [benchmarkOf(steps, INT4_TARGET.pricePerHour, 1)]);
}

/** The INT4 ladder with every output tok/s scaled. */
const scaledThroughput = (factor: number) => INT4_STEPS.map((s) => ({ ...s, out: s.out * factor }));

describe('run-to-run noise', () => {
  const reference = summaryOf(PREVIOUS, INT4_STEPS);
  // the last four runs' max throughput: 300, 240, 280, 260 tok/s
  const history = [1, 0.8, 0.9333333333333333, 0.8666666666666667].map((f, i) => summaryOf(`2026112${i}-020000`, scaledThroughput(f)));

  test('a drop beyond the threshold but within the spread of the recent runs is named, not flagged', () => {
    const current = summaryOf(CURRENT, scaledThroughput(0.85)); // 255 tok/s: −15 % against 300, inside 240–300
    const { findings, withinNoise } = beyondNoise(current, findRegressions(current, [reference], THRESHOLDS), history);
    expect(findings).toEqual([]);
    expect(withinNoise).toEqual([`chat-demo-ladder: max throughput 255 tok/s is 15 % below 300 tok/s in run ${PREVIOUS} (threshold 10 %); within the spread of the last 4 runs (240–300), not flagged`]);
  });

  test('a drop below the lowest recent run is flagged, with the band', () => {
    const current = summaryOf(CURRENT, scaledThroughput(0.7)); // 210 tok/s < 240
    const { findings, withinNoise } = beyondNoise(current, findRegressions(current, [reference], THRESHOLDS), history);
    expect(findings.map((f) => [f.kind, f.current, f.noise])).toEqual([['max-throughput-drop', 210, { runs: 4, min: 240, max: 300 }]]);
    expect(withinNoise).toEqual([]);
  });

  test('with fewer than two recent runs there is no band: every finding beyond the threshold stays', () => {
    const current = summaryOf(CURRENT, scaledThroughput(0.85));
    const all = findRegressions(current, [reference], THRESHOLDS);
    expect(beyondNoise(current, all, history.slice(0, 1)).findings).toEqual(all);
  });
});

describe('findRegressions', () => {
  const reference = summaryOf(PREVIOUS, INT4_STEPS);

  test('the same figures: no finding', () => {
    expect(findRegressions(summaryOf(CURRENT, INT4_STEPS), [reference], THRESHOLDS)).toEqual([]);
  });

  test('max throughput 15 % lower: flagged over a 10 % threshold, not under a 20 % one', () => {
    const current = summaryOf(CURRENT, scaledThroughput(0.85)); // 300 → 255 tok/s: (255 − 300) / 300 = −15 %
    const findings = findRegressions(current, [reference], THRESHOLDS);
    expect(findings).toEqual([
      {
        benchmark: 'chat-demo-ladder',
        kind: 'max-throughput-drop',
        reference: { runId: PREVIOUS, value: 300 },
        current: 255,
        changePercent: -15,
        message: `chat-demo-ladder: max throughput 255 tok/s is 15 % below 300 tok/s in run ${PREVIOUS} (threshold 10 %)`,
      },
    ]);
    expectJsonSafe(findings);
    expect(findRegressions(current, [reference], { ...THRESHOLDS, maxThroughputDropPercent: 20 })).toEqual([]);
  });

  test('sweet spots are compared by the same rule: SLO attainment only when both runs have it, else SLA tiers', () => {
    const withRule = (summary: ReturnType<typeof summaryOf>, rule: 'slo-attainment', load: number, byTiers = summary.benchmarks[0].sweetSpot) => {
      const b = summary.benchmarks[0];
      const levelIndex = b.levels.findIndex((l) => l.load === load);
      return { ...summary, benchmarks: [{ ...b, sweetSpotRule: rule, sweetSpot: { load, levelIndex }, sweetSpotBySlaTiers: byTiers }] };
    };
    const relaxed = { ...THRESHOLDS, ttftP95RisePercent: 100 };
    // reference by tiers (a schema 1 summary: no rule) 5 users; now 3 users by attainment, still 5 by tiers: no finding
    expect(findRegressions(withRule(summaryOf(CURRENT, INT4_STEPS), 'slo-attainment', 3), [reference], relaxed)).toEqual([]);
    // both by attainment: 5 → 3 users is −40 %
    const findings = findRegressions(withRule(summaryOf(CURRENT, INT4_STEPS), 'slo-attainment', 3), [withRule(reference, 'slo-attainment', 5)], relaxed);
    expect(findings.map((f) => [f.kind, f.reference.value, f.current, f.changePercent])).toEqual([['sweet-spot-drop', 5, 3, -40]]);
  });

  test('a drop of exactly the threshold is not beyond it; a rise in throughput is never flagged', () => {
    expect(findRegressions(summaryOf(CURRENT, scaledThroughput(0.9)), [reference], THRESHOLDS)).toEqual([]); // exactly −10 %
    expect(findRegressions(summaryOf(CURRENT, scaledThroughput(1.5)), [reference], THRESHOLDS)).toEqual([]);
  });

  test('sweet spot 5 → 3 users (−40 %) is flagged; over a 50 % threshold it is not', () => {
    // TTFT p95 at 5 users 1100 ms: degraded, so the sweet spot falls back to 3 users
    const steps = INT4_STEPS.map((s) => (s.users === 5 ? { ...s, ttft: [480, 1100] as const } : s));
    const current = summaryOf(CURRENT, steps);
    const relaxed = { ...THRESHOLDS, ttftP95RisePercent: 100 };
    expect(findRegressions(current, [reference], relaxed)).toEqual([
      {
        benchmark: 'chat-demo-ladder',
        kind: 'sweet-spot-drop',
        reference: { runId: PREVIOUS, value: 5 },
        current: 3,
        changePercent: -40,
        message: `chat-demo-ladder: sweet spot 3 users is 40 % below 5 users in run ${PREVIOUS} (threshold 20 %)`,
      },
    ]);
    expect(findRegressions(current, [reference], { ...relaxed, sweetSpotDropPercent: 50 })).toEqual([]);
  });

  test('no sweet spot any more (even 1 user misses the SLA) counts as a 100 % drop', () => {
    const steps = INT4_STEPS.map((s) => ({ ...s, ttft: [s.ttft[0], Math.max(s.ttft[1], 1500)] as const }));
    const findings = findRegressions(summaryOf(CURRENT, steps), [reference], { ...THRESHOLDS, ttftP95RisePercent: 1000 });
    expect(findings.map((f) => [f.kind, f.current, f.changePercent])).toEqual([['sweet-spot-drop', 0, -100]]);
    expect(findings[0].message).toBe(`chat-demo-ladder: sweet spot none (the lowest load misses the SLA) is 100 % below 5 users in run ${PREVIOUS} (threshold 20 %)`);
  });

  test('TTFT p95 +30 % at 8 users is flagged at that load only; +20 % at 10 users is under the 25 % threshold', () => {
    const steps = INT4_STEPS.map((s) => (s.users === 8 ? { ...s, ttft: [900, 1885] as const } : s.users === 10 ? { ...s, ttft: [1400, 2760] as const } : s));
    const findings = findRegressions(summaryOf(CURRENT, steps), [reference], THRESHOLDS);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'ttft-p95-rise', load: 8, reference: { runId: PREVIOUS, value: 1450 }, current: 1885 });
    expect(findings[0].changePercent).toBeCloseTo(30, 10); // (1885 − 1450) / 1450 = 0.30
    expect(findings[0].message).toBe(`chat-demo-ladder: TTFT p95 at 8 users is 1885 ms, 30 % above 1450 ms in run ${PREVIOUS} (threshold 25 %)`);
  });

  test('TTFT p95 is compared at matching loads only', () => {
    const reference8 = summaryOf(PREVIOUS, INT4_STEPS.filter((s) => s.users !== 8));
    const steps = INT4_STEPS.map((s) => (s.users === 8 ? { ...s, ttft: [900, 5000] as const } : s));
    expect(findRegressions(summaryOf(CURRENT, steps), [reference8], { ...THRESHOLDS, sweetSpotDropPercent: 100 })).toEqual([]);
  });

  test('several references (previous run and pinned baseline): findings per reference, in order', () => {
    const baseline = summaryOf(BASELINE, scaledThroughput(1.25)); // 375 tok/s at 15 users
    const current = summaryOf(CURRENT, scaledThroughput(0.85)); // 255 tok/s: −15 % vs previous, −32 % vs baseline
    const findings = findRegressions(current, [reference, baseline], THRESHOLDS);
    expect(findings.map((f) => [f.reference.runId, f.kind, f.changePercent])).toEqual([
      [PREVIOUS, 'max-throughput-drop', -15],
      [BASELINE, 'max-throughput-drop', -32],
    ]);
    // 285 tok/s: −5 % vs previous (under the threshold), −24 % vs baseline
    const slight = findRegressions(summaryOf(CURRENT, scaledThroughput(0.95)), [reference, baseline], THRESHOLDS);
    expect(slight.map((f) => [f.reference.runId, f.changePercent])).toEqual([[BASELINE, -24]]);
  });

  test('benchmarks missing from the reference, or without a max throughput, are not compared', () => {
    const other = targetSummary(PREVIOUS, INT4_TARGET, [benchmarkOf(INT4_STEPS, 0.85, 1, 'code-demo-ladder')]);
    expect(findRegressions(summaryOf(CURRENT, scaledThroughput(0.5)), [other], THRESHOLDS)).toEqual([]);
    const zero = summaryOf(CURRENT, scaledThroughput(0));
    expect(findRegressions(zero, [reference], THRESHOLDS).map((f) => f.kind)).toEqual([]);
  });
});

describe('findPreviousRun', () => {
  const TARGET = INT4_TARGET.name;
  let dir: string;

  /** `<dir>/<run>/<target>/` with run.json (outcome) and, when asked, summary.json. */
  function run(runId: string, outcome: string | undefined, withSummary: boolean, target = TARGET): void {
    const folder = path.join(dir, runId, target);
    fs.mkdirSync(folder, { recursive: true });
    if (outcome !== undefined) fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify({ runId, outcome }));
    if (withSummary) fs.writeFileSync(path.join(folder, 'summary.json'), '{}');
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'previous-run-'));
    run('20261120-020000', 'succeeded', true); // the answer
    run('20261121-020000', 'failed', true); // failed
    run('20261122-020000', 'succeeded', false); // not summarised
    run('20261122-140000', 'succeeded', true, 'another-target'); // another target only
    run('20261123-020000', undefined, true); // no run.json
    run(CURRENT, 'succeeded', true); // the current run itself
    run('20261125-020000', 'succeeded', true); // later
    fs.mkdirSync(path.join(dir, 'archive', TARGET), { recursive: true }); // not a run id
    fs.writeFileSync(path.join(dir, '20261123-230000'), 'a file, not a run folder');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('picks the newest earlier run where the target succeeded and was summarised', () => {
    expect(findPreviousRun(dir, TARGET, CURRENT)).toBe('20261120-020000');
  });

  test('a newer qualifying run wins; run ids with a suffix sort by time too', () => {
    run('20261122-020000', 'succeeded', true);
    expect(findPreviousRun(dir, TARGET, CURRENT)).toBe('20261122-020000');
    run('20261123-020000-manual', 'succeeded', true);
    expect(findPreviousRun(dir, TARGET, CURRENT)).toBe('20261123-020000-manual');
  });

  test('the newest N qualifying runs, newest first (the noise band)', () => {
    run('20261122-020000', 'succeeded', true);
    run('20261123-020000-manual', 'succeeded', true);
    expect(findPreviousRuns(dir, TARGET, CURRENT, 2)).toEqual(['20261123-020000-manual', '20261122-020000']);
    expect(findPreviousRuns(dir, TARGET, CURRENT, 10)).toEqual(['20261123-020000-manual', '20261122-020000', '20261120-020000']);
    expect(findPreviousRuns(dir, TARGET, CURRENT, 0)).toEqual([]);
  });

  test('an unreadable run.json does not qualify', () => {
    fs.writeFileSync(path.join(dir, '20261120-020000', TARGET, 'run.json'), '{"outcome": "succ');
    expect(findPreviousRun(dir, TARGET, CURRENT)).toBeUndefined();
  });

  test('none: the first run, an unknown target, a results folder that does not exist', () => {
    expect(findPreviousRun(dir, TARGET, '20261120-020000')).toBeUndefined();
    expect(findPreviousRun(dir, 'nobody', CURRENT)).toBeUndefined();
    expect(findPreviousRun(path.join(dir, 'missing'), TARGET, CURRENT)).toBeUndefined();
  });
});
