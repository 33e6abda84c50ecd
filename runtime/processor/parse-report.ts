/**
 * Reads GuideLLM JSON reports of both format versions into `ParsedReport`s (types.ts).
 *
 * Bad content never throws: an unreadable, empty, malformed or truncated file, or an unsupported
 * `metadata.version`, gives a report with no levels and a problem naming the file. Inside a benchmark every key
 * is read defensively: an absent or non-finite figure (null, "NaN", a bare NaN/Infinity token as Python's
 * `json.dumps` writes them) is left out, listed in the level's `missing` and named in a problem (file, benchmark
 * index, key path). Only the Node standard library is used: this file is bundled into the processor script.
 */
import { EMPTY, JsonPath, parseJsonText, readJsonFile } from './json-stream';
import { REPORT_STRATEGIES, reportStrategy } from '../../domain/load-profiles';
import { METRIC_NAMES, MetricDistribution, MetricName, ParsedLevel, ParsedReport, Percentiles } from './types';
import { RECORD_FIELDS, RECORD_STATUSES, RequestColumns } from './request-records';
import type { RequestStatus } from '../../domain/slo';

type Json = Record<string, unknown>;
type Path = readonly string[];

/** The format versions this parser reads, for messages. */
const SUPPORTED_VERSIONS = 'supported: 1 for GuideLLM ≤ 0.6, 2 for GuideLLM ≥ 0.7';
/** The percentiles the summary uses; GuideLLM also writes p001, p01, ..., p999, which are ignored. */
const PERCENTILE_KEYS = ['p50', 'p90', 'p95', 'p99'] as const;
/** Fields of one metric distribution, as named in `missing`. */
const DISTRIBUTION_FIELDS = ['mean', 'median', ...PERCENTILE_KEYS] as const;
/**
 * Metrics measured per request: with no successful request GuideLLM writes an empty distribution (all zeros,
 * `count: 0`), which is no measurement. Rates and concurrency are different: 0 there is a real zero throughput.
 */
const PER_REQUEST_METRICS: ReadonlySet<MetricName> = new Set<MetricName>([
  'time_to_first_token_ms',
  'inter_token_latency_ms',
  'time_per_output_token_ms',
  'request_latency',
]);
const REQUEST_TOTAL_KEYS = ['successful', 'errored', 'incomplete', 'total'] as const;
/**
 * The largest figure of each metric that can be a measurement: a day of latency, a billion tokens or requests per
 * second. Above it, or below 0, a figure is invalid data: left out, named in a problem, never rated or summed.
 */
const PLAUSIBLE_MAX: Readonly<Record<MetricName, number>> = {
  time_to_first_token_ms: 86_400_000,
  inter_token_latency_ms: 86_400_000,
  time_per_output_token_ms: 86_400_000,
  request_latency: 86_400,
  requests_per_second: 1e9,
  output_tokens_per_second: 1e9,
  tokens_per_second: 1e9,
  request_concurrency: 1e9,
};
/** Prefix of the strings that stand for bare NaN / Infinity tokens (see `quoteNonFiniteTokens`). */
const BARE_TOKEN = '\u0000';

// ------------------------------------------------------------------------------------------ layouts

/** Where one format version keeps the figures of one benchmark (paths inside a `benchmarks[i]` entry). */
interface Layout {
  /** The scheduling strategy object: `type_`, and `rate` / `streams` / `max_concurrency` by type. */
  readonly strategy: Path;
  /** The measured window (Unix seconds), first path present wins. */
  readonly start: readonly Path[];
  readonly end: readonly Path[];
  /** The metrics object: `<name>.successful` distributions and `request_totals`. */
  readonly metrics: Path;
}

