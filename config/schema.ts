/**
 * The configuration schema: `config/catalog.yaml` (what can be benchmarked), `config/defaults.yaml` and
 * `config/environments/NAME.yaml` (where and how). Every environment file is merged over the defaults (maps
 * merge, arrays replace) and the result must satisfy `environmentSchema`. Cross-references (a target's model,
 * GPU profile, scenarios, load plans) are checked in `resolve.ts`, which has the catalog at hand.
 *
 * Objects are strict: an unknown key is an error (a typo must not be silently ignored).
 */
import { z } from 'zod';
import { PROFILES } from '../domain/load-profiles';
import { SLA_METRIC_NAMES, SLA_METRICS, SlaMetricName } from '../domain/sla';
import { DEFAULT_ATTAINMENT, SLO_OBJECTIVE_NAMES, SLO_OBJECTIVES, SloObjective } from '../domain/slo';
import { alertsSchema } from './sections/alerts';
import { analysisSchema } from './sections/analysis';
import { dashboardsSchema } from './sections/dashboards';
import { grafanaSchema } from './sections/grafana';
import { operatorsSchema } from './sections/operators';
import { pipelinesSchema } from './sections/pipelines';
import { configMapKeyRef, containerResources, dnsName, dnsSubdomain, oauthProxySchema, pinnedImage, quantity, reportsSchema, secretKeyRef, workbenchSchema } from './sections/sign-in';

const positive = z.number().positive();


const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

// ---------------------------------------------------------------------------------------------- catalog

export const gpuProfileSchema = z.strictObject({
  /** GPU product, e.g. `NVIDIA-L4` (as the GPU operator labels nodes). */
  gpuType: z.string().min(1),
  /** GPUs per serving replica; results are normalised per GPU. */
  gpuCount: z.number().int().positive(),
  /** Cloud instance type the serving pods land on, e.g. `g6.4xlarge`. */
  instanceType: z.string().min(1),
  /** On-demand price of the instance in USD per hour; cost figures derive from it. */
  pricePerHour: positive,
  /** Node selector of the serving pods (informational for the benchmark; used by serving manifests). */
  nodeSelector: z.record(z.string(), z.string()).default({}),
  /** Tolerations of the serving pods. */
  tolerations: z.array(toleration).default([]),
});

const tokenizerSchema = z.union([
  z.strictObject({
    /** Hugging Face model id whose tokenizer GuideLLM downloads (needs internet or a mirror). */
    huggingFace: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: 'must be a Hugging Face id such as org/name' }),
  }),
  z.strictObject({
    /** Tokenizer files on a PVC, for disconnected clusters: mounted read-only, `HF_HUB_OFFLINE=1`. */
    pvc: z.strictObject({
      claimName: dnsName('PVC name'),
      /** Folder inside the volume holding tokenizer.json / tokenizer_config.json. */
      path: z
        .string()
        .regex(/^[^/].*$/, { message: 'must be a relative path inside the volume' })
        .refine((p) => !p.split('/').includes('..'), { message: "must stay inside the volume (no '..')" }),
    }),
  }),
]);

export const modelSchema = z.strictObject({
  /** Model name as the vLLM server reports it in `GET /v1/models` (`--served-model-name`). */
  servedModelName: z.string().min(1),
  tokenizer: tokenizerSchema,
  /** Serving configuration declared for this model, recorded with the results so they stay comparable. */
  serving: z
    .strictObject({
      vllmVersion: z.string().optional(),
      maxModelLen: z.number().int().positive().optional(),
      kvCacheDtype: z.string().optional(),
      gpuMemoryUtilization: z.number().gt(0).max(1).optional(),
      extraArgs: z.array(z.string()).optional(),
    })
    .default({}),
});

export const scenarioSchema = z.union([
  z.strictObject({
    /** Synthetic prompts of this many tokens. */
    promptTokens: z.number().int().positive(),
    /** Generate this many output tokens per request. */
    outputTokens: z.number().int().positive(),
  }),
  z.strictObject({
    /** A dataset instead of synthetic data: a Hugging Face dataset id or a file path inside the pod. */
    dataset: z.union([
      z.strictObject({ huggingFace: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: 'must be a Hugging Face id such as org/name' }) }),
      z.strictObject({
        file: z.string().regex(/^\/[^,]*\.(json|jsonl|csv|txt|parquet)$/, {
          message: 'must be an absolute path inside the pod ending in .json, .jsonl, .csv, .txt or .parquet, without commas',
        }),
      }),
    ]),
  }),
]);

