/** Configuration of optional Tekton Triggers of the `pipelines` app. */
import { z } from 'zod';

export const pipelinesSchema = z.strictObject({
  /**
   * Tekton Triggers (OpenShift Pipelines ships them): an EventListener in the stack namespace that starts the
   * `guidellm-benchmark` Pipeline for the one target a webhook names (`{"target": "<name>"}`), with that target's
   * PipelineRun template. Off by default.
   */
  triggers: z.strictObject({
    enabled: z.boolean(),
  }),
});
