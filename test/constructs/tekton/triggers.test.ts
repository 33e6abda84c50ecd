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
import { DEFAULTS, DEV_FILE, devErrors } from '../../helpers/config-edit';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../../helpers/restricted';

const environments = fixture().environments;
const full = environments.find((e) => e.name === 'full')!;
const withTriggers = (e: ResolvedEnvironment, enabled = true): ResolvedEnvironment => ({ ...e, config: { ...e.config, pipelines: { triggers: { enabled, callers: [] } } } });
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
  expect(YAML.parse(fs.readFileSync(fixtureFile(DEFAULTS), 'utf8')).pipelines).toEqual({ triggers: { enabled: false, callers: [] } });
  expect(environments.filter((e) => e.config.pipelines.triggers.enabled).map((e) => e.name)).toEqual(['full']);
  for (const e of environments.filter((e) => e.name !== 'full')) {
    const objects = Testing.synth(new PipelinesChart(new App({ outdir: '/nonexistent' }), 'p', e));
    expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Task', 'Pipeline']);
  }
});

test("adds a TriggerBinding, one TriggerTemplate per target, the EventListener and its NetworkPolicy, in the EventListener's own namespace", () => {
  expect(pipelines.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`)).toEqual([
    'v1/ConfigMap/guidellm-render-command',
    'tekton.dev/v1/Task/guidellm-benchmark',
    'tekton.dev/v1/Pipeline/guidellm-benchmark',
    'triggers.tekton.dev/v1beta1/TriggerBinding/guidellm-benchmark-target',
    ...env.targets.flatMap((t) => [`triggers.tekton.dev/v1beta1/TriggerTemplate/guidellm-benchmark-${t.name}`, `triggers.tekton.dev/v1beta1/Trigger/guidellm-benchmark-${t.name}`]),
    'triggers.tekton.dev/v1beta1/EventListener/guidellm-benchmark',
    'networking.k8s.io/v1/NetworkPolicy/guidellm-benchmark',
  ]);
  const triggersNamespace = `${env.config.namespace}-triggers`;
  for (const o of pipelines) expect([o.kind, o.metadata.namespace]).toEqual([o.kind, ['Task', 'Pipeline', 'ConfigMap'].includes(o.kind) ? env.config.namespace : triggersNamespace]);
  // no ServiceAccount and no RBAC in the synced app: they come from bootstrap/
  expect(pipelines.filter((o) => ['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind))).toEqual([]);
  for (const o of pipelines.filter((o) => o.apiVersion.startsWith('triggers.'))) {
    expect(o.metadata.labels['llmbench.io/environment']).toBe('full');
    expect(o.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
    // every field is one the upstream types define (structural check; no schema exists)
    expect(Object.keys(o).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  }
  // the PipelineRuns the templates create go to the stack namespace (create.go reads the template's namespace)
  for (const t of templates) expect(t.spec.resourcetemplates[0].metadata.namespace).toBe(env.config.namespace);
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

test('the EventListener selects one Trigger object per target by label, each behind a CEL filter that admits only that target', () => {
  expect(listener.spec.serviceAccountName).toBe('benchmark-trigger');
  // no inline list: the EventListener is one size at any number of targets
  expect(listener.spec.triggers).toEqual([]);
  const triggerObjects = ofKind('Trigger');
  const selector = listener.spec.labelSelector.matchLabels;
  expect(selector).toEqual({ 'app.kubernetes.io/component': 'pipelines', 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'full' });
  // what the sink selects (same namespace, matching labels): exactly the Trigger objects
  const selected = pipelines.filter((o) => o.metadata.namespace === listener.metadata.namespace && Object.entries(selector).every(([k, v]) => o.metadata.labels[k] === v));
  expect(selected.filter((o) => o.kind === 'Trigger')).toEqual(triggerObjects);
  expect(triggerObjects.map((t: any) => t.spec.name)).toEqual(env.targets.map((t) => t.name));
  for (const [i, object] of triggerObjects.entries()) {
    const trigger = object.spec;
    const name = env.targets[i].name;
    expect(object.metadata.labels['llmbench.io/target']).toBe(name);
    expect(trigger.interceptors).toEqual([
      { name: 'only this target', ref: { name: 'cel', kind: 'ClusterInterceptor' }, params: [{ name: 'filter', value: `has(body.target) && body.target == '${name}'` }] },
    ]);
    expect(trigger.bindings).toEqual([{ ref: binding.metadata.name, kind: 'TriggerBinding' }]);
    expect(trigger.template).toEqual({ ref: `guidellm-benchmark-${name}` });
    expect(templates.map((t) => t.metadata.name)).toContain(trigger.template.ref);
  }
  // no two triggers admit the same target, so one event starts at most one PipelineRun
  const filters = triggerObjects.map((t: any) => t.spec.interceptors[0].params[0].value);
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
  expect(pod.containers[0].securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
  expect(pod.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
});

const bootstrapOf = (e: ResolvedEnvironment) => Testing.synth(new BootstrapChart(new App({ outdir: '/nonexistent' }), 'bootstrap', e));

const ruleText = (r: any) => `${r.apiGroups.join(',')}/${r.resources.join(',')}: ${r.verbs.join(',')}`;

test("RBAC, all in bootstrap/: the ServiceAccount in the EventListener's namespace with exactly what the sink uses, no Secret, no impersonation", () => {
  const bootstrap = bootstrapOf(env);
  const triggersNamespace = `${env.config.namespace}-triggers`;
  const subject = { kind: 'ServiceAccount', name: 'benchmark-trigger', namespace: triggersNamespace };
  const account = bootstrap.find((o) => o.kind === 'ServiceAccount');
  expect([account.metadata.name, account.metadata.namespace]).toEqual(['benchmark-trigger', triggersNamespace]);
  const bindings = bootstrap.filter((o) => o.subjects?.some((s: any) => s.name === subject.name && s.namespace === subject.namespace));
  const grants = bindings.map((b) => {
    const role = bootstrap.find((o) => o.kind === 'ClusterRole' && o.metadata.name === b.roleRef.name);
    return [b.kind, b.metadata.namespace ?? '(cluster)', role.rules.map(ruleText)];
  });
  expect(grants).toEqual([
    ['ClusterRoleBinding', '(cluster)', ['triggers.tekton.dev/clustertriggerbindings,clusterinterceptors: get,list,watch']],
    [
      'RoleBinding',
      triggersNamespace,
      ['triggers.tekton.dev/eventlisteners,triggers,triggerbindings,triggertemplates,interceptors: get,list,watch', '/events: create,patch'],
    ],
    ['RoleBinding', env.config.namespace, ['tekton.dev/pipelineruns: create']],
  ]);
  for (const b of bindings) expect(b.subjects).toEqual([subject]);
  expect(listener.spec.serviceAccountName).toBe(subject.name);
  expect(listener.metadata.namespace).toBe(subject.namespace);
});

test("the controller's grant in the EventListener's namespace: Triggers objects and NetworkPolicies, nothing that runs a pod", () => {
  const triggersNamespace = `${env.config.namespace}-triggers`;
  const bootstrap = bootstrapOf(env);
  const bound = bootstrap.filter((o) => o.kind === 'RoleBinding' && o.metadata.namespace === triggersNamespace && o.subjects[0].name.includes('argocd-application-controller'));
  expect(bound.map((b) => b.roleRef.kind)).toEqual(['Role']);
  const role = bootstrap.find((o) => o.kind === 'Role' && o.metadata.name === bound[0].roleRef.name);
  expect(role.rules.map(ruleText)).toEqual([
    'triggers.tekton.dev/eventlisteners,triggers,triggerbindings,triggertemplates: get,list,watch,create,update,patch,delete',
    'networking.k8s.io/networkpolicies: get,list,watch,create,update,patch,delete',
  ]);
  // the namespace is the stack's: written in bootstrap/ (before the RoleBindings) and managed by the operators app
  expect(bootstrap.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toContain(triggersNamespace);
});

test('without Triggers: no EventListener namespace, ServiceAccount or binding for it', () => {
  const off = bootstrapOf(withTriggers(full, false));
  expect(off.filter((o) => o.metadata.name.includes('trigger') || o.metadata.namespace?.endsWith('-triggers'))).toEqual([]);
});

test('the NetworkPolicy admits port 8080 of the sink pods from the stack namespace and the declared callers only', () => {
  const withCallers = { ...env, config: { ...env.config, pipelines: { triggers: { enabled: true, callers: ['model-registry', 'ci'] } } } };
  const [policy] = Testing.synth(new PipelinesChart(new App({ outdir: '/nonexistent' }), 'p', withCallers)).filter((o) => o.kind === 'NetworkPolicy');
  expect(policy.spec).toEqual({
    // the label Triggers' controller puts on the sink's pods (meta.go GenerateLabels)
    podSelector: { matchLabels: { eventlistener: listener.metadata.name } },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [env.config.namespace, 'model-registry', 'ci'] }] } }],
        ports: [{ protocol: 'TCP', port: listener.spec.resources.kubernetesResource.servicePort }],
      },
    ],
  });
  expect(policy.metadata.namespace).toBe(listener.metadata.namespace);
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
  test("an EventListener namespace that is the stack's (or any namespace where others create pods) is refused, naming the fix", () => {
    expect(devErrors('pipelines: { triggers: { enabled: true, namespace: llm-serving-dev } }')).toEqual([
      `${DEV_FILE}:36: pipelines.triggers.namespace: "llm-serving-dev" is the serving namespace (servingNamespace); the EventListener needs a namespace of its own, where nothing else can create pods, such as llm-bench-dev-triggers`,
    ]);
  });

  test('a default EventListener namespace longer than a namespace name may be is refused at the stack namespace', () => {
    const long = 'n'.repeat(60);
    expect(devErrors(`namespace: ${long}\npipelines: { triggers: { enabled: true } }`).filter((e) => e.includes('EventListener'))).toEqual([
      `${DEV_FILE}:3: namespace: EventListener namespace (pipelines.triggers.namespace, default <namespace>-triggers) "${long}-triggers" is 69 characters; Kubernetes allows at most 63: shorten the name it is built from, or set pipelines.triggers.namespace`,
    ]);
  });

  test('a non-boolean pipelines.triggers.enabled names the file, line and expected type', () => {
    const root = tempProject({ [DEV_FILE]: replace('internet: false', 'internet: false\npipelines:\n  triggers:\n    enabled: "yes"') });
    try {
      expect(() => loadConfig(root)).toThrow(ConfigError);
      try {
        loadConfig(root);
      } catch (e) {
        expect((e as ConfigError).problems.map(formatProblem)).toEqual([`${DEV_FILE}:12: pipelines.triggers.enabled: expected boolean, got string "yes"`]);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('an unknown key under pipelines.triggers is refused', () => {
    const root = tempProject({ [DEV_FILE]: replace('internet: false', 'internet: false\npipelines:\n  triggers:\n    enabled: true\n    route: true') });
    try {
      let problems: string[] = [];
      try {
        loadConfig(root);
      } catch (e) {
        problems = (e as ConfigError).problems.map(formatProblem);
      }
      expect(problems).toEqual([`${DEV_FILE}:13: pipelines.triggers.route: unknown key "route"; allowed: enabled, namespace, callers`]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('with Triggers on, a target name too long for its TriggerTemplate is a configuration error', () => {
    const name = 'g'.repeat(45);
    const edit = (text: string) =>
      replace('internet: false', 'internet: false\npipelines:\n  triggers:\n    enabled: true')(replace('  - model: granite-8b-agent', `  - name: ${name}\n    model: granite-8b-agent`)(text));
    const root = tempProject({ [DEV_FILE]: edit });
    try {
      let problems: string[] = [];
      try {
        loadConfig(root);
      } catch (e) {
        problems = (e as ConfigError).problems.map(formatProblem);
      }
      expect(problems).toEqual([
        `${DEV_FILE}:19: targets[0].name: TriggerTemplate name (pipelines.triggers) "guidellm-benchmark-${name}" is 64 characters; Kubernetes allows at most 63: shorten the name it is built from`,
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    // the same name is fine without Triggers
    const off = tempProject({ [DEV_FILE]: replace('  - model: granite-8b-agent', `  - name: ${name}\n    model: granite-8b-agent`) });
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
