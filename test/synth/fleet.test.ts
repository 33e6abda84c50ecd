/**
 * A fleet (`clusters:`): the fixture's demo environment declared on three clusters. Each cluster's stack goes to
 * dist/<env>/<cluster>/ with its own app-of-apps deploying to that cluster; the hub's bootstrap/ holds the AppProject
 * (exactly the declared clusters) and the ApplicationSet (list generator) making each cluster's root Application;
 * everything validates against the shared schemas (the ApplicationSet's included) and passes the policy and
 * least-privilege checks. Single-cluster environments are unchanged (the drift check of the committed dist/ and
 * test/properties hold that).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { renderEnvironment, RenderedFile } from '../../synth/render';
import { writeDist } from '../../synth/write';
import { validateDirectory } from '../../scripts/validation';
import { formatProblem } from '../../scripts/validation/report';
import { checkEnvironmentPrivileges, environmentDirectories } from '../../scripts/validation/privileges';
import { lintTektonDirectory, formatTektonLintProblem } from '../../scripts/validation/tekton-lint';
import { ENVIRONMENTS_DIR } from '../../config/load';
import { loadEdited } from '../helpers/config-edit';
import { FLEET_DATASOURCE_YAML, fleetYaml, loadFleet, THREE_CLUSTERS as CLUSTERS } from '../helpers/fleet';

/** A shared bucket's settings (results:), to which a test adds a key of objectStore. */
const BUCKET = `
results:
  store: objectStore
  objectStore:
    endpoint: https://s3.example.com
    bucket: llm-bench-results
    credentialsSecret: s3
    readerCredentialsSecret: s3-reader
`;
const { env } = loadFleet(fleetYaml());
const fleet = env!;
const files = renderEnvironment(fleet);
const byPath = new Map(files.map((f) => [f.path, f]));
const object = (p: string) => parseDocument(byPath.get(p)!.content).toJS();
const under = (prefix: string): RenderedFile[] => files.filter((f) => f.path.startsWith(prefix));

test('each cluster gets its stack under dist/<env>/<cluster>/, the hub its bootstrap/: AppProject, ApplicationSet, health check', () => {
  const tops = [...new Set(files.map((f) => f.path.split('/').slice(0, 2).join('/')))].sort();
  expect(tops).toEqual(['fleet/bootstrap', 'fleet/east', 'fleet/lab', 'fleet/west']);
  expect(under('fleet/bootstrap/').map((f) => f.path)).toEqual([
    'fleet/bootstrap/applicationset-fleet-fleet.yaml',
    'fleet/bootstrap/appproject-llmbench-fleet.yaml',
    'fleet/bootstrap/argocd-application-health.merge-patch',
  ]);
  // the clusters' targets: overrides of targets and GPU profiles
  expect(fleet.clusters!.map((c) => [c.cluster!.name, c.targets.map((t) => t.name)])).toEqual([
    ['east', ['mistral-3-int4-l4-x1', 'mistral-3-bf16-l4-x4']],
    ['west', ['mistral-3-bf16-l4-x4']],
    ['lab', ['mistral-3-int4-l4-x1']],
  ]);
  expect(under('fleet/west/jobs/').map((f) => f.path)).toEqual(['fleet/west/jobs/job-guidellm-mistral-3-bf16-l4-x4.yaml']);
  // no root Application and no AppProject inside a cluster's folders: the hub's are the only ones
  for (const c of ['east', 'west', 'lab']) {
    expect(under(`fleet/${c}/`).filter((f) => /\/(application-fleet-[a-z]+-root|appproject-)/.test(f.path))).toEqual([]);
  }
});

