/**
 * One GuideLLM benchmark Job per target. Its pod runs the target's benchmarks one after another (init
 * containers run in order), each in its own folder and never stopping the others; the last container writes
 * the target's run.json and sets the Job's outcome. Targets run in parallel as separate Jobs.
 *
 * The client pod requests no GPU: GPU profiles describe the serving pods and only normalise the results.
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedBenchmark, ResolvedEnvironment, ResolvedTarget } from '../config/resolve';
import { EnvironmentConfig } from '../config/schema';
import { BENCHMARK_SCRIPTS_CONFIGMAP } from './benchmark-scripts';
import { jobDeadlineSeconds } from '../domain/benchmark-timing';
import { BenchmarkOptions, renderBenchmarkCommand, renderHtmlCommand } from '../domain/guidellm/command';
import { GuidellmVersion, isAtLeast } from '../domain/guidellm/version';
import { stackLabels } from './labels';
import { benchmarkContainerName, LABELS, onDemandJobPrefix } from '../domain/names';
import { analysisVolumes, PROCESSOR_PATHS, processorConfig, RESULTS_PROCESSOR_CONFIGMAP, RESULTS_PUBLISHER_SERVICE_ACCOUNT } from './results-processor';
import { resultsVolume } from './results-storage';
import type { ProcessorConfig } from '../domain/contracts/processor-config';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext, wholeCpus } from './security';

/** Where things are mounted in the benchmark pod. */
export const PATHS = {
  results: '/results',
  scripts: '/scripts',
  state: '/state',
  tmp: '/tmp',
  cache: '/cache',
  tokenizer: '/tokenizer',
  endpointCa: '/etc/llmbench/endpoint-ca',
} as const;

/** Resources of the short bookkeeping steps (prepare, finalize, upload; the Task's too). */
export const BOOKKEEPING_RESOURCES: ContainerResources = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** Where and how a benchmark pod uploads its results in object-store mode. */
export interface ObjectStoreUpload {
  /** The MinIO client image (`processor.objectStoreClientImage`). */
  readonly clientImage: string;
  readonly endpoint: string;
  readonly bucket: string;
  /** Key prefix in the bucket. @default the bucket's root */
  readonly prefix?: string;
  /** Secret with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  readonly credentialsSecret: string;
}

export interface BenchmarkJobProps {
  /** Environment name (labels, run.json). */
  readonly environment: string;
  /** Namespace the Job runs in. */
  readonly namespace: string;
  readonly target: ResolvedTarget;
  /** GuideLLM image, resources, retries and TTL. */
  readonly guidellm: EnvironmentConfig['guidellm'];
  /** The GuideLLM version of `guidellm.image`; selects the command line. */
  readonly version: GuidellmVersion;
  readonly results: EnvironmentConfig['results'];
  /** Write GuideLLM's HTML report after the benchmarks (non-fatal). */
  readonly htmlReport: boolean;
  /** Secret key with a Hugging Face token for gated tokenizers. @default no token */
  readonly huggingFaceTokenSecret?: { readonly name: string; readonly key: string };
  /** The results processor step, after run.json is written. @default none: benchmarks and run.json only */
  readonly processor?: {
    readonly image: string;
    readonly resources: ContainerResources;
    readonly config: ProcessorConfig;
    /** CA bundle of an https Model Registry. @default none */
    readonly registryCa?: { readonly configMap: string; readonly key: string };
    /** The bottleneck analysis' token and CA volumes (`analysisVolumes`), when `config.analysis` is set. @default none */
    readonly analysisVolumes?: { readonly volumes: k8s.Volume[]; readonly mounts: k8s.VolumeMount[] };
  };
  /** Copy the target's results to a bucket after processing (object-store mode). @default no upload */
  readonly objectStoreUpload?: ObjectStoreUpload;
}

/**
 * The Job manifest of one target, with `generateName`: created by hand (`oc create -f`) or by the dispatcher,
 * never synced by ArgoCD.
 */
