/**
 * BenchmarkJob: a snapshot, and explicit checks of every field it owns: steps and their order, the GuideLLM
 * command, security, resources, secrets by reference, volumes, deadline and retries.
 */
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { ResolvedTarget } from '../../config/target';
import { BenchmarkJob, BenchmarkJobProps } from '../../constructs/benchmark-job';
import { benchmarkJobProps } from '../../constructs/charts/props';
import { API_KEY_ENV } from '../../constructs/benchmark-steps';
import { LEVEL_OVERHEAD_SECONDS } from '../../domain/benchmark-timing';
import { parseGuidellmImage } from '../../domain/guidellm/version';
import { fixture } from '../helpers/project';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../helpers/restricted';

const environments = fixture().environments;
const env = (name: string): ResolvedEnvironment => environments.find((e) => e.name === name)!;
const target = (envName: string, name: string): ResolvedTarget => env(envName).targets.find((t) => t.name === name)!;

function propsFor(envName: string, targetName: string, overrides: Partial<BenchmarkJobProps> = {}): BenchmarkJobProps {
  return { ...benchmarkJobProps(env(envName), target(envName, targetName)), ...overrides };
}

function synthJob(props: BenchmarkJobProps): any {
  const chart = new Chart(Testing.app(), 'test');
  new BenchmarkJob(chart, 'job', props);
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(1);
  return objects[0];
}

const podOf = (job: any) => job.spec.template.spec;
const allContainers = (job: any): any[] => [...podOf(job).initContainers, ...podOf(job).containers];
const envOf = (container: any) => Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

