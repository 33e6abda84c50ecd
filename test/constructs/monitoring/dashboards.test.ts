/**
 * The dashboards: GrafanaDashboard/GrafanaFolder CRs (instance selector, folder, waves, schema), the Grafana JSON of
 * each dashboard (uid, title, datasource variable used by every panel and query, units, SLA thresholds, variables,
 * current metric names, exported_* labels for per-pod GPU panels), the console dashboards behind their switch, and
 * the ArgoCD grant for openshift-config-managed that comes with them.
 */
import { Chart, Testing } from 'cdk8s';
import * as fs from 'fs';
import YAML from 'yaml';
import { ENVIRONMENTS_DIR, loadConfig } from '../../../config/load';
import { ResolvedEnvironment } from '../../../config/resolve';
import { ControllerRbac } from '../../../constructs/argocd/controller-rbac';
import { allNamespaces } from '../../../constructs/argocd/namespaces';
import { stackNamespaces } from '../../../constructs/charts/props';
import { ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../../domain/apps';
import { consoleDashboardConfigMapNames } from '../../../constructs/monitoring/console-dashboards';
import { CONSOLE_DASHBOARDS_NAMESPACE } from '../../../domain/names';
import { dashboardInputs } from '../../../constructs/charts/monitoring-chart';
import { Dashboards } from '../../../constructs/monitoring/dashboards';
import { slaThresholds } from '../../../constructs/monitoring/dashboards/panels';
import { SlaTiers } from '../../../domain/sla';
import { DASHBOARD_KINDS, dashboardUid } from '../../../domain/dashboard-uids';
import { folderUid, GRAFANA_DASHBOARD_NAMES } from '../../../constructs/monitoring/grafana-dashboards';
import { DASHBOARD_FOLDER, grafanaInstanceLabels, THANOS_DATASOURCE } from '../../../constructs/monitoring/grafana-names';
import { parseDocuments } from '../../../scripts/validation/documents';
import { validateDocuments } from '../../../scripts/validation';
import { formatProblem as formatValidationProblem } from '../../../scripts/validation/report';
import { configErrors, DEFAULTS, DEV_FILE } from '../../helpers/config-edit';
import { fixtureEnvironment, fixtureFile, replace, tempProject } from '../../helpers/project';

const demo = fixtureEnvironment('demo');

type Settings = ResolvedEnvironment['config']['monitoring']['dashboards'];
type Obj = ReturnType<typeof Testing.synth>[number];
type Json = Record<string, any>;

function withSettings(env: ResolvedEnvironment, settings: Partial<Settings>, config: Partial<ResolvedEnvironment['config']> = {}): ResolvedEnvironment {
  return {
    ...env,
    config: { ...env.config, ...config, monitoring: { ...env.config.monitoring, dashboards: { ...env.config.monitoring.dashboards, ...settings } } },
  };
}

function synth(env: ResolvedEnvironment): Obj[] {
  const chart = new Chart(Testing.app(), 'test');
  const { grafanaOperator, consoleDashboards } = env.config.monitoring.dashboards;
  new Dashboards(chart, 'dashboards', { inputs: dashboardInputs(env), namespace: env.config.namespace, grafanaOperator, consoleDashboards });
  return Testing.synth(chart);
}

const objects = synth(demo);
const dashboardsOf = (objs: Obj[]) => objs.filter((o) => o.kind === 'GrafanaDashboard');
const jsonOf = (o: Obj): Json => JSON.parse(o.spec.json);
const byUid = Object.fromEntries(dashboardsOf(objects).map((o) => [jsonOf(o).uid, jsonOf(o)])) as Record<string, Json>;
const vllm = byUid['llmbench-demo-vllm'];
const gpu = byUid['llmbench-demo-gpu'];
const roi = byUid['llmbench-demo-roi'];
const all = [vllm, gpu, roi];
const panelsOf = (d: Json): Json[] => d.panels.filter((p: Json) => p.type !== 'row');
const exprsOf = (d: Json): string[] => panelsOf(d).flatMap((p) => p.targets.map((t: Json) => t.expr));
const panel = (d: Json, title: string): Json => {
  const found = panelsOf(d).filter((p) => p.title === title);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('GrafanaDashboard and GrafanaFolder CRs', () => {
  test('matches its snapshot', () => expect(objects).toMatchSnapshot());

  test('one folder and three dashboards with stable names in the stack namespace', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'GrafanaDashboard/gpu-dcgm',
      'GrafanaDashboard/model-comparison',
      'GrafanaDashboard/vllm-performance',
      `GrafanaFolder/${DASHBOARD_FOLDER.name}`,
    ]);
    for (const o of objects) {
      expect(o.apiVersion).toBe('grafana.integreatly.org/v1beta1');
      expect(o.metadata.namespace).toBe(demo.config.namespace);
      expect(o.metadata.labels).toMatchObject({ 'app.kubernetes.io/component': 'dashboards', 'llmbench.io/environment': 'demo' });
    }
  });

  test('every CR selects the Grafana CR of its environment; dashboards are in the folder, without cross-namespace import', () => {
    for (const o of objects) {
      expect(o.spec.instanceSelector).toEqual({ matchLabels: grafanaInstanceLabels('demo') });
      expect(o.spec.allowCrossNamespaceImport).toBeUndefined();
    }
    const folder = objects.find((o) => o.kind === 'GrafanaFolder')!;
    expect(folder.spec).toMatchObject({ title: DASHBOARD_FOLDER.title, uid: folderUid('demo') });
    for (const o of dashboardsOf(objects)) {
      expect(o.spec.folderRef).toBe(folder.metadata.name);
      expect(o.spec.uid).toBe(jsonOf(o).uid);
    }
  });

  test('sync waves: folder with the configuration, dashboards with the workloads; dry run skipped (CRD from the operator), server-side apply', () => {
    for (const o of objects) {
      expect(o.metadata.annotations[ARGOCD_ANNOTATIONS.syncOptions]).toBe('SkipDryRunOnMissingResource=true,ServerSideApply=true');
      const wave = o.kind === 'GrafanaFolder' ? RESOURCE_SYNC_WAVES.storage : RESOURCE_SYNC_WAVES.workloads;
      expect(o.metadata.annotations[ARGOCD_ANNOTATIONS.syncWave]).toBe(String(wave));
    }
  });

  test('every CR passes the Grafana Operator CRD schema and the policy checks', () => {
    const text = objects.map((o) => YAML.stringify(o)).join('---\n');
    const result = validateDocuments(parseDocuments('dashboards.yaml', text), 1);
    expect(result.problems.map(formatValidationProblem)).toEqual([]);
    expect(result.summary).toEqual({ documents: 4, files: 1, ok: 4, withErrors: 0 });
  });

  test('the schema check would catch a bad CR (a misspelled spec field)', () => {
    const bad = { ...objects.find((o) => o.kind === 'GrafanaDashboard')!, spec: { ...dashboardsOf(objects)[0].spec, folderRefs: 'x' } };
    const result = validateDocuments(parseDocuments('bad.yaml', YAML.stringify(bad)), 1);
    expect(result.problems.map(formatValidationProblem).join('\n')).toMatch(/folderRefs/);
  });

  test('output is deterministic', () => {
    expect(synth(demo)).toEqual(objects);
    expect(JSON.stringify(synth(demo))).toBe(JSON.stringify(objects));
  });

  test('with grafanaOperator off no Grafana CR is written', () => {
    expect(synth(withSettings(demo, { grafanaOperator: false }))).toEqual([]);
  });
});

