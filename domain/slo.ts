/**
 * Per-request service-level objectives, SLO attainment and goodput: the capacity answer the field gives
 * (`vllm bench serve --goodput`, GuideLLM ≥ 0.8, inference-perf, NVIDIA AIPerf). Definitions (docs/capacity.md):
 *
 * - A request **meets the SLO** when every objective set holds for it: TTFT ≤ `ttftMs`, inter-token latency ≤
 *   `itlMs` (GuideLLM's `tpot_ms` objective is compared with ITL too), end-to-end latency ≤ `e2eLatencyMs`.
 * - **Errored** requests count as missing the SLO; **incomplete** (cut off at the end of a level) requests are left
 *   out; a successful request for which an objective cannot be measured (≤ 1 output token has no ITL) is left out of
 *   numerator and denominator.
 * - **Attainment** = requests meeting the SLO ÷ requests considered. A level **meets the target** when its
 *   attainment ≥ `attainment` (default 0.99).
 * - **Request goodput** = requests meeting the SLO ÷ the level's measured window (req/s); **token goodput** = their
 *   output tokens ÷ the window (tok/s; not a GuideLLM figure).
 * - **Output tok/s per user** = median over successful requests of output tokens ÷ (latency − TTFT): the decode
 *   speed one user sees.
 *
 * Pure: used by the config schema (the `slo` block), the results processor and the tests' independent checks.
 */

/** The objectives a request is held to; each optional, at least one set. */
export const SLO_OBJECTIVES = {
  /** Time to first token, ms. */
  ttftMs: { label: 'TTFT', unit: 'ms' },
  /** Inter-token latency (mean over the request's output tokens after the first), ms. */
  itlMs: { label: 'ITL', unit: 'ms' },
  /** End-to-end request latency, ms. */
  e2eLatencyMs: { label: 'end-to-end latency', unit: 'ms' },
} as const;
export type SloObjective = keyof typeof SLO_OBJECTIVES;
export const SLO_OBJECTIVE_NAMES = Object.keys(SLO_OBJECTIVES) as SloObjective[];

/** The environment's per-request SLO (`slo:` in the environment). */
export type RequestSlo = { readonly [O in SloObjective]?: number } & {
  /** Fraction (0–1) of requests that must meet the objectives for a load level to meet the SLO. */
  readonly attainment: number;
};

/** @default target attainment when the environment sets none */
export const DEFAULT_ATTAINMENT = 0.99;

/** The statuses GuideLLM sorts requests into (`requests.successful`, `.errored`, `.incomplete`). */
export type RequestStatus = 'successful' | 'errored' | 'incomplete';

/** The per-request figures attainment and goodput need (GuideLLM's GenerativeRequestStats computed fields). */
export interface RequestFigures {
  readonly status: RequestStatus;
  /** `time_to_first_token_ms`. */
  readonly ttftMs?: number;
  /** `inter_token_latency_ms` (absent with ≤ 1 output token). */
  readonly itlMs?: number;
  /** `request_latency`, seconds. */
  readonly latencyS?: number;
  /** `output_tokens`. */
  readonly outputTokens?: number;
}

/** The value of one objective for a request, or undefined when it cannot be measured. */
function measured(objective: SloObjective, r: RequestFigures): number | undefined {
  switch (objective) {
    case 'ttftMs':
      return r.ttftMs;
    case 'itlMs':
      return r.itlMs;
    case 'e2eLatencyMs':
      return r.latencyS === undefined ? undefined : r.latencyS * 1000;
  }
}

/** Attainment and goodput of one load level. */
export interface LevelAttainment {
  /** Requests in numerator and denominator: successful ones with every objective measurable, and errored ones. */
  readonly considered: number;
  /** Requests that met every objective. */
  readonly met: number;
  /** `met / considered`; absent when nothing was considered. */
  readonly attainment?: number;
  readonly meetsTarget: boolean;
  /** Requests meeting the SLO per second of the measured window. */
  readonly requestGoodput?: number;
  /** Output tokens of those requests per second of the measured window. */
  readonly tokenGoodput?: number;
  /** Left out: incomplete requests, and successful ones with an objective that cannot be measured. */
  readonly excluded: { readonly incomplete: number; readonly unmeasurable: number };
  /** Per objective, how many considered successful requests missed it (a request can miss several). */
  readonly missedBy: { readonly [O in SloObjective]?: number };
  /** Errored requests (all counted as missing the SLO). */
  readonly errored: number;
}