export const loadPlanSchema = z.strictObject({
  /**
   * GuideLLM profile. `rates` means, per profile: concurrent → concurrent streams (users) per level;
   * constant/poisson → requests per second per level; throughput → one max concurrency; sweep → one step count (≥ 2);
   * synchronous → no rates.
   */
  profile: z.enum(PROFILES),
  rates: z.array(positive).optional(),
  /** Stop each load level after this many seconds. */
  maxSeconds: z.number().int().positive().max(86_400, { message: 'must be at most 86400 (a day per load level)' }).optional(),
  /** Stop each load level after this many requests. */
  maxRequests: z.number().int().positive().optional(),
  /** Stop after this many errored requests. */
  maxErrors: z.number().int().positive().optional(),
  /** Stop when the error rate exceeds this fraction (strictly between 0 and 1). */
  maxErrorRate: z.number().gt(0).lt(1).optional(),
  /** Fraction (0–1) of each level excluded from the figures at its start, while the server warms up. */
  warmup: z.number().min(0).lt(1).optional(),
  /** Fraction (0–1) of each level excluded from the figures at its end. */
  cooldown: z.number().min(0).lt(1).optional(),
  /** Fixed random seed for synthetic data and request timing, so runs are comparable. */
  /**
   * Stop a load level when GuideLLM detects over-saturation (TTFT and concurrency growing without bound): such a
   * level counts as broken. GuideLLM ≥ 0.5. @default false
   */
  stopOnOverSaturation: z.boolean().optional(),
  randomSeed: z.number().int().min(0).optional(),
});

export const catalogSchema = z.strictObject({
  gpuProfiles: z.record(dnsName('GPU profile name'), gpuProfileSchema),
  models: z.record(dnsName('model name'), modelSchema),
  scenarios: z.record(dnsName('scenario name'), scenarioSchema),
  loadPlans: z.record(dnsName('load plan name'), loadPlanSchema),
});

// ------------------------------------------------------------------------------------------ environment

/**
 * Tier thresholds of one metric: up to `excellent` is excellent, up to `acceptable` meets the SLA, beyond
 * `breaking` breaks (for output tokens per second per user, higher is better and the order reverses).
 */
const tiers = z.strictObject({ excellent: z.number().min(0), acceptable: z.number().min(0), breaking: z.number().min(0) });
/** The tiers of a fraction (error rate, KV cache usage): 0–1, so `1` for "1 %" is caught. */
const fraction = z.number().min(0).max(1, { message: 'must be a fraction from 0 to 1 (0.01 is 1 %), not a percent' });
const fractionTiers = z.strictObject({ excellent: fraction, acceptable: fraction, breaking: fraction });

/** Thresholds for every SLA metric of domain/sla.ts (what each means, its unit, direction and range are there). */
export const slaSchema = z.strictObject(
  Object.fromEntries(SLA_METRIC_NAMES.map((m) => [m, 'fraction' in SLA_METRICS[m] ? fractionTiers : tiers])) as { [M in SlaMetricName]: typeof tiers },
);

const objectiveMs = z.number().positive({ message: 'must be a time in ms above 0' }).max(86_400_000, { message: 'must be at most a day (86400000 ms)' });

/**
 * Per-request objectives of domain/slo.ts (what each means is there) and the target attainment: a request meets
 * the SLO when every objective set holds for it; a load level meets it when `attainment` of its requests do.
 */
export const sloSchema = z
  .strictObject({
    ...(Object.fromEntries(SLO_OBJECTIVE_NAMES.map((o) => [o, objectiveMs.optional()])) as { [O in SloObjective]: z.ZodOptional<typeof objectiveMs> }),
    /** Fraction (0–1) of a level's requests that must meet the objectives. @default 0.99 */
    attainment: z
      .number()
      .gt(0, { message: 'must be a fraction above 0 and at most 1 (0.99 is 99 %)' })
      .max(1, { message: 'must be a fraction above 0 and at most 1 (0.99 is 99 %), not a percent' })
      .default(DEFAULT_ATTAINMENT),
  })
  .refine((slo) => SLO_OBJECTIVE_NAMES.some((o) => slo[o] !== undefined), {
    message: `sets no objective; set at least one of ${SLO_OBJECTIVE_NAMES.join(', ')} (${SLO_OBJECTIVE_NAMES.map((o) => SLO_OBJECTIVES[o].label).join(', ')})`,
  });

