/**
 * Field-level diff of a manifest against its live object, the way `kubectl diff` and `argocd app diff` are read:
 * only what `dist/` says counts.
 *
 * - Fields the manifest sets are compared with the live ones: `changed` when they differ, `added` when the live
 *   object lacks them.
 * - Fields the manifest does not set are ignored (server defaults such as a Deployment's `progressDeadlineSeconds`,
 *   controller writes such as a ServiceAccount's pull secrets), except fields the last apply set: those are
 *   `removed` (the next sync deletes them). What the last apply set is read from the
 *   `kubectl.kubernetes.io/last-applied-configuration` annotation (client-side apply, ArgoCD's default) and from
 *   the `managedFields` entries of operation `Apply` of the given managers (server-side apply).
 * - Server-populated fields are never compared: `status`, and `metadata.managedFields`, `resourceVersion`, `uid`,
 *   `creationTimestamp`, `generation`, `selfLink`, and the last-applied annotation itself.
 * - Lists whose items all have a `name` (containers, env, volumes, ports) are matched by name; other lists are
 *   compared as a whole, each item only on the fields the manifest sets.
 * - Resource quantities (requests, limits, sizes) are compared by value: the server writes them canonically.
 */

/** One difference; `path` reads like `spec.template.spec.containers[name=main].image`. */
export interface FieldChange {
  type: 'changed' | 'added' | 'removed';
  path: string;
  live?: unknown;
  desired?: unknown;
}