/*
 * Format version 1 (GuideLLM 0.5–0.6, flat `args` block), read from the GuideLLM source @ v0.6.1
 * (github.com/vllm-project/guidellm, tag v0.6.1):
 * - src/guidellm/benchmark/schemas/generative/report.py:37-43 `metadata.version: Literal[1]`,
 *   :44-47 `metadata.guidellm_version`, :76-78 top-level `args` (BenchmarkGenerativeTextArgs), :79-82
 *   `benchmarks: list[GenerativeBenchmark]`; :104-107 saved with `json.dumps(model_dump())`, which writes
 *   NaN/Infinity as bare tokens.
 * - src/guidellm/benchmark/schemas/generative/entrypoints.py:174-179 `args.profile` and `args.rate` (the run's
 *   requested profile, not per benchmark).
 * - src/guidellm/benchmark/schemas/generative/benchmark.py:49-60 per benchmark `config`, `scheduler_metrics`,
 *   `metrics`; :72-86 computed fields `start_time` / `end_time` = `scheduler_metrics.measure_start_time` /
 *   `measure_end_time` (metrics.py:74-79).
 * - src/guidellm/benchmark/schemas/base.py:268-270 `config.strategy: SchedulingStrategy`.
 * - src/guidellm/scheduler/strategies.py:44-47 strategy types synchronous, concurrent, throughput, constant,
 *   poisson; :71-81 `type_`, `max_concurrency`; :306-309 concurrent `streams`; :385-389 throughput
 *   `max_concurrency` (optional); :463-467 constant `rate`; :563-567 poisson `rate`.
 * - src/guidellm/benchmark/schemas/generative/metrics.py:706-756 `metrics.request_totals` (StatusBreakdown of
 *   ints: successful, errored, incomplete, total; schemas/base.py:232-247) and the StatusDistributionSummary
 *   metrics `requests_per_second`, `request_concurrency`, `request_latency`, `time_to_first_token_ms`,
 *   `time_per_output_token_ms`, `inter_token_latency_ms`, `output_tokens_per_second`, `tokens_per_second`.
 * - src/guidellm/schemas/statistics.py:124-133 DistributionSummary `mean`, `median`, `count`, `percentiles`;
 *   :41-51 percentile keys p001 ... p999; :168-181 and :91-92 an empty distribution is written as zeros with
 *   `count: 0`.
 */
const V1_LAYOUT: Layout = {
  strategy: ['config', 'strategy'],
  start: [['start_time'], ['scheduler_metrics', 'measure_start_time']],
  end: [['end_time'], ['scheduler_metrics', 'measure_end_time']],
  metrics: ['metrics'],
};

/*
 * Format version 2 (GuideLLM ≥ 0.7, top-level `config` instead of `args`), as in the real report
 * ../shared/fixtures/guidellm-report-v0.8.0.dev18.json: the per-benchmark keys kept the v1 names.
 */
const V2_LAYOUT: Layout = V1_LAYOUT;

const LAYOUTS: Readonly<Record<1 | 2, Layout>> = { 1: V1_LAYOUT, 2: V2_LAYOUT };

// ------------------------------------------------------------------------------------------- entry points

/** `benchmarks[i].requests.<status>[j]`: one per-request record. */
const isRecord = (path: JsonPath) => path.length === 5 && path[0] === 'benchmarks' && path[2] === 'requests';
const KEPT_RECORD_FIELDS: ReadonlySet<string | number> = new Set(RECORD_FIELDS);

/**
 * How a report is read: the figures, and of the per-request records (`benchmarks[i].requests`, most of a report's
 * bytes; GuideLLM keeps every request unless sampled) only the few fields RequestColumns keeps, handed over record
 * by record; the prompt and output texts are scanned past, never kept.
 */
function reportRead(columns: Map<number, RequestColumns>) {
  return {
    bareToken: BARE_TOKEN,
    skip: (path: JsonPath) =>
      (path.length === 4 && path[0] === 'benchmarks' && path[2] === 'requests' && !(RECORD_STATUSES as readonly (string | number)[]).includes(path[3])) ||
      (path.length === 6 && path[0] === 'benchmarks' && path[2] === 'requests' && !KEPT_RECORD_FIELDS.has(path[5])),
    visit: {
      match: isRecord,
      value: (path: JsonPath, record: unknown) => {
        const index = path[1] as number;
        let table = columns.get(index);
        if (!table) columns.set(index, (table = new RequestColumns()));
        table.add(path[3] as RequestStatus, record);
      },
    },
  };
}

/**
 * Reads and parses one report in chunks, keeping only the parts it reads, so memory stays bounded whatever the
 * report's size; a missing or unreadable file gives a problem, never a throw.
 */
