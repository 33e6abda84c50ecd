/**
 * PipelineRun templates: one per target, written to `dist/ENV/pipelineruns/` (outside every Application's path:
 * ArgoCD cannot sync `generateName`) for `oc create -f`. Each runs the target's **first** benchmark (its first
 * scenario with its first load plan) with every parameter spelled out from the target's resolved configuration,
 * so another scenario or load plan is a matter of editing the parameters; one template per target keeps the
 * folder as short as `dist/ENV/jobs/`, which already runs every benchmark of a target.
 *
 * The parameters come from `benchmarkOptions` (the Job's options for the same target and benchmark) through
 * `paramsFromOptions`, and the Task turns them back with `optionsFromParams`: a test proves the round trip gives
 * the Job's command line.
 */
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedTarget } from '../../config/target';
import { PipelineRunV1, PipelineRunV1SpecWorkspaces, PipelineRunV1SpecWorkspacesEmptyDirSizeLimit } from '../../imports/pipelinerun-tekton.dev';
import { BenchmarkJobProps, benchmarkOptions, runContext } from '../benchmark-job';
import type { Manifest } from '../manifest-object';
import { jobDeadlineSeconds } from '../../domain/benchmark-timing';
import { stackLabels } from '../labels';
import { LABELS, onDemandJobPrefix } from '../../domain/names';
import { processorServiceAccount } from '../results-processor';
import { resultsVolume } from '../results-storage';
import { restrictedPodSecurityContext } from '../security';
import { BENCHMARK_PIPELINE_NAME } from './benchmark-pipeline';
import { NO_API_KEY_SECRET, NO_ENDPOINT_CA_CONFIGMAP, paramsFromOptions } from '../../domain/contracts/tekton-params';

/** The parameters of a target's PipelineRun, by name (every Task parameter but `guidellm-version`). */
export function pipelineRunParams(job: BenchmarkJobProps): Record<string, string> {
  const { target } = job;
  const benchmark = target.benchmarks[0];
  const { apiKeySecret, caBundle } = target.auth;
  return {
    ...paramsFromOptions({
      options: benchmarkOptions(job, benchmark),
      benchmarkName: benchmark.name,
      guidellmImage: job.guidellm.image,
    }),
    'api-key-secret': apiKeySecret?.name ?? NO_API_KEY_SECRET,
    'api-key-secret-key': apiKeySecret?.key ?? 'token',
    'endpoint-ca-configmap': caBundle?.configMap ?? NO_ENDPOINT_CA_CONFIGMAP,
    'endpoint-ca-key': caBundle?.key ?? 'ca.crt',
    'html-report': String(job.htmlReport),
    'run-id': '',
    // what the target's Job gives finalize.py in its RUN_CONTEXT
    'target-info': JSON.stringify(runContext(job).target),
  };
}

/** The target's benchmark Job settings: the PipelineRun runs its first benchmark the way the Job does. */
export type PipelineRunTemplateProps = BenchmarkJobProps;

export class PipelineRunTemplate extends Construct {
  readonly pipelineRun: ApiObject;

  constructor(scope: Construct, id: string, props: PipelineRunTemplateProps) {
    super(scope, id);
    const { target } = props;
    const results = resultsVolume(props.results);
    // The Job's results volume: the shared PVC, or in object-store mode the same sized scratch volume (the
    // Task's upload steps copy it to the bucket).
    const workspaces: PipelineRunV1SpecWorkspaces[] = [
      results.persistentVolumeClaim
        ? { name: 'results', persistentVolumeClaim: { claimName: results.persistentVolumeClaim.claimName } }
        : { name: 'results', emptyDir: { sizeLimit: PipelineRunV1SpecWorkspacesEmptyDirSizeLimit.fromString(String(results.emptyDir!.sizeLimit!.value)) } },
    ];
    const tokenizer = target.model.tokenizer;
    if ('pvc' in tokenizer) workspaces.push({ name: 'tokenizer', persistentVolumeClaim: { claimName: tokenizer.pvc.claimName, readOnly: true } });
    const firstOnly: ResolvedTarget = { ...target, benchmarks: [target.benchmarks[0]] };
    const serviceAccount = processorServiceAccount(props.processor?.config);
    const deadline = jobDeadlineSeconds(firstOnly, props.guidellm.startupAllowanceSeconds, props.htmlReport);

    this.pipelineRun = new PipelineRunV1(this, 'PipelineRun', {
      metadata: {
        generateName: onDemandJobPrefix(target.name),
        namespace: props.namespace,
        labels: {
          ...stackLabels('pipelines', props.environment),
          [LABELS.target]: target.name,
          [LABELS.model]: target.model.name,
          [LABELS.gpuProfile]: target.gpuProfile.name,
        },
      },
      spec: {
        pipelineRef: { name: BENCHMARK_PIPELINE_NAME },
        params: Object.entries(pipelineRunParams(props)).map(([name, value]) => ({ name, value })),
        workspaces,
        timeouts: { pipeline: `${deadline}s` },
        taskRunTemplate: {
          // the processor's projected registry and analysis tokens are this ServiceAccount's
          ...(serviceAccount ? { serviceAccountName: serviceAccount } : {}),
          podTemplate: { securityContext: restrictedPodSecurityContext() as any, enableServiceLinks: false },
        },
      },
    });
    // cdk8s names every object; a PipelineRun created with generateName must not carry a name.
    this.pipelineRun.addJsonPatch(JsonPatch.remove('/metadata/name'));
  }
}

/**
 * A target's PipelineRun template as plain JSON, synthesized on its own (what `dist/ENV/pipelineruns/` holds): the
 * one source of the Triggers' resource templates (./benchmark-triggers.ts).
 */
export function pipelineRunManifest(job: BenchmarkJobProps): Manifest {
  const chart = new Chart(new App({ outdir: '/nonexistent' }), 'manifest');
  const template = new PipelineRunTemplate(chart, job.target.name, job);
  return template.pipelineRun.toJson();
}

/** A target's PipelineRun template built once, for every app that ships it (pipelineruns/, the Triggers). */
export interface BuiltPipelineRun {
  /** The target's name. */
  readonly target: string;
  readonly manifest: Manifest;
}

export function buildPipelineRun(job: BenchmarkJobProps): BuiltPipelineRun {
  return { target: job.target.name, manifest: pipelineRunManifest(job) };
}
