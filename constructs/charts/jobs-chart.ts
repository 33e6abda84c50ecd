/**
 * On-demand benchmark Jobs, one per target, written to `dist/ENV/jobs/`: outside every ArgoCD Application's
 * path (ArgoCD would run them at each sync), for `oc create -f`.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { BenchmarkJob } from '../benchmark-job';
import { benchmarkJobProps } from './props';

export class JobsChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    for (const target of env.targets) {
      new BenchmarkJob(this, target.name, benchmarkJobProps(env, target));
    }
  }
}