/**
 * What the environment must serve, for the capacity plan (docs/capacity.md): concurrent users, or a request rate
 * with the token mix of a scenario. The targets of the listed models that ran the scenario compete: each gets the
 * replicas it needs at its sweet spot, their $/hour and $/1M output tokens; the comparison names the cheapest.
 */
export const demandSchema = z
  .strictObject({
    /** Name of the demand (in comparison.json, the Pushgateway's `demand` label). */
    name: dnsName('demand name'),
    /** Catalog models whose targets can serve it (one model on several GPU profiles, or alternatives). */
    models: z.array(z.string()).min(1, { message: 'must list at least one catalog model' }),
    /** The scenario whose benchmarks measure it (its prompt and output tokens are the token mix). */
    scenario: z.string(),
    /** Concurrent users. */
    users: z.number().positive({ message: 'must be above 0' }).optional(),
    /** Requests per second. */
    requestsPerSecond: z.number().positive({ message: 'must be above 0' }).optional(),
  })
  .refine((d) => (d.users === undefined) !== (d.requestsPerSecond === undefined), { message: 'set exactly one of users (concurrent users) and requestsPerSecond' });

export const resultsSchema = z.strictObject({
  /**
   * `volume`: a PVC is the system of record (parallel Jobs and the report server share it, so it must be
   * ReadWriteMany). `objectStore`: the bucket is the system of record; each Job works on a scratch volume.
   */
  store: z.enum(['volume', 'objectStore']),
  volume: z.strictObject({
    /** PVC name. */
    claimName: dnsName('PVC name'),
    /** Storage class; omit for the cluster default. */
    storageClass: dnsSubdomain('StorageClass name').optional(),
    size: quantity,
    accessMode: z.enum(['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']),
  }),
  /**
   * The bucket (any S3 API: ODF/Ceph RGW, MinIO, AWS S3), private: every request is signed (SigV4, path-style).
   * Results go under `<prefix>/<cluster>/` (each part when set).
   */
  objectStore: z
    .strictObject({
      /** `http(s)://host[:port]`, without a path or credentials. */
      endpoint: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' }),
      /** Secret (stack namespace) with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY that may read, write and delete under the prefix: the results processor's. */
      credentialsSecret: dnsSubdomain('Secret name'),
      /** Secret (stack namespace) with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY that may only read (s3:GetObject, s3:ListBucket): the report server's. */
      readerCredentialsSecret: dnsSubdomain('Secret name'),
      /** Key prefix inside the bucket, e.g. `llm-benchmarks`. @default the bucket's root */
      prefix: z
        .string()
        .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, { message: 'must be S3 key segments (letters, digits, !_.*\'()-) joined by "/", without a leading or trailing "/"' })
        .optional(),
      /** The cluster's name when several clusters share the bucket: results go under `<prefix>/<cluster>/`. @default none */
      cluster: dnsName('cluster name').optional(),
      /** SigV4 signing region (ODF and MinIO accept us-east-1). @default us-east-1 */
      region: z.string().regex(/^[a-z0-9-]+$/, { message: 'must be a region name such as us-east-1' }).optional(),
      /**
       * ConfigMap key with the PEM CA bundle of an https endpoint (ODF's internal endpoint: the OpenShift service CA,
       * ConfigMap `openshift-service-ca.crt`, key `service-ca.crt`, present in every namespace). @default the image's roots only
       */
      caBundle: configMapKeyRef.optional(),
    })
    .optional(),
});

/**
 * One cluster of a fleet (`clusters:`): the environment's stack runs on each, synced by the hub's ArgoCD (the one in
 * `argocdNamespace`) through an ApplicationSet. What is not overridden is the environment's.
 */