export class BenchmarkJob extends Construct {
  readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: BenchmarkJobProps) {
    super(scope, id);
    const { target } = props;
    const labels = {
      ...stackLabels('benchmark', props.environment),
      'app.kubernetes.io/name': 'guidellm',
      'app.kubernetes.io/version': props.version.text,
      [LABELS.target]: target.name,
      [LABELS.model]: target.model.name,
      [LABELS.gpuProfile]: target.gpuProfile.name,
    };
    const annotations = {
      [LABELS.scenarios]: unique(target.benchmarks.map((b) => b.scenario.name)).join(','),
      [LABELS.loadPlans]: unique(target.benchmarks.map((b) => b.plan.name)).join(','),
    };
    const env = environmentVariables(props);
    const mounts = this.volumeMounts(props);
    const step = (name: string, command: string[], args: string[], resources: ContainerResources, stepEnv: k8s.EnvVar[]): k8s.Container => ({
      name,
      image: props.guidellm.image,
      imagePullPolicy: 'IfNotPresent',
      command,
      args: args.length ? args : undefined,
      env: [...env.common, ...stepEnv],
      volumeMounts: mounts,
      resources: resourceRequirements(resources),
      securityContext: restrictedContainerSecurityContext(),
      terminationMessagePolicy: 'FallbackToLogsOnError',
    });

    const initContainers = [
      step('prepare', ['/bin/sh', `${PATHS.scripts}/prepare.sh`], [], BOOKKEEPING_RESOURCES, env.prepare),
      ...target.benchmarks.map((b) =>
        step(
          benchmarkContainerName(b.name),
          ['/bin/sh', `${PATHS.scripts}/benchmark.sh`, b.name],
          renderBenchmarkCommand(benchmarkOptions(props, b), props.version),
          props.guidellm.resources,
          [...env.guidellm, ...env.endpoint],
        ),
      ),
    ];
    if (props.htmlReport) {
      // The HTML step reads saved reports only: no endpoint credentials.
      initContainers.push(step('html-report', ['/bin/sh', `${PATHS.scripts}/html-report.sh`], renderHtmlCommand(props.version), props.guidellm.resources, env.guidellm));
    }
    // run.json first; the processor must run even when a benchmark failed, so the verdict comes last.
    initContainers.push(step('finalize', ['python3', `${PATHS.scripts}/finalize.py`, '--record'], [], BOOKKEEPING_RESOURCES, env.finalize));
    const statusFiles: string[] = [];
    if (props.processor) {
      initContainers.push(processorStep(props, props.processor, env.common));
      statusFiles.push(PROCESSOR_STATUS_FILE);
    }
    if (props.objectStoreUpload) initContainers.push(...objectStoreContainers(props.objectStoreUpload));

    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: { generateName: onDemandJobPrefix(target.name), namespace: props.namespace, labels, annotations },
      spec: {
        backoffLimit: props.guidellm.backoffLimit,
        activeDeadlineSeconds: jobDeadlineSeconds(target, props.guidellm.startupAllowanceSeconds, props.htmlReport),
        ttlSecondsAfterFinished: props.guidellm.ttlSecondsAfterFinished,
        template: {
          metadata: { labels, annotations },
          spec: {
            restartPolicy: 'Never',
            // the processor's projected registry and analysis tokens are this ServiceAccount's; no token is automounted
            serviceAccountName: props.processor?.config.modelRegistry || props.processor?.config.analysis ? RESULTS_PUBLISHER_SERVICE_ACCOUNT : undefined,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            initContainers,
            containers: [
              step('verdict', ['python3', `${PATHS.scripts}/finalize.py`, '--verdict'], [], BOOKKEEPING_RESOURCES, [{ name: 'STATUS_FILES', value: statusFiles.join(',') }]),
            ],
            volumes: [...this.volumes(props), ...processorVolumes(props)],
          },
        },
      },
    });
    // cdk8s names every object; a Job created with generateName must not carry a name.
    this.job.addJsonPatch(JsonPatch.remove('/metadata/name'));
  }

  private volumeMounts(props: BenchmarkJobProps): k8s.VolumeMount[] {
    const mounts: k8s.VolumeMount[] = [
      { name: 'results', mountPath: PATHS.results },
      { name: 'scripts', mountPath: PATHS.scripts, readOnly: true },
      { name: 'state', mountPath: PATHS.state },
      { name: 'tmp', mountPath: PATHS.tmp },
      { name: 'cache', mountPath: PATHS.cache },
      // GuideLLM's worker processes exchange requests through multiprocessing queues in /dev/shm (64 MiB by default).
      { name: 'shm', mountPath: '/dev/shm' },
    ];
    if ('pvc' in props.target.model.tokenizer) mounts.push({ name: 'tokenizer', mountPath: PATHS.tokenizer, readOnly: true });
    if (props.target.auth.caBundle) mounts.push({ name: 'endpoint-ca', mountPath: PATHS.endpointCa, readOnly: true });
    return mounts;
  }

  private volumes(props: BenchmarkJobProps): k8s.Volume[] {
    const volumes: k8s.Volume[] = [
      resultsVolume(props.results),
      { name: 'scripts', configMap: { name: BENCHMARK_SCRIPTS_CONFIGMAP } },
      { name: 'state', emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } },
      { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
      { name: 'cache', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } },
      { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('256Mi') } },
    ];
    const tokenizer = props.target.model.tokenizer;
    if ('pvc' in tokenizer) volumes.push({ name: 'tokenizer', persistentVolumeClaim: { claimName: tokenizer.pvc.claimName, readOnly: true } });
    const ca = props.target.auth.caBundle;
    if (ca) volumes.push({ name: 'endpoint-ca', configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } });
    return volumes;
  }
}

