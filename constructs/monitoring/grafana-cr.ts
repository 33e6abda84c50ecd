/**
 * The Grafana CR (grafana.integreatly.org/v1beta1) of the `monitoring` app: the operator turns it into a Deployment,
 * Service, ServiceAccount and Route. Facts of Grafana Operator v5 this relies on (docs at
 * grafana.github.io/grafana-operator: examples "OpenShift", "Oauth proxy", "Admin Credentials Secret",
 * "Grafana deployment config"; CRD v5.24.0 in ../shared/crds):
 * - the objects are named `<cr>-deployment`, `<cr>-service`, `<cr>-sa`, `<cr>-route` (controllers/resources/
 *   resources.go);
 * - `spec.deployment`, `spec.service`, `spec.route`, `spec.serviceAccount` are strategic-merge patches over the
 *   operator's defaults (api/v1beta1/typeoverrides.go `Merge`): containers and volumes merge by name, ports by
 *   port, so the `grafana` container keeps the operator's image, ports, probe and mounts and gets ours on top;
 * - the operator talks to Grafana through the Service on port 3000 (`status.adminUrl`, service_reconciler.go)
 *   unless `spec.client.preferIngress`, so the sign-in proxy in front of the Route is not in its way;
 * - `disableDefaultAdminSecret: true` + `GF_SECURITY_ADMIN_USER`/`_PASSWORD` from a Secret in the `grafana`
 *   container's env: the operator reads the admin credentials from there (controllers/client/auth.go
 *   getContainerEnvCredentials) to call Grafana's API with basic auth;
 * - `disableDefaultSecurityContext: All`: the operator writes no security context, so the pod gets exactly the
 *   stack's restricted-v2 one (constructs/security.ts) whatever the operator version's defaults are.
 *
 * Sign-in (`monitoring.grafana.signIn`):
 * - `openshift` (default): the oauth-proxy of ../openshift-sign-in.ts in the Grafana pod, the Route to its port;
 *   Grafana trusts `X-Forwarded-User` only from localhost (`auth.proxy.whitelist`), signs users up as Viewer,
 *   keeps basic auth for the operator and the admin (`oc port-forward`), and has no anonymous access.
 * - `anonymousViewer` (explicit opt-in for demo clusters): no proxy, anonymous users are Viewers.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/schema';
import type { GrafanaConfig } from '../../config/sections/grafana';
import {
  Grafana,
  GrafanaSpecDeploymentSpecTemplateSpec,
  GrafanaSpecDisableDefaultSecurityContext,
  GrafanaSpecRouteSpecPortTargetPort,
  GrafanaSpecRouteSpecTlsInsecureEdgeTerminationPolicy,
  GrafanaSpecRouteSpecTlsTermination,
  GrafanaSpecRouteSpecToKind,
  GrafanaSpecServiceSpecPortsTargetPort,
} from '../../imports/grafana-grafana.integreatly.org';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { stackLabels } from '../labels';
import { LABEL_PREFIX, routeHost, ROUTES } from '../../domain/names';
import { OAUTH_PROXY, oauthProxyPodParts, oauthRedirectReference, trustedCaConfigMapMetadata } from '../openshift-sign-in';
import { resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { grafanaInstanceLabels } from './grafana-names';

/** The Grafana CR's name and the names the operator derives from it; stable API. */
export const GRAFANA_NAMES = {
  instance: ROUTES.grafana,
  /** Created by the operator. */
  service: 'grafana-service',
  serviceAccount: 'grafana-sa',
  route: 'grafana-route',
  /** Ours. */
  trustedCa: 'grafana-trusted-ca',
  networkPolicy: 'grafana',
} as const;

/** Grafana's HTTP port and the operator's name for the container. */
export const GRAFANA_PORT = 3000;
export const GRAFANA_CONTAINER = 'grafana';
/** The Service / container port name of the oauth-proxy in the Grafana pod. */
export const GRAFANA_SIGN_IN_PORT_NAME = 'oauth-proxy';
/** Label on the Grafana pods (template metadata is merged), for the NetworkPolicy. */
export const GRAFANA_POD_LABEL = `${LABEL_PREFIX}/grafana-pod`;