export function readReport(file: string): ParsedReport {
  let parsed: ReturnType<typeof readJsonFile>;
  const columns = new Map<number, RequestColumns>();
  try {
    parsed = readJsonFile(file, reportRead(columns));
  } catch (e) {
    return unreadable(file, `${file}: cannot read the report (${describeReadError(e)}); no load level read`);
  }
  return fromJson(file, parsed, columns);
}

/** Parses the text of one report. Pure; bad content gives problems, never a throw. */
export function parseReport(file: string, text: string): ParsedReport {
  const columns = new Map<number, RequestColumns>();
  return fromJson(file, parseJsonText(text, reportRead(columns)), columns);
}

function fromJson(file: string, parsed: { value: unknown } | { error: string }, columns: ReadonlyMap<number, RequestColumns>): ParsedReport {
  if ('error' in parsed && parsed.error === EMPTY) return unreadable(file, `${file}: empty file, not a GuideLLM report; no load level read`);
  if ('error' in parsed) return unreadable(file, `${file}: malformed or truncated JSON (${parsed.error}); no load level read`);
  const root = parsed.value;
  if (!isObject(root)) {
    return unreadable(file, `${file}: not a GuideLLM report (the top level is ${kindOf(root)}, not an object); no load level read`);
  }
  const version = get(root, ['metadata', 'version']);
  const guidellmVersion = stringAt(root, ['metadata', 'guidellm_version']);
  if (version !== 1 && version !== 2) {
    const what = version === undefined ? 'metadata.version is missing' : `metadata.version ${show(version)} is not supported`;
    return unreadable(file, `${file}: ${what} (${SUPPORTED_VERSIONS}); no load level read`, guidellmVersion);
  }
  return { file, formatVersion: version, guidellmVersion, ...readBenchmarks(file, root, LAYOUTS[version], columns) };
}

// ------------------------------------------------------------------------------------------- report level

/** A report with no levels and one problem. `formatVersion` is 2 (the current format): the type has no "unknown". */
function unreadable(file: string, problem: string, guidellmVersion?: string): ParsedReport {
  return { file, formatVersion: 2, guidellmVersion, levels: [], problems: [problem], invalid: [] };
}

/** Every benchmark of the report as a level; a benchmark that is not an object is skipped with a problem. */
function readBenchmarks(file: string, root: Json, layout: Layout, columns: ReadonlyMap<number, RequestColumns>): Pick<ParsedReport, 'levels' | 'problems' | 'invalid'> {
  const benchmarks = root.benchmarks;
  if (!Array.isArray(benchmarks)) return { levels: [], problems: [`${file}: benchmarks is missing or not a list; no load level read`], invalid: [] };
  if (benchmarks.length === 0) return { levels: [], problems: [`${file}: benchmarks is empty; no load level read`], invalid: [] };
  const levels: ParsedLevel[] = [];
  const problems: string[] = [];
  const invalid: string[] = [];
  benchmarks.forEach((benchmark, index) => {
    const reader = new BenchmarkReader(`${file}: benchmark ${index}`, layout);
    if (isObject(benchmark)) levels.push({ ...reader.level(benchmark), requestRecords: columns.get(index) });
    else reader.problem(`is ${kindOf(benchmark)}, not an object; skipped`, true);
    problems.push(...reader.problems);
    invalid.push(...reader.invalid);
  });
  return { levels, problems, invalid };
}

// ----------------------------------------------------------------------------------------- benchmark level

/** Reads one `benchmarks[i]` entry, collecting problems (deduplicated) and missing metric fields. */
class BenchmarkReader {
  private readonly found = new Set<string>();
  private readonly invalidFound = new Set<string>();
  private readonly absent: string[] = [];

  constructor(
    private readonly where: string,
    private readonly layout: Layout,
  ) {}

  get problems(): string[] {
    return [...this.found];
  }

  /** The problems that are invalid data (see ParsedReport.invalid). */
  get invalid(): string[] {
    return [...this.invalidFound];
  }

  /** Records a problem; `invalid` when it is invalid data rather than an absent figure. */
  problem(text: string, invalid = false): void {
    this.found.add(`${this.where}: ${text}`);
    if (invalid) this.invalidFound.add(`${this.where}: ${text}`);
  }

  /** A problem for the value at `path` that is not a finite number: invalid data when it is of another type. */
  private notANumber(benchmark: Json, path: Path, consequence = ''): void {
    this.problem(`${this.absence(benchmark, path)}${consequence}`, isWrongType(get(benchmark, path)));
  }

