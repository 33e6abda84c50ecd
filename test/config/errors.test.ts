/**
 * One test per class of configuration error: each message names the file, the line, the path inside the file,
 * the bad value and what is allowed.
 */
import * as fs from 'fs';
import { loadConfig } from '../../config/load';
import { checkName } from '../../domain/names';
import { CATALOG, configErrors, DEFAULTS, DEMO_FILE, DEV_FILE, ENVIRONMENTS_DIR } from '../helpers/config-edit';
import { fixtureFile, replace, tempProject } from '../helpers/project';

const DEV = DEV_FILE;


test('malformed YAML names the file and line', () => {
  expect(configErrors({ [DEV]: replace('scenarios: [chat]', 'scenarios: [chat') })).toEqual([
    expect.stringMatching(/^config\/environments\/dev\.yaml:1[0-9]: \(top level\): malformed YAML: /),
  ]);
});

test('a duplicated key is malformed YAML', () => {
  expect(configErrors({ [DEV]: replace('internet: false', 'internet: false\ninternet: true') })).toEqual([
    `${DEV_FILE}:10: (top level): malformed YAML: Map keys must be unique`,
  ]);
});

test('an unknown key (typo) suggests the right one and lists what is allowed', () => {
  const errors = configErrors({ [DEV]: replace('  - model: granite-8b-agent', '  - modle: granite-8b-agent') });
  expect(errors).toContain(
    `${DEV_FILE}:16: targets[0].modle: unknown key "modle"; did you mean "model"? allowed: name, model, gpuProfile, deployment, endpoint, scenarios, loadPlans, auth, overrides`,
  );
  expect(errors).toContain(`${DEV_FILE}:16: targets[0].model: required key "model" is missing`);
});

test('an unknown key in the catalog is reported against the catalog', () => {
  expect(configErrors({ [CATALOG]: replace('    pricePerHour: 0.85', '    pricePerHour: 0.85\n    pricePerHuor: 0.9') })).toEqual([
    `${CATALOG}:12: gpuProfiles.l4-x1.pricePerHuor: unknown key "pricePerHuor"; did you mean "pricePerHour"? allowed: gpuType, gpuCount, instanceType, pricePerHour, nodeSelector, tolerations`,
  ]);
});

test('a wrong type names the expected type and the value given', () => {
  expect(configErrors({ [CATALOG]: replace('    maxSeconds: 30\n', '    maxSeconds: "thirty"\n') })).toEqual([
    `${CATALOG}:123: loadPlans.smoke.maxSeconds: expected number, got string "thirty"`,
  ]);
});

test('a bad enum value lists the allowed values', () => {
  expect(configErrors({ [CATALOG]: replace('    profile: synchronous', '    profile: synchronus') })).toEqual([
    `${CATALOG}:122: loadPlans.smoke.profile: "synchronus" is not allowed; did you mean "synchronous"? allowed: synchronous, concurrent, throughput, constant, poisson, sweep`,
  ]);
});

test('a value that matches no form of a one-of field lists the forms', () => {
  expect(configErrors({ [CATALOG]: replace('      huggingFace: ibm-granite/granite-3.3-8b-instruct', '      hf: ibm-granite/granite-3.3-8b-instruct') })).toEqual([
    `${CATALOG}:55: models.granite-8b-agent.tokenizer: {"hf":"ibm-granite/granite-3.3-8b-instruct"} does not match any allowed form; allowed forms: {huggingFace} or {pvc}`,
  ]);
});

