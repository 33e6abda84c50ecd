/**
 * Tekton Triggers for the `guidellm-benchmark` Pipeline (`pipelines.triggers.enabled`): a webhook that starts the
 * Pipeline for one target, e.g. when the Model Registry has a new model version or the serving runtime changed.
 *
 *   POST http://el-guidellm-benchmark.TRIGGERS_NAMESPACE.svc:8080   {"target": "<target name>"}
 *
 * Everything runs in the EventListener's own namespace (`pipelines.triggers.namespace`, default
 * `<namespace>-triggers`), where nothing else can create pods: whoever may create pods, Jobs or PipelineRuns in a
 * namespace can run as any ServiceAccount there, so the ServiceAccount that starts PipelineRuns lives where only
 * Triggers' controller starts pods, and the controller grant allows only Triggers objects and NetworkPolicies there.
 *
 * - EventListener `guidellm-benchmark`, selecting one `Trigger` object per target by label (so no object lists every
 *   target: the EventListener stays one size at any number of targets). Each trigger's CEL interceptor (the built-in
 *   `cel` ClusterInterceptor) lets only a body whose `target` is that target's name through, so a body naming an
 *   unknown target (or none) starts nothing. The sink pod is restricted-v2 compatible with requests and limits.
 *   Its Service stays ClusterIP (no Route); a NetworkPolicy admits port 8080 only from the stack namespace and the
 *   declared callers (`pipelines.triggers.callers`).
 * - TriggerBinding `guidellm-benchmark-target`: `target` from `$(body.target)`.
 * - TriggerTemplate `guidellm-benchmark-TARGET` per target: creates that target's PipelineRun template
 *   (./pipelinerun-template.ts, the file in `dist/ENV/pipelineruns/`) in the stack namespace (the template's
 *   `metadata.namespace`: pkg/resources/create.go:82-85), whose `generateName` is spelled with the bound
 *   `$(tt.params.target)`: after substitution the PipelineRun is exactly the template.
 * - ServiceAccount `benchmark-trigger` and its rights, in bootstrap/ (applied by a cluster admin, never synced), with
 *   ClusterRoles of the stack's own instead of Triggers' documented `tekton-triggers-eventlistener-roles` (which
 *   adds `impersonate serviceaccounts`) and `-clusterroles` (which adds cluster-wide Secret read). What the sink
 *   uses, in tektoncd/triggers at commit 088902973c89e356b40bc0745618df0e9b2d8198:
 *   - informers (pkg/adapter/adapter.go:31-37), scoped to the EventListener's namespace
 *     (cmd/eventlistenersink/main.go:63): EventListeners, Triggers, TriggerBindings, TriggerTemplates, Interceptors
 *     there, and the cluster-scoped ClusterTriggerBindings and ClusterInterceptors;
 *   - Events for each request (pkg/sink/sink.go:105-150), in its namespace;
 *   - `create` of each resource template, with its own identity when the trigger names no ServiceAccount
 *     (pkg/sink/sink.go:593-611): PipelineRuns in the stack namespace;
 *   - no Secret: the `cel` interceptor runs in Triggers' core-interceptors Deployment, under its own ServiceAccount
 *     (cmd/interceptors/main.go:68).
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RESOURCE_SYNC_WAVES, skipDryRunOnMissingResource, syncWave } from '../../domain/apps';
import { BOOKKEEPING_RESOURCES } from '../benchmark-steps';
import { stackLabels, stackSelector } from '../labels';
import { checkName, gitopsAccessName, LABELS, onDemandJobPrefix, triggerTemplateName } from '../../domain/names';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { BENCHMARK_PIPELINE_NAME } from './benchmark-pipeline';
import { BuiltPipelineRun } from './pipelinerun-template';
import { EventListener, Trigger, TriggerBinding, TriggerTemplate, TRIGGERS_GROUP } from './triggers-api';
import type { ClusterBinding } from '../argocd/cluster-bindings';

/** Name of the EventListener; its Service is `el-` + this name (stable API: webhook senders call it). */
export const BENCHMARK_EVENT_LISTENER = BENCHMARK_PIPELINE_NAME;
/** The EventListener's Service port (the Triggers default, set explicitly). */
export const EVENT_LISTENER_PORT = 8080;
/** The EventListener's ServiceAccount. */
export const TRIGGER_SERVICE_ACCOUNT = 'benchmark-trigger';
/** The TriggerBinding that reads the target from the body. */
export const TARGET_TRIGGER_BINDING = 'guidellm-benchmark-target';
/**
 * The label Triggers' controller puts on the EventListener's pods, valued with its name
 * (pkg/reconciler/eventlistener/resources/meta.go:43-45, used for the Deployment's pods at deployment.go:75).
 */
