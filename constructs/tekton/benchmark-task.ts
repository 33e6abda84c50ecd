/**
 * The `guidellm-benchmark` Tekton Task (tekton.dev/v1): one benchmark of one target, chosen at run time by
 * parameters, with the same steps, scripts and results layout as a benchmark Job (constructs/benchmark-job.ts):
 *
 *   render-command  (Node image)    the bundled render-command CLI turns the parameters into the GuideLLM argv
 *                                   with the Jobs' renderer (renderBenchmarkCommand), into /state/command.json
 *   prepare         (GuideLLM)      runtime/benchmark-job/prepare.sh: run id, attempt, CA bundle
 *   benchmark       (GuideLLM)      runtime/benchmark-job/benchmark.sh BENCHMARK <argv from command.json>
 *   html-report     (GuideLLM)      runtime/benchmark-job/html-report.sh (when html-report is true; never fatal)
 *   finalize        (GuideLLM)      finalize.py --record: the target's run.json
 *   process-results (Node image)    the results processor (ConfigMap `results-processor`), as in the Jobs; in
 *                                   `results.store: objectStore` mode it also stores the results in the bucket
 *   verdict         (GuideLLM)      finalize.py --verdict, and the Task's results
 *
 * Results go to the `results` workspace (mounted where the Jobs mount the results volume):
 * `<run-id>/<target>/<benchmark>/`, run.json and summaries, exactly as a Job writes them.
 * The scripts and the processor come from the ConfigMaps of the `benchmarks` app (same namespace).
 */
import { Construct } from 'constructs';
import {
  TaskV1,
  TaskV1SpecSteps,
  TaskV1SpecStepsComputeResourcesLimits,
  TaskV1SpecStepsComputeResourcesRequests,
  TaskV1SpecStepsEnv,
  TaskV1SpecStepsVolumeMounts,
} from '../../imports/task-tekton.dev';
import {
  API_KEY_ENV,
  benchmarkPodLabels,
  BenchmarkRunnerProps,
  BenchmarkStep,
  BOOKKEEPING_RESOURCES,
  commonEnv,
  guidellmEnv,
  inRunOrder,
  PATHS,
  PROCESSOR_STATUS_FILE,
  processorStep,
  ProcessorStepProps,
  processorVolumes,
  requestSamplesOption,
  SCRATCH_VOLUMES,
  scratchMounts,
  SCRIPTS_VOLUME,
  StepMount,
  SYSTEM_CA_BUNDLE,
} from '../benchmark-steps';
import { stackLabels } from '../labels';
import { ContainerResources, restrictedContainerSecurityContext } from '../security';
import { benchmarkParamSpecs, paramEnvName, ParamSpec } from '../../domain/contracts/tekton-params';
import { RenderCommandCode, RENDER_COMMAND_FILE } from './render-command';

/** Name of the Task; stable API (the Pipeline and PipelineRuns refer to it). */
export const BENCHMARK_TASK_NAME = 'guidellm-benchmark';

/** Where the render-command bundle is mounted. */
export const RENDER_COMMAND_PATH = '/render';

/** Files the render-command step writes into the state volume for the later steps. */
export const STATE_FILES = {
  command: `${PATHS.state}/command.json`,
  htmlCommand: `${PATHS.state}/html-command.json`,
  runContext: `${PATHS.state}/run-context.json`,
  benchmarkName: `${PATHS.state}/benchmark-name`,
  processorStatus: PROCESSOR_STATUS_FILE,
} as const;

/** The environment's benchmark settings, as for its Jobs; the target comes in the parameters. */
export interface BenchmarkTaskProps extends BenchmarkRunnerProps {
  /** The results processor step (a Task always processes what it ran). */
  readonly processor: ProcessorStepProps;
  /** The ConfigMap with the render-command program, the Task's first step. */
  readonly renderCommand: RenderCommandCode;
}

/** A step's compute resources in the Task's typed form. */
function computeResources(r: ContainerResources) {
  const limit = TaskV1SpecStepsComputeResourcesLimits.fromString;
  const request = TaskV1SpecStepsComputeResourcesRequests.fromString;
  return {
    requests: { cpu: request(r.requests.cpu), memory: request(r.requests.memory) },
    limits: { cpu: limit(r.limits.cpu), memory: limit(r.limits.memory) },
  };
}

/**
 * A step of the model (./benchmark-steps.ts) as a Task step, or one of the Task's own steps with a script. The
 * results volume is the `results` workspace, which Tekton mounts into every step (read-write: a workspace cannot
 * be read-only for one step only), so it is not listed. `$(AWS_...)` in args is Kubernetes' env expansion: Tekton
 * only touches `$(params.…)`, `$(context.…)` and its other prefixes.
 */