describe('demo target mistral-3-int4-l4-x1 (HF tokenizer, http, HTML report)', () => {
  const job = synthJob(propsFor('demo', 'mistral-3-int4-l4-x1'));

  test('matches its snapshot', () => expect(job).toMatchSnapshot());

  test('is created by name prefix in the stack namespace, labelled for the target', () => {
    expect(job.metadata.name).toBeUndefined();
    expect(job.metadata.generateName).toBe('guidellm-mistral-3-int4-l4-x1-');
    expect(job.metadata.namespace).toBe('llm-bench-demo');
    expect(job.metadata.labels).toMatchObject({
      'llmbench.io/environment': 'demo',
      'llmbench.io/target': 'mistral-3-int4-l4-x1',
      'llmbench.io/model': 'mistral-3-int4',
      'llmbench.io/gpu-profile': 'l4-x1',
      'app.kubernetes.io/version': '0.7.3',
    });
    expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
    expect(job.metadata.annotations).toEqual({ 'llmbench.io/scenarios': 'chat', 'llmbench.io/load-plans': 'demo-ladder' });
  });

  test('runs prepare, each benchmark, the HTML report, finalize, the results processor, then the verdict', () => {
    expect(podOf(job).initContainers.map((c: any) => c.name)).toEqual(['prepare', 'bench-chat-demo-ladder', 'html-report', 'finalize', 'process-results']);
    expect(podOf(job).containers.map((c: any) => c.name)).toEqual(['verdict']);
    expect(podOf(job).restartPolicy).toBe('Never');
    const bench = podOf(job).initContainers[1];
    expect(bench.command).toEqual(['/bin/sh', '/scripts/benchmark.sh', 'chat-demo-ladder']);
    expect(bench.args.slice(0, 4)).toEqual(['guidellm', 'run', '--backend', 'kind=openai_http,target=http://mistral-3-int4-predictor.llm-serving.svc.cluster.local:8080/v1,model=mistral-3-int4']);
    expect(bench.args).toContain('kind=huggingface_auto,model=RedHatAI/Mistral-Small-24B-Instruct-2501-quantized.w4a16');
    expect(podOf(job).initContainers[2].args).toEqual(['guidellm', 'export', 'benchmarks.json', '--output', 'kind=html,path=benchmarks.html']);
    expect(podOf(job).initContainers[3].command).toEqual(['python3', '/scripts/finalize.py', '--record']);
    expect(podOf(job).containers[0].command).toEqual(['python3', '/scripts/finalize.py', '--verdict']);
    expect(envOf(podOf(job).containers[0]).STATUS_FILES).toBe('/state/processor-status');
  });

  test('every container is restricted-v2 compatible, pinned and bounded; no GPU is requested', () => {
    expect(podOf(job).securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podOf(job).automountServiceAccountToken).toBe(false);
    for (const c of allContainers(job)) {
      expect(c.securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
      expect(c.securityContext.runAsUser).toBeUndefined();
      expect(c.image).toBe(c.name === 'process-results' ? 'registry.access.redhat.com/ubi9/nodejs-20-minimal:1-51' : 'ghcr.io/vllm-project/guidellm:v0.7.3');
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
    }
    expect(podOf(job).initContainers[1].resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } });
  });

  test("caps GuideLLM's worker processes to the CPU limit", () => {
    expect(envOf(podOf(job).initContainers[1]).GUIDELLM__MAX_WORKER_PROCESSES).toBe('2');
    const oneCpu = synthJob(propsFor('dev', 'granite-8b-agent-l4-x1'));
    expect(envOf(podOf(oneCpu).initContainers[1]).GUIDELLM__MAX_WORKER_PROCESSES).toBe('1');
  });

  test('the deadline covers every level of every benchmark, the HTML reports and start-up', () => {
    // 8 levels × (120 s + overhead) + 1 HTML report (120 s) + 600 s start-up allowance
    expect(job.spec.activeDeadlineSeconds).toBe(8 * (120 + LEVEL_OVERHEAD_SECONDS) + 120 + 600);
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.ttlSecondsAfterFinished).toBe(86400);
  });

  test('a pod evicted by a drain or preemption (DisruptionTarget) is not counted as a failure, so backoffLimit 0 survives it', () => {
    expect(job.spec.podFailurePolicy).toEqual({ rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
    // the API server requires restartPolicy Never with a podFailurePolicy
    expect(podOf(job).restartPolicy).toBe('Never');
  });

  test('writes to the shared results PVC; the image gets writable emptyDirs where it writes', () => {
    const volumes = Object.fromEntries(podOf(job).volumes.map((v: any) => [v.name, v]));
    expect(volumes.results).toEqual({ name: 'results', persistentVolumeClaim: { claimName: 'benchmark-results' } });
    expect(volumes.scripts).toEqual({ name: 'scripts', configMap: { name: 'benchmark-job-scripts' } });
    for (const name of ['state', 'tmp', 'cache', 'shm']) expect(volumes[name].emptyDir).toBeDefined();
    const bench = podOf(job).initContainers[1];
    expect(bench.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/results', '/scripts', '/state', '/tmp', '/cache', '/dev/shm']);
    expect(envOf(bench)).toMatchObject({ HOME: '/tmp', HF_HOME: '/cache/huggingface', RESULTS_DIR: '/results' });
  });

  test('finalize gets the run context: target, GPU profile and benchmarks in order', () => {
    const finalize = podOf(job).initContainers.find((c: any) => c.name === 'finalize');
    const context = JSON.parse(envOf(finalize).RUN_CONTEXT);
    expect(context).toMatchObject({
      environment: 'demo',
      target: { name: 'mistral-3-int4-l4-x1', gpuProfile: 'l4-x1', gpuCount: 1, instanceType: 'g6.4xlarge', pricePerHour: 0.85 },
      guidellm: { image: 'ghcr.io/vllm-project/guidellm:v0.7.3', version: '0.7.3' },
      benchmarks: [{ name: 'chat-demo-ladder', scenario: 'chat', loadPlan: 'demo-ladder' }],
    });
  });
});

describe('full target gpt-oss-20b-l4-x4 (https, API key, CA bundle, HF token)', () => {
  const job = synthJob(propsFor('full', 'gpt-oss-20b-l4-x4'));
  const bench = podOf(job).initContainers[1];

  test('secrets are referenced, never written', () => {
    expect(envOf(bench)[API_KEY_ENV]).toEqual({ secretKeyRef: { name: 'gpt-oss-20b-api-key', key: 'token' } });
    expect(envOf(bench).HF_TOKEN).toEqual({ secretKeyRef: { name: 'hf-token', key: 'token' } });
    expect(JSON.stringify(job)).not.toMatch(/api_key=|apiKey=/);
  });

  test('TLS is verified against the system CAs plus the mounted CA bundle', () => {
    expect(bench.args[3]).toMatch(/,verify=true$/);
    expect(envOf(bench).SSL_CERT_FILE).toBe('/state/ca-bundle.pem');
    expect(envOf(podOf(job).initContainers[0])).toMatchObject({
      ENDPOINT_CA_FILE: '/etc/llmbench/endpoint-ca/service-ca.crt',
      SYSTEM_CA_FILE: '/etc/pki/tls/certs/ca-bundle.crt',
    });
    const ca = podOf(job).volumes.find((v: any) => v.name === 'endpoint-ca');
    expect(ca).toEqual({ name: 'endpoint-ca', configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } });
  });

  test('benchmarks run in the configured order: every scenario with every plan', () => {
    expect(podOf(job).initContainers.map((c: any) => c.name)).toEqual([
      'prepare',
      'bench-chat-demo-ladder',
      'bench-chat-guidellm-sweep',
      'bench-stress-demo-ladder',
      'bench-stress-guidellm-sweep',
      'html-report',
      'finalize',
      'process-results',
    ]);
    expect(job.spec.backoffLimit).toBe(1);
  });
});

