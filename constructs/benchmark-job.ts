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
import type { ResolvedBenchmark, ResolvedTarget } from '../config/target';
import type { EnvironmentConfig } from '../config/schema';
import { jobDeadlineSeconds } from '../domain/benchmark-timing';
import { BenchmarkOptions, renderBenchmarkCommand, renderHtmlCommand } from '../domain/guidellm/command';
import { stackLabels } from './labels';
import { benchmarkContainerName, LABELS, onDemandJobPrefix } from '../domain/names';
import {
  API_KEY_ENV,
  BenchmarkRunnerProps,
  benchmarkPodLabels,
  BenchmarkStep,
  BOOKKEEPING_RESOURCES,
  commonEnv,
  guidellmEnv,
  inRunOrder,
  PATHS,
  PROCESSOR_STATUS_FILE,
  processorStep,
  processorVolumes,
  requestSamplesOption,
  SCRATCH_VOLUMES,
  scratchMounts,
  SCRIPTS_VOLUME,
  StepMount,
  SYSTEM_CA_BUNDLE,
} from './benchmark-steps';
import { processorServiceAccount } from './results-processor';
import { resultsVolume } from './results-storage';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';
import type { Manifest } from './manifest-object';
import { manifestYaml } from './manifest-yaml';

export interface BenchmarkJobProps extends BenchmarkRunnerProps {
  readonly target: ResolvedTarget;
  /** The results volume (the PVC) or, in object-store mode, the size of the scratch volume. */
  readonly results: EnvironmentConfig['results'];
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
      ...benchmarkPodLabels(props.environment),
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
    // Every GuideLLM-image step mounts the pod's whole list (see ./benchmark-steps.ts).
    const step = (name: string, command: string[], args: string[], resources: ContainerResources, stepEnv: k8s.EnvVar[]): k8s.Container =>
      jobContainer({ name, image: props.guidellm.image, command, args, env: [...env.common, ...stepEnv], resources, mounts });

    const statusFiles = props.processor ? [PROCESSOR_STATUS_FILE] : [];
    const steps = inRunOrder({
      prepare: step('prepare', ['/bin/sh', `${PATHS.scripts}/prepare.sh`], [], BOOKKEEPING_RESOURCES, env.prepare),
      benchmarks: target.benchmarks.map((b) =>
        step(
          benchmarkContainerName(b.name),
          ['/bin/sh', `${PATHS.scripts}/benchmark.sh`, b.name],
          renderBenchmarkCommand(benchmarkOptions(props, b), props.version),
          props.guidellm.resources,
          [...env.guidellm, ...env.endpoint],
        ),
      ),
      // The HTML step reads saved reports only: no endpoint credentials.
      htmlReport: props.htmlReport ? step('html-report', ['/bin/sh', `${PATHS.scripts}/html-report.sh`], renderHtmlCommand(props.version), props.guidellm.resources, env.guidellm) : undefined,
      finalize: step('finalize', ['python3', `${PATHS.scripts}/finalize.py`, '--record'], [], BOOKKEEPING_RESOURCES, env.finalize),
      processor: props.processor ? jobContainer(processorStep(props.processor, target.name)) : undefined,
      verdict: step('verdict', ['python3', `${PATHS.scripts}/finalize.py`, '--verdict'], [], BOOKKEEPING_RESOURCES, [{ name: 'STATUS_FILES', value: statusFiles.join(',') }]),
    });
    // Init containers run one after another; the verdict is the pod's one container and sets the Job's outcome.
    const initContainers = steps.slice(0, -1);

    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: { generateName: onDemandJobPrefix(target.name), namespace: props.namespace, labels, annotations },
      spec: {
        backoffLimit: props.guidellm.backoffLimit,
        // A pod evicted by a node drain, preemption or a taint (condition DisruptionTarget) is no benchmark failure:
        // it is not counted against backoffLimit, so with backoffLimit 0 a drain does not fail the target.
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
        activeDeadlineSeconds: jobDeadlineSeconds(target, props.guidellm.startupAllowanceSeconds, props.htmlReport),
        ttlSecondsAfterFinished: props.guidellm.ttlSecondsAfterFinished,
        template: {
          metadata: { labels, annotations },
          spec: {
            restartPolicy: 'Never',
            // the processor's projected registry and analysis tokens are this ServiceAccount's; no token is automounted
            serviceAccountName: processorServiceAccount(props.processor?.config),
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            initContainers,
            containers: steps.slice(-1),
            volumes: [...this.volumes(props), ...(props.processor ? processorVolumes(props.processor) : [])],
          },
        },
      },
    });
    // cdk8s names every object; a Job created with generateName must not carry a name.
    this.job.addJsonPatch(JsonPatch.remove('/metadata/name'));
  }

  private volumeMounts(props: BenchmarkJobProps): StepMount[] {
    const mounts: StepMount[] = [
      { name: 'results', mountPath: PATHS.results },
      { name: 'scripts', mountPath: PATHS.scripts, readOnly: true },
      ...scratchMounts('state', 'tmp', 'cache', 'shm'),
    ];
    if ('pvc' in props.target.model.tokenizer) mounts.push({ name: 'tokenizer', mountPath: PATHS.tokenizer, readOnly: true });
    if (props.target.auth.caBundle) mounts.push({ name: 'endpoint-ca', mountPath: PATHS.endpointCa, readOnly: true });
    return mounts;
  }

  private volumes(props: BenchmarkJobProps): k8s.Volume[] {
    const volumes: k8s.Volume[] = [
      resultsVolume(props.results),
      SCRIPTS_VOLUME,
      ...SCRATCH_VOLUMES.map((v) => ({ name: v.name, emptyDir: { medium: v.medium, sizeLimit: k8s.Quantity.fromString(v.sizeLimit) } })),
    ];
    const tokenizer = props.target.model.tokenizer;
    if ('pvc' in tokenizer) volumes.push({ name: 'tokenizer', persistentVolumeClaim: { claimName: tokenizer.pvc.claimName, readOnly: true } });
    const ca = props.target.auth.caBundle;
    if (ca) volumes.push({ name: 'endpoint-ca', configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } });
    return volumes;
  }
}