function taskStep(step: Omit<BenchmarkStep, 'command' | 'args'> & { command?: string[]; args?: string[]; script?: string }): TaskV1SpecSteps {
  return {
    name: step.name,
    image: step.image,
    imagePullPolicy: 'IfNotPresent',
    ...(step.command ? { command: step.command } : {}),
    ...(step.args && step.args.length ? { args: step.args } : {}),
    ...(step.script ? { script: step.script } : {}),
    env: step.env as TaskV1SpecStepsEnv[],
    volumeMounts: step.mounts.filter((m) => m.name !== 'results').map((m): TaskV1SpecStepsVolumeMounts => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) })),
    computeResources: computeResources(step.resources),
    securityContext: restrictedContainerSecurityContext() as TaskV1SpecSteps['securityContext'],
  };
}

/** A shell line that execs `prefix + argv` with the argv read from a JSON file (python3 keeps every argument intact). */
function execJsonArgv(file: string, prefix: string[]): string {
  const program = `import json, os, sys; argv = sys.argv[1:] + json.load(open(${JSON.stringify(file)})); os.execvp(argv[0], argv)`;
  return `exec python3 -c '${program}' ${prefix.map((p) => `"${p}"`).join(' ')}`;
}

export class BenchmarkTask extends Construct {
  readonly task: TaskV1;
  /** The Task's name, for a Pipeline's `taskRef`. */
  readonly name: string = BENCHMARK_TASK_NAME;
  readonly environment: string;
  readonly namespace: string;
  /** The Task's parameters, in order. */
  readonly params: readonly ParamSpec[];
  /** Whether the Task copies the results to a bucket (its `results` workspace is then scratch space). */
  readonly uploadsToObjectStore: boolean;

