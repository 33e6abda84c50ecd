/**
 * On-demand benchmark Jobs, one per target, written to `dist/ENV/jobs/`: outside every ArgoCD Application's
 * path (ArgoCD would run them at each sync), for `oc create -f`.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ManifestObject } from '../manifest-object';
import { TargetBuilds, targetBuilds } from './props';

export class JobsChart extends Chart {
  /** @param builds every target's Job, built once for this folder and the dispatcher's. @default built here */
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, builds: TargetBuilds = targetBuilds(env)) {
    super(scope, id);
    for (const job of builds.jobs) new ManifestObject(this, job.props.target.name, job.manifest, job.yaml);
  }
}
