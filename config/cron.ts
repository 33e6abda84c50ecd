/**
 * Checks a Kubernetes CronJob schedule: five fields (minute hour day-of-month month day-of-week) or one of the
 * macros Kubernetes accepts. Returns a message for the first bad field, or undefined when the schedule is valid.
 */

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

export function checkCron(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text.startsWith('@')) {
    return MACROS.includes(text) ? undefined : `unknown macro "${text}"; allowed: ${MACROS.join(', ')} or five fields`;
  }
  if (/^(CRON_)?TZ=/.test(text)) return 'set the time zone with `timeZone`, not inside the schedule';
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    return `"${schedule}" has ${parts.length} fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. "0 2 * * *")`;
  }
  for (let i = 0; i < 5; i++) {
    const problem = checkField(parts[i], FIELDS[i]);
    if (problem) return `"${schedule}": ${FIELDS[i].name} field "${parts[i]}" ${problem}`;
  }
  return undefined;
}

function checkField(field: string, spec: (typeof FIELDS)[number]): string | undefined {
  for (const item of field.split(',')) {
    const [range, step, extra] = item.split('/');
    if (extra !== undefined || (step !== undefined && !/^[1-9][0-9]*$/.test(step))) return 'has a bad step (use */N with N ≥ 1)';
    if (range === '*' || (spec.name.startsWith('day of') && range === '?')) continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return 'has a bad range';
    if (bounds.length === 2) {
      const [low, high] = bounds.map((b) => toNumber(b, spec.names));
      if (low !== undefined && high !== undefined && low > high) return `has a range that runs backwards (${range}); write it low-high, e.g. ${bounds[1]}-${bounds[0]}, or as a list`;
    }
    for (const bound of bounds) {
      const value = toNumber(bound, spec.names);
      if (value === undefined || value < spec.min || value > spec.max) {
        return `is out of range: allowed ${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''}, *, lists, ranges and steps`;
      }
    }
  }
  return undefined;
}

function toNumber(text: string, names?: string[]): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  const index = names?.indexOf(text.toUpperCase()) ?? -1;
  if (index < 0) return undefined;
  return names && names.length === 12 ? index + 1 : index;
}

/** The fixed span schedules are compared and measured over: five weeks, every day of a month and week at least once. */
export const CRON_SPAN = { from: Date.UTC(2027, 0, 1), to: Date.UTC(2027, 1, 5) } as const;

const MACRO_FIELDS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** The values a checked field allows. */
function fieldValues(field: string, spec: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of field.split(',')) {
    const [range, step] = item.split('/');
    const every = step ? Number(step) : 1;
    let [from, to] = [spec.min, spec.max];
    if (range !== '*' && range !== '?') {
      const bounds = range.split('-').map((b) => toNumber(b, spec.names)!);
      from = bounds[0];
      to = bounds.length === 2 ? bounds[1] : step ? spec.max : bounds[0];
    }
    for (let v = from; v <= to; v += every) values.add(spec.name === 'day of week' && v === 7 ? 0 : v);
  }
  return values;
}

/**
 * The start times (Unix ms) of a valid schedule in `timeZone` within [from, to): minute by minute, with cron's
 * rule that a restricted day-of-month and day-of-week match either.
 */
export function cronStarts(schedule: string, timeZone: string, from: number, to: number): number[] {
  const text = schedule.trim();
  const parts = (MACRO_FIELDS[text] ?? text).split(/\s+/);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => fieldValues(p, FIELDS[i]));
  const dayRestricted = !['*', '?'].includes(parts[2]);
  const weekdayRestricted = !['*', '?'].includes(parts[4]);
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', minute: 'numeric', hour: 'numeric', day: 'numeric', month: 'numeric', weekday: 'short' });
  const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const partsOf = (t: number) => Object.fromEntries(format.formatToParts(t).map((x) => [x.type, x.value]));
  const starts: number[] = [];
  // Per UTC hour, the zone's offset from its first minute; only minutes whose local minute matches are formatted
  // in full (an offset changes at most at a whole hour in every zone in use).
  for (let hour = Math.floor(from / 3_600_000) * 3_600_000; hour < to; hour += 3_600_000) {
    const p0 = partsOf(hour);
    const offsetMinutes = Math.round((Date.UTC(Number(p0.year), Number(p0.month) - 1, Number(p0.day), Number(p0.hour), Number(p0.minute)) - hour) / 60_000);
    for (let m = 0; m < 60; m++) {
      const t = hour + m * 60_000;
      if (t < from || t >= to) continue;
      if (!minutes.has((((m + offsetMinutes) % 60) + 60) % 60)) continue;
      const p = partsOf(t);
      if (!minutes.has(Number(p.minute)) || !hours.has(Number(p.hour)) || !months.has(Number(p.month))) continue;
      const day = days.has(Number(p.day));
      const weekday = weekdays.has(WEEKDAYS.indexOf(p.weekday));
      const dayMatches = dayRestricted && weekdayRestricted ? day || weekday : day && weekday;
      if (dayMatches) starts.push(t);
    }
  }
  return starts;
}

/**
 * The longest time (seconds) from one start of a valid schedule to the next, over CRON_SPAN (a year when the span
 * holds fewer than two starts, e.g. `@yearly`): how long "no new run" is normal.
 */
export function longestGapSeconds(schedule: string, timeZone: string): number {
  const starts = cronStarts(schedule, timeZone, CRON_SPAN.from, CRON_SPAN.to);
  if (starts.length < 2) return 366 * 86400;
  let gap = 0;
  for (let i = 1; i < starts.length; i++) gap = Math.max(gap, starts[i] - starts[i - 1]);
  return gap / 1000;
}
