/**
 * Per-request records of a GuideLLM report, kept compact: what SLO attainment, goodput and the output speed per
 * user need (domain/slo.ts), read one record at a time while the report streams past (json-stream's `visit`).
 *
 * Facts, read from the GuideLLM source (github.com/vllm-project/guidellm):
 * - `benchmarks[i].requests` is a StatusBreakdown of lists `successful`, `errored`, `incomplete` (and `total`:
 *   null) of GenerativeRequestStats (src/guidellm/benchmark/schemas/benchmark.py:156-160 @ v0.7.3; the same in
 *   src/guidellm/benchmark/schemas/generative/benchmark.py:157-161 @ v0.6.1). With request sampling the lists hold
 *   only the sampled requests (src/guidellm/benchmark/schemas/accumulator.py:606-615 @ v0.7.3).
 * - Each record carries its computed fields (src/guidellm/schemas/request_stats.py @ v0.7.3): `request_start_time`
 *   :76, `request_end_time` :88, `request_latency` (s) :103, `output_tokens` :127, `time_to_first_token_ms` :154,
 *   `inter_token_latency_ms` :188 (None with ≤ 1 output token); the same fields since v0.4.0.
 * - The lists hold every request of the level, warm-up and cool-down included; the aggregates (and
 *   `metrics.request_totals`) count only those that overlap the measured window: end ≥ window start and start ≤
 *   window end (`get_within_range`, src/guidellm/benchmark/schemas/accumulator.py:617-641 @ v0.7.3, used by
 *   src/guidellm/benchmark/schemas/metrics.py:870-872).
 * Only the Node standard library: bundled into the processor script.
 */
import type { RequestFigures, RequestStatus } from '../../domain/slo';

/** The record fields read; every other field of a record (prompt, output, timings) is skipped unread. */
export const RECORD_FIELDS = ['request_start_time', 'request_end_time', 'request_latency', 'output_tokens', 'time_to_first_token_ms', 'inter_token_latency_ms'] as const;
export const RECORD_STATUSES: readonly RequestStatus[] = ['successful', 'errored', 'incomplete'];

/** The records of one benchmark, column by column (NaN = absent). */
export class RequestColumns {
  readonly status: RequestStatus[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly latencyS: number[] = [];
  readonly outputTokens: number[] = [];
  readonly ttftMs: number[] = [];
  readonly itlMs: number[] = [];
  /** Records that were not objects, or had no end time: not usable. */
  unusable = 0;

  get length(): number {
    return this.status.length;
  }

  add(status: RequestStatus, record: unknown): void {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      this.unusable++;
      return;
    }
    const r = record as Record<string, unknown>;
    const end = finite(r.request_end_time);
    if (Number.isNaN(end)) {
      this.unusable++;
      return;
    }
    this.status.push(status);
    this.start.push(finite(r.request_start_time));
    this.end.push(end);
    this.latencyS.push(finite(r.request_latency));
    this.outputTokens.push(finite(r.output_tokens));
    this.ttftMs.push(finite(r.time_to_first_token_ms));
    this.itlMs.push(finite(r.inter_token_latency_ms));
  }

  /** Whether record `i` overlaps the measured window [start, end] (GuideLLM's `get_within_range`). */
  inWindow(i: number, start: number, end: number): boolean {
    if (this.end[i] < start) return false;
    return Number.isNaN(this.start[i]) ? this.end[i] <= end : this.start[i] <= end;
  }

  /** Record `i` as the domain reads it. */
  figures(i: number): RequestFigures {
    return {
      status: this.status[i],
      ...optional('ttftMs', this.ttftMs[i]),
      ...optional('itlMs', this.itlMs[i]),
      ...optional('latencyS', this.latencyS[i]),
      ...optional('outputTokens', this.outputTokens[i]),
    };
  }
}

/** The requests of one level inside its measured window, or why per-request figures are not available. */
export type LevelRequests = { readonly records: readonly RequestFigures[] } | { readonly unavailable: string };

/**
 * The level's requests within its window, when the report holds every one of them: the in-window count per status
 * must equal `metrics.request_totals` (else the report was sampled, or cut).
 */
export function levelRequests(
  columns: RequestColumns | undefined,
  window: { readonly start?: number; readonly end?: number },
  totals: { readonly successful: number; readonly errored: number; readonly incomplete: number },
): LevelRequests {
  if (!columns || columns.length === 0) {
    const any = totals.successful + totals.errored + totals.incomplete;
    return { unavailable: any > 0 ? 'the report holds no per-request records (request sampling, guidellm.requestSamples, keeps none)' : 'no request in this level' };
  }
  if (window.start === undefined || window.end === undefined) return { unavailable: "the level's measured window is unknown" };
  const counts: Record<RequestStatus, number> = { successful: 0, errored: 0, incomplete: 0 };
  const records: RequestFigures[] = [];
  for (let i = 0; i < columns.length; i++) {
    if (!columns.inWindow(i, window.start, window.end)) continue;
    counts[columns.status[i]]++;
    records.push(columns.figures(i));
  }
  const short = RECORD_STATUSES.filter((s) => counts[s] !== totals[s]);
  if (short.length > 0) {
    const held = short.map((s) => `${counts[s]} of ${totals[s]} ${s}`).join(', ');
    return { unavailable: `the report holds ${held} requests of the measured window (request sampling, guidellm.requestSamples, or a cut report); per-request figures need every request` };
  }
  return { records };
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : NaN;
}

function optional<K extends string>(key: K, value: number): Partial<Record<K, number>> {
  return Number.isNaN(value) ? {} : ({ [key]: value } as Record<K, number>);
}
