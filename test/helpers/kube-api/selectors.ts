/**
 * Label and field selectors as the API server reads them from `?labelSelector=` and `?fieldSelector=`.
 * Label selectors: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas.
 * Field selectors: `path=v`, `path==v`, `path!=v` over the fields a resource declares.
 */
import { StatusError, badRequest } from './status';

/** A predicate over an object, built from a selector string. */
export type Selector = (object: any) => boolean;

type Requirement = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside parentheses (`a in (x,y),b=c` → two parts). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const KEY = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
const VALUE = '([-A-Za-z0-9_.]*)';
const SET_RE = new RegExp(`^${KEY}\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const EQUALITY_RE = new RegExp(`^${KEY}\\s*(==|=|!=)\\s*${VALUE}$`);
const EXISTS_RE = new RegExp(`^(!?)\\s*${KEY}$`);

/** Parses one label requirement, or throws a 400 BadRequest Status. */
function parseRequirement(text: string): Requirement {
  const set = SET_RE.exec(text);
  if (set) {
    const [, key, op, list] = set;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in'
      ? (labels) => key in labels && values.includes(labels[key])
      : (labels) => !(key in labels) || !values.includes(labels[key]);
  }
  const equality = EQUALITY_RE.exec(text);
  if (equality) {
    const [, key, op, value] = equality;
    return op === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
  }
  const exists = EXISTS_RE.exec(text);
  if (exists) {
    const [, not, key] = exists;
    return not ? (labels) => !(key in labels) : (labels) => key in labels;
  }
  throw new StatusError(badRequest(`unable to parse requirement: ${JSON.stringify(text)}`));
}

/** Builds a predicate over `metadata.labels`; an empty or missing selector matches everything. */
export function parseLabelSelector(text: string | undefined): Selector {
  const requirements = splitTopLevel(text ?? '').map(parseRequirement);
  return (object) => {
    const labels: Record<string, string> = object?.metadata?.labels ?? {};
    return requirements.every((requirement) => requirement(labels));
  };
}

/**
 * Builds a predicate from a field selector. `fields` maps each supported field path to how it is read from an
 * object; any other path is refused with 400 BadRequest, as the API server does.
 */
export function parseFieldSelector(text: string | undefined, fields: Record<string, (object: any) => string>): Selector {
  const checks = splitTopLevel(text ?? '').map((part) => {
    const match = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!match) throw new StatusError(badRequest(`invalid selector: '${part}'; can't understand '${part}'`));
    const [, path, op, value] = match;
    const read = fields[path];
    if (!read) {
      const known = Object.keys(fields).map((f) => `"${f}"`).join(', ');
      throw new StatusError(badRequest(`field label not supported: ${path} (known: ${known})`));
    }
    return op === '!=' ? (object: any) => read(object) !== value : (object: any) => read(object) === value;
  });
  return (object) => checks.every((check) => check(object));
}