test('the ApplicationSet makes <env>-<cluster>-root for exactly the declared clusters (list generator), each syncing dist/<env>/<cluster>/argocd into the hub', () => {
  const set = object('fleet/bootstrap/applicationset-fleet-fleet.yaml');
  expect(set.apiVersion).toBe('argoproj.io/v1alpha1');
  expect(set.metadata).toMatchObject({ name: 'fleet-fleet', namespace: 'openshift-gitops' });
  expect(set.spec.goTemplate).toBe(true);
  expect(set.spec.goTemplateOptions).toEqual(['missingkey=error']);
  expect(set.spec.generators).toEqual([{ list: { elements: [{ cluster: 'east' }, { cluster: 'west' }, { cluster: 'lab' }] } }]);
  expect(set.spec.template.metadata.name).toBe('fleet-{{.cluster}}-root');
  expect(set.spec.template.metadata.labels).toMatchObject({ 'llmbench.io/environment': 'fleet', 'llmbench.io/cluster': '{{.cluster}}' });
  expect(set.spec.template.spec).toMatchObject({
    project: 'default',
    source: { path: 'dist/fleet/{{.cluster}}/argocd', repoURL: 'https://github.com/example-org/llm-benchmark-stack.git', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'openshift-gitops' },
  });
  expect(set.spec.template.spec.syncPolicy.syncOptions).toEqual(['PruneLast=true']);
  expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
  // each generated root's folder exists and holds the cluster's child Applications
  for (const { cluster } of set.spec.generators[0].list.elements) expect(under(`fleet/${cluster}/argocd/`).length).toBeGreaterThan(0);
});

test("each cluster's child Applications deploy to that cluster, are named <env>-<cluster>-<app>, and keep their sync waves", () => {
  const west = under('fleet/west/argocd/').map((f) => parseDocument(f.content).toJS());
  expect(west.map((a) => a.metadata.name).sort()).toEqual(['fleet-west-benchmarks', 'fleet-west-monitoring', 'fleet-west-operators', 'fleet-west-pipelines', 'fleet-west-reports', 'fleet-west-workbench']);
  for (const app of west) {
    expect(app.spec.destination).toEqual({ namespace: 'llm-bench-fleet', server: 'https://api.west.example.com:6443' });
    expect(app.spec.project).toBe('llmbench-fleet');
    // the hub's Applications of one cluster, by label (to remove a cluster: README)
    expect(app.metadata.labels).toMatchObject({ 'llmbench.io/environment': 'fleet', 'llmbench.io/cluster': 'west' });
    expect(app.spec.source.path).toMatch(/^dist\/fleet\/west\/[a-z]+$/);
    expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toMatch(/^-?\d+$/);
  }
  const east = object('fleet/east/argocd/application-fleet-east-reports.yaml');
  expect(east.spec.destination).toEqual({ name: 'east-cluster', namespace: 'llm-bench-fleet' });
  // per-cluster overrides reach the stack: the west Routes and endpoints
  expect(object('fleet/west/reports/route-reports.yaml').spec.host).toBe('reports-llm-bench-fleet.apps.west.example.com');
  expect(byPath.get('fleet/west/jobs/job-guidellm-mistral-3-bf16-l4-x4.yaml')!.content).toContain('llm-serving-west.svc.cluster.local');
});

test('the AppProject lists exactly the declared clusters, each with the namespaces its stack deploys into', () => {
  const project = object('fleet/bootstrap/appproject-llmbench-fleet.yaml');
  const byCluster = new Map<string, string[]>();
  for (const d of project.spec.destinations) byCluster.set(d.name ?? d.server, [...(byCluster.get(d.name ?? d.server) ?? []), d.namespace]);
  expect([...byCluster.keys()]).toEqual(['east-cluster', 'https://api.west.example.com:6443', 'lab']);
  expect(byCluster.get('https://api.west.example.com:6443')).toContain('llm-serving-west');
  expect(byCluster.get('east-cluster')).toContain('llm-serving');
  expect(project.spec.destinations.some((d: any) => d.server === 'https://kubernetes.default.svc')).toBe(false);
  expect(project.spec.namespaceResourceWhitelist.length).toBeGreaterThan(5);
});

test("each cluster's bootstrap/ grants what its apps create to the ServiceAccount ArgoCD acts as there", () => {
  const subjects = (c: string) =>
    under(`fleet/${c}/bootstrap/`)
      .map((f) => parseDocument(f.content).toJS())
      .filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')
      .filter((o) => o.metadata.name.startsWith('llmbench-fleet-') && /admin|cluster$|subscriptions|operatorgroups/.test(o.metadata.name))
      .flatMap((o) => o.subjects.map((s: any) => `${s.namespace}/${s.name}`));
  expect(new Set(subjects('east'))).toEqual(new Set(['kube-system/argocd-manager']));
  expect(new Set(subjects('lab'))).toEqual(new Set(['argocd-spoke/argocd-lab']));
  expect(under('fleet/east/bootstrap/').some((f) => f.path.endsWith('.merge-patch'))).toBe(false);
});

