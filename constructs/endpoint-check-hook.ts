/**
 * The `benchmarks` app's ArgoCD PostSync hook: a Job that asks every target's endpoint for `GET /v1/models`
 * and reports, one line per target, which ones do not serve their model (runtime/endpoint-check/). It only
 * reports: a target that is down never fails the sync, so the Job succeeds whatever the endpoints answer.
 *
 * Read its report with `oc -n NAMESPACE logs job/endpoint-check`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { ResolvedTarget } from '../config/target';
import { stackLabels } from './labels';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** Name of the hook Job: fixed (not `generateName`) so that `oc logs job/endpoint-check` always finds the last run. */
export const ENDPOINT_CHECK_JOB = 'endpoint-check';

/** Name of the ConfigMap holding the script; stable API, the Job mounts it. */
export const ENDPOINT_CHECK_CONFIGMAP = 'endpoint-check-script';

/** The script, as a file name in runtime/endpoint-check/ and as the ConfigMap's only key. */
export const ENDPOINT_CHECK_SCRIPT = 'check_endpoints.py';

/** Where the script lives in the repository. */
export const ENDPOINT_CHECK_SCRIPT_DIR = path.join(__dirname, '..', 'runtime', 'endpoint-check');

/** Where things are mounted in the hook's pod. */
export const ENDPOINT_CHECK_PATHS = {
  script: '/scripts',
  /** One folder per target with a CA bundle: `<caBundles>/<target>/<key>`. */
  caBundles: '/etc/llmbench/endpoint-ca',
} as const;

/** A few HTTP requests: far below what a benchmark pod gets. */
export const ENDPOINT_CHECK_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '20m', memory: '64Mi' },
  limits: { cpu: '200m', memory: '128Mi' },
};

export interface EndpointCheckHookProps {
  /** Environment name (labels, the report's header). */
  readonly environment: string;
  /** Namespace the Job runs in: the stack's namespace, where the API key Secrets and CA ConfigMaps are. */
  readonly namespace: string;
  /** Pinned image with python3: the environment's GuideLLM image (`guidellm.image`), already pulled for benchmarks. */
  readonly image: string;
  /** The targets whose endpoints are checked, in report order. */
  readonly targets: readonly ResolvedTarget[];
  /** Per-request timeout of each check; all targets are checked at once. @default 10 */
  readonly timeoutSeconds?: number;
  /**
   * Bound on the whole Job, image pull included. When it is hit the hook fails and so does the sync, so it
   * leaves ample room over `timeoutSeconds`. @default 600
   */
  readonly activeDeadlineSeconds?: number;
  /** Seconds the finished Job (and its logs) is kept if no new sync replaces it first. @default 604800 (7 days) */
  readonly ttlSecondsAfterFinished?: number;
  /** CPU and memory of the check's container. @default ENDPOINT_CHECK_DEFAULT_RESOURCES */
  readonly resources?: ContainerResources;
}

/** Name of the environment variable carrying a target's API key (target names are DNS labels: this is injective). */
export function apiKeyEnvName(target: string): string {
  return `API_KEY_${target.toUpperCase().replace(/-/g, '_')}`;
}

/** What the script reads about one target (ENDPOINT_CHECK_TARGETS); names and paths only, never a secret. */
export interface EndpointCheckTarget {
  readonly name: string;
  readonly endpoint: string;
  readonly servedModelName: string;
  readonly apiKeyEnv?: string;
  readonly apiKeySource?: string;
  readonly caFile?: string;
  readonly caSource?: string;
}

export function endpointCheckTargets(targets: readonly ResolvedTarget[]): EndpointCheckTarget[] {
  return targets.map((t) => {
    const { apiKeySecret, caBundle } = t.auth;
    return {
      name: t.name,
      endpoint: t.endpoint,
      servedModelName: t.model.servedModelName,
      ...(apiKeySecret ? { apiKeyEnv: apiKeyEnvName(t.name), apiKeySource: `Secret ${apiKeySecret.name}, key ${apiKeySecret.key}` } : {}),
      ...(caBundle ? { caFile: caFilePath(t), caSource: `ConfigMap ${caBundle.configMap}, key ${caBundle.key}` } : {}),
    };
  });
}

function caFilePath(target: ResolvedTarget): string {
  return `${ENDPOINT_CHECK_PATHS.caBundles}/${target.name}/${target.auth.caBundle!.key}`;
}

