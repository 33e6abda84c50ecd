/**
 * Tests of `npm run validate`: schema lookup, the schema check on fixtures and in-memory documents, the summary,
 * and the command line (as a child process).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseDocuments, readDocuments } from '../../scripts/validation/documents';
import { validateDirectory, validateDocuments } from '../../scripts/validation';
import { formatProblem } from '../../scripts/validation/report';
import {
  DEFAULT_K8S_SCHEMA_LOCATION,
  expandSchemaLocation,
  normalizeSchemaLocation,
  pointerToSegments,
  SchemaChecker,
} from '../../scripts/validation/schema-check';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Fixture paths as the CLI prints them when run from the project root. */
const FIXTURES = path.relative(process.cwd(), path.join(__dirname, '..', 'fixtures', 'validate'));
const BAD = path.join(FIXTURES, 'bad');
const GOOD = path.join(FIXTURES, 'good');

/** One checker for the whole file: compiling the big pod schemas once keeps the tests fast. */
const checker = new SchemaChecker();

/** The schema problem lines of one fixture file under bad/. */
function schemaLines(file: string, check: SchemaChecker = checker): string[] {
  return readDocuments(path.join(BAD, file)).flatMap((doc) => check.checkDocument(doc)).map(formatProblem);
}

/** The schema problem lines of YAML text. */
function linesOf(text: string, file = 'memory.yaml'): string[] {
  return parseDocuments(file, text).flatMap((doc) => checker.checkDocument(doc)).map(formatProblem);
}

describe('schema lookup (kubeconform templates)', () => {
  it.each([
    ['v1', 'ConfigMap', DEFAULT_K8S_SCHEMA_LOCATION, '../shared/schemas/k8s/v1.28.0-standalone-strict/configmap-v1.json'],
    ['batch/v1', 'Job', DEFAULT_K8S_SCHEMA_LOCATION, '../shared/schemas/k8s/v1.28.0-standalone-strict/job-batch-v1.json'],
    [
      'rbac.authorization.k8s.io/v1',
      'Role',
      DEFAULT_K8S_SCHEMA_LOCATION,
      '../shared/schemas/k8s/v1.28.0-standalone-strict/role-rbac-v1.json',
    ],
    [
      'route.openshift.io/v1',
      'Route',
      '../shared/schemas/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json',
      '../shared/schemas/route.openshift.io/route_v1.json',
    ],
    ['v1', 'Secret', 'x/{{ .Group }}/{{ .ResourceKind }}{{ .KindSuffix }}.json', 'x/v1/secret-v1.json'],
  ])('%s %s with %s', (apiVersion, kind, template, expected) => {
    expect(expandSchemaLocation(template, apiVersion, kind)).toBe(expected);
    expect(fs.existsSync(path.join(PROJECT_ROOT, expected)) || expected.startsWith('x/')).toBe(true);
  });

  it('reads "default" and folder locations the way kubeconform does', () => {
    expect(normalizeSchemaLocation('default')).toBe(DEFAULT_K8S_SCHEMA_LOCATION);
    const folder = normalizeSchemaLocation('../shared/schemas/k8s');
    expect(expandSchemaLocation(folder, 'apps/v1', 'Deployment')).toBe(
      '../shared/schemas/k8s/v1.28.0-standalone-strict/deployment-apps-v1.json',
    );
  });

  it('refuses unknown template variables and remote locations', () => {
    expect(() => expandSchemaLocation('{{.Nope}}.json', 'v1', 'Pod')).toThrow('unknown variable .Nope');
    expect(() => new SchemaChecker({ schemaLocations: ['{{.Nope}}.json'] })).toThrow('unknown variable .Nope');
    expect(() => normalizeSchemaLocation('https://example.com/{{.ResourceKind}}.json')).toThrow('only local files');
  });

  it('compiles every schema under ../shared/schemas in strict mode', () => {
    const documents = schemaIdentities().map(
      ([apiVersion, kind], index) => parseDocuments(`schema-${index}.yaml`, `apiVersion: ${apiVersion}\nkind: ${kind}\n`)[0],
    );
    expect(documents.length).toBeGreaterThanOrEqual(38);
    const messages = documents.flatMap((doc) => checker.checkDocument(doc)).map((problem) => problem.message);
    expect(messages.filter((message) => /cannot use schema|no schema found/.test(message))).toEqual([]);
  });
});