/** A target's Job manifest as plain JSON, synthesized on its own (what `dist/ENV/jobs/` holds). */
export function benchmarkJobManifest(props: BenchmarkJobProps): Manifest {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'manifest');
  return new BenchmarkJob(chart, 'job', props).job.toJson();
}

/** A target's Job built once: its props, its manifest and that manifest's YAML, for jobs/ and the dispatcher. */
export interface BuiltJob {
  readonly props: BenchmarkJobProps;
  readonly manifest: Manifest;
  /** `manifestYaml(manifest)`: the dispatcher's ConfigMap holds it, the jobs/ file is it. */
  readonly yaml: string;
}

export function buildJob(props: BenchmarkJobProps): BuiltJob {
  const manifest = benchmarkJobManifest(props);
  return { props, manifest, yaml: manifestYaml(manifest) };
}

/** A step as one of the Job's containers (steps of one pod, run in order as init containers). */
function jobContainer(step: BenchmarkStep): k8s.Container {
  return {
    name: step.name,
    image: step.image,
    imagePullPolicy: 'IfNotPresent',
    command: step.command,
    args: step.args.length ? step.args : undefined,
    env: step.env,
    volumeMounts: step.mounts.map((m) => ({ ...m })),
    resources: resourceRequirements(step.resources),
    securityContext: restrictedContainerSecurityContext(),
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}

/** Environment variables per kind of step: every step gets `common`. */
function environmentVariables(props: BenchmarkJobProps): Record<'common' | 'prepare' | 'guidellm' | 'endpoint' | 'finalize', k8s.EnvVar[]> {
  const { target } = props;
  const fromField = (name: string, fieldPath: string): k8s.EnvVar => ({ name, valueFrom: { fieldRef: { fieldPath } } });
  const fromSecret = (name: string, ref: { name: string; key: string }): k8s.EnvVar => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } });
  const jobName = fromField('JOB_NAME', "metadata.labels['job-name']");

  const guidellm = guidellmEnv({
    cpuLimit: props.guidellm.resources.limits.cpu,
    version: props.version,
    reportTemplateUrl: props.guidellm.reportTemplateUrl,
    huggingFaceTokenSecret: props.huggingFaceTokenSecret,
    offlineTokenizer: 'pvc' in target.model.tokenizer,
    endpointCa: target.auth.caBundle !== undefined,
  });

  return {
    common: commonEnv(target.name),
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

/** GuideLLM options of one benchmark of a target, as the Job runs it (inside the benchmark's folder). */
export function benchmarkOptions(props: Pick<BenchmarkJobProps, 'environment' | 'target' | 'guidellm'>, benchmark: ResolvedBenchmark): BenchmarkOptions {
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
    ...(plan.stopOnOverSaturation ? { stopOnOverSaturation: true } : {}),
    requestSamples: requestSamplesOption(props.guidellm.requestSamples),
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
export function runContext(props: BenchmarkJobProps) {
  const { target } = props;
  return {
    environment: props.environment,
    target: {
      name: target.name,
      model: target.model.name,
      servedModelName: target.model.servedModelName,
      deployment: target.deployment,
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