export const EVENT_LISTENER_POD_LABEL = 'eventlistener';

/** The TriggerTemplate parameter that carries the target name. */
const TARGET_PARAM = 'target';
const READ = ['get', 'list', 'watch'];

/**
 * What the ArgoCD controller writes in the EventListener's namespace (the pipelines app's Triggers objects):
 * nothing that runs a pod but the EventListener, whose pod Triggers' controller runs as its ServiceAccount.
 */
export const TRIGGERS_NAMESPACE_CONTROLLER_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: [TRIGGERS_GROUP], resources: ['eventlisteners', 'triggers', 'triggerbindings', 'triggertemplates'], verbs: [...READ, 'create', 'update', 'patch', 'delete'] },
];

/** Where the EventListener runs and where its PipelineRuns go. */
export interface TriggersNamespaces {
  /** The EventListener's own namespace. */
  readonly triggers: string;
  /** The stack namespace: the Pipeline, its Task and the PipelineRuns. */
  readonly stack: string;
}

/**
 * The EventListener's rights, rendered in bootstrap/ by a cluster admin (../argocd/cluster-bindings.ts): exactly
 * what the sink uses (see the header), each in a ClusterRole of the stack's own.
 */
export function triggersClusterBindings(environment: string, ns: TriggersNamespaces): ClusterBinding[] {
  const serviceAccount = { name: TRIGGER_SERVICE_ACCOUNT, namespace: ns.triggers };
  const name = (what: string) => {
    const full = gitopsAccessName(environment, what);
    const problem = checkName({ kind: 'default', name: full, what: 'Triggers RBAC name' });
    if (problem) throw new Error(`environment ${environment}: ${problem}`);
    return full;
  };
  return [
    {
      name: name('trigger-watch'),
      clusterRole: name('trigger-watch'),
      serviceAccount,
      purpose: "the benchmark EventListener's sink watches ClusterTriggerBindings and ClusterInterceptors (the cel interceptor)",
      rules: [{ apiGroups: [TRIGGERS_GROUP], resources: ['clustertriggerbindings', 'clusterinterceptors'], verbs: READ }],
    },
    {
      name: name('trigger-read'),
      clusterRole: name('trigger-read'),
      namespace: ns.triggers,
      serviceAccount,
      purpose: "the benchmark EventListener's sink reads its Triggers objects and records an Event per request",
      rules: [
        { apiGroups: [TRIGGERS_GROUP], resources: ['eventlisteners', 'triggers', 'triggerbindings', 'triggertemplates', 'interceptors'], verbs: READ },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      ],
    },
    {
      name: name('trigger-start'),
      clusterRole: name('trigger-start'),
      namespace: ns.stack,
      serviceAccount,
      purpose: "the benchmark EventListener creates its targets' PipelineRuns in the stack namespace",
      rules: [{ apiGroups: ['tekton.dev'], resources: ['pipelineruns'], verbs: ['create'] }],
    },
  ];
}

/** The labels the EventListener selects its Trigger objects by: the environment's pipelines objects. */
export function triggerSelector(environment: string): Record<string, string> {
  return stackSelector('pipelines', environment);
}

/** The CEL filter of a target's trigger: only a body naming exactly this target passes. */
export function targetFilter(target: string): string {
  return `has(body.target) && body.target == '${target}'`;
}

export interface BenchmarkTriggersProps {
  /** The environment's name (labels). */
  readonly environment: string;
  /** The EventListener's namespace and the stack namespace its PipelineRuns go to. */
  readonly namespaces: TriggersNamespaces;
  /** One trigger per target: the PipelineRun template it creates (as `dist/ENV/pipelineruns/` holds it), built. */
  readonly pipelineRuns: readonly BuiltPipelineRun[];
  /**
   * Namespaces whose pods may call the webhook, besides the stack namespace.
   * @default []
   */
  readonly callers?: readonly string[];
}

