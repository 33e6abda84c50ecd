/**
 * Tekton Triggers (`pipelines.triggers.enabled`): off by default, on in `full`; there, explicit checks of
 * the EventListener, TriggerBinding and TriggerTemplates (no schema exists for them in ../shared, so these are
 * their structural checks), the proof that each TriggerTemplate creates exactly its target's PipelineRun template
 * (the embedded PipelineRuns are also validated against the tekton.dev schema), the RBAC and the ArgoCD
 * controller's grant for it, tekton-lint, and the errors for bad input.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ConfigError, formatProblem } from '../../../config/errors';
import { loadConfig } from '../../../config/load';
import { ResolvedEnvironment } from '../../../config/resolve';
import { BootstrapChart } from '../../../constructs/charts/bootstrap-chart';
import { PipelineRunsChart } from '../../../constructs/charts/pipelineruns-chart';
import { PipelinesChart } from '../../../constructs/charts/pipelines-chart';
import { triggerTemplateName } from '../../../domain/names';
import { targetFilter } from '../../../constructs/tekton/benchmark-triggers';
import { pipelineRunManifest } from '../../../constructs/tekton/pipelinerun-template';
import { benchmarkJobProps } from '../../../constructs/charts/props';
import { EventListener } from '../../../constructs/tekton/triggers-api';
import { validateDirectory } from '../../../scripts/validation';
import { formatTektonLintProblem, lintTektonDirectory } from '../../../scripts/validation/tekton-lint';
import { fixture, fixtureFile, replace, tempProject } from '../../helpers/project';

const environments = fixture().environments;
const full = environments.find((e) => e.name === 'full')!;
const withTriggers = (e: ResolvedEnvironment, enabled = true): ResolvedEnvironment => ({ ...e, config: { ...e.config, pipelines: { triggers: { enabled } } } });
const env = full;

const app = new App({ outdir: '/nonexistent' });
const pipelines = Testing.synth(new PipelinesChart(app, 'pipelines', env));
const runs = Testing.synth(new PipelineRunsChart(app, 'pipelineruns', env));
const ofKind = (kind: string) => pipelines.filter((o) => o.kind === kind);
const listener = ofKind('EventListener')[0];
const binding = ofKind('TriggerBinding')[0];
const templates = ofKind('TriggerTemplate');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-triggers-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** What Triggers creates from a template: `$(tt.params.NAME)` replaced by the bound values (resources.go ApplyParamsToResourceTemplate). */
function instantiate(template: any, params: Record<string, string>): any {
  const text = JSON.stringify(template.spec.resourcetemplates[0]).replace(/\$\(tt\.params\.([a-z0-9-]+)\)/g, (_m, name: string) => {
    if (!(name in params)) throw new Error(`template uses undeclared parameter ${name}`);
    return params[name];
  });
  return JSON.parse(text);
}

test('off by default; on only where an environment turns it on (full)', () => {
  expect(YAML.parse(fs.readFileSync(fixtureFile('config/defaults.yaml'), 'utf8')).pipelines).toEqual({ triggers: { enabled: false } });
  expect(environments.filter((e) => e.config.pipelines.triggers.enabled).map((e) => e.name)).toEqual(['full']);
  for (const e of environments.filter((e) => e.name !== 'full')) {
    const objects = Testing.synth(new PipelinesChart(new App({ outdir: '/nonexistent' }), 'p', e));
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Task', 'Pipeline']);
  }
});