  constructor(scope: Construct, id: string, props: BenchmarkTaskProps) {
    super(scope, id);
    const { guidellm: settings, processor } = props;
    const specs = benchmarkParamSpecs({ environment: props.environment, guidellmImage: settings.image, htmlReport: props.htmlReport, requestSamples: requestSamplesOption(settings.requestSamples) });
    this.environment = props.environment;
    this.namespace = props.namespace;
    this.params = specs;
    this.uploadsToObjectStore = processor.objectStore !== undefined;
    const param = (name: string) => {
      if (!specs.some((s) => s.name === name)) throw new Error(`unknown Task parameter ${name}`);
      return `$(params.${name})`;
    };
    const guidellmImage = param('guidellm-image');

    const mount = (name: string, mountPath: string, readOnly = false) => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
    const baseMounts = scratchMounts('state', 'tmp');
    const guidellmMounts = [...baseMounts, mount('scripts', PATHS.scripts, true), ...scratchMounts('cache', 'shm'), mount('endpoint-ca', PATHS.endpointCa, true)];
    const targetName = param('target-name');
    // The GuideLLM environment without what the Task decides at run time (offline tokenizer, endpoint CA).
    const guidellm = guidellmEnv({
      cpuLimit: settings.resources.limits.cpu,
      version: props.version,
      reportTemplateUrl: settings.reportTemplateUrl,
      huggingFaceTokenSecret: props.huggingFaceTokenSecret,
    });
    const jobName: TaskV1SpecStepsEnv = { name: 'JOB_NAME', value: '$(context.taskRun.name)' };
    // The Task's own steps: a script, the common environment first.
    const step = (s: { name: string; image: string; command?: string[]; script?: string; env: TaskV1SpecStepsEnv[]; volumeMounts: StepMount[]; resources: ContainerResources }) =>
      taskStep({ name: s.name, image: s.image, command: s.command, script: s.script, env: [...commonEnv(targetName), ...s.env], mounts: s.volumeMounts, resources: s.resources });

    const upload = processor.objectStore;

    // The Task's own first step renders the GuideLLM command from the parameters; then the benchmark steps.
    const renderCommand = step({
      name: 'render-command',
      image: processor.image,
      command: ['node', `${RENDER_COMMAND_PATH}/${RENDER_COMMAND_FILE}`, '--out', PATHS.state],
      env: specs.map((s) => ({ name: paramEnvName(s.name), value: param(s.name) })),
      volumeMounts: [...baseMounts, mount('render-command', RENDER_COMMAND_PATH, true)],
      resources: processor.resources,
    });
    const steps: TaskV1SpecSteps[] = [
      renderCommand,
      ...inRunOrder({
        prepare: step({
          name: 'prepare',
          image: guidellmImage,
          env: [
            { name: 'RUN_ID', value: param('run-id') },
            jobName,
            { name: 'ENDPOINT_CA_FILE', value: `${PATHS.endpointCa}/${param('endpoint-ca-key')}` },
            { name: 'SYSTEM_CA_FILE', value: SYSTEM_CA_BUNDLE },
          ],
          // The CA ConfigMap is optional: without it, prepare.sh must not try to read it.
          script: ['#!/bin/sh', 'set -eu', '[ -f "$ENDPOINT_CA_FILE" ] || unset ENDPOINT_CA_FILE SYSTEM_CA_FILE', `exec /bin/sh ${PATHS.scripts}/prepare.sh`, ''].join('\n'),
          volumeMounts: guidellmMounts,
          resources: BOOKKEEPING_RESOURCES,
        }),
        benchmarks: [
          step({
            name: 'benchmark',
            image: guidellmImage,
            env: [
              ...guidellm,
              { name: 'TOKENIZER', value: param('tokenizer') },
              // optional: the default Secret name does not exist and no key is sent
              { name: API_KEY_ENV, valueFrom: { secretKeyRef: { name: param('api-key-secret'), key: param('api-key-secret-key'), optional: true } } },
            ],
            script: [
              '#!/bin/sh',
              `if [ -f ${PATHS.state}/ca-bundle.pem ]; then export SSL_CERT_FILE=${PATHS.state}/ca-bundle.pem; fi`,
              `case "$TOKENIZER" in ${PATHS.tokenizer}/*) export HF_HUB_OFFLINE=1 ;; esac`,
              `read -r BENCHMARK < ${STATE_FILES.benchmarkName}`,
              execJsonArgv(STATE_FILES.command, ['/bin/sh', `${PATHS.scripts}/benchmark.sh`, '$BENCHMARK']),
              '',
            ].join('\n'),
            volumeMounts: guidellmMounts,
            resources: settings.resources,
          }),
        ],
        htmlReport: step({
          name: 'html-report',
          image: guidellmImage,
          env: [...guidellm, { name: 'HTML_REPORT', value: param('html-report') }],
          script: [
            '#!/bin/sh',
            '[ "$HTML_REPORT" = true ] || { echo "html-report is not true: no HTML report"; exit 0; }',
            execJsonArgv(STATE_FILES.htmlCommand, ['/bin/sh', `${PATHS.scripts}/html-report.sh`]),
            '',
          ].join('\n'),
          volumeMounts: guidellmMounts,
          resources: settings.resources,
        }),
        finalize: step({
          name: 'finalize',
          image: guidellmImage,
          env: [jobName, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          script: ['#!/bin/sh', `read -r RUN_CONTEXT < ${STATE_FILES.runContext}`, 'export RUN_CONTEXT', `exec python3 ${PATHS.scripts}/finalize.py --record`, ''].join('\n'),
          volumeMounts: guidellmMounts,
          resources: BOOKKEEPING_RESOURCES,
        }),
        processor: taskStep(processorStep(processor, targetName)),
        verdict: step({
          name: 'verdict',
          image: guidellmImage,
          env: [{ name: 'STATUS_FILES', value: STATE_FILES.processorStatus }],
          script: [
            '#!/bin/sh',
            `. ${PATHS.state}/run.env`,
            'printf %s "$RUN_ID" > $(results.run-id.path)',
            'printf %s "$TARGET_DIR" > $(results.results-dir.path)',
            `exec python3 ${PATHS.scripts}/finalize.py --verdict`,
            '',
          ].join('\n'),
          volumeMounts: guidellmMounts,
          resources: BOOKKEEPING_RESOURCES,
        }),
      }),
    ];

    const volumes: Record<string, unknown>[] = [
      { name: 'render-command', configMap: { name: props.renderCommand.configMapName } },
      SCRIPTS_VOLUME,
      { name: 'endpoint-ca', configMap: { name: param('endpoint-ca-configmap'), optional: true } },
      ...SCRATCH_VOLUMES.map((v) => ({ name: v.name, emptyDir: { sizeLimit: v.sizeLimit, ...(v.medium ? { medium: v.medium } : {}) } })),
      // plain JSON: these volumes carry no Quantity
      ...(processorVolumes(processor) as unknown as Record<string, unknown>[]),
    ];

    this.task = new TaskV1(this, 'Task', {
      metadata: { name: BENCHMARK_TASK_NAME, namespace: props.namespace, labels: { ...stackLabels('pipelines', props.environment), ...benchmarkPodLabels(props.environment), 'app.kubernetes.io/version': props.version.text } },
      spec: {
        displayName: 'GuideLLM benchmark',
        description:
          'Runs one GuideLLM benchmark against one OpenAI-compatible endpoint with the command line the benchmark Jobs use, ' +
          'writes the results into the results workspace (<run-id>/<target>/<benchmark>/, run.json) and runs the results processor.',
        params: specs.map((s) => ({ name: s.name, type: 'string', description: s.description, ...(s.default === undefined ? {} : { default: s.default }) })),
        workspaces: [
          {
            name: 'results',
            description: upload
              ? 'Scratch results volume, laid out as the benchmark Jobs write it; the results processor stores it in the bucket.'
              : 'Results volume (the results PVC), laid out as the benchmark Jobs write it.',
            mountPath: PATHS.results,
          },
          { name: 'tokenizer', description: 'Tokenizer files for disconnected clusters; point the tokenizer parameter below /tokenizer.', mountPath: PATHS.tokenizer, readOnly: true, optional: true },
        ],
        results: [
          { name: 'run-id', type: 'string', description: 'Run folder under the results workspace.' },
          { name: 'results-dir', type: 'string', description: "Path of the target's results folder in the step containers." },
        ],
        steps,
        volumes,
      },
    });
  }
}
