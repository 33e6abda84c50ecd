/** Dashboard uids: stable API (links, the Grafana Operator and the console key on them). */

/** Grafana's limit on dashboard and folder uids. */
export const GRAFANA_UID_MAX = 40;

/** The stack's dashboards, by short name. */
export const DASHBOARD_KINDS = ['vllm', 'gpu', 'roi'] as const;
export type DashboardKind = (typeof DASHBOARD_KINDS)[number];

/** `llmbench-<environment>-<kind>`; throws when it exceeds Grafana's 40 characters. */
export function dashboardUid(environment: string, kind: DashboardKind): string {
  const uid = `llmbench-${environment}-${kind}`;
  if (uid.length > GRAFANA_UID_MAX) {
    throw new Error(
      `environment ${environment}: dashboard uid "${uid}" is ${uid.length} characters; Grafana allows at most ${GRAFANA_UID_MAX}: ` +
        `use an environment name of at most ${GRAFANA_UID_MAX - 'llmbench--'.length - Math.max(...DASHBOARD_KINDS.map((k) => k.length))} characters`,
    );
  }
  return uid;
}
