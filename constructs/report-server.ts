/**
 * The report server (DESIGN.md `reports` app; URL contract in runtime/report-server/README.md): nginx serving the
 * index page and the results tree, reachable only through the OpenShift router over TLS.
 *
 * - ConfigMap `report-server-nginx`: nginx.conf (runtime/report-server/nginx-conf.ts) with the in-pod paths.
 * - ConfigMap `report-site`: the index page's files from runtime/report-server/site/ (index.html, app.js,
 *   style.css), mounted at {@link REPORT_SITE_ROOT}.
 * - Deployment `report-server`: one replica of a pinned unprivileged nginx image, run with our nginx.conf (the
 *   image's entrypoint scripts are skipped: they write to /etc/nginx), under restricted-v2 with a read-only root
 *   filesystem; an emptyDir at /tmp holds the pid file and temp paths; logs go to stdout/stderr. In volume mode the
 *   results PVC is mounted **read-only** at {@link REPORT_RESULTS_ROOT}. In object-store mode the bucket stays
 *   private: the `reader` sidecar (runtime/report-server/reader.ts, the processor's Node image) reads it with the
 *   read-only credentials of `results.objectStore.readerCredentialsSecret`, signed, and answers nginx on
 *   127.0.0.1:{@link REPORT_READER_PORT} with the same files and listings as the volume (nginx cannot sign).
 * - ConfigMap `report-server-reader` (object-store mode): reader.js and the S3 client's file.
 * - Sign-in (`reports.signIn`, default `openshift`): results name models, endpoints, prices and capacity figures, so
 *   users sign in with their OpenShift account through the oauth-proxy sidecar Grafana and the workbench use
 *   (./openshift-sign-in.ts): whoever may `get` Services in the stack namespace gets in. The pod's ServiceAccount
 *   `report-server` is the OAuth client (redirects to the Route only); ConfigMap `report-server-trusted-ca` holds
 *   the cluster's trusted CAs for the OAuth server's route. `signIn: none` is the explicit opt-out: no proxy, the
 *   Route leads to nginx.
 * - Service `report-server` and Route `reports` (`reports-<namespace>.<appsDomain>`, edge TLS, HTTP redirected to
 *   HTTPS), on the proxy's port 4180 with sign-in, on nginx's 8080 without.
 * - NetworkPolicy `report-server`: ingress on that port only from the router's namespaces
 *   (`network.openshift.io/policy-group: ingress`), so nothing reaches nginx past the sign-in. An IngressController
 *   published with `HostNetwork` (bare metal) needs the `policy-group.network.openshift.io/host-network` namespace
 *   label admitted instead.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/schema';
import type { ObjectStoreLocation } from '../domain/contracts/processor-config';
import { renderNginxConf } from '../runtime/report-server/nginx-conf';
import { objectStoreCaVolume, objectStoreCredentialsEnv, OBJECT_STORE_CA_MOUNT } from './object-store-access';
import { runtimeBundle, S3_CLIENT_FILE, s3ClientBundle } from './runtime-bundle';
import { argocdAnnotations, RESOURCE_SYNC_WAVES } from '../domain/apps';
import { stackLabels, stackSelector } from './labels';
import { RouterExposedService } from './router-exposed-service';
import { LABEL_PREFIX, routeHost, ROUTES } from '../domain/names';
import { OAUTH_PROXY, oauthProxyPodParts, oauthRedirectReference, trustedCaConfigMapMetadata } from './openshift-sign-in';
import { ContainerResources, resourceRequirements, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

/** Object names; stable API. */
export const REPORT_SERVER_NAMES = {
  deployment: 'report-server',
  service: 'report-server',
  route: ROUTES.reports,
  networkPolicy: 'report-server',
  nginxConfig: 'report-server-nginx',
  site: 'report-site',
  serviceAccount: 'report-server',
  trustedCa: 'report-server-trusted-ca',
  reader: 'report-server-reader',
} as const;

/** The reader sidecar's port, on 127.0.0.1 only (object-store mode). */
export const REPORT_READER_PORT = 8081;
/** Where the reader's code (ConfigMap `report-server-reader`) is mounted. */
export const REPORT_READER_CODE_DIR = '/reader';

/** CPU and memory of the reader when the props give none: streams objects through, a few users at a time. */
export const REPORT_READER_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '10m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

/** The reader as one CommonJS file for Node 20 (the S3 client is its own file beside it). */
export function reportReaderBundle(): string {
  return runtimeBundle('runtime/report-server/reader.ts');
}

/** Port nginx listens on, in the container and on the Service. */
export const REPORT_SERVER_PORT = 8080;