/** apiVersion and kind of every schema file: from x-kubernetes-group-version-kind, or from the CRD file name. */
function schemaIdentities(): [string, string][] {
  const root = path.join(PROJECT_ROOT, '..', 'shared', 'schemas');
  const identities: [string, string][] = [];
  for (const group of fs.readdirSync(root)) {
    const dir = group === 'k8s' ? path.join(root, group, 'v1.28.0-standalone-strict') : path.join(root, group);
    for (const file of fs.readdirSync(dir)) {
      if (group === 'k8s') {
        const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
        const gvk = schema['x-kubernetes-group-version-kind'][0];
        identities.push([gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`, gvk.kind]);
      } else {
        const [kind, version] = file.replace(/\.json$/, '').split('_');
        identities.push([`${group}/${version}`, kind]);
      }
    }
  }
  return identities;
}

describe('schema check on fixtures', () => {
  it.each([
    [
      'unknown-field.yaml',
      'test/fixtures/validate/bad/unknown-field.yaml#0 Job/guidellm-run $.spec.template.spec.containers[0].imagee: unknown field "imagee"',
    ],
    [
      'wrong-type.yaml',
      'test/fixtures/validate/bad/wrong-type.yaml#0 Job/guidellm-run $.spec.backoffLimit: expected integer or null, got string',
    ],
    [
      'missing-required.yaml',
      'test/fixtures/validate/bad/missing-required.yaml#0 Job/guidellm-run $.spec.template.spec.containers[0]: missing required field "name"',
    ],
    [
      'enum-value.yaml',
      'test/fixtures/validate/bad/enum-value.yaml#0 Route/reports $.spec.to.kind: unsupported value "Deployment", allowed: "Service", ""',
    ],
    [
      'route-without-host.yaml',
      'test/fixtures/validate/bad/route-without-host.yaml#0 Route/reports $.spec: does not match any of the allowed forms (anyOf at #/properties/spec/allOf/1/anyOf)',
    ],
    [
      'unknown-kind.yaml',
      'test/fixtures/validate/bad/unknown-kind.yaml#0 Foo/foo $: no schema found for apps/v1 Foo, tried: ' +
        '../shared/schemas/k8s/v1.28.0-standalone-strict/foo-apps-v1.json, ../shared/schemas/apps/foo_v1.json',
    ],
    [
      'unknown-kind-allowed.yaml',
      'test/fixtures/validate/bad/unknown-kind-allowed.yaml#0 Widget/widget $: no schema found for example.com/v1alpha1 Widget, tried: ' +
        '../shared/schemas/k8s/v1.28.0-standalone-strict/widget-example-v1alpha1.json, ../shared/schemas/example.com/widget_v1alpha1.json',
    ],
    [
      'missing-apiversion.yaml',
      'test/fixtures/validate/bad/missing-apiversion.yaml#0 ConfigMap/orphan $: missing apiVersion',
    ],
    [
      'bad-yaml.yaml',
      'test/fixtures/validate/bad/bad-yaml.yaml#1 -/- $: YAML parse error at line 11, column 1: All mapping items must start at the same column',
    ],
  ])('%s', (file, expected) => {
    expect(FIXTURES).toBe('test/fixtures/validate');
    expect(schemaLines(file)).toEqual([expected]);
  });

  it('accepts a kind without schema when it is allowed (group/version/Kind)', () => {
    const allowing = new SchemaChecker({ allowKinds: ['example.com/v1alpha1/Widget'] });
    expect(schemaLines('unknown-kind-allowed.yaml', allowing)).toEqual([]);
    const allowingOtherVersion = new SchemaChecker({ allowKinds: ['example.com/v1/Widget'] });
    expect(schemaLines('unknown-kind-allowed.yaml', allowingOtherVersion)).toHaveLength(1);
  });

  it('uses only the given schema locations when some are given', () => {
    const coreOnly = new SchemaChecker({ schemaLocations: ['default'] });
    expect(schemaLines('enum-value.yaml', coreOnly)).toEqual([
      'test/fixtures/validate/bad/enum-value.yaml#0 Route/reports $: no schema found for route.openshift.io/v1 Route, ' +
        'tried: ../shared/schemas/k8s/v1.28.0-standalone-strict/route-route-v1.json',
    ]);
  });

  it('finds no schema problem in the policy fixtures: each shows one policy failure only', () => {
    const policyFixtures = fs
      .readdirSync(BAD)
      .filter((file) => !/^(unknown-|wrong-|missing-|enum-|route-|bad-yaml)/.test(file));
    expect(policyFixtures).toContain('policy-gpu.yaml');
    expect(policyFixtures.flatMap((file) => schemaLines(file))).toEqual([]);
  });
});

describe('schema check on in-memory documents', () => {
  it('explains an int-or-string value of the wrong type once', () => {
    const text = [
      'apiVersion: v1',
      'kind: ResourceQuota',
      'metadata: {name: quota}',
      'spec:',
      '  hard:',
      '    cpu: true',
    ].join('\n');
    expect(linesOf(text)).toEqual([
      'memory.yaml#0 ResourceQuota/quota $.spec.hard.cpu: expected string or null or number, got boolean',
    ]);
  });

  it('reads YAML 1.1 like Kubernetes: an unquoted yes is a boolean, a date stays a string', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  enabled: yes\n  since: 2024-05-01\n';
    expect(linesOf(text)).toEqual(['memory.yaml#0 ConfigMap/flags $.data.enabled: expected string or null, got boolean']);
  });

  it('checks the int32 format', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  backoffLimit: 3000000000\n  template: {}\n';
    expect(linesOf(text)).toEqual(['memory.yaml#0 Job/j $.spec.backoffLimit: 3000000000 is not a valid int32']);
  });

  it('reads Go regular expressions with (?i) in CRD patterns', () => {
    const rule = (strategy: string) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\nspec:\n  groups:\n` +
      `    - name: g\n      partial_response_strategy: ${strategy}\n      rules: []\n`;
    expect(linesOf(rule('Warn'))).toEqual([]);
    expect(linesOf(rule('ignore'))).toEqual([
      'memory.yaml#0 PrometheusRule/r $.spec.groups[0].partial_response_strategy: must match pattern "^(?i)(abort|warn)?$" ' +
        '(pattern at #/properties/spec/properties/groups/items/properties/partial_response_strategy/pattern)',
    ]);
  });

  it('reports documents that cannot be looked up, and duplicate keys', () => {
    expect(linesOf('- a\n- b\n')).toEqual(['memory.yaml#0 -/- $: document must be a mapping, got array']);
    expect(linesOf('apiVersion: v1\nmetadata: {name: x}\n')).toEqual(['memory.yaml#0 -/x $: missing kind']);
    expect(linesOf('apiVersion: v1\nkind: ConfigMap\nkind: Secret\n')).toEqual([
      'memory.yaml#0 -/- $: YAML parse error at line 3, column 1: Map keys must be unique',
    ]);
  });

  it('keeps numeric map keys as strings and array indexes as numbers in paths', () => {
    const data = { metadata: { labels: { '0': 'x' } }, spec: { containers: [{ name: 'a' }] } };
    expect(pointerToSegments('/metadata/labels/0', data)).toEqual(['metadata', 'labels', '0']);
    expect(pointerToSegments('/spec/containers/0/name', data)).toEqual(['spec', 'containers', 0, 'name']);
    expect(pointerToSegments('/metadata/labels/a~1b', data)).toEqual(['metadata', 'labels', 'a/b']);
  });
});

describe('validateDirectory and the summary', () => {
  it('finds nothing wrong in the good fixtures and skips empty documents', () => {
    const result = validateDirectory(GOOD);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.summary).toEqual({ documents: 3, files: 2, ok: 3, withErrors: 0 });
  });

  it('counts a document once however many problems it has, schema problems before policy problems', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: Bad_Name}',
      'spec:',
      '  containers:',
      '    - {name: c, image: "nginx:1.27", imagee: x}',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: fine}',
    ].join('\n');
    const result = validateDocuments(parseDocuments('two.yaml', text), 1);
    const lines = result.problems.map(formatProblem);
    expect(lines[0]).toBe('two.yaml#0 Pod/Bad_Name $.spec.containers[0].imagee: unknown field "imagee"');
    expect(lines.slice(1).every((line) => line.startsWith('policy: two.yaml#0 Pod/Bad_Name '))).toBe(true);
    expect(lines).toContain(
      'policy: two.yaml#0 Pod/Bad_Name $.metadata.name: "Bad_Name" is not a DNS-1123 label: lowercase letters, ' +
        'digits and "-", starting and ending with a letter or digit',
    );
    expect(result.summary).toEqual({ documents: 2, files: 1, ok: 1, withErrors: 1 });
  });

  it('throws for a missing directory', () => {
    expect(() => validateDirectory(path.join(FIXTURES, 'nope'))).toThrow('directory test/fixtures/validate/nope not found');
  });
});

