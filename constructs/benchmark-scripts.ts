/**
 * The ConfigMap holding the scripts a benchmark Job's steps run (runtime/benchmark-job/). Jobs mount it
 * read-only; the scripts are plain files in the repository, tested where they are.
 */
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stackLabels } from './labels';

/** Name of the ConfigMap; stable API, the Jobs refer to it. */
export const BENCHMARK_SCRIPTS_CONFIGMAP = 'benchmark-job-scripts';

/** Where the scripts live in the repository. */
export const BENCHMARK_SCRIPTS_DIR = path.join(__dirname, '..', 'runtime', 'benchmark-job');

/** The scripts, by file name (sorted, for stable output). */
export const BENCHMARK_SCRIPTS = ['benchmark.sh', 'finalize.py', 'html-report.sh', 'prepare.sh'] as const;

export interface BenchmarkScriptsProps {
  readonly environment: string;
  readonly namespace: string;
}

export class BenchmarkScripts extends Construct {
  constructor(scope: Construct, id: string, props: BenchmarkScriptsProps) {
    super(scope, id);
    const data: Record<string, string> = {};
    for (const file of BENCHMARK_SCRIPTS) data[file] = fs.readFileSync(path.join(BENCHMARK_SCRIPTS_DIR, file), 'utf8');
    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: BENCHMARK_SCRIPTS_CONFIGMAP, namespace: props.namespace, labels: stackLabels('benchmark', props.environment) },
      data,
    });
  }
}