describe('dashboard JSON', () => {
  test('stable uids within 40 characters and titles naming the environment', () => {
    expect(Object.keys(byUid).sort()).toEqual(['llmbench-demo-gpu', 'llmbench-demo-roi', 'llmbench-demo-vllm']);
    expect(vllm.title).toBe('vLLM model performance (demo)');
    expect(gpu.title).toBe('GPUs (demo)');
    expect(roi.title).toBe('Model comparison and ROI (demo)');
    for (const d of all) {
      expect(d.uid.length).toBeLessThanOrEqual(40);
      expect(d.id).toBeUndefined();
      expect(d.refresh).toBe('30s');
      expect(d.time).toEqual({ from: 'now-6h', to: 'now' });
    }
    expect(GRAFANA_DASHBOARD_NAMES).toEqual({ vllm: 'vllm-performance', gpu: 'gpu-dcgm', roi: 'model-comparison', fleet: 'model-comparison-fleet' });
  });

  test('a datasource variable of type prometheus, defaulting to the Thanos Querier datasource, comes first', () => {
    for (const d of all) {
      expect(d.templating.list[0]).toMatchObject({
        type: 'datasource',
        name: 'datasource',
        query: 'prometheus',
        current: { text: THANOS_DATASOURCE.name, value: THANOS_DATASOURCE.uid },
      });
    }
  });

  test('every panel, query and query variable uses ${datasource}', () => {
    const ref = { type: 'prometheus', uid: '${datasource}' };
    for (const d of all) {
      expect(panelsOf(d).length).toBeGreaterThan(5);
      for (const p of panelsOf(d)) {
        expect(p.datasource).toEqual(ref);
        expect(p.targets.length).toBeGreaterThan(0);
        for (const t of p.targets) expect(t.datasource).toEqual(ref);
      }
      for (const v of d.templating.list.filter((v: Json) => v.type === 'query')) expect(v.datasource).toEqual(ref);
    }
  });

  test('panel ids are unique and the layout stays inside the 24-column grid', () => {
    for (const d of all) {
      const ids = d.panels.map((p: Json) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of d.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  test('every panel has a unit; the units fit the metrics', () => {
    for (const d of all) for (const p of panelsOf(d)) expect(p.fieldConfig.defaults.unit).toEqual(expect.any(String));
    expect(panel(vllm, 'Time to first token').fieldConfig.defaults.unit).toBe('s');
    expect(panel(vllm, 'Request rate').fieldConfig.defaults.unit).toBe('reqps');
    const kv = panelsOf(vllm).filter((p) => p.title === 'KV cache usage');
    expect(kv).toHaveLength(2);
    for (const p of kv) expect(p.fieldConfig.defaults).toMatchObject({ unit: 'percentunit', min: 0, max: 1 });
    expect(panel(gpu, 'GPU utilization').fieldConfig.defaults).toMatchObject({ unit: 'percent', min: 0, max: 100 });
    expect(panel(gpu, 'Framebuffer used').fieldConfig.defaults.unit).toBe('mbytes');
    expect(panel(gpu, 'Temperature').fieldConfig.defaults.unit).toBe('celsius');
    expect(panel(gpu, 'Power per serving pod').fieldConfig.defaults.unit).toBe('watt');
    expect(panel(roi, 'Cost per 1M output tokens at the sweet spot').fieldConfig.defaults.unit).toBe('currencyUSD');
  });

  test("TTFT, ITL, KV cache and queue thresholds are the environment's SLA tiers", () => {
    const steps = (p: Json) => p.fieldConfig.defaults.thresholds.steps;
    expect(steps(panel(vllm, 'TTFT p95'))).toEqual([
      { value: null, color: 'green' },
      { value: 0.5, color: 'yellow' },
      { value: 1, color: 'orange' },
      { value: 2, color: 'red' },
    ]);
    expect(steps(panel(vllm, 'Inter-token latency')).map((s: Json) => s.value)).toEqual([null, 0.02, 0.05, 0.1]);
    expect(steps(panel(vllm, 'Requests waiting')).map((s: Json) => s.value)).toEqual([null, 1, 5]);
    expect(steps(panel(roi, 'TTFT p95 per load level')).map((s: Json) => s.value)).toEqual([null, 0.5, 1, 2]);

    const strict = withSettings(demo, {}, { sla: { ...demo.config.sla, ttftP95Ms: { excellent: 200, acceptable: 400, breaking: 800 } } });
    const strictVllm = jsonOf(dashboardsOf(synth(strict)).find((o) => o.metadata.name === 'vllm-performance')!);
    expect(steps(panel(strictVllm, 'TTFT p95')).map((s: Json) => s.value)).toEqual([null, 0.2, 0.4, 0.8]);
  });

  test('slaThresholds, lower is better: tier bounds become steps, a bound of 0 leaves 0 green', () => {
    const sla = (metric: string, tiers: object) => ({ ...demo.config.sla, [metric]: tiers }) as SlaTiers;
    expect(slaThresholds('requestsWaiting', sla('requestsWaiting', { excellent: 0, acceptable: 1, breaking: 5 }))).toEqual({
      base: 'green',
      steps: [
        { value: 1, color: 'orange' },
        { value: 5, color: 'red' },
      ],
    });
    expect(slaThresholds('ttftP95Ms', sla('ttftP95Ms', { excellent: 500, acceptable: 1000, breaking: 2000 }), 0.001).steps.map((s) => s.value)).toEqual([0.5, 1, 2]);
  });

  test('slaThresholds, higher is better (output speed per user): red below breaking, green from excellent', () => {
    const sla = { ...demo.config.sla, outputTokensPerSecondPerUser: { excellent: 50, acceptable: 20, breaking: 10 } } as SlaTiers;
    expect(slaThresholds('outputTokensPerSecondPerUser', sla)).toEqual({
      base: 'red',
      steps: [
        { value: 10, color: 'orange' },
        { value: 20, color: 'yellow' },
        { value: 50, color: 'green' },
      ],
    });
  });

  test('variables: deployments from the recorded vLLM series, nodes and serving pods from DCGM, targets from the environment, scenarios from the results', () => {
    const vars = (d: Json) => Object.fromEntries(d.templating.list.slice(1).map((v: Json) => [v.name, v]));
    expect(vars(vllm).deployment).toMatchObject({
      type: 'query',
      query: 'label_values(namespace_model_name:vllm_num_requests_running:sum{namespace="llm-serving"}, deployment)',
      multi: true,
      includeAll: true,
      allValue: '.+',
    });
    expect(vars(gpu).node.query).toBe('label_values(DCGM_FI_DEV_GPU_UTIL, Hostname)');
    expect(vars(gpu).pod.query).toBe('label_values(DCGM_FI_DEV_GPU_UTIL{exported_namespace="llm-serving"}, exported_pod)');
    expect(vars(roi).target).toMatchObject({ type: 'custom', query: demo.targets.map((t) => t.name).join(','), includeAll: true });
    expect(vars(roi).scenario.query).toBe('label_values(llmbench_benchmark_succeeded{environment="demo"}, scenario)');
    for (const d of all) {
      const names = d.templating.list.map((v: Json) => v.name);
      for (const expr of exprsOf(d)) {
        for (const [, used] of expr.matchAll(/\$\{(\w+)\}/g)) expect(names).toContain(used);
      }
    }
    // vLLM panels are per deployment: recorded series by their label, raw series by the deployment's pods
    for (const expr of exprsOf(vllm)) expect(expr).toMatch(/deployment=~"\$\{deployment\}"|pod=~"\$\{deployment\}-predictor-\.\+"/);
    for (const expr of exprsOf(vllm)) expect(expr).not.toMatch(/model_name=~/);
  });

  test('current vLLM metric names only: no vllm:gpu_cache_usage_perc, no vllm:time_per_output_token_seconds', () => {
    const text = JSON.stringify(all);
    expect(text).not.toContain('gpu_cache_usage_perc');
    expect(text).not.toContain('time_per_output_token_seconds');
    expect(text).toContain('kv_cache_usage_perc');
    expect(text).toContain('inter_token_latency_seconds');
  });

  test('per-pod GPU panels select the workload on exported_pod/exported_namespace; no GPU query uses the exporter pod labels', () => {
    const perPod = panelsOf(gpu).filter((p) => p.title.endsWith('per serving pod'));
    expect(perPod).toHaveLength(4);
    for (const p of perPod) {
      expect(p.targets[0].expr).toMatch(/by \(exported_namespace, exported_pod\) \(DCGM_FI_DEV_\w+\{exported_namespace="llm-serving", exported_pod=~"\$\{pod\}"\}\)/);
      expect(p.targets[0].legendFormat).toBe('{{exported_pod}}');
    }
    // besides exported_* and the ${pod} variable, no pod or namespace label is selected or grouped on
    for (const expr of exprsOf(gpu)) expect(expr.replace(/exported_(pod|namespace)|\$\{pod\}/g, '')).not.toMatch(/\b(pod|namespace)\b/);
  });

  test('results are selected by environment, never by job', () => {
    for (const expr of exprsOf(roi)) {
      expect(expr).toContain('environment="demo"');
      expect(expr).not.toMatch(/\bjob\b/);
    }
  });

  test('tables join instant queries and show the declared columns in order', () => {
    const t = panel(roi, 'Sweet spot and breaking point');
    expect(t.type).toBe('table');
    for (const target of t.targets) expect(target).toMatchObject({ instant: true, format: 'table' });
    const organize = t.transformations.find((x: Json) => x.id === 'organize');
    expect(Object.values(organize.options.renameByName)).toEqual(['Target', 'Scenario', 'Load plan', 'Unit', 'Sweet spot', 'Last good', 'First breaking', 'Max throughput at']);
    expect(t.transformations[0].id).toBe('merge');
  });
});

describe('OpenShift console dashboards', () => {
  const consoleEnv = withSettings(demo, { consoleDashboards: true });
  const consoleObjects = synth(consoleEnv).filter((o) => o.kind === 'ConfigMap');

  test('only when consoleDashboards is on', () => {
    expect(objects.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
    expect(consoleObjects).toHaveLength(3);
    expect(synth(withSettings(demo, { consoleDashboards: true, grafanaOperator: false })).map((o) => o.kind)).toEqual(['ConfigMap', 'ConfigMap', 'ConfigMap']);
  });

  test('ConfigMaps in openshift-config-managed, labelled for the console, named after the environment, one JSON key each', () => {
    expect(consoleObjects.map((o) => o.metadata.name)).toEqual(consoleDashboardConfigMapNames('demo'));
    expect(consoleDashboardConfigMapNames('demo')).toEqual(['grafana-dashboard-llmbench-demo-vllm', 'grafana-dashboard-llmbench-demo-gpu', 'grafana-dashboard-llmbench-demo-roi']);
    for (const o of consoleObjects) {
      expect(o.metadata.namespace).toBe(CONSOLE_DASHBOARDS_NAMESPACE);
      expect(o.metadata.labels['console.openshift.io/dashboard']).toBe('true');
      expect(Object.keys(o.data)).toHaveLength(1);
      expect(Object.keys(o.data)[0]).toMatch(/^llmbench-demo-(vllm|gpu|roi)\.json$/);
    }
  });

  test('the ConfigMaps pass the schema and policy checks', () => {
    const result = validateDocuments(parseDocuments('console.yaml', consoleObjects.map((o) => YAML.stringify(o)).join('---\n')), 1);
    expect(result.problems.map(formatValidationProblem)).toEqual([]);
    expect(result.summary.ok).toBe(3);
  });

  const boards = consoleObjects.map((o) => JSON.parse(Object.values(o.data as Record<string, string>)[0]));

  test('the JSON parses into the console model: rows of graph/singlestat/table panels, no datasource, $variables', () => {
    expect(boards.map((b) => b.title)).toEqual([vllm.title, gpu.title, roi.title]);
    for (const b of boards) {
      expect(JSON.stringify(b)).not.toContain('datasource');
      expect(JSON.stringify(b)).not.toContain('${');
      expect(b.rows.length).toBeGreaterThan(1);
      for (const row of b.rows) {
        for (const p of row.panels) {
          expect(['graph', 'singlestat', 'table']).toContain(p.type);
          expect(p.span).toBeGreaterThanOrEqual(1);
          expect(p.span).toBeLessThanOrEqual(12);
          expect(p.targets.length).toBeGreaterThan(0);
          if (p.type === 'graph') expect(p.yaxes[0].format).toEqual(expect.any(String));
          if (p.type === 'singlestat') expect(p.format).toEqual(expect.any(String));
          if (p.type === 'table') {
            expect(p.transform).toBe('table');
            expect(p.styles.length).toBeGreaterThan(2);
          }
        }
      }
    }
    // a stat with one value per model becomes a table (a single stat shows only the first series)
    const ttft = boards[0].rows[0].panels[0];
    expect(ttft).toMatchObject({ title: 'TTFT p95', type: 'table', transform: 'table' });
    expect(ttft.styles).toEqual([
      { pattern: 'deployment', alias: 'deployment', type: 'string' },
      { pattern: 'Value #A', alias: 'TTFT p95', type: 'number', unit: 's', decimals: 2 },
      { pattern: 'Time', type: 'hidden' },
    ]);
    expect(boards[1].rows[0].panels[0]).toMatchObject({ title: 'GPUs', type: 'singlestat', format: 'short' });
    const vllmBoard = boards[0];
    expect(vllmBoard.templating.list).toEqual([
      expect.objectContaining({ name: 'deployment', type: 'query', query: 'label_values(namespace_model_name:vllm_num_requests_running:sum{namespace="llm-serving"}, deployment)' }),
    ]);
    expect(vllmBoard.rows[0].panels[0].targets[0].expr).toContain('deployment=~"$deployment"');
    const roiBoard = boards[2];
    expect(roiBoard.templating.list[0].options.map((o: Json) => o.value)).toEqual(demo.targets.map((t) => t.name));
  });

  test('the console shows the same queries as Grafana', () => {
    const consoleExprs = boards.flatMap((b) => b.rows.flatMap((r: Json) => r.panels.flatMap((p: Json) => p.targets.map((t: Json) => t.expr))));
    const grafanaExprs = all.flatMap(exprsOf).map((e) => e.replace(/\$\{(\w+)\}/g, '$$$1'));
    expect(consoleExprs).toEqual(grafanaExprs);
  });

  test('the AppProject destinations and the controller grant include openshift-config-managed only with the switch, for these ConfigMaps only', () => {
    expect(allNamespaces(stackNamespaces(demo))).not.toContain(CONSOLE_DASHBOARDS_NAMESPACE);
    expect(allNamespaces(stackNamespaces(consoleEnv))).toContain(CONSOLE_DASHBOARDS_NAMESPACE);
    const rbac = (env: ResolvedEnvironment) => {
      const chart = new Chart(Testing.app(), 'rbac');
      new ControllerRbac(chart, 'rbac', {
        environment: env.name,
        argocdNamespace: env.config.argocdNamespace,
        namespaces: stackNamespaces(env),
        consoleDashboardConfigMaps: env.config.monitoring.dashboards.consoleDashboards ? consoleDashboardConfigMapNames(env.name) : [],
        createOwnedNamespaces: false,
      });
      return Testing.synth(chart).filter((o) => o.metadata.namespace === CONSOLE_DASHBOARDS_NAMESPACE);
    };
    expect(rbac(demo)).toEqual([]);
    const granted = rbac(consoleEnv);
    expect(granted.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Role/llmbench-demo-console-dashboards', 'RoleBinding/llmbench-demo-console-dashboards']);
    expect(granted[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update', 'patch', 'delete'], resourceNames: consoleDashboardConfigMapNames('demo') },
    ]);
    expect(granted[1].roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'llmbench-demo-console-dashboards' });
  });
});

describe('configuration', () => {

  test('a bad refresh interval names the file, path, value and the allowed form', () => {
    const errors = configErrors({ [DEV_FILE]: (t) => `${t}monitoring:\n  dashboards:\n    refresh: soon\n` });
    expect(errors).toEqual([`${DEV_FILE}:35: monitoring.dashboards.refresh: "soon": must be a duration such as 30s, 1m or 1h`]);
  });

  test('a non-boolean switch is refused', () => {
    const errors = configErrors({ [DEFAULTS]: replace('consoleDashboards: false', 'consoleDashboards: maybe') });
    expect(errors).toEqual([expect.stringMatching(/^config\/defaults\.yaml:\d+: monitoring\.dashboards\.consoleDashboards: expected boolean, got string "maybe"/)]);
  });

  test('an environment name too long for the dashboard uids is refused before synth', () => {
    const name = 'e'.repeat(27);
    const root = tempProject({ [`${ENVIRONMENTS_DIR}/${name}.yaml`]: fs.readFileSync(fixtureFile(DEV_FILE), 'utf8') });
    try {
      expect(() => loadConfig(root)).toThrow(
        `${ENVIRONMENTS_DIR}/${name}.yaml: (top level): Grafana dashboard uid "llmbench-${name}-vllm" is 41 characters; Grafana allows at most 40: use an environment name of at most 26 characters`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    expect(() => dashboardUid('e'.repeat(27), 'gpu')).toThrow('environment eeeeeeeeeeeeeeeeeeeeeeeeeee: Grafana dashboard uid');
    for (const kind of DASHBOARD_KINDS) expect(dashboardUid('e'.repeat(26), kind).length).toBeLessThanOrEqual(40);
  });
});
