/**
 * Configuration errors that a person can act on at 2 a.m.: each problem names the file, the line, the path
 * inside the file, the bad value and what is allowed.
 */

/** One problem found in one configuration file. */
export interface ConfigProblem {
  /** File path relative to the project root, e.g. `config/environments/dev.yaml`. */
  readonly file: string;
  /** Path inside the file, e.g. `['targets', 0, 'model']`; empty for the whole file. */
  readonly path: readonly (string | number)[];
  /** 1-based line of the path in the file, when known. */
  readonly line?: number;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/** Thrown when any configuration input is invalid; nothing is written then. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `targets[0].model` from `['targets', 0, 'model']`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(top level)';
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return `${where}: ${formatPath(p.path)}: ${p.message}`;
}

/** A short, readable rendering of a bad value for messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  // YAML's .nan, .inf and -.inf (JSON would print null)
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan (not a number)' : value > 0 ? '.inf' : '-.inf';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Names the allowed values, and the closest one when the bad value looks like a typo of it. */
export function allowedList(bad: string, allowed: readonly string[]): string {
  const suggestion = closest(bad, allowed);
  const list = allowed.length ? allowed.join(', ') : '(none defined)';
  return suggestion ? `did you mean "${suggestion}"? allowed: ${list}` : `allowed: ${list}`;
}

/** The allowed word within edit distance 2 (or a third of its length) of `word`, or the one it begins, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const extended = candidates.filter((c) => word.length >= 3 && c.toLowerCase().startsWith(word.toLowerCase()));
  if (extended.length === 1) return extended[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