/** The props of a target's benchmark Job in an environment: one place, for the jobs/ folder and the dispatcher. */
export function benchmarkJobProps(env: ResolvedEnvironment, target: ResolvedTarget): BenchmarkJobProps {
  return {
    environment: env.name,
    namespace: env.config.namespace,
    target,
    guidellm: env.config.guidellm,
    version: env.guidellmVersion,
    results: env.config.results,
    htmlReport: env.htmlReport,
    huggingFaceTokenSecret: env.config.huggingFaceTokenSecret,
    processor: {
      image: env.config.processor.image,
      resources: env.config.processor.resources,
      config: processorConfig(env),
      registryCa: env.config.publish.modelRegistry ? env.config.publish.modelRegistry.caBundle : undefined,
      analysisVolumes: analysisVolumes(env),
    },
    objectStoreUpload: objectStoreUpload(env),
  };
}

/** The environment's object-store upload: in `results.store: objectStore` mode only. */
export function objectStoreUpload(env: ResolvedEnvironment): ObjectStoreUpload | undefined {
  const { results, processor } = env.config;
  return results.store === 'objectStore' && results.objectStore ? { clientImage: processor.objectStoreClientImage, ...results.objectStore } : undefined;
}

/** A target's Job manifest as plain JSON, synthesized on its own (what `dist/ENV/jobs/` holds). */
export function benchmarkJobManifest(env: ResolvedEnvironment, target: ResolvedTarget): Record<string, unknown> {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'manifest');
  return new BenchmarkJob(chart, 'job', benchmarkJobProps(env, target)).job.toJson();
}

/** Where the processor step records its exit status for the verdict. */
const PROCESSOR_STATUS_FILE = `${PATHS.state}/processor-status`;

