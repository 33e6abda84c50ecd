/**
 * PipelineRun templates, one per target, written to `dist/ENV/pipelineruns/`: outside every ArgoCD
 * Application's path (ArgoCD cannot sync `generateName`), for `oc create -f`.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { PipelineRunTemplate } from '../tekton/pipelinerun-template';
import { benchmarkJobProps } from './props';

export class PipelineRunsChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    for (const target of env.targets) new PipelineRunTemplate(this, target.name, benchmarkJobProps(env, target));
  }
}
