/**
 * The statuses the Job controller (Kubernetes 1.31+) writes: started, succeeded, failed. Each function returns
 * a new `status` for a Job; `JobStore.setStatus` stores it and emits the MODIFIED event. There are no pods
 * here, so counts are what a Job with the spec's completions and backoff limit would end with.
 */
import { kubeTime } from './object-store';

/** Messages the controller writes with each failure reason. */
export const FAILURE_MESSAGES: Record<string, string> = {
  BackoffLimitExceeded: 'Job has reached the specified backoff limit',
  DeadlineExceeded: 'Job was active longer than specified deadline',
  MaxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
  FailedIndexes: 'Job has failed indexes',
};

/** One `JobCondition` that became true now. */
function condition(type: string, reason: string, message: string, now: string) {
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
}

/** Counters of a Job with no pod left running. */
function settledCounts() {
  return { active: 0, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
}

/** A started Job: one pod pending or running. */
export function startedStatus(job: any, now: string = kubeTime()): any {
  return { ...job.status, startTime: job.status?.startTime ?? now, active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
}

/**
 * A succeeded Job: `SuccessCriteriaMet` then `Complete`, both with reason CompletionsReached, `succeeded` set
 * to the spec's completions, and a completionTime (which only successful Jobs get).
 */
export function completedStatus(job: any, now: string = kubeTime()): any {
  const reason = 'CompletionsReached';
  const message = 'Reached expected number of succeeded pods';
  return {
    ...job.status,
    ...settledCounts(),
    startTime: job.status?.startTime ?? now,
    completionTime: now,
    succeeded: job.spec?.completions ?? 1,
    conditions: [
      ...(job.status?.conditions ?? []),
      condition('SuccessCriteriaMet', reason, message, now),
      condition('Complete', reason, message, now),
    ],
  };
}

/**
 * A failed Job: `FailureTarget` then `Failed` with the same reason and message. After BackoffLimitExceeded
 * `failed` is backoffLimit + 1 (every try failed); otherwise at least one pod counts as failed.
 */
export function failedStatus(job: any, reason: string, message?: string, now: string = kubeTime()): any {
  const text = message ?? FAILURE_MESSAGES[reason] ?? `Job failed: ${reason}`;
  const failed = reason === 'BackoffLimitExceeded' ? (job.spec?.backoffLimit ?? 6) + 1 : Math.max(job.status?.failed ?? 0, 1);
  return {
    ...job.status,
    ...settledCounts(),
    startTime: job.status?.startTime ?? now,
    failed,
    conditions: [
      ...(job.status?.conditions ?? []),
      condition('FailureTarget', reason, text, now),
      condition('Failed', reason, text, now),
    ],
  };
}