  /** The load level of one benchmark; always produced, with whatever could be read. */
  level(benchmark: Json): ParsedLevel {
    const strategy = this.strategy(benchmark);
    const start = this.firstNumber(benchmark, this.layout.start);
    const end = this.firstNumber(benchmark, this.layout.end);
    return {
      ...strategy,
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
      ...(stoppedByOverSaturation(benchmark) ? { stoppedByOverSaturation: true } : {}),
      metrics: this.metrics(benchmark),
      requestTotals: this.requestTotals(benchmark),
      missing: this.absent,
    };
  }

  /** Strategy type and its load: `streams` (concurrent), `max_concurrency` (throughput), `rate` (rate strategies). */
  private strategy(benchmark: Json): { strategy: string; streams?: number; rate?: number } {
    const path = this.layout.strategy;
    const type = get(benchmark, [...path, 'type_']);
    if (typeof type !== 'string') {
      this.problem(`${this.absence(benchmark, [...path, 'type_'])}; strategy recorded as "unknown"`);
      return { strategy: 'unknown' };
    }
    const known = reportStrategy(type);
    if (!known) {
      this.problem(`${dotted([...path, 'type_'])} ${show(type)} is not a known strategy; its load is not read`);
      return { strategy: type };
    }
    const load = REPORT_STRATEGIES[known].load;
    switch (load) {
      case 'streams':
        return { strategy: type, ...this.optionalNumber(benchmark, [...path, 'streams'], 'streams', true) };
      case 'max_concurrency':
        return { strategy: type, ...this.optionalNumber(benchmark, [...path, 'max_concurrency'], 'streams', false) };
      case 'rate':
        return { strategy: type, ...this.optionalNumber(benchmark, [...path, 'rate'], 'rate', true) };
      case 'none':
        return { strategy: type };
    }
  }

  /** `{ [key]: value }` when the number at `path` is finite; a problem when it is required or not finite. */
  private optionalNumber<K extends string>(benchmark: Json, path: Path, key: K, required: boolean): Partial<Record<K, number>> {
    const value = get(benchmark, path);
    if (isFiniteNumber(value) && value < 0) this.problem(`${dotted(path)} is ${value}: negative, not a possible load (invalid data); the load of this level is unknown`, true);
    else if (isFiniteNumber(value)) return { [key]: value } as Partial<Record<K, number>>;
    else if (value !== undefined && value !== null) this.notANumber(benchmark, path);
    else if (required) this.problem(`${this.absence(benchmark, path)}; the load of this level is unknown`);
    return {};
  }

  /** The first finite number among `paths`; a problem naming them all when none is. */
  private firstNumber(benchmark: Json, paths: readonly Path[]): number | undefined {
    for (const path of paths) {
      const value = get(benchmark, path);
      if (isFiniteNumber(value)) return value;
    }
    const tried = paths.map((path) => this.absence(benchmark, path)).join(', ');
    this.problem(`${tried}; the measured window is incomplete`);
    return undefined;
  }

  /** Every metric the processor uses, each left out when it has no finite figure at all. */
  private metrics(benchmark: Json): Partial<Record<MetricName, MetricDistribution>> {
    const metrics: Partial<Record<MetricName, MetricDistribution>> = {};
    for (const name of METRIC_NAMES) {
      const distribution = this.distribution(benchmark, name);
      if (distribution) metrics[name] = distribution;
    }
    return metrics;
  }

  /** `metrics.<name>.successful`: mean, median and p50/p90/p95/p99, each finite or listed as missing. */
  private distribution(benchmark: Json, name: MetricName): MetricDistribution | undefined {
    const base = [...this.layout.metrics, name, 'successful'];
    if (PER_REQUEST_METRICS.has(name) && get(benchmark, [...base, 'count']) === 0) {
      this.problem(`${dotted(base)} has no observations (count 0: no successful request); left out`);
      this.absent.push(...DISTRIBUTION_FIELDS.map((field) => `${name}.${field}`));
      return undefined;
    }
    const mean = this.metricField(benchmark, name, 'mean', [...base, 'mean']);
    const median = this.metricField(benchmark, name, 'median', [...base, 'median']);
    const percentiles: { -readonly [K in keyof Percentiles]: number } = {};
    for (const key of PERCENTILE_KEYS) {
      const value = this.metricField(benchmark, name, key, [...base, 'percentiles', key]);
      if (value !== undefined) percentiles[key] = value;
    }
    if (mean === undefined && median === undefined && Object.keys(percentiles).length === 0) return undefined;
    return { ...(mean !== undefined ? { mean } : {}), ...(median !== undefined ? { median } : {}), percentiles };
  }

