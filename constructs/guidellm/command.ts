/**
 * Renders GuideLLM command lines from typed options, for both CLI generations:
 * `guidellm benchmark run` (v0.4 to v0.6) and `guidellm run` (v0.7+). Every flag and `kind=` key emitted
 * here is listed, with the GuideLLM source line that defines it, in `cli-table.ts`; a test checks that every
 * option combination of the catalog emits only those.
 */
import { Profile } from '../../config/schema';
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

/** A dataset: a Hugging Face dataset id or a file path inside the pod. */
export interface DatasetData {
  readonly dataset: string;
  /** Column holding the prompt. @default GuideLLM's own detection */
  readonly promptColumn?: string;
}

/** What one GuideLLM benchmark does. */
export interface BenchmarkOptions {
  /** OpenAI-compatible base URL of the endpoint. */
  readonly target: string;
  /** Served model name. */
  readonly model: string;
  /** Tokenizer: a Hugging Face id or a local path. @default the model's own (GuideLLM asks the server) */
  readonly processor?: string;
  readonly data: SyntheticData | DatasetData;
  readonly profile: Profile;
  /** Per profile: users (concurrent), req/s (constant, poisson), max concurrency (throughput), steps (sweep). */
  readonly rates?: readonly number[];
  readonly maxSeconds?: number;
  readonly maxRequests?: number;
  readonly maxErrors?: number;
  readonly maxErrorRate?: number;
  /** Fraction (0–1) of each level excluded from the figures at its start. */
  readonly warmup?: number;
  /** Fraction (0–1) of each level excluded from the figures at its end. */
  readonly cooldown?: number;
  readonly randomSeed?: number;
  /** Folder for the reports; `.` writes bare file names into the working directory. */
  readonly outputDir: string;
  readonly outputs: readonly OutputFormat[];
  /** Run labels (v0.7+ only; older releases have no labels and the run's folder carries them instead). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Name of an environment variable holding the endpoint's API key. @default no API key */
  readonly apiKeyEnv?: string;
}

/** The command (argv) that runs one benchmark with the given GuideLLM version. */
export function renderBenchmarkCommand(options: BenchmarkOptions, version: GuidellmVersion): string[] {
  return version.generation === 'run' ? renderRun(options) : renderBenchmarkRun(options, version);
}

/** The command that renders the HTML report from `benchmarks.json` in the working directory. */
export function renderHtmlCommand(version: GuidellmVersion): string[] {
  return version.generation === 'run'
    ? ['guidellm', 'benchmark', 'from-file', REPORT_FILES.json, '--output', `kind=html,path=${REPORT_FILES.html}`]
    : ['guidellm', 'benchmark', 'from-file', REPORT_FILES.json, '--output-path', REPORT_FILES.html];
}

/** `guidellm run` (v0.7+): options take `kind=...,key=value` strings, split on every comma. */
function renderRun(o: BenchmarkOptions): string[] {
  const args = ['guidellm', 'run'];
  args.push('--backend', kindValue('openai_http', { target: o.target, model: o.model }));
  args.push('--profile', kindValue(o.profile, profileKeys(o.profile, o.rates ?? [])));
  if (o.maxSeconds !== undefined) args.push('--constraint', kindValue('max_duration', { seconds: o.maxSeconds }));
  if (o.maxRequests !== undefined) args.push('--constraint', kindValue('max_requests', { count: o.maxRequests }));
  if (o.maxErrors !== undefined) args.push('--constraint', kindValue('max_errors', { count: o.maxErrors }));
  if (o.maxErrorRate !== undefined) args.push('--constraint', kindValue('max_error_rate', { rate: o.maxErrorRate }));
  args.push('--data', 'dataset' in o.data ? kindValue('huggingface', { path: o.data.dataset, prompt_column: o.data.promptColumn }) : kindValue('synthetic_text', { prompt_tokens: o.data.promptTokens, output_tokens: o.data.outputTokens }));
  if (o.processor !== undefined) args.push('--tokenizer', o.processor);
  if (o.warmup !== undefined) args.push('--warmup', String(o.warmup));
  if (o.cooldown !== undefined) args.push('--cooldown', String(o.cooldown));
  if (o.randomSeed !== undefined) args.push('--random-seed', String(o.randomSeed));
  for (const format of o.outputs) args.push('--output', kindValue(format, { path: outputPath(o.outputDir, format) }));
  for (const [key, value] of Object.entries(o.labels ?? {})) args.push('--label', `${key}=${value}`);
  args.push('--disable-console-interactive');
  return args;
}

/** `guidellm benchmark run` (v0.4 to v0.6): plain flags, rates as a comma list. */
function renderBenchmarkRun(o: BenchmarkOptions, version: GuidellmVersion): string[] {
  const args = ['guidellm', 'benchmark', 'run', '--target', o.target, '--model', o.model];
  if (o.processor !== undefined) args.push('--processor', o.processor);
  if ('dataset' in o.data) args.push('--data', o.data.dataset);
  else args.push('--data', `prompt_tokens=${o.data.promptTokens},output_tokens=${o.data.outputTokens}`);
  args.push('--rate-type', o.profile);
  if (o.rates && o.rates.length > 0) args.push('--rate', o.rates.map(String).join(','));
  if (o.maxSeconds !== undefined) args.push('--max-seconds', String(o.maxSeconds));
  if (o.maxRequests !== undefined) args.push('--max-requests', String(o.maxRequests));
  if (o.warmup !== undefined) args.push('--warmup-percent', String(o.warmup));
  if (o.cooldown !== undefined) args.push('--cooldown-percent', String(o.cooldown));
  if (o.randomSeed !== undefined) args.push('--random-seed', String(o.randomSeed));
  if (isAtLeast(version, '0.6.0')) {
    args.push('--output-dir', o.outputDir, '--outputs', o.outputs.join(','));
  } else {
    args.push('--output-path', outputPath(o.outputDir, 'json'));
  }
  args.push('--disable-progress');
  return args;
}

function profileKeys(profile: Profile, rates: readonly number[]): Record<string, number | number[] | undefined> {
  switch (profile) {
    case 'concurrent':
      return { streams: [...rates] };
    case 'constant':
    case 'poisson':
      return { rate: [...rates] };
    case 'throughput':
      return { max_concurrency: rates[0] };
    case 'sweep':
      return { sweep_size: rates[0] };
    case 'synchronous':
      return {};
  }
}

/** `kind=concurrent,streams[0]=1,streams[1]=5`: lists are indexed (GuideLLM splits values on every comma). */
function kindValue(kind: string, keys: Record<string, string | number | number[] | undefined>): string {
  const parts = [`kind=${kind}`];
  for (const [key, value] of Object.entries(keys)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v, i) => parts.push(`${key}[${i}]=${v}`));
    else parts.push(`${key}=${value}`);
  }
  return parts.join(',');
}

function outputPath(dir: string, format: OutputFormat): string {
  return dir === '.' ? REPORT_FILES[format] : `${dir.replace(/\/$/, '')}/${REPORT_FILES[format]}`;
}