/** The objectives the SLO sets, in SLO_OBJECTIVES order. */
export function objectivesOf(slo: RequestSlo): SloObjective[] {
  return SLO_OBJECTIVE_NAMES.filter((o) => slo[o] !== undefined);
}

/** Attainment and goodput of the requests of one level whose measured window lasted `windowSeconds`. */
export function levelAttainment(requests: Iterable<RequestFigures>, slo: RequestSlo, windowSeconds: number): LevelAttainment {
  const objectives = objectivesOf(slo);
  let considered = 0;
  let met = 0;
  let metTokens = 0;
  let incomplete = 0;
  let unmeasurable = 0;
  let errored = 0;
  const missedBy: { [O in SloObjective]?: number } = {};
  for (const r of requests) {
    if (r.status === 'incomplete') {
      incomplete++;
      continue;
    }
    if (r.status === 'errored') {
      errored++;
      considered++;
      continue;
    }
    const values = objectives.map((o) => measured(o, r));
    if (values.some((v) => v === undefined)) {
      unmeasurable++;
      continue;
    }
    considered++;
    let ok = true;
    objectives.forEach((o, i) => {
      if ((values[i] as number) > (slo[o] as number)) {
        ok = false;
        missedBy[o] = (missedBy[o] ?? 0) + 1;
      }
    });
    if (ok) {
      met++;
      metTokens += r.outputTokens ?? 0;
    }
  }
  const attainment = considered > 0 ? met / considered : undefined;
  const perSecond = (n: number) => (windowSeconds > 0 ? n / windowSeconds : undefined);
  return {
    considered,
    met,
    ...(attainment !== undefined ? { attainment } : {}),
    meetsTarget: attainment !== undefined && attainment >= slo.attainment,
    ...(perSecond(met) !== undefined ? { requestGoodput: perSecond(met), tokenGoodput: perSecond(metTokens) } : {}),
    excluded: { incomplete, unmeasurable },
    missedBy,
    errored,
  };
}

/**
 * Output tokens per second one user sees: the median over successful requests of output tokens ÷ (latency − TTFT),
 * over the requests where both are known and the decode time is positive; undefined when there are none.
 */
export function outputSpeedPerUser(requests: Iterable<RequestFigures>): number | undefined {
  const speeds: number[] = [];
  for (const r of requests) {
    if (r.status !== 'successful' || r.outputTokens === undefined || r.latencyS === undefined || r.ttftMs === undefined) continue;
    const decodeSeconds = r.latencyS - r.ttftMs / 1000;
    if (decodeSeconds > 0 && r.outputTokens > 0) speeds.push(r.outputTokens / decodeSeconds);
  }
  return median(speeds);
}

/** The median (mean of the two middle values for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What decided a level's failure to meet the SLO, in words: the objective most requests missed, or errors. */
export function attainmentShortfall(level: LevelAttainment, slo: RequestSlo): string {
  const share = (n: number) => `${n} of ${level.considered}`;
  const causes: [string, number][] = [
    ...objectivesOf(slo).map((o): [string, number] => [`${SLO_OBJECTIVES[o].label} > ${slo[o]} ${SLO_OBJECTIVES[o].unit}`, level.missedBy[o] ?? 0]),
    ['errors', level.errored],
  ];
  const [cause, count] = causes.reduce((worst, c) => (c[1] > worst[1] ? c : worst));
  const attained = level.attainment === undefined ? 'no request considered' : `attainment ${round(level.attainment)} < ${slo.attainment}`;
  return count > 0 ? `${attained} (most misses: ${cause}, ${share(count)} requests)` : attained;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
