/**
 * A minimal client of the Prometheus HTTP API (`GET /api/v1/query`, instant queries), as served by Prometheus and
 * by the Thanos Querier (https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries). Over
 * node:http / node:https so a CA bundle can be trusted (Node 20's fetch takes none); TLS is always verified.
 *
 * A client that could not connect once stops trying: every later query fails fast with the same reason, so an
 * unreachable Prometheus costs one time-limit, not one per query.
 */
import * as fs from 'fs';
import * as tls from 'tls';
import { request } from '../publishers/model-registry';
import { PrometheusEndpoint } from '../../../domain/contracts/processor-config';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Queries one client keeps in flight at most: the analysis of 30 levels is ~450 queries; a few at once bound its time without loading Prometheus. */
export const QUERIES_IN_FLIGHT = 4;

/** One series of an instant vector. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export class PrometheusClient {
  private readonly ca?: string[];
  private broken?: string;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly endpoint: PrometheusEndpoint,
    /** Sent as `namespace=` when the endpoint is a tenancy port. */
    private readonly namespace: string,
    /** Queries in flight at most; the others wait their turn. */
    private readonly maxInFlight: number = QUERIES_IN_FLIGHT,
  ) {
    try {
      this.ca = endpoint.caFile ? [...tls.rootCertificates, fs.readFileSync(endpoint.caFile, 'utf8')] : undefined;
    } catch (e) {
      this.broken = `cannot read the CA bundle ${endpoint.caFile}: ${(e as Error).message}`;
    }
  }

  /** Why every query fails, once the endpoint proved unusable. */
  get unusable(): string | undefined {
    return this.broken;
  }

  /**
   * Instant query at `time` (Unix seconds), at most `maxInFlight` at once. Rejects with a readable reason; NaN /
   * ±Inf samples are dropped.
   */
  async query(expr: string, time: number): Promise<Sample[]> {
    // a finished query hands its slot to the next waiting one: never more than maxInFlight
    if (this.inFlight >= this.maxInFlight) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await this.send(expr, time);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }

  private async send(expr: string, time: number): Promise<Sample[]> {
    if (this.broken) throw new Error(this.broken);
    const url = new URL(`${this.endpoint.url.replace(/\/+$/, '')}/api/v1/query`);
    url.searchParams.set('query', expr);
    url.searchParams.set('time', time.toFixed(3));
    if (this.endpoint.tenancy) url.searchParams.set('namespace', this.namespace);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    let answer;
    try {
      answer = await request('GET', url, headers, undefined, this.ca, this.endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      this.broken = `Prometheus at ${this.endpoint.url} unreachable: ${(e as Error).message}${code && /CERT|SELF_SIGNED|VERIFY|TLS/.test(code) ? ' (is the service CA bundle mounted?)' : ''}`;
      throw new Error(this.broken);
    }
    if (answer.status === 401 || answer.status === 403) {
      this.broken = `Prometheus at ${this.endpoint.url} refused the query: HTTP ${answer.status} ${answer.body.trim().slice(0, 200)} (RBAC: see docs/analysis.md)`;
      throw new Error(this.broken);
    }
    let body: { status?: string; error?: string; data?: { resultType?: string; result?: { metric: Record<string, string>; value: [number, string] }[] } };
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw new Error(`Prometheus at ${this.endpoint.url}: HTTP ${answer.status}, not JSON: ${answer.body.slice(0, 200)}`);
    }
    if (body.status !== 'success') throw new Error(`Prometheus at ${this.endpoint.url}: query failed (HTTP ${answer.status}: ${body.error ?? 'no error text'}): ${expr}`);
    if (body.data?.resultType !== 'vector') throw new Error(`Prometheus at ${this.endpoint.url}: expected a vector, got ${body.data?.resultType}: ${expr}`);
    return (body.data.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) })).filter((s) => Number.isFinite(s.value));
  }

  /** Read on each query so a rotated projected token is picked up. */
  private token(): string | undefined {
    if (!this.endpoint.tokenFile) return undefined;
    try {
      return fs.readFileSync(this.endpoint.tokenFile, 'utf8').trim() || undefined;
    } catch (e) {
      this.broken = `cannot read the bearer token ${this.endpoint.tokenFile}: ${(e as Error).message}`;
      throw new Error(this.broken);
    }
  }
}
