/**
 * A resolved target and its benchmarks: what config/resolve.ts makes of an environment's `targets:` entry and the
 * catalog. Constructs take a target as a prop (type-only imports); only charts see the whole resolved environment.
 */
import type { GpuProfile, LoadPlan, Model, Scenario, TargetConfig } from './schema';

export type Named<T> = T & { readonly name: string };

/** One benchmark: a scenario run with a load plan against a target. */
export interface ResolvedBenchmark {
  /** `<scenario>-<plan>`: folder and container name part. */
  readonly name: string;
  readonly scenario: Named<Scenario>;
  readonly plan: Named<LoadPlan>;
}

/** One model served on one GPU profile, with everything needed to benchmark it. */
export interface ResolvedTarget {
  readonly name: string;
  readonly model: Named<Model>;
  readonly gpuProfile: Named<GpuProfile>;
  /** The InferenceService serving the target (`deployment`, default the model's name): its pods are `<deployment>-predictor-…`. */
  readonly deployment: string;
  readonly endpoint: string;
  readonly auth: NonNullable<TargetConfig['auth']>;
  /** In the order they run: every scenario with every load plan. */
  readonly benchmarks: readonly ResolvedBenchmark[];
}
