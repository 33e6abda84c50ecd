/**
 * PipelineRun templates, one per target, written to `dist/ENV/pipelineruns/`: outside every ArgoCD
 * Application's path (ArgoCD cannot sync `generateName`), for `oc create -f`.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ManifestObject } from '../manifest-object';
import { TargetBuilds, targetBuilds } from './props';

export class PipelineRunsChart extends Chart {
  /** @param builds every target's PipelineRun template, built once for this folder and the Triggers. @default built here */
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, builds: TargetBuilds = targetBuilds(env)) {
    super(scope, id);
    for (const run of builds.pipelineRuns) new ManifestObject(this, run.target, run.manifest);
  }
}