test('adds a ServiceAccount, its bindings, a TriggerBinding, one TriggerTemplate per target and the EventListener', () => {
  expect(pipelines.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`)).toEqual([
    'v1/ConfigMap/guidellm-render-command',
    'tekton.dev/v1/Task/guidellm-benchmark',
    'tekton.dev/v1/Pipeline/guidellm-benchmark',
    'v1/ServiceAccount/benchmark-trigger',
    'rbac.authorization.k8s.io/v1/RoleBinding/benchmark-trigger',
    'triggers.tekton.dev/v1beta1/TriggerBinding/guidellm-benchmark-target',
    ...env.targets.map((t) => `triggers.tekton.dev/v1beta1/TriggerTemplate/guidellm-benchmark-${t.name}`),
    'triggers.tekton.dev/v1beta1/EventListener/guidellm-benchmark',
  ]);
  for (const o of pipelines) expect(o.metadata.namespace).toBe(env.config.namespace);
  for (const o of pipelines.filter((o) => o.apiVersion.startsWith('triggers.'))) {
    expect(o.metadata.labels['llmbench.io/environment']).toBe('full');
    expect(o.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    // every field is one the upstream types define (structural check; no schema exists)
    expect(Object.keys(o).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  }
});

test('the TriggerBinding reads the target from the webhook body; every template declares what it binds', () => {
  expect(binding.spec).toEqual({ params: [{ name: 'target', value: '$(body.target)' }] });
  for (const template of templates) expect(template.spec.params.map((p: any) => p.name)).toEqual(binding.spec.params.map((p: any) => p.name));
});

test.each(env.targets.map((t) => [t.name]))("the TriggerTemplate of %s creates exactly the target's PipelineRun template", (targetName) => {
  const target = env.targets.find((t) => t.name === targetName)!;
  const template = templates.find((t) => t.metadata.name === triggerTemplateName(targetName));
  expect(template.spec.resourcetemplates).toHaveLength(1);
  // the template uses its parameter (no hard-coded copy of the name where the binding gives it)
  expect(template.spec.resourcetemplates[0].metadata.generateName).toBe('guidellm-$(tt.params.target)-');
  const created = instantiate(template, { target: targetName });
  expect(created).toEqual(pipelineRunManifest(benchmarkJobProps(env, target)));
  // and that is the file in dist/ENV/pipelineruns/
  expect(created).toEqual(runs[env.targets.indexOf(target)]);
});

test('the EventListener: one trigger per target, each behind a CEL filter that admits only that target', () => {
  expect(listener.spec.serviceAccountName).toBe('benchmark-trigger');
  expect(listener.spec.triggers.map((t: any) => t.name)).toEqual(env.targets.map((t) => t.name));
  for (const [i, trigger] of listener.spec.triggers.entries()) {
    const name = env.targets[i].name;
    expect(trigger.interceptors).toEqual([
      { name: 'only this target', ref: { name: 'cel', kind: 'ClusterInterceptor' }, params: [{ name: 'filter', value: `has(body.target) && body.target == '${name}'` }] },
    ]);
    expect(trigger.bindings).toEqual([{ ref: binding.metadata.name, kind: 'TriggerBinding' }]);
    expect(trigger.template).toEqual({ ref: `guidellm-benchmark-${name}` });
    expect(templates.map((t) => t.metadata.name)).toContain(trigger.template.ref);
  }
  // no two triggers admit the same target, so one event starts at most one PipelineRun
  const filters = listener.spec.triggers.map((t: any) => t.interceptors[0].params[0].value);
  expect(new Set(filters).size).toBe(filters.length);
  // target names are DNS labels: nothing in them can break out of the CEL string literal
  for (const t of env.targets) expect(t.name).toMatch(/^[a-z0-9-]+$/);
});

test('the sink is in-cluster only, restricted-v2 compatible, with requests and limits', () => {
  const sink = listener.spec.resources.kubernetesResource;
  expect(sink.serviceType).toBe('ClusterIP');
  expect(sink.servicePort).toBe(8080);
  const pod = sink.spec.template.spec;
  expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  expect(pod.containers).toHaveLength(1);
  // upstream refuses a container name here (event_listener_validation.go containerFieldMask)
  expect(Object.keys(pod.containers[0]).sort()).toEqual(['resources', 'securityContext']);
  expect(pod.containers[0].securityContext).toEqual({
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  });
  expect(pod.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
});

const bootstrapOf = (e: ResolvedEnvironment) => Testing.synth(new BootstrapChart(new App({ outdir: '/nonexistent' }), 'bootstrap', e));

test("RBAC: the upstream-documented bindings of Triggers' own EventListener ClusterRoles, nothing custom; the cluster-wide one from bootstrap/", () => {
  const roleBinding = ofKind('RoleBinding')[0];
  const subject = { kind: 'ServiceAccount', name: 'benchmark-trigger', namespace: env.config.namespace };
  expect(roleBinding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tekton-triggers-eventlistener-roles' });
  expect(roleBinding.subjects).toEqual([subject]);
  expect(ofKind('ClusterRoleBinding')).toEqual([]);
  const clusterBinding = bootstrapOf(env).find((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === 'llmbench-full-benchmark-trigger');
  expect(clusterBinding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'tekton-triggers-eventlistener-clusterroles' });
  expect(clusterBinding.subjects).toEqual([subject]);
  expect(pipelines.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')).toEqual([]);
});

test("the Triggers' cluster-wide binding is in bootstrap/ only when Triggers are on; the controller's grant never binds a role", () => {
  const names = (e: ResolvedEnvironment) => bootstrapOf(e).filter((o) => o.kind === 'ClusterRoleBinding' && o.metadata.labels['app.kubernetes.io/component'] === 'cluster-access').map((o) => o.metadata.name);
  // full also has GPU analysis on: the results processor's cluster-monitoring-view binding
  expect(names(env)).toEqual(['llmbench-full-monitoring-view', 'llmbench-full-benchmark-trigger', 'llmbench-full-results-gpu-view']);
  expect(names(withTriggers(full, false))).toEqual(['llmbench-full-monitoring-view', 'llmbench-full-results-gpu-view']);
  const rules = bootstrapOf(env).filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role').flatMap((o) => o.rules);
  expect(rules.filter((r: any) => r.verbs.includes('bind') || r.resources.includes('clusterrolebindings'))).toEqual([]);
});

describe('validation', () => {
  const dir = path.join(tmp, 'dist');
  const write = (file: string, objects: any[]) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), objects.map((o) => YAML.stringify(o)).join('---\n'));
  };
  write('full/pipelines/resources.yaml', pipelines);
  write('full/pipelineruns/resources.yaml', runs);

  test('tekton-lint passes on the Triggers with the Pipeline and Task', () => {
    const result = lintTektonDirectory(dir);
    expect(result.problems.map(formatTektonLintProblem)).toEqual([]);
  });

  test("tekton-lint's optional-workspace false positive is dropped, a missing required workspace is still reported", () => {
    const broken = path.join(tmp, 'broken');
    const template = templates[0];
    const run = template.spec.resourcetemplates[0];
    const withoutResults = { ...template, spec: { ...template.spec, resourcetemplates: [{ ...run, spec: { ...run.spec, workspaces: [] } }] } };
    fs.mkdirSync(path.join(broken, 'full'), { recursive: true });
    fs.writeFileSync(path.join(broken, 'full', 'resources.yaml'), [ofKind('Pipeline')[0], ofKind('Task')[0], withoutResults].map((o) => YAML.stringify(o)).join('---\n'));
    const messages = lintTektonDirectory(broken).problems.map((p) => `${p.rule}: ${p.message}`);
    expect(messages).toEqual([
      `no-missing-workspace: TriggerTemplate '${template.metadata.name}' references Pipeline 'guidellm-benchmark', but provides no workspace for 'results' (it's a required workspace in 'guidellm-benchmark')`,
    ]);
  });

  test('schema and policy checks pass; the embedded PipelineRuns pass the tekton.dev PipelineRun schema', () => {
    const embedded = path.join(tmp, 'embedded');
    fs.mkdirSync(embedded, { recursive: true });
    fs.writeFileSync(path.join(embedded, 'runs.yaml'), templates.map((t) => YAML.stringify(instantiate(t, { target: 'x' }))).join('---\n'));
    const result = validateDirectory(embedded);
    expect(result.problems).toEqual([]);
    expect(result.summary.documents).toBe(env.targets.length);
    expect(validateDirectory(dir).problems).toEqual([]);
  });

  test("the validator checks a TriggerTemplate's resource templates against their own schemas", () => {
    const bad = path.join(tmp, 'bad-template');
    fs.mkdirSync(bad, { recursive: true });
    const template = templates[0];
    const run = template.spec.resourcetemplates[0];
    const broken = {
      ...template,
      spec: { ...template.spec, resourcetemplates: [{ ...run, spec: { ...run.spec, timeout: '1h', pipelineRef: { name: 7 } } }, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }] },
    };
    fs.writeFileSync(path.join(bad, 'template.yaml'), YAML.stringify(broken));
    const found = validateDirectory(bad).problems.map((p) => `${p.path}: ${p.message}`);
    expect(found).toEqual([
      '$.spec.resourcetemplates[0].spec.timeout: unknown field "timeout"',
      '$.spec.resourcetemplates[0].spec.pipelineRef.name: expected string, got integer',
      '$.spec.resourcetemplates[1]: no schema found for embedded example.com/v1 Widget, tried: ../shared/schemas/k8s/v1.28.0-standalone-strict/widget-example-v1.json, ../shared/schemas/example.com/widget_v1.json',
    ]);
  });

  test("the Triggers kinds are checked against ../shared's schemas, which take any spec: the embedded runs are what is checked", () => {
    const loose = path.join(tmp, 'loose');
    fs.mkdirSync(loose, { recursive: true });
    const template = templates[0];
    // an unknown spec field passes the TriggerTemplate's own (permissive) schema, as it passes upstream's CRD
    fs.writeFileSync(path.join(loose, 'template.yaml'), YAML.stringify({ ...template, spec: { ...template.spec, anything: 1 } }));
    // (without a schema in ../shared the validator would report "no schema found")
    expect(validateDirectory(loose).problems).toEqual([]);
  });
});