describe('command line', () => {
  /** Runs `npm run validate -- ARGS` from the project root: tsx's loader in one node process, without npm's start-up. */
  function runCli(...args: string[]) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return { status: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr };
  }

  it('fails on a Tekton resource that tekton-lint rejects, naming the rule', () => {
    const { status, lines } = runCli('--dir', 'test/fixtures/tekton-lint/bad');
    expect(status).toBe(1);
    expect(lines.some((l) => l.includes('no-undefined-param'))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^tekton-lint: \d+ file\(s\), [1-9]\d* problem\(s\)$/));
  });

  it('exits 0 on the good fixtures', () => {
    const { status, lines } = runCli('--dir', 'test/fixtures/validate/good');
    expect(lines).toEqual(['validate: 3 documents in 2 files: 3 ok, 0 with errors']);
    expect(status).toBe(0);
  });

  it('exits 1 on the bad fixtures and prints one line per problem, then the summary', () => {
    const { status, lines } = runCli('--dir', 'test/fixtures/validate/bad', '--allow-kind', 'example.com/v1alpha1/Widget');
    expect(status).toBe(1);
    expect(lines[lines.length - 1]).toBe('validate: 28 documents in 26 files: 3 ok, 25 with errors');
    expect(lines[0]).toBe(
      'test/fixtures/validate/bad/bad-yaml.yaml#1 -/- $: YAML parse error at line 11, column 1: All mapping items must start at the same column',
    );
    expect(lines).toContain(
      'policy: test/fixtures/validate/bad/policy-gpu.yaml#0 Job/guidellm-run ' +
        '$.spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]: ' +
        'GPU resources are not allowed: this stack only runs load generators and tools',
    );
    expect(lines.some((line) => line.includes('Widget'))).toBe(false);
    const problemLine = /^(policy: )?test\/fixtures\/validate\/bad\/[a-z0-9-]+\.yaml#\d+ \S+\/\S+ \$\S*: .+$/;
    expect(lines.slice(0, -1).filter((line) => !problemLine.test(line))).toEqual([]);
  });

  it('exits 2 on an unknown option and 1 on a missing directory', () => {
    const unknownOption = runCli('--bogus');
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toContain("validate: Unknown option '--bogus'");
    const missing = runCli('--dir', 'test/fixtures/validate/nope');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('validate: directory test/fixtures/validate/nope not found');
  });
});
