/**
 * The monitoring app's Grafana: the Grafana CR (version, labels the dashboards select, Route with edge TLS,
 * OpenShift sign-in or the explicit anonymous opt-in, admin credentials from a Secret, restricted-v2 pod), the
 * Thanos Querier datasource with its ServiceAccount, token Secret and ClusterRoleBinding, the NetworkPolicy,
 * schema validation of every object (../shared/schemas) in both sign-in modes, and bad configuration.
 */
import { Chart, resolve, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { stringify } from 'yaml';
import { ResolvedEnvironment } from '../../config/resolve';
import { APP_SYNC_WAVES, ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { grafanaProps, MonitoringChart } from '../../constructs/charts/monitoring-chart';
import { GrafanaCr, GRAFANA_NAMES, GRAFANA_POD_LABEL, grafanaHost } from '../../constructs/monitoring/grafana-cr';
import { GrafanaInstance } from '../../constructs/monitoring/grafana-instance';
import { grafanaInstanceLabels, THANOS_DATASOURCE } from '../../constructs/monitoring/grafana-names';
import { DATASOURCE_NAMES, thanosDatasourceClusterBinding } from '../../constructs/monitoring/thanos-datasource';
import { clusterMonitoringViewBindingName } from '../../domain/names';
import { OAUTH_PROXY } from '../../constructs/openshift-sign-in';
import { validateDocuments } from '../../scripts/validation';
import { parseDocuments } from '../../scripts/validation/documents';
import { formatProblem } from '../../scripts/validation/report';
import { devErrors, devWith } from '../helpers/config-edit';
import { fixtureEnvironment } from '../helpers/project';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../helpers/restricted';

const demo = fixtureEnvironment('demo');
const anonymous = devWith('monitoring:\n  grafana:\n    signIn: anonymousViewer\n');

function synth(env: ResolvedEnvironment = demo) {
  const chart = new Chart(Testing.app(), 'test');
  const grafana = new GrafanaInstance(chart, 'grafana', grafanaProps(env));
  const objects = Testing.synth(chart);
  const find = (kind: string) => objects.filter((o) => o.kind === kind);
  const one = (kind: string) => {
    expect(find(kind)).toHaveLength(1);
    return find(kind)[0];
  };
  return { objects, one, find, grafana };
}
const wave = (o: any) => o.metadata.annotations?.[ARGOCD_ANNOTATIONS.syncWave];

describe('Grafana CR', () => {
  const { one, grafana } = synth();
  const cr = one('Grafana');
  const pod = cr.spec.deployment.spec.template.spec;
  const containers = Object.fromEntries(pod.containers.map((c: any) => [c.name, c]));

  test('snapshot (demo)', () => {
    expect(synth().objects).toMatchSnapshot();
  });

  test('pinned version, exactly the instance labels the dashboards select, waves', () => {
    expect(cr.metadata.name).toBe(GRAFANA_NAMES.instance);
    expect(cr.metadata.namespace).toBe(demo.config.namespace);
    expect(cr.spec.version).toBe('13.0.1');
    expect(cr.spec.version).toBe(demo.config.monitoring.grafana.version);
    expect(cr.metadata.labels).toMatchObject(grafanaInstanceLabels('demo'));
    expect(cr.metadata.labels['llmbench.io/grafana']).toBe('demo');
    expect(wave(cr)).toBe(String(RESOURCE_SYNC_WAVES.workloads));
    // the CRD arrives with the operator (operators app, an earlier app wave)
    expect(cr.metadata.annotations[ARGOCD_ANNOTATIONS.syncOptions]).toBe('SkipDryRunOnMissingResource=true');
    expect(APP_SYNC_WAVES.operators).toBeLessThan(APP_SYNC_WAVES.monitoring);
  });

  test('Route: host, edge TLS, HTTP redirected, to the sign-in proxy port of the operator Service', () => {
    const host = `grafana-${demo.config.namespace}.${demo.config.appsDomain}`;
    expect(cr.spec.route.spec).toEqual({
      host,
      to: { kind: 'Service', name: GRAFANA_NAMES.service, weight: 100 },
      port: { targetPort: 'oauth-proxy' },
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
      wildcardPolicy: 'None',
    });
    expect(grafana.url).toBe(`https://${host}/`);
    expect(cr.spec.config.server.root_url).toBe(`https://${host}/`);
    expect(cr.spec.service.spec.ports).toEqual([{ name: 'oauth-proxy', port: OAUTH_PROXY.port, targetPort: 'oauth-proxy', protocol: 'TCP' }]);
    expect(() => grafanaHost('x'.repeat(60), 'apps.example.com')).toThrow(/63/);
  });

  test('OpenShift sign-in: redirect reference on the operator ServiceAccount, proxy sidecar, Grafana trusts only it', () => {
    expect(JSON.parse(cr.spec.serviceAccount.metadata.annotations['serviceaccounts.openshift.io/oauth-redirectreference.primary'])).toEqual({
      kind: 'OAuthRedirectReference',
      apiVersion: 'v1',
      reference: { kind: 'Route', name: GRAFANA_NAMES.route },
    });
    const proxy = containers[OAUTH_PROXY.containerName];
    expect(proxy.image).toBe(demo.config.oauthProxy.image);
    expect(proxy.args).toEqual(
      expect.arrayContaining([
        '--provider=openshift',
        '--upstream=http://localhost:3000',
        `--openshift-service-account=${GRAFANA_NAMES.serviceAccount}`,
        `--openshift-sar={"namespace":"${demo.config.namespace}","resource":"services","verb":"get"}`,
        `--redirect-url=https://grafana-${demo.config.namespace}.${demo.config.appsDomain}/oauth/callback`,
        `--cookie-secret-file=${OAUTH_PROXY.cookieDir}/secret`,
        '--pass-basic-auth=false',
      ]),
    );
    expect(proxy.ports).toEqual([{ name: 'oauth-proxy', containerPort: OAUTH_PROXY.port, protocol: 'TCP' }]);
    expect(pod.initContainers.map((c: any) => c.name)).toEqual([OAUTH_PROXY.cookieInitContainerName]);
    expect(cr.spec.config['auth.proxy']).toEqual({
      enabled: 'true',
      header_name: 'X-Forwarded-User',
      header_property: 'username',
      auto_sign_up: 'true',
      whitelist: '127.0.0.1, ::1',
      enable_login_token: 'false',
    });
    expect(cr.spec.config['auth.anonymous']).toEqual({ enabled: 'false' });
    expect(cr.spec.config.users.auto_assign_org_role).toBe('Viewer');
    // basic auth stays: the operator calls Grafana's API with the admin credentials
    expect(cr.spec.config['auth.basic']).toEqual({ enabled: 'true' });
  });

  test('admin credentials from the referenced Secret, no operator-made admin Secret', () => {
    const secret = demo.config.monitoring.grafana.adminCredentialsSecret;
    expect(cr.spec.disableDefaultAdminSecret).toBe(true);
    expect(containers.grafana.env).toEqual([
      { name: 'GF_SECURITY_ADMIN_USER', valueFrom: { secretKeyRef: { name: secret.name, key: secret.userKey } } },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: secret.name, key: secret.passwordKey } } },
    ]);
    expect(secret).toEqual({ name: 'grafana-admin-credentials', userKey: 'GF_SECURITY_ADMIN_USER', passwordKey: 'GF_SECURITY_ADMIN_PASSWORD' });
  });

  test('restricted-v2 for every container, our security context only, resources everywhere, no token for Grafana', () => {
    expect(cr.spec.disableDefaultSecurityContext).toBe('All');
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(cr.spec.deployment.spec.template.metadata.annotations['openshift.io/required-scc']).toBe('restricted-v2');
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
    }
    expect(containers.grafana.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    expect(containers[OAUTH_PROXY.containerName].resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
    // the operator's own emptyDirs (data, logs, /tmp) stay; the proxy's volumes are added by name
    expect(containers.grafana.volumeMounts).toBeUndefined();
    expect(pod.volumes.map((v: any) => v.name)).toEqual([OAUTH_PROXY.volumes.cookie, OAUTH_PROXY.volumes.token, OAUTH_PROXY.volumes.trustedCa]);
  });

  test('the pod spec reaches the CR unchanged (core types written through the CRD classes)', () => {
    const chart = new Chart(Testing.app(), 'fidelity');
    const built = new GrafanaCr(chart, 'grafana', grafanaProps(demo));
    const expected = k8s.toJson_PodSpec(resolve([], built.podSpec, built.cr));
    expect(JSON.parse(JSON.stringify(built.cr.toJson().spec.deployment.spec.template.spec))).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('NetworkPolicy: router to the proxy only, the operator namespace to Grafana API', () => {
    const { one } = synth();
    const np = one('NetworkPolicy');
    expect(np.spec.podSelector).toEqual({ matchLabels: { [GRAFANA_POD_LABEL]: 'demo' } });
    expect(cr.spec.deployment.spec.template.metadata.labels).toEqual({ [GRAFANA_POD_LABEL]: 'demo' });
    expect(np.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }], ports: [{ protocol: 'TCP', port: OAUTH_PROXY.port }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'grafana-operator' } } }], ports: [{ protocol: 'TCP', port: 3000 }] },
    ]);
    expect(wave(np)).toBe(String(RESOURCE_SYNC_WAVES.access));
  });

  test('NetworkPolicy: the operator is admitted from operators.grafana.namespace (a pre-installed operator)', () => {
    const np = synth(devWith('operators:\n  grafana:\n    install: false\n    namespace: openshift-operators\n')).one('NetworkPolicy');
    expect(np.spec.ingress[1]).toEqual({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-operators' } } }], ports: [{ protocol: 'TCP', port: 3000 }] });
  });
});

