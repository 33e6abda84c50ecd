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
 *   process-results (Node image)    the results processor (ConfigMap `results-processor`), as in the Jobs
 *   object-store-*  (MinIO client)  in `results.store: objectStore` mode: the Job's upload steps
 *                                   (objectStoreUploadSteps): log in, copy the results workspace to the bucket
 *   verdict         (GuideLLM)      finalize.py --verdict, and the Task's results
 *
 * Results go to the `results` workspace (mounted where the Jobs mount the results volume):
 * `<run-id>/<target>/<benchmark>/`, run.json and summaries, exactly as a Job writes them.
 * The scripts and the processor come from the ConfigMaps of the `benchmarks` app (same namespace).
 */
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import {
  TaskV1,
  TaskV1SpecSteps,
  TaskV1SpecStepsComputeResourcesLimits,
  TaskV1SpecStepsComputeResourcesRequests,
  TaskV1SpecStepsEnv,
  TaskV1SpecStepsVolumeMounts,
} from '../../imports/task-tekton.dev';
import { API_KEY_ENV, BOOKKEEPING_RESOURCES, objectStoreUpload, objectStoreUploadSteps, PATHS, SYSTEM_CA_BUNDLE } from '../benchmark-job';
import { BENCHMARK_SCRIPTS_CONFIGMAP } from '../benchmark-scripts';
import { isAtLeast } from '../../domain/guidellm/version';
import { stackLabels } from '../labels';
import { analysisVolumes, PROCESSOR_PATHS, processorConfig, RESULTS_PROCESSOR_CONFIGMAP } from '../results-processor';
import { ContainerResources, restrictedContainerSecurityContext, wholeCpus } from '../security';
import { benchmarkParamSpecs, paramEnvName } from '../../domain/contracts/tekton-params';
import { RENDER_COMMAND_CONFIGMAP, RENDER_COMMAND_FILE } from './render-command';

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
  processorStatus: `${PATHS.state}/processor-status`,
} as const;

export interface BenchmarkTaskProps {
  readonly env: ResolvedEnvironment;
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

/** A shell line that execs `prefix + argv` with the argv read from a JSON file (python3 keeps every argument intact). */
function execJsonArgv(file: string, prefix: string[]): string {
  const program = `import json, os, sys; argv = sys.argv[1:] + json.load(open(${JSON.stringify(file)})); os.execvp(argv[0], argv)`;
  return `exec python3 -c '${program}' ${prefix.map((p) => `"${p}"`).join(' ')}`;
}

export class BenchmarkTask extends Construct {
  readonly task: TaskV1;

  constructor(scope: Construct, id: string, props: BenchmarkTaskProps) {
    super(scope, id);
    const { env } = props;
    const config = env.config;
    const registry = config.publish.modelRegistry ? config.publish.modelRegistry : undefined;
    const specs = benchmarkParamSpecs({ environment: env.name, guidellmImage: config.guidellm.image, htmlReport: env.htmlReport });
    const param = (name: string) => {
      if (!specs.some((s) => s.name === name)) throw new Error(`unknown Task parameter ${name}`);
      return `$(params.${name})`;
    };
    const guidellmImage = param('guidellm-image');
    const processor = processorConfig(env);
    const analysis = analysisVolumes(env);

    const mount = (name: string, mountPath: string, readOnly = false): TaskV1SpecStepsVolumeMounts => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
    const baseMounts = [mount('state', PATHS.state), mount('tmp', PATHS.tmp)];
    const guidellmMounts = [
      ...baseMounts,
      mount('scripts', PATHS.scripts, true),
      mount('cache', PATHS.cache),
      // GuideLLM's worker processes exchange requests through multiprocessing queues in /dev/shm.
      mount('shm', '/dev/shm'),
      mount('endpoint-ca', PATHS.endpointCa, true),
    ];
    const common: TaskV1SpecStepsEnv[] = [
      { name: 'TARGET_NAME', value: param('target-name') },
      { name: 'RESULTS_DIR', value: PATHS.results },
      { name: 'STATE_DIR', value: PATHS.state },
      { name: 'HOME', value: PATHS.tmp },
    ];
    const guidellmEnv: TaskV1SpecStepsEnv[] = [
      { name: 'HF_HOME', value: `${PATHS.cache}/huggingface` },
      { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
      { name: 'GUIDELLM__MAX_WORKER_PROCESSES', value: String(wholeCpus(config.guidellm.resources.limits.cpu)) },
      ...(config.huggingFaceTokenSecret ? [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: config.huggingFaceTokenSecret.name, key: config.huggingFaceTokenSecret.key } } }] : []),
      ...(isAtLeast(env.guidellmVersion, '0.5.0') ? [] : [{ name: 'GUIDELLM_OUTPUT_PATH', value: '' }]),
      ...(config.guidellm.reportTemplateUrl ? [{ name: 'GUIDELLM__REPORT_GENERATION__SOURCE', value: config.guidellm.reportTemplateUrl }] : []),
    ];
    const jobName: TaskV1SpecStepsEnv = { name: 'JOB_NAME', value: '$(context.taskRun.name)' };
    const step = (s: Omit<TaskV1SpecSteps, 'securityContext' | 'computeResources'> & { resources: ContainerResources }): TaskV1SpecSteps => {
      const { resources, ...rest } = s;
      return {
        imagePullPolicy: 'IfNotPresent',
        ...rest,
        env: [...common, ...(rest.env ?? [])],
        computeResources: computeResources(resources),
        securityContext: restrictedContainerSecurityContext() as TaskV1SpecSteps['securityContext'],
      };
    };

