/**
 * How long benchmarks take, from their load plans: the Job's `activeDeadlineSeconds` and the wall time that
 * `npm run synth` prints per environment.
 */
import { LoadPlan } from '../config/schema';
import { ResolvedTarget } from '../config/resolve';

/** Seconds each load level may run past `maxSeconds`: ramp-up, draining in-flight requests, writing reports. */
export const LEVEL_OVERHEAD_SECONDS = 30;

/** Seconds for the HTML report of one benchmark (it downloads a template and may time out). */
export const HTML_REPORT_SECONDS = 120;

/** Load levels GuideLLM runs for a plan: one per rate, or the sweep's step count. */
export function loadLevels(plan: LoadPlan): number {
  switch (plan.profile) {
    case 'synchronous':
    case 'throughput':
      return 1;
    case 'sweep':
      return plan.rates![0];
    default:
      return plan.rates!.length;
  }
}

/** Expected seconds of one target's benchmarks, run one after another, without start-up. */
export function targetBenchmarkSeconds(target: ResolvedTarget): number {
  return target.benchmarks.reduce((sum, b) => sum + loadLevels(b.plan) * (b.plan.maxSeconds! + LEVEL_OVERHEAD_SECONDS), 0);
}

/** The Job's deadline: all benchmarks, their HTML reports, and the start-up allowance. */
export function jobDeadlineSeconds(target: ResolvedTarget, startupAllowanceSeconds: number, htmlReport: boolean): number {
  const html = htmlReport ? target.benchmarks.length * HTML_REPORT_SECONDS : 0;
  return targetBenchmarkSeconds(target) + html + startupAllowanceSeconds;
}
