/**
 * A fleet's ApplicationSet (argoproj.io/v1alpha1, ArgoCD v3.5): a list generator over the declared clusters that
 * generates each cluster's root Application, `<env>-<cluster>-root`, syncing `dist/<env>/<cluster>/argocd` (its
 * child Applications, each deploying to that cluster) into the hub's ArgoCD namespace: the app-of-apps of a single
 * cluster, with its waves and health gating, once per cluster.
 *
 * Why the list generator, not the cluster generator: it yields exactly the declared clusters, while the cluster
 * generator yields one set of parameters per cluster Secret matching its selector (and skips `in-cluster` without a
 * Secret), so a Secret added for another purpose would start a stack there. Why one root per cluster rather than
 * child Applications from the ApplicationSet: sync waves order resources inside one Application's sync; an
 * ApplicationSet creates Applications itself, so its Applications would not wait for each other (Progressive Syncs
 * orders them within one ApplicationSet only and is off by default).
 *
 * Not imported with `cdk8s import`: the CRD's generated classes are 77,000 lines; this object is small, built from
 * the root Application's own spec (`syncedSpec`, converted with the Application import's `toJson_ApplicationSpec`)
 * and checked against the shared ApplicationSet schema by `npm run validate` and the tests.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ApplicationSpec, toJson_ApplicationSpec } from '../../imports/application-argoproj.io';
import { stackLabels } from '../labels';
import { LABELS } from '../../domain/names';
import { syncedSpec } from './child-application';
import { ROOT_PROJECT, RootApplicationProps } from './root-application';

/** The list generator's parameter holding a cluster's name. */
export const CLUSTER_PARAMETER = 'cluster';

export interface FleetApplicationSetProps {
  /** ApplicationSet name. */
  readonly name: string;
  /** Namespace of the hub's ArgoCD instance: where the ApplicationSet and the Applications it makes live. */
  readonly argocdNamespace: string;
  /** Environment name, for labels. */
  readonly environment: string;
  /** The clusters' names: one root Application each. */
  readonly clusters: readonly string[];
  readonly repoURL: string;
  readonly targetRevision: string;
  /** The roots' name, with `{{.cluster}}` where the cluster's name goes, e.g. `demo-{{.cluster}}-root`. */
  readonly rootName: string;
  /** The roots' folder, with `{{.cluster}}`, e.g. `dist/demo/{{.cluster}}/argocd`. */
  readonly path: string;
  readonly automated: RootApplicationProps['automated'];
}

/** `{{.cluster}}`: where a cluster's name goes in the template (Go templates, `goTemplate: true`). */
export const CLUSTER_PLACEHOLDER = `{{.${CLUSTER_PARAMETER}}}`;

export class FleetApplicationSet extends Construct {
  constructor(scope: Construct, id: string, props: FleetApplicationSetProps) {
    super(scope, id);
    for (const field of ['rootName', 'path'] as const) {
      if (!props[field].includes(CLUSTER_PLACEHOLDER)) throw new Error(`ApplicationSet ${props.name}: ${field} "${props[field]}" must hold ${CLUSTER_PLACEHOLDER}, or every cluster gets the same root`);
    }
    if (props.clusters.length === 0) throw new Error(`ApplicationSet ${props.name}: a fleet needs at least one cluster`);
    const spec: ApplicationSpec = {
      project: ROOT_PROJECT,
      ...syncedSpec({ ...props, destinationNamespace: props.argocdNamespace, syncOptions: ['PruneLast=true'] }),
    };
    new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: props.name, namespace: props.argocdNamespace, labels: stackLabels('argocd', props.environment) },
      spec: {
        goTemplate: true,
        // a parameter the template names and the list lacks is an error, not an empty string
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements: props.clusters.map((cluster) => ({ [CLUSTER_PARAMETER]: cluster })) } }],
        template: {
          metadata: { name: props.rootName, labels: { ...stackLabels('argocd', props.environment), [LABELS.cluster]: CLUSTER_PLACEHOLDER } },
          spec: toJson_ApplicationSpec(spec),
        },
        // removing a cluster from the list deletes its root Application, never what that root deployed
        syncPolicy: { preserveResourcesOnDeletion: true },
      },
    });
  }
}
