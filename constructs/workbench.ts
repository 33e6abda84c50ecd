/**
 * The GuideLLM workbench (DESIGN.md `workbench` app; settings table in docs/workbench.md): the Streamlit app of
 * `quay.io/rh-aiservices-bu/guidellm-wb`, source `utils/guidellm-wb/` of rh-aiservices-bu/guidellm-pipeline.
 *
 * Upstream facts (read at commit d7e7d64 of rh-aiservices-bu/guidellm-pipeline, main, 2025-07-24):
 * - The app hard-codes its defaults as widget arguments (app.py:49-212) and reads no variable or file for them;
 *   the image's `GUIDELLM_TARGET`/`GUIDELLM_MODEL`/... (Containerfile:104-108) only reach the GuideLLM CLI,
 *   where the app's explicit flags (app.py:295-312) override them. So presets are injected by a start-up patch:
 *   runtime/workbench/sitecustomize.py, mounted from ConfigMap `workbench-patch` and put on PYTHONPATH, sets
 *   widget defaults (matched by label) from ConfigMap `workbench-presets` (presets.json), one preset per target.
 * - The GuideLLM processes the app starts get the pod's environment (`env = os.environ.copy()`, app.py:315): the
 *   `GUIDELLM__*` settings variables reach them (e.g. GUIDELLM__MAX_WORKER_PROCESSES).
 * - USER `guidellm` (Containerfile:76), created with home /app (Containerfile:61); WORKDIR /app; entrypoint
 *   `/app/entrypoint.sh` runs `streamlit run app.py` on 8501 (entrypoint.sh:5,15; Containerfile:82).
 * - Writes: `./results/<model>_<timestamp>/` under /app (app.py:287-288, entrypoint.sh:11), the Hugging Face
 *   cache at HF_HOME=/home/guidellm/.cache (Containerfile:100, pre-seeded with gpt2 at Containerfile:55),
 *   Streamlit's ~/.streamlit and Python's /tmp. Each gets an emptyDir; the image cache is copied into the home
 *   emptyDir by an init container, so the root filesystem stays read-only.
 * - restricted-v2 runs the pod under an arbitrary UID in group 0. /app is the `useradd -m` home of `guidellm`
 *   (Containerfile:61): when it is mode 0700 (the UBI 9 `HOME_MODE` default) an arbitrary UID cannot read
 *   app.py. Not verifiable offline: check with `podman run --rm --entrypoint stat IMAGE -c '%a %u' /app`. If it
 *   is 0700, set `imageUser` to the printed UID: the pod then runs as that UID and its ServiceAccount (only)
 *   may `use` the `nonroot-v2` SCC (non-root, fixed UID; everything else as restricted-v2).
 *
 * Sign-in (`workbench.signIn`, default `openshift`): the workbench generates load against the models, so users
 * sign in with their OpenShift account through the oauth-proxy of ./openshift-sign-in.ts (the same as Grafana's)
 * and must be allowed to `get` Services in the stack namespace. The Service and Route then lead to the proxy,
 * and the NetworkPolicy admits the router on the proxy's port only: Streamlit's port is reachable from inside
 * the pod alone. `signIn: none` is the explicit opt-out (no proxy, the Route leads to Streamlit).
 *
 * Objects: ServiceAccount, ConfigMaps `workbench-presets` and `workbench-patch`, Deployment, Service, Route
 * `workbench` (edge TLS, HTTP redirected), NetworkPolicy (ingress from the router only), with sign-in the
 * ConfigMap `workbench-trusted-ca` (the proxy's CA bundle, filled by OpenShift) and, with `imageUser`, a Role +
 * RoleBinding granting `use` of `nonroot-v2`.
 */
import * as crypto from 'crypto';
import { imagePinProblem } from '../domain/images';
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import type { ResolvedTarget } from '../config/target';
import { LOAD_PROFILES } from '../domain/load-profiles';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../domain/apps';
import { stackLabels, stackSelector } from './labels';
import { RouterExposedService } from './router-exposed-service';
import { LABEL_PREFIX, LABELS, routeHost, ROUTES } from '../domain/names';
import { OAUTH_PROXY, oauthProxyPodParts, oauthRedirectReference, trustedCaConfigMapMetadata } from './openshift-sign-in';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext, wholeCpus } from './security';

