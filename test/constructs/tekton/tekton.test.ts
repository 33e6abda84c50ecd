/**
 * The Tekton resources of the `pipelines` app and the PipelineRun templates: snapshots, explicit checks of the
 * Task's steps, parameters, security and resources, the proof that the Task's GuideLLM command for a target is
 * the benchmark Job's command for the same target and benchmark (the bundled render-command CLI, run with node,
 * on the parameters of the target's PipelineRun template), and tekton-lint on the synthesized YAML.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { ResolvedEnvironment } from '../../../config/resolve';
import { benchmarkJobManifest, benchmarkOptions } from '../../../constructs/benchmark-job';
import { benchmarkJobProps } from '../../../constructs/charts/props';
import { PipelineRunsChart } from '../../../constructs/charts/pipelineruns-chart';
import { PipelinesChart } from '../../../constructs/charts/pipelines-chart';
import { renderBenchmarkCommand } from '../../../domain/guidellm/command';
import { benchmarkContainerName } from '../../../domain/names';
import { paramEnvName, paramsFromOptions } from '../../../domain/contracts/tekton-params';
import { RENDER_COMMAND_FILE } from '../../../constructs/tekton/render-command';
import { validateDirectory } from '../../../scripts/validation';
import { formatTektonLintProblem, lintTektonDirectory } from '../../../scripts/validation/tekton-lint';
import { fixture } from '../../helpers/project';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../../helpers/restricted';

const environments = fixture().environments;
const env = (name: string): ResolvedEnvironment => environments.find((e) => e.name === name)!;

function synth(e: ResolvedEnvironment): { pipelines: any[]; runs: any[] } {
  const app = new App({ outdir: '/nonexistent' });
  return { pipelines: Testing.synth(new PipelinesChart(app, 'pipelines', e)), runs: Testing.synth(new PipelineRunsChart(app, 'pipelineruns', e)) };
}
const byKind = (objects: any[], kind: string) => objects.find((o) => o.kind === kind);
const synthesized = new Map(environments.map((e) => [e.name, synth(e)]));

/** The bundled CLI, as the ConfigMap ships it, written to a temporary file. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-tekton-'));
const cli = path.join(tmp, RENDER_COMMAND_FILE);
fs.writeFileSync(cli, byKind(synthesized.get('demo')!.pipelines, 'ConfigMap').data[RENDER_COMMAND_FILE]);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function runCli(args: string[], extraEnv: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...extraEnv } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** What Tekton hands the Task: the Pipeline's defaults overridden by the PipelineRun's values. */
function effectiveParams(pipeline: any, run: any): Record<string, string> {
  const values: Record<string, string> = {};
  for (const p of pipeline.spec.params) if (p.default !== undefined) values[p.name] = p.default;
  for (const p of run.spec.params) values[p.name] = p.value;
  return values;
}

