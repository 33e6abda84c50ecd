/** Configuration of the dashboards (GrafanaDashboard CRs and/or OpenShift console dashboards). */
import { z } from 'zod';

export const dashboardsSchema = z.strictObject({});