test.each([
  ['model', 'model: granite-8b-agent', 'model: granite-8b', `targets[0].model: unknown model "granite-8b" (not in ${CATALOG}); did you mean "granite-8b-agent"? allowed: devstral-2, gpt-oss-20b, granite-8b-agent, mistral-3-bf16, mistral-3-int4`],
  ['GPU profile', 'gpuProfile: l4-x1', 'gpuProfile: tpu-v5', `targets[0].gpuProfile: unknown GPU profile "tpu-v5" (not in ${CATALOG}); allowed: h100-x8, l4-x1, l4-x4`],
  ['scenario', 'scenarios: [chat]', 'scenarios: [caht]', `targets[0].scenarios[0]: unknown scenario "caht" (not in ${CATALOG}); did you mean "chat"? allowed: chat, code, sharegpt, stress, summarization`],
  ['load plan', 'loadPlans: [smoke]', 'loadPlans: [smoek]', `targets[0].loadPlans[0]: unknown load plan "smoek" (not in ${CATALOG}); did you mean "smoke"? allowed: demo-ladder, guidellm-sweep, poisson-sweep, seed-ladder, smoke`],
])('an unknown %s reference names the catalog entries', (_what, from, to, message) => {
  const errors = configErrors({ [DEV]: replace(from, to) });
  expect(errors).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: /)]);
  expect(errors[0].replace(/^[^ ]+ /, '')).toBe(message);
});

test('a duplicate target points at both entries', () => {
  const errors = configErrors({
    [DEMO_FILE]: replace('  - model: mistral-3-bf16\n    gpuProfile: l4-x4', '  - model: mistral-3-int4\n    gpuProfile: l4-x1'),
  });
  expect(errors).toEqual([
    `${DEMO_FILE}:14: targets[1]: duplicate target "mistral-3-int4-l4-x1" (also targets[0]); give one of them a distinct name`,
  ]);
});

test('a target name too long for the names derived from it gives the limit', () => {
  const long = 'granite-agent-on-one-l4-gpu-in-the-dev-cluster-a1'; // 49 characters
  const errors = configErrors({ [DEV]: replace('  - model: granite-8b-agent', `  - name: ${long}\n    model: granite-8b-agent`) });
  expect(errors).toEqual([
    `${DEV_FILE}:16: targets[0].name: on-demand Job generateName "guidellm-${long}-" is 59 characters; Kubernetes allows at most 58: shorten the name it is built from`,
  ]);
});

test('names are checked against the limit of their kind (CronJob 52, labels 63)', () => {
  const name53 = 'a'.repeat(53);
  expect(checkName({ kind: 'cronJob', name: name53, what: 'dispatcher CronJob name' })).toBe(
    `dispatcher CronJob name "${name53}" is 53 characters; Kubernetes allows at most 52: shorten the name it is built from`,
  );
  expect(checkName({ kind: 'cronJob', name: 'a'.repeat(52), what: 'CronJob name' })).toBeUndefined();
  expect(checkName({ kind: 'labelValue', name: 'b'.repeat(64), what: 'target label value' })).toMatch(/is 64 characters; Kubernetes allows at most 63/);
  expect(checkName({ kind: 'default', name: 'Bad_Name', what: 'Job name' })).toBe(`Job name "Bad_Name" is not a DNS-1123 label (lowercase letters, digits and '-')`);
});

test('an environment whose Application names would be too long is refused', () => {
  const root = tempProject({ [`${ENVIRONMENTS_DIR}/${'e'.repeat(55)}.yaml`]: fs.readFileSync(fixtureFile(DEV_FILE), 'utf8') });
  expect(() => loadConfig(root)).toThrow(/^config\/environments\/e{55}\.yaml: \(top level\): ArgoCD Application name "e{55}-monitoring" is 66 characters; Kubernetes allows at most 63: shorten the name it is built from\n/);
  fs.rmSync(root, { recursive: true, force: true });
});

test.each([
  ['"30 3 * * 1-5"', '"30 3 * * 1-5 *"', 'schedule: "30 3 * * 1-5 *" has 6 fields; a schedule has 5: minute hour day-of-month month day-of-week (e.g. "0 2 * * *")'],
  ['"30 3 * * 1-5"', '"30 25 * * *"', 'schedule: "30 25 * * *": hour field "25" is out of range: allowed 0-23, *, lists, ranges and steps'],
  ['"30 3 * * 1-5"', '"@nightly"', 'schedule: unknown macro "@nightly"; allowed: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or five fields'],
])('an invalid cron schedule %s → %s says which field is wrong', (from, to, message) => {
  expect(configErrors({ [DEV]: replace(`schedule: ${from}`, `schedule: ${to}`) })).toEqual([`${DEV_FILE}:10: ${message}`]);
});

