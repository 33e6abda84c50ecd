/**
 * GuideLLM command-line facts, read from the upstream source (github.com/vllm-project/guidellm) at release tags.
 * Facts only: no upstream code is copied here. Every `source` is `path/in/repo:LINE @ vX.Y.Z`, the line where
 * upstream defines the option, field, class or value. docs/guidellm-cli.md's tables are generated from it
 * (./cli-doc.ts, `npm run docs:guidellm`).
 *
 * Generations:
 * - LEGACY_CLI: `guidellm benchmark run` (v0.4.0 .. before v0.7.0), cited at v0.6.1.
 * - RUN_CLI: `guidellm run` (v0.7.0+), cited at v0.7.3.
 * Re-rendering a saved JSON report (html/csv as a separate last step):
 * - LEGACY_FROM_FILE_CLI: `guidellm benchmark from-file` (v0.4.0 .. before v0.7.0).
 * - RUN_FROM_FILE_CLI: `guidellm benchmark from-file` (v0.7.0, v0.7.1 only; same flags as legacy).
 * - RUN_EXPORT_CLI: `guidellm export` (v0.7.2+; `benchmark from-file` no longer exists).
 */
import { CliGeneration } from './cli-table-types';

const L = (loc: string): string => `${loc} @ v0.6.1`;
const R = (loc: string): string => `${loc} @ v0.7.3`;

const LEGACY_MAIN = 'src/guidellm/__main__.py';
const RUN_PY = 'src/guidellm/cli/run.py';
const ARGS_PY = 'src/guidellm/benchmark/schemas/entrypoints.py';