/** Object names; stable API. */
export const WORKBENCH_NAMES = {
  serviceAccount: 'workbench',
  deployment: 'workbench',
  service: 'workbench',
  route: ROUTES.workbench,
  networkPolicy: 'workbench',
  presets: 'workbench-presets',
  patch: 'workbench-patch',
  sccRole: 'workbench-nonroot-v2',
  trustedCa: 'workbench-trusted-ca',
} as const;

/** Streamlit's port (Containerfile:82, Containerfile:91, entrypoint.sh:5). */
export const WORKBENCH_PORT = 8501;

/** The upstream revision every citation below refers to (rh-aiservices-bu/guidellm-pipeline, main). */
export const WORKBENCH_UPSTREAM = { repo: 'rh-aiservices-bu/guidellm-pipeline', commit: 'd7e7d6471e719d824901d45d6855fa9b29d0b0e8' } as const;
const APP = (lines: string) => `utils/guidellm-wb/app.py:${lines} @ d7e7d64`;
const IMAGE = (lines: string) => `utils/guidellm-wb/Containerfile:${lines} @ d7e7d64`;

/** In-pod paths. */
export const WORKBENCH_PATHS = {
  /** The image's WORKDIR; the app writes `./results/` here (app.py:287). */
  results: '/app/results',
  /** HOME for an arbitrary UID (it has no passwd entry); holds HF_HOME (Containerfile:100) and ~/.streamlit. */
  home: '/home/guidellm',
  /** The image's pre-seeded Hugging Face cache (Containerfile:55), copied into the home emptyDir. */
  imageCache: '/home/guidellm/.cache',
  tmp: '/tmp',
  /** ConfigMap `workbench-patch` (sitecustomize.py), on PYTHONPATH. */
  patch: '/opt/workbench/patch',
  /** ConfigMap `workbench-presets`. */
  presets: '/opt/workbench/presets',
  /** One `<target>.json` per target, from its ConfigMap `workbench-preset-<target>` (a projected volume). */
  targetPresets: '/opt/workbench/target-presets',
  /** Tokenizer PVCs, each at `<tokenizers>/<claimName>`, read-only. */
  tokenizers: '/tokenizers',
} as const;
export const WORKBENCH_PRESETS_FILE = `${WORKBENCH_PATHS.presets}/presets.json`;

/** The start-up patch (our code, runtime/workbench/sitecustomize.py). */
export const WORKBENCH_PATCH_FILE = path.join(__dirname, '..', 'runtime', 'workbench', 'sitecustomize.py');

/**
 * The sidebar widgets the presets set, by the label the app gives them, with the upstream lines that create
 * the widget with its hard-coded default and the line that passes its value on. The patch matches on the label.
 */
export const WORKBENCH_WIDGETS = {
  target: { label: 'Target Endpoint', kind: 'text_input', source: APP('49-51'), usedAt: APP('297') },
  model: { label: 'Model Name', kind: 'text_input', source: APP('56-58'), usedAt: APP('298') },
  profile: { label: 'Rate Type', kind: 'selectbox', source: APP('83-86'), usedAt: APP('299') },
  rate: { label: 'Rate (requests/second)', kind: 'number_input', source: APP('91-96'), usedAt: APP('311-312') },
  maxSeconds: { label: 'Max Duration (seconds)', kind: 'number_input', source: APP('125-129'), usedAt: APP('300') },
  maxRequests: { label: 'Max Requests', kind: 'number_input', source: APP('134-138'), usedAt: APP('301') },
  maxConcurrency: { label: 'Max Concurrency', kind: 'number_input', source: APP('143-147'), usedAt: APP('320') },
  processor: { label: 'Processor Path', kind: 'text_input', source: APP('162-165'), usedAt: APP('307-308') },
  promptTokens: { label: 'Prompt Tokens', kind: 'number_input', source: APP('187,196-200'), usedAt: APP('214-218,302') },
  outputTokens: { label: 'Output Tokens', kind: 'number_input', source: APP('187,205-209'), usedAt: APP('214-218,302') },
} as const;
export type WorkbenchWidget = keyof typeof WORKBENCH_WIDGETS;

/** The widget before which the preset select box is drawn: the first sidebar widget (app.py:49). */
export const WORKBENCH_FIRST_WIDGET = WORKBENCH_WIDGETS.target.label;
export const WORKBENCH_PRESET_LABEL = 'Preset (environment target)';