test('results in a shared bucket go under each cluster\'s name', () => {
  const { env: withBucket } = loadFleet(
    fleetYaml(`${BUCKET}    prefix: fleets\n`),
  );
  const configs = withBucket!.clusters!.map((c) => c.config.results.objectStore!.cluster);
  expect(configs).toEqual(['east', 'west', 'lab']);
  const job = renderEnvironment(withBucket!).find((f) => f.path === 'fleet/lab/jobs/job-guidellm-mistral-3-int4-l4-x1.yaml')!;
  expect(job.content).toContain('"root":"fleets/lab"');
  // its summaries and Pushgateway series name the cluster
  expect(job.content).toContain('"environment":"fleet","cluster":"lab"');
});

/** Writes `rendered` to a temporary dist/, hands it to `check`, and removes it. */
function inDist(rendered: readonly RenderedFile[], check: (dist: string) => void) {
  const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-')), 'dist');
  try {
    writeDist(dist, ['fleet'], [...rendered]);
    check(dist);
  } finally {
    fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  }
}

test('validates against the shared schemas (the ApplicationSet\'s too), tekton-lint, and the least-privilege checks per cluster', () => {
  inDist(files, (dist) => {
    const result = validateDirectory(dist);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.summary.documents).toBe(files.filter((f) => f.path.endsWith('.yaml')).length);
    expect(lintTektonDirectory(dist).problems.map(formatTektonLintProblem)).toEqual([]);
    const environments = environmentDirectories(dist).map((d) => path.relative(dist, d));
    expect(environments).toEqual(['fleet/bootstrap', 'fleet/east', 'fleet/lab', 'fleet/west']);
    expect(environmentDirectories(dist).flatMap(checkEnvironmentPrivileges)).toEqual([]);
  });
});

test('two synths of a fleet are byte-identical', () => {
  expect(renderEnvironment(loadFleet(fleetYaml()).env!)).toEqual(files);
});

