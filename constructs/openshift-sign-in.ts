/**
 * OpenShift sign-in for a web app of the stack: the OpenShift oauth-proxy (github.com/openshift/oauth-proxy) as a
 * sidecar in the app's pod, between the Route and the app. Grafana (constructs/monitoring/grafana-cr.ts) and the
 * workbench (constructs/workbench.ts) both build their proxy here.
 *
 * - OAuth client: the pod's ServiceAccount, annotated with an OAuthRedirectReference to the app's Route
 *   (`--openshift-service-account`; the client secret is the ServiceAccount token), so no OAuthClient object and
 *   no client secret in git.
 * - Who gets in: users for whom `--openshift-sar` allows `get` on Services in the stack namespace (its viewers,
 *   editors and admins), checked with the user's own token at each sign-in.
 * - Cookie secret: 32 random characters written by an init container into a memory emptyDir at pod start. Nothing
 *   in git and nothing to create by hand; sessions end when the pod is replaced (users sign in again, the
 *   OpenShift session usually makes that one redirect). The apps run one replica, so no pod needs another's secret.
 *   The proxy only signs its cookie with it (it encrypts nothing without --pass-access-token/--cookie-refresh).
 * - Transport: the Route terminates TLS (edge) and redirects plain HTTP; the proxy listens on plain HTTP. The app
 *   still listens on the pod IP, so each app's NetworkPolicy admits the router on the proxy's port only.
 * - ServiceAccount token: mounted, by a projected volume, into the proxy container only (the pod's automount is
 *   off), with the same three files automount gives; the app containers never see it.
 *
 * Flags and defaults read from openshift/oauth-proxy main.go and oauthproxy.go (master): `--http-address`,
 * `--https-address` (default :8443, emptied), `--openshift-sar`, `--openshift-ca` (repeatable), `--pass-basic-auth`
 * (default true: would send an Authorization header), `--pass-user-headers`, `--proxy-websockets` (default true,
 * Streamlit needs it), ping path `<proxy-prefix>/healthz` = `/oauth/healthz`, cookie cipher only with
 * `--pass-access-token` or `--cookie-refresh`.
 */
import { k8s } from 'cdk8s-plus-28';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext } from './security';

/** Port and paths of the proxy, fixed for every app. */
export const OAUTH_PROXY = {
  containerName: 'oauth-proxy',
  cookieInitContainerName: 'oauth-proxy-cookie-secret',
  /** Plain HTTP behind the Route's edge TLS. */
  port: 4180,
  /** The proxy's own health endpoint (its `--ping-path` default); answered without sign-in. */
  healthPath: '/oauth/healthz',
  cookieDir: '/etc/oauth-proxy/cookie',
  trustedCaDir: '/etc/oauth-proxy/trusted-ca',
  /** Where automount would put the ServiceAccount files; the proxy reads token, ca.crt and namespace there. */
  serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
  volumes: { cookie: 'oauth-proxy-cookie', token: 'oauth-proxy-token', trustedCa: 'oauth-proxy-trusted-ca' },
  /** Header carrying the signed-in OpenShift user name to the app. */
  userHeader: 'X-Forwarded-User',
} as const;
export const OAUTH_PROXY_COOKIE_FILE = `${OAUTH_PROXY.cookieDir}/secret`;

/** Label that makes the Cluster Network Operator fill a ConfigMap's `ca-bundle.crt` with the cluster's trusted CAs. */
export const INJECT_TRUSTED_CA_LABEL = 'config.openshift.io/inject-trusted-cabundle';

/**
 * The init container's script: 32 characters from [A-Za-z0-9] (about 190 bits) into `file`, a length a cookie
 * cipher accepts as is; fails when the file is not exactly 32 bytes.
 */
export function cookieSecretScript(file: string): string {
  return `set -eu; umask 077; LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 >'${file}'; test "$(wc -c <'${file}')" -eq 32`;
}

/**
 * `serviceaccounts.openshift.io/oauth-redirectreference.primary`: lets the ServiceAccount act as an OAuth client
 * whose redirect URIs are those of Route `route` (OpenShift docs, "Using a service account as an OAuth client").
 */
export function oauthRedirectReference(route: string): Record<string, string> {
  const reference = { kind: 'OAuthRedirectReference', apiVersion: 'v1', reference: { kind: 'Route', name: route } };
  return { 'serviceaccounts.openshift.io/oauth-redirectreference.primary': JSON.stringify(reference) };
}

export interface OAuthProxyOptions {
  /** Pinned oauth-proxy image. */
  readonly image: string;
  /** CPU and memory of the proxy container (the init container gets the same). */
  readonly resources: ContainerResources;
  /** The stack namespace: who may `get` Services here may sign in. */
  readonly namespace: string;
  /** The pod's ServiceAccount, annotated with {@link oauthRedirectReference}. */
  readonly serviceAccount: string;
  /** The Route's host: the OAuth callback is `https://<host>/oauth/callback`. */
  readonly host: string;
  /** The app's port on localhost. */
  readonly upstreamPort: number;
  /** Name of the proxy's container port (the Service targets it), at most 15 characters. */
  readonly portName: string;
  /** ConfigMap labelled {@link INJECT_TRUSTED_CA_LABEL}: CAs to trust for the OAuth server's route. */
  readonly trustedCaConfigMap: string;
}