export const clusterSchema = z.strictObject({
  /** The cluster's name in this project: folders `dist/<env>/<cluster>/`, Application names, result keys. */
  name: dnsName('cluster name'),
  /** Where ArgoCD deploys: its cluster Secret's `name`, or the API server URL (`server`). */
  destination: z.union([
    z.strictObject({ name: z.string().min(1).regex(/^\S+$/, { message: 'must be the name of an ArgoCD cluster Secret (no spaces)' }) }),
    z.strictObject({ server: z.url({ protocol: /^https$/, message: 'must be the https URL of the cluster\'s API server' }) }),
  ]),
  /**
   * The ServiceAccount ArgoCD acts as on this cluster (its cluster Secret's bearer token): the cluster's bootstrap/
   * grants it what the apps create. @default kube-system/argocd-manager (what `argocd cluster add` makes)
   */
  argocdServiceAccount: z.strictObject({ namespace: dnsName('namespace'), name: dnsSubdomain('ServiceAccount name') }).optional(),
  /** @default the environment's servingNamespace */
  servingNamespace: dnsName('namespace').optional(),
  /** @default the environment's appsDomain */
  appsDomain: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'must be a DNS domain such as apps.cluster.example.com' })
    .optional(),
  /** Names of the environment's targets benchmarked on this cluster. @default every target whose GPU profile is present */
  targets: z.array(z.string()).optional(),
  /** GPU profiles (catalog names) this cluster has; targets on others are not benchmarked here. @default all */
  gpuProfiles: z.array(z.string()).optional(),
});

const catalogOverrides = z.strictObject({
  /** Merged over the catalog's model entry for this target only. */
  model: z.record(z.string(), z.unknown()).optional(),
  /** Merged over the catalog's GPU profile entry for this target only. */
  gpuProfile: z.record(z.string(), z.unknown()).optional(),
});

export const targetSchema = z.strictObject({
  /** Target name, used in object names and labels. @default `<model>-<gpuProfile>` */
  name: dnsName('target name').optional(),
  /** Catalog model name. */
  model: z.string(),
  /** Catalog GPU profile name. */
  gpuProfile: z.string(),
  /**
   * The deployment serving the target: the KServe InferenceService in `servingNamespace`, whose pods are
   * `<deployment>-predictor-…`. Server-side figures select its pods. Two targets of one model (e.g. on two GPU
   * profiles) must each name theirs. @default `<model>`
   */
  deployment: dnsName('deployment (InferenceService) name').optional(),
  /** OpenAI-compatible base URL. @default `http://<deployment>-predictor.<servingNamespace>.svc.cluster.local:8080/v1` */
  endpoint: z.string().optional(),
  /** Catalog scenario names, run in this order. */
  scenarios: z.array(z.string()).min(1),
  /** Catalog load plan names; every scenario runs every plan. */
  loadPlans: z.array(z.string()).min(1),
  /** Authentication and TLS for the endpoint. */
  auth: z
    .strictObject({
      /** Secret key holding the endpoint's API key (sent as a bearer token). */
      apiKeySecret: secretKeyRef.optional(),
      /** ConfigMap key holding the CA bundle that signs an https endpoint's certificate. */
      caBundle: configMapKeyRef.optional(),
    })
    .optional(),
  overrides: catalogOverrides.optional(),
});

