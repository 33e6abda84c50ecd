/**
 * GuideLLM load profiles: what a load plan's `rates` mean for each profile, how many load levels it runs, how
 * the `guidellm run` CLI names its keys, and how the workbench shows it. One entry per profile in
 * `LOAD_PROFILES`, typed as a mapped type over `PROFILES`: a new profile is a compile error until it has every
 * field. The strategies a GuideLLM report records per load level (`REPORT_STRATEGIES`) are a different set (a
 * sweep runs synchronous, throughput and constant levels): their load axis is defined next to them.
 */

export const PROFILES = ['synchronous', 'concurrent', 'throughput', 'constant', 'poisson', 'sweep'] as const;
export type Profile = (typeof PROFILES)[number];

/** What a load level's load is counted in. */
export type LoadUnit = 'users' | 'requests/s';

/** The rule for a plan's `rates`: none, one whole number, or a list of levels. */
export type RatesRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly meaning: string; readonly min: number }
  | { readonly kind: 'levels'; readonly unit: LoadUnit; readonly wholeNumbers: boolean; readonly example: string };

export interface LoadProfile {
  /** What `rates` means, checked by `ratesProblem`. */
  readonly rates: RatesRule;
  /** Load levels GuideLLM runs for these (valid) rates. */
  levels(rates: readonly number[]): number;
  /** The profile's keys in `guidellm run --profile kind=<profile>,…` (v0.7+). */
  cliKeys(rates: readonly number[]): Readonly<Record<string, number | readonly number[]>>;
  /** The workbench widget the plan's rates fill (Streamlit app: "rate" or "max concurrency"), if any. */
  readonly workbench?: { readonly widget: 'rate' | 'maxConcurrency'; value(rates: readonly number[]): number };
}

const levelsOfList = (rates: readonly number[]) => rates.length;

export const LOAD_PROFILES: { readonly [P in Profile]: LoadProfile } = {
  synchronous: {
    rates: { kind: 'none' },
    levels: () => 1,
    cliKeys: () => ({}),
  },
  concurrent: {
    rates: { kind: 'levels', unit: 'users', wholeNumbers: true, example: '[1, 5, 10]' },
    levels: levelsOfList,
    cliKeys: (rates) => ({ streams: [...rates] }),
    workbench: { widget: 'maxConcurrency', value: (rates) => Math.max(...rates) },
  },
  throughput: {
    rates: { kind: 'one', meaning: 'the maximum concurrency', min: 1 },
    levels: () => 1,
    cliKeys: (rates) => ({ max_concurrency: rates[0] }),
    workbench: { widget: 'maxConcurrency', value: (rates) => Math.max(...rates) },
  },
  constant: {
    rates: { kind: 'levels', unit: 'requests/s', wholeNumbers: false, example: '[0.5, 1, 2]' },
    levels: levelsOfList,
    cliKeys: (rates) => ({ rate: [...rates] }),
    workbench: { widget: 'rate', value: (rates) => rates[0] },
  },
  poisson: {
    rates: { kind: 'levels', unit: 'requests/s', wholeNumbers: false, example: '[0.5, 1, 2]' },
    levels: levelsOfList,
    cliKeys: (rates) => ({ rate: [...rates] }),
    workbench: { widget: 'rate', value: (rates) => rates[0] },
  },
  sweep: {
    rates: { kind: 'one', meaning: 'the number of steps', min: 2 },
    levels: (rates) => rates[0],
    cliKeys: (rates) => ({ sweep_size: rates[0] }),
  },
};

/** Whether `value` names a profile. */
export function isProfile(value: string): value is Profile {
  return Object.prototype.hasOwnProperty.call(LOAD_PROFILES, value);
}

/** Why `rates` do not fit `profile`, or undefined. */
export function ratesProblem(profile: Profile, rates: readonly number[]): string | undefined {
  const rule = LOAD_PROFILES[profile].rates;
  const shown = JSON.stringify(rates);
  switch (rule.kind) {
    case 'none':
      return rates.length > 0 ? `${profile} runs one request at a time and takes no rates; remove rates ${shown} or use profile concurrent` : undefined;
    case 'one': {
      const ok = rates.length === 1 && Number.isInteger(rates[0]) && rates[0] >= rule.min;
      if (ok) return undefined;
      const atLeast = rule.min > 1 ? `, a whole number of at least ${rule.min}` : ' (a whole number)';
      return `${profile} takes exactly one rate, ${rule.meaning}${atLeast}, got ${shown}`;
    }
    case 'levels':
      if (rates.length === 0) return `${profile} needs rates: ${rule.unit === 'users' ? 'the number of concurrent users' : 'requests per second'} per level, e.g. ${rule.example}`;
      if (rule.wholeNumbers && !rates.every(Number.isInteger)) return `${profile} rates are numbers of ${rule.unit} and must be whole numbers, got ${shown}`;
      return undefined;
  }
}

/**
 * What `rates` holds, per profile, in a few words (the Task's `rates` parameter, docs): e.g.
 * `users (concurrent), requests/s (constant, poisson), …; empty for synchronous`.
 */
export function ratesSummary(): string {
  const byMeaning = new Map<string, Profile[]>();
  const none: Profile[] = [];
  for (const profile of PROFILES) {
    const rule = LOAD_PROFILES[profile].rates;
    if (rule.kind === 'none') {
      none.push(profile);
      continue;
    }
    const meaning = rule.kind === 'levels' ? `${rule.unit} per level` : rule.meaning;
    byMeaning.set(meaning, [...(byMeaning.get(meaning) ?? []), profile]);
  }
  const listed = [...byMeaning].map(([meaning, profiles]) => `${meaning} (${profiles.join(', ')})`).join(', ');
  return none.length > 0 ? `${listed}; empty for ${none.join(', ')}` : listed;
}

/** Load levels GuideLLM runs for a plan. */
export function loadLevels(plan: { readonly profile: Profile; readonly rates?: readonly number[] }): number {
  return LOAD_PROFILES[plan.profile].levels(plan.rates ?? []);
}

/**
 * Scheduling strategies a GuideLLM report records per load level (`scheduler.strategy.type_`), and where each
 * keeps its load: `streams` (users), `max_concurrency` (users, a ceiling), `rate` (requests/s), or none (one user
 * at a time). `async` is the older name of constant/poisson.
 */
export const REPORT_STRATEGIES = {
  synchronous: { load: 'none' },
  concurrent: { load: 'streams' },
  throughput: { load: 'max_concurrency' },
  constant: { load: 'rate' },
  poisson: { load: 'rate' },
  async: { load: 'rate' },
} as const satisfies Readonly<Record<string, { readonly load: 'none' | 'streams' | 'max_concurrency' | 'rate' }>>;

export type ReportStrategy = keyof typeof REPORT_STRATEGIES;

/** The report strategy `type`, when GuideLLM's report names a known one. */
export function reportStrategy(type: string): ReportStrategy | undefined {
  return Object.prototype.hasOwnProperty.call(REPORT_STRATEGIES, type) ? (type as ReportStrategy) : undefined;
}