describe('with a fleet-wide datasource each cluster\'s Grafana compares the clusters; without one each compares its own', () => {
  const withDatasource = renderEnvironment(loadFleet(fleetYaml(FLEET_DATASOURCE_YAML)).env!);
  const at = (p: string) => {
    const file = withDatasource.find((f) => f.path === p);
    if (!file) throw new Error(`${p} was not rendered`);
    return parseDocument(file.content).toJS();
  };
  const dashboardJson = (p: string) => JSON.parse(at(p).spec.json);
  const exprs = (board: any): string[] => board.panels.filter((p: any) => p.type !== 'row').flatMap((p: any) => p.targets.map((t: any) => t.expr));
  /** Every `by (...)` and `on (...)` label list of an expression. */
  const groupings = (expr: string) => [...expr.matchAll(/\b(?:by|on) \(([^)]*)\)/g)].map((m) => m[1]);

  test('every cluster gets the datasource, its credentials only by reference, in the stack namespace', () => {
    for (const c of ['east', 'west', 'lab']) {
      const ds = at(`fleet/${c}/monitoring/grafanadatasource-fleet-metrics.yaml`);
      expect(ds.metadata.namespace).toBe('llm-bench-fleet');
      expect(ds.spec.instanceSelector).toEqual({ matchLabels: { 'llmbench.io/grafana': 'fleet' } });
      expect(ds.spec.uid).toBe('llmbench-fleet-metrics');
      expect(ds.spec.datasource).toMatchObject({ type: 'prometheus', url: 'https://thanos-querier.hub.example.com', isDefault: false, editable: false });
      expect(ds.spec.datasource.jsonData).toMatchObject({ httpHeaderName1: 'Authorization', tlsAuth: true, tlsAuthWithCACert: true, tlsSkipVerify: false });
      // no value in git: each secure field is a placeholder the operator fills from the referenced key
      expect(ds.spec.datasource.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer ${token}', tlsClientCert: '${tls.crt}', tlsClientKey: '${tls.key}', tlsCACert: '${ca.crt}' });
      expect(ds.spec.valuesFrom).toEqual([
        { targetPath: 'secureJsonData.httpHeaderValue1', valueFrom: { secretKeyRef: { name: 'fleet-metrics-reader', key: 'token' } } },
        { targetPath: 'secureJsonData.tlsClientCert', valueFrom: { secretKeyRef: { name: 'fleet-metrics-client', key: 'tls.crt' } } },
        { targetPath: 'secureJsonData.tlsClientKey', valueFrom: { secretKeyRef: { name: 'fleet-metrics-client', key: 'tls.key' } } },
        { targetPath: 'secureJsonData.tlsCACert', valueFrom: { configMapKeyRef: { name: 'fleet-metrics-ca', key: 'ca.crt' } } },
      ]);
    }
  });

  test('only the credentials configured are wired: a bearer token alone', () => {
    const tokenOnly = FLEET_DATASOURCE_YAML.split('\n').filter((l) => !/clientCertificateSecret|caBundle/.test(l)).join('\n');
    const rendered = renderEnvironment(loadFleet(fleetYaml(tokenOnly)).env!).find((f) => f.path === 'fleet/east/monitoring/grafanadatasource-fleet-metrics.yaml')!;
    const ds = parseDocument(rendered.content).toJS();
    expect(ds.spec.datasource.secureJsonData).toEqual({ httpHeaderValue1: 'Bearer ${token}' });
    expect(ds.spec.datasource.jsonData.tlsAuth).toBeUndefined();
    expect(ds.spec.valuesFrom.map((v: any) => v.targetPath)).toEqual(['secureJsonData.httpHeaderValue1']);
  });

  test('the dashboard across clusters: on the fleet datasource, a cluster variable, every figure kept per cluster', () => {
    for (const c of ['east', 'west', 'lab']) {
      const board = dashboardJson(`fleet/${c}/monitoring/grafanadashboard-model-comparison-fleet.yaml`);
      expect(board.uid).toBe('llmbench-fleet-fleet');
      expect(board.title).toBe('Model comparison and ROI across clusters (fleet)');
      const [datasource, cluster, target, scenario] = board.templating.list;
      expect(datasource.current).toEqual({ text: 'fleet-metrics', value: 'llmbench-fleet-metrics' });
      expect(cluster.options.map((o: any) => o.value)).toEqual(['east', 'west', 'lab']);
      // every target of any cluster, in configuration order
      expect(target.options.map((o: any) => o.value)).toEqual(['mistral-3-int4-l4-x1', 'mistral-3-bf16-l4-x4']);
      expect(scenario.name).toBe('scenario');
      const all = exprs(board);
      expect(all.length).toBeGreaterThan(20);
      for (const expr of all) {
        expect(expr).toContain('cluster=~"${cluster}"');
        for (const labels of groupings(expr)) expect(labels).toMatch(/^cluster, /);
      }
      const panels = board.panels.filter((p: any) => p.type !== 'row');
      for (const p of panels.filter((x: any) => x.type === 'stat' || x.type === 'timeseries')) {
        for (const t of p.targets) expect(t.legendFormat).toMatch(/^\{\{cluster\}\} \{\{target\}\}/);
      }
      for (const p of panels.filter((x: any) => x.type === 'table')) {
        const order = p.transformations.find((t: any) => t.id === 'organize').options.indexByName;
        if ('target' in order) expect(order.cluster).toBe(0);
      }
    }
  });

  test("each cluster's own comparison reads only that cluster's results", () => {
    const roi = dashboardJson('fleet/west/monitoring/grafanadashboard-model-comparison.yaml');
    expect(roi.title).toBe('Model comparison and ROI (fleet, cluster west)');
    expect(roi.templating.list[0].current).toEqual({ text: 'thanos-querier', value: 'llmbench-thanos-querier' });
    for (const expr of exprs(roi)) {
      expect(expr).toContain('cluster="west"');
      for (const labels of groupings(expr)) expect(labels).not.toMatch(/\bcluster\b/);
    }
  });

  test('without a fleet-wide datasource: no fleet datasource, no dashboard across clusters', () => {
    expect(files.filter((f) => /fleet-metrics|model-comparison-fleet/.test(f.path))).toEqual([]);
    expect(under('fleet/east/monitoring/').filter((f) => f.path.includes('grafanadashboard-')).length).toBe(3);
  });

  test('validates against the shared schemas and the least-privilege checks', () => {
    inDist(withDatasource, (dist) => {
      expect(validateDirectory(dist).problems.map(formatProblem)).toEqual([]);
      expect(environmentDirectories(dist).flatMap(checkEnvironmentPrivileges)).toEqual([]);
    });
  });
});

