/** Configuration of the `operators` app: OLM Subscriptions of the Grafana Operator and OpenShift Pipelines. */
import { z } from 'zod';

/** OLM package names in their catalogs; a starting CSV is `<package>.v<version>`. */
export const OPERATOR_PACKAGES = {
  grafana: 'grafana-operator',
  openshiftPipelines: 'openshift-pipelines-operator-rh',
} as const;

/**
 * OperatorHub's default CatalogSources in `openshift-marketplace`: they pull their index images from the internet,
 * and a disconnected cluster has them disabled (`OperatorHub` `spec.disableAllDefaultSources`); oc-mirror creates
 * CatalogSources of other names for the mirrored packages.
 */
export const DEFAULT_CATALOG_SOURCES = ['redhat-operators', 'certified-operators', 'community-operators', 'redhat-marketplace'] as const;
const DEFAULT_CATALOG_NAMESPACE = 'openshift-marketplace';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const catalogSource = z.string().regex(DNS_LABEL, { message: 'must be a CatalogSource name (DNS-1123 label), e.g. community-operators' });

/** The Subscription fields an environment chooses. */
const subscriptionFields = {
  /** Update channel of the package, e.g. `v5` (Grafana Operator) or `latest` (OpenShift Pipelines). */
  channel: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'must be a channel name such as v5, latest or pipelines-1.20' }),
  /** CatalogSource holding the package. */
  source: catalogSource,
  /** Namespace of the CatalogSource. */
  sourceNamespace: z.string().regex(DNS_LABEL, { message: 'must be a namespace name' }),
  /**
   * The CSV OLM installs first, `<package>.v<version>`. With `installPlanApproval: Automatic` OLM upgrades past
   * it at once along the channel; pin a version with `Manual` (then approve each InstallPlan).
   * @default none (the channel's head)
   */
  startingCSV: z.string().optional(),
  /** `Automatic`: OLM installs upgrades by itself; `Manual`: an admin approves each InstallPlan. */
  installPlanApproval: z.enum(['Automatic', 'Manual']),
};

/** `startingCSV` must name the package's own CSV, or OLM never resolves the Subscription. */
function checkStartingCsv(pkg: string) {
  return (value: { startingCSV?: string }, ctx: z.RefinementCtx) => {
    const csv = value.startingCSV;
    if (csv !== undefined && !new RegExp(`^${pkg.replace(/[.-]/g, '\\$&')}\\.v[0-9]+\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.-]+)?$`).test(csv)) {
      ctx.addIssue({ code: 'custom', path: ['startingCSV'], message: `a starting CSV of package ${pkg} is ${pkg}.v<major>.<minor>.<patch>, e.g. ${pkg}.v1.2.3` });
    }
  };
}

export const operatorsSchema = z.strictObject({
  /** The Grafana Operator v5, by default in its own namespace `grafana-operator` with an AllNamespaces OperatorGroup. */
  grafana: z
    .strictObject({
      /**
       * Install the Grafana Operator (Namespace, AllNamespaces OperatorGroup, Subscription); `false` on clusters
       * that have it already (one install per cluster: both would reconcile the same CRDs).
       * @default true
       */
      install: z.boolean(),
      /**
       * Namespace the Grafana Operator runs in: the one the stack creates when `install`, else the existing
       * operator's (typically `openshift-operators`). Grafana's NetworkPolicy admits the operator from here.
       * @default grafana-operator
       */
      namespace: z
        .string()
        .regex(DNS_LABEL, { message: "must be a namespace name (lowercase letters, digits and '-', starting and ending with a letter or digit)" })
        .max(63, { message: 'must be a namespace name of at most 63 characters' }),
      ...subscriptionFields,
    })
    .superRefine(checkStartingCsv(OPERATOR_PACKAGES.grafana)),
  /** OpenShift Pipelines (Tekton), in `openshift-operators` under OpenShift's global OperatorGroup. */
  openshiftPipelines: z
    .strictObject({
      /** Subscribe to OpenShift Pipelines; `false` on clusters where it is installed already (one Subscription per package). */
      install: z.boolean(),
      ...subscriptionFields,
    })
    .superRefine(checkStartingCsv(OPERATOR_PACKAGES.openshiftPipelines)),
});
export type OperatorsConfig = z.output<typeof operatorsSchema>;

/**
 * Operators an environment without internet would subscribe to from a default catalog: the Subscription would
 * never resolve. Each names the operator, its path in the configuration and the fix.
 */
export function disconnectedCatalogProblems(operators: OperatorsConfig): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const [key, pkg] of Object.entries(OPERATOR_PACKAGES) as [keyof OperatorsConfig, string][]) {
    const { install, source, sourceNamespace } = operators[key];
    if (!install || sourceNamespace !== DEFAULT_CATALOG_NAMESPACE || !(DEFAULT_CATALOG_SOURCES as readonly string[]).includes(source)) continue;
    problems.push({
      path: ['operators', key, 'source'],
      message:
        `${JSON.stringify(source)} is one of OperatorHub's default catalogs, which download from the internet and are disabled on a disconnected cluster; this environment has internet: false, so mirror the ${pkg} package (oc-mirror) and set source to the CatalogSource holding the mirror, or set install: false where the operator is installed already`,
    });
  }
  return problems;
}
