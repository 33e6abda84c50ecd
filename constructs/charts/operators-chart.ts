/** The `operators` app: the stack's namespace (operator subscriptions join it with the observability issue). */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { RESOURCE_SYNC_WAVES, syncWave } from '../argocd/sync';
import { stackLabels } from '../labels';

export class OperatorsChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: env.config.namespace,
        labels: stackLabels('namespace', env.name),
        annotations: syncWave(RESOURCE_SYNC_WAVES.namespaces),
      },
    });
  }
}
