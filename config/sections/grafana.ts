/** Configuration of the Grafana instance, its sign-in and its Thanos Querier datasource (`monitoring` app). */
import { z } from 'zod';
import { containerResources, dataKey, refinePinned } from './sign-in';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Secret data key: alphanumerics, '-', '_' and '.'. */

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
    name: z.string().regex(DNS_SUBDOMAIN, { message: "must be a Secret name (lowercase letters, digits, '-' and '.')" }).max(253),
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
});
export type GrafanaConfig = z.output<typeof grafanaSchema>;
