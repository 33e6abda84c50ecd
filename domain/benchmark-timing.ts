/**
 * How long benchmarks take, from their load plans: the Job's `activeDeadlineSeconds` and the wall time that
 * `npm run synth` prints per environment.
 */
import { loadLevels, Profile } from './load-profiles';

/** The parts of a target that its benchmarks' duration depends on. */
export interface TimedTarget {
  readonly benchmarks: readonly { readonly plan: { readonly profile: Profile; readonly rates?: readonly number[]; readonly maxSeconds?: number } }[];
}

/** Seconds each load level may run past `maxSeconds`: ramp-up, draining in-flight requests, writing reports. */
export const LEVEL_OVERHEAD_SECONDS = 30;

/** Seconds for the HTML report of one benchmark (it downloads a template and may time out). */
export const HTML_REPORT_SECONDS = 120;

/** Expected seconds of one target's benchmarks, run one after another, without start-up. */
export function targetBenchmarkSeconds(target: TimedTarget): number {
  return target.benchmarks.reduce((sum, b) => sum + loadLevels(b.plan) * (b.plan.maxSeconds! + LEVEL_OVERHEAD_SECONDS), 0);
}

/** The Job's deadline: all benchmarks, their HTML reports, and the start-up allowance. */
export function jobDeadlineSeconds(target: TimedTarget, startupAllowanceSeconds: number, htmlReport: boolean): number {
  const html = htmlReport ? target.benchmarks.length * HTML_REPORT_SECONDS : 0;
  return targetBenchmarkSeconds(target) + html + startupAllowanceSeconds;
}

/** A target as the run's cost sees it: its benchmarks and the GPU profile it runs on (one replica). */
export interface CostedTarget extends TimedTarget {
  readonly name: string;
  readonly gpuProfile: { readonly gpuCount: number; readonly pricePerHour: number };
}

/** GPU-hours and dollars one run of each target takes (expected benchmark time × GPUs, × price), largest first. */
export function runCost(targets: readonly CostedTarget[]): { readonly gpuHours: number; readonly dollars: number; readonly perTarget: readonly { readonly name: string; readonly gpuHours: number; readonly dollars: number }[] } {
  const perTarget = targets
    .map((t) => {
      const hours = targetBenchmarkSeconds(t) / 3600;
      return { name: t.name, gpuHours: hours * t.gpuProfile.gpuCount, dollars: hours * t.gpuProfile.pricePerHour };
    })
    .sort((a, b) => b.dollars - a.dollars || b.gpuHours - a.gpuHours || a.name.localeCompare(b.name));
  return { gpuHours: perTarget.reduce((s, t) => s + t.gpuHours, 0), dollars: perTarget.reduce((s, t) => s + t.dollars, 0), perTarget };
}
