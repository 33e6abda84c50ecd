/** The `benchmarks` app: results storage, the scripts the benchmark Jobs run, and the nightly dispatcher. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { BenchmarkScripts } from '../benchmark-scripts';
import { Dispatcher } from '../dispatcher';
import { ResultsStorage } from '../results-storage';

export class BenchmarksChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    const common = { environment: env.name, namespace: env.config.namespace };
    new ResultsStorage(this, 'Results', { ...common, results: env.config.results });
    new BenchmarkScripts(this, 'Scripts', common);
    new Dispatcher(this, 'Dispatcher', { env });
  }
}