/**
 * Pinned unprivileged nginx (Debian trixie, nginx 1.30.4): runs under any UID in group 0, listens on 8080; its
 * `mime.types` is at /etc/nginx/mime.types like Debian's package. Tag published by nginx/docker-nginx-unprivileged
 * (stable 1.30.4, also on docker.io/nginxinc and ghcr.io/nginx); quay.io has no anonymous pull limits.
 */

/** Where the ConfigMap holding nginx.conf is mounted, and the file nginx is started with. */
export const REPORT_SERVER_CONFIG_DIR = '/etc/nginx/report-server';
export const REPORT_SERVER_CONFIG_FILE = `${REPORT_SERVER_CONFIG_DIR}/nginx.conf`;
/** Where the `report-site` ConfigMap (index.html, app.js, style.css) is mounted: nginx's site root. */
export const REPORT_SITE_ROOT = '/srv/report-site';
/** Where the results PVC is mounted, read-only (volume mode). */
export const REPORT_RESULTS_ROOT = '/srv/results';
/** The writable emptyDir: pid file and nginx's temp folders. */
export const REPORT_SERVER_TMP_DIR = '/tmp';
/** nginx's `mime.types` in the image. */
export const REPORT_SERVER_MIME_TYPES = '/etc/nginx/mime.types';

/** CPU and memory when the props give none: nginx serving static files to a few people. */
export const REPORT_SERVER_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '10m', memory: '32Mi' },
  limits: { cpu: '200m', memory: '128Mi' },
};

/** The folder holding the index page's files. */
export const REPORT_SITE_DIR = path.join(__dirname, '..', 'runtime', 'report-server', 'site');

/** A ConfigMap holds at most 1 MiB. */
const CONFIG_MAP_LIMIT_BYTES = 1024 * 1024;

/**
 * The index page's files (file name → content) from `dir`, sorted by name: the data of the `report-site`
 * ConfigMap. Only regular files at the top of the folder (a ConfigMap has no sub-folders).
 */
export function reportSiteFiles(dir: string = REPORT_SITE_DIR): Record<string, string> {
  if (!fs.existsSync(dir)) throw new Error(`report site: ${dir} does not exist (it holds index.html, app.js, style.css)`);
  const files: Record<string, string> = {};
  let bytes = 0;
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const stat = fs.lstatSync(full);
    if (stat.isDirectory()) throw new Error(`report site: ${full} is a folder; a ConfigMap holds only top-level files`);
    if (!stat.isFile()) throw new Error(`report site: ${full} is not a regular file`);
    if (!/^[-._a-zA-Z0-9]+$/.test(name)) throw new Error(`report site: "${name}" is not a valid ConfigMap key (letters, digits, '-', '_', '.')`);
    files[name] = fs.readFileSync(full, 'utf8');
    bytes += Buffer.byteLength(files[name]) + name.length;
  }
  if (!('index.html' in files)) throw new Error(`report site: ${dir} has no index.html`);
  if (bytes > CONFIG_MAP_LIMIT_BYTES) throw new Error(`report site: ${bytes} bytes do not fit a ConfigMap (1 MiB)`);
  return files;
}

/** `reports-<namespace>.<appsDomain>`: the Route's host. */
export function reportsHost(namespace: string, appsDomain: string): string {
  return routeHost(REPORT_SERVER_NAMES.route, namespace, appsDomain, 'report server');
}

export interface ReportServerProps {
  /** The environment's name (labels). */
  readonly environment: string;
  /** The stack namespace. */
  readonly namespace: string;
  /** The cluster's apps domain: the Route's host is `reports-<namespace>.<appsDomain>`. */
  readonly appsDomain: string;
  /** Where results are kept: the PVC it mounts read-only (volume mode; object-store mode: `reader`). */
  readonly results: EnvironmentConfig['results'];
  /**
   * Object-store mode: the reader sidecar that reads the bucket for nginx. Required when `results.store` is
   * `objectStore`.
   * @default none (volume mode)
   */
  readonly reader?: ReportReaderProps;
  /** Pinned unprivileged nginx image that runs under an arbitrary UID (environment `reports.image`). */
  readonly image: string;
  /**
   * `openshift`: OpenShift sign-in in front of nginx; `none`: anyone who reaches the Route reads every result.
   * @default 'openshift'
   */
  readonly signIn?: 'openshift' | 'none';
  /** The oauth-proxy's image and resources; used when `signIn` is `openshift`. */
  readonly oauthProxy: EnvironmentConfig['oauthProxy'];
  /**
   * CPU and memory requests and limits of the container.
   * @default REPORT_SERVER_DEFAULT_RESOURCES (10m/32Mi requested, 200m/128Mi limit)
   */
  readonly resources?: ContainerResources;
  /**
   * The index page's files (name → content), the `report-site` ConfigMap's data.
   * @default reportSiteFiles() (runtime/report-server/site/)
   */
  readonly siteFiles?: Record<string, string>;
}

