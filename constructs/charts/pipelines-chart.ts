/**
 * The `pipelines` app: the `guidellm-benchmark` Task and Pipeline and the render-command ConfigMap, for
 * self-service benchmark runs (PipelineRun templates: ./pipelineruns-chart.ts). The Task mounts the
 * `benchmark-job-scripts` and `results-processor` ConfigMaps of the `benchmarks` app, in the same namespace.
 * With `pipelines.triggers.enabled`, also the Tekton Triggers of ../tekton/benchmark-triggers.ts.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { skipDryRunOnMissingResource } from '../../domain/apps';
import { BenchmarkPipeline } from '../tekton/benchmark-pipeline';
import { BenchmarkTriggers } from '../tekton/benchmark-triggers';
import { BenchmarkTask } from '../tekton/benchmark-task';
import { RenderCommandCode } from '../tekton/render-command';
import { benchmarkRunnerProps, eventListenerNamespace, TargetBuilds, targetBuilds } from './props';

export class PipelinesChart extends Chart {
  /** @param builds every target's PipelineRun template, built once for the Triggers and pipelineruns/. @default built here */
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, builds?: TargetBuilds) {
    super(scope, id);
    const renderCommand = new RenderCommandCode(this, 'render-command', { environment: env.name, namespace: env.config.namespace });
    const task = new BenchmarkTask(this, 'task', { ...benchmarkRunnerProps(env), renderCommand });
    const pipeline = new BenchmarkPipeline(this, 'pipeline', { task }).pipeline;
    // The Tekton CRDs arrive with the OpenShift Pipelines operator in the same first sync.
    for (const object of [task.task, pipeline]) {
      for (const [key, value] of Object.entries(skipDryRunOnMissingResource())) object.metadata.addAnnotation(key, value);
    }
    if (env.config.pipelines.triggers.enabled) {
      new BenchmarkTriggers(this, 'triggers', {
        environment: env.name,
        namespaces: { triggers: eventListenerNamespace(env), stack: env.config.namespace },
        pipelineRuns: (builds ?? targetBuilds(env)).pipelineRuns,
        callers: env.config.pipelines.triggers.callers,
      });
    }
  }
}
