/**
 * Renders GuideLLM command lines from typed options, for both CLI generations:
 * `guidellm benchmark run` (v0.4 to v0.6) and `guidellm run` (v0.7+). Every flag and `kind=` key emitted
 * here is listed, with the GuideLLM source line that defines it, in `test/guidellm/cli-table.ts` (readable version:
 * docs/guidellm-cli.md); a test checks that every option combination of the catalog emits only those.
 */
import { LOAD_PROFILES, Profile } from '../load-profiles';
import { GuidellmVersion, isAtLeast } from './version';

export type OutputFormat = 'json' | 'csv' | 'html';

/** File names of GuideLLM's reports inside a benchmark's folder. */
export const REPORT_FILES: Readonly<Record<OutputFormat, string>> = {
  json: 'benchmarks.json',
  csv: 'benchmarks.csv',
  html: 'benchmarks.html',
};

/** Synthetic prompts of fixed sizes. */
export interface SyntheticData {
  readonly promptTokens: number;
  readonly outputTokens: number;
}

/** A Hugging Face dataset id. */
export interface HuggingFaceData {
  readonly huggingFaceDataset: string;
}

/** A dataset file inside the pod (.json, .jsonl, .csv, .txt, .parquet). */
export interface FileData {
  readonly file: string;
}

/** What one GuideLLM benchmark does. */
export interface BenchmarkOptions {
  /** OpenAI-compatible base URL of the endpoint (GuideLLM strips a trailing `/v1`). */
  readonly target: string;
  /** Served model name. */
  readonly model: string;
  /** Verify the endpoint's TLS certificate (GuideLLM does not by default). @default false */
  readonly verifyTls?: boolean;
  /** Tokenizer: a Hugging Face id or a local path. @default GuideLLM uses the served model name as tokenizer id */
  readonly processor?: string;
  readonly data: SyntheticData | HuggingFaceData | FileData;
  readonly profile: Profile;
  /** Per profile: users (concurrent), req/s (constant, poisson), max concurrency (throughput), steps (sweep). */
  readonly rates?: readonly number[];
  readonly maxSeconds?: number;
  readonly maxRequests?: number;
  readonly maxErrors?: number;
  /** Fraction of failed requests (0 < rate < 1) that stops a level. */
  readonly maxErrorRate?: number;
  /** Fraction (0–1) of each level excluded from the figures at its start. */
  readonly warmup?: number;
  /** Fraction (0–1) of each level excluded from the figures at its end. */
  readonly cooldown?: number;
  readonly randomSeed?: number;
  /** Stop a level when GuideLLM detects over-saturation (GuideLLM ≥ 0.5). @default false */
  readonly stopOnOverSaturation?: boolean;
  /**
   * Requests per status (successful, errored, incomplete) whose records the report keeps; the figures always count
   * every request. @default every request (GuideLLM's default)
   */
  readonly requestSamples?: number;
  /** Folder for the reports; `.` writes bare file names into the working directory. */
  readonly outputDir: string;
  /** Report formats, written in this order after the whole run (an html failure there would fail the run). */
  readonly outputs: readonly Exclude<OutputFormat, 'html'>[];
  /** Run labels (v0.7+ only; older releases have none, the run's folder and run.json carry them instead). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The command (argv) that runs one benchmark with the given GuideLLM version. */
export function renderBenchmarkCommand(options: BenchmarkOptions, version: GuidellmVersion): string[] {
  return version.generation === 'run' ? renderRun(options) : renderBenchmarkRun(options);
}

/**
 * The command that writes the HTML report from `benchmarks.json` in the working directory: `guidellm export`
 * from v0.7.2, `guidellm benchmark from-file` before.
 */
export function renderHtmlCommand(version: GuidellmVersion): string[] {
  if (isAtLeast(version, '0.7.2')) {
    // export's default outputs include json, which would rewrite the report: always name the output.
    return ['guidellm', 'export', REPORT_FILES.json, '--output', kindValue('html', { path: REPORT_FILES.html })];
  }
  return ['guidellm', 'benchmark', 'from-file', REPORT_FILES.json, '--output-path', '.', '--output-formats', 'html'];
}

/** `guidellm run` (v0.7+): options take `kind=...,key=value` strings, split on every comma, values read as YAML. */
function renderRun(o: BenchmarkOptions): string[] {
  const args = ['guidellm', 'run'];
  args.push('--backend', kindValue('openai_http', { target: o.target, model: o.model, verify: o.verifyTls || undefined }));
  args.push('--profile', kindValue(o.profile, { ...LOAD_PROFILES[o.profile].cliKeys(o.rates ?? []), warmup: o.warmup, cooldown: o.cooldown }));
  if (o.maxSeconds !== undefined) args.push('--constraint', kindValue('max_duration', { seconds: o.maxSeconds }));
  if (o.maxRequests !== undefined) args.push('--constraint', kindValue('max_requests', { count: o.maxRequests }));
  if (o.maxErrors !== undefined) args.push('--constraint', kindValue('max_errors', { count: o.maxErrors }));
  if (o.maxErrorRate !== undefined) args.push('--constraint', kindValue('max_error_rate', { rate: o.maxErrorRate }));
  if (o.stopOnOverSaturation) args.push('--constraint', kindValue('over_saturation', {}));
  args.push('--data', runData(o.data));
  if (o.processor !== undefined) args.push('--tokenizer', kindValue('huggingface_auto', { model: o.processor }));
  if (o.randomSeed !== undefined) args.push('--seed', kindValue('static', { value: o.randomSeed }));
  if (o.requestSamples !== undefined) args.push('--metrics', kindValue('generative', { sample_size: o.requestSamples }));
  for (const format of o.outputs) args.push('--output', kindValue(format, { path: outputPath(o.outputDir, format) }));
  for (const [key, value] of Object.entries(o.labels ?? {})) args.push('--label', `${key}=${value}`);
  args.push('--disable-console-interactive');
  return args;
}

/** `guidellm benchmark run` (v0.4 to v0.6): plain flags, rates as a comma list. */
function renderBenchmarkRun(o: BenchmarkOptions): string[] {
  const args = ['guidellm', 'benchmark', 'run', '--target', o.target, '--model', o.model];
  // JSON, not key=value: key=value values stay strings, and a string `verify` is taken as a CA file path.
  if (o.verifyTls) args.push('--backend-kwargs', JSON.stringify({ verify: true }));
  if (o.processor !== undefined) args.push('--processor', o.processor);
  args.push('--data', legacyData(o.data));
  args.push('--profile', o.profile);
  if (o.rates && o.rates.length > 0) args.push('--rate', o.rates.map(String).join(','));
  if (o.maxSeconds !== undefined) args.push('--max-seconds', String(o.maxSeconds));
  if (o.maxRequests !== undefined) args.push('--max-requests', String(o.maxRequests));
  if (o.maxErrors !== undefined) args.push('--max-errors', String(o.maxErrors));
  if (o.maxErrorRate !== undefined) args.push('--max-error-rate', String(o.maxErrorRate));
  if (o.stopOnOverSaturation) args.push('--detect-saturation');
  if (o.warmup !== undefined) args.push('--warmup', String(o.warmup));
  if (o.cooldown !== undefined) args.push('--cooldown', String(o.cooldown));
  if (o.randomSeed !== undefined) args.push('--random-seed', String(o.randomSeed));
  if (o.requestSamples !== undefined) args.push('--sample-requests', String(o.requestSamples));
  args.push('--output-dir', o.outputDir, '--outputs', o.outputs.join(','));
  args.push('--disable-console-interactive');
  return args;
}

function runData(data: BenchmarkOptions['data']): string {
  if ('huggingFaceDataset' in data) return kindValue('huggingface', { source: data.huggingFaceDataset });
  if ('file' in data) return kindValue(fileKind(data.file), { path: data.file });
  return kindValue('synthetic_text', { prompt_tokens: data.promptTokens, output_tokens: data.outputTokens });
}

function legacyData(data: BenchmarkOptions['data']): string {
  if ('huggingFaceDataset' in data) return data.huggingFaceDataset;
  if ('file' in data) return data.file;
  return `prompt_tokens=${data.promptTokens},output_tokens=${data.outputTokens}`;
}

/** Dataset file extensions GuideLLM v0.7 reads, and the `--data` kind of each. */
export const DATASET_FILE_KINDS: Readonly<Record<string, string>> = {
  '.json': 'json_file',
  '.jsonl': 'json_file',
  '.csv': 'csv_file',
  '.txt': 'text_file',
  '.parquet': 'parquet_file',
};

function fileKind(file: string): string {
  const extension = Object.keys(DATASET_FILE_KINDS).find((e) => file.endsWith(e));
  if (!extension) throw new Error(`dataset file ${file} must end with one of ${Object.keys(DATASET_FILE_KINDS).join(', ')}`);
  return DATASET_FILE_KINDS[extension];
}

type KindValue = string | number | boolean | readonly number[] | undefined;

/** `kind=concurrent,streams[0]=1,streams[1]=5`: lists are indexed, as GuideLLM splits values on every comma. */
export function kindValue(kind: string, keys: Record<string, KindValue>): string {
  const parts = [`kind=${kind}`];
  for (const [key, value] of Object.entries(keys)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v, i) => parts.push(`${key}[${i}]=${v}`));
    else parts.push(`${key}=${typeof value === 'string' ? yamlScalar(value) : value}`);
  }
  return parts.join(',');
}

