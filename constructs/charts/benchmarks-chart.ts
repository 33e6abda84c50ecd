/**
 * The `benchmarks` app: results storage, the scripts and the results processor the benchmark Jobs run, the
 * nightly dispatcher, the Pushgateway when the environment runs its own, and a PostSync check that every
 * target's endpoint serves its model.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { BenchmarkScripts } from '../benchmark-scripts';
import { Dispatcher } from '../dispatcher';
import { EndpointCheckHook } from '../endpoint-check-hook';
import { Pushgateway } from '../pushgateway';
import { ResultsProcessorCode } from '../results-processor';
import { ResultsStorage } from '../results-storage';

export class BenchmarksChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    const common = { environment: env.name, namespace: env.config.namespace };
    new ResultsStorage(this, 'Results', { ...common, results: env.config.results });
    new BenchmarkScripts(this, 'Scripts', common);
    new ResultsProcessorCode(this, 'ResultsProcessor', { env });
    const pushgateway = env.config.publish.pushgateway;
    if (pushgateway !== false && 'deploy' in pushgateway) new Pushgateway(this, 'Pushgateway', { ...common, image: pushgateway.image });
    new Dispatcher(this, 'Dispatcher', { env });
    new EndpointCheckHook(this, 'EndpointCheck', { ...common, image: env.config.guidellm.image, targets: env.targets });
  }
}
