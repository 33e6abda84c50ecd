/**
 * The results bucket as the in-cluster programs see it (the processor writes and reads, the report server's reader
 * only reads): `@aws-sdk/client-s3`, SigV4, path-style requests (Ceph RGW / ODF, MinIO and AWS S3 alike), keys
 * relative to the results root (`ObjectStoreLocation.root`).
 *
 * The SDK is the one npm package an in-cluster program uses. It is loaded on first use from its own file next to
 * the program (constructs/runtime-bundle.ts bundles it, minified, as `aws-sdk-client-s3.js` beside `processor.js`
 * and `reader.js`), so a volume-mode processor neither ships nor loads it; tests load it from node_modules.
 *
 * Credentials come from the environment only (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: a Secret's keys set by
 * Kubernetes), never from a file, a URL or a command line; no other source is consulted (no instance metadata,
 * no ~/.aws).
 */
import * as fs from 'fs';
import * as https from 'https';
import * as tls from 'tls';
import type { Readable } from 'stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStoreLocation } from '../../domain/contracts/processor-config';

/** One object directly under a listed folder. */
export interface ListedFile {
  readonly name: string;
  readonly size: number;
  /** Last modification, ISO 8601. */
  readonly mtime: string;
}

/** One level of the tree under a folder: its sub-folders (common prefixes) and its objects, each sorted by name. */
export interface Listing {
  readonly folders: string[];
  readonly files: ListedFile[];
}

/** An object being read: its bytes as a stream, with the figures a server answers with. */
export interface ObjectStream {
  readonly body: Readable;
  readonly size?: number;
  readonly mtime?: Date;
  readonly etag?: string;
}

export interface Bucket {
  /** `endpoint/bucket/root/`, for messages (no credentials in it). */
  readonly where: string;
  /** One level under `folder` (relative to the root; `''` is the root itself). */
  list(folder: string): Promise<Listing>;
  /** Every key under `folder`, recursively, relative to the root, sorted. */
  listAll(folder: string): Promise<string[]>;
  /** The object's bytes, or undefined when there is no such key. */
  get(key: string): Promise<Buffer | undefined>;
  /** The object as a stream, or undefined when there is no such key. */
  open(key: string): Promise<ObjectStream | undefined>;
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  /** Deletes the keys (1000 per request); the keys that could not be deleted are named in the error. */
  delete(keys: readonly string[]): Promise<void>;
}

/** Access keys, from the environment. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The access keys in `env`, or an error naming the missing variable and where it should come from. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  const missing = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(`object store: ${missing.join(' and ')} not set (the pod takes them from the credentials Secret's keys of the same names)`);
  }
  return { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! };
}

/** `a/b/` + `c` with no doubled or leading `/`. */
function joinKey(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p !== '')
    .join('/');
}

/** An S3 error's name and HTTP status, for the 404 cases. */
function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404;
}

/** What went wrong, with the bucket and key, without the SDK's stack. */
function named(e: unknown, what: string, where: string): Error {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : '';
  return new Error(`object store: ${what} ${where}: ${err.name ?? 'Error'}${status}: ${err.message ?? String(e)}`);
}

/** The bucket at `location`, signed with `credentials`. */
export async function openBucket(location: ObjectStoreLocation, credentials: Credentials): Promise<Bucket> {
  // loaded here, not at the top: a program that never opens a bucket neither needs nor loads the SDK's file
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  const endpoint = location.endpoint.replace(/\/+$/, '');
  const root = joinKey(location.root ?? '');
  const httpsAgent =
    location.caFile && endpoint.startsWith('https:')
      ? new https.Agent({ keepAlive: true, ca: [...tls.rootCertificates, fs.readFileSync(location.caFile, 'utf8')] })
      : undefined;
  const client: S3Client = new sdk.S3Client({
    endpoint,
    region: location.region,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    // Ceph RGW (ODF) and MinIO do not all take the newest SDK's default checksums on uploads
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000, ...(httpsAgent ? { httpsAgent } : {}) },
  });
  const Bucket = location.bucket;
  const where = `${endpoint}/${Bucket}/${root === '' ? '' : `${root}/`}`;
  const full = (key: string) => joinKey(root, key);
  const folderPrefix = (folder: string) => {
    const k = full(folder);
    return k === '' ? '' : `${k}/`;
  };

  async function* pages(prefix: string, delimiter?: string) {
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(new sdk.ListObjectsV2Command({ Bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken: token }));
      } catch (e) {
        throw named(e, 'cannot list', `${endpoint}/${Bucket}/${prefix}`);
      }
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async function open(key: string): Promise<ObjectStream | undefined> {
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket, Key: full(key) }));
      return { body: out.Body as Readable, size: out.ContentLength, mtime: out.LastModified, etag: out.ETag };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw named(e, 'cannot read', where + key);
    }
  }

  return {
    where,
    open,
    async list(folder) {
      const prefix = folderPrefix(folder);
      const folders: string[] = [];
      const files: ListedFile[] = [];
      for await (const page of pages(prefix, '/')) {
        for (const p of page.CommonPrefixes ?? []) if (p.Prefix) folders.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
        for (const o of page.Contents ?? []) {
          if (!o.Key || o.Key === prefix) continue;
          files.push({ name: o.Key.slice(prefix.length), size: o.Size ?? 0, mtime: (o.LastModified ?? new Date(0)).toISOString() });
        }
      }
      const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      return { folders: folders.sort(byName), files: files.sort((a, b) => byName(a.name, b.name)) };
    },
    async listAll(folder) {
      const prefix = folderPrefix(folder);
      const keys: string[] = [];
      for await (const page of pages(prefix)) for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(root === '' ? 0 : root.length + 1));
      return keys.sort();
    },
    async get(key) {
      const opened = await open(key);
      if (!opened) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of opened.body) chunks.push(Buffer.from(chunk as Uint8Array));
      return Buffer.concat(chunks);
    },
    async put(key, body, contentType) {
      try {
        await client.send(new sdk.PutObjectCommand({ Bucket, Key: full(key), Body: body, ContentType: contentType }));
      } catch (e) {
        throw named(e, 'cannot write', where + key);
      }
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        let out;
        try {
          out = await client.send(new sdk.DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((k) => ({ Key: full(k) })), Quiet: true } }));
        } catch (e) {
          throw named(e, `cannot delete ${batch.length} key(s) under`, where);
        }
        const failed = (out.Errors ?? []).map((err) => `${err.Key} (${err.Code})`);
        if (failed.length > 0) throw new Error(`object store: ${failed.length} key(s) not deleted under ${where}: ${failed.slice(0, 5).join(', ')}`);
      }
    },
  };
}
