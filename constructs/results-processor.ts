/**
 * The results processor's code and settings. `runtime/processor/main.ts` and its modules are bundled by esbuild
 * at synth time into one dependency-free JS file, shipped in a ConfigMap and run by a pinned Node.js image as a
 * step of every benchmark Job (in object-store mode with the S3 client's file beside it). The jest tests import the same modules, and one test runs the bundle itself.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { AnalysisSection } from '../config/sections/analysis';
import type { AnalysisConfig, ProcessorConfig } from '../domain/contracts/processor-config';
import { stackLabels } from './labels';
import { CLUSTER_MONITORING_VIEW } from './monitoring/thanos-datasource';
import { resultsGpuMetricsBindingName, resultsMetricsViewBindingName } from '../domain/names';
import { runtimeBundle, S3_CLIENT_FILE, s3ClientBundle } from './runtime-bundle';
import type { ClusterBinding } from './argocd/cluster-bindings';

/** Name of the ConfigMap holding `processor.js`; stable API, the Jobs mount it. */
export const RESULTS_PROCESSOR_CONFIGMAP = 'results-processor';

/** Where the processor finds things in the pod. */
export const PROCESSOR_PATHS = {
  code: '/processor',
  registryToken: '/var/run/secrets/llmbench/registry',
  registryCa: '/etc/llmbench/registry-ca',
  analysisToken: '/var/run/secrets/llmbench/analysis',
  analysisCa: '/etc/llmbench/analysis-ca',
} as const;

/**
 * ServiceAccount of the results processor, whose projected token it presents to the Model Registry and to
 * Prometheus (only when one of them is configured). No pod automounts its token.
 */
export const RESULTS_PUBLISHER_SERVICE_ACCOUNT = 'results-publisher';

/**
 * The ServiceAccount a pod running the processor with `config` needs, when it needs one: its projected token is
 * what the Model Registry and the bottleneck analysis' Prometheus authorize.
 */
export function processorServiceAccount(config: ProcessorConfig | undefined): string | undefined {
  return config?.modelRegistry || config?.analysis ? RESULTS_PUBLISHER_SERVICE_ACCOUNT : undefined;
}

/** The processor as one CommonJS file for Node 20. */
export function resultsProcessorBundle(): string {
  return runtimeBundle('runtime/processor/main.ts');
}

/** The CA bundle the analysis mounts: only when a queried URL is https (a plain-http Prometheus needs none). */
export function analysisCaBundle(a: AnalysisSection): { configMap: string; key: string } | undefined {
  if (!a.enabled || a.caBundle === false) return undefined;
  const urls = [a.prometheus.url, ...(a.gpu.enabled ? [a.gpu.url] : [])];
  return urls.some((u) => u.startsWith('https:')) ? a.caBundle : undefined;
}

/** The analysis part of PROCESSOR_CONFIG: the endpoints with the pod's token and CA paths, the thresholds. */
export function analysisConfig(a: AnalysisSection, servingNamespace: string): AnalysisConfig | undefined {
  if (!a.enabled) return undefined;
  const ca = analysisCaBundle(a);
  const common = {
    tokenFile: `${PROCESSOR_PATHS.analysisToken}/token`,
    ...(ca ? { caFile: `${PROCESSOR_PATHS.analysisCa}/${ca.key}` } : {}),
    timeoutMs: a.timeoutSeconds * 1000,
  };
  return {
    prometheus: { url: a.prometheus.url, tenancy: a.prometheus.tenancy, ...common },
    // DCGM series are in the GPU Operator's namespace: never a tenancy query
    ...(a.gpu.enabled ? { gpu: { url: a.gpu.url, tenancy: false, ...common } } : {}),
    servingNamespace,
    thresholds: a.thresholds,
  };
}

