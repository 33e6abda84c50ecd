/** Configuration of the PrometheusRule (recording rules and SLA alerts) in the serving namespace, the vLLM ServiceMonitor and the benchmark-window marker. */
import { z } from 'zod';

export const alertsSchema = z.strictObject({});