describe('dev target (tokenizer on a PVC, no internet)', () => {
  const job = synthJob(propsFor('dev', 'granite-8b-agent-l4-x1'));
  const bench = podOf(job).initContainers[1];

  test('mounts the tokenizer read-only and keeps Hugging Face offline', () => {
    expect(podOf(job).volumes.find((v: any) => v.name === 'tokenizer')).toEqual({
      name: 'tokenizer',
      persistentVolumeClaim: { claimName: 'model-tokenizers', readOnly: true },
    });
    expect(bench.volumeMounts).toContainEqual({ name: 'tokenizer', mountPath: '/tokenizer', readOnly: true });
    expect(envOf(bench).HF_HUB_OFFLINE).toBe('1');
    expect(bench.args).toContain('kind=huggingface_auto,model=/tokenizer/granite-3.3-8b-instruct');
  });

  test('writes no HTML report without internet', () => {
    expect(podOf(job).initContainers.map((c: any) => c.name)).toEqual(['prepare', 'bench-chat-smoke', 'finalize', 'process-results']);
  });
});

test('object-store mode works on a scratch volume instead of the shared PVC', () => {
  const props = propsFor('demo', 'mistral-3-int4-l4-x1');
  const job = synthJob({ ...props, results: { ...props.results, store: 'objectStore' } });
  expect(podOf(job).volumes.find((v: any) => v.name === 'results')).toEqual({ name: 'results', emptyDir: { sizeLimit: '20Gi' } });
});

test('a legacy GuideLLM image gets the legacy command line and HTML step', () => {
  const version = parseGuidellmImage('ghcr.io/vllm-project/guidellm:v0.6.1');
  if (typeof version === 'string') throw new Error(version);
  const props = propsFor('demo', 'mistral-3-int4-l4-x1');
  const job = synthJob({ ...props, version, guidellm: { ...props.guidellm, image: 'ghcr.io/vllm-project/guidellm:v0.6.1' } });
  expect(podOf(job).initContainers[1].args.slice(0, 3)).toEqual(['guidellm', 'benchmark', 'run']);
  expect(podOf(job).initContainers[2].args.slice(0, 3)).toEqual(['guidellm', 'benchmark', 'from-file']);
});

test('only the benchmark steps get the endpoint API key', () => {
  const job = synthJob(propsFor('full', 'gpt-oss-20b-l4-x4'));
  const holders = allContainers(job).filter((c) => c.env.some((e: any) => e.name === API_KEY_ENV)).map((c) => c.name);
  expect(holders).toEqual(['bench-chat-demo-ladder', 'bench-chat-guidellm-sweep', 'bench-stress-demo-ladder', 'bench-stress-guidellm-sweep']);
});