/** One target's defaults: widget label → value. */
export interface WorkbenchPreset {
  readonly name: string;
  readonly widgets: Readonly<Record<string, string | number>>;
}

/** The presets file the patch reads (`presets.json` of ConfigMap `workbench-presets`). */
export interface WorkbenchPresetsFile {
  readonly firstWidget: string;
  readonly presetLabel: string;
  readonly defaultPreset: string;
  readonly presets: readonly WorkbenchPreset[];
}

/** `presets.json` of ConfigMap `workbench-presets`: the file without the presets, which are one file per target in `presetsDir`. */
export type WorkbenchPresetsIndex = Omit<WorkbenchPresetsFile, 'presets'> & { readonly presetsDir: string };

/** The ConfigMap of one target's preset (key {@link TARGET_PRESET_KEY}): one object per target, none listing them all. */
export function targetPresetConfigMapName(target: string): string {
  return `workbench-preset-${target}`;
}
export const TARGET_PRESET_KEY = 'preset.json';

/** Where a target's tokenizer is in the workbench pod: the HF id, or the PVC folder under /tokenizers. */
export function workbenchProcessor(target: ResolvedTarget): string {
  const tokenizer = target.model.tokenizer;
  return 'pvc' in tokenizer ? `${WORKBENCH_PATHS.tokenizers}/${tokenizer.pvc.claimName}/${tokenizer.pvc.path}` : tokenizer.huggingFace;
}

/**
 * A target's preset: endpoint, served model name, tokenizer, its first benchmark's scenario tokens and load plan.
 * Fields the plan does not give keep the app's own default. Profiles map one to one to the app's rate types
 * (app.py:85); `rates` go to "Rate" for constant/poisson (the only types the app sends a rate for, app.py:91-123)
 * and to "Max Concurrency" (GUIDELLM__MAX_CONCURRENCY, app.py:320) for throughput and concurrent.
 */
export function workbenchPreset(target: ResolvedTarget): WorkbenchPreset {
  const w = WORKBENCH_WIDGETS;
  const widgets: Record<string, string | number> = {
    [w.target.label]: target.endpoint,
    [w.model.label]: target.model.servedModelName,
    [w.processor.label]: workbenchProcessor(target),
  };
  const first = target.benchmarks[0];
  if (first) {
    const { scenario, plan } = first;
    if ('promptTokens' in scenario) {
      widgets[w.promptTokens.label] = scenario.promptTokens;
      widgets[w.outputTokens.label] = scenario.outputTokens;
    }
    widgets[w.profile.label] = plan.profile;
    const rates = plan.rates ?? [];
    const shown = LOAD_PROFILES[plan.profile].workbench;
    if (shown && rates.length > 0) widgets[w[shown.widget].label] = shown.value(rates);
    if (plan.maxSeconds !== undefined) widgets[w.maxSeconds.label] = plan.maxSeconds;
    if (plan.maxRequests !== undefined) widgets[w.maxRequests.label] = plan.maxRequests;
  }
  return { name: target.name, widgets };
}

/** The presets file for an environment: one preset per target, the first target selected. */
export function workbenchPresets(targets: readonly ResolvedTarget[]): WorkbenchPresetsFile {
  const presets = targets.map(workbenchPreset);
  return { firstWidget: WORKBENCH_FIRST_WIDGET, presetLabel: WORKBENCH_PRESET_LABEL, defaultPreset: presets[0]?.name ?? '', presets };
}

/** `workbench-<namespace>.<appsDomain>`: the Route's host. */
export function workbenchHost(namespace: string, appsDomain: string): string {
  return routeHost(WORKBENCH_NAMES.route, namespace, appsDomain, 'workbench');
}

/** CPU and memory when the props give none: Streamlit plus one GuideLLM run (client and tokenizer) at a time. */
export const WORKBENCH_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '250m', memory: '1Gi' },
  limits: { cpu: '2', memory: '4Gi' },
};

/**
 * Environment variables of the workbench container, each with who reads it. Exported for the docs test.
 */
