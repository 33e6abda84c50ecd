/** The image pinning rule (domain/images.ts) that the configuration and the manifest policy both apply. */
import { imagePinProblem, UNPINNABLE_DEFAULTS } from '../../domain/images';

test('only a shipped default without any release tag is exempt, by its exact reference; the same image on another tag is not', () => {
  expect(Object.keys(UNPINNABLE_DEFAULTS)).toEqual(['quay.io/rh-aiservices-bu/guidellm-wb:v1']);
  expect(imagePinProblem('quay.io/rh-aiservices-bu/guidellm-wb:v1')).toBeUndefined();
  expect(imagePinProblem('quay.io/rh-aiservices-bu/guidellm-wb:v2')).toMatch(/uses the tag "v2", which names a line of releases/);
  expect(imagePinProblem('quay.io/rh-aiservices-bu/guidellm-wb:v1@sha256:' + 'a'.repeat(64))).toBeUndefined();
});

test.each([
  ['registry.redhat.io/openshift4/ose-cli:v4.15', 'v4.15'],
  ['registry.redhat.io/openshift4/ose-oauth-proxy-rhel9:v4.17', 'v4.17'],
  ['docker.io/grafana/grafana:13', '13'],
])('%s is refused: its tag moves', (image, tag) => {
  expect(imagePinProblem(image)).toBe(
    `image "${image}" uses the tag "${tag}", which names a line of releases its publisher moves, not one build; pin a full release (e.g. v4.15.0) or a digest (IMAGE@sha256:…, from \`skopeo inspect --format '{{.Digest}}' docker://IMAGE\`)`,
  );
});