describe('results processor step', () => {
  const job = synthJob(propsFor('demo', 'mistral-3-int4-l4-x1'));
  const step = podOf(job).initContainers.find((c: any) => c.name === 'process-results');

  test('runs the bundled processor from its ConfigMap with the environment settings; status for the verdict', () => {
    expect(step.command).toEqual(['node', '/processor/processor.js']);
    const config = JSON.parse(envOf(step).PROCESSOR_CONFIG);
    expect(config).toMatchObject({
      environment: 'demo',
      pushgateway: { url: 'http://pushgateway.llm-bench-demo.svc:9091' },
      regressions: { maxThroughputDropPercent: 10, sweetSpotDropPercent: 20, ttftP95RisePercent: 25 },
      sla: { ttftP95Ms: { excellent: 500, acceptable: 1000, breaking: 2000 } },
    });
    expect(config.modelRegistry).toBeUndefined();
    expect(envOf(step).STATUS_FILE).toBe('/state/processor-status');
    expect(step.volumeMounts).toContainEqual({ name: 'processor', mountPath: '/processor', readOnly: true });
    expect(podOf(job).volumes).toContainEqual({ name: 'processor', configMap: { name: 'results-processor' } });
    // the bottleneck analysis (on by default) queries Prometheus with this ServiceAccount's projected token
    expect(podOf(job).serviceAccountName).toBe('results-publisher');
  });

  test('with a Model Registry, only the processor gets a short-lived token of the results-publisher ServiceAccount', () => {
    const props = propsFor('demo', 'mistral-3-int4-l4-x1');
    const registry = { url: 'https://registry.rhoai.svc:8443', tokenFile: '/var/run/secrets/llmbench/registry/token', caFile: '/etc/llmbench/registry-ca/ca.crt' };
    const withRegistry = synthJob({
      ...props,
      processor: { ...props.processor!, config: { ...props.processor!.config, modelRegistry: registry }, registryCa: { configMap: 'registry-ca', key: 'ca.crt' } },
    });
    const pod = podOf(withRegistry);
    expect(pod.serviceAccountName).toBe('results-publisher');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({ name: 'registry-token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }] } });
    const holders = allContainers(withRegistry).filter((c) => c.volumeMounts.some((m: any) => m.name === 'registry-token')).map((c) => c.name);
    expect(holders).toEqual(['process-results']);
    const processor = pod.initContainers.find((c: any) => c.name === 'process-results');
    expect(envOf(processor).NODE_EXTRA_CA_CERTS).toBe('/etc/llmbench/registry-ca/ca.crt');
  });

  test('object-store mode: the processor stores the results, keys from the Secret by reference, the CA mounted; no other upload step', () => {
    const props = propsFor('demo', 'mistral-3-int4-l4-x1');
    const location = { endpoint: 'https://s3.openshift-storage.svc', bucket: 'llm-bench-results', root: 'demo', region: 'us-east-1', caFile: '/etc/llmbench/object-store-ca/service-ca.crt' };
    const processor = {
      ...props.processor!,
      config: { ...props.processor!.config, objectStore: location },
      objectStore: { credentialsSecret: 'results-bucket', caBundle: { configMap: 'openshift-service-ca.crt', key: 'service-ca.crt' } },
    };
    const pod = podOf(synthJob({ ...props, results: { ...props.results, store: 'objectStore' }, processor }));
    const names = pod.initContainers.map((c: any) => c.name);
    expect(names[names.length - 1]).toBe('process-results');
    expect(names.filter((n: string) => n.startsWith('object-store'))).toEqual([]);
    const step = pod.initContainers[pod.initContainers.length - 1];
    const env = envOf(step);
    expect(env.AWS_ACCESS_KEY_ID).toEqual({ secretKeyRef: { name: 'results-bucket', key: 'AWS_ACCESS_KEY_ID' } });
    expect(env.AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: 'results-bucket', key: 'AWS_SECRET_ACCESS_KEY' } });
    expect(JSON.parse(env.PROCESSOR_CONFIG).objectStore).toEqual(location);
    expect(JSON.stringify([...step.command, ...(step.args ?? [])])).not.toContain('AWS_');
    expect(step.volumeMounts).toContainEqual({ name: 'object-store-ca', mountPath: '/etc/llmbench/object-store-ca', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'object-store-ca', configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'service-ca.crt' }] } });
    // only the processor holds the keys
    const holders = [...pod.initContainers, ...pod.containers].filter((c: any) => (c.env ?? []).some((e: any) => e.name === 'AWS_SECRET_ACCESS_KEY')).map((c: any) => c.name);
    expect(holders).toEqual(['process-results']);
  });

});

test('guidellm.requestSamples: a number reaches every benchmark step as GuideLLM request sampling; all passes nothing', () => {
  const dev = env('dev');
  const targetName = dev.targets[0].name;
  const benchArgs = (job: any) => podOf(job).initContainers.filter((c: any) => c.name.startsWith('bench-')).map((c: any) => c.args as string[]);
  const sampled = synthJob(propsFor('dev', targetName, { guidellm: { ...dev.config.guidellm, requestSamples: 20 } }));
  expect(benchArgs(sampled).length).toBeGreaterThan(0);
  for (const args of benchArgs(sampled)) expect(args.slice(args.indexOf('--metrics'), args.indexOf('--metrics') + 2)).toEqual(['--metrics', 'kind=generative,sample_size=20']);
  for (const args of benchArgs(synthJob(propsFor('dev', targetName, { guidellm: { ...dev.config.guidellm, requestSamples: 'all' } })))) {
    expect(args).not.toContain('--metrics');
  }
});
