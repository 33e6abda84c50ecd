/**
 * The shared OpenShift sign-in (oauth-proxy sidecar): its command line, the cookie-secret script run by a real
 * /bin/sh, the OAuth redirect reference, and that Grafana and the workbench both use exactly these parts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { grafanaProps } from '../../constructs/charts/monitoring-chart';
import { workbenchProps } from '../../constructs/charts/workbench-chart';
import { GrafanaCr, GRAFANA_NAMES, GRAFANA_PORT } from '../../constructs/monitoring/grafana-cr';
import { cookieSecretScript, OAUTH_PROXY, oauthProxyArgs, OAuthProxyOptions, oauthProxyPodParts, oauthRedirectReference } from '../../constructs/openshift-sign-in';
import { Workbench, WORKBENCH_NAMES, WORKBENCH_PORT } from '../../constructs/workbench';
import { fixtureEnvironment } from '../helpers/project';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../helpers/restricted';

const demo = fixtureEnvironment('demo');
const OPTIONS: OAuthProxyOptions = {
  image: 'registry.example.com/oauth-proxy:v4.17',
  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
  namespace: 'llm-bench',
  serviceAccount: 'app',
  host: 'app-llm-bench.apps.example.com',
  upstreamPort: 8501,
  portName: 'http',
  trustedCaConfigMap: 'app-trusted-ca',
};

describe('oauth-proxy', () => {
  test('command line: OpenShift provider, SAR on the stack namespace, localhost upstream, no secrets in args', () => {
    expect(oauthProxyArgs(OPTIONS)).toEqual([
      '--provider=openshift',
      '--http-address=0.0.0.0:4180',
      '--https-address=',
      '--upstream=http://localhost:8501',
      '--openshift-service-account=app',
      '--client-secret-file=/var/run/secrets/kubernetes.io/serviceaccount/token',
      '--openshift-sar={"namespace":"llm-bench","resource":"services","verb":"get"}',
      '--redirect-url=https://app-llm-bench.apps.example.com/oauth/callback',
      '--cookie-secret-file=/etc/oauth-proxy/cookie/secret',
      '--cookie-secure=true',
      '--email-domain=*',
      '--pass-basic-auth=false',
      '--pass-user-headers=true',
      '--pass-access-token=false',
      '--skip-provider-button=true',
      '--openshift-ca=/etc/pki/tls/cert.pem',
      '--openshift-ca=/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
      '--openshift-ca=/etc/oauth-proxy/trusted-ca/ca-bundle.crt',
    ]);
  });

  test('pod parts: restricted-v2, resources, token only in the proxy container, cookie in memory', () => {
    const parts = oauthProxyPodParts(OPTIONS);
    expect(parts.initContainers.map((c) => c.name)).toEqual([OAUTH_PROXY.cookieInitContainerName]);
    expect(parts.containers.map((c) => c.name)).toEqual([OAUTH_PROXY.containerName]);
    for (const c of [...parts.initContainers, ...parts.containers]) {
      expect(c.image).toBe(OPTIONS.image);
      expect(c.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
      expect(c.resources?.requests?.cpu?.value).toBe('10m');
      expect(c.resources?.limits?.memory?.value).toBe('128Mi');
    }
    const proxy = parts.containers[0];
    expect(proxy.ports).toEqual([{ name: 'http', containerPort: OAUTH_PROXY.port, protocol: 'TCP' }]);
    expect(proxy.readinessProbe?.httpGet?.path).toBe(OAUTH_PROXY.healthPath);
    expect(proxy.volumeMounts?.find((m) => m.mountPath === OAUTH_PROXY.serviceAccountDir)).toEqual({ name: OAUTH_PROXY.volumes.token, mountPath: OAUTH_PROXY.serviceAccountDir, readOnly: true });
    const volumes = Object.fromEntries(parts.volumes.map((v) => [v.name, v]));
    expect(volumes[OAUTH_PROXY.volumes.cookie].emptyDir?.medium).toBe('Memory');
    // the three files automount would give
    expect(volumes[OAUTH_PROXY.volumes.token].projected?.sources).toEqual([
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ]);
    expect(volumes[OAUTH_PROXY.volumes.trustedCa].configMap?.name).toBe('app-trusted-ca');
    expect(() => oauthProxyPodParts({ ...OPTIONS, portName: 'a-very-long-port-name' })).toThrow(/15 characters/);
  });

  test('redirect reference names the Route', () => {
    expect(oauthRedirectReference('grafana-route')).toEqual({
      'serviceaccounts.openshift.io/oauth-redirectreference.primary': '{"kind":"OAuthRedirectReference","apiVersion":"v1","reference":{"kind":"Route","name":"grafana-route"}}',
    });
  });

  test('cookie-secret script (real /bin/sh): 32 random alphanumerics, owner-only, different each run', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cookie-'));
    try {
      const run = (name: string) => {
        const file = path.join(dir, name);
        const r = spawnSync('/bin/sh', ['-c', cookieSecretScript(file)], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        return { text: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode & 0o777 };
      };
      const a = run('a');
      const b = run('b');
      expect(a.text).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(b.text).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(a.text).not.toBe(b.text);
      expect(a.mode).toBe(0o600);
      // a file it cannot write fails the init container
      expect(spawnSync('/bin/sh', ['-c', cookieSecretScript(path.join(dir, 'missing', 'x'))]).status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Grafana and the workbench use the same proxy parts, with their own upstream, account and host', () => {
    const chart = new Chart(Testing.app(), 'test');
    const grafana = new GrafanaCr(chart, 'grafana', grafanaProps(demo));
    const workbench = new Workbench(chart, 'workbench', { ...workbenchProps(demo), patchSource: '# patch\n' });
    const objects = Testing.synth(chart);
    const base = { image: demo.config.oauthProxy.image, resources: demo.config.oauthProxy.resources, namespace: demo.config.namespace };
    const grafanaPod = objects.find((o) => o.kind === 'Grafana')!.spec.deployment.spec.template.spec;
    const workbenchPod = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec;
    const proxyOf = (pod: any) => pod.containers.find((c: any) => c.name === OAUTH_PROXY.containerName);
    expect(proxyOf(grafanaPod).args).toEqual(
      oauthProxyArgs({ ...base, serviceAccount: GRAFANA_NAMES.serviceAccount, host: new URL(grafana.url).host, upstreamPort: GRAFANA_PORT, portName: 'oauth-proxy', trustedCaConfigMap: GRAFANA_NAMES.trustedCa }),
    );
    expect(proxyOf(workbenchPod).args).toEqual(
      oauthProxyArgs({ ...base, serviceAccount: WORKBENCH_NAMES.serviceAccount, host: new URL(workbench.url).host, upstreamPort: WORKBENCH_PORT, portName: 'http', trustedCaConfigMap: WORKBENCH_NAMES.trustedCa }),
    );
    for (const pod of [grafanaPod, workbenchPod]) {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.initContainers.map((c: any) => c.name)).toContain(OAUTH_PROXY.cookieInitContainerName);
      // only the proxy container mounts the ServiceAccount token
      const tokenMounts = [...pod.initContainers, ...pod.containers].filter((c: any) => (c.volumeMounts ?? []).some((m: any) => m.name === OAUTH_PROXY.volumes.token));
      expect(tokenMounts.map((c: any) => c.name)).toEqual([OAUTH_PROXY.containerName]);
    }
    const trustedCa = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-trusted-ca'));
    expect(trustedCa.map((o) => [o.metadata.name, o.metadata.labels['config.openshift.io/inject-trusted-cabundle'], o.data])).toEqual([
      [GRAFANA_NAMES.trustedCa, 'true', undefined],
      [WORKBENCH_NAMES.trustedCa, 'true', undefined],
    ]);
  });
});