/** `grafana-<namespace>.<appsDomain>`: the Route's host. */
export function grafanaHost(namespace: string, appsDomain: string): string {
  return routeHost(GRAFANA_NAMES.instance, namespace, appsDomain, 'grafana');
}

/** grafana.ini sections (`spec.config`): every value a string, as the CRD wants. */
export function grafanaConfig(signIn: 'openshift' | 'anonymousViewer', host: string): Record<string, Record<string, string>> {
  const common = {
    log: { mode: 'console' },
    server: { root_url: `https://${host}/` },
    // Disconnected-friendly and quiet: no calls home.
    analytics: { reporting_enabled: 'false', check_for_updates: 'false', check_for_plugin_updates: 'false' },
    security: { cookie_secure: 'true', disable_gravatar: 'true' },
    // The operator calls the API with the admin's basic credentials; the admin signs in the same way.
    'auth.basic': { enabled: 'true' },
    users: { allow_sign_up: 'false', auto_assign_org_role: 'Viewer' },
  };
  if (signIn === 'anonymousViewer') {
    return {
      ...common,
      auth: { disable_login_form: 'false' },
      'auth.anonymous': { enabled: 'true', org_role: 'Viewer' },
    };
  }
  return {
    ...common,
    // Signing out of Grafana would sign straight back in through the proxy.
    auth: { disable_login_form: 'false', disable_signout_menu: 'true' },
    'auth.anonymous': { enabled: 'false' },
    'auth.proxy': {
      enabled: 'true',
      header_name: OAUTH_PROXY.userHeader,
      header_property: 'username',
      auto_sign_up: 'true',
      // Only the sidecar may assert a user: a request with the header from anywhere else is refused.
      whitelist: '127.0.0.1, ::1',
      enable_login_token: 'false',
    },
  };
}

export interface GrafanaCrProps {
  /** The environment's name (labels, the instance selector). */
  readonly environment: string;
  /** The stack namespace the instance runs in. */
  readonly namespace: string;
  /** The cluster's apps domain: the Route's host is `grafana-<namespace>.<appsDomain>`. */
  readonly appsDomain: string;
  /** Version, resources, admin Secret, sign-in and datasource URL (`monitoring.grafana`). */
  readonly grafana: GrafanaConfig;
  /** The oauth-proxy's image and resources; used when `grafana.signIn` is `openshift`. */
  readonly oauthProxy: EnvironmentConfig['oauthProxy'];
  /** The namespace the Grafana Operator runs in (`operators.grafana.namespace`): it alone may call Grafana's API. */
  readonly operatorNamespace: string;
}

/** The Grafana CR, the trusted-CA ConfigMap of its oauth-proxy, and the NetworkPolicy of its pods. */
export class GrafanaCr extends Construct {
  /** `https://grafana-<namespace>.<appsDomain>/`. */
  readonly url: string;
  readonly cr: ApiObject;
  /** The pod spec merged over the operator's (`spec.deployment.spec.template.spec`), in core types. */
  readonly podSpec: k8s.PodSpec;