/** `guidellm benchmark run` (v0.4.0 .. before v0.7.0), read at v0.6.1; version differences carry `since`. */
export const LEGACY_CLI: CliGeneration = {
  versions: { from: '0.4.0', before: '0.7.0' },
  subcommand: ['benchmark', 'run'],
  citedTag: 'v0.6.1',
  flags: [
    // --- endpoint, model, tokenizer, backend -------------------------------------------------------------------
    {
      flag: '--target',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:101`),
      note: 'Base URL of the OpenAI-compatible server. A trailing "/" and "/v1" are stripped (src/guidellm/backends/openai/http.py:187 @ v0.6.1), so http://x:8080/v1 is fine. GuideLLM GETs {target}/health before the run unless backend kwarg validate_backend=false.',
    },
    {
      flag: '--model',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:154`),
      note: 'Served model name sent in requests. If omitted, the first id from {target}/v1/models is used.',
    },
    {
      flag: '--processor',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:173`),
      note: 'Tokenizer: Hugging Face id or local path. The legacy name for the tokenizer flag (v0.7+ uses --tokenizer kind=huggingface_auto,model=...). Defaults to --model, which fails when the served name is not an HF id: synthetic data needs a real tokenizer, so always pass it.',
    },
    {
      flag: '--processor-args',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:182`),
      note: 'JSON kwargs for AutoTokenizer.from_pretrained (e.g. {"revision":"main"}).',
    },
    {
      flag: '--backend',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:135`),
      note: 'Alias --backend-type. Choice of BackendType: openai_http (all), vllm_python (from 0.6.0). Default openai_http.',
    },
    {
      flag: '--backend-kwargs',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:143`),
      note: 'Alias --backend-args. JSON object passed to the backend constructor (BackendArgs allows extra keys: src/guidellm/backends/backend.py:34 @ v0.6.1). Keys: api_key (Bearer token, since 0.5.2; src/guidellm/backends/openai/http.py:156 @ v0.6.1), verify (default false = TLS NOT verified; :163), timeout, timeout_connect, http2, follow_redirects, validate_backend, stream, extras, max_tokens. Use JSON, not key=value: key=value values stay strings ("true") (src/guidellm/utils/cli.py:82 @ v0.6.1), and a string verify is handed to httpx as a CA file path. Quirk: the JSON report stores args.backend_kwargs verbatim, so api_key is written in clear text to benchmarks.json (src/guidellm/benchmark/schemas/generative/entrypoints.py:384 @ v0.6.1).',
    },
    {
      flag: '--request-format',
      takesValue: true,
      since: '0.6.0',
      source: L(`${LEGACY_MAIN}:160`),
      note: 'Alias --request-type (the only spelling before 0.6.0). /v1/chat/completions (default) or /v1/completions, or aliases chat_completions/text_completions.',
    },
    // --- data ----------------------------------------------------------------------------------------------------
    {
      flag: '--data',
      takesValue: true,
      repeatable: true,
      source: L(`${LEGACY_MAIN}:106`),
      note: 'Synthetic: "prompt_tokens=64,output_tokens=64" (needs at least two key=value pairs; keys prompt_tokens, output_tokens, *_stdev, *_min, *_max, turns, prefix_buckets: src/guidellm/data/schemas.py:108 @ v0.6.1; parser src/guidellm/data/config.py:99 @ v0.6.1) or a JSON object. Else a file path (csv/json/jsonl/txt/parquet) or a Hugging Face dataset id.',
    },
    {
      flag: '--data-args',
      takesValue: true,
      repeatable: true,
      source: L(`${LEGACY_MAIN}:188`),
      note: 'JSON kwargs for dataset loading, e.g. {"split":"test"} for an HF dataset.',
    },
    {
      flag: '--data-samples',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:195`),
      note: '-1 (default) = all samples, regenerating as needed.',
    },
    // --- profile and rates ---------------------------------------------------------------------------------------
    {
      flag: '--profile',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:115`),
      note: 'Alias --rate-type (line 116). Default sweep. Allowed names in values["--profile"].',
    },
    {
      flag: '--rate-type',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:116`),
      note: 'Legacy alias of --profile (same Choice).',
    },
    {
      flag: '--rate',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:123`),
      note: 'Comma list of floats (src/guidellm/utils/cli.py:53 @ v0.6.1). synchronous: must be absent (src/guidellm/benchmark/profiles.py:300); concurrent: stream counts, required (:365); throughput: first value = max_concurrency, required since 0.5.0 (:438; v0.4.0 accepted none); async/constant/poisson: requests/s, required (:512); sweep: first value = number of benchmarks, >= 2 (:585-587, :632; default 10).',
    },
    // --- constraints ---------------------------------------------------------------------------------------------
    {
      flag: '--max-seconds',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:356`),
      note: 'Per benchmark (per rate), seconds.',
    },
    {
      flag: '--max-requests',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:365`),
      note: 'Per benchmark (per rate).',
    },
    { flag: '--max-errors', takesValue: true, source: L(`${LEGACY_MAIN}:374`) },
    {
      flag: '--max-error-rate',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:380`),
      note: 'Fraction 0-1, sliding window (GUIDELLM__CONSTRAINT_ERROR_WINDOW_SIZE, default 30).',
    },
    {
      flag: '--max-global-error-rate',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:386`),
      note: 'Fraction 0-1 over all requests of the benchmark.',
    },
    {
      flag: '--over-saturation',
      takesValue: true,
      since: '0.5.0',
      source: L(`${LEGACY_MAIN}:392`),
      note: 'JSON config for over-saturation stop; --detect-saturation (line 404) enables defaults.',
    },
    {
      flag: '--detect-saturation',
      takesValue: false,
      since: '0.5.0',
      source: L(`${LEGACY_MAIN}:404`),
      note: 'Alias --default-over-saturation: over-saturation detection with default settings (flag_value {"enabled": true}, :408). Renderer: a load plan with stopOnOverSaturation.',
    },
    // --- warmup / cooldown / seed ----------------------------------------------------------------------------------
    {
      flag: '--warmup',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:306`),
      note: 'Alias --warmup-percent. Number < 1 = fraction of the duration/request budget; >= 1 = seconds (or requests when only --max-requests is set); or JSON {percent|value, mode}. TransientPhaseConfig: src/guidellm/benchmark/schemas/base.py:52,63 @ v0.6.1.',
    },
    {
      flag: '--cooldown',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:321`),
      note: 'Alias --cooldown-percent. Same units as --warmup.',
    },
    {
      flag: '--rampup',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:336`),
      note: 'Seconds to ramp the rate up (throughput, concurrent, constant).',
    },
    {
      flag: '--random-seed',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:256`),
      note: 'Default 42.',
    },
    // --- outputs ---------------------------------------------------------------------------------------------------
    {
      flag: '--output-dir',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:263`),
      note: 'Directory for the files named by --outputs. Default CWD (/home/guidellm in the image). Env GUIDELLM_OUTPUT_DIR (click auto-envvar) also sets it; the v0.5.0..v0.7.1 images set GUIDELLM_OUTPUT_DIR=/results.',
    },
    {
      flag: '--outputs',
      takesValue: true,
      repeatable: true,
      source: L(`${LEGACY_MAIN}:269`),
      note: 'Comma list (src/guidellm/utils/cli.py:18 @ v0.6.1) of aliases json, csv, html, yaml, console (files benchmarks.<ext> in --output-dir) or file names with extension (the extension picks the format). Default json,csv. Written in the given order after all benchmarks; an exception (e.g. html template download) stops the later ones and fails the run (src/guidellm/benchmark/entrypoints.py:571 @ v0.6.1): put html last or render it with from-file.',
    },
    {
      flag: '--output-path',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:280`),
      note: 'Legacy: a dir, or a file whose name becomes the single output. Since 0.5.0 it raises "Cannot use --output-path with --output-dir." when output_dir is set from ANY non-default source (src/guidellm/__main__.py:419 @ v0.6.1), and the v0.5+ images set GUIDELLM_OUTPUT_DIR=/results, so it fails there. Conversely the v0.4.0 image sets GUIDELLM_OUTPUT_PATH=/results/benchmarks.json, which silently overrides --output-dir/--outputs (no conflict check in 0.4.0). Setting the env var to "" neutralises it (click ignores empty env values).',
    },
    {
      flag: '--sample-requests',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:345`),
      note: 'Alias --output-sampling. Requests per status (successful, errored, incomplete) kept in the report, reservoir-sampled (src/guidellm/benchmark/schemas/generative/accumulator.py:658 @ v0.6.1); default all; 20 keeps files small. Renderer: guidellm.requestSamples when a number.',
    },
    // --- console ---------------------------------------------------------------------------------------------------
    {
      flag: '--disable-console-interactive',
      takesValue: false,
      source: L(`${LEGACY_MAIN}:298`),
      note: 'Alias --disable-progress (line 299). Turns off the live progress table; keeps setup/result prints (right for Job logs).',
    },
    {
      flag: '--disable-progress',
      takesValue: false,
      source: L(`${LEGACY_MAIN}:299`),
      note: 'Alias of --disable-console-interactive.',
    },
    {
      flag: '--disable-console',
      takesValue: false,
      source: L(`${LEGACY_MAIN}:289`),
      note: 'Alias --disable-console-outputs. Silences everything incl. the results table; implies --disable-console-interactive.',
    },
    {
      flag: '--scenario',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:82`),
      note: 'Alias -c. Builtin scenario name (chat, rag) or a JSON/YAML file; CLI options override it.',
    },
  ],
  values: {
    '--rate-type': [
      { value: 'synchronous', source: L('src/guidellm/benchmark/profiles.py:57'), note: 'ProfileType and StrategyType; no --rate.' },
      { value: 'concurrent', source: L('src/guidellm/benchmark/profiles.py:57'), note: '--rate = stream counts.' },
      { value: 'throughput', source: L('src/guidellm/benchmark/profiles.py:57'), note: '--rate required from 0.5.0 (first value = max concurrency).' },
      { value: 'async', source: L('src/guidellm/benchmark/profiles.py:57'), note: 'Rate profile with constant strategy; --rate = req/s.' },
      { value: 'sweep', source: L('src/guidellm/benchmark/profiles.py:57'), note: 'Default. --rate = number of benchmarks (>= 2).' },
      { value: 'constant', source: L('src/guidellm/scheduler/strategies.py:45'), note: 'StrategyType; --rate = req/s.' },
      { value: 'poisson', source: L('src/guidellm/scheduler/strategies.py:45'), note: 'StrategyType; --rate = req/s.' },
    ],
    '--profile': [
      { value: 'synchronous', source: L('src/guidellm/benchmark/profiles.py:57') },
      { value: 'concurrent', source: L('src/guidellm/benchmark/profiles.py:57') },
      { value: 'throughput', source: L('src/guidellm/benchmark/profiles.py:57') },
      { value: 'async', source: L('src/guidellm/benchmark/profiles.py:57') },
      { value: 'sweep', source: L('src/guidellm/benchmark/profiles.py:57') },
      { value: 'constant', source: L('src/guidellm/scheduler/strategies.py:45') },
      { value: 'poisson', source: L('src/guidellm/scheduler/strategies.py:45') },
    ],
    '--outputs': [
      { value: 'json', source: L('src/guidellm/benchmark/outputs/serialized.py:23'), note: 'benchmarks.json' },
      { value: 'yaml', source: L('src/guidellm/benchmark/outputs/serialized.py:23'), note: 'benchmarks.yaml' },
      { value: 'csv', source: L('src/guidellm/benchmark/outputs/csv.py:60'), note: 'benchmarks.csv' },
      {
        value: 'html',
        source: L('src/guidellm/benchmark/outputs/html.py:40'),
        note: 'benchmarks.html; downloads its template from GUIDELLM__REPORT_GENERATION__SOURCE at write time (html.py:235).',
      },
      { value: 'console', source: L('src/guidellm/benchmark/outputs/console.py:188'), note: 'Results table on stdout, no file.' },
    ],
    '--backend': [
      { value: 'openai_http', source: L('src/guidellm/backends/backend.py:27') },
      { value: 'vllm_python', source: L('src/guidellm/backends/backend.py:27'), note: 'From 0.6.0; in-process vLLM, not for a remote endpoint.' },
    ],
  },
  env: [
    {
      name: 'GUIDELLM__MAX_WORKER_PROCESSES',
      source: L('src/guidellm/settings.py:103'),
      note: 'Settings prefix GUIDELLM__, nesting delimiter __ (settings.py:77-78). Default 10. Worker processes = min(concurrency, strategy/backend limits, this) (src/guidellm/scheduler/worker_group.py:170 @ v0.6.1). Same name since 0.4.0.',
    },
    {
      name: 'GUIDELLM__MAX_CONCURRENCY',
      source: L('src/guidellm/settings.py:102'),
      note: 'Default 512: cap for rate-based strategies without an explicit max concurrency.',
    },
    {
      name: 'GUIDELLM__REPORT_GENERATION__SOURCE',
      source: L('src/guidellm/settings.py:61'),
      note: 'HTML template: URL (fetched with httpx, trust_env, no redirects followed: a 301 fails, guidellm#627), a local file path, or else treated as the literal template text (src/guidellm/utils/text.py:233,245 @ v0.6.1). v0.6.1 default: raw.githubusercontent.com/.../gh-pages/ui/v0.5.4/index.html; v0.4/v0.5 derive it from GUIDELLM__ENV (blog.vllm.ai/guidellm/ui/v0.x).',
    },
    {
      name: 'GUIDELLM__LOGGING__CONSOLE_LOG_LEVEL',
      source: L('src/guidellm/settings.py:27'),
      note: 'Default WARNING. Also GUIDELLM__LOGGING__DISABLED (:25), GUIDELLM__LOGGING__LOG_FILE (:28), GUIDELLM__LOGGING__LOG_FILE_LEVEL (:29).',
    },
    {
      name: 'GUIDELLM_OUTPUT_DIR',
      source: L(`${LEGACY_MAIN}:79`),
      note: 'Click auto_envvar_prefix "GUIDELLM": every run option can come from GUIDELLM_<PARAM_NAME> (single underscore), e.g. GUIDELLM_OUTPUT_DIR, GUIDELLM_TARGET, GUIDELLM_BACKEND_KWARGS. Set by the v0.5.0..v0.7.1 images (Containerfile:73 @ v0.6.1). Empty string = unset.',
    },
    {
      name: 'GUIDELLM_OUTPUT_PATH',
      source: 'Containerfile:54 @ v0.4.0',
      note: 'Set to /results/benchmarks.json by the v0.4.0 image only; overrides --output-dir/--outputs there. Set it to "" on v0.4.x images.',
    },
    {
      name: 'GUIDELLM_BACKEND_KWARGS',
      source: L(`${LEGACY_MAIN}:143`),
      note: 'Auto-envvar of --backend-kwargs (JSON). Lets the Job build {"api_key":"$(API_KEY)","verify":true} from a secretKeyRef env via Kubernetes $(VAR) expansion without a shell or a secret in args. A --backend-kwargs on the command line replaces it entirely.',
    },
    {
      name: 'SSL_CERT_FILE',
      source: 'httpx/_config.py:34 @ 0.28.1 (encode/httpx; locked in uv.lock @ v0.6.1 and v0.7.3)',
      note: 'Honoured only when the backend verify=true (httpx trust_env defaults on). Replaces certifi, so the bundle must hold every CA needed. Also used for HF Hub and the html template download. SSL_CERT_DIR is the alternative. HTTP(S)_PROXY/NO_PROXY are honoured too.',
    },
    {
      name: 'HF_TOKEN',
      source: 'src/huggingface_hub/utils/_auth.py:147 @ v1.26.0 (huggingface/huggingface_hub)',
      note: 'For gated tokenizers/datasets (also HUGGING_FACE_HUB_TOKEN).',
    },
    {
      name: 'HF_HOME',
      source: 'src/huggingface_hub/constants.py:171 @ v1.26.0 (huggingface/huggingface_hub)',
      note: 'Default $XDG_CACHE_HOME/huggingface or ~/.cache/huggingface = /home/guidellm/.cache/huggingface in the image: must be writable (emptyDir) with a read-only root FS. HF_HUB_OFFLINE=1 (constants.py:202) for air-gapped clusters with a pre-filled cache or a tokenizer path.',
    },
  ],
};

