/**
 * The benchmark steps, described once as plain data for both places that run them: the benchmark Job
 * (constructs/benchmark-job.ts: the init containers of one pod per target) and the `guidellm-benchmark` Tekton Task
 * (constructs/tekton/benchmark-task.ts: steps, one benchmark chosen by parameters). Paths, resources, environment
 * variables, scratch volumes and the results processor step (which also stores the results in object-store mode) are built here; the
 * Job and the Task only render them into their kind.
 *
 * Where the two differ, and why the difference is needed:
 * - what the Job knows at synth time the Task learns at run time, from parameters or from files an earlier step
 *   wrote: the GuideLLM command (the Task's `render-command` step), the run id (Job: the dispatcher's label; Task:
 *   a parameter), the run context (Job: an env value; Task: a file), offline tokenizers and the endpoint's CA
 *   (Job: env and volumes when configured; Task: decided in the step's script, from an optional workspace and an
 *   optional ConfigMap named by a parameter), the HTML report (Job: a step when enabled; Task: a step that skips
 *   itself unless the parameter says true);
 * - the Job's pod mounts one list into every GuideLLM step, including its results volume; a Task gets the results
 *   from its workspace, which Tekton mounts into every step, so the Task's steps never list it;
 * - the Job's containers fall back to their logs for the termination message; Tekton uses a step's termination
 *   message for its results, so the Task's steps keep Tekton's default.
 */
import { k8s } from 'cdk8s-plus-28';
import type { ProcessorConfig } from '../domain/contracts/processor-config';
import type { EnvironmentConfig } from '../config/schema';
import { GuidellmVersion, isAtLeast } from '../domain/guidellm/version';
import { BENCHMARK_SCRIPTS_CONFIGMAP } from './benchmark-scripts';
import { objectStoreCaVolume, objectStoreCredentialsEnv, OBJECT_STORE_CA_MOUNT } from './object-store-access';
import { PROCESSOR_PATHS, RESULTS_PROCESSOR_CONFIGMAP } from './results-processor';
import { ContainerResources, wholeCpus } from './security';
import { LABELS } from '../domain/names';

/** Where things are mounted in a benchmark pod (and in the Task's steps). */
export const PATHS = {
  results: '/results',
  scripts: '/scripts',
  state: '/state',
  tmp: '/tmp',
  cache: '/cache',
  tokenizer: '/tokenizer',
  endpointCa: '/etc/llmbench/endpoint-ca',
} as const;

/** Resources of the short bookkeeping steps (prepare, finalize, verdict). */
export const BOOKKEEPING_RESOURCES: ContainerResources = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/**
 * GuideLLM v0.7+ reads every run setting from `GUIDELLM__`-prefixed variables too: the API key goes there, out
 * of the command line, and GuideLLM masks it in its report (docs/guidellm-cli.md). Older releases are refused
 * an API key by the configuration check.
 */
export const API_KEY_ENV = 'GUIDELLM__SPEC__BACKEND__API_KEY';

/** The image's system CA bundle (Fedora); the endpoint's CA is appended to it, since SSL_CERT_FILE replaces it. */
export const SYSTEM_CA_BUNDLE = '/etc/pki/tls/certs/ca-bundle.crt';

/** Where the processor step records its exit status for the verdict. */
export const PROCESSOR_STATUS_FILE = `${PATHS.state}/processor-status`;

/** A volume mount of a step, by volume name. */
export interface StepMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

/** One step, independent of whether a Job's container or a Task's step runs it. */
export interface BenchmarkStep {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly args: string[];
  readonly env: k8s.EnvVar[];
  readonly resources: ContainerResources;
  readonly mounts: StepMount[];
}

/** The steps of one target's (Job) or one benchmark's (Task) run, by role. */
export interface StepSequence<T> {
  /** prepare.sh: run id, attempt folder, CA bundle. */
  readonly prepare: T;
  /** One per benchmark, one after another; a failed benchmark does not stop the others. */
  readonly benchmarks: readonly T[];
  /** GuideLLM's HTML report from the saved reports (never fatal). @default none */
  readonly htmlReport?: T;
  /** finalize.py --record: the target's run.json, whatever the benchmarks' outcome. */
  readonly finalize: T;
  /** The results processor, after run.json (object-store mode: it stores the results in the bucket). @default none */
  readonly processor?: T;
  /** finalize.py --verdict: the run's outcome, from every step's recorded status. */
  readonly verdict: T;
}

/**
 * The steps in the order they run: benchmarks, then the report, run.json and processing (which must happen even
 * when a benchmark failed), and the verdict last.
 */
export function inRunOrder<T>(s: StepSequence<T>): T[] {
  return [s.prepare, ...s.benchmarks, ...(s.htmlReport ? [s.htmlReport] : []), s.finalize, ...(s.processor ? [s.processor] : []), s.verdict];
}

