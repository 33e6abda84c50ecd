/**
 * The report server's nginx.conf (the URL contract is ./README.md). A complete top-level configuration for an
 * unprivileged pod under an arbitrary UID with a read-only root filesystem: the pid file, every temp path and the
 * logs point at writable places (an emptyDir, stderr/stdout), and nothing needs root.
 *
 * Served:
 * - `/`: the index page from `siteRoot` (the `report-site` ConfigMap), with a Content-Security-Policy that allows
 *   only its own script and styles.
 * - `/results/`: the results tree with HTML directory listings (volume mode), or a read-only proxy to the bucket
 *   (object-store mode, see below).
 * - `/api/results/`: the same tree as JSON directory listings (`autoindex_format json`), volume mode only.
 * - `/healthz`: 200 for the probes.
 *
 * Everywhere: only GET and HEAD (anything else is 405 with `Allow: GET, HEAD`), no server version,
 * `X-Content-Type-Options: nosniff`, `..` segments (plain or percent-encoded) refused with 400, symbolic links refused
 * under the results root (their names still appear in listings: nginx's autoindex lists every name; the results
 * processor removes links from its target's folder, runtime/processor). Under `/results/` (both modes): the sandbox
 * CSP {@link RESULTS_CSP}, and dot-entries answer 404.
 *
 * Object-store mode (`resultsReader` set): `/results/` and `/api/results/` (and, for a fleet's cluster, `/fleet/`
 * and `/api/fleet/`: every cluster's results) are proxied, GET/HEAD only, without the query string, cookies or
 * credentials, to the reader sidecar on 127.0.0.1 (./reader.ts), which reads the private bucket with read-only
 * credentials and answers the same URLs with the same listings. Loopback by address: nginx
 * resolves no host name, so it needs no `resolver`.
 */

/** Where nginx's `mime.types` is: the same path in Debian's nginx package and the nginx-unprivileged image. */
export const DEFAULT_MIME_TYPES_PATH = '/etc/nginx/mime.types';

/**
 * Types that nginx's `mime.types` lacks (Debian 1.22 and upstream alike have no csv or markdown), added after it
 * at the same level (nginx merges `types` blocks of one level). With mime.types, the types the object-store reader
 * gives (../object-store/content-types.ts; test/object-store/ compares the two for every extension).
 */
export const EXTRA_MIME_TYPES: Readonly<Record<string, readonly string[]>> = {
  'text/csv': ['csv'],
  'text/markdown': ['md', 'markdown'],
  'application/yaml': ['yaml', 'yml'],
  'application/x-ndjson': ['jsonl', 'ndjson'],
  'text/plain': ['log', 'env'],
};

/** The index page's Content-Security-Policy: its own script and styles, nothing from elsewhere. */
export const INDEX_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

/**
 * The Content-Security-Policy of everything under `/results/` (both modes): a sandbox without `allow-same-origin`,
 * so a results file that is a page (GuideLLM's HTML report, or any `.html`/`.svg` a benchmark pod wrote) runs its
 * script in an opaque origin: it cannot read the index page's origin, its storage or the other results.
 */
export const RESULTS_CSP = 'sandbox allow-scripts';

/** The methods the server answers; anything else is 405 with this `Allow` header. */
export const ALLOWED_METHODS = ['GET', 'HEAD'] as const;

/** The reader sidecar nginx proxies the results to (object-store mode). */
export interface NginxResultsReader {
  /** Its port on 127.0.0.1. */
  readonly port: number;
}

export interface NginxConfOptions {
  /** Port nginx listens on. */
  readonly listenPort: number;
  /**
   * Address to listen on (`127.0.0.1` in tests).
   * @default all IPv4 addresses
   */
  readonly listenAddress?: string;
  /** Folder holding `index.html`, `app.js`, `style.css` (the `report-site` ConfigMap). */
  readonly siteRoot: string;
  /** Results tree (volume mode); one of `resultsRoot` and `resultsReader` is required. */
  readonly resultsRoot?: string;
  /** The reader sidecar to proxy `/results/` and `/api/results/` to (object-store mode). */
  readonly resultsReader?: NginxResultsReader;
  /** An existing writable folder; nginx creates its request-body and proxy temp folders in it (an emptyDir). */
  readonly tempDir: string;
  /** The pid file (in a writable folder). */
  readonly pidFile: string;
  /** `error_log` target: a file, or `stderr`. */
  readonly errorLog: string;
  /** `access_log` target: a file, `/dev/stdout`, or `off`. */
  readonly accessLog: string;
  /**
   * nginx's `mime.types` file.
   * @default DEFAULT_MIME_TYPES_PATH
   */
  readonly mimeTypesPath?: string;
  /**
   * Worker processes (`auto` would start one per node CPU, not per CPU of the pod's limit).
   * @default 1
   */
  readonly workerProcesses?: number;
}

