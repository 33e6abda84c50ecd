/**
 * The one step model of the benchmark Job and the Tekton Task (constructs/benchmark-steps.ts): the run order, the
 * GuideLLM environment, the processor and upload steps, and the proof that both renderers use it (the Job's
 * containers and the Task's steps carry the same processor and upload steps, and the same scratch volumes).
 */
import { App, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { benchmarkJobManifest } from '../../constructs/benchmark-job';
import { benchmarkJobProps, processorStepProps } from '../../constructs/charts/props';
import {
  guidellmEnv,
  inRunOrder,
  PATHS,
  processorStep,
  processorVolumes,
  SCRATCH_VOLUMES,
  scratchMounts,
} from '../../constructs/benchmark-steps';
import { PipelinesChart } from '../../constructs/charts/pipelines-chart';
import { parseGuidellmImage } from '../../domain/guidellm/version';
import { fixture } from '../helpers/project';

const environments = fixture().environments;
const byName = (name: string): ResolvedEnvironment => environments.find((e) => e.name === name)!;
const V073 = parseGuidellmImage('ghcr.io/vllm-project/guidellm:v0.7.3');
const V041 = parseGuidellmImage('ghcr.io/vllm-project/guidellm:v0.4.1');
if (typeof V073 === 'string' || typeof V041 === 'string') throw new Error('test images must parse');

test('run order: benchmarks, report, run.json, processing, verdict; optional steps drop out', () => {
  expect(inRunOrder({ prepare: 'p', benchmarks: ['b1', 'b2'], htmlReport: 'h', finalize: 'f', processor: 'r', verdict: 'v' })).toEqual(['p', 'b1', 'b2', 'h', 'f', 'r', 'v']);
  expect(inRunOrder({ prepare: 'p', benchmarks: [], finalize: 'f', verdict: 'v' })).toEqual(['p', 'f', 'v']);
});

test('GuideLLM environment: worker processes capped to the CPU limit; offline, CA, token and old-image settings only when asked', () => {
  const names = (e: { name: string }[]) => e.map((v) => v.name);
  const base = guidellmEnv({ cpuLimit: '2500m', version: V073 });
  expect(names(base)).toEqual(['HF_HOME', 'PYTHONDONTWRITEBYTECODE', 'GUIDELLM__MAX_WORKER_PROCESSES']);
  expect(base[2].value).toBe('2');
  const all = guidellmEnv({ cpuLimit: '4', version: V041, reportTemplateUrl: 'https://mirror/x.html', huggingFaceTokenSecret: { name: 'hf', key: 'token' }, offlineTokenizer: true, endpointCa: true });
  expect(names(all)).toEqual(['HF_HOME', 'PYTHONDONTWRITEBYTECODE', 'GUIDELLM__MAX_WORKER_PROCESSES', 'HF_HUB_OFFLINE', 'HF_TOKEN', 'SSL_CERT_FILE', 'GUIDELLM_OUTPUT_PATH', 'GUIDELLM__REPORT_GENERATION__SOURCE']);
});

test('scratch mounts come from the one scratch list, in the order asked', () => {
  expect(scratchMounts('tmp', 'shm')).toEqual([
    { name: 'tmp', mountPath: PATHS.tmp },
    { name: 'shm', mountPath: '/dev/shm' },
  ]);
  expect(SCRATCH_VOLUMES.map((v) => v.name)).toEqual(['state', 'tmp', 'cache', 'shm']);
});

describe.each(['demo', 'full'])('the Job and the Task render the same steps (%s)', (name) => {
  const env = byName(name);
  const target = env.targets[0];
  const job: any = benchmarkJobManifest(benchmarkJobProps(env, target));
  const pod = job.spec.template.spec;
  const task = Testing.synth(new PipelinesChart(new App({ outdir: '/nonexistent' }), 'pipelines', env)).find((o) => o.kind === 'Task')!;
  const taskStep = (stepName: string) => task.spec.steps.find((s: any) => s.name === stepName);
  const jobStep = (stepName: string) => [...pod.initContainers, ...pod.containers].find((c: any) => c.name === stepName);
  const props = processorStepProps(env);

  test('the processor step: the same command, settings and mounts (the Task gets results from its workspace)', () => {
    const model = processorStep(props, target.name);
    expect(jobStep('process-results').command).toEqual(model.command);
    expect(taskStep('process-results').command).toEqual(model.command);
    const settings = (s: any) => s.env.filter((e: any) => e.name !== 'TARGET_NAME');
    expect(settings(taskStep('process-results'))).toEqual(settings(jobStep('process-results')));
    const mounts = (s: any) => s.volumeMounts.map((m: any) => m.name);
    expect(mounts(taskStep('process-results'))).toEqual(mounts(jobStep('process-results')).filter((m: string) => m !== 'results'));
  });

  test('the processor and scratch volumes are the same in the pod and the Task', () => {
    const volume = (list: any[], n: string) => list.find((v) => v.name === n);
    for (const v of [...processorVolumes(props), ...SCRATCH_VOLUMES]) {
      expect(volume(task.spec.volumes, v.name)).toEqual(volume(pod.volumes, v.name));
    }
  });

  test('the order of the benchmark steps is the same; the Task renders its command first', () => {
    const kinds = (names: string[]) => names.map((n) => (n.startsWith('bench-') ? 'benchmark' : n)).filter((n, i, all) => n !== all[i - 1]);
    const jobOrder = kinds([...pod.initContainers, ...pod.containers].map((c: any) => c.name));
    const taskOrder = task.spec.steps.map((s: any) => s.name);
    expect(taskOrder[0]).toBe('render-command');
    expect(taskOrder.slice(1).filter((n: string) => n !== 'html-report')).toEqual(jobOrder.filter((n) => n !== 'html-report'));
  });
});
