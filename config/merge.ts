/** How configuration files combine: maps merge key by key, arrays replace. */

/**
 * The settings of an environment that replace the defaults' whole instead of merging key by key: one of several
 * forms, each a map (`publish.pushgateway: { url }` must not inherit the defaults' `deploy` and `image`), and the
 * per-request SLO, a set of objectives (`slo: { e2eLatencyMs: 30000 }` holds requests to that objective only).
 */
export const ONE_OF_PATHS = ['publish.pushgateway', 'slo'] as const;

/**
 * Maps merge key by key; arrays and scalars in `over` replace those in `base`. Keys in `replaceKeys` (anywhere)
 * and dotted paths in `replacePaths` are replaced whole: they hold one-of values (a tokenizer is either
 * `huggingFace` or `pvc`), which cannot merge.
 */
export function mergeConfig(base: unknown, over: unknown, replaceKeys: readonly string[] = [], replacePaths: readonly string[] = [], at = ''): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      const path = at ? `${at}.${key}` : key;
      const whole = replaceKeys.includes(key) || replacePaths.includes(path);
      out[key] = key in base && !whole ? mergeConfig(base[key], value, replaceKeys, replacePaths, path) : value;
    }
    return canonical(out);
  }
  return over === undefined ? base : over;
}

/** Sorts map keys recursively so that output never depends on the order keys were written in. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical(value[key]);
    return out;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