/** Characters nginx cannot take unquoted, or that would end a directive. */
function checkValue(what: string, value: string): string {
  if (value === '' || /[\s;{}"'\\$#]/.test(value)) throw new Error(`nginx.conf: ${what} "${value}" must be non-empty, without spaces, quotes, ;, {, }, $, # or \\`);
  return value;
}

function dirWithSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}

export function renderNginxConf(o: NginxConfOptions): string {
  if ((o.resultsRoot === undefined) === (o.resultsReader === undefined)) {
    throw new Error('nginx.conf: set exactly one of resultsRoot (volume mode) and resultsReader (object-store mode)');
  }
  if (!Number.isInteger(o.listenPort) || o.listenPort < 1 || o.listenPort > 65535) throw new Error(`nginx.conf: listenPort ${o.listenPort} is not a port`);
  const temp = checkValue('tempDir', o.tempDir.replace(/\/+$/, ''));
  const siteRoot = checkValue('siteRoot', o.siteRoot.replace(/\/+$/, ''));
  const listen = o.listenAddress === undefined ? String(o.listenPort) : `${checkValue('listenAddress', o.listenAddress)}:${o.listenPort}`;
  const mimeTypes = checkValue('mimeTypesPath', o.mimeTypesPath ?? DEFAULT_MIME_TYPES_PATH);
  const workers = o.workerProcesses ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`nginx.conf: workerProcesses ${workers} must be a positive integer`);

  // add_header is inherited only by locations that have none of their own: every location repeats these.
  // `Allow` is empty (not sent) except on a 405 (the map in the http block)
  const common = [`add_header X-Content-Type-Options "nosniff" always;`, `add_header Referrer-Policy "same-origin" always;`, `add_header Allow $llmbench_allow always;`];
  const sandbox = `add_header Content-Security-Policy "${RESULTS_CSP}" always;`;
  // dot-entries (.jobs/, .tmp files) are bookkeeping: autoindex leaves them out of listings, this refuses them
  const hidden = [
    '# dot-entries anywhere below the results are not served (nginx decodes %2e before matching)',
    'location ~ "^/(api/)?(results|fleet)/(.*/)?\\." {',
    ...['default_type text/plain;', ...common, `return 404 "not found\\n";`].map((l) => `    ${l}`),
    '}',
    '',
  ];
  const noCache = `add_header Cache-Control "no-cache" always;`;
  const indent = (lines: string[], n: number) => lines.map((l) => (l === '' ? '' : ' '.repeat(n) + l));

  const resultsLocations: string[] = [];
  if (o.resultsRoot !== undefined) {
    const root = dirWithSlash(checkValue('resultsRoot', o.resultsRoot));
    const tree = (format: 'html' | 'json') => [
      `alias ${root};`,
      // every symbolic link below the results root is refused (403), whoever owns it
      `disable_symlinks on from=$document_root;`,
      `autoindex on;`,
      `autoindex_format ${format};`,
      `autoindex_exact_size on;`,
      `autoindex_localtime off;`,
      // a run folder holding an index.html must still be listed, not replaced by that page
      `index __no_index__;`,
      ...common,
      noCache,
      sandbox,
    ];
    resultsLocations.push(
      ...hidden,
      '# the results tree, HTML listings; pages in it run sandboxed (RESULTS_CSP)',
      'location /results/ {',
      ...indent(tree('html'), 4),
      '}',
      '',
      '# the same tree as JSON listings: [{"name","type","mtime"[,"size"]}]',
      'location /api/results/ {',
      ...indent(tree('json'), 4),
      '}',
      '',
      "# a volume is no fleet's: no other cluster's results (the page asks; object-store mode's reader answers)",
      'location = /api/fleet/ {',
      ...indent(['default_type application/json;', ...common, noCache, `return 200 "[]\\n";`], 4),
      '}',
    );
  } else {
    const port = o.resultsReader!.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535 || port === o.listenPort) throw new Error(`nginx.conf: resultsReader.port ${port} is not a port other than listenPort`);
    const proxied = [
      // S3 sub-resources (?acl, ?list-type=2, ?versions...) are never passed on
      `set $args "";`,
      `proxy_pass http://127.0.0.1:${port};`,
      `proxy_http_version 1.1;`,
      `proxy_pass_request_body off;`,
      `proxy_set_header Content-Length "";`,
      `proxy_set_header Authorization "";`,
      `proxy_set_header Cookie "";`,
      `proxy_set_header Connection "";`,
      `proxy_hide_header Set-Cookie;`,
      `proxy_redirect off;`,
      `proxy_intercept_errors off;`,
      `proxy_connect_timeout 5s;`,
      `proxy_read_timeout 60s;`,
      // the reader streams from the bucket: pass it on as it comes, no temp files (a large index would go to disk)
      `proxy_buffering off;`,
      ...common,
      noCache,
      sandbox,
    ];
    resultsLocations.push(
      ...hidden,
      '# object-store mode: the reader sidecar reads the private bucket (read-only credentials, signed) on loopback',
      'location /results/ {',
      ...indent(proxied, 4),
      '}',
      '',
      '# the same tree as JSON listings, from the reader',
      'location /api/results/ {',
      ...indent(proxied, 4),
      '}',
      '',
      "# a fleet's cluster: every cluster's results, read-only (the reader answers 404 when this is no fleet)",
      'location /fleet/ {',
      ...indent(proxied, 4),
      '}',
      'location /api/fleet/ {',
      ...indent(proxied, 4),
      '}',
    );
  }

  const extraTypes = Object.entries(EXTRA_MIME_TYPES).map(([type, exts]) => `${type} ${exts.join(' ')};`);
  const lines = [
    '# Generated by constructs/report-server.ts (runtime/report-server/nginx-conf.ts); do not edit.',
    `worker_processes ${workers};`,
    `pid ${checkValue('pidFile', o.pidFile)};`,
    `error_log ${checkValue('errorLog', o.errorLog)} warn;`,
    '',
    'events {',
    '    worker_connections 1024;',
    '}',
    '',
    'http {',
    ...indent(
      [
        `include ${mimeTypes};`,
        'types {',
        ...indent(extraTypes, 4),
        '}',
        'default_type application/octet-stream;',
        'charset utf-8;',
        // text/html is always in the list
        'charset_types text/plain text/css text/csv text/markdown text/xml text/javascript application/javascript application/json application/yaml application/x-ndjson;',
        '',
        `client_body_temp_path ${temp}/client_body;`,
        `proxy_temp_path ${temp}/proxy;`,
        `fastcgi_temp_path ${temp}/fastcgi;`,
        `uwsgi_temp_path ${temp}/uwsgi;`,
        `scgi_temp_path ${temp}/scgi;`,
        '',
        `access_log ${checkValue('accessLog', o.accessLog)};`,
        'server_tokens off;',
        `map $request_method $llmbench_allow {`,
        `    ~^(${ALLOWED_METHODS.join('|')})$ "";`,
        `    default "${ALLOWED_METHODS.join(', ')}";`,
        '}',
        'sendfile on;',
        'keepalive_timeout 65s;',
        'client_max_body_size 1k;',
        'client_header_buffer_size 1k;',
        'large_client_header_buffers 4 8k;',
        // behind the router: relative redirects (Location: /results/), never http://<pod>:8080/...
        'absolute_redirect off;',
        'autoindex off;',
        'disable_symlinks on;',
        '',
        'server {',
        ...indent(
          [
            `listen ${listen} default_server;`,
            'server_name _;',
            ...common,
            '',
            '# only GET and HEAD, everywhere',
            `if ($request_method !~ ^(${ALLOWED_METHODS.join('|')})$) {`,
            '    return 405;',
            '}',
            '# no ".." segment, plain or percent-encoded (nginx would also merge it; refuse it outright)',
            'if ($request_uri ~* "(^|/|%2f)(\\.|%2e)(\\.|%2e)(/|%2f|\\?|$)") {',
            '    return 400;',
            '}',
            '',
            'location = /healthz {',
            '    access_log off;',
            '    default_type text/plain;',
            ...indent(common, 4),
            '    add_header Cache-Control "no-store" always;',
            `    return 200 "ok\\n";`,
            '}',
            '',
            'location = /results {',
            ...indent(common, 4),
            '    return 301 /results/;',
            '}',
            'location = /api/results {',
            ...indent(common, 4),
            '    return 301 /api/results/;',
            '}',
            '',
            ...resultsLocations,
            '',
            '# the index page, its script and styles (a ConfigMap: kubelet mounts its files as symbolic links',
            '# to ..data/, all owned by root, hence if_not_owner here)',
            'location / {',
            ...indent(
              [
                `root ${siteRoot};`,
                'disable_symlinks if_not_owner from=$document_root;',
                'index index.html;',
                'try_files $uri $uri/ =404;',
                ...common,
                noCache,
                `add_header Content-Security-Policy "${INDEX_CSP}" always;`,
              ],
              4,
            ),
            '}',
          ],
          4,
        ),
        '}',
      ],
      4,
    ),
    '}',
    '',
  ];
  return lines.join('\n');
}
