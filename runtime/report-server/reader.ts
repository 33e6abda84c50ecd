/**
 * The report server's reader (object-store mode): a sidecar that answers nginx on loopback with the results from
 * the private bucket, read with read-only credentials and signed (SigV4); nginx cannot sign. It answers the URL
 * contract of ./README.md exactly as nginx does from the results volume, so the index page is the same in both
 * modes:
 *
 *   GET|HEAD /results/<key>          the object (type by extension: runtime/object-store/content-types.ts)
 *   GET|HEAD /results/<folder>/      an HTML listing of one level of the tree
 *   GET|HEAD /api/results/<folder>/  the same as JSON, nginx's autoindex format: [{"name","type","mtime"[,"size"]}]
 *   /fleet/…, /api/fleet/…           a fleet's cluster (READER_CONFIG `fleetRoot`): every cluster's results, the
 *                                    same way (`/api/fleet/` lists the clusters), so the page compares them
 *
 * 404 for a key or folder the bucket does not have; 502 naming the bucket's error otherwise; 400 for a `..` or
 * dot-segment; 405 for anything but GET and HEAD. It resolves the endpoint's host for each new connection with the
 * pod's resolver (/etc/resolv.conf), so nginx needs no `resolver`. It listens on 127.0.0.1 only: nginx, in the same
 * pod, is its one client, and adds the headers of the results (CSP sandbox, nosniff, no-cache).
 *
 * Environment: READER_CONFIG (JSON ObjectStoreLocation), READER_PORT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
 * (from the read-only Secret).
 */
import * as http from 'http';
import type { ObjectStoreLocation } from '../../domain/contracts/processor-config';
import { Bucket, credentialsFromEnv, openBucket } from '../object-store/bucket';
import { contentTypeOf } from '../object-store/content-types';

/** Listing entries as nginx's `autoindex_format json` writes them. */
interface ListingEntry {
  readonly name: string;
  readonly type: 'directory' | 'file';
  readonly mtime: string;
  readonly size?: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A decoded path below the results root, as segments, or why it is refused. */
function segmentsOf(rest: string): string[] | string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return 'bad percent-encoding';
  }
  const parts = decoded.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p.includes('\\'))) return 'no "." or ".." segments';
  return parts;
}

async function listing(bucket: Bucket, folder: string): Promise<ListingEntry[] | undefined> {
  const { folders, files } = await bucket.list(folder);
  if (folder !== '' && folders.length === 0 && files.length === 0) return undefined;
  const visible = (name: string) => name !== '' && !name.startsWith('.');
  // a folder's time: the bucket has none; nginx's listing shows the directory's. The page sorts runs by name.
  const epoch = new Date(0).toUTCString();
  return [
    ...folders.filter(visible).map((name): ListingEntry => ({ name, type: 'directory', mtime: epoch })),
    ...files.filter((f) => visible(f.name)).map((f): ListingEntry => ({ name: f.name, type: 'file', mtime: new Date(f.mtime).toUTCString(), size: f.size })),
  ];
}

function htmlListing(urlPath: string, entries: readonly ListingEntry[]): string {
  const title = `Index of ${escapeHtml(urlPath)}`;
  const rows = entries.map((e) => {
    const name = e.type === 'directory' ? `${e.name}/` : e.name;
    return `<a href="${escapeHtml(encodeURIComponent(e.name))}${e.type === 'directory' ? '/' : ''}">${escapeHtml(name)}</a> ${e.type === 'file' ? e.size : '-'}`;
  });
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1><hr><pre><a href="../">../</a>\n${rows.join('\n')}${rows.length ? '\n' : ''}</pre><hr></body>\n</html>\n`;
}

/** The URL trees the reader serves, each from a bucket root, with or without JSON listings. */
const TREES = [
  { prefix: '/api/results/', api: true, fleet: false },
  { prefix: '/results/', api: false, fleet: false },
  { prefix: '/api/fleet/', api: true, fleet: true },
  { prefix: '/fleet/', api: false, fleet: true },
] as const;

/**
 * The request handler over `bucket` (the cluster's results) and `fleet` (a fleet's root, when this is a fleet's
 * cluster); `log` gets one line per failure.
 */
export function readerHandler(bucket: Bucket, log: (line: string) => void, fleet?: Bucket): http.RequestListener {
  return (req, res) => {
    const answer = (status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(405, 'method not allowed\n', undefined, { Allow: 'GET, HEAD' });
    const urlPath = (req.url ?? '/').split('?')[0];
    const tree = TREES.find((t) => urlPath.startsWith(t.prefix));
    // no fleet here: its list of clusters is empty (the page asks on every server)
    if (tree?.fleet && !fleet && tree.api && urlPath === tree.prefix) return answer(200, '[]\n', 'application/json');
    const source = tree?.fleet ? fleet : bucket;
    if (!tree || !source) return answer(404, 'not found\n');
    const { api, prefix } = tree;
    const segments = segmentsOf(urlPath.slice(prefix.length));
    if (typeof segments === 'string') return answer(400, `${segments}\n`);
    if (segments.slice(0, -1).some((s) => s === '') || segments.some((s) => s.startsWith('.'))) return answer(404, 'not found\n');
    const key = segments.join('/');
    const folder = key === '' || key.endsWith('/');
    const work = async () => {
      if (folder || api) {
        if (!folder) return answer(301, '', undefined, { Location: `${urlPath}/` });
        const entries = await listing(source, key.replace(/\/$/, ''));
        if (!entries) return answer(404, 'not found\n');
        return api ? answer(200, `${JSON.stringify(entries)}\n`, 'application/json') : answer(200, htmlListing(urlPath, entries), 'text/html; charset=utf-8');
      }
      const object = await source.open(key);
      if (!object) return answer(404, 'not found\n');
      res.writeHead(200, {
        'Content-Type': contentTypeOf(key),
        ...(object.size !== undefined ? { 'Content-Length': String(object.size) } : {}),
        ...(object.mtime ? { 'Last-Modified': object.mtime.toUTCString() } : {}),
        ...(object.etag ? { ETag: object.etag } : {}),
      });
      if (req.method === 'HEAD') {
        object.body.destroy();
        return res.end();
      }
      object.body.on('error', (e) => {
        log(`reader: ${key}: read failed midway: ${e.message}`);
        res.destroy(e);
      });
      object.body.pipe(res);
    };
    work().catch((e: Error) => {
      log(`reader: ${urlPath}: ${e.message}`);
      if (!res.headersSent) answer(502, `${e.message}\n`);
      else res.destroy(e);
    });
  };
}

/** Starts the reader; resolves with the server once it listens. */
export async function startReader(env: NodeJS.ProcessEnv, log: (line: string) => void = console.error): Promise<http.Server> {
  const location = JSON.parse(env.READER_CONFIG ?? '') as ObjectStoreLocation;
  const port = Number(env.READER_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`reader: READER_PORT ${JSON.stringify(env.READER_PORT)} is not a port`);
  const credentials = credentialsFromEnv(env);
  const bucket = await openBucket(location, credentials);
  const fleet = location.fleetRoot === undefined ? undefined : await openBucket({ ...location, root: location.fleetRoot }, credentials);
  const server = http.createServer(readerHandler(bucket, log, fleet));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  log(`reader: serving ${bucket.where}${fleet ? ` and the fleet's ${fleet.where}` : ''} on 127.0.0.1:${port}`);
  return server;
}

if (require.main === module) {
  startReader(process.env).catch((e: Error) => {
    console.error(`reader: ${e.message}`);
    process.exit(2);
  });
}
