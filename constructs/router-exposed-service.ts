/**
 * How a web app of the stack is reached from outside: a ClusterIP Service, a Route with TLS edge termination
 * that redirects plain HTTP, and a NetworkPolicy that admits only the OpenShift router on the app's port.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Route, RouteSpecTlsInsecureEdgeTerminationPolicy, RouteSpecTlsTermination, RouteSpecToKind } from '../imports/route-route.openshift.io';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../domain/apps';

export interface RouterExposedServiceProps {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Labels of the app's pods. */
  readonly selector: Record<string, string>;
  /** The container port, named `http` in the pod. */
  readonly port: number;
  readonly names: { readonly service: string; readonly route: string; readonly networkPolicy: string };
  /** Route host, e.g. `reports-<namespace>.<appsDomain>` (the Route schema needs host or wildcardPolicy). */
  readonly host: string;
}

export class RouterExposedService extends Construct {
  constructor(scope: Construct, id: string, props: RouterExposedServiceProps) {
    super(scope, id);
    const metadata = (name: string, wave: number) => ({ name, namespace: props.namespace, labels: props.labels, annotations: argocdAnnotations({ wave }) });
    new k8s.KubeService(this, 'Service', {
      metadata: metadata(props.names.service, RESOURCE_SYNC_WAVES.storage),
      spec: {
        type: 'ClusterIP',
        selector: props.selector,
        ports: [{ name: 'http', port: props.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });
    new Route(this, 'Route', {
      metadata: metadata(props.names.route, RESOURCE_SYNC_WAVES.storage),
      spec: {
        host: props.host,
        to: { kind: RouteSpecToKind.SERVICE, name: props.names.service, weight: 100 },
        port: { targetPort: 'http' },
        tls: { termination: RouteSpecTlsTermination.EDGE, insecureEdgeTerminationPolicy: RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT },
      },
    });
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      // before the pod exists
      metadata: metadata(props.names.networkPolicy, RESOURCE_SYNC_WAVES.access),
      spec: {
        podSelector: { matchLabels: props.selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }],
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(props.port) }],
          },
        ],
      },
    });
  }
}
