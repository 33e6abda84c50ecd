/** How an environment file combines with the defaults file (mergeConfig), on the fixture project. */
import { CATALOG, configErrors, DEV_FILE, devWith } from '../helpers/config-edit';

test('publish.pushgateway: { url } (an existing Pushgateway) replaces the defaults\' { deploy, image } whole', () => {
  const env = devWith('publish:\n  pushgateway:\n    url: http://pushgateway.monitoring.svc:9091\n');
  expect(env.config.publish.pushgateway).toEqual({ url: 'http://pushgateway.monitoring.svc:9091' });
});

test("an environment's slo replaces the defaults' whole: only the objectives it sets, attainment 0.99 unless set", () => {
  expect(devWith('slo:\n  e2eLatencyMs: 30000\n').config.slo).toEqual({ e2eLatencyMs: 30000, attainment: 0.99 });
});

test('a load plan that stops on over-saturation needs GuideLLM 0.5 or later', () => {
  const errors = configErrors({
    [CATALOG]: (t) => t.replace('  smoke:\n    profile: synchronous\n', '  smoke:\n    profile: synchronous\n    stopOnOverSaturation: true\n'),
    [DEV_FILE]: (t) => t.replace('guidellm:\n', 'guidellm:\n  image: ghcr.io/vllm-project/guidellm:v0.4.0\n'),
  });
  expect(errors).toContainEqual(`${DEV_FILE}:12: guidellm.image: GuideLLM 0.4.0 has no over-saturation detection, which load plan(s) "smoke" ask for (stopOnOverSaturation); use GuideLLM 0.5.0 or later`);
});