export const environmentSchema = z.strictObject({
  /** Namespace of this stack (benchmarks, reports, monitoring). */
  namespace: dnsName('namespace'),
  /** Namespace where the vLLM endpoints run. */
  servingNamespace: dnsName('namespace'),
  /** Namespace of the ArgoCD instance (OpenShift GitOps). */
  argocdNamespace: dnsName('namespace'),
  /** Cluster apps domain, e.g. `apps.cluster.example.com`; Routes get `<name>-<namespace>.<appsDomain>`. */
  appsDomain: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'must be a DNS domain such as apps.cluster.example.com' }),
  argocd: z.strictObject({
    /** Git repository ArgoCD syncs `dist/` from. */
    repoURL: z.string().regex(/^(https:\/\/|ssh:\/\/|git@)/, { message: 'must be an https://, ssh:// or git@ Git URL' }),
    /** Branch, tag or commit. */
    targetRevision: z.string().min(1),
    /** Automated sync of the child Applications; `false` syncs only when someone presses Sync. */
    automated: z.union([z.literal(false), z.strictObject({ prune: z.boolean(), selfHeal: z.boolean() })]),
    /**
     * The most bytes of manifests the ArgoCD instance reads for one Application: its repo server's
     * `reposerver.max.combined.directory.manifests.size` (default `10M`). Synth refuses an app folder over it; raise
     * both together for environments of several hundred targets.
     */
    maxManifestBytesPerApp: z.number().int().positive({ message: 'must be a positive number of bytes' }),
  }),
  /** Whether the cluster reaches the internet (Hugging Face downloads, GuideLLM's HTML report template). */
  internet: z.boolean(),
  /** Nightly run schedule (cron, 5 fields). */
  schedule: z.string(),
  /** IANA time zone of the schedule. */
  timeZone: z.string(),
  results: resultsSchema,
  sla: slaSchema,
  slo: sloSchema,
  /**
   * The most one run may cost, in GPU-hours and/or dollars (expected benchmark time of every target × its GPU
   * profile's GPUs and price, one replica each); synth refuses a configuration over it. @default no budget
   */
  budget: z
    .strictObject({
      gpuHoursPerRun: z.number().positive({ message: 'must be above 0' }).optional(),
      dollarsPerRun: z.number().positive({ message: 'must be above 0' }).optional(),
    })
    .optional(),
  /** What to plan capacity for. @default none: the comparison shows equal-cost fleets instead */
  demand: z.array(demandSchema).optional(),
  guidellm: z.strictObject({
    /** Pinned GuideLLM image; the tag (`vX.Y.Z`) selects the CLI generation (checked with its own message at resolve). */
    image: z.string(),
    /** CPU/memory of each benchmark pod; GuideLLM's worker processes are capped to the CPU limit. */
    resources: containerResources,
    /** Job retries; a retry resumes and never overwrites an earlier attempt's files. */
    backoffLimit: z.number().int().min(0).max(10),
    /** Seconds a finished Job is kept before Kubernetes deletes it (results stay on the volume). */
    ttlSecondsAfterFinished: z.number().int().min(0),
    /** Seconds added to each Job's deadline for image pull, tokenizer download and start-up. */
    startupAllowanceSeconds: z.number().int().min(0),
    /**
     * Requests per status (successful, errored, incomplete) whose records GuideLLM keeps in the report, or `all`.
     * The report's figures count every request either way; per-request SLO attainment and goodput need `all` on
     * GuideLLM before 0.8. A number keeps reports small (about 2.5 KB per request kept).
     * @default all
     */
    requestSamples: z.union([z.literal('all'), z.number().int().min(0).max(100000)]),
    /** Write GuideLLM's HTML report (needs internet or `reportTemplateUrl`). @default when `internet` is true */
    htmlReport: z.boolean().optional(),
    /** Mirror of GuideLLM's report template (`GUIDELLM__REPORT_GENERATION__SOURCE`) for disconnected clusters. */
    reportTemplateUrl: z
      .string()
      .regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/, { message: 'must be an http(s) URL or an absolute file path in the image (GuideLLM fetches or reads it)' })
      .optional(),
  }),
  /** The nightly dispatcher: a CronJob that starts one benchmark Job per target and waits for all of them. */
  dispatcher: z.strictObject({
    /** Pinned image with bash and kubectl (the OpenShift CLI image). */
    image: pinnedImage,
    resources: containerResources,
    /** Seconds between two looks at the run's Jobs. */
    pollSeconds: z.number().int().min(1).max(300),
  }),
  /**
   * Which runs' results to keep, on the volume (the dispatcher) or in the bucket (the results processors); a run in
   * progress is never deleted.
   */
  retention: z.strictObject({
    /** Keep at least the newest this many runs. */
    keepRuns: z.number().int().min(1),
    /** Delete runs older than this many days (beyond the newest keepRuns). */
    maxAgeDays: z.number().int().min(1),
    /**
     * Raw reports (GuideLLM's JSON and HTML, request records, logs: a target's benchmark folders) may go sooner
     * than the summaries, which keep history, regressions and the index: the same two rules for them.
     * @default kept as long as their run
     */
    rawReports: z
      .strictObject({
        keepRuns: z.number().int().min(1),
        maxAgeDays: z.number().int().min(1),
      })
      .optional(),
  }),
  /** The results processor: the benchmark Job's last step turns GuideLLM reports into the capacity answer. */
  processor: z.strictObject({
    /** Pinned Node.js image that runs the processor (one dependency-free JS file from a ConfigMap). */
    image: pinnedImage,
    resources: containerResources,
  }),
  /** Where summaries are published besides the results volume; each is optional. */
  publish: z.strictObject({
    /** Prometheus Pushgateway: `false`, `{ deploy: true }` (one in the stack) or `{ url }` (an existing one). */
    pushgateway: z.union([
      z.literal(false),
      z.strictObject({ deploy: z.literal(true), image: pinnedImage }),
      z.strictObject({ url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }) }),
    ]),
    /** Kubeflow Model Registry REST API (OpenShift AI), or `false`. */
    modelRegistry: z.union([
      z.literal(false),
      z.strictObject({
        /** Base URL, e.g. https://registry-rest.rhoai-model-registries.svc:8443 */
        url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }),
        /** ConfigMap key with the CA bundle of an https registry. */
        caBundle: configMapKeyRef.optional(),
      }),
    ]),
  }),
  /** Thresholds that flag a regression against the previous successful run of a target (or a pinned baseline). */
  regressions: z.strictObject({
    /** Max throughput dropping by more than this percent. */
    maxThroughputDropPercent: z.number().min(0).max(100),
    /** Sweet spot (users) dropping by more than this percent. */
    sweetSpotDropPercent: z.number().min(0).max(100),
    /** TTFT p95 at the same load rising by more than this percent. */
    ttftP95RisePercent: z.number().min(0),
    /**
     * A change beyond a threshold is flagged only when it also leaves the spread of the last this many successful
     * runs of the target (the run-to-run noise; with fewer than 2 such runs every change beyond the threshold is
     * flagged). 0 turns the noise band off.
     */
    noiseRuns: z.number().int().min(0).max(50),
    /** Also compare with this run id (a known-good baseline). @default none */
    baselineRunId: z
      .string()
      .regex(/^[0-9]{8}-[0-9]{6}(-[a-z0-9]+)?$/, { message: 'must be a run id such as 20261124-020000-k4x7q (a folder of the results)' })
      .optional(),
  }),
  /** Bottleneck analysis of the results processor: Prometheus queries per load level, classification thresholds. */
  analysis: analysisSchema,
  /** The `operators` app: which operators the stack installs through OLM. */
  operators: operatorsSchema,
  /** The `monitoring` app: Grafana, its datasource, dashboards, and the alert rules in the serving namespace. */
  monitoring: z.strictObject({
    grafana: grafanaSchema,
    dashboards: dashboardsSchema,
    alerts: alertsSchema,
  }),
  /** The `pipelines` app's optional parts (Tekton Triggers). */
  pipelines: pipelinesSchema,
  /** The OpenShift sign-in (oauth-proxy sidecar) in front of Grafana, the workbench and the report server. */
  oauthProxy: oauthProxySchema,
  /** The `workbench` app: its sign-in and image. */
  workbench: workbenchSchema,
  /** The `reports` app: the report server's sign-in and image. */
  reports: reportsSchema,
  /** Secret with a Hugging Face token (key `token`) for gated tokenizers; optional. */
  huggingFaceTokenSecret: secretKeyRef.optional(),
  targets: z.array(targetSchema),
  /**
   * A fleet: the same stack on each of these clusters, from one ArgoCD (an ApplicationSet of the clusters' root
   * Applications). @default one cluster, the one ArgoCD runs in
   */
  clusters: z.array(clusterSchema).min(1, { message: 'must list at least one cluster (leave clusters out for the cluster ArgoCD runs in)' }).optional(),
});

export type Catalog = z.output<typeof catalogSchema>;
export type GpuProfile = z.output<typeof gpuProfileSchema>;
export type Model = z.output<typeof modelSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type LoadPlan = z.output<typeof loadPlanSchema>;
export type Sla = z.output<typeof slaSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type TargetConfig = z.output<typeof targetSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