export function workbenchEnv(resources: ContainerResources): { name: string; value: string; readBy: string }[] {
  return [
    { name: 'HOME', value: WORKBENCH_PATHS.home, readBy: 'Streamlit (~/.streamlit) and Python; an arbitrary UID has no passwd entry, the image user has /app (Containerfile:61)' },
    { name: 'PYTHONPATH', value: WORKBENCH_PATHS.patch, readBy: 'Python `site` imports sitecustomize from it at start-up (the streamlit process of entrypoint.sh:15)' },
    { name: 'WORKBENCH_PRESETS_FILE', value: WORKBENCH_PRESETS_FILE, readBy: 'runtime/workbench/sitecustomize.py (ours)' },
    {
      name: 'GUIDELLM__MAX_WORKER_PROCESSES',
      value: String(wholeCpus(resources.limits.cpu)),
      readBy: `GuideLLM settings (src/guidellm/config.py:112-113,132 @ vllm-project/guidellm 72374ef, main when the image was built), via ${APP('315')}`,
    },
    // Upstream turns both protections off (Containerfile:96-97); behind one Route host they can stay on.
    { name: 'STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION', value: 'true', readBy: `Streamlit config option server.enableXsrfProtection (env STREAMLIT_<SECTION>_<OPTION>); image sets false at ${IMAGE('97')}` },
    { name: 'STREAMLIT_SERVER_ENABLE_CORS', value: 'true', readBy: `Streamlit config option server.enableCORS; image sets false at ${IMAGE('96')}` },
  ];
}

export interface WorkbenchProps {
  /** The environment's name (labels). */
  readonly environment: string;
  /** The stack namespace. */
  readonly namespace: string;
  /** The cluster's apps domain: the Route's host is `workbench-<namespace>.<appsDomain>`. */
  readonly appsDomain: string;
  /** One preset per target, the first selected; tokenizer PVCs of the targets are mounted. */
  readonly targets: readonly ResolvedTarget[];
  /** The oauth-proxy's image and resources; used when `signIn` is `openshift`. */
  readonly oauthProxy: EnvironmentConfig['oauthProxy'];
  /** The workbench image, pinned by tag (environment `workbench.image`). */
  readonly image: string;
  /**
   * CPU and memory requests and limits of the container; the CPU limit also caps GuideLLM's worker processes.
   * @default WORKBENCH_DEFAULT_RESOURCES (250m/1Gi requested, 2 CPU/4Gi limit)
   */
  readonly resources?: ContainerResources;
  /**
   * Run as this fixed UID (the image's `guidellm` user) instead of restricted-v2's arbitrary UID, for an image
   * whose /app is not readable by others; the ServiceAccount is then allowed to `use` the `nonroot-v2` SCC.
   * @default undefined (restricted-v2, arbitrary UID)
   */
  readonly imageUser?: number;
  /**
   * The start-up patch's source.
   * @default the content of runtime/workbench/sitecustomize.py
   */
  readonly patchSource?: string;
  /**
   * `openshift`: OpenShift sign-in through an oauth-proxy sidecar; `none`: no sign-in (explicit opt-out).
   * @default 'openshift'
   */
  readonly signIn?: 'openshift' | 'none';
}

/** ServiceAccount, ConfigMaps, Deployment, Service, Route and NetworkPolicy of the GuideLLM workbench. */
export class Workbench extends Construct {
  /** `https://workbench-<namespace>.<appsDomain>/`. */
  readonly url: string;
  /** The presets file written to ConfigMap `workbench-presets`. */
  readonly presets: WorkbenchPresetsFile;