test('any rate with synchronous is refused', () => {
  expect(configErrors({ [CATALOG]: replace('    profile: synchronous\n', '    profile: synchronous\n    rates: [1, 2]\n') })).toEqual([
    `${CATALOG}:123: loadPlans.smoke.rates: synchronous runs one request at a time and takes no rates; remove rates [1,2] or use profile concurrent`,
  ]);
});

test('a sweep under 2 steps is refused', () => {
  expect(configErrors({ [CATALOG]: replace('    rates: [10]', '    rates: [1]') })).toEqual([
    `${CATALOG}:116: loadPlans.guidellm-sweep.rates: sweep takes exactly one rate, the number of steps, a whole number of at least 2, got [1]`,
  ]);
});

test('fractional users for a concurrent plan are refused', () => {
  expect(configErrors({ [CATALOG]: replace('rates: [1, 5, 10, 25]', 'rates: [1, 2.5]') })).toEqual([
    `${CATALOG}:98: loadPlans.seed-ladder.rates: concurrent rates are numbers of users and must be whole numbers, got [1,2.5]`,
  ]);
});

test('an endpoint that is not http(s) is refused', () => {
  const errors = configErrors({ [DEV]: replace('    scenarios: [chat]', '    endpoint: grpc://granite:8033\n    scenarios: [chat]') });
  expect(errors).toEqual([`${DEV_FILE}:18: targets[0].endpoint: "grpc://granite:8033" uses grpc; allowed: http, https`]);
});

test('a CA bundle on an http endpoint is refused', () => {
  const errors = configErrors({
    [DEV]: replace('    scenarios: [chat]', '    auth:\n      caBundle: { configMap: openshift-service-ca.crt, key: service-ca.crt }\n    scenarios: [chat]'),
  });
  expect(errors).toEqual([
    `${DEV_FILE}:19: targets[0].auth.caBundle: a CA bundle only applies to https endpoints; "http://granite-8b-agent-predictor.llm-serving-dev.svc.cluster.local:8080/v1" is http`,
  ]);
});

test('a ReadWriteOnce volume shared by parallel Jobs and the report server is impossible', () => {
  const errors = configErrors({ [DEV]: replace('internet: false', 'internet: false\nresults:\n  volume:\n    accessMode: ReadWriteOnce') });
  expect(errors).toEqual([
    `${DEV_FILE}:12: results.volume.accessMode: ReadWriteOnce cannot be shared by parallel benchmark Jobs on different nodes and the report server; with store: volume use ReadWriteMany (CephFS, EFS, NFS), or set results.store: objectStore`,
  ]);
});

test('object-store mode needs its bucket settings', () => {
  expect(configErrors({ [DEV]: replace('internet: false', 'internet: false\nresults:\n  store: objectStore') })).toEqual([
    `${DEV_FILE}:10: results.objectStore: store: objectStore needs results.objectStore (endpoint, bucket, credentialsSecret, readerCredentialsSecret)`,
  ]);
});

test('the report server\'s bucket keys must be its own, read-only ones; a CA bundle needs https', () => {
  const bucket = (extra: string, endpoint = 'https://s3.example.com') =>
    `internet: false\nresults:\n  store: objectStore\n  objectStore:\n    endpoint: ${endpoint}\n    bucket: results\n    credentialsSecret: s3\n${extra}`;
  expect(configErrors({ [DEV]: replace('internet: false', bucket('    readerCredentialsSecret: s3\n')) })).toEqual([
    `${DEV_FILE}:16: results.objectStore.readerCredentialsSecret: "s3" is also credentialsSecret: the report server, which anyone signed in can reach, must hold keys that can only read (s3:GetObject, s3:ListBucket); give it a Secret of its own`,
  ]);
  expect(configErrors({ [DEV]: replace('internet: false', bucket('    readerCredentialsSecret: s3-reader\n    caBundle: { configMap: ca, key: ca.crt }\n', 'http://minio:9000')) })).toEqual([
    `${DEV_FILE}:17: results.objectStore.caBundle: a CA bundle only applies to https endpoints; "http://minio:9000" is http`,
  ]);
  expect(configErrors({ [DEV]: replace('internet: false', bucket('    readerCredentialsSecret: s3-reader\n    prefix: /runs/\n')) })).toEqual([
    expect.stringMatching(new RegExp(`^${DEV_FILE}:17: results\\.objectStore\\.prefix: "/runs/": must be S3 key segments .* without a leading or trailing "/"$`)),
  ]);
});

