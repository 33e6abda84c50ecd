/** Configuration of optional Tekton Triggers of the `pipelines` app. */
import { z } from 'zod';
import { dnsName } from './sign-in';

const NAMESPACE = dnsName('namespace');

export const pipelinesSchema = z.strictObject({
  /**
   * Tekton Triggers (OpenShift Pipelines ships them): an EventListener that starts the `guidellm-benchmark`
   * Pipeline for the one target a webhook names (`{"target": "<name>"}`), with that target's PipelineRun template.
   * It runs in a namespace of its own, where nothing else can create pods. Off by default.
   */
  triggers: z.strictObject({
    enabled: z.boolean(),
    /**
     * The EventListener's namespace, created by the stack for it alone. Not the stack, serving, ArgoCD or an operator
     * namespace. @default `<namespace>-triggers`
     */
    namespace: NAMESPACE.optional(),
    /**
     * Namespaces whose pods may call the webhook (its NetworkPolicy), besides the stack namespace: give a team the
     * webhook instead of `create pipelineruns`, which lets it run pods as any ServiceAccount of the stack namespace.
     */
    callers: z.array(NAMESPACE),
  }),
});