/** The results processor: Node.js running the bundled processor from its ConfigMap. */
function processorStep(props: BenchmarkJobProps, processor: NonNullable<BenchmarkJobProps['processor']>, common: k8s.EnvVar[]): k8s.Container {
  const registry = processor.config.modelRegistry;
  return {
    name: 'process-results',
    image: processor.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', `${PROCESSOR_PATHS.code}/processor.js`],
    env: [
      ...common,
      { name: 'PROCESSOR_CONFIG', value: JSON.stringify(processor.config) },
      { name: 'STATUS_FILE', value: PROCESSOR_STATUS_FILE },
      ...(registry?.caFile ? [{ name: 'NODE_EXTRA_CA_CERTS', value: registry.caFile }] : []),
    ],
    volumeMounts: [
      { name: 'results', mountPath: PATHS.results },
      { name: 'state', mountPath: PATHS.state },
      { name: 'tmp', mountPath: PATHS.tmp },
      { name: 'processor', mountPath: PROCESSOR_PATHS.code, readOnly: true },
      ...(registry ? [{ name: 'registry-token', mountPath: PROCESSOR_PATHS.registryToken, readOnly: true }] : []),
      ...(props.processor?.registryCa ? [{ name: 'registry-ca', mountPath: PROCESSOR_PATHS.registryCa, readOnly: true }] : []),
      ...(processor.analysisVolumes?.mounts ?? []),
    ],
    resources: resourceRequirements(processor.resources),
    securityContext: restrictedContainerSecurityContext(),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

function processorVolumes(props: BenchmarkJobProps): k8s.Volume[] {
  if (!props.processor) return [];
  const volumes: k8s.Volume[] = [{ name: 'processor', configMap: { name: RESULTS_PROCESSOR_CONFIGMAP } }];
  if (props.processor.config.modelRegistry) {
    // Only the processor sees this token (the pod does not automount one): a short-lived projected token.
    volumes.push({ name: 'registry-token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } });
  }
  const ca = props.processor.registryCa;
  if (ca) volumes.push({ name: 'registry-ca', configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } });
  volumes.push(...(props.processor.analysisVolumes?.volumes ?? []));
  return volumes;
}

/** Where the MinIO client keeps its alias (the credentials it was given): the pod's private state volume. */
const OBJECT_STORE_CLIENT_CONFIG_DIR = `${PATHS.state}/mc`;

/** One step of the object-store upload, independent of whether a Job's container or a Task's step runs it. */
export interface ObjectStoreUploadStep {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly args: string[];
  readonly env: k8s.EnvVar[];
  readonly resources: ContainerResources;
  /** Volumes by name and mount path; the results volume only read. */
  readonly mounts: { readonly name: 'results' | 'state'; readonly mountPath: string; readonly readOnly?: boolean }[];
}

/**
 * Object-store mode: the MinIO client logs in (credentials from the Secret, expanded by Kubernetes, never in the
 * manifest) and copies the pod's scratch results (this run's target folder) to the bucket. No shell needed.
 * The one description of the upload: the benchmark Job's containers and the `guidellm-benchmark` Task's steps
 * (constructs/tekton/benchmark-task.ts) are both rendered from it.
 */
export function objectStoreUploadSteps(upload: ObjectStoreUpload): ObjectStoreUploadStep[] {
  const fromSecret = (name: string): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: upload.credentialsSecret, key: name } } });
  const step = (name: string, args: string[], env: k8s.EnvVar[]): ObjectStoreUploadStep => ({
    name,
    image: upload.clientImage,
    command: ['mc', '--config-dir', OBJECT_STORE_CLIENT_CONFIG_DIR],
    args,
    env,
    resources: BOOKKEEPING_RESOURCES,
    mounts: [
      { name: 'results', mountPath: PATHS.results, readOnly: true },
      { name: 'state', mountPath: PATHS.state },
    ],
  });
  const destination = ['s3', upload.bucket, ...(upload.prefix ? [upload.prefix.replace(/^\/|\/$/g, '')] : [])].join('/');
  return [
    step('object-store-login', ['alias', 'set', 's3', upload.endpoint, '$(AWS_ACCESS_KEY_ID)', '$(AWS_SECRET_ACCESS_KEY)'], [fromSecret('AWS_ACCESS_KEY_ID'), fromSecret('AWS_SECRET_ACCESS_KEY')]),
    step('object-store-upload', ['cp', '--recursive', `${PATHS.results}/`, `${destination}/`], []),
  ];
}

/** The upload steps as the Job's init containers. */
function objectStoreContainers(upload: ObjectStoreUpload): k8s.Container[] {
  return objectStoreUploadSteps(upload).map((s) => ({
    name: s.name,
    image: s.image,
    imagePullPolicy: 'IfNotPresent',
    command: s.command,
    args: s.args,
    env: s.env,
    volumeMounts: s.mounts.map((m) => ({ ...m })),
    resources: resourceRequirements(s.resources),
    securityContext: restrictedContainerSecurityContext(),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  }));
}

/** Environment variables per kind of step: every step gets `common`. */
function environmentVariables(props: BenchmarkJobProps): Record<'common' | 'prepare' | 'guidellm' | 'endpoint' | 'finalize', k8s.EnvVar[]> {
  const { target } = props;
  const fromField = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
  const fromSecret = (name: string, ref: { name: string; key: string }): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } });
  const jobName = fromField('JOB_NAME', "metadata.labels['job-name']");

  const guidellm: k8s.EnvVar[] = [
    { name: 'HF_HOME', value: `${PATHS.cache}/huggingface` },
    // The image's Python tree is read-only here.
    { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
    // GuideLLM starts worker processes per CPU of the node by default; more than the pod's CPU limit makes the
    // client, not the model, set the latency figures.
    { name: 'GUIDELLM__MAX_WORKER_PROCESSES', value: String(wholeCpus(props.guidellm.resources.limits.cpu)) },
  ];
  if ('pvc' in target.model.tokenizer) guidellm.push({ name: 'HF_HUB_OFFLINE', value: '1' });
  if (props.huggingFaceTokenSecret) guidellm.push(fromSecret('HF_TOKEN', props.huggingFaceTokenSecret));
  if (target.auth.caBundle) guidellm.push({ name: 'SSL_CERT_FILE', value: `${PATHS.state}/ca-bundle.pem` });
  if (!isAtLeast(props.version, '0.5.0')) {
    // The v0.4 image sets GUIDELLM_OUTPUT_PATH, which would override --output-dir; empty means unset.
    guidellm.push({ name: 'GUIDELLM_OUTPUT_PATH', value: '' });
  }
  if (props.guidellm.reportTemplateUrl) guidellm.push({ name: 'GUIDELLM__REPORT_GENERATION__SOURCE', value: props.guidellm.reportTemplateUrl });

  return {
    common: [
      { name: 'TARGET_NAME', value: target.name },
      { name: 'RESULTS_DIR', value: PATHS.results },
      { name: 'STATE_DIR', value: PATHS.state },
      { name: 'HOME', value: PATHS.tmp },
    ],
    // The dispatcher labels the Jobs of one run with its id; a Job started by hand has none (prepare.sh derives one).
    prepare: [
      fromField('RUN_ID', `metadata.labels['${LABELS.runId}']`),
      jobName,
      ...(target.auth.caBundle
        ? [
            { name: 'ENDPOINT_CA_FILE', value: `${PATHS.endpointCa}/${target.auth.caBundle.key}` },
            { name: 'SYSTEM_CA_FILE', value: SYSTEM_CA_BUNDLE },
          ]
        : []),
    ],
    guidellm,
    // only the benchmark steps talk to the endpoint
    endpoint: target.auth.apiKeySecret ? [fromSecret(API_KEY_ENV, target.auth.apiKeySecret)] : [],
    finalize: [jobName, fromField('POD_NAME', 'metadata.name'), { name: 'RUN_CONTEXT', value: JSON.stringify(runContext(props)) }],
  };
}

