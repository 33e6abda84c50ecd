/** Each target is its own deployment: one model on two GPU profiles must name two deployments, and none are shared. */
import * as fs from 'fs';
import { loadConfig } from '../../config/load';
import { ResolvedEnvironment } from '../../config/resolve';
import { configErrors, DEMO_FILE, DEV_FILE, loadEdited } from '../helpers/config-edit';
import { tempProject } from '../helpers/project';

/** The dev environment with `targets` in place of its own (YAML list items, two-space indented). */
function devTargets(targets: string): { environment?: ResolvedEnvironment; errors: string[] } {
  // with internet: the targets below download their tokenizer from Hugging Face
  const { environments, errors } = loadEdited(
    { [DEV_FILE]: (text) => text.replace('internet: false', 'internet: true').replace(/^targets:[\s\S]*$/m, `targets:\n${targets}`) },
    { only: 'dev' },
  );
  return { environment: environments[0], errors };
}

const target = (profile: string, extra = '') => `  - model: granite-8b-agent\n    gpuProfile: ${profile}\n    scenarios: [chat]\n    loadPlans: [smoke]\n${extra}`;

test('the default deployment is the model, and the default endpoint is built from it', () => {
  const { environment } = devTargets(target('l4-x1'));
  expect(environment!.targets[0].deployment).toBe('granite-8b-agent');
  expect(environment!.targets[0].endpoint).toBe('http://granite-8b-agent-predictor.llm-serving-dev.svc.cluster.local:8080/v1');
});

test('one model on two GPU profiles: each names its deployment, and each gets its own endpoint', () => {
  const { environment, errors } = devTargets(target('l4-x1', '    deployment: granite-l4-x1\n') + target('l4-x4', '    deployment: granite-l4-x4\n'));
  expect(errors).toEqual([]);
  expect(environment!.targets.map((t) => [t.name, t.deployment, t.endpoint])).toEqual([
    ['granite-8b-agent-l4-x1', 'granite-l4-x1', 'http://granite-l4-x1-predictor.llm-serving-dev.svc.cluster.local:8080/v1'],
    ['granite-8b-agent-l4-x4', 'granite-l4-x4', 'http://granite-l4-x4-predictor.llm-serving-dev.svc.cluster.local:8080/v1'],
  ]);
});

test('one model on two GPU profiles without deployments: an error at each target, naming both', () => {
  const { errors } = devTargets(target('l4-x1') + target('l4-x4', '    deployment: granite-l4-x4\n'));
  expect(errors).toEqual([
    expect.stringMatching(
      /^config\/environments\/dev\.yaml:\d+: targets\[0\]: targets\[0\] \(granite-8b-agent-l4-x1\), targets\[1\] \(granite-8b-agent-l4-x4\) all serve model "granite-8b-agent": each must name its deployment .*e\.g\. deployment: granite-8b-agent-l4-x1; else they measure one server$/,
    ),
  ]);
});

test('two targets with one deployment, or one endpoint: an error naming both, at the second', () => {
  const shared = devTargets(target('l4-x1', '    deployment: granite\n') + target('l4-x4', '    deployment: granite\n'));
  expect(shared.errors).toEqual([
    expect.stringMatching(/targets\[1\]\.deployment: targets\[0\] \(granite-8b-agent-l4-x1\) and targets\[1\] \(granite-8b-agent-l4-x4\) have the same deployment "granite": each target must be its own server$/),
    expect.stringMatching(/targets\[1\]: targets\[0\] .* and targets\[1\] .* have the same endpoint "http:\/\/granite-predictor\.llm-serving-dev\.svc\.cluster\.local:8080\/v1"/),
  ]);
  const url = 'https://vllm.example.com/v1';
  const sameUrl = devTargets(target('l4-x1', `    deployment: a\n    endpoint: ${url}\n`) + target('l4-x4', `    deployment: b\n    endpoint: ${url}\n`));
  expect(sameUrl.errors).toEqual([expect.stringMatching(/targets\[1\]\.endpoint: targets\[0\] \(granite-8b-agent-l4-x1\) and targets\[1\] \(granite-8b-agent-l4-x4\) have the same endpoint "https:\/\/vllm\.example\.com\/v1"/)]);
});

test('a deployment must be a DNS name', () => {
  const { errors } = devTargets(target('l4-x1', '    deployment: Granite_8B\n'));
  expect(errors).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: targets\[0\]\.deployment: /)]);
});

describe('two environments on one cluster', () => {
  const onProdCluster = (text: string) => text.replace('appsDomain: apps.demo.example.com', 'appsDomain: apps.prod.example.com');

  test('benchmarking one server at the same time: an error at the later environment\'s target, naming both', () => {
    const errors = configErrors({ [DEMO_FILE]: onProdCluster });
    expect(errors).toEqual([
      expect.stringMatching(
        /^config\/environments\/full\.yaml:\d+: targets\[0\]: environments demo \(target mistral-3-int4-l4-x1\) and full \(target mistral-3-int4-l4-x1\) benchmark the same endpoint "http:\/\/mistral-3-int4-predictor\.llm-serving\.svc\.cluster\.local:8080\/v1" on cluster apps\.prod\.example\.com at the same time \(e\.g\. 2027-01-01T02:00Z\): give one environment another schedule, or benchmark another deployment$/,
      ),
      expect.stringMatching(/^config\/environments\/full\.yaml:\d+: targets\[1\]: environments demo \(target mistral-3-bf16-l4-x4\) and full/),
    ]);
  });

  test('at different times, or on different clusters, they may', () => {
    const root = tempProject({ [DEMO_FILE]: (text) => `${onProdCluster(text)}\nschedule: "0 14 * * *"\n` });
    try {
      expect(loadConfig(root).environments.map((e) => e.name)).toEqual(['demo', 'dev', 'full']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