describe('a fleet\'s configuration errors name the cluster, the bad value and what is allowed', () => {
  const errors = (clusters: string, extra = '') => loadFleet(fleetYaml(extra, clusters)).errors;

  test('a duplicate cluster, an unknown target or GPU profile, a cluster left with no target', () => {
    expect(
      errors(`
clusters:
  - name: east
    destination: { name: east }
    targets: [mistral-3-int4-l4-x2]
  - name: east
    destination: { name: east2 }
  - name: west
    destination: { name: west }
    gpuProfiles: [b200-x16]
  - name: lab
    destination: { name: lab }
    gpuProfiles: [h100-x8]
`),
    ).toEqual([
      expect.stringMatching(/^config\/environments\/fleet\.yaml:\d+: clusters\[0\]\.targets\[0\]: unknown target "mistral-3-int4-l4-x2" \(not in this environment's targets\); did you mean "mistral-3-int4-l4-x1"\?/),
      expect.stringMatching(/^config\/environments\/fleet\.yaml:\d+: clusters\[1\]\.name: duplicate cluster "east" \(also clusters\[0\]\)$/),
      expect.stringMatching(/clusters\[2\]\.gpuProfiles\[0\]: unknown GPU profile "b200-x16" \(not in config\/catalog\.yaml\)/),
      expect.stringMatching(/clusters\[3\]: cluster "lab" benchmarks no target: its targets and gpuProfiles leave none of mistral-3-int4-l4-x1, mistral-3-bf16-l4-x4$/),
    ]);
  });

  test('a destination is a cluster Secret name or an https API server URL, not both', () => {
    expect(errors(`
clusters:
  - name: east
    destination: { name: east, server: "https://api.east:6443" }
`)).toEqual([expect.stringMatching(/clusters\[0\]\.destination: \{"name":"east","server":"https:\/\/api\.east:6443"\} does not match any allowed form/)]);
  });

  test('a fleet-wide datasource needs a fleet and the Grafana dashboards', () => {
    expect(loadFleet(fleetYaml(FLEET_DATASOURCE_YAML, '')).errors).toEqual([
      expect.stringMatching(/^config\/environments\/fleet\.yaml:\d+: monitoring\.grafana\.fleetDatasource: a fleet-wide datasource compares the clusters of a fleet, and this environment declares none: add clusters: or remove fleetDatasource/),
    ]);
    expect(errors(CLUSTERS, `${FLEET_DATASOURCE_YAML}  dashboards:\n    grafanaOperator: false\n`)).toEqual([
      expect.stringMatching(/monitoring\.grafana\.fleetDatasource: the dashboard across clusters is a Grafana dashboard, and monitoring\.dashboards\.grafanaOperator is false: set it to true or remove fleetDatasource$/),
    ]);
    expect(errors(CLUSTERS, FLEET_DATASOURCE_YAML.replace('https://thanos-querier.hub.example.com', 'http://thanos-querier.hub.example.com'))).toEqual([
      expect.stringMatching(/monitoring\.grafana\.fleetDatasource\.url: "http:\/\/thanos-querier\.hub\.example\.com": must be an https URL/),
    ]);
    // credentials belong in a Secret, never in the URL (it is written into the GrafanaDatasource in git)
    expect(errors(CLUSTERS, FLEET_DATASOURCE_YAML.replace('https://thanos-querier', 'https://reader:s3cret@thanos-querier'))).toEqual([
      expect.stringMatching(/monitoring\.grafana\.fleetDatasource\.url: "https:\/\/\*\*\*@thanos-querier\.hub\.example\.com" carries credentials in the URL.*use monitoring\.grafana\.fleetDatasource\.bearerTokenSecret or clientCertificateSecret$/),
    ]);
  });

  test('the dashboard across clusters counts in the environment name\'s limit', () => {
    const name = 'f'.repeat(26);
    const load = (extra: string) => loadEdited({ [`${ENVIRONMENTS_DIR}/${name}.yaml`]: fleetYaml(extra) }, { only: name }).errors;
    expect(load('')).toEqual([]);
    expect(load(FLEET_DATASOURCE_YAML)).toEqual([
      `${ENVIRONMENTS_DIR}/${name}.yaml: (top level): Grafana dashboard uid "llmbench-${name}-fleet" is 41 characters; Grafana allows at most 40: use an environment name of at most 25 characters`,
    ]);
  });

  test('the bucket prefix per cluster is the fleet\'s to set', () => {
    expect(
      errors(
        CLUSTERS,
        `${BUCKET}    cluster: east\n`,
      ),
    ).toEqual([expect.stringMatching(/results\.objectStore\.cluster: "east": in a fleet each cluster's results go under its own name \(clusters\[\]\.name\); remove results\.objectStore\.cluster$/)]);
  });
});