describe('bad input', () => {
  test('a non-boolean pipelines.triggers.enabled names the file, line and expected type', () => {
    const root = tempProject({ 'config/environments/dev.yaml': replace('internet: false', 'internet: false\npipelines:\n  triggers:\n    enabled: "yes"') });
    try {
      expect(() => loadConfig(root)).toThrow(ConfigError);
      try {
        loadConfig(root);
      } catch (e) {
        expect((e as ConfigError).problems.map(formatProblem)).toEqual(['config/environments/dev.yaml:12: pipelines.triggers.enabled: expected boolean, got string "yes"']);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('an unknown key under pipelines.triggers is refused', () => {
    const root = tempProject({ 'config/environments/dev.yaml': replace('internet: false', 'internet: false\npipelines:\n  triggers:\n    enabled: true\n    route: true') });
    try {
      let problems: string[] = [];
      try {
        loadConfig(root);
      } catch (e) {
        problems = (e as ConfigError).problems.map(formatProblem);
      }
      expect(problems).toEqual(['config/environments/dev.yaml:13: pipelines.triggers.route: unknown key "route"; allowed: enabled']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('with Triggers on, a target name too long for its TriggerTemplate is a configuration error', () => {
    const name = 'g'.repeat(45);
    const edit = (text: string) =>
      replace('internet: false', 'internet: false\npipelines:\n  triggers:\n    enabled: true')(replace('  - model: granite-8b-agent', `  - name: ${name}\n    model: granite-8b-agent`)(text));
    const root = tempProject({ 'config/environments/dev.yaml': edit });
    try {
      let problems: string[] = [];
      try {
        loadConfig(root);
      } catch (e) {
        problems = (e as ConfigError).problems.map(formatProblem);
      }
      expect(problems).toEqual([
        `config/environments/dev.yaml:19: targets[0].name: TriggerTemplate name (pipelines.triggers) "guidellm-benchmark-${name}" is 64 characters; Kubernetes allows at most 63: shorten the name it is built from`,
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    // the same name is fine without Triggers
    const off = tempProject({ 'config/environments/dev.yaml': replace('  - model: granite-8b-agent', `  - name: ${name}\n    model: granite-8b-agent`) });
    try {
      expect(loadConfig(off).environments.find((e) => e.name === 'dev')!.targets[0].name).toBe(name);
    } finally {
      fs.rmSync(off, { recursive: true, force: true });
    }
  });

  test('a target name that makes the TriggerTemplate name too long is refused by the construct too', () => {
    const long = 'a'.repeat(50);
    const e = withTriggers({ ...full, targets: [{ ...full.targets[0], name: long }] });
    expect(() => new PipelinesChart(new App({ outdir: '/nonexistent' }), 'p', e)).toThrow(
      `environment full: TriggerTemplate name "guidellm-benchmark-${long}" is 69 characters; Kubernetes allows at most 63: shorten the name it is built from`,
    );
  });

  test('the EventListener builder refuses what upstream refuses', () => {
    const chart = new Chart(Testing.app(), 'c');
    const spec = { serviceAccountName: 'sa', triggers: [] };
    expect(() => new EventListener(chart, 'a', { metadata: { name: 'x'.repeat(61), namespace: 'n' }, spec })).toThrow(/longer than 60 characters/);
    const twoContainers = { kubernetesResource: { spec: { template: { spec: { containers: [{}, {}] } } } } };
    expect(() => new EventListener(chart, 'b', { metadata: { name: 'x', namespace: 'n' }, spec: { ...spec, resources: twoContainers } })).toThrow(/at most one container/);
  });

  test('the CEL filter is built from the target name alone', () => {
    expect(targetFilter('granite-8b-agent-l4-x1')).toBe("has(body.target) && body.target == 'granite-8b-agent-l4-x1'");
  });
});
