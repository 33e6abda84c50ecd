/** Configuration of optional Tekton Triggers of the `pipelines` app. */
import { z } from 'zod';

export const pipelinesSchema = z.strictObject({});
