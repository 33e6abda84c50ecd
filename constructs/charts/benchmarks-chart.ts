/**
 * The `benchmarks` app: results storage, the scripts and the results processor the benchmark Jobs run, the
 * nightly dispatcher, the Pushgateway when the environment runs its own, and a PostSync check that every
 * target's endpoint serves its model.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { BenchmarkScripts } from '../benchmark-scripts';
import { Dispatcher, DispatcherProps } from '../dispatcher';
import { EndpointCheckHook } from '../endpoint-check-hook';
import { Pushgateway } from '../pushgateway';
import { benchmarkPodLabels } from '../benchmark-steps';
import { ResultsProcessorCode } from '../results-processor';
import { ResultsStorage } from '../results-storage';
import { BuiltJob } from '../benchmark-job';
import { benchmarkWindowOf, builtJobs, dispatcherSilencesAlerts, processorConfig, TargetBuilds } from './props';

export class BenchmarksChart extends Chart {
  /** @param builds every target's Job, built once for the dispatcher and jobs/. @default built here */
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, builds?: TargetBuilds) {
    super(scope, id);
    const common = { environment: env.name, namespace: env.config.namespace };
    new ResultsStorage(this, 'Results', { ...common, results: env.config.results });
    new BenchmarkScripts(this, 'Scripts', common);
    new ResultsProcessorCode(this, 'ResultsProcessor', { ...common, config: processorConfig(env) });
    const pushgateway = env.config.publish.pushgateway;
    if (pushgateway !== false && 'deploy' in pushgateway) new Pushgateway(this, 'Pushgateway', { ...common, image: pushgateway.image, publisherPodLabels: benchmarkPodLabels(env.name) });
    new Dispatcher(this, 'Dispatcher', dispatcherProps(env, builds?.jobs));
    new EndpointCheckHook(this, 'EndpointCheck', { ...common, image: env.config.guidellm.image, targets: env.targets });
  }
}

/**
 * The environment's slice the nightly dispatcher is built from: every target's Job, the schedule, retention.
 * @param jobs every target's Job, built. @default built here
 */
export function dispatcherProps(env: ResolvedEnvironment, jobs?: readonly BuiltJob[]): DispatcherProps {
  const { namespace, dispatcher, schedule, timeZone, retention, results } = env.config;
  return {
    environment: env.name,
    namespace,
    jobs: jobs ?? builtJobs(env),
    dispatcher,
    schedule,
    timeZone,
    retention,
    results,
    ...(dispatcherSilencesAlerts(env) ? { benchmarkWindow: benchmarkWindowOf(env) } : {}),
  };
}