type ScratchName = 'state' | 'tmp' | 'cache' | 'shm';

/** Scratch space of every benchmark pod or TaskRun, in order: state between steps, HOME, caches, shared memory. */
export const SCRATCH_VOLUMES: readonly { readonly name: ScratchName; readonly mountPath: string; readonly sizeLimit: string; readonly medium?: 'Memory' }[] = [
  { name: 'state', mountPath: PATHS.state, sizeLimit: '16Mi' },
  { name: 'tmp', mountPath: PATHS.tmp, sizeLimit: '1Gi' },
  { name: 'cache', mountPath: PATHS.cache, sizeLimit: '2Gi' },
  // GuideLLM's worker processes exchange requests through multiprocessing queues in /dev/shm (64 MiB by default).
  { name: 'shm', mountPath: '/dev/shm', sizeLimit: '256Mi', medium: 'Memory' },
];

/** Mounts of the named scratch volumes, in the order given. */
export function scratchMounts(...names: ScratchName[]): StepMount[] {
  return names.map((name) => {
    const v = SCRATCH_VOLUMES.find((s) => s.name === name)!;
    return { name: v.name, mountPath: v.mountPath };
  });
}

/** What every benchmark step gets. */
export function commonEnv(targetName: string): k8s.EnvVar[] {
  return [
    { name: 'TARGET_NAME', value: targetName },
    { name: 'RESULTS_DIR', value: PATHS.results },
    { name: 'STATE_DIR', value: PATHS.state },
    { name: 'HOME', value: PATHS.tmp },
  ];
}

export interface GuidellmEnvOptions {
  /** The GuideLLM steps' CPU limit: GuideLLM's worker processes are capped to it. */
  readonly cpuLimit: string;
  readonly version: GuidellmVersion;
  /** Mirror of GuideLLM's HTML report template. @default GuideLLM's own (internet) */
  readonly reportTemplateUrl?: string;
  /** Secret key with a Hugging Face token for gated tokenizers. @default no token */
  readonly huggingFaceTokenSecret?: { readonly name: string; readonly key: string };
  /** The tokenizer comes from a volume: no Hugging Face downloads. @default false (the Task decides at run time) */
  readonly offlineTokenizer?: boolean;
  /** prepare.sh assembles the endpoint's CA bundle into the state volume. @default false (the Task: at run time) */
  readonly endpointCa?: boolean;
}

/** Environment of the steps that run GuideLLM (benchmarks, HTML report). */
export function guidellmEnv(o: GuidellmEnvOptions): k8s.EnvVar[] {
  return [
    { name: 'HF_HOME', value: `${PATHS.cache}/huggingface` },
    // The image's Python tree is read-only here.
    { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
    // GuideLLM starts worker processes per CPU of the node by default; more than the pod's CPU limit makes the
    // client, not the model, set the latency figures.
    { name: 'GUIDELLM__MAX_WORKER_PROCESSES', value: String(wholeCpus(o.cpuLimit)) },
    ...(o.offlineTokenizer ? [{ name: 'HF_HUB_OFFLINE', value: '1' }] : []),
    ...(o.huggingFaceTokenSecret ? [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: o.huggingFaceTokenSecret.name, key: o.huggingFaceTokenSecret.key } } }] : []),
    ...(o.endpointCa ? [{ name: 'SSL_CERT_FILE', value: `${PATHS.state}/ca-bundle.pem` }] : []),
    // The v0.4 image sets GUIDELLM_OUTPUT_PATH, which would override --output-dir; empty means unset.
    ...(isAtLeast(o.version, '0.5.0') ? [] : [{ name: 'GUIDELLM_OUTPUT_PATH', value: '' }]),
    ...(o.reportTemplateUrl ? [{ name: 'GUIDELLM__REPORT_GENERATION__SOURCE', value: o.reportTemplateUrl }] : []),
  ];
}

/** The `guidellm.requestSamples` setting as GuideLLM's option: `all` is its default, so no option. */
export function requestSamplesOption(setting: EnvironmentConfig['guidellm']['requestSamples']): number | undefined {
  return setting === 'all' ? undefined : setting;
}

/**
 * Labels every benchmark pod carries, whether a Job's (its pod template) or a TaskRun's (the Task's labels
 * propagate to its TaskRuns and their pods: tekton.dev/docs/pipelines/labels, "Label propagation"): the
 * Pushgateway's NetworkPolicy admits the results processor by them.
 */
export function benchmarkPodLabels(environment: string): Record<string, string> {
  return { [LABELS.environment]: environment, 'app.kubernetes.io/name': 'guidellm' };
}

/** The volume of the benchmark scripts (`benchmark-job-scripts`, the `benchmarks` app's ConfigMap), mounted at PATHS.scripts. */
export const SCRIPTS_VOLUME = { name: 'scripts', configMap: { name: BENCHMARK_SCRIPTS_CONFIGMAP } } as const satisfies k8s.Volume;