/** `guidellm benchmark from-file PATH` (v0.4.0 .. before v0.7.0), read at v0.6.1. */
export const LEGACY_FROM_FILE_CLI: CliGeneration = {
  versions: { from: '0.4.0', before: '0.7.0' },
  subcommand: ['benchmark', 'from-file'],
  citedTag: 'v0.6.1',
  flags: [
    {
      flag: '--output-path',
      takesValue: true,
      source: L(`${LEGACY_MAIN}:502`),
      note: 'Directory (each format gets benchmarks.<ext>) or a file. Default CWD. PATH argument (the saved JSON, default ./benchmarks.json) must exist.',
    },
    {
      flag: '--output-formats',
      takesValue: true,
      repeatable: true,
      source: L(`${LEGACY_MAIN}:512`),
      note: 'Repeat the flag per format (no comma splitting): --output-formats html. Default console,json (which rewrites the json). Names: json, yaml, csv, html, console.',
    },
  ],
  values: {
    '--output-formats': [
      { value: 'html', source: L('src/guidellm/benchmark/outputs/html.py:40') },
      { value: 'csv', source: L('src/guidellm/benchmark/outputs/csv.py:60') },
      { value: 'json', source: L('src/guidellm/benchmark/outputs/serialized.py:23') },
      { value: 'yaml', source: L('src/guidellm/benchmark/outputs/serialized.py:23') },
      { value: 'console', source: L('src/guidellm/benchmark/outputs/console.py:188') },
    ],
  },
  env: [
    {
      name: 'GUIDELLM__REPORT_GENERATION__SOURCE',
      source: L('src/guidellm/settings.py:61'),
      note: 'Same template source as the run.',
    },
  ],
};