/** The reader sidecar (object-store mode). */
export interface ReportReaderProps {
  /** Pinned Node.js image (the processor's, `processor.image`). */
  readonly image: string;
  /** The bucket and results root; `caFile` under OBJECT_STORE_CA_DIR when `caBundle` is set. */
  readonly location: ObjectStoreLocation;
  /** Secret with read-only AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  readonly credentialsSecret: string;
  /** ConfigMap key with the endpoint's CA bundle. @default Node's roots only */
  readonly caBundle?: { readonly configMap: string; readonly key: string };
  /** @default REPORT_READER_DEFAULT_RESOURCES */
  readonly resources?: ContainerResources;
}

/** ConfigMaps, Deployment, Service, Route and NetworkPolicy of the report server. */
export class ReportServer extends Construct {
  /** `https://reports-<namespace>.<appsDomain>/`. */
  readonly url: string;
  /** The rendered nginx.conf (as in the `report-server-nginx` ConfigMap). */
  readonly nginxConf: string;

  constructor(scope: Construct, id: string, props: ReportServerProps) {
    super(scope, id);
    const { namespace, results } = props;
    const labels = stackLabels('report-server', props.environment);
    const selector = stackSelector('report-server', props.environment);
    const metadata = (name: string, wave: number) => ({ name, namespace, labels, annotations: argocdAnnotations({ wave }) });
    const host = reportsHost(namespace, props.appsDomain);
    this.url = `https://${host}/`;

    const volumeMode = results.store === 'volume';
    const reader = volumeMode ? undefined : props.reader;
    if (!volumeMode && !reader) throw new Error('report server: results.store is objectStore: give the reader sidecar (props.reader) that reads the bucket for nginx');
    this.nginxConf = renderNginxConf({
      listenPort: REPORT_SERVER_PORT,
      siteRoot: REPORT_SITE_ROOT,
      ...(volumeMode ? { resultsRoot: REPORT_RESULTS_ROOT } : { resultsReader: { port: REPORT_READER_PORT } }),
      tempDir: REPORT_SERVER_TMP_DIR,
      pidFile: `${REPORT_SERVER_TMP_DIR}/nginx.pid`,
      errorLog: 'stderr',
      accessLog: '/dev/stdout',
      mimeTypesPath: REPORT_SERVER_MIME_TYPES,
    });
    const siteFiles = props.siteFiles ?? reportSiteFiles();
    const sortedSite = Object.fromEntries(Object.keys(siteFiles).sort().map((k) => [k, siteFiles[k]]));

    new k8s.KubeConfigMap(this, 'NginxConfig', {
      metadata: metadata(REPORT_SERVER_NAMES.nginxConfig, RESOURCE_SYNC_WAVES.storage),
      data: { 'nginx.conf': this.nginxConf },
    });
    new k8s.KubeConfigMap(this, 'Site', {
      metadata: metadata(REPORT_SERVER_NAMES.site, RESOURCE_SYNC_WAVES.storage),
      data: sortedSite,
    });
    const readerCode = reader ? { [S3_CLIENT_FILE]: s3ClientBundle(), 'reader.js': reportReaderBundle() } : undefined;
    if (readerCode) {
      new k8s.KubeConfigMap(this, 'ReaderCode', { metadata: metadata(REPORT_SERVER_NAMES.reader, RESOURCE_SYNC_WAVES.storage), data: readerCode });
    }

    // A new nginx.conf needs a restart (nginx reads it once); the page's files would follow by themselves, but a
    // rollout makes a change visible at once. The hash is of content only: deterministic.
    const configHash = crypto
      .createHash('sha256')
      .update(this.nginxConf)
      .update(JSON.stringify(sortedSite))
      .update(readerCode ? JSON.stringify(readerCode) : '')
      .digest('hex')
      .slice(0, 16);

    const signIn = (props.signIn ?? 'openshift') === 'openshift';
    // With sign-in the proxy's port takes the name `http` the Service and Route lead to; nginx's port is internal.
    const nginxPortName = signIn ? 'nginx' : 'http';
    const proxy = signIn
      ? oauthProxyPodParts({
          image: props.oauthProxy.image,
          resources: props.oauthProxy.resources,
          namespace,
          serviceAccount: REPORT_SERVER_NAMES.serviceAccount,
          host,
          upstreamPort: REPORT_SERVER_PORT,
          portName: 'http',
          trustedCaConfigMap: REPORT_SERVER_NAMES.trustedCa,
        })
      : undefined;
    if (signIn) {
      new k8s.KubeServiceAccount(this, 'ServiceAccount', {
        metadata: {
          ...metadata(REPORT_SERVER_NAMES.serviceAccount, RESOURCE_SYNC_WAVES.access),
          // The sign-in's OAuth client is this ServiceAccount, redirecting to the Route only.
          annotations: { ...argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.access }), ...oauthRedirectReference(REPORT_SERVER_NAMES.route) },
        },
        // nginx never calls the Kubernetes API; the proxy gets its token through its own projected volume.
        automountServiceAccountToken: false,
      });
      new k8s.KubeConfigMap(this, 'TrustedCa', {
        metadata: trustedCaConfigMapMetadata(REPORT_SERVER_NAMES.trustedCa, namespace, labels, argocdAnnotations({ wave: RESOURCE_SYNC_WAVES.storage })),
      });
    }

    const probe = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: '/healthz', port: k8s.IntOrString.fromString(nginxPortName) },
      initialDelaySeconds: 2,
      periodSeconds,
      timeoutSeconds: 3,
      failureThreshold,
    });

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(REPORT_SERVER_NAMES.deployment, RESOURCE_SYNC_WAVES.workloads),
      spec: {
        replicas: 1,
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations: { [`${LABEL_PREFIX}/config-hash`]: configHash } },
          spec: {
            ...(signIn ? { serviceAccountName: REPORT_SERVER_NAMES.serviceAccount } : {}),
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            ...(proxy ? { initContainers: proxy.initContainers } : {}),
            containers: [
              {
                name: 'nginx',
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                // nginx itself, not the image's entrypoint (its scripts edit /etc/nginx, read-only here)
                command: ['nginx'],
                args: ['-c', REPORT_SERVER_CONFIG_FILE, '-e', 'stderr', '-g', 'daemon off;'],
                ports: [{ name: nginxPortName, containerPort: REPORT_SERVER_PORT, protocol: 'TCP' }],
                readinessProbe: probe(10, 3),
                livenessProbe: probe(20, 3),
                resources: resourceRequirements(props.resources ?? REPORT_SERVER_DEFAULT_RESOURCES),
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [
                  { name: 'nginx-config', mountPath: REPORT_SERVER_CONFIG_DIR, readOnly: true },
                  { name: 'site', mountPath: REPORT_SITE_ROOT, readOnly: true },
                  { name: 'tmp', mountPath: REPORT_SERVER_TMP_DIR },
                  ...(volumeMode ? [{ name: 'results', mountPath: REPORT_RESULTS_ROOT, readOnly: true }] : []),
                ],
                terminationMessagePolicy: 'FallbackToLogsOnError',
              },
              ...(reader ? [readerContainer(reader)] : []),
              ...(proxy?.containers ?? []),
            ],
            terminationGracePeriodSeconds: 30,
            volumes: [
              { name: 'nginx-config', configMap: { name: REPORT_SERVER_NAMES.nginxConfig } },
              { name: 'site', configMap: { name: REPORT_SERVER_NAMES.site } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
              ...(volumeMode ? [{ name: 'results', persistentVolumeClaim: { claimName: results.volume.claimName, readOnly: true } }] : []),
              ...(reader ? [{ name: 'reader', configMap: { name: REPORT_SERVER_NAMES.reader } }] : []),
              ...(reader?.caBundle ? [objectStoreCaVolume(reader.caBundle)] : []),
              ...(proxy?.volumes ?? []),
            ],
          },
        },
      },
    });

    new RouterExposedService(this, 'Exposure', {
      namespace,
      labels,
      selector,
      port: signIn ? OAUTH_PROXY.port : REPORT_SERVER_PORT,
      names: { service: REPORT_SERVER_NAMES.service, route: REPORT_SERVER_NAMES.route, networkPolicy: REPORT_SERVER_NAMES.networkPolicy },
      host,
    });
  }
}

/** The reader sidecar: Node running reader.js, listening on 127.0.0.1 only, the read-only keys from their Secret. */
function readerContainer(reader: ReportReaderProps): k8s.Container {
  return {
    name: 'reader',
    image: reader.image,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', `${REPORT_READER_CODE_DIR}/reader.js`],
    env: [
      { name: 'READER_CONFIG', value: JSON.stringify(reader.location) },
      { name: 'READER_PORT', value: String(REPORT_READER_PORT) },
      ...objectStoreCredentialsEnv(reader.credentialsSecret),
    ],
    resources: resourceRequirements(reader.resources ?? REPORT_READER_DEFAULT_RESOURCES),
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [
      { name: 'reader', mountPath: REPORT_READER_CODE_DIR, readOnly: true },
      ...(reader.caBundle ? [OBJECT_STORE_CA_MOUNT] : []),
    ],
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}