/** The proxy's command line. */
export function oauthProxyArgs(o: OAuthProxyOptions): string[] {
  const sar = JSON.stringify({ namespace: o.namespace, resource: 'services', verb: 'get' });
  return [
    '--provider=openshift',
    `--http-address=0.0.0.0:${OAUTH_PROXY.port}`,
    '--https-address=',
    `--upstream=http://localhost:${o.upstreamPort}`,
    `--openshift-service-account=${o.serviceAccount}`,
    `--client-secret-file=${OAUTH_PROXY.serviceAccountDir}/token`,
    `--openshift-sar=${sar}`,
    `--redirect-url=https://${o.host}/oauth/callback`,
    `--cookie-secret-file=${OAUTH_PROXY_COOKIE_FILE}`,
    '--cookie-secure=true',
    // OpenShift decides who gets in (the SAR), not the e-mail domain.
    '--email-domain=*',
    // The app gets the user in X-Forwarded-User, never an Authorization header it might take for its own login.
    '--pass-basic-auth=false',
    '--pass-user-headers=true',
    '--pass-access-token=false',
    '--skip-provider-button=true',
    // The OAuth server's route: system CAs, the cluster's (the ServiceAccount ca.crt includes the ingress CA) and
    // the cluster-wide trusted bundle (custom ingress certificates signed by a private CA).
    '--openshift-ca=/etc/pki/tls/cert.pem',
    `--openshift-ca=${OAUTH_PROXY.serviceAccountDir}/ca.crt`,
    `--openshift-ca=${OAUTH_PROXY.trustedCaDir}/ca-bundle.crt`,
  ];
}

/** What the proxy adds to the app's pod spec. */
export interface OAuthProxyPodParts {
  readonly initContainers: k8s.Container[];
  readonly containers: k8s.Container[];
  readonly volumes: k8s.Volume[];
}

/** The cookie-secret init container, the proxy container and their volumes. */
export function oauthProxyPodParts(o: OAuthProxyOptions): OAuthProxyPodParts {
  if (o.portName.length > 15) throw new Error(`oauth-proxy: port name "${o.portName}" is longer than 15 characters`);
  const probe = (periodSeconds: number): k8s.Probe => ({
    httpGet: { path: OAUTH_PROXY.healthPath, port: k8s.IntOrString.fromString(o.portName) },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold: 3,
  });
  const resources = resourceRequirements(o.resources);
  return {
    initContainers: [
      {
        name: OAUTH_PROXY.cookieInitContainerName,
        image: o.image,
        imagePullPolicy: 'IfNotPresent',
        command: ['/bin/sh', '-c', cookieSecretScript(OAUTH_PROXY_COOKIE_FILE)],
        resources,
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [{ name: OAUTH_PROXY.volumes.cookie, mountPath: OAUTH_PROXY.cookieDir }],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
    ],
    containers: [
      {
        name: OAUTH_PROXY.containerName,
        image: o.image,
        imagePullPolicy: 'IfNotPresent',
        args: oauthProxyArgs(o),
        ports: [{ name: o.portName, containerPort: OAUTH_PROXY.port, protocol: 'TCP' }],
        readinessProbe: probe(10),
        livenessProbe: probe(20),
        resources,
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [
          { name: OAUTH_PROXY.volumes.cookie, mountPath: OAUTH_PROXY.cookieDir, readOnly: true },
          { name: OAUTH_PROXY.volumes.token, mountPath: OAUTH_PROXY.serviceAccountDir, readOnly: true },
          { name: OAUTH_PROXY.volumes.trustedCa, mountPath: OAUTH_PROXY.trustedCaDir, readOnly: true },
        ],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
    ],
    volumes: [
      { name: OAUTH_PROXY.volumes.cookie, emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
      // Not optional: the pod waits until the Cluster Network Operator has filled the bundle.
      {
        // The files automount would give, for this container only.
        name: OAUTH_PROXY.volumes.token,
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
      { name: OAUTH_PROXY.volumes.trustedCa, configMap: { name: o.trustedCaConfigMap, items: [{ key: 'ca-bundle.crt', path: 'ca-bundle.crt' }] } },
    ],
  };
}

/** Metadata of the trusted-CA ConfigMap: no data in git, the Cluster Network Operator fills `ca-bundle.crt`. */
export function trustedCaConfigMapMetadata(name: string, namespace: string, labels: Record<string, string>, annotations: Record<string, string>): k8s.ObjectMeta {
  return { name, namespace, labels: { ...labels, [INJECT_TRUSTED_CA_LABEL]: 'true' }, annotations };
}
