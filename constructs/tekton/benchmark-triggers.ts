/**
 * Tekton Triggers for the `guidellm-benchmark` Pipeline (`pipelines.triggers.enabled`): a webhook that starts the
 * Pipeline for one target, e.g. when the Model Registry has a new model version or the serving runtime changed.
 *
 *   POST http://el-guidellm-benchmark.NAMESPACE.svc:8080   {"target": "<target name>"}
 *
 * - EventListener `guidellm-benchmark`: one trigger per target. Each trigger's CEL interceptor (the built-in
 *   `cel` ClusterInterceptor) lets only a body whose `target` is that target's name through, so a body naming an
 *   unknown target (or none) starts nothing. The sink pod is restricted-v2 compatible with requests and limits.
 *   Its Service stays ClusterIP (no Route): only workloads in the cluster can call it.
 * - TriggerBinding `guidellm-benchmark-target`: `target` from `$(body.target)`.
 * - TriggerTemplate `guidellm-benchmark-TARGET` per target: creates that target's PipelineRun template
 *   (./pipelinerun-template.ts, the file in `dist/ENV/pipelineruns/`), whose `generateName` is spelled with the
 *   bound `$(tt.params.target)`: after substitution the PipelineRun is exactly the template.
 * - ServiceAccount `benchmark-trigger` with the RBAC tektoncd/triggers documents for an EventListener
 *   (docs/eventlisteners.md "Specifying the Kubernetes service account", examples/rbac.yaml, at commit
 *   088902973c89e356b40bc0745618df0e9b2d8198): a RoleBinding of the ClusterRole
 *   `tekton-triggers-eventlistener-roles` in the stack namespace (read Triggers objects and ConfigMaps, create
 *   PipelineRuns and TaskRuns, impersonate ServiceAccounts, write Events) and a ClusterRoleBinding of
 *   `tekton-triggers-eventlistener-clusterroles` (read ClusterTriggerBindings, ClusterInterceptors and Secrets;
 *   the sink watches the cluster-scoped interceptors to reach `cel`), described by `triggersClusterBinding` and
 *   applied from bootstrap/ by a cluster admin, never synced. Both ClusterRoles ship with Triggers
 *   (config/200-clusterrole.yaml), so nothing here can widen them.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { skipDryRunOnMissingResource } from '../../domain/apps';
import { BOOKKEEPING_RESOURCES } from '../benchmark-steps';
import { stackLabels } from '../labels';
import { checkName, onDemandJobPrefix, triggerTemplateName } from '../../domain/names';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { BENCHMARK_PIPELINE_NAME } from './benchmark-pipeline';
import { pipelineRunManifest, PipelineRunTemplateProps } from './pipelinerun-template';
import { EventListener, TriggerBinding, TriggerTemplate } from './triggers-api';
import type { ClusterBinding } from '../argocd/cluster-bindings';

/** Name of the EventListener; its Service is `el-` + this name (stable API: webhook senders call it). */
export const BENCHMARK_EVENT_LISTENER = BENCHMARK_PIPELINE_NAME;
/** The EventListener's Service port (the Triggers default, set explicitly). */
export const EVENT_LISTENER_PORT = 8080;
/** The EventListener's ServiceAccount. */
export const TRIGGER_SERVICE_ACCOUNT = 'benchmark-trigger';
/** The TriggerBinding that reads the target from the body. */
export const TARGET_TRIGGER_BINDING = 'guidellm-benchmark-target';
/** The ClusterRoles Tekton Triggers installs for EventListeners (tektoncd/triggers config/200-clusterrole.yaml). */
export const TRIGGERS_EVENTLISTENER_ROLES = 'tekton-triggers-eventlistener-roles';
export const TRIGGERS_EVENTLISTENER_CLUSTERROLES = 'tekton-triggers-eventlistener-clusterroles';

/** The TriggerTemplate parameter that carries the target name. */
const TARGET_PARAM = 'target';

/** The EventListener's ClusterRoleBinding: cluster-scoped, so named after the environment. */
export function triggerClusterRoleBindingName(environment: string): string {
  return `llmbench-${environment}-benchmark-trigger`;
}

/**
 * The EventListener's cluster-wide binding (Tekton Triggers' `tekton-triggers-eventlistener-clusterroles`), rendered
 * in bootstrap/ by a cluster admin (./argocd/cluster-bindings.ts).
 */
