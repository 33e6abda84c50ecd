/**
 * The apps an environment deploys (one output folder and one ArgoCD Application each), ArgoCD sync waves and
 * sync options: the numbers and annotation records every construct uses, so the order of a sync is decided in
 * one place.
 *
 * Two levels of ordering:
 * - between apps: the child Applications in `dist/ENV/argocd/` carry {@link APP_SYNC_WAVES}; the root Application
 *   applies them wave by wave (and waits for each to be Healthy only when the ArgoCD instance has the Application
 *   health check: see ./health-check.ts);
 * - inside one app: objects carry {@link RESOURCE_SYNC_WAVES} through {@link syncWave} or {@link argocdAnnotations}.
 */

/** Annotation keys ArgoCD reads on the objects it syncs. */
export const ARGOCD_ANNOTATIONS = {
  syncWave: 'argocd.argoproj.io/sync-wave',
  syncOptions: 'argocd.argoproj.io/sync-options',
  /** Marks a resource hook (`PreSync`, `Sync`, `PostSync`, `SyncFail`): run at sync, not kept in sync. */
  hook: 'argocd.argoproj.io/hook',
  hookDeletePolicy: 'argocd.argoproj.io/hook-delete-policy',
} as const;

/**
 * Wave of each child Application (lower syncs first). Operators (namespaces, OLM Subscriptions that bring the
 * CRDs) come first; then the apps whose custom resources need those CRDs (Grafana, Tekton); then the apps built
 * on core kinds, the results storage before the report server that reads it.
 */
export const APP_SYNC_WAVES = {
  operators: 0,
  monitoring: 1,
  pipelines: 1,
  benchmarks: 2,
  workbench: 2,
  reports: 3,
} as const;

/** An app that becomes a child Application. */
export type ChildApp = keyof typeof APP_SYNC_WAVES;

/** App folders that become child Applications (when they have objects), in sync-wave order. */
export const CHILD_APPS = ['operators', 'monitoring', 'pipelines', 'benchmarks', 'workbench', 'reports'] as const satisfies readonly ChildApp[];
/** Output folders ArgoCD syncs: the child apps, and `argocd` (synced by the root Application). */
export const SYNCED_APPS = [...CHILD_APPS, 'argocd'] as const;
/** Output folders outside every Application's path. */
export const UNSYNCED_FOLDERS = ['jobs', 'pipelineruns', 'bootstrap'] as const;

export type OutputFolder = (typeof SYNCED_APPS)[number] | (typeof UNSYNCED_FOLDERS)[number];

/**
 * Waves inside one app (ArgoCD's default is 0). Use these, not literal numbers, so every app orders the same
 * kinds the same way.
 */
export const RESOURCE_SYNC_WAVES = {
  /** Namespaces, before anything is created in them. */
  namespaces: -3,
  /** ServiceAccounts, Roles, RoleBindings, OperatorGroups: what later objects run as or are installed under. */
  access: -2,
  /** OLM Subscriptions (after their OperatorGroup); the AppProject before the Applications that use it. */
  prerequisites: -1,
  /** PVCs, ConfigMaps, Services: storage and configuration (ArgoCD's default wave). */
  storage: 0,
  /** Deployments, CronJobs, operator custom resources that use the storage and configuration. */
  workloads: 1,
} as const;

/** `{ 'argocd.argoproj.io/sync-wave': '<n>' }`: ArgoCD wants the wave as a string. */
export function syncWave(wave: number): Record<string, string> {
  if (!Number.isInteger(wave)) throw new Error(`sync wave must be an integer, got ${wave}`);
  return { [ARGOCD_ANNOTATIONS.syncWave]: String(wave) };
}

/** Sync options this stack uses, on an Application (`spec.syncPolicy.syncOptions`) or an object (annotation). */
export type SyncOption =
  /** Create the Application's destination namespace when it is missing (Application only). */
  | 'CreateNamespace=true'
  /** Skip the dry run of a custom resource whose CRD arrives in the same sync (an operator installs it). */
  | 'SkipDryRunOnMissingResource=true'
  /** Server-side apply: for objects over the 256 KiB last-applied annotation limit (dashboards). */
  | 'ServerSideApply=true'
  /** Prune after every other object of the sync is applied and healthy. */
  | 'PruneLast=true'
  /** Do not overwrite the fields listed in `ignoreDifferences` when syncing (Application only). */
  | 'RespectIgnoreDifferences=true'
  /** Never delete this object, even when pruned or when its Application is deleted (results volume). */
  | 'Delete=false'
  /** Never prune this object. */
  | 'Prune=false'
  /** Replace instead of apply (for objects apply cannot update). */
  | 'Replace=true';

/** `{ 'argocd.argoproj.io/sync-options': 'A,B' }`, or `{}` for no options. */
export function syncOptions(...options: SyncOption[]): Record<string, string> {
  const unique = [...new Set(options)];
  return unique.length === 0 ? {} : { [ARGOCD_ANNOTATIONS.syncOptions]: unique.join(',') };
}

/**
 * The annotations of a custom resource whose CRD an operator of the `operators` app installs during the same
 * sync: without it the dry run fails with "the server could not find the requested resource" and the whole
 * sync stops.
 */
export function skipDryRunOnMissingResource(): Record<string, string> {
  return syncOptions('SkipDryRunOnMissingResource=true');
}

/** What {@link argocdAnnotations} takes. */
export interface ArgocdAnnotationOptions {
  /**
   * Sync wave, e.g. `RESOURCE_SYNC_WAVES.workloads`.
   * @default none (ArgoCD's wave 0)
   */
  readonly wave?: number;
  /**
   * Sync options of this object.
   * @default none
   */
  readonly options?: readonly SyncOption[];
}

/** Wave and sync-option annotations in one record, to spread into `metadata.annotations`. */
export function argocdAnnotations(opts: ArgocdAnnotationOptions): Record<string, string> {
  return {
    ...(opts.wave === undefined ? {} : syncWave(opts.wave)),
    ...syncOptions(...(opts.options ?? [])),
  };
}

/**
 * Retry of a failed sync: 10 attempts, 15 s doubling to 5 min (about 35 min in all), long enough for OLM to
 * install an operator and its CRDs when the instance does not wait for Application health.
 */
export const SYNC_RETRY = {
  limit: 10,
  backoff: { duration: '15s', factor: 2, maxDuration: '5m' },
} as const;
