/** Configuration of the Grafana instance, its sign-in, its Thanos Querier datasource and a fleet's fleet-wide datasource (`monitoring` app). */
import { z } from 'zod';
import { configMapKeyRef, containerResources, dataKey, dnsSubdomain, refinePinned, secretKeyRef } from './sign-in';

export const grafanaSchema = z.strictObject({
  /**
   * Grafana version: the tag of docker.io/grafana/grafana the operator runs (`spec.version`), e.g. `13.0.1`, or a
   * full image reference pinned by tag or digest.
   */
  version: z
    .string()
    .regex(/^([0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?|[a-z0-9.-]+(:[0-9]+)?\/[a-z0-9._\/-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?|@sha256:[a-f0-9]{64}))$/, {
      message: 'must be a Grafana version such as 13.0.1 or an image reference pinned to a full release tag or digest',
    })
    // a bare version is checked by the pattern; an image reference by the rule every image follows
    .superRefine((v, ctx) => {
      if (v.includes('/')) refinePinned(v, ctx);
    }),
  /** CPU and memory of the Grafana container. */
  resources: containerResources,
  /**
   * Secret in the stack namespace with the Grafana admin's user name and password (created out of band, never
   * in git). The operator reads them from the Grafana container's environment to call Grafana's API.
   */
  adminCredentialsSecret: z.strictObject({
    name: dnsSubdomain('Secret name'),
    userKey: dataKey,
    passwordKey: dataKey,
  }),
  /**
   * `openshift`: users sign in with their OpenShift account through an oauth-proxy and get the Viewer role;
   * `anonymousViewer`: no sign-in, anyone who reaches the Route sees every dashboard and, through the datasource,
   * every metric of the cluster. Only for demo clusters, as an explicit opt-in.
   */
  signIn: z.enum(['openshift', 'anonymousViewer']),
  /** The Thanos Querier URL the datasource queries (port 9091 needs a bearer token with `cluster-monitoring-view`). */
  thanosQuerierUrl: z.url({ protocol: /^https$/, message: 'must be an https URL' }),
  /**
   * Only in a fleet (`clusters:`): a Prometheus query API that answers for every cluster of the fleet (a Thanos
   * Querier over each cluster's monitoring, Red Hat ACM Observability's API, ...). Each cluster's Grafana gets a
   * second datasource to it and a fourth dashboard, "Model comparison and ROI across clusters", with a `cluster`
   * variable; the results processor's series carry their cluster's name in the `cluster` label, which the store must
   * keep. Without it the comparison dashboard is per cluster. The Secrets and ConfigMap are in the stack namespace
   * of every cluster, created out of band. @default none: dashboards per cluster
   */
  fleetDatasource: z
    .strictObject({
      /** The query API's base URL (Grafana appends `/api/v1/query`...), e.g. `https://thanos-querier.hub.example.com`. */
      url: z.url({ protocol: /^https$/, message: 'must be an https URL' }),
      /** Secret key holding a bearer token sent as `Authorization: Bearer <token>`. @default no token */
      bearerTokenSecret: secretKeyRef.optional(),
      /** A `kubernetes.io/tls` Secret (keys `tls.crt`, `tls.key`): Grafana's client certificate (mutual TLS). @default none */
      clientCertificateSecret: z.strictObject({ name: dnsSubdomain('Secret name') }).optional(),
      /** ConfigMap key with the PEM CA bundle that signed the query API's certificate. @default Grafana's system roots */
      caBundle: configMapKeyRef.optional(),
    })
    .optional(),
});
export type GrafanaConfig = z.output<typeof grafanaSchema>;