/**
 * GuideLLM v0.7+ reads every run setting from `GUIDELLM__`-prefixed variables too: the API key goes there, out
 * of the command line, and GuideLLM masks it in its report (docs/guidellm-cli.md). Older releases are refused
 * an API key by the configuration check.
 */
export const API_KEY_ENV = 'GUIDELLM__SPEC__BACKEND__API_KEY';

/** The image's system CA bundle (Fedora); the endpoint's CA is appended to it, since SSL_CERT_FILE replaces it. */
export const SYSTEM_CA_BUNDLE = '/etc/pki/tls/certs/ca-bundle.crt';

/** GuideLLM options of one benchmark of a target, as the Job runs it (inside the benchmark's folder). */
export function benchmarkOptions(props: Pick<BenchmarkJobProps, 'environment' | 'target'>, benchmark: ResolvedBenchmark): BenchmarkOptions {
  const { target } = props;
  const { scenario, plan } = benchmark;
  const tokenizer = target.model.tokenizer;
  return {
    target: target.endpoint,
    model: target.model.servedModelName,
    verifyTls: target.endpoint.startsWith('https:'),
    processor: 'pvc' in tokenizer ? `${PATHS.tokenizer}/${tokenizer.pvc.path}` : tokenizer.huggingFace,
    data:
      'dataset' in scenario
        ? 'file' in scenario.dataset
          ? { file: scenario.dataset.file }
          : { huggingFaceDataset: scenario.dataset.huggingFace }
        : { promptTokens: scenario.promptTokens, outputTokens: scenario.outputTokens },
    profile: plan.profile,
    rates: plan.rates,
    maxSeconds: plan.maxSeconds,
    maxRequests: plan.maxRequests,
    maxErrors: plan.maxErrors,
    maxErrorRate: plan.maxErrorRate,
    warmup: plan.warmup,
    cooldown: plan.cooldown,
    randomSeed: plan.randomSeed,
    outputDir: '.',
    outputs: ['json', 'csv'],
    labels: {
      environment: props.environment,
      target: target.name,
      model: target.model.name,
      gpu_profile: target.gpuProfile.name,
      scenario: scenario.name,
      load_plan: plan.name,
    },
  };
}

/** What finalize.py records about the run besides the step results (rendered into RUN_CONTEXT). */
function runContext(props: BenchmarkJobProps) {
  const { target } = props;
  return {
    environment: props.environment,
    target: {
      name: target.name,
      model: target.model.name,
      servedModelName: target.model.servedModelName,
      endpoint: target.endpoint,
      gpuProfile: target.gpuProfile.name,
      gpuType: target.gpuProfile.gpuType,
      gpuCount: target.gpuProfile.gpuCount,
      instanceType: target.gpuProfile.instanceType,
      pricePerHour: target.gpuProfile.pricePerHour,
      serving: target.model.serving,
    },
    guidellm: { image: props.guidellm.image, version: props.version.text },
    benchmarks: target.benchmarks.map((b) => ({ name: b.name, scenario: b.scenario.name, loadPlan: b.plan.name })),
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