/** `guidellm run` (v0.7.0+), read at v0.7.3. */
export const RUN_CLI: CliGeneration = {
  versions: { from: '0.7.0' },
  subcommand: ['run'],
  citedTag: 'v0.7.3',
  flags: [
    {
      flag: '--backend',
      takesValue: true,
      source: R(`${ARGS_PY}:144`),
      note: 'One "kind=...,key=value" string (or a JSON/YAML object). Options are generated from BenchmarkArgs fields (src/guidellm/utils/click_pydantic.py:361 @ v0.7.3). Value split on every "," (src/guidellm/utils/arg_string.py:120), each value read as YAML (:148), dotted/indexed keys nest (a.b=1, l[0]=1); missing or unknown kind is refused (click_pydantic.py:193,203); unknown keys are refused (extra=forbid, src/guidellm/schemas/base.py:56). Default kind openai_http. Kinds: openai_http, openai_websocket, vllm_python.',
    },
    {
      flag: '--profile',
      takesValue: true,
      source: R(`${ARGS_PY}:157`),
      note: 'Default kind=sweep. Lists: streams[0]=1,streams[1]=5 (streams=1,5 is refused: "5" is not key=value), or a JSON object, or --override profile.streams 1,5,10. Warmup/cooldown/rampup are profile keys here.',
    },
    {
      flag: '--constraint',
      takesValue: true,
      repeatable: true,
      source: R(`${ARGS_PY}:163`),
      note: 'One kind per flag. Constraints apply per benchmark (per stream count / rate).',
    },
    {
      flag: '--tokenizer',
      takesValue: true,
      source: R(`${ARGS_PY}:169`),
      note: 'kind=huggingface_auto (alias hf_auto),model=<HF id or path>[,load_kwargs.revision=...]. Without model the backend model (served name) is used as tokenizer id (src/guidellm/benchmark/entrypoints.py:152); synthetic_text needs a real tokenizer, so pass it whenever the served name is not an HF id.',
    },
    {
      flag: '--data',
      takesValue: true,
      repeatable: true,
      source: R(`${ARGS_PY}:175`),
      note: 'At least one required. Kinds: synthetic_text; text_file, csv_file, json_file, parquet_file, arrow_file, hdf5_file, db_file, tar_file (key path); huggingface/hf (key source); synthetic_image; synthetic_video; trace_synthetic; mooncake; in_memory_dict, in_memory_dict_list, in_memory_item_list (Python API only). Every kind also takes load_kwargs.* (src/guidellm/data/schemas/entrypoints.py:96).',
    },
    {
      flag: '--seed',
      takesValue: true,
      source: R(`${ARGS_PY}:212`),
      note: 'kind=static,value=42 (the default; src/guidellm/benchmark/schemas/random.py:43,49).',
    },
    {
      flag: '--output',
      takesValue: true,
      repeatable: true,
      source: R(`${ARGS_PY}:218`),
      note: 'Default json+csv under GUIDELLM__DEFAULT_RESULTS_DIR (v0.7.2+; v0.7.0/0.7.1 default ./benchmarks.json in CWD). Any --output replaces the default list. Written in the given order after all benchmarks; an exception (html template download) stops the later ones and fails the run (src/guidellm/benchmark/entrypoints.py:543-545): json first, html last or via export. Parent dirs are created.',
    },
    {
      flag: '--metrics',
      takesValue: true,
      source: R(`${ARGS_PY}:226`),
      note: 'kind=generative,sample_size=N: requests per status whose records the report keeps (None = all, 0 = none); the figures count every request. Renderer: guidellm.requestSamples when a number.',
    },
    {
      flag: '--data-column-mapper',
      takesValue: true,
      source: R(`${ARGS_PY}:188`),
      note: 'Default kind=generative_column_mapper. Only for datasets with unusual column names.',
    },
    {
      flag: '--data-preprocessor',
      takesValue: true,
      repeatable: true,
      source: R(`${ARGS_PY}:194`),
      note: 'Default [encode_media]. Singular flag name (argument_alias).',
    },
    { flag: '--data-finalizer', takesValue: true, source: R(`${ARGS_PY}:200`), note: 'Default kind=generative.' },
    {
      flag: '--data-loader',
      takesValue: true,
      source: R(`${ARGS_PY}:206`),
      note: 'Default kind=pytorch; key samples (-1 = unlimited).',
    },
    {
      flag: '--label',
      takesValue: true,
      repeatable: true,
      source: R(`${RUN_PY}:61`),
      note: 'Alias -l. "key=value", split on the first "=" only (src/guidellm/utils/cli.py:236); values stay strings. Written to the report at config.metadata.labels (src/guidellm/benchmark/schemas/entrypoints.py:245).',
    },
    {
      flag: '--override',
      takesValue: true,
      repeatable: true,
      source: R(`${RUN_PY}:74`),
      note: 'Two values: KEY VALUES, e.g. --override profile.streams 1,5,10 (one sub-benchmark per value). Documented for profile.streams and profile.rate.',
    },
    {
      flag: '--config',
      takesValue: true,
      source: R(`${RUN_PY}:42`),
      note: 'Aliases --scenario, -c. Builtin scenario (chat, rag) or JSON/YAML file (a saved report works: its "config" key is used); CLI options override it.',
    },
    {
      flag: '--disable-console-interactive',
      takesValue: false,
      source: R(`${RUN_PY}:96`),
      note: 'Alias --disable-progress (line 97). No live progress table; setup and results still printed.',
    },
    {
      flag: '--disable-progress',
      takesValue: false,
      source: R(`${RUN_PY}:97`),
      note: 'Alias of --disable-console-interactive.',
    },
    {
      flag: '--disable-console',
      takesValue: false,
      source: R(`${RUN_PY}:87`),
      note: 'Alias --disable-console-outputs. Silences all console output, implies --disable-console-interactive.',
    },
  ],
  kinds: {
    '--backend': {
      openai_http: {
        keys: [
          'target',
          'model',
          'request_format',
          'api_key',
          'api_routes',
          'timeout',
          'timeout_connect',
          'http2',
          'follow_redirects',
          'verify',
          'validate_backend',
          'stream',
          'extras',
          'max_tokens',
        ],
        required: ['target'],
        source: R('src/guidellm/backends/openai/http.py:55'),
        note: 'target: trailing "/" and "/v1" stripped (http.py:192). model: served name; empty = first of /v1/models. request_format default /v1/chat/completions (:81). api_key: SecretStr sent as "Authorization: Bearer" (:86, :592-594), masked as ********** in the report; better set GUIDELLM__SPEC__BACKEND__API_KEY from a secretKeyRef than put it on the command line. verify: bool, default FALSE = TLS not verified (:126-127); a CA bundle is given by verify=true plus env SSL_CERT_FILE (httpx AsyncClient at :262-277 uses default trust_env). No dedicated header key: extras.headers.<Name>=<value> adds headers to generation requests only (merged at src/guidellm/backends/openai/request_handlers.py:515-516; field src/guidellm/schemas/request.py:53), not to the /health and /v1/models calls, which carry only the api_key Bearer header. validate_backend=false skips the GET {target}/health (:303, :309). timeout default None (no read timeout).',
      },
    },
    '--profile': {
      synchronous: {
        keys: ['rampup_duration', 'warmup', 'cooldown'],
        required: [],
        source: R('src/guidellm/benchmark/profiles/synchronous.py:23'),
        note: 'One request at a time.',
      },
      concurrent: {
        keys: ['streams', 'rampup_duration', 'warmup', 'cooldown'],
        required: ['streams'],
        source: R('src/guidellm/benchmark/profiles/concurrent.py:25'),
        note: 'streams: list of positive ints (:33); a single number is accepted too. One benchmark per entry, in order.',
      },
      throughput: {
        keys: ['max_concurrency', 'rampup_duration', 'warmup', 'cooldown'],
        required: ['max_concurrency'],
        source: R('src/guidellm/benchmark/profiles/throughput.py:23'),
        note: 'max_concurrency has no default (:31) so it must be given; it may be null (max_concurrency=null) to fall back to GUIDELLM__MAX_CONCURRENCY.',
      },
      async: {
        keys: ['rate', 'max_concurrency', 'rampup_duration', 'warmup', 'cooldown'],
        required: ['rate'],
        source: R('src/guidellm/benchmark/profiles/asynchronous.py:26'),
        note: 'rate: req/s, list (rate[0]=2,rate[1]=4) or single number (:34).',
      },
      constant: {
        keys: ['rate', 'max_concurrency', 'rampup_duration', 'warmup', 'cooldown'],
        required: ['rate'],
        source: R('src/guidellm/benchmark/profiles/asynchronous.py:26'),
        note: 'Same args class as async; constant inter-arrival.',
      },
      poisson: {
        keys: ['rate', 'max_concurrency', 'rampup_duration', 'warmup', 'cooldown'],
        required: ['rate'],
        source: R('src/guidellm/benchmark/profiles/asynchronous.py:26'),
        note: 'Same args class as async; Poisson arrivals seeded by --seed.',
      },
      sweep: {
        keys: ['sweep_size', 'strategy_type', 'max_concurrency', 'rampup_duration', 'warmup', 'cooldown'],
        required: [],
        source: R('src/guidellm/benchmark/profiles/sweep.py:27'),
        note: 'sweep_size default 10, >= 2 (:35-38); strategy_type constant|poisson (:40); max_concurrency default 512 (:44). Runs synchronous, throughput, then interpolated rates.',
      },
      replay: {
        keys: ['time_scale', 'rampup_duration', 'warmup', 'cooldown'],
        required: [],
        source: R('src/guidellm/benchmark/profiles/replay.py:23'),
        note: 'Trace replay (with trace data kinds); time_scale default 1.0.',
      },
    },
    '--constraint': {
      max_duration: {
        keys: ['seconds', 'stopping_scope'],
        required: ['seconds'],
        source: R('src/guidellm/scheduler/constraints/request.py:42'),
        note: 'seconds > 0, number or list (:56). stopping_scope current|all on every constraint (src/guidellm/scheduler/constraints/args.py:77).',
      },
      max_requests: {
        keys: ['count', 'stopping_scope'],
        required: ['count'],
        source: R('src/guidellm/scheduler/constraints/request.py:61'),
        note: 'Key is count, not value (:75).',
      },
      max_errors: {
        keys: ['count', 'stopping_scope'],
        required: ['count'],
        source: R('src/guidellm/scheduler/constraints/error.py:42'),
      },
      max_error_rate: {
        keys: ['rate', 'window', 'stopping_scope'],
        required: ['rate'],
        source: R('src/guidellm/scheduler/constraints/error.py:61'),
        note: 'rate strictly between 0 and 1 (src/guidellm/scheduler/constraints/args.py:35); window default GUIDELLM__CONSTRAINT_ERROR_WINDOW_SIZE=30 requests (:78).',
      },
      max_global_error_rate: {
        keys: ['rate', 'minimum', 'stopping_scope'],
        required: ['rate'],
        source: R('src/guidellm/scheduler/constraints/error.py:85'),
        note: 'minimum default 30 processed requests (:103).',
      },
      over_saturation: {
        keys: [
          'mode',
          'min_seconds',
          'max_window_seconds',
          'moe_threshold',
          'minimum_ttft',
          'maximum_window_ratio',
          'minimum_window_size',
          'confidence',
          'stopping_scope',
        ],
        required: [],
        source: R('src/guidellm/scheduler/constraints/saturation.py:81'),
        note: 'mode enforce (default) | monitor.',
      },
    },
    '--data': {
      synthetic_text: {
        keys: [
          'prompt_tokens',
          'prompt_tokens_stdev',
          'prompt_tokens_min',
          'prompt_tokens_max',
          'output_tokens',
          'output_tokens_stdev',
          'output_tokens_min',
          'output_tokens_max',
          'turns',
          'prefix_buckets',
          'load_kwargs',
        ],
        required: ['prompt_tokens'],
        source: R('src/guidellm/data/deserializers/synthetic.py:67'),
        note: 'prompt_tokens required (:75); output_tokens optional (:98): without it max_tokens is left to the server, so always set it for chat benchmarks. Also delay*, tool_call_turns, tools, tool_response_tokens* for agentic workloads.',
      },
      json_file: {
        keys: ['path', 'load_kwargs'],
        required: ['path'],
        source: R('src/guidellm/data/deserializers/file.py:32'),
        note: 'json/jsonl; path field at :58. Sibling kinds with the same keys: text_file, csv_file, parquet_file, arrow_file, hdf5_file, db_file, tar_file.',
      },
      csv_file: {
        keys: ['path', 'load_kwargs'],
        required: ['path'],
        source: R('src/guidellm/data/deserializers/file.py:32'),
      },
      text_file: {
        keys: ['path', 'load_kwargs'],
        required: ['path'],
        source: R('src/guidellm/data/deserializers/file.py:32'),
      },
      parquet_file: {
        keys: ['path', 'load_kwargs'],
        required: ['path'],
        source: R('src/guidellm/data/deserializers/file.py:32'),
      },
      huggingface: {
        keys: ['source', 'load_kwargs'],
        required: ['source'],
        source: R('src/guidellm/data/deserializers/huggingface.py:33'),
        note: 'Alias kind hf. source (aliases src, from, path, name: :42) = Hub id or local dataset dir; load_kwargs.split=test etc. go to datasets.load_dataset.',
      },
      trace_synthetic: {
        keys: ['path', 'timestamp_column', 'prompt_tokens_column', 'output_tokens_column', 'load_kwargs'],
        required: ['path'],
        source: R('src/guidellm/data/deserializers/trace_minimal.py:31'),
        note: 'Trace file replay (fields in src/guidellm/data/deserializers/trace_common.py:171-187); use with --profile kind=replay.',
      },
    },
    '--output': {
      json: {
        keys: ['path'],
        required: [],
        source: R('src/guidellm/benchmark/outputs/serialized.py:28'),
        note: 'path default $GUIDELLM__DEFAULT_RESULTS_DIR/benchmarks.json (:38); a directory gets benchmarks.json.',
      },
      csv: {
        keys: ['path'],
        required: [],
        source: R('src/guidellm/benchmark/outputs/csv.py:36'),
        note: 'path default .../benchmarks.csv (:45).',
      },
      html: {
        keys: ['path'],
        required: [],
        source: R('src/guidellm/benchmark/outputs/html.py:45'),
        note: 'path default .../benchmarks.html (:54). Fetches GUIDELLM__REPORT_GENERATION__SOURCE at write time (:250).',
      },
      yaml: {
        keys: ['path'],
        required: [],
        source: R('src/guidellm/benchmark/outputs/serialized.py:44'),
      },
      console: {
        keys: [],
        required: [],
        source: R('src/guidellm/benchmark/outputs/console.py:32'),
        note: 'Results table on stdout; the run prints it anyway unless --disable-console.',
      },
      plot: {
        keys: ['path', 'dpi'],
        required: [],
        source: R('src/guidellm/benchmark/outputs/plot.py:47'),
        note: 'Static image (needs the plot extra; the image installs extras=all).',
      },
    },
    '--tokenizer': {
      huggingface_auto: {
        keys: ['model', 'load_kwargs'],
        required: [],
        source: R('src/guidellm/data/tokenizers/huggingface.py:14'),
        note: 'Alias kind hf_auto. model field on the base class (src/guidellm/data/schemas/entrypoints.py:215).',
      },
    },
    '--metrics': {
      generative: {
        keys: ['sample_size', 'prefer_response_metrics'],
        required: [],
        source: R(`${ARGS_PY}:112`),
        note: 'sample_size (:119): requests per status whose records the report keeps (reservoir sampling: src/guidellm/benchmark/schemas/accumulator.py:668; the report holds only those: src/guidellm/benchmark/schemas/benchmark.py:157); the figures count every request.',
      },
    },
    '--seed': {
      static: { keys: ['value'], required: [], source: R('src/guidellm/benchmark/schemas/random.py:43'), note: 'Default value 42.' },
    },
  },
  env: [
    {
      name: 'GUIDELLM__MAX_WORKER_PROCESSES',
      source: R('src/guidellm/settings.py:107'),
      note: 'Settings: prefix GUIDELLM__, nested delimiter __, also reads ./.env (settings.py:80-84). Default 10; used at src/guidellm/scheduler/worker_group.py:175.',
    },
    {
      name: 'GUIDELLM__MAX_CONCURRENCY',
      source: R('src/guidellm/settings.py:106'),
      note: 'Default 10240 (cap when a strategy has no explicit max concurrency).',
    },
    {
      name: 'GUIDELLM__REPORT_GENERATION__SOURCE',
      source: R('src/guidellm/settings.py:123'),
      note: 'Default https://vllm-project.github.io/guidellm/ui/latest/index.html (settings.py:62; v0.7.0/0.7.1: .../ui/v0.5.4/index.html). URL fetched by httpx without following redirects (3xx fails), or a local file path (e.g. a mounted ConfigMap); a string that is neither an http(s)/ftp URL nor an existing path is used AS the template text (src/guidellm/utils/text.py:233,245): a wrong path silently yields a broken html.',
    },
    {
      name: 'GUIDELLM__DEFAULT_RESULTS_DIR',
      source: R('src/guidellm/settings.py:117'),
      note: 'Since 0.7.2. Default dir for --output paths; the image sets /results (Containerfile:73 @ v0.7.3). Irrelevant when every --output has an explicit path.',
    },
    {
      name: 'GUIDELLM__LOGGING__CONSOLE_LOG_LEVEL',
      source: R('src/guidellm/settings.py:28'),
      note: 'Default WARNING. GUIDELLM__LOGGING__DISABLED (:26), GUIDELLM__LOGGING__LOG_FILE (:29), GUIDELLM__LOGGING__LOG_FILE_LEVEL (:30).',
    },
    {
      name: 'GUIDELLM__SPEC__BACKEND__API_KEY',
      source: R(`${ARGS_PY}:282`),
      note: 'BenchmarkScenario is a pydantic BaseSettings with env_prefix GUIDELLM__ and delimiter __ (:281-285): any run field can come from GUIDELLM__SPEC__<FIELD>__<KEY>; CLI values win and are deep-merged with env values (tests/unit/benchmark/schemas/test_entrypoints.py:550-563 @ v0.7.3). Use a secretKeyRef here for the API key: no shell, nothing secret in args, masked in the report.',
    },
    {
      name: 'GUIDELLM__MP_CONTEXT_TYPE',
      source: R('src/guidellm/settings.py:93'),
      note: 'fork (default) | spawn | forkserver. Workers use multiprocessing queues/Manager: /dev/shm and a writable TMPDIR (/tmp) are needed.',
    },
    {
      name: 'SSL_CERT_FILE',
      source: 'httpx/_config.py:34 @ 0.28.1 (encode/httpx; httpx 0.28.1 in uv.lock @ v0.7.3)',
      note: 'Used only when the backend has verify=true (httpx trust_env is on by default); replaces the certifi bundle. Also applies to HF Hub downloads and the html template fetch.',
    },
    {
      name: 'HF_TOKEN',
      source: 'src/huggingface_hub/utils/_auth.py:147 @ v1.26.0 (huggingface/huggingface_hub; 1.26.0 in uv.lock @ v0.7.3)',
      note: 'Gated tokenizers/datasets (also HUGGING_FACE_HUB_TOKEN).',
    },
    {
      name: 'HF_HOME',
      source: 'src/huggingface_hub/constants.py:171 @ v1.26.0 (huggingface/huggingface_hub)',
      note: 'Default ~/.cache/huggingface = /home/guidellm/.cache/huggingface: needs an emptyDir (or PVC) with a read-only root FS. HF_HUB_OFFLINE=1 (constants.py:202) when the tokenizer is cached or a local path.',
    },
  ],
};

