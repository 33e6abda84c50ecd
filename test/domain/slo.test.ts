/**
 * Per-request SLO attainment and goodput (domain/slo.ts), case by case against hand-counted requests: errored
 * requests miss, incomplete ones are left out, an objective that cannot be measured (ITL of a one-token answer)
 * leaves the request out of numerator and denominator, a value on the objective meets it.
 */
import { attainmentShortfall, levelAttainment, median, outputSpeedPerUser, RequestFigures, RequestSlo } from '../../domain/slo';

const ok = (ttftMs: number, itlMs: number | undefined, outputTokens = 100, latencyS = 2): RequestFigures => ({ status: 'successful', ttftMs, itlMs, outputTokens, latencyS });
const SLO: RequestSlo = { ttftMs: 500, itlMs: 50, attainment: 0.9 };

test('met, missed, errored, incomplete and unmeasurable requests', () => {
  const requests: RequestFigures[] = [
    ok(100, 20, 100), // met
    ok(500, 50, 50), // met: on both objectives
    ok(501, 20), // misses TTFT
    ok(100, 51), // misses ITL
    ok(900, 90), // misses both
    ok(100, undefined, 1), // one output token: no ITL, left out
    { status: 'errored' }, // counts as a miss
    { status: 'incomplete', ttftMs: 10 }, // left out
  ];
  const a = levelAttainment(requests, SLO, 10);
  expect(a).toEqual({
    considered: 6,
    met: 2,
    attainment: 2 / 6,
    meetsTarget: false,
    requestGoodput: 0.2,
    tokenGoodput: 15,
    excluded: { incomplete: 1, unmeasurable: 1 },
    missedBy: { ttftMs: 2, itlMs: 2 },
    errored: 1,
  });
  expect(attainmentShortfall(a, SLO)).toBe('attainment 0.3333 < 0.9 (most misses: TTFT > 500 ms, 2 of 6 requests)');
});

test('only the objectives set are checked: without itlMs a one-token answer is considered', () => {
  const a = levelAttainment([ok(100, undefined, 1), ok(600, 10)], { ttftMs: 500, attainment: 0.5 }, 2);
  expect([a.considered, a.met, a.attainment, a.meetsTarget]).toEqual([2, 1, 0.5, true]);
});

test('end-to-end latency is compared in ms with the request latency in seconds', () => {
  const a = levelAttainment([ok(100, 10, 10, 1.5), ok(100, 10, 10, 1.501)], { e2eLatencyMs: 1500, attainment: 0.99 }, 1);
  expect([a.met, a.considered, a.missedBy]).toEqual([1, 2, { e2eLatencyMs: 1 }]);
});

test('no request considered: no attainment, the target not met, goodput 0 over the window', () => {
  const a = levelAttainment([{ status: 'incomplete' }], SLO, 5);
  expect(a.attainment).toBeUndefined();
  expect(a.meetsTarget).toBe(false);
  expect(a.requestGoodput).toBe(0);
  expect(attainmentShortfall(a, SLO)).toBe('no request considered');
});

test('a window of 0 s gives no goodput, not a division by zero', () => {
  const a = levelAttainment([ok(1, 1)], SLO, 0);
  expect(a.requestGoodput).toBeUndefined();
  expect(a.tokenGoodput).toBeUndefined();
});

test('errors dominate the shortfall when they are the most misses', () => {
  const a = levelAttainment([{ status: 'errored' }, { status: 'errored' }, ok(600, 10)], SLO, 1);
  expect(attainmentShortfall(a, SLO)).toBe('attainment 0 < 0.9 (most misses: errors, 2 of 3 requests)');
});

test('output speed per user: median of output tokens ÷ (latency − TTFT) over successful requests', () => {
  // 100 / (2 - 0.5) = 66.67, 60 / (1.5 - 0.3) = 50, 10 / (1 - 0.5) = 20; errored and zero decode time left out
  const speeds = [ok(500, 10, 100, 2), ok(300, 10, 60, 1.5), ok(500, 10, 10, 1), ok(1000, 10, 10, 1), { status: 'errored' as const, outputTokens: 5, latencyS: 1, ttftMs: 1 }];
  expect(outputSpeedPerUser(speeds)).toBeCloseTo(50, 10);
  expect(outputSpeedPerUser([])).toBeUndefined();
});

test('median of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeUndefined();
});
