/**
 * Turns zod issues into messages that name the bad value and what is allowed, instead of zod's generic text.
 */
import { z } from 'zod';
import { allowedList, showValue } from './errors';

export interface SchemaProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Problems collected while checking one file; paths are relative to that file. */
export class ProblemList {
  readonly items: SchemaProblem[] = [];

  add(path: (string | number)[], message: string): void {
    this.items.push({ path, message });
  }
}

/** Validates `data` against `schema`; returns the parsed value or the problems found. */
export function check<S extends z.ZodType>(schema: S, data: unknown): { value: z.output<S> } | { problems: SchemaProblem[] } {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data };
  return { problems: result.error.issues.flatMap((issue) => describe(schema, data, issue)) };
}

/**
 * Keys the configuration had and no longer has, with what to do instead: an adopter's older file is told why its
 * key went, not only that it is unknown.
 */
const RETIRED_KEYS: Readonly<Record<string, string>> = {
  'processor.objectStoreClientImage':
    'the MinIO client is gone: the results processor stores results in the bucket itself (signed, credentials from the Secret); delete this key',
};

function describe(root: z.ZodType, data: unknown, issue: z.core.$ZodIssue): SchemaProblem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysOf(schemaAt(root, data, path));
      return issue.keys.map((key) => {
        const retired = RETIRED_KEYS[[...path, key].join('.')];
        return { path: [...path, key], message: retired ? `"${key}" is no longer a setting: ${retired}` : `unknown key "${key}"; ${allowedList(key, allowed)}` };
      });
    }
    case 'invalid_type':
      if (value === undefined) return [{ path, message: `required key "${path[path.length - 1]}" is missing` }];
      return [{ path, message: `expected ${issue.expected}, got ${typeof value === 'number' && Number.isNaN(value) ? '' : `${typeName(value)} `}${showValue(value)}` }];
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return [{ path, message: `${showValue(value)} is not allowed; ${allowedList(String(value), allowed)}` }];
    }
    case 'invalid_union': {
      const forms = unionForms(schemaAt(root, data, path));
      const shown = forms.length ? `; allowed forms: ${forms.join(' or ')}` : '';
      if (value === undefined) return [{ path, message: `required key "${path[path.length - 1]}" is missing${shown}` }];
      return [{ path, message: `${showValue(value)} does not match any allowed form${shown}` }];
    }
    case 'invalid_key': {
      const key = path[path.length - 1];
      return issue.issues.map((inner) => ({ path, message: `key "${key}": ${inner.message}` }));
    }
    default:
      return [{ path, message: `${showValue(value)}: ${issue.message}` }];
  }
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  return typeof value;
}

/** Strips optional/default/pipe wrappers. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (;;) {
    const def = (s as { def?: { type: string; innerType?: z.ZodType; in?: z.ZodType } } | undefined)?.def;
    if (!def) return s;
    if (def.innerType && ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(def.type)) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

/** The schema that applies at `path` in `data` (choosing the union member whose keys match the data). */
function schemaAt(root: z.ZodType, data: unknown, path: readonly (string | number)[]): z.ZodType | undefined {
  let schema = unwrap(root);
  let node = data;
  for (const step of path) {
    schema = pickUnionMember(schema, node);
    const def = (schema as { def?: Record<string, unknown> } | undefined)?.def;
    if (!def) return undefined;
    if (def.type === 'object') schema = unwrap((def.shape as Record<string, z.ZodType>)[step]);
    else if (def.type === 'record') schema = unwrap(def.valueType as z.ZodType);
    else if (def.type === 'array') schema = unwrap(def.element as z.ZodType);
    else return undefined;
    node = valueAt(node, [step]);
  }
  return pickUnionMember(schema, node);
}

function pickUnionMember(schema: z.ZodType | undefined, node: unknown): z.ZodType | undefined {
  const def = (schema as { def?: { type: string; options?: z.ZodType[] } } | undefined)?.def;
  if (def?.type !== 'union' || !def.options) return schema;
  if (node && typeof node === 'object') {
    const keys = Object.keys(node);
    const match = def.options.find((o) => keys.some((k) => keysOf(unwrap(o)).includes(k)));
    if (match) return unwrap(match);
  }
  return schema;
}

function keysOf(schema: z.ZodType | undefined): string[] {
  const def = (schema as { def?: { type: string; shape?: Record<string, unknown> } } | undefined)?.def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function unionForms(schema: z.ZodType | undefined): string[] {
  const def = (schema as { def?: { type: string; options?: z.ZodType[] } } | undefined)?.def;
  if (def?.type !== 'union' || !def.options) return [];
  return def.options.map(formOf);
}

/** One form of a union as a reader writes it: `{key, ...}`, a literal value, or the type's name. */
function formOf(option: z.ZodType): string {
  const inner = unwrap(option);
  const def = (inner as unknown as { def?: { type: string; values?: unknown[] } } | undefined)?.def;
  if (!def) return 'a value';
  if (def.type === 'literal' && def.values) return def.values.map((v) => JSON.stringify(v)).join(' or ');
  if (def.type === 'object') return `{${keysOf(inner).join(', ')}}`;
  return `a ${def.type}`;
}
