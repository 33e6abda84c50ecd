/**
 * A real S3 server for tests: Ceph RGW on loopback, started by ../shared/tools/ceph-rgw/start.sh (its README) in a
 * private folder with free ports, and stopped by stop.sh. Besides the start script's owner (`testaccess`), users
 * are made with radosgw-admin, and a bucket's policy lets a reader only read: what the report server's Secret holds.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { closedPort } from './net';
import { PROJECT_ROOT } from './project';

const execFileAsync = promisify(execFile);
const TOOLS = path.join(PROJECT_ROOT, '..', 'shared', 'tools', 'ceph-rgw');

/** Access keys of an RGW user. */
export interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Rgw {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The owner made by start.sh: may do anything with its buckets. */
  readonly owner: Keys;
  /** A client signed with `keys` (the owner's by default). */
  client(keys?: Keys): S3Client;
  /** A new user with these keys. */
  createUser(uid: string, keys: Keys): Promise<void>;
  /** A new bucket of the owner's that `reader` (a user id) may only read (s3:GetObject, s3:ListBucket). */
  createBucket(bucket: string, reader?: string): Promise<void>;
  stop(): Promise<void>;
}

/** `count` consecutive ports from a random base that nothing listens on (the OSD binds within them). */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const free = await Promise.all(
      ports.map(
        (port) =>
          new Promise<boolean>((resolve) => {
            const server = net.createServer();
            server.once('error', () => resolve(false));
            server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return base;
  }
  throw new Error('no 10 consecutive free ports on 127.0.0.1');
}

/** Starts RGW (~12 s) in a new temporary folder. */
export async function startRgw(): Promise<Rgw> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ceph-rgw-'));
  const [s3Port, monPort, osdMin] = [await closedPort(), await closedPort(), await freeRange(10)];
  const owner: Keys = { accessKeyId: 'testaccess', secretAccessKey: 'testsecret' };
  const state = path.join(dir, 'state');
  try {
    await execFileAsync('bash', [path.join(TOOLS, 'start.sh'), state, String(s3Port), String(monPort), String(osdMin)], {
      env: { ...process.env, S3_ACCESS_KEY: owner.accessKeyId, S3_SECRET_KEY: owner.secretAccessKey },
      timeout: 90_000,
    });
  } catch (e) {
    await execFileAsync('bash', [path.join(TOOLS, 'stop.sh'), state]).catch(() => undefined);
    const logs = fs.existsSync(path.join(state, 'log')) ? fs.readdirSync(path.join(state, 'log')).join(', ') : 'none';
    throw new Error(`Ceph RGW did not start (${(e as Error).message}); logs in ${state}/log: ${logs}`);
  }
  const endpoint = `http://127.0.0.1:${s3Port}`;
  const client = (keys: Keys = owner) => new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: keys, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  return {
    endpoint,
    owner,
    client,
    async createUser(uid, keys) {
      await execFileAsync('radosgw-admin', ['-c', path.join(state, 'ceph.conf'), 'user', 'create', `--uid=${uid}`, `--display-name=${uid}`, `--access-key=${keys.accessKeyId}`, `--secret-key=${keys.secretAccessKey}`]);
    },
    async createBucket(bucket, reader) {
      const s3 = client();
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      if (reader) {
        const Policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam:::user/${reader}`] }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] }],
        });
        await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy }));
      }
    },
    async stop() {
      await execFileAsync('bash', [path.join(TOOLS, 'stop.sh'), state]).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
