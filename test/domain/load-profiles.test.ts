/** GuideLLM load profiles (domain/load-profiles.ts): what rates mean per profile, levels, CLI keys, report strategies. */
import { LOAD_PROFILES, loadLevels, PROFILES, ratesProblem, ratesSummary, REPORT_STRATEGIES, reportStrategy } from '../../domain/load-profiles';

test('every profile has an entry; the rates each accepts and refuses', () => {
  expect(Object.keys(LOAD_PROFILES)).toEqual([...PROFILES]);
  expect(ratesProblem('synchronous', [])).toBeUndefined();
  expect(ratesProblem('synchronous', [1])).toBe('synchronous runs one request at a time and takes no rates; remove rates [1] or use profile concurrent');
  expect(ratesProblem('concurrent', [1, 5, 10])).toBeUndefined();
  expect(ratesProblem('concurrent', [])).toBe('concurrent needs rates: the number of concurrent users per level, e.g. [1, 5, 10]');
  expect(ratesProblem('concurrent', [1.5])).toBe('concurrent rates are numbers of users and must be whole numbers, got [1.5]');
  expect(ratesProblem('constant', [0.5, 1])).toBeUndefined();
  expect(ratesProblem('poisson', [])).toBe('poisson needs rates: requests per second per level, e.g. [0.5, 1, 2]');
  expect(ratesProblem('throughput', [64])).toBeUndefined();
  expect(ratesProblem('throughput', [1, 2])).toBe('throughput takes exactly one rate, the maximum concurrency (a whole number), got [1,2]');
  expect(ratesProblem('sweep', [10])).toBeUndefined();
  expect(ratesProblem('sweep', [1])).toBe('sweep takes exactly one rate, the number of steps, a whole number of at least 2, got [1]');
});

test('load levels and the guidellm run keys of each profile', () => {
  expect(PROFILES.map((profile) => loadLevels({ profile, rates: profile === 'synchronous' ? [] : profile === 'throughput' || profile === 'sweep' ? [4] : [1, 2, 3] }))).toEqual([1, 3, 1, 3, 3, 4]);
  expect(LOAD_PROFILES.concurrent.cliKeys([1, 5])).toEqual({ streams: [1, 5] });
  expect(LOAD_PROFILES.poisson.cliKeys([0.5])).toEqual({ rate: [0.5] });
  expect(LOAD_PROFILES.throughput.cliKeys([64])).toEqual({ max_concurrency: 64 });
  expect(LOAD_PROFILES.sweep.cliKeys([10])).toEqual({ sweep_size: 10 });
  expect(LOAD_PROFILES.synchronous.cliKeys([])).toEqual({});
});

test("a report's strategies and where each keeps its load; async is the older name of the rate strategies", () => {
  expect(reportStrategy('async')).toBe('async');
  expect(reportStrategy('sweep')).toBeUndefined(); // a sweep records the strategies of its levels, never itself
  expect(Object.entries(REPORT_STRATEGIES).map(([k, v]) => `${k}:${v.load}`)).toEqual([
    'synchronous:none',
    'concurrent:streams',
    'throughput:max_concurrency',
    'constant:rate',
    'poisson:rate',
    'async:rate',
  ]);
});

test('the rates summary names every profile once, with what its rates mean', () => {
  const summary = ratesSummary();
  for (const p of PROFILES) expect(summary.match(new RegExp(`\\b${p}\\b`, 'g'))).toHaveLength(1);
  expect(summary).toMatch(/users per level \(concurrent\)/);
  expect(summary).toMatch(/the number of steps \(sweep\)/);
  expect(summary).toMatch(/; empty for synchronous$/);
});
