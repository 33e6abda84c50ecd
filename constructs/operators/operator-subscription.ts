/**
 * One operator installed through OLM: its Subscription and, where the stack owns the namespace, an OperatorGroup
 * for all namespaces. In a shared namespace such as `openshift-operators` OpenShift already has the global
 * OperatorGroup: a second one there makes OLM refuse every operator of the namespace ("TooManyOperatorGroups"),
 * so none is written.
 */
import { Construct } from 'constructs';
import { OperatorGroup } from '../../imports/operatorgroup-operators.coreos.com';
import { Subscription } from '../../imports/subscription-operators.coreos.com';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';

export interface OperatorSubscriptionProps {
  /** Namespace of the Subscription (and OperatorGroup). */
  readonly namespace: string;
  /** OLM package name; also the Subscription's and OperatorGroup's name. */
  readonly packageName: string;
  readonly channel: string;
  /** CatalogSource and its namespace. */
  readonly source: string;
  readonly sourceNamespace: string;
  /**
   * First CSV to install.
   * @default none (the channel's head)
   */
  readonly startingCSV?: string;
  readonly installPlanApproval: 'Automatic' | 'Manual';
  /** Write an AllNamespaces OperatorGroup: only in a namespace the stack owns. */
  readonly ownOperatorGroup: boolean;
  readonly labels: Record<string, string>;
}

export class OperatorSubscription extends Construct {
  constructor(scope: Construct, id: string, props: OperatorSubscriptionProps) {
    super(scope, id);
    const metadata = (wave: number) => ({ name: props.packageName, namespace: props.namespace, labels: props.labels, annotations: argocdAnnotations({ wave }) });
    if (props.ownOperatorGroup) {
      // No targetNamespaces: AllNamespaces (the Grafana Operator then reconciles Grafana CRs in the stack namespace).
      new OperatorGroup(this, 'OperatorGroup', { metadata: metadata(RESOURCE_SYNC_WAVES.access), spec: {} });
    }
    new Subscription(this, 'Subscription', {
      metadata: metadata(RESOURCE_SYNC_WAVES.prerequisites),
      spec: {
        name: props.packageName,
        channel: props.channel,
        source: props.source,
        sourceNamespace: props.sourceNamespace,
        installPlanApproval: props.installPlanApproval,
        startingCsv: props.startingCSV,
      },
    });
  }
}
