/** How an environment file combines with config/defaults.yaml (config/merge.ts), on the fixture project. */
import { devWith } from '../helpers/config-edit';

test('publish.pushgateway: { url } (an existing Pushgateway) replaces the defaults\' { deploy, image } whole', () => {
  const env = devWith('publish:\n  pushgateway:\n    url: http://pushgateway.monitoring.svc:9091\n');
  expect(env.config.publish.pushgateway).toEqual({ url: 'http://pushgateway.monitoring.svc:9091' });
});
