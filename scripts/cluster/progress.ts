/**
 * The state of a run read from its Jobs, and its progress display: Jobs done of total, elapsed time, one line
 * per target. Pure: `run.ts` feeds it the Jobs a watch reports.
 */

/** Where a Job is, from its conditions (Kubernetes 1.31+: `Complete`/`Failed` are final). */
export type JobState = 'waiting' | 'running' | 'complete' | 'failed';

/** A Job's state, and the reason and message of its failure. */
export function jobState(job: any | undefined): { state: JobState; reason?: string } {
  if (!job) return { state: 'waiting' };
  const conditions: any[] = job.status?.conditions ?? [];
  const isTrue = (type: string) => conditions.find((c) => c.type === type && c.status === 'True');
  if (isTrue('Complete')) return { state: 'complete' };
  const failed = isTrue('Failed');
  if (failed) return { state: 'failed', reason: [failed.reason, failed.message].filter(Boolean).join(': ') };
  return { state: job.status?.startTime || job.status?.active ? 'running' : 'waiting' };
}

/** `20261124-020000` from `2026-11-24T02:00:00Z`, as the dispatcher names a run after its own Job's creation. */
export function runIdFromTime(creationTimestamp: string): string {
  return creationTimestamp.replace(/[-:]/g, '').replace('T', '-').replace(/Z$/, '');
}

/** One line of the display. */
export interface TargetProgress {
  target: string;
  job?: any;
}

export interface ProgressView {
  /** First line's subject, e.g. `run 20261124-020000 in llm-bench-demo`. */
  title: string;
  elapsedSeconds: number;
  targets: TargetProgress[];
  /** The dispatcher's Job, for a whole run (its failure is shown when it ends before the targets). */
  dispatcher?: any;
}

/** `1:05` or `1:02:03`. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** True when every target's Job has ended (complete or failed) and so has the dispatcher, when there is one. */
export function isFinished(view: Pick<ProgressView, 'targets' | 'dispatcher'>): boolean {
  const ended = (job: any) => ['complete', 'failed'].includes(jobState(job).state);
  if (view.dispatcher) return ended(view.dispatcher);
  return view.targets.every((t) => ended(t.job));
}

/** The display's lines: a summary, then one line per target (and the dispatcher's state when it failed). */
export function renderProgress(view: ProgressView): string[] {
  const states = view.targets.map((t) => ({ ...t, ...jobState(t.job) }));
  const done = states.filter((s) => s.state === 'complete' || s.state === 'failed').length;
  const width = Math.max(...view.targets.map((t) => t.target.length), 6);
  const lines = [`${view.title}: ${done}/${view.targets.length} Jobs done, ${formatElapsed(view.elapsedSeconds)} elapsed`];
  for (const s of states) {
    const job = s.job?.metadata?.name ? `  ${s.job.metadata.name}` : '';
    const reason = s.reason ? `  (${s.reason})` : '';
    lines.push(`  ${s.target.padEnd(width)}  ${s.state.padEnd(8)}${job}${reason}`);
  }
  if (view.dispatcher) {
    const d = jobState(view.dispatcher);
    if (d.state === 'failed') lines.push(`  dispatcher ${view.dispatcher.metadata.name} failed${d.reason ? `: ${d.reason}` : ''}`);
  }
  return lines;
}
