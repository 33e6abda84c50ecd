import { Chart, Testing } from 'cdk8s';
import { RawFile, rawFilesOf } from '../../constructs/raw-file';

test('a raw file keeps its exact content and is found in its chart', () => {
  const chart = new Chart(Testing.app(), 'c');
  new RawFile(chart, 'patch', { fileName: 'argocd-application-health.merge-patch', content: '{"spec":{}}\n' });
  expect(rawFilesOf(chart).map((f) => [f.fileName, f.content])).toEqual([['argocd-application-health.merge-patch', '{"spec":{}}\n']]);
  expect(Testing.synth(chart)).toEqual([]); // not a Kubernetes object
});

test.each(['patch.json', 'patch.yaml', 'patch.yml', 'Patch.txt', '../patch'])('refuses the file name %s', (fileName) => {
  const chart = new Chart(Testing.app(), 'c');
  expect(() => new RawFile(chart, 'patch', { fileName, content: '' })).toThrow(`raw file name "${fileName}" must be lowercase letters, digits, "-" and ".", and not end in .yaml, .yml or .json`);
});