describe('anonymous Viewer (explicit opt-in)', () => {
  const { one, find } = synth(anonymous);
  const cr = one('Grafana');
  const pod = cr.spec.deployment.spec.template.spec;

  test('anonymous Viewer, no proxy, no sign-in objects, the Route to Grafana itself', () => {
    expect(cr.spec.config['auth.anonymous']).toEqual({ enabled: 'true', org_role: 'Viewer' });
    expect(cr.spec.config['auth.proxy']).toBeUndefined();
    expect(pod.containers.map((c: any) => c.name)).toEqual(['grafana']);
    expect(pod.initContainers).toBeUndefined();
    expect(pod.volumes).toBeUndefined();
    expect(cr.spec.service).toBeUndefined();
    expect(cr.spec.serviceAccount).toBeUndefined();
    expect(cr.spec.route.spec.port).toBeUndefined();
    expect(cr.spec.route.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
    expect(find('ConfigMap')).toEqual([]);
    expect(one('NetworkPolicy').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
  });

  test('the default is OpenShift sign-in, not anonymous', () => {
    expect(demo.config.monitoring.grafana.signIn).toBe('openshift');
    expect(synth().one('Grafana').spec.config['auth.anonymous'].enabled).toBe('false');
  });
});

describe('Thanos Querier datasource', () => {
  const { one, find } = synth();
  const ds = one('GrafanaDatasource');

  test('URL, uid, instance selector, TLS with the service CA, bearer token via valuesFrom', () => {
    expect(ds.metadata.name).toBe(THANOS_DATASOURCE.name);
    expect(ds.spec.uid).toBe(THANOS_DATASOURCE.uid);
    expect(ds.spec.instanceSelector).toEqual({ matchLabels: grafanaInstanceLabels('demo') });
    expect(ds.spec.datasource).toEqual({
      name: THANOS_DATASOURCE.name,
      type: 'prometheus',
      access: 'proxy',
      url: 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091',
      isDefault: true,
      editable: false,
      jsonData: { httpHeaderName1: 'Authorization', tlsAuthWithCACert: true, tlsSkipVerify: false, httpMethod: 'POST', prometheusType: 'Thanos', timeInterval: '30s' },
      secureJsonData: { httpHeaderValue1: 'Bearer ${token}', tlsCACert: '${service-ca.crt}' },
    });
    expect(ds.spec.valuesFrom).toEqual([
      { targetPath: 'secureJsonData.httpHeaderValue1', valueFrom: { secretKeyRef: { name: DATASOURCE_NAMES.tokenSecret, key: 'token' } } },
      { targetPath: 'secureJsonData.tlsCACert', valueFrom: { configMapKeyRef: { name: 'openshift-service-ca.crt', key: 'service-ca.crt' } } },
    ]);
    // every ${VAR} in a secure field is the key of one valuesFrom entry targeting that field
    for (const [field, value] of Object.entries<string>(ds.spec.datasource.secureJsonData)) {
      const vars = [...value.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);
      const refs = ds.spec.valuesFrom.filter((v: any) => v.targetPath === `secureJsonData.${field}`).map((v: any) => (v.valueFrom.secretKeyRef ?? v.valueFrom.configMapKeyRef).key);
      expect(vars).toEqual(refs);
    }
    expect(ds.metadata.annotations[ARGOCD_ANNOTATIONS.syncOptions]).toBe('SkipDryRunOnMissingResource=true');
  });

  test('token Secret: service-account-token type, bound to the ServiceAccount, no data in git', () => {
    const secret = find('Secret').find((s) => s.metadata.name === DATASOURCE_NAMES.tokenSecret)!;
    expect(secret.type).toBe('kubernetes.io/service-account-token');
    expect(secret.metadata.annotations['kubernetes.io/service-account.name']).toBe(DATASOURCE_NAMES.serviceAccount);
    expect(secret.data).toBeUndefined();
    expect(secret.stringData).toBeUndefined();
    const sa = one('ServiceAccount');
    expect(sa.metadata.name).toBe(DATASOURCE_NAMES.serviceAccount);
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(Number(wave(sa))).toBeLessThan(Number(wave(secret)));
  });

  test('no ClusterRoleBinding in the app: cluster-monitoring-view is bound to that ServiceAccount only, from bootstrap/', () => {
    expect(find('ClusterRoleBinding')).toEqual([]);
    expect(thanosDatasourceClusterBinding('demo', demo.config.namespace)).toEqual({
      name: clusterMonitoringViewBindingName('demo'),
      clusterRole: 'cluster-monitoring-view',
      serviceAccount: { name: DATASOURCE_NAMES.serviceAccount, namespace: demo.config.namespace },
      purpose: expect.stringMatching(/Thanos/),
    });
    expect(clusterMonitoringViewBindingName('demo')).toBe('llmbench-demo-monitoring-view');
  });
});

describe('schema validation (../shared/schemas) and policy checks of the monitoring app', () => {
  test.each([
    ['demo (OpenShift sign-in)', demo],
    ['dev with anonymous Viewer', anonymous],
  ])('%s', (_name, env) => {
    const objects = Testing.synth(new MonitoringChart(Testing.app(), 'monitoring', env));
    const docs = objects.flatMap((o, i) => parseDocuments(`monitoring-${i}.yaml`, stringify(o)));
    const result = validateDocuments(docs, docs.length);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Grafana', 'GrafanaDatasource', 'Secret', 'ServiceAccount', 'NetworkPolicy']));
  });
});

describe('version forms', () => {
  test.each(['12.4.2', 'quay.io/mirror/grafana:13.0.1', `docker.io/grafana/grafana:13.0.1@sha256:${'a'.repeat(64)}`])('%s is accepted and lands in spec.version', (version) => {
    const env = devWith(`monitoring:\n  grafana:\n    version: "${version}"\n`);
    expect(synth(env).one('Grafana').spec.version).toBe(version);
  });
});

describe('bad configuration', () => {
  test.each([
    ['signIn', 'monitoring:\n  grafana:\n    signIn: anonymous\n', /monitoring\.grafana\.signIn: "anonymous" is not allowed; (did you mean "anonymousViewer"\? )?allowed: openshift, anonymousViewer$/],
    ['version latest', 'monitoring:\n  grafana:\n    version: latest\n', /monitoring\.grafana\.version: "latest": must be a Grafana version such as 13\.0\.1 or an image reference pinned/],
    ['unpinned image', 'monitoring:\n  grafana:\n    version: docker.io/grafana/grafana:latest\n', /monitoring\.grafana\.version: "docker\.io\/grafana\/grafana:latest": the image uses the tag "latest"/],
    ['http Thanos URL', 'monitoring:\n  grafana:\n    thanosQuerierUrl: http://thanos-querier.openshift-monitoring.svc:9091\n', /monitoring\.grafana\.thanosQuerierUrl: "http:\/\/thanos-querier\.openshift-monitoring\.svc:9091": must be an https URL/],
    ['admin Secret name', 'monitoring:\n  grafana:\n    adminCredentialsSecret:\n      name: Grafana_Admin\n', /monitoring\.grafana\.adminCredentialsSecret\.name: "Grafana_Admin": Secret name must be lowercase letters, digits/],
    ['unknown key', 'monitoring:\n  grafana:\n    signin: openshift\n', /monitoring\.grafana\.signin: unknown key "signin"; did you mean "signIn"\?/],
    ['oauth-proxy image', 'oauthProxy:\n  image: registry.redhat.io/openshift4/ose-oauth-proxy-rhel9:latest\n', /oauthProxy\.image: ".*:latest": the image uses the tag "latest", which names a line of releases/],
    ['oauth-proxy image on a minor version', 'oauthProxy:\n  image: registry.redhat.io/openshift4/ose-oauth-proxy-rhel9:v4.17\n', /oauthProxy\.image: ".*:v4\.17": the image uses the tag "v4\.17", which names a line of releases its publisher moves, not one build; pin a full release/],
    ['Grafana image on a major version', 'monitoring:\n  grafana:\n    version: docker.io/grafana/grafana:13\n', /monitoring\.grafana\.version: "docker\.io\/grafana\/grafana:13": the image uses the tag "13"/],
    ['oauth-proxy resources', 'oauthProxy:\n  resources:\n    limits: { cpu: lots, memory: 1Gi }\n', /oauthProxy\.resources\.limits\.cpu: "lots": must be a Kubernetes quantity/],
  ])('%s', (_what, yaml, message) => {
    const errors = devErrors(yaml);
    expect(errors).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: /)]);
    expect(errors[0]).toMatch(message);
  });
});
