/**
 * The `guidellm-benchmark` Pipeline (tekton.dev/v1): benchmark → process/publish for one target. Both phases
 * run in the one `guidellm-benchmark` Task (its last steps are finalize, the results processor and the verdict):
 * they share the pod's state volume and the results volume, which a ReadWriteOnce claim could not give two
 * TaskRuns on different nodes. The Pipeline takes the Task's parameters with the same defaults (a small
 * interactive run against one endpoint: chat 64/64, concurrency 1,5,10, 120 s per level) and exposes its results.
 */
import { Construct } from 'constructs';
import { PipelineV1 } from '../../imports/pipeline-tekton.dev';
import { stackLabels } from '../labels';
import { BenchmarkTask } from './benchmark-task';

/** Name of the Pipeline; stable API (PipelineRuns refer to it). */
export const BENCHMARK_PIPELINE_NAME = 'guidellm-benchmark';

export interface BenchmarkPipelineProps {
  /** The Task the Pipeline runs: its name, parameters, namespace and results workspace. */
  readonly task: BenchmarkTask;
}

export class BenchmarkPipeline extends Construct {
  readonly pipeline: PipelineV1;

  constructor(scope: Construct, id: string, props: BenchmarkPipelineProps) {
    super(scope, id);
    const { task } = props;
    const specs = task.params;
    this.pipeline = new PipelineV1(this, 'Pipeline', {
      metadata: { name: BENCHMARK_PIPELINE_NAME, namespace: task.namespace, labels: stackLabels('pipelines', task.environment) },
      spec: {
        displayName: 'GuideLLM benchmark',
        description:
          'Benchmarks one target with GuideLLM (the benchmark Jobs\' command line), then processes and publishes the results ' +
          '(summaries, SLA verdicts, Pushgateway / Model Registry as the environment configures).',
        params: specs.map((s) => ({ name: s.name, type: 'string', description: s.description, ...(s.default === undefined ? {} : { default: s.default }) })),
        workspaces: [
          { name: 'results', description: task.uploadsToObjectStore ? 'Scratch results volume (uploaded to the bucket by the Task).' : 'Results volume (the results PVC).' },
          { name: 'tokenizer', description: 'Tokenizer files (disconnected clusters).', optional: true },
        ],
        tasks: [
          {
            name: 'benchmark',
            taskRef: { kind: 'Task', name: task.name },
            params: specs.map((s) => ({ name: s.name, value: `$(params.${s.name})` })),
            workspaces: [
              { name: 'results', workspace: 'results' },
              { name: 'tokenizer', workspace: 'tokenizer' },
            ],
          },
        ],
        results: [
          { name: 'run-id', type: 'string', description: 'Run folder under the results volume.', value: '$(tasks.benchmark.results.run-id)' },
          { name: 'results-dir', type: 'string', description: "The target's results folder.", value: '$(tasks.benchmark.results.results-dir)' },
        ],
      },
    });
  }
}
