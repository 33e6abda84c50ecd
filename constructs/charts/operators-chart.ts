/**
 * The `operators` app (child Application wave 0, before the apps whose custom resources need the CRDs these
 * operators bring): the stack's namespace, when `operators.grafana.install` the Grafana Operator v5 in its own
 * namespace (`operators.grafana.namespace`) with an AllNamespaces OperatorGroup, and, when `operators.openshiftPipelines.install`, OpenShift Pipelines in `openshift-operators`
 * under OpenShift's global OperatorGroup.
 */
import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { OPERATOR_PACKAGES } from '../../config/sections/operators';
import { GLOBAL_OPERATORS_NAMESPACE } from '../argocd/namespaces';
import { RESOURCE_SYNC_WAVES, syncWave } from '../../domain/apps';
import { PART_OF, stackLabels } from '../labels';
import { OperatorSubscription } from '../operators/operator-subscription';
import { stackNamespaces } from './props';

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

    // The EventListener's own namespace (pipelines.triggers), labelled like the stack namespace (as in bootstrap/).
    const triggers = stackNamespaces(env).triggers;
    if (triggers) {
      new k8s.KubeNamespace(this, 'TriggersNamespace', {
        metadata: { name: triggers, labels: stackLabels('namespace', env.name), annotations: syncWave(RESOURCE_SYNC_WAVES.namespaces) },
      });
    }

    const labels = stackLabels('operators', env.name);
    const { grafana, openshiftPipelines } = env.config.operators;
    // Where the cluster has the Grafana Operator already, nothing of it here: ArgoCD would prune someone else's.
    if (grafana.install) {
      const { install: _install, namespace, ...subscription } = grafana;
      void _install;
      // The operator namespace may serve several environments: no environment label (as in bootstrap/).
      new k8s.KubeNamespace(this, 'GrafanaOperatorNamespace', {
        metadata: {
          name: namespace,
          labels: { 'app.kubernetes.io/part-of': PART_OF, 'app.kubernetes.io/managed-by': 'cdk8s' },
          annotations: syncWave(RESOURCE_SYNC_WAVES.namespaces),
        },
      });
      new OperatorSubscription(this, 'GrafanaOperator', {
        namespace,
        packageName: OPERATOR_PACKAGES.grafana,
        ...subscription,
        ownOperatorGroup: true,
        labels,
      });
    }
    if (openshiftPipelines.install) {
      const { install: _install, ...subscription } = openshiftPipelines;
      void _install;
      new OperatorSubscription(this, 'OpenShiftPipelines', {
        namespace: GLOBAL_OPERATORS_NAMESPACE,
        packageName: OPERATOR_PACKAGES.openshiftPipelines,
        ...subscription,
        ownOperatorGroup: false,
        labels,
      });
    }
  }
}