  /** One finite figure of a metric, or undefined with a problem and a `missing` entry `name.field`. */
  private metricField(benchmark: Json, name: MetricName, field: string, path: Path): number | undefined {
    const value = get(benchmark, path);
    if (isFiniteNumber(value) && (value < 0 || value > PLAUSIBLE_MAX[name])) {
      const why = value < 0 ? 'negative' : `above ${PLAUSIBLE_MAX[name]}`;
      this.problem(`${dotted(path)} is ${value}: ${why}, not a possible measurement (invalid data); left out`, true);
      this.absent.push(`${name}.${field}`);
      return undefined;
    }
    if (isFiniteNumber(value)) return value;
    this.notANumber(benchmark, path);
    this.absent.push(`${name}.${field}`);
    return undefined;
  }

  /** `metrics.request_totals`; a count that is absent or not a finite number is taken as 0, with a problem. */
  private requestTotals(benchmark: Json): ParsedLevel['requestTotals'] {
    const totals = { successful: 0, errored: 0, incomplete: 0, total: 0 };
    for (const key of REQUEST_TOTAL_KEYS) {
      const path = [...this.layout.metrics, 'request_totals', key];
      const value = get(benchmark, path);
      if (isFiniteNumber(value) && value < 0) this.problem(`${dotted(path)} is ${value}: negative, not a possible count (invalid data); counted as 0`, true);
      else if (isFiniteNumber(value)) totals[key] = value;
      else this.notANumber(benchmark, path, '; counted as 0');
    }
    return totals;
  }

  /** Why `path` gives no finite number: its first absent key (`x.y is missing`) or the value it holds. */
  private absence(benchmark: Json, path: Path): string {
    let node: unknown = benchmark;
    for (let i = 0; i < path.length; i++) {
      if (!isObject(node) || node[path[i]] === undefined) return `${dotted(path.slice(0, i + 1))} is missing`;
      node = node[path[i]];
    }
    return `${dotted(path)} is ${show(node)}, not a finite number`;
  }
}

// ------------------------------------------------------------------------------------------------ helpers

/** A readable reason for a failed read: ENOENT and friends in words. */
function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return e instanceof Error ? e.message : String(e);
}

/**
 * True for a value that is there but of a type no figure has (text, a boolean, an object, a list): invalid data.
 * Absent, null and GuideLLM's bare NaN / Infinity tokens are not: they are figures left out.
 */
function isWrongType(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'number') return false;
  return !(typeof value === 'string' && value.startsWith(BARE_TOKEN));
}

/**
 * Whether GuideLLM stopped the level because it detected over-saturation: the constraint that ended processing
 * (`scheduler_state.end_processing_constraints`, src/guidellm/scheduler/schemas.py:355 @ v0.7.3, :345 @ v0.6.1) is
 * the over-saturation one, registered as `over_saturation` (src/guidellm/scheduler/constraints/saturation.py:639 @
 * v0.7.3) or `detect_saturation` (:565-566 @ v0.6.1).
 */
function stoppedByOverSaturation(benchmark: Json): boolean {
  const ended = get(benchmark, ['scheduler_state', 'end_processing_constraints']);
  return isObject(ended) && ['over_saturation', 'detect_saturation'].some((key) => key in ended);
}

/** The value at `path`, or undefined when a step is absent or not an object. */
function get(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function stringAt(root: Json, path: Path): string | undefined {
  const value = get(root, path);
  return typeof value === 'string' ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function dotted(path: Path): string {
  return path.join('.');
}

/** A value as a message shows it: bare tokens as written (NaN), strings quoted, objects by kind. */
function show(value: unknown): string {
  if (typeof value === 'string') return value.startsWith(BARE_TOKEN) ? value.slice(1) : JSON.stringify(value);
  if (isObject(value) || Array.isArray(value)) return kindOf(value);
  return String(value);
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
