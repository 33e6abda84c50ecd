/**
 * Bad input, one table: every row is an edit a user could make, and the full message `npm run synth` prints
 * (file:line, path, the bad value, what is allowed or the fix), with no stack trace, exit 1, and `dist/` unchanged
 * byte for byte. Rows for inputs that crashed or were silently accepted before.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynthCli, synth } from '../../synth/synth';
import { CATALOG, DEV_FILE, ENVIRONMENTS_DIR } from '../helpers/config-edit';
import { replace, tempProject } from '../helpers/project';
import { readTree } from '../helpers/tree';

const DEV = DEV_FILE;

let template: string;
let distHash: string;
const hashOf = (root: string) => createHash('sha256').update(JSON.stringify(readTree(path.join(root, 'dist')))).digest('hex');
beforeAll(() => {
  template = tempProject();
  synth({ root: template, log: () => undefined });
  distHash = hashOf(template);
});
afterAll(() => fs.rmSync(template, { recursive: true, force: true }));

const appended = (yaml: string) => (text: string) => `${text}\n${yaml}`;
const ALIAS_BOMB = ['x0: &a0 [1,1,1,1,1,1,1,1,1,1]', ...[1, 2, 3, 4, 5].map((i) => `x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`)].join('\n');

const ROWS: [string, string, (text: string) => string, string][] = [
  [
    'a comma in an endpoint',
    DEV,
    replace('    gpuProfile: l4-x1\n', '    gpuProfile: l4-x1\n    endpoint: http://a,b.svc:8080/v1\n'),
    `${DEV_FILE}:18: targets[0].endpoint: endpoint "http://a,b.svc:8080/v1" contains a comma, which GuideLLM cannot take: its options are key=value lists split on every comma (src/guidellm/utils/arg_string.py:120 @ v0.7.3)`,
  ],
  [
    'a comma in a served model name',
    DEV,
    replace('      model:\n', '      model:\n        servedModelName: "a,b"\n'),
    `${DEV_FILE}:16: targets[0].model: served model name of "granite-8b-agent" "a,b" contains a comma, which GuideLLM cannot take: its options are key=value lists split on every comma (src/guidellm/utils/arg_string.py:120 @ v0.7.3)`,
  ],
  [
    'a namespace too long for the Route hosts',
    DEV,
    replace('namespace: llm-bench-dev', `namespace: ${'n'.repeat(55)}`),
    `${DEV_FILE}:3: namespace: "${'n'.repeat(55)}" is too long for the Route hosts: host label "workbench-${'n'.repeat(55)}" is 65 characters; DNS allows 63: use a namespace of at most 53 characters`,
  ],
  [
    'a YAML alias bomb',
    DEV,
    appended(ALIAS_BOMB),
    `${DEV_FILE}:1: (top level): malformed YAML: Excessive alias count indicates a resource exhaustion attack; use fewer anchors and aliases (*name), or write the values out`,
  ],
  [
    'a cron range that runs backwards',
    DEV,
    replace('schedule: "30 3 * * 1-5"', 'schedule: "30 3 * * 5-1"'),
    `${DEV_FILE}:10: schedule: "30 3 * * 5-1": day of week field "5-1" has a range that runs backwards (5-1); write it low-high, e.g. 1-5, or as a list`,
  ],
  [
    'an SLA error rate written in percent',
    DEV,
    appended('sla:\n  errorRate: { excellent: 0, acceptable: 1, breaking: 5 }'),
    `${DEV_FILE}:35: sla.errorRate.breaking: 5: must be a fraction from 0 to 1 (0.01 is 1 %), not a percent`,
  ],
  ['YAML .nan for a number', DEV, appended('retention:\n  keepRuns: .nan'), `${DEV_FILE}:35: retention.keepRuns: expected number, got .nan (not a number)`],
  [
    'a __proto__ key',
    CATALOG,
    appended('__proto__:\n  polluted: true'),
    expect.stringMatching(/^config\/catalog\.yaml:\d+: \(top level\): the key __proto__ is not allowed \(it is no setting; in JavaScript it would change the object it is in\)$/) as unknown as string,
  ],
  [
    'a Secret key that is a path',
    DEV,
    appended('huggingFaceTokenSecret:\n  name: hf-token\n  key: ../../x y'),
    `${DEV_FILE}:36: huggingFaceTokenSecret.key: "../../x y": must be a Secret/ConfigMap key (letters, digits, '-', '_', '.')`,
  ],
  [
    'a tokenizer path that leaves its volume',
    DEV,
    replace('path: granite-3.3-8b-instruct', 'path: ../../etc'),
    `${DEV_FILE}:26: targets[0].overrides.model.tokenizer.pvc.path: "../../etc": must stay inside the volume (no '..')`,
  ],
  [
    'a storage class that is no name',
    DEV,
    appended('results:\n  volume:\n    storageClass: Bad Class!'),
    `${DEV_FILE}:36: results.volume.storageClass: "Bad Class!": StorageClass name must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`,
  ],
  ['a load level of 3e9 seconds', CATALOG, replace(/maxSeconds: 30\b/, 'maxSeconds: 3000000000'), expect.stringMatching(/^config\/catalog\.yaml:\d+: loadPlans\.smoke\.maxSeconds: 3000000000: must be at most 86400 \(a day per load level\)$/) as unknown as string],
  [
    'a javascript: report template URL',
    DEV,
    replace('guidellm:\n', 'guidellm:\n  reportTemplateUrl: "javascript:alert(1)"\n'),
    `${DEV_FILE}:12: guidellm.reportTemplateUrl: "javascript:alert(1)": must be an http(s) URL or an absolute file path in the image (GuideLLM fetches or reads it)`,
  ],
  [
    'a baseline run id with ..',
    DEV,
    appended('regressions:\n  baselineRunId: ../../etc'),
    `${DEV_FILE}:35: regressions.baselineRunId: "../../etc": must be a run id such as 20261124-020000-k4x7q (a folder of the results)`,
  ],
  [
    'a Hugging Face tokenizer with internet: false',
    DEV,
    replace(/ {4}# Disconnected[\s\S]*?\n(?=# Disconnected)/, ''),
    `${DEV_FILE}:16: targets[0].model: the tokenizer of "granite-8b-agent" ("ibm-granite/granite-3.3-8b-instruct") downloads from Hugging Face, but this environment has internet: false; put its files on a PVC: overrides: { model: { tokenizer: { pvc: { claimName: <PVC>, path: <folder> } } } }`,
  ],
  [
    'a Hugging Face dataset with internet: false',
    DEV,
    replace('scenarios: [chat]', 'scenarios: [chat, sharegpt]'),
    `${DEV_FILE}:18: targets[0].scenarios[1]: scenario "sharegpt" reads the Hugging Face dataset "anon8231489123/ShareGPT_Vicuna_unfiltered", but this environment has internet: false; use a scenario with a dataset file in the pod, or synthetic data`,
  ],
  [
    "OperatorHub's community catalog with internet: false",
    DEV,
    replace('    source: cs-community-operator-index', '    source: community-operators'),
    `${DEV_FILE}:30: operators.grafana.source: "community-operators" is one of OperatorHub's default catalogs, which download from the internet and are disabled on a disconnected cluster; this environment has internet: false, so mirror the grafana-operator package (oc-mirror) and set source to the CatalogSource holding the mirror, or set install: false where the operator is installed already`,
  ],
  [
    'an SLO attainment written in percent',
    DEV,
    appended('slo:\n  ttftMs: 800\n  attainment: 99'),
    `${DEV_FILE}:36: slo.attainment: 99: must be a fraction above 0 and at most 1 (0.99 is 99 %), not a percent`,
  ],
  [
    'a demand for a model no target serves that scenario for',
    DEV,
    appended('demand:\n  - name: chat-200\n    models: [granite-8b-agent]\n    scenario: code\n    users: 200'),
    `${DEV_FILE}:35: demand[0]: demand "chat-200": no target of this environment runs scenario "code" for "granite-8b-agent", so no plan could be made; add such a target or fix models/scenario`,
  ],
  [
    'a demand of both users and requests per second',
    DEV,
    appended('demand:\n  - name: chat-200\n    models: [granite-8b-agent]\n    scenario: chat\n    users: 200\n    requestsPerSecond: 4'),
    `${DEV_FILE}:35: demand[0]: {"models":["granite-8b-agent"],"name":"chat-200","requestsPerSecond":4,"scena...: set exactly one of users (concurrent users) and requestsPerSecond`,
  ],
  [
    'a demand naming a model the catalog does not have',
    DEV,
    appended('demand:\n  - name: chat-200\n    models: [granite-8b-agnet]\n    scenario: chat\n    users: 200'),
    `${DEV_FILE}:36: demand[0].models[0]: unknown model "granite-8b-agnet" (not in ${CATALOG}); did you mean "granite-8b-agent"? allowed: devstral-2, gpt-oss-20b, granite-8b-agent, mistral-3-bf16, mistral-3-int4`,
  ],
  [
    'credentials in an endpoint URL',
    DEV,
    replace('    gpuProfile: l4-x1\n', '    gpuProfile: l4-x1\n    endpoint: http://admin:s3cret@granite-predictor.llm-serving-dev.svc:8080/v1\n'),
    `${DEV_FILE}:18: targets[0].endpoint: "http://***@granite-predictor.llm-serving-dev.svc:8080/v1" carries credentials in the URL, which would be written into manifests in git and into results anyone can read; remove them and use an API key in a Secret: targets[0].auth.apiKeySecret`,
  ],
  [
    'a token in the Git repository URL',
    DEV,
    replace('  repoURL: https://github.com/', '  repoURL: https://ghp_abc123@github.com/'),
    `${DEV_FILE}:7: argocd.repoURL: "https://***@github.com/example-org/llm-benchmark-stack.git" carries credentials in the URL, which would be written into manifests in git and into results anyone can read; remove them and use ArgoCD's repository credentials (a Secret labelled argocd.argoproj.io/secret-type: repository), not the URL`,
  ],
  [
    'a run over its budget',
    DEV,
    appended('budget:\n  dollarsPerRun: 0.01'),
    `${DEV_FILE}:35: budget.dollarsPerRun: a run takes $0.0142, over the budget of $0.01 (largest: granite-8b-agent-l4-x1 0.0167 GPU-hours, $0.0142); shorten load plans (maxSeconds, fewer levels), drop targets, or raise the budget`,
  ],
  [
    'an SLO without objectives',
    DEV,
    appended('slo:\n  attainment: 0.9'),
    `${DEV_FILE}:34: slo: {"attainment":0.9}: sets no objective; set at least one of ttftMs, itlMs, e2eLatencyMs (TTFT, ITL, end-to-end latency)`,
  ],
  [
    'request sampling that is neither all nor a count',
    DEV,
    replace('guidellm:\n', 'guidellm:\n  requestSamples: some\n'),
    `${DEV_FILE}:12: guidellm.requestSamples: "some" does not match any allowed form; allowed forms: "all" or a number`,
  ],
  [
    'a CPU request above its limit',
    DEV,
    replace('requests: { cpu: "1", memory: 2Gi }', 'requests: { cpu: "2", memory: 2Gi }'),
    `${DEV_FILE}:13: guidellm.resources.requests.cpu: "2": request 2 is above the limit 1; Kubernetes requires requests ≤ limits`,
  ],
];

test.each(ROWS)('%s: the full message, exit 1, no stack trace, dist/ unchanged', (_, file, edit, message) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-bad-input-'));
  try {
    fs.cpSync(template, root, { recursive: true });
    const full = path.join(root, file);
    fs.writeFileSync(full, edit(fs.readFileSync(full, 'utf8')));
    const { code, lines } = runSynthCliQuiet(root);
    expect(code).toBe(1);
    expect(lines[0]).toBe('synth: configuration is invalid; nothing was written.');
    expect(lines.slice(1)).toEqual([message]);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
    expect(hashOf(root)).toBe(distHash);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an environment file ending in .yml is refused (it would be silently left out), naming the fix', () => {
  const root = tempProject({ [`${ENVIRONMENTS_DIR}/staging.yml`]: 'namespace: staging\n' });
  try {
    expect(runSynthCliQuiet(root)).toEqual({
      code: 1,
      lines: ['synth: configuration is invalid; nothing was written.', `${ENVIRONMENTS_DIR}/staging.yml: (top level): environment files end in .yaml; rename it to staging.yaml`],
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('two environments with one namespace on one cluster are refused at the later one', () => {
  const root = tempProject({
    [`${ENVIRONMENTS_DIR}/full.yaml`]: (t) => t.replace('appsDomain: apps.prod.example.com', 'appsDomain: apps.demo.example.com').replace('namespace: llm-bench\n', 'namespace: llm-bench-demo\n'),
  });
  try {
    const { code, lines } = runSynthCliQuiet(root);
    expect(code).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(/^config\/environments\/full\.yaml:\d+: namespace: environments demo and full both use namespace "llm-bench-demo" on cluster apps\.demo\.example\.com: one stack per namespace; give full its own$/));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** `npm run synth` in `root`: exit code and the lines it printed to stderr. */
function runSynthCliQuiet(root: string): { code: number; lines: string[] } {
  const printed: string[] = [];
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    return { code: runSynthCli([], root), lines: printed.join('\n').split('\n') };
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}

// within jest's 5 s test timeout: the parser's own (quadratic) duplicate-key check took 26 s for these 40 000 keys
test('a file of 40 000 keys is read in linear time, and a repeated key is still found', () => {
  const many = `${Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
  const root = tempProject({ [CATALOG]: (t) => `${t}\nextra:\n${many.replace(/^/gm, '  ')}` });
  try {
    const { lines } = runSynthCliQuiet(root);
    expect(lines[1]).toMatch(/^config\/catalog\.yaml:\d+: extra: unknown key "extra"/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const twice = tempProject({ [CATALOG]: (t) => `${t}\nextra:\n  a: 1\n  b: 2\n  a: 3\n` });
  try {
    expect(runSynthCliQuiet(twice).lines[1]).toMatch(/^config\/catalog\.yaml:\d+: \(top level\): malformed YAML: Map keys must be unique$/);
  } finally {
    fs.rmSync(twice, { recursive: true, force: true });
  }
});