  constructor(scope: Construct, id: string, props: WorkbenchProps) {
    super(scope, id);
    const { namespace, targets } = props;
    const labels = stackLabels('workbench', props.environment);
    const selector = stackSelector('workbench', props.environment);
    const metadata = (name: string, wave: number) => ({ name, namespace, labels, annotations: argocdAnnotations({ wave }) });
    const host = workbenchHost(namespace, props.appsDomain);
    this.url = `https://${host}/`;
    const image = props.image;
    const unpinned = imagePinProblem(image);
    if (unpinned) throw new Error(`workbench: ${unpinned}`);
    const resources = props.resources ?? WORKBENCH_DEFAULT_RESOURCES;
    if (props.imageUser !== undefined && (!Number.isInteger(props.imageUser) || props.imageUser <= 0)) {
      throw new Error(`workbench: imageUser must be a positive integer UID (non-root), got ${props.imageUser}`);
    }

    this.presets = workbenchPresets(targets);
    const { presets: targetPresets, ...rest } = this.presets;
    const index: WorkbenchPresetsIndex = { ...rest, presetsDir: WORKBENCH_PATHS.targetPresets };
    const presetsJson = JSON.stringify(index, null, 2) + '\n';
    const presetJson = (preset: WorkbenchPreset) => JSON.stringify(preset, null, 2) + '\n';
    const patch = props.patchSource ?? fs.readFileSync(WORKBENCH_PATCH_FILE, 'utf8');

    const signIn = (props.signIn ?? 'openshift') === 'openshift';
    // The proxy's port takes the name `http` the Service and Route lead to; Streamlit's port is then internal.
    const proxy = signIn
      ? oauthProxyPodParts({
          image: props.oauthProxy.image,
          resources: props.oauthProxy.resources,
          namespace,
          serviceAccount: WORKBENCH_NAMES.serviceAccount,
          host,
          upstreamPort: WORKBENCH_PORT,
          portName: 'http',
          trustedCaConfigMap: WORKBENCH_NAMES.trustedCa,
        })
      : undefined;

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        ...metadata(WORKBENCH_NAMES.serviceAccount, RESOURCE_SYNC_WAVES.access),
        // The sign-in's OAuth client is this ServiceAccount, redirecting to the Route only.
        ...(signIn ? { annotations: { ...argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.access }), ...oauthRedirectReference(WORKBENCH_NAMES.route) } } : {}),
      },
      // The app never calls the Kubernetes API; the proxy gets its token through its own projected volume.
      automountServiceAccountToken: false,
    });
    if (signIn) {
      new k8s.KubeConfigMap(this, 'TrustedCa', {
        metadata: trustedCaConfigMapMetadata(WORKBENCH_NAMES.trustedCa, namespace, labels, argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage })),
      });
    }
    if (props.imageUser !== undefined) {
      new k8s.KubeRole(this, 'SccRole', {
        metadata: metadata(WORKBENCH_NAMES.sccRole, RESOURCE_SYNC_WAVES.access),
        rules: [{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: ['nonroot-v2'], verbs: ['use'] }],
      });
      new k8s.KubeRoleBinding(this, 'SccRoleBinding', {
        metadata: metadata(WORKBENCH_NAMES.sccRole, RESOURCE_SYNC_WAVES.access),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: WORKBENCH_NAMES.sccRole },
        subjects: [{ kind: 'ServiceAccount', name: WORKBENCH_NAMES.serviceAccount, namespace }],
      });
    }

    new k8s.KubeConfigMap(this, 'Presets', {
      metadata: metadata(WORKBENCH_NAMES.presets, RESOURCE_SYNC_WAVES.storage),
      data: { 'presets.json': presetsJson },
    });
    for (const preset of targetPresets) {
      new k8s.KubeConfigMap(this, `Preset-${preset.name}`, {
        metadata: { ...metadata(targetPresetConfigMapName(preset.name), RESOURCE_SYNC_WAVES.storage), labels: { ...labels, [LABELS.target]: preset.name } },
        data: { [TARGET_PRESET_KEY]: presetJson(preset) },
      });
    }
    new k8s.KubeConfigMap(this, 'Patch', {
      metadata: metadata(WORKBENCH_NAMES.patch, RESOURCE_SYNC_WAVES.storage),
      data: { 'sitecustomize.py': patch },
    });

    // The patch reads the presets once per process: a change needs a restart.
    const hash = crypto.createHash('sha256').update(presetsJson).update(patch);
    for (const preset of targetPresets) hash.update(presetJson(preset));
    const configHash = hash.digest('hex').slice(0, 16);

    // Tokenizers on PVCs, one mount per claim.
    const claims = [...new Set(targets.flatMap((t) => ('pvc' in t.model.tokenizer ? [t.model.tokenizer.pvc.claimName] : [])))].sort();
    const claimVolume = (claim: string) => `tokenizer-${claim}`.slice(0, 63);

    const appPortName = signIn ? 'streamlit' : 'http';
    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      // Streamlit's health endpoint (the image's HEALTHCHECK uses it, Containerfile:111-112).
      httpGet: { path: '/_stcore/health', port: k8s.IntOrString.fromString(appPortName) },
      periodSeconds,
      timeoutSeconds: 5,
      failureThreshold,
    });

    const podSecurityContext: k8s.PodSecurityContext = {
      ...restrictedPodSecurityContext(),
      ...(props.imageUser !== undefined ? { runAsUser: props.imageUser } : {}),
    };
    const podAnnotations: Record<string, string> = {
      [`${LABEL_PREFIX}/config-hash`]: configHash,
      // OpenShift 4.14+: admit the pod only under this SCC.
      'openshift.io/required-scc': props.imageUser !== undefined ? 'nonroot-v2' : 'restricted-v2',
    };

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(WORKBENCH_NAMES.deployment, RESOURCE_SYNC_WAVES.workloads),
      spec: {
        replicas: 1,
        // Results and sessions live in the pod: never two at once.
        strategy: { type: 'Recreate' },
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: podAnnotations },
          spec: {
            serviceAccountName: WORKBENCH_NAMES.serviceAccount,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: podSecurityContext,
            initContainers: [
              {
                name: 'seed-cache',
                image,
                imagePullPolicy: 'IfNotPresent',
                // The image's pre-downloaded tokenizers (Containerfile:55) into the writable home; no cache is fine.
                command: ['/bin/sh', '-c', `cp -R ${WORKBENCH_PATHS.imageCache} /seed/ 2>/dev/null || mkdir -p /seed/.cache`],
                resources: resourceRequirements({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } }),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [{ name: 'home', mountPath: '/seed' }],
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
              ...(proxy?.initContainers ?? []),
            ],
            containers: [
              {
                name: 'workbench',
                image,
                imagePullPolicy: 'IfNotPresent',
                // The image's entrypoint (/app/entrypoint.sh) is kept: it starts `streamlit run app.py` from /app.
                ports: [{ name: appPortName, containerPort: WORKBENCH_PORT, protocol: 'TCP' }],
                env: workbenchEnv(resources).map(({ name, value }) => ({ name, value })),
                startupProbe: { ...probe(5, 36), initialDelaySeconds: 5 },
                readinessProbe: probe(10, 3),
                livenessProbe: probe(20, 3),
                resources: resourceRequirements(resources),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [
                  { name: 'home', mountPath: WORKBENCH_PATHS.home },
                  { name: 'results', mountPath: WORKBENCH_PATHS.results },
                  { name: 'tmp', mountPath: WORKBENCH_PATHS.tmp },
                  { name: 'patch', mountPath: WORKBENCH_PATHS.patch, readOnly: true },
                  { name: 'presets', mountPath: WORKBENCH_PATHS.presets, readOnly: true },
                  { name: 'target-presets', mountPath: WORKBENCH_PATHS.targetPresets, readOnly: true },
                  ...claims.map((c) => ({ name: claimVolume(c), mountPath: `${WORKBENCH_PATHS.tokenizers}/${c}`, readOnly: true })),
                ],
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
              ...(proxy?.containers ?? []),
            ],
            terminationGracePeriodSeconds: 30,
            volumes: [
              { name: 'home', emptyDir: { sizeLimit: k8s.Quantity.fromString('4Gi') } },
              { name: 'results', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Gi') } },
              { name: 'patch', configMap: { name: WORKBENCH_NAMES.patch } },
              { name: 'presets', configMap: { name: WORKBENCH_NAMES.presets } },
              // a reference per target (its ConfigMap and file name), the presets themselves in their own objects
              {
                name: 'target-presets',
                projected: {
                  sources: targetPresets.map((p) => ({ configMap: { name: targetPresetConfigMapName(p.name), items: [{ key: TARGET_PRESET_KEY, path: `${p.name}.json` }] } })),
                },
              },
              ...claims.map((c) => ({ name: claimVolume(c), persistentVolumeClaim: { claimName: c, readOnly: true } })),
              ...(proxy?.volumes ?? []),
            ],
          },
        },
      },
    });

    new RouterExposedService(this, 'Exposure', {
      namespace,
      labels,
      selector,
      port: signIn ? OAUTH_PROXY.port : WORKBENCH_PORT,
      names: { service: WORKBENCH_NAMES.service, route: WORKBENCH_NAMES.route, networkPolicy: WORKBENCH_NAMES.networkPolicy },
      host,
    });
  }
}
