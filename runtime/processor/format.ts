/**
 * Number and load formatting shared by the summary's readable reasons, the regression messages and the
 * Markdown pages. Deterministic: no locale, no time zone; the same number always gives the same text.
 */

/**
 * A number rounded for reading: integers from 100 up, one decimal from 10, two from 1, three significant
 * digits below 1; trailing zeros dropped (`22.5`, `0.000787`, `353`).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  let text: string;
  if (magnitude >= 100) text = value.toFixed(0);
  else if (magnitude >= 10) text = value.toFixed(1);
  else if (magnitude >= 1) text = value.toFixed(2);
  else text = value.toPrecision(3);
  return stripZeros(text);
}

/** A 0–1 fraction as a percentage with one decimal: `0.0123` → `1.2 %`, `0.0004` → `< 0.1 %`, `0` → `0 %`. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  const percent = fraction * 100;
  if (percent > 0 && percent < 0.05) return '< 0.1 %';
  return `${stripZeros(percent.toFixed(1))} %`;
}

/** US dollars: cents from one cent up (`$3.40`, `$0.85`), three significant digits below (`$0.000787`, `$0.00110`). */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  return `$${magnitude === 0 || magnitude >= 0.01 ? value.toFixed(2) : value.toPrecision(3)}`;
}

/** A load with its unit: `1 user`, `8 users`, `2 req/s`. */
export function formatLoad(load: number, unit: 'users' | 'requests/s'): string {
  if (unit === 'requests/s') return `${formatNumber(load)} req/s`;
  return `${formatNumber(load)} ${load === 1 ? 'user' : 'users'}`;
}

/** A breaking point as `8–10 users`, or `at 1 user (the lowest level)` when no level before it was good. */
export function formatBreakingPoint(point: { readonly lastGood?: number; readonly firstBad: number }, unit: 'users' | 'requests/s'): string {
  if (point.lastGood === undefined) return `at ${formatLoad(point.firstBad, unit)} (the lowest level)`;
  const last = formatNumber(point.lastGood);
  const first = formatLoad(point.firstBad, unit);
  return `${last}–${first}`;
}

function stripZeros(text: string): string {
  if (!text.includes('.') || text.includes('e')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}