/** The processor's volumes for the analysis: a projected token (seen by the processor alone) and the CA. */
export function analysisVolumes(a: AnalysisSection): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
  if (!a.enabled) return { volumes: [], mounts: [] };
  const ca = analysisCaBundle(a);
  return {
    volumes: [
      { name: 'analysis-token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } },
      ...(ca ? [{ name: 'analysis-ca', configMap: { name: ca.configMap, items: [{ key: ca.key, path: ca.key }] } }] : []),
    ],
    mounts: [
      { name: 'analysis-token', mountPath: PROCESSOR_PATHS.analysisToken, readOnly: true },
      ...(ca ? [{ name: 'analysis-ca', mountPath: PROCESSOR_PATHS.analysisCa, readOnly: true }] : []),
    ],
  };
}

export interface ResultsProcessorCodeProps {
  /** The environment's name (labels, binding names). */
  readonly environment: string;
  /** The stack namespace: the ConfigMap and the ServiceAccount. */
  readonly namespace: string;
  /** What the processor is configured to do: its ServiceAccount and grants follow from the registry and the analysis. */
  readonly config: ProcessorConfig;
}

/**
 * The ConfigMap with the bundled processor, and the ServiceAccount it publishes and queries as, with its grants:
 * - `view` in the serving namespace (RoleBinding `llmbench-<env>-results-metrics-view`): what the Thanos Querier's
 *   tenancy port checks for `namespace=<serving namespace>`; nothing cluster-wide;
 * - `cluster-monitoring-view` (ClusterRoleBinding `llmbench-<env>-results-gpu-view`, applied from bootstrap/:
 *   `resultsGpuClusterBinding`) only with `analysis.gpu.enabled`:
 *   port 9091 answers for every namespace, which the DCGM series in the GPU Operator's namespace need.
 * (The port/role pairs are those the cluster-monitoring-operator documents on the `thanos-querier` Service,
 * annotation `openshift.io/description`: 9091 with `cluster-monitoring-view`, 9092 with `view` in the project.)
 */
export class ResultsProcessorCode extends Construct {
  constructor(scope: Construct, id: string, props: ResultsProcessorCodeProps) {
    super(scope, id);
    const { environment, namespace, config } = props;
    const labels = stackLabels('results-processor', environment);
    const metadata = (name: string) => ({ name, namespace, labels });
    // object-store mode: the S3 client beside the processor (constructs/runtime-bundle.ts)
    const s3Client: Record<string, string> = config.objectStore ? { [S3_CLIENT_FILE]: s3ClientBundle() } : {};
    new k8s.KubeConfigMap(this, 'Code', { metadata: metadata(RESULTS_PROCESSOR_CONFIGMAP), data: { ...s3Client, 'processor.js': resultsProcessorBundle() } });
    const serviceAccount = processorServiceAccount(config);
    if (serviceAccount) {
      // The Model Registry authorizes this ServiceAccount (grant it access to the registry; see docs/reference.md).
      new k8s.KubeServiceAccount(this, 'Publisher', { metadata: metadata(serviceAccount), automountServiceAccountToken: false });
    }
  }
}

/**
 * The processor's grants for its Prometheus queries (rendered in bootstrap/ by a cluster admin:
 * ./argocd/cluster-bindings.ts): `view` in the serving namespace with the analysis on, and `cluster-monitoring-view`
 * for its DCGM queries with GPU analysis on.
 */
export function resultsProcessorBindings(environment: string, namespace: string, config: ProcessorConfig): ClusterBinding[] {
  const serviceAccount = processorServiceAccount(config);
  const analysis = config.analysis;
  if (!serviceAccount || !analysis) return [];
  const subject = { name: serviceAccount, namespace };
  return [
    {
      name: resultsMetricsViewBindingName(environment),
      clusterRole: 'view',
      namespace: analysis.servingNamespace,
      serviceAccount: subject,
      purpose: "the results processor's bottleneck analysis queries the serving namespace's metrics through the Thanos Querier's tenancy port",
    },
    ...(analysis.gpu
      ? [
          {
            name: resultsGpuMetricsBindingName(environment),
            clusterRole: CLUSTER_MONITORING_VIEW,
            serviceAccount: subject,
            purpose: "the results processor's bottleneck analysis queries DCGM series in the GPU Operator's namespace",
          },
        ]
      : []),
  ];
}

