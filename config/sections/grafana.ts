/** Configuration of the Grafana instance, its sign-in and its Thanos Querier datasource (`monitoring` app). */
import { z } from 'zod';

export const grafanaSchema = z.strictObject({});