/** What every benchmark pod of an environment shares, whether a Job (./benchmark-job.ts) or the Tekton Task runs it. */
export interface BenchmarkRunnerProps {
  /** Environment name (labels, run.json). */
  readonly environment: string;
  /** Namespace the pods run in. */
  readonly namespace: string;
  /** GuideLLM image, resources, retries and TTL. */
  readonly guidellm: EnvironmentConfig['guidellm'];
  /** The GuideLLM version of `guidellm.image`; selects the command line. */
  readonly version: GuidellmVersion;
  /** Write GuideLLM's HTML report after the benchmarks (non-fatal). */
  readonly htmlReport: boolean;
  /** Secret key with a Hugging Face token for gated tokenizers. @default no token */
  readonly huggingFaceTokenSecret?: { readonly name: string; readonly key: string };
  /**
   * The results processor step, after run.json is written (in object-store mode it stores the results in the
   * bucket: `processor.objectStore`). @default none: benchmarks and run.json only
   */
  readonly processor?: ProcessorStepProps;
}

/** The results processor step's settings. */
export interface ProcessorStepProps {
  readonly image: string;
  readonly resources: ContainerResources;
  readonly config: ProcessorConfig;
  /** CA bundle of an https Model Registry. @default none */
  readonly registryCa?: { readonly configMap: string; readonly key: string };
  /** The bottleneck analysis' token and CA volumes, when `config.analysis` is set. @default none */
  readonly analysisVolumes?: { readonly volumes: k8s.Volume[]; readonly mounts: k8s.VolumeMount[] };
  /**
   * Object-store mode (`config.objectStore` set): the Secret the processor signs with and the endpoint's CA.
   * @default volume mode
   */
  readonly objectStore?: ProcessorObjectStore;
}

/** How the processor reaches the results bucket (object-store mode); where it is, is `config.objectStore`. */
export interface ProcessorObjectStore {
  /** Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, allowed to read, write and delete under the results root. */
  readonly credentialsSecret: string;
  /** ConfigMap key with the endpoint's CA bundle, mounted at OBJECT_STORE_CA_DIR. @default Node's roots only */
  readonly caBundle?: { readonly configMap: string; readonly key: string };
}


/** The results processor: Node.js running the bundled processor from its ConfigMap, after run.json is written. */
export function processorStep(p: ProcessorStepProps, targetName: string): BenchmarkStep {
  const registry = p.config.modelRegistry;
  return {
    name: 'process-results',
    image: p.image,
    command: ['node', `${PROCESSOR_PATHS.code}/processor.js`],
    args: [],
    env: [
      ...commonEnv(targetName),
      { name: 'PROCESSOR_CONFIG', value: JSON.stringify(p.config) },
      { name: 'STATUS_FILE', value: PROCESSOR_STATUS_FILE },
      ...(registry?.caFile ? [{ name: 'NODE_EXTRA_CA_CERTS', value: registry.caFile }] : []),
      ...(p.objectStore ? objectStoreCredentialsEnv(p.objectStore.credentialsSecret) : []),
    ],
    resources: p.resources,
    mounts: [
      { name: 'results', mountPath: PATHS.results },
      { name: 'state', mountPath: PATHS.state },
      { name: 'tmp', mountPath: PATHS.tmp },
      { name: 'processor', mountPath: PROCESSOR_PATHS.code, readOnly: true },
      ...(registry ? [{ name: 'registry-token', mountPath: PROCESSOR_PATHS.registryToken, readOnly: true }] : []),
      ...(p.registryCa ? [{ name: 'registry-ca', mountPath: PROCESSOR_PATHS.registryCa, readOnly: true }] : []),
      ...(p.objectStore?.caBundle ? [OBJECT_STORE_CA_MOUNT] : []),
      ...(p.analysisVolumes?.mounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: m.readOnly })),
    ],
  };
}

/** The processor step's volumes: its code, and the Model Registry's and the analysis' tokens and CAs. */
export function processorVolumes(p: ProcessorStepProps): k8s.Volume[] {
  const volumes: k8s.Volume[] = [{ name: 'processor', configMap: { name: RESULTS_PROCESSOR_CONFIGMAP } }];
  if (p.config.modelRegistry) {
    // Only the processor sees this token (the pod does not automount one): a short-lived projected token.
    volumes.push({ name: 'registry-token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } });
  }
  const ca = p.registryCa;
  if (ca) volumes.push({ name: 'registry-ca', configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } });
  if (p.objectStore?.caBundle) volumes.push(objectStoreCaVolume(p.objectStore.caBundle));
  volumes.push(...(p.analysisVolumes?.volumes ?? []));
  return volumes;
}

