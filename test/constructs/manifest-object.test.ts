/**
 * ManifestObject places an object built once elsewhere (a target's Job, its PipelineRun template) in a chart as it
 * is, with the YAML it was built with for synth: the same JSON out, a copy synth may annotate, the YAML kept.
 */
import { Testing } from 'cdk8s';
import { ManifestObject, yamlOf, type Manifest } from '../../constructs/manifest-object';
import { manifestYaml } from '../../constructs/manifest-yaml';

const job: Manifest = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { generateName: 'guidellm-t-', namespace: 'ns', annotations: { a: 'b' } },
  spec: { template: { spec: { containers: [{ name: 'c', image: 'i@sha256:00' }] } } },
};

test('the chart writes the built object unchanged (no name added to a generateName object), as a copy synth may annotate', () => {
  const chart = Testing.chart();
  new ManifestObject(chart, 'job', job);
  const [object] = chart.toJson();
  expect(object).toEqual(job);
  object.metadata.annotations.added = 'x';
  expect(job.metadata.annotations).toEqual({ a: 'b' });
  expect(yamlOf(object)).toBeUndefined();
});

test('built with its YAML, the object synth gets carries it; no other object does', () => {
  const chart = Testing.chart();
  new ManifestObject(chart, 'job', job, manifestYaml(job));
  const [object] = chart.toJson();
  expect(yamlOf(object)).toBe(manifestYaml(job));
  expect(yamlOf({ ...object })).toBeUndefined();
});
