/**
 * The run-time parameters of the `guidellm-benchmark` Task and Pipeline, and their one mapping to and from the
 * renderer's {@link BenchmarkOptions}. This module is bundled (with ../guidellm/command.ts) into the
 * render-command CLI (runtime/render-command/main.ts) that runs inside the Task: it must not import cdk8s or
 * any runtime dependency, so the Task's GuideLLM command line comes from the same renderer as the Jobs'.
 *
 * Every parameter is a string (Tekton's `string` type); an empty string means "not set".
 */
import { isProfile, PROFILES, ratesSummary } from '../load-profiles';
import type { BenchmarkOptions } from '../guidellm/command';

/** One Task/Pipeline parameter. */
export interface ParamSpec {
  readonly name: string;
  readonly description: string;
  /** Absent: the parameter is required. */
  readonly default?: string;
}

/** Parameter values by name. */
export type ParamValues = Readonly<Record<string, string>>;

/** How `dataset` is read. */
export const DATA_KINDS = ['synthetic', 'huggingface', 'file'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** Environment-level defaults the generator puts into the Task and Pipeline. */
export interface ParamDefaults {
  readonly environment: string;
  readonly guidellmImage: string;
  readonly htmlReport: boolean;
  /** Requests per status the report keeps; undefined: all. */
  readonly requestSamples: number | undefined;
}

/**
 * The parameters, in the order the Task declares them. Defaults are a small interactive run (chat 64/64, a
 * concurrency ladder of 1,5,10 for 120 s per level); the PipelineRun templates set every one from the target's
 * configuration.
 */
export function benchmarkParamSpecs(d: ParamDefaults): ParamSpec[] {
  return [
    { name: 'target-name', description: 'Target name: folder of the results (<run>/<target>/) and the `target` label.' },
    { name: 'target-url', description: 'OpenAI-compatible base URL of the endpoint, e.g. http://granite-predictor.llm-serving.svc.cluster.local:8080/v1.' },
    { name: 'model', description: 'Served model name sent to the endpoint.' },
    { name: 'tokenizer', description: 'Tokenizer: a Hugging Face id, or a path under the `tokenizer` workspace (/tokenizer/...). Empty: GuideLLM uses the model name.', default: '' },
    { name: 'verify-tls', description: 'Verify the endpoint TLS certificate: true, false, or auto (true for https URLs).', default: 'auto' },
    { name: 'environment', description: 'Environment name (the `environment` label, run.json).', default: d.environment },
    { name: 'model-name', description: 'Catalog model name (the `model` label). Empty: the served model name.', default: '' },
    { name: 'gpu-profile', description: 'GPU profile of the serving pods (the `gpu_profile` label).', default: 'unknown' },
    { name: 'scenario', description: 'Scenario name (the `scenario` label).', default: 'custom' },
    { name: 'load-plan', description: 'Load plan name (the `load_plan` label).', default: 'custom' },
    { name: 'benchmark-name', description: 'Folder of this benchmark inside the target folder. Empty: <scenario>-<load-plan>.', default: '' },
    { name: 'data-kind', description: 'synthetic (prompt-tokens/output-tokens), huggingface (dataset is a Hugging Face dataset id) or file (dataset is a file path in the pod).', default: 'synthetic' },
    { name: 'prompt-tokens', description: 'Prompt tokens per request (synthetic data).', default: '64' },
    { name: 'output-tokens', description: 'Output tokens per request (synthetic data).', default: '64' },
    { name: 'dataset', description: 'Hugging Face dataset id or file path (data-kind huggingface or file).', default: '' },
    { name: 'profile', description: `GuideLLM profile: ${PROFILES.slice(0, -1).join(', ')} or ${PROFILES[PROFILES.length - 1]}.`, default: 'concurrent' },
    { name: 'rates', description: `Comma list: ${ratesSummary()}.`, default: '1,5,10' },
    { name: 'max-seconds', description: 'Seconds per load level. Empty: no limit.', default: '120' },
    { name: 'max-requests', description: 'Requests per load level. Empty: no limit.', default: '' },
    { name: 'max-errors', description: 'Errors that stop a load level. Empty: no limit.', default: '' },
    { name: 'max-error-rate', description: 'Fraction of failed requests (0-1) that stops a load level. Empty: no limit.', default: '' },
    { name: 'warmup', description: 'Fraction (0-1) of each level excluded at its start. Empty: none.', default: '' },
    { name: 'cooldown', description: 'Fraction (0-1) of each level excluded at its end. Empty: none.', default: '' },
    { name: 'random-seed', description: 'Random seed of the synthetic data. Empty: GuideLLM default.', default: '' },
    { name: 'over-saturation', description: 'true: stop a load level when GuideLLM detects over-saturation (GuideLLM 0.5+); the level counts as broken.', default: 'false' },
    { name: 'request-samples', description: 'Requests per status (successful, errored, incomplete) whose records the report keeps. Empty: all.', default: d.requestSamples === undefined ? '' : String(d.requestSamples) },
    { name: 'guidellm-image', description: 'GuideLLM image, pinned to a release tag (vX.Y.Z).', default: d.guidellmImage },
    { name: 'guidellm-version', description: 'GuideLLM version selecting the command line (e.g. 0.7.3). Empty: read from the image tag.', default: '' },
    { name: 'api-key-secret', description: 'Secret holding the endpoint API key (GuideLLM v0.7+). The default names no existing Secret: no key is sent.', default: NO_API_KEY_SECRET },
    { name: 'api-key-secret-key', description: 'Key of the API key in api-key-secret.', default: 'token' },
    { name: 'endpoint-ca-configmap', description: 'ConfigMap with the CA bundle of an https endpoint signed by a private CA. The default names none.', default: NO_ENDPOINT_CA_CONFIGMAP },
    { name: 'endpoint-ca-key', description: 'Key of the CA bundle in endpoint-ca-configmap.', default: 'ca.crt' },
    { name: 'html-report', description: 'Write GuideLLM HTML report after the benchmark (needs internet or a template mirror); never fatal.', default: String(d.htmlReport) },
    { name: 'run-id', description: 'Run folder under the results workspace. Empty: derived from the start time, as for a Job created by hand.', default: '' },
    { name: 'target-info', description: 'JSON of the target recorded in run.json (model, GPU profile, price); rendered by the generator. Empty: built from the parameters.', default: '' },
  ];
}

/** A Secret name that is never created: with `optional: true` the API key variable stays unset. */
export const NO_API_KEY_SECRET = 'no-api-key';
/** A ConfigMap name that is never created: the optional CA volume stays empty. */
export const NO_ENDPOINT_CA_CONFIGMAP = 'no-endpoint-ca';

/** Environment variable through which the render-command step receives a parameter: `target-url` → `PARAM_TARGET_URL`. */
export function paramEnvName(name: string): string {
  return `PARAM_${name.toUpperCase().replace(/-/g, '_')}`;
}

/** What one benchmark run needs besides the GuideLLM options. */
export interface BenchmarkRunParams {
  readonly options: BenchmarkOptions;
  readonly benchmarkName: string;
  readonly guidellmImage: string;
}

/**
 * Parameter values for the given options (what a PipelineRun template passes): the inverse of
 * {@link optionsFromParams}. Only options the Task can express are accepted.
 */
export function paramsFromOptions(run: BenchmarkRunParams): Record<string, string> {
  const o = run.options;
  if (o.outputDir !== '.' || o.outputs.join(',') !== 'json,csv') throw new Error('the Task writes json and csv into the benchmark folder only');
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  const labels = o.labels ?? {};
  const data = o.data;
  return {
    'target-name': labels.target ?? '',
    'target-url': o.target,
    model: o.model,
    tokenizer: o.processor ?? '',
    'verify-tls': String(Boolean(o.verifyTls)),
    environment: labels.environment ?? '',
    'model-name': labels.model ?? '',
    'gpu-profile': labels.gpu_profile ?? '',
    scenario: labels.scenario ?? '',
    'load-plan': labels.load_plan ?? '',
    'benchmark-name': run.benchmarkName,
    'data-kind': 'huggingFaceDataset' in data ? 'huggingface' : 'file' in data ? 'file' : 'synthetic',
    'prompt-tokens': 'promptTokens' in data ? String(data.promptTokens) : '',
    'output-tokens': 'outputTokens' in data ? String(data.outputTokens) : '',
    dataset: 'huggingFaceDataset' in data ? data.huggingFaceDataset : 'file' in data ? data.file : '',
    profile: o.profile,
    rates: (o.rates ?? []).join(','),
    'max-seconds': num(o.maxSeconds),
    'max-requests': num(o.maxRequests),
    'max-errors': num(o.maxErrors),
    'max-error-rate': num(o.maxErrorRate),
    warmup: num(o.warmup),
    cooldown: num(o.cooldown),
    'random-seed': num(o.randomSeed),
    'over-saturation': String(Boolean(o.stopOnOverSaturation)),
    'request-samples': num(o.requestSamples),
    'guidellm-image': run.guidellmImage,
  };
}

/** The renderer's options from parameter values (missing values take the given specs' defaults). */
export function optionsFromParams(values: ParamValues): BenchmarkRunParams {
  const get = (name: string): string => {
    const value = values[name];
    if (value === undefined) throw new Error(`parameter ${name} is missing`);
    return value.trim();
  };
  const required = (name: string): string => {
    const value = get(name);
    if (value === '') throw new Error(`parameter ${name} must not be empty`);
    return value;
  };
  const number = (name: string): number | undefined => {
    const text = get(name);
    if (text === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`parameter ${name} must be a number, got ${JSON.stringify(text)}`);
    return value;
  };
  const bool = (name: string): boolean => {
    const text = get(name);
    if (text !== 'true' && text !== 'false' && text !== '') throw new Error(`parameter ${name} must be true or false, got ${JSON.stringify(text)}`);
    return text === 'true';
  };
  const target = required('target-url');
  const model = required('model');
  const profile = required('profile');
  if (!isProfile(profile)) throw new Error(`parameter profile must be one of ${PROFILES.join(', ')}, got ${JSON.stringify(profile)}`);
  const rates = get('rates') === '' ? [] : get('rates').split(',').map((r, i) => {
    const value = Number(r.trim());
    if (r.trim() === '' || !Number.isFinite(value)) throw new Error(`parameter rates must be a comma list of numbers, item ${i} is ${JSON.stringify(r)}`);
    return value;
  });
  const verify = get('verify-tls');
  if (!['auto', 'true', 'false'].includes(verify)) throw new Error(`parameter verify-tls must be auto, true or false, got ${JSON.stringify(verify)}`);
  const dataKind = get('data-kind');
  let data: BenchmarkOptions['data'];
  if (dataKind === 'synthetic') data = { promptTokens: number('prompt-tokens') ?? NaN, outputTokens: number('output-tokens') ?? NaN };
  else if (dataKind === 'huggingface') data = { huggingFaceDataset: required('dataset') };
  else if (dataKind === 'file') data = { file: required('dataset') };
  else throw new Error(`parameter data-kind must be one of ${DATA_KINDS.join(', ')}, got ${JSON.stringify(dataKind)}`);
  if ('promptTokens' in data && (Number.isNaN(data.promptTokens) || Number.isNaN(data.outputTokens))) {
    throw new Error('parameters prompt-tokens and output-tokens are required for synthetic data');
  }
  const scenario = get('scenario');
  const loadPlan = get('load-plan');
  const tokenizer = get('tokenizer');
  const options: BenchmarkOptions = {
    target,
    model,
    verifyTls: verify === 'auto' ? target.startsWith('https:') : verify === 'true',
    processor: tokenizer === '' ? undefined : tokenizer,
    data,
    profile,
    rates,
    maxSeconds: number('max-seconds'),
    maxRequests: number('max-requests'),
    maxErrors: number('max-errors'),
    maxErrorRate: number('max-error-rate'),
    warmup: number('warmup'),
    cooldown: number('cooldown'),
    randomSeed: number('random-seed'),
    ...(bool('over-saturation') ? { stopOnOverSaturation: true } : {}),
    requestSamples: number('request-samples'),
    outputDir: '.',
    outputs: ['json', 'csv'],
    labels: {
      environment: get('environment'),
      target: required('target-name'),
      model: get('model-name') || model,
      gpu_profile: get('gpu-profile'),
      scenario,
      load_plan: loadPlan,
    },
  };
  return { options, benchmarkName: get('benchmark-name') || `${scenario}-${loadPlan}`, guidellmImage: required('guidellm-image') };
}
