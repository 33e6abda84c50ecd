/**
 * The results processor's code and settings. `runtime/processor/main.ts` and its modules are bundled by esbuild
 * at synth time into one dependency-free JS file, shipped in a ConfigMap and run by a pinned Node.js image as a
 * step of every benchmark Job. The jest tests import the same modules, and one test runs the bundle itself.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../config/resolve';
import type { ProcessorConfig } from '../runtime/processor/main';
import { stackLabels } from './labels';
import { runtimeBundle } from './runtime-bundle';
import { pushgatewayInClusterUrl } from './pushgateway';

/** Name of the ConfigMap holding `processor.js`; stable API, the Jobs mount it. */
export const RESULTS_PROCESSOR_CONFIGMAP = 'results-processor';

/** Where the processor finds things in the pod. */
export const PROCESSOR_PATHS = {
  code: '/processor',
  registryToken: '/var/run/secrets/llmbench/registry',
  registryCa: '/etc/llmbench/registry-ca',
} as const;

/** ServiceAccount whose token the processor presents to the Model Registry (only when one is configured). */
export const RESULTS_PUBLISHER_SERVICE_ACCOUNT = 'results-publisher';

/** The processor as one CommonJS file for Node 20. */
export function resultsProcessorBundle(): string {
  return runtimeBundle('runtime/processor/main.ts');
}

/** The URL the processor pushes to, when the environment publishes to a Pushgateway. */
export function pushgatewayUrlOf(env: ResolvedEnvironment): string | undefined {
  const pushgateway = env.config.publish.pushgateway;
  if (pushgateway === false) return undefined;
  return 'url' in pushgateway ? pushgateway.url : pushgatewayInClusterUrl(env.config.namespace);
}

/** What the processor needs to know about the environment (rendered into PROCESSOR_CONFIG). */
export function processorConfig(env: ResolvedEnvironment): ProcessorConfig {
  const registry = env.config.publish.modelRegistry;
  const pushgateway = pushgatewayUrlOf(env);
  return {
    environment: env.name,
    sla: env.config.sla,
    regressions: env.config.regressions,
    // Every target writes into the same run folder only when they share the results volume.
    compareRun: env.config.results.store === 'volume',
    ...(pushgateway ? { pushgateway: { url: pushgateway } } : {}),
    ...(registry
      ? {
          modelRegistry: {
            url: registry.url,
            tokenFile: `${PROCESSOR_PATHS.registryToken}/token`,
            ...(registry.caBundle ? { caFile: `${PROCESSOR_PATHS.registryCa}/${registry.caBundle.key}` } : {}),
          },
        }
      : {}),
  };
}

export interface ResultsProcessorCodeProps {
  readonly env: ResolvedEnvironment;
}

/** The ConfigMap with the bundled processor, and the ServiceAccount it publishes to the Model Registry as. */
export class ResultsProcessorCode extends Construct {
  constructor(scope: Construct, id: string, props: ResultsProcessorCodeProps) {
    super(scope, id);
    const metadata = (name: string) => ({ name, namespace: props.env.config.namespace, labels: stackLabels('results-processor', props.env.name) });
    new k8s.KubeConfigMap(this, 'Code', { metadata: metadata(RESULTS_PROCESSOR_CONFIGMAP), data: { 'processor.js': resultsProcessorBundle() } });
    if (props.env.config.publish.modelRegistry) {
      // The Model Registry authorizes this ServiceAccount (grant it access to the registry; see README).
      new k8s.KubeServiceAccount(this, 'Publisher', { metadata: metadata(RESULTS_PUBLISHER_SERVICE_ACCOUNT), automountServiceAccountToken: false });
    }
  }
}
