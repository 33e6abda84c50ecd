import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { BENCHMARK_SCRIPTS, BENCHMARK_SCRIPTS_CONFIGMAP, BenchmarkScripts } from '../../constructs/benchmark-scripts';

test('the ConfigMap carries exactly the scripts of runtime/benchmark-job, unchanged', () => {
  const chart = new Chart(Testing.app(), 'test');
  new BenchmarkScripts(chart, 'scripts', { environment: 'dev', namespace: 'bench' });
  const [configMap] = Testing.synth(chart);
  expect(configMap.metadata).toMatchObject({ name: BENCHMARK_SCRIPTS_CONFIGMAP, namespace: 'bench', labels: { 'llmbench.io/environment': 'dev' } });
  const dir = path.join(__dirname, '..', '..', 'runtime', 'benchmark-job');
  expect(Object.keys(configMap.data)).toEqual([...BENCHMARK_SCRIPTS]);
  expect(fs.readdirSync(dir).sort()).toEqual([...BENCHMARK_SCRIPTS]);
  for (const file of BENCHMARK_SCRIPTS) expect(configMap.data[file]).toBe(fs.readFileSync(path.join(dir, file), 'utf8'));
});