/**
 * Why `value` cannot be given to GuideLLM ≥ 0.7, or undefined: its options are `key=value` lists split on every
 * comma (src/guidellm/utils/arg_string.py:120 @ v0.7.3), with no quoting, so a value cannot hold a comma.
 */
export function optionValueProblem(value: string): string | undefined {
  return value.includes(',')
    ? `${JSON.stringify(value)} contains a comma, which GuideLLM cannot take: its options are key=value lists split on every comma (src/guidellm/utils/arg_string.py:120 @ v0.7.3)`
    : undefined;
}

/** YAML 1.1 words PyYAML reads as booleans or null. */
const YAML_SPECIAL_WORDS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

/**
 * A string as GuideLLM must read it back: each value is parsed with `yaml.safe_load`, so `1.0`, `yes` or
 * `null` would change type. Such values are single-quoted; a comma cannot be expressed at all.
 */
export function yamlScalar(value: string): string {
  const problem = optionValueProblem(value);
  if (problem) throw new Error(problem);
  const plain = /^[A-Za-z0-9_./:+-]+$/.test(value) && !YAML_SPECIAL_WORDS.test(value) && !/^[-+.]?[0-9][0-9_:.]*([eE][-+]?[0-9]+)?$/.test(value) && !value.startsWith('-');
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

function outputPath(dir: string, format: OutputFormat): string {
  return dir === '.' ? REPORT_FILES[format] : `${dir.replace(/\/$/, '')}/${REPORT_FILES[format]}`;
}