test('a key the configuration no longer has says what to do instead', () => {
  expect(configErrors({ [DEFAULTS]: replace('processor:\n', 'processor:\n  objectStoreClientImage: quay.io/minio/mc:RELEASE.2025-08-13T08-35-41Z\n') })).toEqual([
    expect.stringMatching(/processor\.objectStoreClientImage: "objectStoreClientImage" is no longer a setting: the MinIO client is gone: the results processor stores results in the bucket itself .*; delete this key$/),
  ]);
});

test('an image without a release tag is refused: the tag selects the command line', () => {
  expect(configErrors({ [DEV]: replace('guidellm:\n', 'guidellm:\n  image: ghcr.io/vllm-project/guidellm:latest\n') })).toEqual([
    `${DEV_FILE}:12: guidellm.image: image "ghcr.io/vllm-project/guidellm:latest" must be pinned to a GuideLLM release tag such as ghcr.io/vllm-project/guidellm:v0.7.3 (latest and stable move, and the tag selects the command line)`,
  ]);
});

test('an unknown time zone is refused', () => {
  expect(configErrors({ [DEV]: replace('internet: false', 'internet: false\ntimeZone: Mars/Olympus') })).toEqual([
    `${DEV_FILE}:10: timeZone: unknown time zone "Mars/Olympus"; use an IANA name such as Etc/UTC or Europe/Paris`,
  ]);
});

test('a problem in the defaults file is reported against the defaults file', () => {
  expect(configErrors({ [DEFAULTS]: replace('backoffLimit: 0', 'backoffLimit: -1') })).toEqual(
    // two environments inherit it (full sets its own); reported once, against the file that holds it
    [expect.stringMatching(/^config\/defaults\.yaml:\d+: guidellm\.backoffLimit: -1: Too small/)],
  );
});

test('problems in several files are all reported at once', () => {
  const errors = configErrors({ [DEV]: replace('internet: false', 'internet: no'), [CATALOG]: replace('    gpuCount: 4\n', '    gpuCount: four\n') });
  expect(errors).toHaveLength(2);
  expect(errors).toEqual([
    `${CATALOG}:21: gpuProfiles.l4-x4.gpuCount: expected number, got string "four"`,
    `${DEV_FILE}:9: internet: expected boolean, got string "no"`,
  ]);
});

test('SLA tiers out of order are refused, in the direction of the metric', () => {
  const errors = configErrors({
    [DEV]: replace('internet: false', 'internet: false\nsla:\n  ttftP95Ms: { excellent: 500, acceptable: 2000, breaking: 1000 }\n  outputTokensPerSecondPerUser: { excellent: 10, acceptable: 20, breaking: 50 }'),
  });
  expect(errors).toEqual([
    `${DEV_FILE}:11: sla.ttftP95Ms: tiers {"excellent":500,"acceptable":2000,"breaking":1000} are out of order (lower is better: excellent ≤ acceptable ≤ breaking)`,
    `${DEV_FILE}:12: sla.outputTokensPerSecondPerUser: tiers {"excellent":10,"acceptable":20,"breaking":50} are out of order (higher is better: excellent ≥ acceptable ≥ breaking)`,
  ]);
});

test('an environment name too long for the ArgoCD controller RBAC names is refused before synth', () => {
  const name = 'e'.repeat(40);
  const root = tempProject({ [`${ENVIRONMENTS_DIR}/${name}.yaml`]: fs.readFileSync(fixtureFile(DEV_FILE), 'utf8') });
  expect(() => loadConfig(root)).toThrow(`${ENVIRONMENTS_DIR}/${name}.yaml: (top level): ArgoCD controller RBAC name "llmbench-${name}-global-subscriptions" is 70 characters; Kubernetes allows at most 63`);
  fs.rmSync(root, { recursive: true, force: true });
});