    // The Job's upload steps as they are; the results volume is the `results` workspace, which Tekton mounts
    // into every step (read-write: a workspace cannot be read-only for one step only). Their `$(AWS_...)` args
    // are Kubernetes' env expansion: Tekton only touches `$(params.…)`, `$(context.…)` and its other prefixes.
    const upload = objectStoreUpload(env);
    const uploadSteps: TaskV1SpecSteps[] = (upload ? objectStoreUploadSteps(upload) : []).map((s) => ({
      name: s.name,
      image: s.image,
      imagePullPolicy: 'IfNotPresent',
      command: s.command,
      args: s.args,
      env: s.env as TaskV1SpecStepsEnv[],
      volumeMounts: s.mounts.filter((m) => m.name !== 'results').map((m) => mount(m.name, m.mountPath, m.readOnly)),
      computeResources: computeResources(s.resources),
      securityContext: restrictedContainerSecurityContext() as TaskV1SpecSteps['securityContext'],
    }));

    const steps: TaskV1SpecSteps[] = [
      step({
        name: 'render-command',
        image: config.processor.image,
        command: ['node', `${RENDER_COMMAND_PATH}/${RENDER_COMMAND_FILE}`, '--out', PATHS.state],
        env: specs.map((s) => ({ name: paramEnvName(s.name), value: param(s.name) })),
        volumeMounts: [...baseMounts, mount('render-command', RENDER_COMMAND_PATH, true)],
        resources: config.processor.resources,
      }),
      step({
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
      step({
        name: 'benchmark',
        image: guidellmImage,
        env: [
          ...guidellmEnv,
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
        resources: config.guidellm.resources,
      }),
      step({
        name: 'html-report',
        image: guidellmImage,
        env: [...guidellmEnv, { name: 'HTML_REPORT', value: param('html-report') }],
        script: [
          '#!/bin/sh',
          '[ "$HTML_REPORT" = true ] || { echo "html-report is not true: no HTML report"; exit 0; }',
          execJsonArgv(STATE_FILES.htmlCommand, ['/bin/sh', `${PATHS.scripts}/html-report.sh`]),
          '',
        ].join('\n'),
        volumeMounts: guidellmMounts,
        resources: config.guidellm.resources,
      }),
      step({
        name: 'finalize',
        image: guidellmImage,
        env: [jobName, { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        script: ['#!/bin/sh', `read -r RUN_CONTEXT < ${STATE_FILES.runContext}`, 'export RUN_CONTEXT', `exec python3 ${PATHS.scripts}/finalize.py --record`, ''].join('\n'),
        volumeMounts: guidellmMounts,
        resources: BOOKKEEPING_RESOURCES,
      }),
      step({
        name: 'process-results',
        image: config.processor.image,
        command: ['node', `${PROCESSOR_PATHS.code}/processor.js`],
        env: [
          { name: 'PROCESSOR_CONFIG', value: JSON.stringify(processor) },
          { name: 'STATUS_FILE', value: STATE_FILES.processorStatus },
          ...(processor.modelRegistry?.caFile ? [{ name: 'NODE_EXTRA_CA_CERTS', value: processor.modelRegistry.caFile }] : []),
        ],
        volumeMounts: [
          ...baseMounts,
          mount('processor', PROCESSOR_PATHS.code, true),
          ...(registry ? [mount('registry-token', PROCESSOR_PATHS.registryToken, true)] : []),
          ...(registry?.caBundle ? [mount('registry-ca', PROCESSOR_PATHS.registryCa, true)] : []),
          ...analysis.mounts.map((m) => mount(m.name, m.mountPath, true)),
        ],
        resources: config.processor.resources,
      }),
      ...uploadSteps,
      step({
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
    ];

    const sized = (sizeLimit: string, medium?: string) => ({ emptyDir: { sizeLimit, ...(medium ? { medium } : {}) } });
    const volumes: Record<string, unknown>[] = [
      { name: 'render-command', configMap: { name: RENDER_COMMAND_CONFIGMAP } },
      { name: 'scripts', configMap: { name: BENCHMARK_SCRIPTS_CONFIGMAP } },
      { name: 'processor', configMap: { name: RESULTS_PROCESSOR_CONFIGMAP } },
      { name: 'endpoint-ca', configMap: { name: param('endpoint-ca-configmap'), optional: true } },
      { name: 'state', ...sized('16Mi') },
      { name: 'tmp', ...sized('1Gi') },
      { name: 'cache', ...sized('2Gi') },
      { name: 'shm', ...sized('256Mi', 'Memory') },
    ];
    if (registry) volumes.push({ name: 'registry-token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } });
    if (registry?.caBundle) volumes.push({ name: 'registry-ca', configMap: { name: registry.caBundle.configMap, items: [{ key: registry.caBundle.key, path: registry.caBundle.key }] } });
    volumes.push(...(analysis.volumes as unknown as Record<string, unknown>[]));

    this.task = new TaskV1(this, 'Task', {
      metadata: { name: BENCHMARK_TASK_NAME, namespace: config.namespace, labels: { ...stackLabels('pipelines', env.name), 'app.kubernetes.io/version': env.guidellmVersion.text } },
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
              ? 'Scratch results volume, laid out as the benchmark Jobs write it; the object-store steps copy it to the bucket.'
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