export class BenchmarkTriggers extends Construct {
  constructor(scope: Construct, id: string, props: BenchmarkTriggersProps) {
    super(scope, id);
    const { environment, pipelineRuns } = props;
    const namespace = props.namespaces.triggers;
    const labels = stackLabels('pipelines', environment);
    const name = (value: string, what: string) => {
      const problem = checkName({ kind: 'default', name: value, what });
      if (problem) throw new Error(`environment ${environment}: ${problem}`);
      return value;
    };
    // The Triggers CRDs arrive with the OpenShift Pipelines operator in the same first sync.
    const annotations = skipDryRunOnMissingResource();

    new TriggerBinding(this, 'TriggerBinding', {
      metadata: { name: TARGET_TRIGGER_BINDING, namespace, labels, annotations },
      spec: { params: [{ name: TARGET_PARAM, value: '$(body.target)' }] },
    });

    for (const { target, manifest: run } of pipelineRuns) {
      if (run.metadata.namespace !== props.namespaces.stack) throw new Error(`target ${target}: its PipelineRun template is for namespace ${String(run.metadata.namespace)}, not the stack namespace ${props.namespaces.stack}`);
      new TriggerTemplate(this, `TriggerTemplate-${target}`, {
        metadata: { name: name(triggerTemplateName(target), 'TriggerTemplate name'), namespace, labels, annotations },
        spec: {
          params: [{ name: TARGET_PARAM, description: 'Target named by the webhook body (the CEL filter admits only this template\'s target).' }],
          resourcetemplates: [{ ...run, metadata: { ...run.metadata, generateName: onDemandJobPrefix(`$(tt.params.${TARGET_PARAM})`) } }],
        },
      });
      // one Trigger object per target (the EventListener selects them by label): no object lists every target
      new Trigger(this, `Trigger-${target}`, {
        metadata: { name: triggerTemplateName(target), namespace, labels: { ...labels, [LABELS.target]: target }, annotations },
        spec: {
          name: target,
          interceptors: [{ name: 'only this target', ref: { name: 'cel', kind: 'ClusterInterceptor' }, params: [{ name: 'filter', value: targetFilter(target) }] }],
          bindings: [{ ref: TARGET_TRIGGER_BINDING, kind: 'TriggerBinding' }],
          template: { ref: triggerTemplateName(target) },
        },
      });
    }

    new EventListener(this, 'EventListener', {
      metadata: { name: BENCHMARK_EVENT_LISTENER, namespace, labels, annotations },
      spec: {
        serviceAccountName: TRIGGER_SERVICE_ACCOUNT,
        // none inline (an explicit empty list: tekton-lint 1.1.0 fails on an EventListener without one)...
        triggers: [],
        // ...but the Trigger objects of its namespace with these labels (pkg/sink/sink.go:359-395, selectTriggers)
        labelSelector: { matchLabels: triggerSelector(environment) },
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

    // Port 8080 of every pod of this namespace (only the sink runs here), from the stack namespace and the callers.
    const callers = [...new Set([props.namespaces.stack, ...(props.callers ?? [])])];
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: BENCHMARK_EVENT_LISTENER, namespace, labels, annotations: syncWave(RESOURCE_SYNC_WAVES.access) },
      spec: {
        podSelector: { matchLabels: { [EVENT_LISTENER_POD_LABEL]: BENCHMARK_EVENT_LISTENER } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: callers }] } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(EVENT_LISTENER_PORT) }],
          },
        ],
      },
    });
  }
}

/** The EventListener's ServiceAccount, in bootstrap/ beside its bindings (`triggersClusterBindings`). */
export class EventListenerServiceAccount extends Construct {
  constructor(scope: Construct, id: string, props: { readonly environment: string; readonly namespace: string }) {
    super(scope, id);
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: TRIGGER_SERVICE_ACCOUNT, namespace: props.namespace, labels: stackLabels('cluster-access', props.environment) } });
  }
}
