/** The report server: a snapshot and explicit checks of the pod, mounts, sign-in, Route, NetworkPolicy and waves. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import {
  REPORT_READER_DEFAULT_RESOURCES,
  REPORT_READER_PORT,
  REPORT_RESULTS_ROOT,
  REPORT_SERVER_CONFIG_DIR,
  REPORT_SERVER_CONFIG_FILE,
  REPORT_SERVER_NAMES,
  REPORT_SITE_ROOT,
  ReportServer,
  ReportServerProps,
  reportsHost,
  reportSiteFiles,
} from '../../constructs/report-server';
import { reportServerProps } from '../../constructs/charts/reports-chart';
import { OAUTH_PROXY } from '../../constructs/openshift-sign-in';
import { devErrors, devWith } from '../helpers/config-edit';
import { fixtureEnvironment } from '../helpers/project';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../helpers/restricted';

const demo = fixtureEnvironment('demo');
const NGINX = 'registry.example.com/nginx/nginx-unprivileged:1.2.3';
// Fixed page files: the snapshot covers this construct, not the page (runtime/report-server/site/).
const SITE = { 'style.css': 'body{}\n', 'index.html': '<!doctype html>\n', 'app.js': '"use strict";\n' };

function synth(env: ResolvedEnvironment = demo, extra: Partial<ReportServerProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const server = new ReportServer(chart, 'reports', { ...reportServerProps(env), image: NGINX, siteFiles: SITE, ...extra });
  const objects = Testing.synth(chart);
  const byKind = (kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const configMap = (name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!;
  return { objects, byKind, configMap, server };
}

const objectStoreEnv: ResolvedEnvironment = {
  ...demo,
  config: {
    ...demo.config,
    results: {
      ...demo.config.results,
      store: 'objectStore',
      objectStore: { endpoint: 'https://s3.eu-west-1.amazonaws.com', bucket: 'llm-bench-results', prefix: 'demo', credentialsSecret: 'results-s3', readerCredentialsSecret: 'results-s3-reader' },
    },
  },
};

const { objects, byKind, configMap, server } = synth();
const deployment = byKind('Deployment');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const proxy = pod.containers.find((c: any) => c.name === OAUTH_PROXY.containerName);

test('matches its snapshot (volume mode)', () => expect(objects).toMatchSnapshot());
test('matches its snapshot (object-store mode; the reader\'s code by file name)', () => {
  const objects = synth(objectStoreEnv).objects.map((o) =>
    o.kind === 'ConfigMap' && o.metadata.name === REPORT_SERVER_NAMES.reader ? { ...o, data: Object.keys(o.data) } : o,
  );
  expect(objects).toMatchSnapshot();
});

test('stable names in the stack namespace, labelled as the stack', () => {
  expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
    'ConfigMap/report-server-nginx',
    'ConfigMap/report-server-trusted-ca',
    'ConfigMap/report-site',
    'Deployment/report-server',
    'NetworkPolicy/report-server',
    'Route/reports',
    'Service/report-server',
    'ServiceAccount/report-server',
  ]);
  for (const o of objects) {
    expect(o.metadata.namespace).toBe('llm-bench-demo');
    expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'report-server', 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'demo' });
  }
});

test('sync waves: policy first, configuration and Service, then the Deployment', () => {
  const wave = (o: any) => o.metadata.annotations[ARGOCD_ANNOTATIONS.syncWave];
  expect(wave(byKind('NetworkPolicy'))).toBe(String(RESOURCE_SYNC_WAVES.access));
  expect(wave(byKind('ServiceAccount'))).toBe(String(RESOURCE_SYNC_WAVES.access));
  for (const kind of ['Service', 'Route']) expect(wave(byKind(kind))).toBe(String(RESOURCE_SYNC_WAVES.storage));
  expect(wave(configMap(REPORT_SERVER_NAMES.nginxConfig))).toBe(String(RESOURCE_SYNC_WAVES.storage));
  expect(wave(configMap(REPORT_SERVER_NAMES.site))).toBe(String(RESOURCE_SYNC_WAVES.storage));
  expect(wave(deployment)).toBe(String(RESOURCE_SYNC_WAVES.workloads));
});

test('one replica of the pinned unprivileged nginx, started with our nginx.conf', () => {
  expect(container.image).toBe(NGINX);
  expect(deployment.spec.replicas).toBe(1);
  expect(container.command).toEqual(['nginx']);
  expect(container.args).toEqual(['-c', REPORT_SERVER_CONFIG_FILE, '-e', 'stderr', '-g', 'daemon off;']);
  expect(REPORT_SERVER_CONFIG_FILE).toBe(`${REPORT_SERVER_CONFIG_DIR}/nginx.conf`);
  expect(container.ports).toEqual([{ name: 'nginx', containerPort: 8080, protocol: 'TCP' }]);
  expect(container.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
  expect(synth(demo, { image: 'registry.example.com/nginx-unprivileged:1.30.4' }).byKind('Deployment').spec.template.spec.containers[0].image).toBe(
    'registry.example.com/nginx-unprivileged:1.30.4',
  );
});

test('restricted-v2: non-root without a fixed UID, nothing escalated, read-only root, no API token', () => {
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  for (const c of [...pod.initContainers, ...pod.containers]) {
    expect(c.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
  }
  expect(JSON.stringify(deployment)).not.toMatch(/runAsUser|fsGroup|privileged"?:\s*true/);
  expect(pod.automountServiceAccountToken).toBe(false);
});

test('readiness and liveness probes on /healthz', () => {
  for (const probe of [container.readinessProbe, container.livenessProbe]) {
    expect(probe.httpGet).toEqual({ path: '/healthz', port: 'nginx' });
    expect(probe.periodSeconds).toBeGreaterThan(0);
  }
});

test('the results PVC is mounted read-only; config and site from their ConfigMaps; temp paths on an emptyDir', () => {
  expect(container.volumeMounts).toEqual([
    { name: 'nginx-config', mountPath: REPORT_SERVER_CONFIG_DIR, readOnly: true },
    { name: 'site', mountPath: REPORT_SITE_ROOT, readOnly: true },
    { name: 'tmp', mountPath: '/tmp' },
    { name: 'results', mountPath: REPORT_RESULTS_ROOT, readOnly: true },
  ]);
  // then the sign-in proxy's (checked in openshift-sign-in.test.ts)
  expect(pod.volumes.slice(0, 4)).toEqual([
    { name: 'nginx-config', configMap: { name: 'report-server-nginx' } },
    { name: 'site', configMap: { name: 'report-site' } },
    { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
    { name: 'results', persistentVolumeClaim: { claimName: demo.config.results.volume.claimName, readOnly: true } },
  ]);
  expect(pod.volumes.slice(4).map((v: any) => v.name)).toEqual(Object.values(OAUTH_PROXY.volumes));
});

test('nginx.conf uses the in-pod paths; the site ConfigMap holds the page files, sorted', () => {
  const conf = configMap(REPORT_SERVER_NAMES.nginxConfig).data['nginx.conf'];
  expect(conf).toBe(server.nginxConf);
  expect(conf).toContain('listen 8080 default_server;');
  expect(conf).toContain(`root ${REPORT_SITE_ROOT};`);
  expect(conf).toContain(`alias ${REPORT_RESULTS_ROOT}/;`);
  expect(conf).toContain('pid /tmp/nginx.pid;');
  expect(conf).toContain('client_body_temp_path /tmp/client_body;');
  expect(conf).toContain('include /etc/nginx/mime.types;');
  expect(conf).toContain('error_log stderr warn;');
  expect(conf).toContain('access_log /dev/stdout;');
  expect(conf).toContain('server_tokens off;');
  expect(Object.keys(configMap(REPORT_SERVER_NAMES.site).data)).toEqual(['app.js', 'index.html', 'style.css']);
});

test('a change of nginx.conf or of the page rolls the Deployment', () => {
  const hash = (o: any) => o.spec.template.metadata.annotations['llmbench.io/config-hash'];
  expect(hash(deployment)).toMatch(/^[0-9a-f]{16}$/);
  expect(hash(synth().byKind('Deployment'))).toBe(hash(deployment));
  expect(hash(synth(demo, { siteFiles: { ...SITE, 'app.js': '1;' } }).byKind('Deployment'))).not.toBe(hash(deployment));
  expect(hash(synth(objectStoreEnv).byKind('Deployment'))).not.toBe(hash(deployment));
});

test('Service to the sign-in proxy; Route reports-<namespace>.<appsDomain> with edge TLS, HTTP redirected', () => {
  const service = byKind('Service');
  expect(service.spec.ports).toEqual([{ name: 'http', port: OAUTH_PROXY.port, targetPort: 'http', protocol: 'TCP' }]);
  expect(proxy.ports).toEqual([{ name: 'http', containerPort: OAUTH_PROXY.port, protocol: 'TCP' }]);
  expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  const route = byKind('Route');
  expect(route.apiVersion).toBe('route.openshift.io/v1');
  expect(route.spec).toEqual({
    host: 'reports-llm-bench-demo.apps.demo.example.com',
    to: { kind: 'Service', name: 'report-server', weight: 100 },
    port: { targetPort: 'http' },
    tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
  });
  expect(server.url).toBe('https://reports-llm-bench-demo.apps.demo.example.com/');
  expect(() => reportsHost('n'.repeat(60), 'apps.example.com')).toThrow(/63/);
});

test('NetworkPolicy admits only the OpenShift router, on the sign-in proxy\'s port: nothing reaches nginx past it', () => {
  const policy = byKind('NetworkPolicy');
  expect(policy.apiVersion).toBe('networking.k8s.io/v1');
  expect(policy.spec).toEqual({
    podSelector: { matchLabels: deployment.spec.selector.matchLabels },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }], ports: [{ protocol: 'TCP', port: OAUTH_PROXY.port }] }],
  });
  expect(deployment.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
});

test('object-store mode: no PVC; the reader sidecar reads the bucket with the read-only Secret, on loopback, for nginx', () => {
  const withCa: ResolvedEnvironment = {
    ...objectStoreEnv,
    config: { ...objectStoreEnv.config, results: { ...objectStoreEnv.config.results, objectStore: { ...objectStoreEnv.config.results.objectStore!, cluster: 'east', caBundle: { configMap: 'openshift-service-ca.crt', key: 'service-ca.crt' } } } },
  };
  const os3 = synth(withCa);
  const p = os3.byKind('Deployment').spec.template.spec;
  expect(p.volumes.map((v: any) => v.name)).toEqual(['nginx-config', 'site', 'tmp', 'reader', 'object-store-ca', ...Object.values(OAUTH_PROXY.volumes)]);
  expect(p.containers[0].volumeMounts.map((m: any) => m.name)).toEqual(['nginx-config', 'site', 'tmp']);
  const reader = p.containers.find((c: any) => c.name === 'reader');
  expect(reader.image).toBe(withCa.config.processor.image);
  expect(reader.command).toEqual(['node', '/reader/reader.js']);
  const env = Object.fromEntries(reader.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
  expect(JSON.parse(env.READER_CONFIG)).toEqual({
    endpoint: 'https://s3.eu-west-1.amazonaws.com',
    bucket: 'llm-bench-results',
    root: 'demo/east',
    region: 'us-east-1',
    caFile: '/etc/llmbench/object-store-ca/service-ca.crt',
  });
  expect(env.READER_PORT).toBe(String(REPORT_READER_PORT));
  expect(env.AWS_ACCESS_KEY_ID).toEqual({ secretKeyRef: { name: 'results-s3-reader', key: 'AWS_ACCESS_KEY_ID' } });
  expect(env.AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: 'results-s3-reader', key: 'AWS_SECRET_ACCESS_KEY' } });
  expect(reader.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
  expect(reader.resources.limits).toEqual(REPORT_READER_DEFAULT_RESOURCES.limits);
  expect(reader.ports).toBeUndefined();
  // the write keys never reach the report server
  expect(JSON.stringify(os3.objects)).not.toContain('"results-s3"');
  const code = os3.configMap(REPORT_SERVER_NAMES.reader);
  expect(Object.keys(code.data).sort()).toEqual(['aws-sdk-client-s3.js', 'reader.js']);
  const conf = os3.server.nginxConf;
  expect(conf).toContain(`proxy_pass http://127.0.0.1:${REPORT_READER_PORT};`);
  expect(conf).not.toMatch(/resolver|amazonaws/);
  expect(conf).not.toContain('autoindex on;');
});

describe('report server sign-in', () => {
  test('on by default: OpenShift sign-in through the shared oauth-proxy, its ServiceAccount the OAuth client of the Route', () => {
    expect(demo.config.reports.signIn).toBe('openshift');
    expect(proxy.image).toBe(demo.config.oauthProxy.image);
    expect(proxy.args).toEqual(
      expect.arrayContaining([
        `--upstream=http://localhost:8080`,
        '--openshift-service-account=report-server',
        '--openshift-sar={"namespace":"llm-bench-demo","resource":"services","verb":"get"}',
        '--redirect-url=https://reports-llm-bench-demo.apps.demo.example.com/oauth/callback',
      ]),
    );
    expect(pod.serviceAccountName).toBe(REPORT_SERVER_NAMES.serviceAccount);
    const account = byKind('ServiceAccount');
    expect(account.automountServiceAccountToken).toBe(false);
    expect(JSON.parse(account.metadata.annotations['serviceaccounts.openshift.io/oauth-redirectreference.primary'])).toEqual({
      kind: 'OAuthRedirectReference',
      apiVersion: 'v1',
      reference: { kind: 'Route', name: REPORT_SERVER_NAMES.route },
    });
    expect(configMap(REPORT_SERVER_NAMES.trustedCa).metadata.labels).toMatchObject({ 'config.openshift.io/inject-trusted-cabundle': 'true' });
    expect(configMap(REPORT_SERVER_NAMES.trustedCa).data).toBeUndefined();
    // the token reaches the proxy only
    expect(container.volumeMounts.map((m: any) => m.name)).not.toContain(OAUTH_PROXY.volumes.token);
  });

  test('signIn: none: no proxy, no ServiceAccount; Service, Route and NetworkPolicy on nginx', () => {
    const open = synth(demo, { signIn: 'none' });
    const openPod = open.byKind('Deployment').spec.template.spec;
    expect(openPod.containers.map((c: any) => c.name)).toEqual(['nginx']);
    expect(openPod.initContainers).toBeUndefined();
    expect(openPod.serviceAccountName).toBeUndefined();
    expect(openPod.containers[0].ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(open.objects.map((o) => o.kind)).not.toContain('ServiceAccount');
    expect(open.byKind('Service').spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(open.byKind('NetworkPolicy').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  });

  test('the opt-out is explicit, in the environment: reports.signIn: none; anything else is refused', () => {
    expect(devWith('reports:\n  signIn: none\n').config.reports.signIn).toBe('none');
    expect(devErrors('reports:\n  signIn: off\n')).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: reports\.signIn: "off" is not allowed; allowed: openshift, none$/)]);
  });
});

describe('reportSiteFiles', () => {
  test('top-level files of the folder, sorted by name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-site-'));
    fs.writeFileSync(path.join(dir, 'style.css'), 'b');
    fs.writeFileSync(path.join(dir, 'index.html'), 'i');
    fs.writeFileSync(path.join(dir, 'app.js'), 'a');
    const files = reportSiteFiles(dir);
    expect(Object.keys(files)).toEqual(['app.js', 'index.html', 'style.css']);
    expect(files['index.html']).toBe('i');
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(() => reportSiteFiles(dir)).toThrow(/folder/);
    fs.rmSync(dir, { recursive: true });
    expect(() => reportSiteFiles(dir)).toThrow(/does not exist/);
  });

  test('the project page (runtime/report-server/site/) fits one ConfigMap and is the default', () => {
    const files = reportSiteFiles();
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['index.html']));
    const chart = new Chart(Testing.app(), 'test');
    new ReportServer(chart, 'reports', { ...reportServerProps(demo), image: NGINX });
    const site = Testing.synth(chart).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'report-site')!;
    expect(site.data).toEqual(files);
  });
});
