/** How an environment file combines with config/defaults.yaml (config/merge.ts), on the fixture project. */
import { devWith } from '../helpers/config-edit';

test('publish.pushgateway: { url } (an existing Pushgateway) replaces the defaults\' { deploy, image } whole', () => {
  const env = devWith('publish:\n  pushgateway:\n    url: http://pushgateway.monitoring.svc:9091\n');
  expect(env.config.publish.pushgateway).toEqual({ url: 'http://pushgateway.monitoring.svc:9091' });
});

test("an environment's slo replaces the defaults' whole: only the objectives it sets, attainment 0.99 unless set", () => {
  expect(devWith('slo:\n  e2eLatencyMs: 30000\n').config.slo).toEqual({ e2eLatencyMs: 30000, attainment: 0.99 });
});