export function triggersClusterBinding(environment: string, namespace: string): ClusterBinding {
  const problem = checkName({ kind: 'default', name: triggerClusterRoleBindingName(environment), what: 'Triggers ClusterRoleBinding name' });
  if (problem) throw new Error(`environment ${environment}: ${problem}`);
  return {
    name: triggerClusterRoleBindingName(environment),
    clusterRole: TRIGGERS_EVENTLISTENER_CLUSTERROLES,
    serviceAccount: { name: TRIGGER_SERVICE_ACCOUNT, namespace },
    purpose: "the benchmark EventListener's sink watches Tekton Triggers' cluster-scoped objects",
  };
}

/** The CEL filter of a target's trigger: only a body naming exactly this target passes. */
export function targetFilter(target: string): string {
  return `has(body.target) && body.target == '${target}'`;
}

export interface BenchmarkTriggersProps {
  /** The environment's name (labels, the ClusterRoleBinding's name). */
  readonly environment: string;
  /** The stack namespace. */
  readonly namespace: string;
  /** One trigger per target: the PipelineRun template it creates (as `dist/ENV/pipelineruns/` holds it). */
  readonly pipelineRuns: readonly PipelineRunTemplateProps[];
}

export class BenchmarkTriggers extends Construct {
  constructor(scope: Construct, id: string, props: BenchmarkTriggersProps) {
    super(scope, id);
    const { environment, namespace, pipelineRuns } = props;
    const labels = stackLabels('pipelines', environment);
    const name = (value: string, what: string) => {
      const problem = checkName({ kind: 'default', name: value, what });
      if (problem) throw new Error(`environment ${environment}: ${problem}`);
      return value;
    };
    // The Triggers CRDs arrive with the OpenShift Pipelines operator in the same first sync.
    const annotations = skipDryRunOnMissingResource();

    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: TRIGGER_SERVICE_ACCOUNT, namespace, labels } });
    const subjects = [{ kind: 'ServiceAccount', name: TRIGGER_SERVICE_ACCOUNT, namespace }];
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: TRIGGER_SERVICE_ACCOUNT, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: TRIGGERS_EVENTLISTENER_ROLES },
      subjects,
    });

    new TriggerBinding(this, 'TriggerBinding', {
      metadata: { name: TARGET_TRIGGER_BINDING, namespace, labels, annotations },
      spec: { params: [{ name: TARGET_PARAM, value: '$(body.target)' }] },
    });

    for (const job of pipelineRuns) {
      const { target } = job;
      const run = pipelineRunManifest(job) as { metadata: Record<string, unknown> };
      new TriggerTemplate(this, `TriggerTemplate-${target.name}`, {
        metadata: { name: name(triggerTemplateName(target.name), 'TriggerTemplate name'), namespace, labels, annotations },
        spec: {
          params: [{ name: TARGET_PARAM, description: 'Target named by the webhook body (the CEL filter admits only this template\'s target).' }],
          resourcetemplates: [{ ...run, metadata: { ...run.metadata, generateName: onDemandJobPrefix(`$(tt.params.${TARGET_PARAM})`) } }],
        },
      });
    }

    new EventListener(this, 'EventListener', {
      metadata: { name: BENCHMARK_EVENT_LISTENER, namespace, labels, annotations },
      spec: {
        serviceAccountName: TRIGGER_SERVICE_ACCOUNT,
        triggers: pipelineRuns.map(({ target }) => ({
          name: target.name,
          interceptors: [{ name: 'only this target', ref: { name: 'cel', kind: 'ClusterInterceptor' }, params: [{ name: 'filter', value: targetFilter(target.name) }] }],
          bindings: [{ ref: TARGET_TRIGGER_BINDING, kind: 'TriggerBinding' }],
          template: { ref: triggerTemplateName(target.name) },
        })),
        resources: {
          kubernetesResource: {
            serviceType: 'ClusterIP',
            servicePort: EVENT_LISTENER_PORT,
            spec: {
              template: {
                spec: {
                  securityContext: restrictedPodSecurityContext() as Record<string, unknown>,
                  containers: [{ resources: { requests: { ...BOOKKEEPING_RESOURCES.requests }, limits: { ...BOOKKEEPING_RESOURCES.limits } }, securityContext: restrictedContainerSecurityContext() as Record<string, unknown> }],
                },
              },
            },
          },
        },
      },
    });
  }
}