describe.each(['demo', 'full', 'dev'])('environment %s', (envName) => {
  const e = env(envName);
  const { pipelines, runs } = synthesized.get(envName)!;
  const task = byKind(pipelines, 'Task');
  const pipeline = byKind(pipelines, 'Pipeline');

  test('matches its snapshots', () => {
    // the bundle is checked by running it; keep the snapshot readable
    const withoutBundle = pipelines.map((o) => (o.kind === 'ConfigMap' ? { ...o, data: Object.keys(o.data) } : o));
    expect(withoutBundle).toMatchSnapshot('pipelines');
    expect(runs).toMatchSnapshot('pipelineruns');
  });

  test('Task and Pipeline are tekton.dev/v1 in the stack namespace, with described parameters', () => {
    // the Triggers objects (full) have their own test: test/constructs/tekton/triggers.test.ts
    const core = pipelines.filter((o) => !o.apiVersion.startsWith('triggers.') && o.kind !== 'NetworkPolicy');
    expect(core.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`)).toEqual([
      'v1/ConfigMap/guidellm-render-command',
      'tekton.dev/v1/Task/guidellm-benchmark',
      'tekton.dev/v1/Pipeline/guidellm-benchmark',
    ]);
    for (const o of core) expect(o.metadata.namespace).toBe(e.config.namespace);
    for (const p of task.spec.params) {
      expect(p.type).toBe('string');
      expect(p.description.length).toBeGreaterThan(10);
    }
    expect(task.spec.params.filter((p: any) => p.default === undefined).map((p: any) => p.name)).toEqual(['target-name', 'target-url', 'model']);
    expect(pipeline.spec.params).toEqual(task.spec.params);
    expect(task.spec.params.find((p: any) => p.name === 'guidellm-image').default).toBe(e.config.guidellm.image);
    expect(task.spec.workspaces.map((w: any) => [w.name, w.mountPath, w.optional ?? false])).toEqual([
      ['results', '/results', false],
      ['tokenizer', '/tokenizer', true],
    ]);
    expect(pipeline.spec.tasks).toHaveLength(1);
    expect(pipeline.spec.tasks[0].taskRef).toEqual({ kind: 'Task', name: 'guidellm-benchmark' });
    expect(pipeline.spec.tasks[0].params.map((p: any) => p.value)).toEqual(task.spec.params.map((p: any) => `$(params.${p.name})`));
  });

  test("Task steps: the Jobs' scripts in the Jobs' order, the processor last before the verdict", () => {
    expect(task.spec.steps.map((s: any) => s.name)).toEqual(['render-command', 'prepare', 'benchmark', 'html-report', 'finalize', 'process-results', 'verdict']);
    const step = (name: string) => task.spec.steps.find((s: any) => s.name === name);
    expect(step('render-command').image).toBe(e.config.processor.image);
    expect(step('render-command').command).toEqual(['node', '/render/render-command.js', '--out', '/state']);
    // every parameter reaches the renderer
    expect(step('render-command').env.filter((v: any) => v.name.startsWith('PARAM_')).map((v: any) => v.value)).toEqual(task.spec.params.map((p: any) => `$(params.${p.name})`));
    expect(step('process-results').image).toBe(e.config.processor.image);
    expect(step('process-results').command).toEqual(['node', '/processor/processor.js']);
    expect(JSON.parse(step('process-results').env.find((v: any) => v.name === 'PROCESSOR_CONFIG').value).environment).toBe(e.name);
    for (const name of ['prepare', 'benchmark', 'html-report', 'finalize', 'verdict']) expect(step(name).image).toBe('$(params.guidellm-image)');
    expect(step('prepare').script).toContain('/scripts/prepare.sh');
    expect(step('benchmark').script).toContain('"/bin/sh" "/scripts/benchmark.sh" "$BENCHMARK"');
    expect(step('benchmark').script).toContain('os.execvp');
    expect(step('finalize').script).toContain('finalize.py --record');
    expect(step('verdict').script).toContain('finalize.py --verdict');
    const apiKey = step('benchmark').env.find((v: any) => v.name === 'GUIDELLM__SPEC__BACKEND__API_KEY');
    expect(apiKey.valueFrom.secretKeyRef).toEqual({ name: '$(params.api-key-secret)', key: '$(params.api-key-secret-key)', optional: true });
    // the key itself reaches the benchmark step only (the render-command step sees the Secret's name only)
    const readsKey = (s: any) => (s.env ?? []).some((v: any) => v.valueFrom?.secretKeyRef?.name === '$(params.api-key-secret)');
    expect(task.spec.steps.filter(readsKey).map((s: any) => s.name)).toEqual(['benchmark']);
    const volumes = Object.fromEntries(task.spec.volumes.map((v: any) => [v.name, v.configMap?.name]));
    expect(volumes).toMatchObject({ 'render-command': 'guidellm-render-command', scripts: 'benchmark-job-scripts', processor: 'results-processor' });
  });

  test('every step is restricted-v2 compatible and has requests and limits', () => {
    for (const s of task.spec.steps) {
      expect(s.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
      expect(Object.keys(s.computeResources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(s.computeResources.limits).sort()).toEqual(['cpu', 'memory']);
      expect(s.securityContext.runAsUser).toBeUndefined();
    }
    expect(task.spec.steps.find((s: any) => s.name === 'benchmark').computeResources.limits.cpu).toBe(e.config.guidellm.resources.limits.cpu);
  });

  test('one PipelineRun template per target, created by name prefix, results workspace on the results PVC', () => {
    expect(runs.map((r) => r.metadata.generateName)).toEqual(e.targets.map((t) => `guidellm-${t.name}-`));
    for (const run of runs) {
      expect(run.apiVersion).toBe('tekton.dev/v1');
      expect(run.kind).toBe('PipelineRun');
      expect(run.metadata.name).toBeUndefined();
      expect(run.spec.pipelineRef).toEqual({ name: 'guidellm-benchmark' });
      expect(run.spec.workspaces[0]).toEqual({ name: 'results', persistentVolumeClaim: { claimName: e.config.results.volume.claimName } });
      expect(run.spec.taskRunTemplate.podTemplate.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(run.spec.timeouts.pipeline).toMatch(/^[0-9]+s$/);
      // every parameter the run passes is declared by the Pipeline
      const declared = new Set(pipeline.spec.params.map((p: any) => p.name));
      for (const p of run.spec.params) expect(declared.has(p.name)).toBe(true);
      expect(JSON.stringify(run)).not.toMatch(/-----BEGIN|sk-[A-Za-z0-9]{10}/);
    }
  });

  test.each(e.targets.map((t) => [t.name]))("the Task's GuideLLM command for %s is the benchmark Job's command", (targetName) => {
    const target = e.targets.find((t) => t.name === targetName)!;
    const run = runs[e.targets.indexOf(target)];
    const params = effectiveParams(pipeline, run);
    const result = runCli(['--params', JSON.stringify(params)]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const taskCommand = JSON.parse(result.stdout);
    const first = target.benchmarks[0];
    expect(taskCommand).toEqual(renderBenchmarkCommand(benchmarkOptions({ environment: e.name, target, guidellm: e.config.guidellm }, first), e.guidellmVersion));
    // and the Job really runs that command
    const job = benchmarkJobManifest(benchmarkJobProps(e, target)) as any;
    const bench = job.spec.template.spec.initContainers.find((c: any) => c.name === benchmarkContainerName(first.name));
    expect(taskCommand).toEqual(bench.args);
    expect(params['benchmark-name']).toBe(first.name);
  });

  test.each(e.targets.map((t) => [t.name]))('every benchmark of %s renders the same through the Task parameters', (targetName) => {
    const target = e.targets.find((t) => t.name === targetName)!;
    const job = benchmarkJobManifest(benchmarkJobProps(e, target)) as any;
    for (const b of target.benchmarks) {
      const values = {
        ...effectiveParams(pipeline, runs[e.targets.indexOf(target)]),
        ...paramsFromOptions({ options: benchmarkOptions({ environment: e.name, target, guidellm: e.config.guidellm }, b), benchmarkName: b.name, guidellmImage: e.config.guidellm.image }),
      };
      const result = runCli(['--params', JSON.stringify(values)]);
      expect(result.status).toBe(0);
      const bench = job.spec.template.spec.initContainers.find((c: any) => c.name === benchmarkContainerName(b.name));
      expect(JSON.parse(result.stdout)).toEqual(bench.args);
    }
  });
});

describe('https target with an API key (full: gpt-oss-20b-l4-x4)', () => {
  const e = env('full');
  const { runs } = synthesized.get('full')!;
  const index = e.targets.findIndex((t) => t.name === 'gpt-oss-20b-l4-x4');
  const run = runs[index];
  const param = (name: string) => run.spec.params.find((p: any) => p.name === name)?.value;

  test('names the API key Secret and the CA ConfigMap, never a value', () => {
    expect(param('target-url')).toBe('https://gpt-oss-20b-predictor.llm-serving.svc.cluster.local:8443/v1');
    expect(param('verify-tls')).toBe('true');
    expect(param('api-key-secret')).toBe('gpt-oss-20b-api-key');
    expect(param('api-key-secret-key')).toBe('token');
    expect(param('endpoint-ca-configmap')).toBe('openshift-service-ca.crt');
    expect(param('endpoint-ca-key')).toBe('service-ca.crt');
  });

  test('the command verifies TLS and carries no API key', () => {
    const command = JSON.parse(runCli(['--params', JSON.stringify(effectiveParams(byKind(synthesized.get('full')!.pipelines, 'Pipeline'), run))]).stdout);
    expect(command[3]).toContain(',verify=true');
    expect(command.join(' ')).not.toContain('api_key');
  });
});

/** demo with `results.store: objectStore` (no committed environment uses it): the Job test's bucket. */
const objectStoreEnv: ResolvedEnvironment = {
  ...env('demo'),
  config: {
    ...env('demo').config,
    results: {
      ...env('demo').config.results,
      store: 'objectStore',
      objectStore: { endpoint: 'https://s3.us-east-1.amazonaws.com', bucket: 'llm-bench-results', prefix: 'demo', credentialsSecret: 'results-bucket', readerCredentialsSecret: 'results-bucket-reader' },
    },
  },
};

describe('object-store mode (demo with results.store: objectStore)', () => {
  const { pipelines, runs } = synth(objectStoreEnv);
  const task = byKind(pipelines, 'Task');
  const step = (name: string) => task.spec.steps.find((s: any) => s.name === name);
  const envOf = (s: any) => Object.fromEntries(s.env.map((v: any) => [v.name, v.value ?? v.valueFrom]));

  test("the Task's results processor stores the results: no upload step; the keys by reference, held by that step alone", () => {
    expect(task.spec.steps.map((s: any) => s.name)).toEqual(['render-command', 'prepare', 'benchmark', 'html-report', 'finalize', 'process-results', 'verdict']);
    const processor = step('process-results');
    expect(envOf(processor).AWS_ACCESS_KEY_ID).toEqual({ secretKeyRef: { name: 'results-bucket', key: 'AWS_ACCESS_KEY_ID' } });
    expect(envOf(processor).AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: 'results-bucket', key: 'AWS_SECRET_ACCESS_KEY' } });
    expect(JSON.parse(envOf(processor).PROCESSOR_CONFIG).objectStore).toEqual({ endpoint: 'https://s3.us-east-1.amazonaws.com', bucket: 'llm-bench-results', root: 'demo', region: 'us-east-1' });
    expect(task.spec.workspaces.find((w: any) => w.name === 'results')).toMatchObject({ mountPath: '/results', description: expect.stringMatching(/^Scratch results volume/) });
    expect(byKind(pipelines, 'Pipeline').spec.workspaces[0].description).toMatch(/^Scratch results volume/);
    const readsBucketSecret = (s: any) => (s.env ?? []).some((v: any) => v.valueFrom?.secretKeyRef?.name === 'results-bucket');
    expect(task.spec.steps.filter(readsBucketSecret).map((s: any) => s.name)).toEqual(['process-results']);
    expect(YAML.stringify(pipelines)).not.toMatch(/AKIA[0-9A-Z]{12}|aws_secret_access_key\s*[:=]/i);
  });

  test.each(objectStoreEnv.targets.map((t) => [t.name]))("the Task's processor step is the Job's processor container (%s)", (targetName) => {
    const job = benchmarkJobManifest(benchmarkJobProps(objectStoreEnv, objectStoreEnv.targets.find((t) => t.name === targetName)!)) as any;
    const jobStep = job.spec.template.spec.initContainers.find((c: any) => c.name === 'process-results');
    const { env: jobEnv } = jobStep;
    // the Task's step names its target by parameter; everything the bucket needs is the same
    const bucketEnv = (e: any[]) => e.filter((v: any) => v.name.startsWith('AWS_'));
    expect(bucketEnv(step('process-results').env)).toEqual(bucketEnv(jobEnv));
    expect(JSON.parse(envOf(step('process-results')).PROCESSOR_CONFIG)).toEqual(JSON.parse(jobEnv.find((v: any) => v.name === 'PROCESSOR_CONFIG').value));
  });

  test("the PipelineRuns' results workspace is the Job's scratch volume", () => {
    const job = benchmarkJobManifest(benchmarkJobProps(objectStoreEnv, objectStoreEnv.targets[0])) as any;
    const { name, ...volume } = job.spec.template.spec.volumes.find((v: any) => v.name === 'results');
    expect(volume).toEqual({ emptyDir: { sizeLimit: '20Gi' } });
    expect(runs).toHaveLength(objectStoreEnv.targets.length);
    for (const run of runs) expect(run.spec.workspaces[0]).toEqual({ name, ...volume });
  });

  test('passes tekton-lint, the schemas and the policy checks', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'object-store-'));
    for (const [folder, objects] of [['pipelines', pipelines], ['pipelineruns', runs]] as const) {
      fs.mkdirSync(path.join(dir, 'demo', folder), { recursive: true });
      fs.writeFileSync(path.join(dir, 'demo', folder, 'resources.yaml'), objects.map((o) => YAML.stringify(o)).join('---\n'));
    }
    expect(lintTektonDirectory(dir).problems.map(formatTektonLintProblem)).toEqual([]);
    expect(validateDirectory(dir).problems).toEqual([]);
  });
});

describe('render-command CLI', () => {
  const pipeline = byKind(synthesized.get('demo')!.pipelines, 'Pipeline');
  const run = synthesized.get('demo')!.runs[0];
  const params = effectiveParams(pipeline, run);

  test('reads the parameters from PARAM_ variables (as in the Task) and writes the state files', () => {
    const out = path.join(tmp, 'state');
    const result = runCli(['--out', out], Object.fromEntries(Object.entries(params).map(([k, v]) => [paramEnvName(k), v])));
    expect(result.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'command.json'), 'utf8'))).toEqual(JSON.parse(result.stdout));
    expect(JSON.parse(fs.readFileSync(path.join(out, 'html-command.json'), 'utf8'))[0]).toBe('guidellm');
    expect(fs.readFileSync(path.join(out, 'benchmark-name'), 'utf8')).toBe('chat-demo-ladder');
    const context = JSON.parse(fs.readFileSync(path.join(out, 'run-context.json'), 'utf8'));
    expect(context).toMatchObject({ environment: 'demo', guidellm: { version: '0.7.3' }, benchmarks: [{ name: 'chat-demo-ladder', scenario: 'chat', loadPlan: 'demo-ladder' }] });
    expect(context.target).toMatchObject({ name: 'mistral-3-int4-l4-x1', gpuCount: 1 });
  });

  test.each([
    ['profile', 'bursty', /parameter profile must be one of/],
    ['rates', '1,,5', /parameter rates must be a comma list/],
    ['max-seconds', 'ten', /parameter max-seconds must be a number/],
    ['target-url', '', /parameter target-url must not be empty/],
    ['guidellm-image', 'ghcr.io/vllm-project/guidellm:latest', /parameter guidellm-image/],
  ])('refuses %s=%j with a message naming the parameter', (name, value, message) => {
    const result = runCli(['--params', JSON.stringify({ ...params, [name]: value })]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  test('an older GuideLLM image renders the benchmark-run command line', () => {
    const result = runCli(['--params', JSON.stringify({ ...params, 'guidellm-image': 'ghcr.io/vllm-project/guidellm:v0.6.0' })]);
    expect(JSON.parse(result.stdout).slice(0, 3)).toEqual(['guidellm', 'benchmark', 'run']);
  });

  test('the bundle is dependency-free', () => {
    expect(fs.readFileSync(cli, 'utf8')).not.toMatch(/require\("(cdk8s|cdk8s-plus-28|constructs|zod|yaml)"\)/);
  });
});

describe('tekton-lint', () => {
  test('passes on the synthesized Tekton resources of every environment', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dist-'));
    for (const [name, { pipelines, runs }] of synthesized) {
      for (const [folder, objects] of [['pipelines', pipelines], ['pipelineruns', runs]] as const) {
        fs.mkdirSync(path.join(dir, name, folder), { recursive: true });
        fs.writeFileSync(path.join(dir, name, folder, 'resources.yaml'), objects.map((o) => YAML.stringify(o)).join('---\n'));
      }
    }
    const result = lintTektonDirectory(dir);
    expect(result.files).toHaveLength(environments.length * 2);
    expect(result.problems.map(formatTektonLintProblem)).toEqual([]);
    // and the schema and policy checks of `npm run validate`
    const validation = validateDirectory(dir);
    expect(validation.problems).toEqual([]);
    expect(validation.summary.documents).toBeGreaterThan(environments.length * 3);
  });
});
