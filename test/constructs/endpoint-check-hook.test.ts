/**
 * EndpointCheckHook: a snapshot, and explicit checks of what ArgoCD and the cluster depend on: hook annotations
 * and the fixed name, restricted-v2 security, small bounded resources, API keys by Secret reference only, CA
 * bundles mounted where the script is told to find them, and the ConfigMap holding exactly the script.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { ResolvedTarget } from '../../config/target';
import {
  ENDPOINT_CHECK_CONFIGMAP,
  ENDPOINT_CHECK_SCRIPT,
  EndpointCheckHook,
  EndpointCheckHookProps,
} from '../../constructs/endpoint-check-hook';
import { PROJECT_ROOT, fixture } from '../helpers/project';
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT } from '../helpers/restricted';

const environments = fixture().environments;
const env = (name: string): ResolvedEnvironment => environments.find((e) => e.name === name)!;

function propsFor(envName: string, overrides: Partial<EndpointCheckHookProps> = {}): EndpointCheckHookProps {
  const e = env(envName);
  return { environment: e.name, namespace: e.config.namespace, image: e.config.guidellm.image, targets: e.targets, ...overrides };
}

function synth(props: EndpointCheckHookProps): { configMap: any; job: any } {
  const chart = new Chart(Testing.app(), 'test');
  new EndpointCheckHook(chart, 'EndpointCheck', props);
  const objects = Testing.synth(chart);
  expect(objects.map((o) => o.kind)).toEqual(['ConfigMap', 'Job']);
  return { configMap: objects[0], job: objects[1] };
}

const podOf = (job: any) => job.spec.template.spec;
const containerOf = (job: any) => podOf(job).containers[0];
const envOf = (job: any): Record<string, any> => Object.fromEntries(containerOf(job).env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
const targetsOf = (job: any): any[] => JSON.parse(envOf(job).ENDPOINT_CHECK_TARGETS);

describe('full environment (one https target with an API key and a CA bundle)', () => {
  const props = propsFor('full');
  const { configMap, job } = synth(props);
  const gptOss = props.targets.find((t) => t.auth.apiKeySecret)!;

  test('matches its snapshot', () => expect({ configMap: { ...configMap, data: Object.keys(configMap.data) }, job }).toMatchSnapshot());

  test('is a PostSync hook Job with a fixed name, kept after success until the next sync replaces it', () => {
    expect(job.metadata.name).toBe('endpoint-check');
    expect(job.metadata.generateName).toBeUndefined();
    expect(job.metadata.namespace).toBe(env('full').config.namespace);
    expect(job.metadata.annotations).toEqual({
      'argocd.argoproj.io/hook': 'PostSync',
      'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
    });
    expect(job.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'llm-benchmark-stack', 'llmbench.io/environment': 'full', 'app.kubernetes.io/component': 'endpoint-check' });
    expect(job.spec.template.metadata.labels).toEqual(job.metadata.labels);
  });

  test('runs once, bounded in time, and is cleaned up eventually', () => {
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBe(600);
    expect(job.spec.ttlSecondsAfterFinished).toBe(604800);
    expect(podOf(job).restartPolicy).toBe('Never');
  });

  test('is restricted-v2 compatible, without a service account token, and small', () => {
    expect(podOf(job).securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(podOf(job).automountServiceAccountToken).toBe(false);
    expect(podOf(job).containers).toHaveLength(1);
    expect(podOf(job).initContainers).toBeUndefined();
    expect(containerOf(job).securityContext).toEqual(RESTRICTED_CONTAINER_SECURITY_CONTEXT);
    expect(containerOf(job).resources).toEqual({ requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } });
    expect(containerOf(job).image).toBe('ghcr.io/vllm-project/guidellm:v0.7.3');
    expect(containerOf(job).command).toEqual(['python3', '-u', '/scripts/check_endpoints.py']);
  });

  test('the ConfigMap holds exactly the script, unchanged, and the Job mounts it', () => {
    expect(configMap.metadata.name).toBe(ENDPOINT_CHECK_CONFIGMAP);
    expect(configMap.metadata.annotations?.['argocd.argoproj.io/hook']).toBeUndefined();
    const dir = path.join(PROJECT_ROOT, 'runtime', 'endpoint-check');
    expect(fs.readdirSync(dir)).toEqual([ENDPOINT_CHECK_SCRIPT]);
    expect(configMap.data).toEqual({ [ENDPOINT_CHECK_SCRIPT]: fs.readFileSync(path.join(dir, ENDPOINT_CHECK_SCRIPT), 'utf8') });
    expect(podOf(job).volumes[0]).toEqual({ name: 'script', configMap: { name: ENDPOINT_CHECK_CONFIGMAP } });
    expect(containerOf(job).volumeMounts[0]).toEqual({ name: 'script', mountPath: '/scripts', readOnly: true });
  });

  test('lists every target for the script, with names and paths but no secret', () => {
    const targets = targetsOf(job);
    expect(targets.map((t) => t.name)).toEqual(props.targets.map((t) => t.name));
    for (const [i, t] of props.targets.entries()) {
      expect(targets[i]).toMatchObject({ endpoint: t.endpoint, servedModelName: t.model.servedModelName });
    }
    expect(targets.find((t) => t.name === gptOss.name)).toEqual({
      name: gptOss.name,
      endpoint: 'https://gpt-oss-20b-predictor.llm-serving.svc.cluster.local:8443/v1',
      servedModelName: gptOss.model.servedModelName,
      apiKeyEnv: 'API_KEY_GPT_OSS_20B_L4_X4',
      apiKeySource: 'Secret gpt-oss-20b-api-key, key token',
      caFile: `/etc/llmbench/endpoint-ca/${gptOss.name}/service-ca.crt`,
      caSource: 'ConfigMap openshift-service-ca.crt, key service-ca.crt',
    });
    expect(targets.filter((t) => t.apiKeyEnv || t.caFile)).toHaveLength(1);
    expect(envOf(job)).toMatchObject({ ENVIRONMENT: 'full', ENDPOINT_CHECK_TIMEOUT_SECONDS: '10' });
  });

  test('API keys come from optional Secret references, never a literal', () => {
    expect(envOf(job).API_KEY_GPT_OSS_20B_L4_X4).toEqual({ secretKeyRef: { name: 'gpt-oss-20b-api-key', key: 'token', optional: true } });
    const literals = containerOf(job).env.filter((e: any) => e.name.startsWith('API_KEY_') && e.value !== undefined);
    expect(literals).toEqual([]);
  });

  test("CA bundles are mounted from the targets' ConfigMaps where the script looks for them", () => {
    const volume = podOf(job).volumes.find((v: any) => v.name === 'endpoint-ca');
    expect(volume).toEqual({
      name: 'endpoint-ca',
      projected: {
        sources: [{ configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: `${gptOss.name}/service-ca.crt` }], optional: true } }],
      },
    });
    const mount = containerOf(job).volumeMounts.find((m: any) => m.name === 'endpoint-ca');
    expect(mount).toEqual({ name: 'endpoint-ca', mountPath: '/etc/llmbench/endpoint-ca', readOnly: true });
    const caFile = targetsOf(job).find((t) => t.caFile).caFile;
    expect(caFile).toBe(`${mount.mountPath}/${volume.projected.sources[0].configMap.items[0].path}`);
  });
});

test('targets without auth: no key variables, no CA volume', () => {
  const { job } = synth(propsFor('demo'));
  expect(containerOf(job).env.map((e: any) => e.name)).toEqual(['ENVIRONMENT', 'ENDPOINT_CHECK_TARGETS', 'ENDPOINT_CHECK_TIMEOUT_SECONDS', 'PYTHONDONTWRITEBYTECODE']);
  expect(podOf(job).volumes.map((v: any) => v.name)).toEqual(['script']);
  expect(targetsOf(job).length).toBe(env('demo').targets.length);
  expect(targetsOf(job).every((t) => t.apiKeyEnv === undefined && t.caFile === undefined)).toBe(true);
});

test('two targets sharing one CA ConfigMap and key each get their own file', () => {
  const base = env('full').targets.find((t) => t.auth.caBundle)!;
  const twin: ResolvedTarget = { ...base, name: 'gpt-oss-20b-twin', auth: { caBundle: base.auth.caBundle } };
  const { job } = synth(propsFor('full', { targets: [base, twin] }));
  const sources = podOf(job).volumes.find((v: any) => v.name === 'endpoint-ca').projected.sources;
  expect(sources.map((s: any) => s.configMap.items[0].path)).toEqual([`${base.name}/service-ca.crt`, 'gpt-oss-20b-twin/service-ca.crt']);
  expect(targetsOf(job).map((t) => t.caFile)).toEqual([`/etc/llmbench/endpoint-ca/${base.name}/service-ca.crt`, '/etc/llmbench/endpoint-ca/gpt-oss-20b-twin/service-ca.crt']);
  // The twin has a CA but no API key.
  expect(containerOf(job).env.filter((e: any) => e.name.startsWith('API_KEY_')).map((e: any) => e.name)).toEqual(['API_KEY_GPT_OSS_20B_L4_X4']);
});

test('options: timeout, deadline, TTL and resources are passed through; a deadline too close to the timeout is refused', () => {
  const { job } = synth(
    propsFor('dev', {
      timeoutSeconds: 30,
      activeDeadlineSeconds: 900,
      ttlSecondsAfterFinished: 3600,
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    }),
  );
  expect(envOf(job).ENDPOINT_CHECK_TIMEOUT_SECONDS).toBe('30');
  expect(job.spec).toMatchObject({ activeDeadlineSeconds: 900, ttlSecondsAfterFinished: 3600 });
  expect(containerOf(job).resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } });
  expect(() => synth(propsFor('dev', { timeoutSeconds: 100, activeDeadlineSeconds: 120 }))).toThrow(/activeDeadlineSeconds \(120\) must exceed timeoutSeconds \(100\) by at least 60/);
  expect(() => synth(propsFor('dev', { timeoutSeconds: 0 }))).toThrow(/timeoutSeconds must be positive/);
});
