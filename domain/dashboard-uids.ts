/** Dashboard uids: stable API (links, the Grafana Operator and the console key on them). */

/** Grafana's limit on dashboard and folder uids. */
export const GRAFANA_UID_MAX = 40;

/** The stack's dashboards, by short name: every environment has them, in Grafana and in the console. */
export const DASHBOARD_KINDS = ['vllm', 'gpu', 'roi'] as const;
export type StackDashboardKind = (typeof DASHBOARD_KINDS)[number];
/** A stack dashboard, or the comparison across the clusters of a fleet (Grafana only, with a fleet-wide datasource). */
export type DashboardKind = StackDashboardKind | 'fleet';

const uidOf = (environment: string, kind: string) => `llmbench-${environment}-${kind}`;

/**
 * Why the environment's dashboard uids cannot be built, or undefined (config/resolve.ts reports it before synth).
 * `fleet`: the environment also has the dashboard across clusters.
 */
export function dashboardUidProblem(environment: string, fleet = false): string | undefined {
  const kinds: readonly string[] = fleet ? [...DASHBOARD_KINDS, 'fleet'] : DASHBOARD_KINDS;
  const longest = [...kinds].sort((a, b) => b.length - a.length)[0];
  const uid = uidOf(environment, longest);
  if (uid.length <= GRAFANA_UID_MAX) return undefined;
  return `Grafana dashboard uid "${uid}" is ${uid.length} characters; Grafana allows at most ${GRAFANA_UID_MAX}: use an environment name of at most ${GRAFANA_UID_MAX - uidOf('', longest).length} characters`;
}

/** `llmbench-<environment>-<kind>`; throws when the environment name makes it too long. */
export function dashboardUid(environment: string, kind: DashboardKind): string {
  const problem = dashboardUidProblem(environment, kind === 'fleet');
  if (problem) throw new Error(`environment ${environment}: ${problem}`);
  return uidOf(environment, kind);
}
