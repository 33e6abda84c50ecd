/**
 * The results tree's layout, the same on the results volume and in the bucket (under its root):
 *
 *   <run>/                     a run: its id starts with the UTC start time (prepare.sh), YYYYMMDD-HHMMSS
 *     comparison.json, .md     the run's comparison (the processors)
 *     <target>/                one target of the run
 *       run.json, summary.json, summary.md, index-entry.json     its answer (kept while the run is kept)
 *       <benchmark>/…          raw reports: GuideLLM's JSON and HTML, request records, logs
 *   index.json                 the results index (runtime/processor/run-index.ts)
 *
 * and the rules of its retention, which the dispatcher (volume mode, whole runs) and the processor (object-store
 * mode, whole runs; both modes, raw reports) apply.
 */

/** A run folder's name. */
export const RUN_FOLDER = /^\d{8}-\d{6}/;

/** Whether `relative` (a path under the results root, `/`-separated) is a raw report: below a target's folder's folders. */
export function isRawReport(relative: string): boolean {
  const parts = relative.split('/').filter((p) => p !== '');
  return parts.length >= 4 && RUN_FOLDER.test(parts[0]);
}

/** How long results are kept: at least the newest `keepRuns` runs; older runs until they are `maxAgeDays` old. */
export interface RetentionRule {
  readonly keepRuns: number;
  readonly maxAgeDays: number;
}

/**
 * The runs `rule` lets go, among `runs` (any order) older than `current` (it and newer runs may be in progress and
 * are never let go): those beyond the newest `keepRuns` that started before `maxAgeDays` days before `now` (by the
 * date in their name, UTC days as the dispatcher counts them).
 */
export function expiredRuns(runs: readonly string[], current: string, rule: RetentionRule, now: Date): string[] {
  const cutoff = new Date(now.getTime() - rule.maxAgeDays * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return runs
    .filter((r) => RUN_FOLDER.test(r))
    .sort()
    .reverse()
    .filter((run, i) => i >= rule.keepRuns && run < current && run.slice(0, 8) < cutoff);
}