const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Plain = Record<string, unknown>;
const isMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNamedList = (v: unknown): v is Plain[] => Array.isArray(v) && v.length > 0 && v.every((i) => isMap(i) && typeof i.name === 'string');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function join(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

/** `value` cut down to the fields `shape` has (maps by key, named lists by name, other lists item by item). */
export function pruneTo(shape: unknown, value: unknown): unknown {
  if (isMap(shape) && isMap(value)) {
    return Object.fromEntries(Object.keys(shape).filter((k) => k in value).map((k) => [k, pruneTo(shape[k], value[k])]));
  }
  if (Array.isArray(shape) && Array.isArray(value) && shape.length === value.length) {
    return value.map((item, i) => pruneTo(shape[i], item));
  }
  return value;
}

/**
 * What the last apply set, as a shape (maps of the fields, `true` for leaves): the last-applied annotation, or
 * the `fieldsV1` of the `Apply` entries of `managers`.
 */
export function lastAppliedShape(live: any, managers: readonly string[]): unknown {
  const annotation = live?.metadata?.annotations?.[LAST_APPLIED];
  if (typeof annotation === 'string') {
    try {
      return JSON.parse(annotation);
    } catch {
      // a broken annotation tells nothing
    }
  }
  const entries = (live?.metadata?.managedFields ?? []).filter((m: any) => m.operation === 'Apply' && managers.includes(m.manager) && m.fieldsV1);
  if (entries.length === 0) return undefined;
  return entries.map((m: any) => shapeOfFields(m.fieldsV1)).reduce(mergeShapes);
}

/** `{"f:spec":{"f:replicas":{}}}` → `{spec:{replicas:true}}`; `k:{"name":"x"}` → `[{name:"x",...}]`. */
function shapeOfFields(fields: any): unknown {
  const keys = Object.keys(fields).filter((k) => k !== '.');
  if (keys.length === 0) return true;
  if (keys.every((k) => k.startsWith('k:'))) {
    return keys.map((k) => {
      const key = JSON.parse(k.slice(2));
      const item = shapeOfFields(fields[k]);
      return { ...(isMap(item) ? item : {}), ...key };
    });
  }
  const out: Plain = {};
  for (const k of keys.filter((k) => k.startsWith('f:'))) out[k.slice(2)] = shapeOfFields(fields[k]);
  return out;
}

function mergeShapes(a: unknown, b: unknown): unknown {
  if (isMap(a) && isMap(b)) {
    const out: Plain = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeShapes(out[k], v) : v;
    return out;
  }
  return b ?? a;
}

/** The differences of `desired` (a manifest) against `live` (the API's object). */
export function diffObjects(desired: any, live: any, managers: readonly string[] = []): FieldChange[] {
  const changes: FieldChange[] = [];
  const strip = (object: any) => {
    const copy: Plain = { ...object };
    delete copy.status;
    if (isMap(copy.metadata)) {
      const metadata: Plain = { ...copy.metadata };
      for (const k of SERVER_METADATA) delete metadata[k];
      if (isMap(metadata.annotations)) {
        const annotations: Plain = { ...metadata.annotations };
        delete annotations[LAST_APPLIED];
        metadata.annotations = annotations;
        if (Object.keys(annotations).length === 0) delete metadata.annotations;
      }
      copy.metadata = metadata;
    }
    return copy;
  };
  compare(strip(desired), strip(live), lastAppliedShape(live, managers), '', changes);
  return changes;
}

function compare(desired: unknown, live: unknown, applied: unknown, path: string, out: FieldChange[]): void {
  if (isMap(desired) && isMap(live)) {
    for (const [key, value] of Object.entries(desired)) {
      const at = join(path, key);
      if (!(key in live) || live[key] === null) out.push({ type: 'added', path: at, desired: value });
      else compare(value, live[key], isMap(applied) ? applied[key] : undefined, at, out);
    }
    if (isMap(applied)) {
      for (const key of Object.keys(applied)) {
        if (!(key in desired) && key in live) out.push({ type: 'removed', path: join(path, key), live: live[key] });
      }
    }
    return;
  }
  if (isNamedList(desired) && isNamedList(live)) {
    const appliedItems = isNamedList(applied) ? applied : [];
    for (const item of desired) {
      const at = `${path}[name=${item.name}]`;
      const match = live.find((l) => l.name === item.name);
      if (!match) out.push({ type: 'added', path: at, desired: item });
      else compare(item, match, appliedItems.find((a) => a.name === item.name), at, out);
    }
    for (const item of live) {
      if (!desired.some((d) => d.name === item.name) && appliedItems.some((a) => a.name === item.name)) {
        out.push({ type: 'removed', path: `${path}[name=${item.name}]`, live: item });
      }
    }
    return;
  }
  if (same(desired, pruneTo(desired, live)) || sameQuantity(path, desired, live)) return;
  out.push({ type: 'changed', path, live, desired });
}

const QUANTITY_FIELDS = /(\.resources\.(limits|requests)(\.[A-Za-z0-9_-]+|\["[^"]+"\])|\.sizeLimit)$/;
const QUANTITY = /^([+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** A resource quantity's value (`500m` → 0.5, `1Gi` → 1073741824), or undefined. */
export function quantityValue(value: unknown): number | undefined {
  const match = QUANTITY.exec(String(value));
  if (!match || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  return Number(match[1]) * (match[2] ? SUFFIX[match[2]] : 1);
}

/** The API server writes quantities in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`): equal values are no change. */
function sameQuantity(path: string, desired: unknown, live: unknown): boolean {
  if (!QUANTITY_FIELDS.test(path)) return false;
  const a = quantityValue(desired);
  const b = quantityValue(live);
  return a !== undefined && b !== undefined && Math.abs(a - b) <= Math.abs(a) * 1e-9;
}

/** A value on one line, cut at `width` characters. */
function short(value: unknown, width = 100): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/**
 * Lines of a multi-line string change: the lines between the common head and tail, as `-`/`+` lines, with one
 * line of context on each side (scripts and configuration files in ConfigMaps).
 */
function textChange(live: string, desired: string, indent: string): string[] {
  const a = live.split('\n');
  const b = desired.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const lines: string[] = [];
  if (head > 0) lines.push(`${indent}  ${a[head - 1]}`);
  for (const line of a.slice(head, a.length - tail)) lines.push(`${indent}- ${line}`);
  for (const line of b.slice(head, b.length - tail)) lines.push(`${indent}+ ${line}`);
  if (tail > 0) lines.push(`${indent}  ${a[a.length - tail]}`);
  return lines;
}

/** The readable form of the changes, one or more lines each. */
export function renderChanges(changes: FieldChange[], indent = '    '): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    if (c.type === 'added') lines.push(`${indent}+ ${c.path}: ${short(c.desired)}`);
    else if (c.type === 'removed') lines.push(`${indent}- ${c.path}: ${short(c.live)}   (no longer in dist/: the sync removes it)`);
    else if (typeof c.live === 'string' && typeof c.desired === 'string' && (c.live.includes('\n') || c.desired.includes('\n'))) {
      lines.push(`${indent}~ ${c.path}:`, ...textChange(c.live, c.desired, `${indent}    `));
    } else lines.push(`${indent}~ ${c.path}: ${short(c.live)} → ${short(c.desired)}`);
  }
  return lines;
}