export class EndpointCheckHook extends Construct {
  readonly configMap: ApiObject;
  readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: EndpointCheckHookProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? 10;
    const activeDeadlineSeconds = props.activeDeadlineSeconds ?? 600;
    if (!(timeoutSeconds > 0)) throw new Error(`EndpointCheckHook: timeoutSeconds must be positive, got ${timeoutSeconds}`);
    // The script needs the timeout plus a little; the rest is image pull and scheduling.
    if (activeDeadlineSeconds < timeoutSeconds + 60) {
      throw new Error(`EndpointCheckHook: activeDeadlineSeconds (${activeDeadlineSeconds}) must exceed timeoutSeconds (${timeoutSeconds}) by at least 60`);
    }
    const labels = { ...stackLabels('endpoint-check', props.environment), 'app.kubernetes.io/name': ENDPOINT_CHECK_JOB };

    // A plain synced object, not a hook: it exists before the PostSync phase starts.
    this.configMap = new k8s.KubeConfigMap(this, 'Script', {
      metadata: { name: ENDPOINT_CHECK_CONFIGMAP, namespace: props.namespace, labels },
      data: { [ENDPOINT_CHECK_SCRIPT]: fs.readFileSync(path.join(ENDPOINT_CHECK_SCRIPT_DIR, ENDPOINT_CHECK_SCRIPT), 'utf8') },
    });

    const withCa = props.targets.filter((t) => t.auth.caBundle);
    const env: k8s.EnvVar[] = [
      { name: 'ENVIRONMENT', value: props.environment },
      { name: 'ENDPOINT_CHECK_TARGETS', value: JSON.stringify(endpointCheckTargets(props.targets)) },
      { name: 'ENDPOINT_CHECK_TIMEOUT_SECONDS', value: String(timeoutSeconds) },
      // The image's Python tree is read-only here.
      { name: 'PYTHONDONTWRITEBYTECODE', value: '1' },
      ...props.targets
        .filter((t) => t.auth.apiKeySecret)
        .map((t): k8s.EnvVar => ({
          name: apiKeyEnvName(t.name),
          // optional: a missing Secret would keep the pod from starting (CreateContainerConfigError) and fail the
          // sync for every target; instead the script reports that target's key as missing.
          valueFrom: { secretKeyRef: { name: t.auth.apiKeySecret!.name, key: t.auth.apiKeySecret!.key, optional: true } },
        })),
    ];
    const volumeMounts: k8s.VolumeMount[] = [{ name: 'script', mountPath: ENDPOINT_CHECK_PATHS.script, readOnly: true }];
    const volumes: k8s.Volume[] = [{ name: 'script', configMap: { name: ENDPOINT_CHECK_CONFIGMAP } }];
    if (withCa.length > 0) {
      volumeMounts.push({ name: 'endpoint-ca', mountPath: ENDPOINT_CHECK_PATHS.caBundles, readOnly: true });
      // One projected volume, a folder per target: targets may share a ConfigMap (openshift-service-ca.crt) or use
      // the same key in different ConfigMaps, and per-target volume names could exceed 63 characters.
      volumes.push({
        name: 'endpoint-ca',
        projected: {
          sources: withCa.map((t) => ({
            // optional for the same reason as the API keys: the script reports the missing file for that target.
            configMap: { name: t.auth.caBundle!.configMap, items: [{ key: t.auth.caBundle!.key, path: `${t.name}/${t.auth.caBundle!.key}` }], optional: true },
          })),
        },
      });
    }

    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: {
        name: ENDPOINT_CHECK_JOB,
        namespace: props.namespace,
        labels,
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          // BeforeHookCreation only, not HookSucceeded: the script exits 0 even when targets are down, so
          // HookSucceeded would delete every run, and its report with it, as soon as it finished. Keeping the Job
          // until the next sync replaces it leaves `oc logs job/endpoint-check` readable; the TTL bounds it.
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
        },
      },
      spec: {
        // A retry would only repeat the same report; a failure here is the script's own misconfiguration.
        backoffLimit: 0,
        activeDeadlineSeconds,
        ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? 7 * 24 * 3600,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            containers: [
              {
                name: 'check',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                command: ['python3', '-u', `${ENDPOINT_CHECK_PATHS.script}/${ENDPOINT_CHECK_SCRIPT}`],
                env,
                volumeMounts,
                resources: resourceRequirements(props.resources ?? ENDPOINT_CHECK_DEFAULT_RESOURCES),
                securityContext: restrictedContainerSecurityContext(),
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
            ],
            volumes,
          },
        },
      },
    });
  }
}
