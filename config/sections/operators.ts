/** Configuration of the `operators` app: OLM Subscriptions of the Grafana Operator and OpenShift Pipelines. */
import { z } from 'zod';

export const operatorsSchema = z.strictObject({});