  constructor(scope: Construct, id: string, props: GrafanaCrProps) {
    super(scope, id);
    const { environment, namespace, grafana: cfg } = props;
    const labels = stackLabels('grafana', environment);
    const host = grafanaHost(namespace, props.appsDomain);
    this.url = `https://${host}/`;
    const openshift = cfg.signIn === 'openshift';

    const proxy = openshift
      ? oauthProxyPodParts({
          image: props.oauthProxy.image,
          resources: props.oauthProxy.resources,
          namespace,
          serviceAccount: GRAFANA_NAMES.serviceAccount,
          host,
          upstreamPort: GRAFANA_PORT,
          portName: GRAFANA_SIGN_IN_PORT_NAME,
          trustedCaConfigMap: GRAFANA_NAMES.trustedCa,
        })
      : { initContainers: [], containers: [], volumes: [] };

    if (openshift) {
      new k8s.KubeConfigMap(this, 'TrustedCa', {
        metadata: trustedCaConfigMapMetadata(GRAFANA_NAMES.trustedCa, namespace, labels, argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage })),
      });
    }

    const admin = cfg.adminCredentialsSecret;
    const grafanaContainer: k8s.Container = {
      name: GRAFANA_CONTAINER,
      env: [
        { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: admin.name, key: admin.userKey } } },
        { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: admin.name, key: admin.passwordKey } } },
      ],
      resources: resourceRequirements(cfg.resources),
      // The operator mounts emptyDirs at /var/lib/grafana, /var/log/grafana and /tmp and the config
      // (deployment_reconciler.go getVolumeMounts @ v5.24.0), so the root filesystem can stay read-only.
      securityContext: restrictedContainerSecurityContext(),
    };
    this.podSpec = {
      containers: [grafanaContainer, ...proxy.containers],
      ...(proxy.initContainers.length > 0 ? { initContainers: proxy.initContainers } : {}),
      // Grafana never calls the Kubernetes API; the proxy gets its token through its own projected volume.
      automountServiceAccountToken: false,
      securityContext: restrictedPodSecurityContext(),
      ...(proxy.volumes.length > 0 ? { volumes: proxy.volumes } : {}),
    };

    this.cr = new Grafana(this, 'Grafana', {
      metadata: {
        name: GRAFANA_NAMES.instance,
        namespace,
        // exactly the labels every GrafanaDashboard/GrafanaDatasource/GrafanaFolder selects, plus the stack's
        labels: { ...labels, ...grafanaInstanceLabels(environment) },
        annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.workloads, options: ['SkipDryRunOnMissingResource=true'] }),
      },
      spec: {
        version: cfg.version,
        // Merged over the operator's Deployment (containers and volumes by name). The CRD repeats the core pod
        // types as its own generated classes, with the same fields; the pod is built from the core types because
        // the oauth-proxy parts are shared with the workbench's Deployment (test: nothing is lost on the way).
        deployment: {
          spec: {
            replicas: 1,
            template: {
              metadata: { labels: { [GRAFANA_POD_LABEL]: environment }, annotations: { 'openshift.io/required-scc': 'restricted-v2' } },
              spec: this.podSpec as unknown as GrafanaSpecDeploymentSpecTemplateSpec,
            },
          },
        },
        disableDefaultAdminSecret: true,
        disableDefaultSecurityContext: GrafanaSpecDisableDefaultSecurityContext.ALL,
        config: grafanaConfig(cfg.signIn, host),
        route: {
          spec: {
            host,
            to: { kind: GrafanaSpecRouteSpecToKind.SERVICE, name: GRAFANA_NAMES.service, weight: 100 },
            ...(openshift ? { port: { targetPort: GrafanaSpecRouteSpecPortTargetPort.fromString(GRAFANA_SIGN_IN_PORT_NAME) } } : {}),
            tls: { termination: GrafanaSpecRouteSpecTlsTermination.EDGE, insecureEdgeTerminationPolicy: GrafanaSpecRouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT },
            wildcardPolicy: 'None',
          },
        },
        ...(openshift
          ? {
              service: {
                spec: {
                  ports: [{ name: GRAFANA_SIGN_IN_PORT_NAME, port: OAUTH_PROXY.port, targetPort: GrafanaSpecServiceSpecPortsTargetPort.fromString(GRAFANA_SIGN_IN_PORT_NAME), protocol: 'TCP' }],
                },
              },
              serviceAccount: { metadata: { annotations: oauthRedirectReference(GRAFANA_NAMES.route) } },
            }
          : {}),
      },
    });

    // Only the router (to the proxy, or to Grafana without sign-in) and the operator (Grafana's API), from the
    // namespace it runs in (ours or a pre-installed one: operators.grafana.namespace), get in.
    const routerPort = openshift ? OAUTH_PROXY.port : GRAFANA_PORT;
    const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: GRAFANA_NAMES.networkPolicy, namespace, labels, annotations: argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.access }) },
      spec: {
        podSelector: { matchLabels: { [GRAFANA_POD_LABEL]: environment } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }], ports: [tcp(routerPort)] },
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.operatorNamespace } } }], ports: [tcp(GRAFANA_PORT)] },
        ],
      },
    });
  }
}
