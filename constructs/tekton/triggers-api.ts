/**
 * Hand-written typed builders for the three Tekton Triggers kinds the `pipelines` app uses (triggers.tekton.dev/v1beta1):
 * EventListener, TriggerBinding, TriggerTemplate. ../shared has no Triggers CRDs or schemas, so there is nothing to
 * `cdk8s import`; these interfaces hold only the fields this project sets, spelled as the upstream Go types' JSON
 * tags in tektoncd/triggers at commit 088902973c89e356b40bc0745618df0e9b2d8198 (v0.37.0-13):
 *
 * - pkg/apis/triggers/v1beta1/event_listener_types.go: EventListenerSpec (serviceAccountName, triggers,
 *   resources.kubernetesResource{serviceType, servicePort, spec: duckv1.WithPodSpec}), EventListenerTrigger (name,
 *   interceptors, bindings, template)
 * - pkg/apis/triggers/v1beta1/trigger_types.go: TriggerSpecBinding (ref, kind), TriggerSpecTemplate (ref),
 *   TriggerInterceptor (ref{name, kind}, params[{name, value}])
 * - pkg/apis/triggers/v1beta1/trigger_binding_types.go + param.go: TriggerBindingSpec.params[{name, value}]
 * - pkg/apis/triggers/v1beta1/trigger_template_types.go + param.go: TriggerTemplateSpec (params[{name,
 *   description, default}], resourcetemplates: raw objects)
 *
 * Upstream rules the builders enforce (event_listener_validation.go): an EventListener name of at most 60
 * characters; at most one container in the sink pod override, without a name.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** Tekton Triggers' API group (RBAC rules name it). */
export const TRIGGERS_GROUP = 'triggers.tekton.dev';
export const TRIGGERS_API_VERSION = `${TRIGGERS_GROUP}/v1beta1`;

interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** param.go `Param`: a TriggerBinding parameter; the value may use `$(body.*)`, `$(header.*)`, `$(extensions.*)`. */
export interface TriggerParam {
  readonly name: string;
  readonly value: string;
}

/** param.go `ParamSpec`: a TriggerTemplate parameter, used in the resource templates as `$(tt.params.NAME)`. */
export interface TriggerParamSpec {
  readonly name: string;
  readonly description?: string;
  readonly default?: string;
}

/** trigger_types.go `TriggerInterceptor` referring to a (Cluster)Interceptor, e.g. the built-in `cel`. */
export interface TriggerInterceptor {
  readonly name?: string;
  readonly ref: { readonly name: string; readonly kind?: 'ClusterInterceptor' | 'NamespacedInterceptor' };
  readonly params?: { readonly name: string; readonly value: unknown }[];
}

/** event_listener_types.go `EventListenerTrigger`, with bindings and template by reference. */
export interface EventListenerTrigger {
  readonly name: string;
  readonly interceptors?: TriggerInterceptor[];
  readonly bindings: { readonly ref: string; readonly kind?: 'TriggerBinding' | 'ClusterTriggerBinding' }[];
  readonly template: { readonly ref: string };
}

/** The sink container override: only these fields are allowed upstream (containerFieldMaskForKubernetes). */
export interface EventListenerSinkContainer {
  readonly resources?: Record<string, unknown>;
  readonly securityContext?: Record<string, unknown>;
}

/** event_listener_types.go `KubernetesResource`. */
export interface EventListenerKubernetesResource {
  readonly serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  readonly servicePort?: number;
  readonly spec?: {
    readonly template: {
      readonly spec: {
        readonly securityContext?: Record<string, unknown>;
        readonly containers?: EventListenerSinkContainer[];
      };
    };
  };
}

/** trigger_types.go `TriggerSpec`: one Trigger object (`name` is the trigger's name in the sink's logs and Events). */
export interface TriggerSpec {
  readonly name?: string;
  readonly interceptors?: TriggerInterceptor[];
  readonly bindings: EventListenerTrigger['bindings'];
  readonly template: EventListenerTrigger['template'];
}

export interface EventListenerSpec {
  readonly serviceAccountName: string;
  /** Inline triggers; with `labelSelector`, the Trigger objects of its namespace that match are added (sink.go selectTriggers). */
  readonly triggers?: EventListenerTrigger[];
  readonly labelSelector?: { readonly matchLabels: Record<string, string> };
  readonly resources?: { readonly kubernetesResource: EventListenerKubernetesResource };
}

export interface TriggerBindingSpec {
  readonly params: TriggerParam[];
}

export interface TriggerTemplateSpec {
  readonly params?: TriggerParamSpec[];
  /** Whole objects (`runtime.RawExtension`), created once per event after `$(tt.params.*)` substitution. */
  readonly resourcetemplates: Record<string, unknown>[];
}

/** EventListener names become the sink's Deployment and Service names (`el-NAME`). */
const MAX_EVENT_LISTENER_NAME = 60;

export class EventListener extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: ObjectMeta; readonly spec: EventListenerSpec }) {
    const name = props.metadata.name;
    if (name.length > MAX_EVENT_LISTENER_NAME) throw new Error(`EventListener name ${name} is longer than ${MAX_EVENT_LISTENER_NAME} characters`);
    const containers = props.spec.resources?.kubernetesResource.spec?.template.spec.containers ?? [];
    if (containers.length > 1) throw new Error(`EventListener ${name}: the sink pod override takes at most one container`);
    super(scope, id, { apiVersion: TRIGGERS_API_VERSION, kind: 'EventListener', metadata: props.metadata, spec: props.spec });
  }
}

export class Trigger extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: ObjectMeta; readonly spec: TriggerSpec }) {
    super(scope, id, { apiVersion: TRIGGERS_API_VERSION, kind: 'Trigger', metadata: props.metadata, spec: props.spec });
  }
}

export class TriggerBinding extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: ObjectMeta; readonly spec: TriggerBindingSpec }) {
    super(scope, id, { apiVersion: TRIGGERS_API_VERSION, kind: 'TriggerBinding', metadata: props.metadata, spec: props.spec });
  }
}

export class TriggerTemplate extends ApiObject {
  constructor(scope: Construct, id: string, props: { readonly metadata: ObjectMeta; readonly spec: TriggerTemplateSpec }) {
    super(scope, id, { apiVersion: TRIGGERS_API_VERSION, kind: 'TriggerTemplate', metadata: props.metadata, spec: props.spec });
  }
}