/** `guidellm benchmark from-file PATH` in v0.7.0 and v0.7.1 only (moved to `guidellm export` in v0.7.2). */
export const RUN_FROM_FILE_CLI: CliGeneration = {
  versions: { from: '0.7.0', before: '0.7.2' },
  subcommand: ['benchmark', 'from-file'],
  citedTag: 'v0.7.1',
  flags: [
    {
      flag: '--output-path',
      takesValue: true,
      source: 'src/guidellm/cli/benchmark/from_file.py:28 @ v0.7.1',
      note: 'Same flags and semantics as the legacy from-file.',
    },
    {
      flag: '--output-formats',
      takesValue: true,
      repeatable: true,
      source: 'src/guidellm/cli/benchmark/from_file.py:38 @ v0.7.1',
      note: 'Repeat per format; default console,json.',
    },
  ],
  env: [
    {
      name: 'GUIDELLM__REPORT_GENERATION__SOURCE',
      source: 'src/guidellm/settings.py:61 @ v0.7.1',
      note: 'Default .../ui/v0.5.4/index.html.',
    },
  ],
};

/** `guidellm export PATH --output kind=...` (v0.7.2+), read at v0.7.3. */
export const RUN_EXPORT_CLI: CliGeneration = {
  versions: { from: '0.7.2' },
  subcommand: ['export'],
  citedTag: 'v0.7.3',
  flags: [
    {
      flag: '--output',
      takesValue: true,
      repeatable: true,
      source: R('src/guidellm/cli/export.py:31'),
      note: 'Same kinds and keys as run --output. PATH argument (src/guidellm/cli/export.py:25) must exist. Default outputs console, json, html, csv (:35) would rewrite the json: always pass e.g. --output kind=html,path=/results/run/benchmarks.html.',
    },
  ],
  env: [
    {
      name: 'GUIDELLM__REPORT_GENERATION__SOURCE',
      source: R('src/guidellm/settings.py:123'),
      note: 'Same template source as the run.',
    },
  ],
};
