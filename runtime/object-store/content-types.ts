/**
 * The Content-Type of a results file by its extension: what the processor stores with each object and what the
 * report server's reader answers with (it does not trust a type stored in the bucket). The same types nginx gives
 * these files from the results volume (its mime.types with runtime/report-server/nginx-conf.ts EXTRA_MIME_TYPES).
 */
const TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
  html: 'text/html',
  htm: 'text/html',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  txt: 'text/plain',
  log: 'text/plain',
  env: 'text/plain',
  svg: 'image/svg+xml',
  png: 'image/png',
  js: 'application/javascript',
  css: 'text/css',
};

/** The extensions with a type of their own; any other file is application/octet-stream (as nginx's default_type). */
export const TYPED_EXTENSIONS: readonly string[] = Object.keys(TYPES);

/** Text types are served with `; charset=utf-8` (nginx's `charset_types` in ../report-server/nginx-conf.ts). */
export function contentTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const type = (dot >= 0 ? TYPES[name.slice(dot + 1).toLowerCase()] : undefined) ?? 'application/octet-stream';
  return /^text\/|json|yaml|javascript/.test(type) ? `${type}; charset=utf-8` : type;
}
