/**
 * The GuideLLM workbench: snapshot, explicit checks, and proof that each setting lands where the upstream app
 * reads it (the presets file the start-up patch reads, keyed by the app's widget labels; the env variables).
 */
import { imagePinProblem } from '../../domain/images';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ResolvedEnvironment } from '../../config/resolve';
import { RESOURCE_SYNC_WAVES, ARGOCD_ANNOTATIONS } from '../../domain/apps';
import { WorkbenchChart } from '../../constructs/charts/workbench-chart';
import {
  Workbench,
  WorkbenchProps,
  WorkbenchPresetsFile,
  WorkbenchPresetsIndex,
  targetPresetConfigMapName,
  TARGET_PRESET_KEY,
  WORKBENCH_NAMES,
  WORKBENCH_PATCH_FILE,
  WORKBENCH_PATHS,
  WORKBENCH_PORT,
  WORKBENCH_PRESETS_FILE,
  WORKBENCH_UPSTREAM,
  WORKBENCH_WIDGETS,
  workbenchHost,
} from '../../constructs/workbench';
import { OAUTH_PROXY } from '../../constructs/openshift-sign-in';
import { stringify } from 'yaml';
import { validateDocuments } from '../../scripts/validation';
import { parseDocuments } from '../../scripts/validation/documents';
import { formatProblem } from '../../scripts/validation/report';
import { devErrors, devWith } from '../helpers/config-edit';
import { workbenchProps } from '../../constructs/charts/workbench-chart';
import { fixtureEnvironment } from '../helpers/project';

const demo = fixtureEnvironment('demo');
const PATCH = '# patch\n';
const WB_IMAGE = 'registry.example.com/guidellm-wb:v7.0.1';

function synth(env: ResolvedEnvironment = demo, extra: Partial<WorkbenchProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const workbench = new Workbench(chart, 'workbench', { ...workbenchProps(env), image: WB_IMAGE, patchSource: PATCH, ...extra });
  const objects = Testing.synth(chart);
  const one = (kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const configMap = (name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name)!;
  return { objects, one, configMap, workbench };
}

describe('Workbench', () => {
  test('snapshot (demo)', () => {
    expect(synth().objects).toMatchSnapshot();
  });

  test('the chart holds the workbench and nothing else', () => {
    const chart = new WorkbenchChart(Testing.app(), 'workbench', demo);
    const kinds = Testing.synth(chart).map((o) => o.kind).sort();
    // presets, patch, the sign-in proxy's trusted CA bundle, and one preset per target
    expect(kinds).toEqual([...Array(3 + demo.targets.length).fill('ConfigMap'), 'Deployment', 'NetworkPolicy', 'Route', 'Service', 'ServiceAccount']);
  });

  test('pinned image, restricted-v2 pod, writable paths on emptyDirs, probes, resources', () => {
    const { one } = synth();
    const pod = one('Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe(WORKBENCH_NAMES.serviceAccount);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c.image).toBe(c.name.startsWith('oauth-proxy') ? demo.config.oauthProxy.image : WB_IMAGE);
      expect(imagePinProblem(c.image)).toBeUndefined();
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
      expect(c.resources.limits).toBeDefined();
      expect(c.resources.requests).toBeDefined();
    }
    const main = pod.containers[0];
    expect(main.command).toBeUndefined(); // the image's entrypoint starts streamlit
    // with sign-in (the default) Streamlit's port is internal; `http` is the proxy's
    expect(main.ports).toEqual([{ name: 'streamlit', containerPort: 8501, protocol: 'TCP' }]);
    for (const p of [main.startupProbe, main.readinessProbe, main.livenessProbe]) expect(p.httpGet).toEqual({ path: '/_stcore/health', port: 'streamlit' });
    const mounts = Object.fromEntries(main.volumeMounts.map((m: any) => [m.mountPath, m.name]));
    const emptyDirs = new Set(pod.volumes.filter((v: any) => v.emptyDir).map((v: any) => v.name));
    for (const p of ['/app/results', '/home/guidellm', '/tmp']) expect(emptyDirs.has(mounts[p])).toBe(true);
    expect(pod.initContainers[0].volumeMounts).toEqual([{ name: 'home', mountPath: '/seed' }]);
    expect(pod.metadata).toBeUndefined();
    expect(one('Deployment').spec.template.metadata.annotations['openshift.io/required-scc']).toBe('restricted-v2');
  });

  test('ServiceAccount without token; no RBAC under restricted-v2', () => {
    const { one, objects } = synth();
    expect(one('ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(objects.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
  });

  test('imageUser: fixed UID and `use` of nonroot-v2 bound to the ServiceAccount only', () => {
    const { one } = synth(demo, { imageUser: 1002 });
    const pod = one('Deployment').spec.template;
    expect(pod.spec.securityContext.runAsUser).toBe(1002);
    expect(pod.metadata.annotations['openshift.io/required-scc']).toBe('nonroot-v2');
    expect(one('Role').rules).toEqual([{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: ['nonroot-v2'], verbs: ['use'] }]);
    expect(one('RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'workbench', namespace: demo.config.namespace }]);
    expect(() => synth(demo, { imageUser: 0 })).toThrow(/non-root/);
  });

  test('Service, Route (edge TLS, redirect, host), NetworkPolicy, waves', () => {
    const { one, workbench } = synth();
    expect(one('Service').spec.ports).toEqual([{ name: 'http', port: OAUTH_PROXY.port, targetPort: 'http', protocol: 'TCP' }]);
    const route = one('Route');
    expect(route.spec.host).toBe(`workbench-${demo.config.namespace}.${demo.config.appsDomain}`);
    expect(route.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
    expect(route.spec.to).toMatchObject({ kind: 'Service', name: 'workbench' });
    expect(workbench.url).toBe(`https://${route.spec.host}/`);
    // the router reaches the sign-in proxy only, never Streamlit directly
    expect(one('NetworkPolicy').spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }], ports: [{ protocol: 'TCP', port: OAUTH_PROXY.port }] },
    ]);
    const wave = (kind: string) => one(kind).metadata.annotations[ARGOCD_ANNOTATIONS.syncWave];
    expect(wave('Deployment')).toBe(String(RESOURCE_SYNC_WAVES.workloads));
    expect(wave('ServiceAccount')).toBe(String(RESOURCE_SYNC_WAVES.access));
    expect(() => workbenchHost('x'.repeat(60), 'apps.example.com')).toThrow(/63/);
  });

  test('refuses an unpinned image', () => {
    expect(() => synth(demo, { image: 'quay.io/rh-aiservices-bu/guidellm-wb:latest' })).toThrow(/uses the tag "latest".*pin a full release/);
    expect(() => synth(demo, { image: 'quay.io/rh-aiservices-bu/guidellm-wb' })).toThrow(/has no tag or digest/);
  });
});

describe('workbench sign-in', () => {
  const proxyNames = (pod: any) => [...pod.initContainers, ...pod.containers].map((c: any) => c.name).filter((n: string) => n.startsWith('oauth-proxy'));

  test('on by default: OpenShift sign-in through the shared oauth-proxy, Route and Service to the proxy', () => {
    expect(demo.config.workbench.signIn).toBe('openshift');
    const { one, configMap } = synth();
    const pod = one('Deployment').spec.template.spec;
    expect(proxyNames(pod)).toEqual([OAUTH_PROXY.cookieInitContainerName, OAUTH_PROXY.containerName]);
    const proxy = pod.containers.find((c: any) => c.name === OAUTH_PROXY.containerName);
    expect(proxy.args).toEqual(
      expect.arrayContaining([
        '--provider=openshift',
        `--upstream=http://localhost:${WORKBENCH_PORT}`,
        `--openshift-service-account=${WORKBENCH_NAMES.serviceAccount}`,
        `--openshift-sar={"namespace":"${demo.config.namespace}","resource":"services","verb":"get"}`,
        `--redirect-url=https://workbench-${demo.config.namespace}.${demo.config.appsDomain}/oauth/callback`,
      ]),
    );
    expect(proxy.ports).toEqual([{ name: 'http', containerPort: OAUTH_PROXY.port, protocol: 'TCP' }]);
    const sa = one('ServiceAccount');
    expect(JSON.parse(sa.metadata.annotations['serviceaccounts.openshift.io/oauth-redirectreference.primary']).reference).toEqual({ kind: 'Route', name: WORKBENCH_NAMES.route });
    expect(sa.metadata.annotations[ARGOCD_ANNOTATIONS.syncWave]).toBe(String(RESOURCE_SYNC_WAVES.access));
    expect(sa.automountServiceAccountToken).toBe(false);
    // the token reaches the proxy container only, never the app that generates load
    const main = pod.containers[0];
    expect(main.volumeMounts.map((m: any) => m.name)).not.toContain(OAUTH_PROXY.volumes.token);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(configMap(WORKBENCH_NAMES.trustedCa).metadata.labels['config.openshift.io/inject-trusted-cabundle']).toBe('true');
    expect(one('Route').spec.port).toEqual({ targetPort: 'http' });
  });

  test('explicit opt-out (props): no proxy, no OAuth annotation, the Route and NetworkPolicy lead to Streamlit', () => {
    const { one, objects } = synth(demo, { signIn: 'none' });
    const pod = one('Deployment').spec.template.spec;
    expect(proxyNames(pod)).toEqual([]);
    expect(pod.volumes.map((v: any) => v.name)).not.toContain(OAUTH_PROXY.volumes.token);
    expect(pod.containers[0].ports).toEqual([{ name: 'http', containerPort: WORKBENCH_PORT, protocol: 'TCP' }]);
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: '/_stcore/health', port: 'http' });
    expect(Object.keys(one('ServiceAccount').metadata.annotations)).toEqual([ARGOCD_ANNOTATIONS.syncWave]);
    expect(one('Service').spec.ports).toEqual([{ name: 'http', port: WORKBENCH_PORT, targetPort: 'http', protocol: 'TCP' }]);
    expect(one('NetworkPolicy').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: WORKBENCH_PORT }]);
    expect(objects.filter((o) => o.metadata.name === WORKBENCH_NAMES.trustedCa)).toEqual([]);
  });

  test('explicit opt-out (environment): workbench.signIn: none', () => {
    const env = devWith('workbench:\n  signIn: none\n');
    const { one } = synth(env);
    expect(proxyNames(one('Deployment').spec.template.spec)).toEqual([]);
  });

  test('a bad value is refused with what is allowed', () => {
    expect(devErrors('workbench:\n  signIn: off\n')).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: workbench\.signIn: "off" is not allowed; allowed: openshift, none$/)]);
  });

  test('schema validation of the workbench app in both modes', () => {
    for (const signIn of ['openshift', 'none'] as const) {
      const chart = new Chart(Testing.app(), 'workbench');
      new Workbench(chart, 'workbench', { ...workbenchProps(demo), image: WB_IMAGE, patchSource: PATCH, signIn });
      const docs = Testing.synth(chart).flatMap((o, i) => parseDocuments(`workbench-${i}.yaml`, stringify(o)));
      expect(validateDocuments(docs, docs.length).problems.map(formatProblem)).toEqual([]);
    }
  });
});

describe('each workbench setting lands where the cited source reads it', () => {
  const { one, configMap } = synth();
  const pod = one('Deployment').spec.template.spec;
  const main = pod.containers[0];
  const env = Object.fromEntries(main.env.map((e: any) => [e.name, e.value]));
  const mountOf = (volume: string) => main.volumeMounts.find((m: any) => m.name === volume)?.mountPath;
  const index: WorkbenchPresetsIndex = JSON.parse(configMap(WORKBENCH_NAMES.presets).data['presets.json']);
  // one ConfigMap per target, projected into presetsDir as <target>.json
  const presetConfigMaps = demo.targets.map((t) => configMap(targetPresetConfigMapName(t.name)));
  const file: WorkbenchPresetsFile = { ...index, presets: presetConfigMaps.map((c) => JSON.parse(c.data[TARGET_PRESET_KEY])) };
  const projected = pod.volumes.find((v: any) => v.name === 'target-presets').projected.sources;
  const W = WORKBENCH_WIDGETS;

  test('the patch is on PYTHONPATH and finds the presets file at the mounted path', () => {
    expect(configMap(WORKBENCH_NAMES.patch).data).toEqual({ 'sitecustomize.py': PATCH });
    expect(env.PYTHONPATH).toBe(mountOf('patch'));
    expect(env.WORKBENCH_PRESETS_FILE).toBe(`${mountOf('presets')}/presets.json`);
    expect(env.WORKBENCH_PRESETS_FILE).toBe(WORKBENCH_PRESETS_FILE);
  });

  test('one preset per target, each in its own ConfigMap, projected where presets.json says; the first selected, drawn before the first sidebar widget (app.py:49-51)', () => {
    expect(file.presets.map((p) => p.name)).toEqual(demo.targets.map((t) => t.name));
    expect(index.presetsDir).toBe(mountOf('target-presets'));
    expect(projected).toEqual(demo.targets.map((t) => ({ configMap: { name: targetPresetConfigMapName(t.name), items: [{ key: TARGET_PRESET_KEY, path: `${t.name}.json` }] } })));
    for (const c of presetConfigMaps) expect(c.metadata.labels['llmbench.io/target']).toBe(JSON.parse(c.data[TARGET_PRESET_KEY]).name);
    expect(file.defaultPreset).toBe(demo.targets[0].name);
    expect(file.firstWidget).toBe(W.target.label);
  });

  test.each(demo.targets.map((t) => [t.name, t] as const))('preset %s: each widget label gets the target value', (_name, target) => {
    const widgets = file.presets.find((p) => p.name === target.name)!.widgets;
    const b = target.benchmarks[0];
    const expected: Record<string, string | number> = {
      [W.target.label]: target.endpoint, // app.py:49-51 → --target (app.py:297)
      [W.model.label]: target.model.servedModelName, // app.py:56-58 → --model (app.py:298)
      [W.processor.label]: 'pvc' in target.model.tokenizer ? `/tokenizers/${target.model.tokenizer.pvc.claimName}/${target.model.tokenizer.pvc.path}` : target.model.tokenizer.huggingFace, // app.py:162-165 → --processor
      [W.profile.label]: b.plan.profile, // app.py:83-86 → --rate-type (app.py:299)
    };
    if ('promptTokens' in b.scenario) {
      expected[W.promptTokens.label] = b.scenario.promptTokens; // app.py:196-200 → --data (app.py:214-218)
      expected[W.outputTokens.label] = b.scenario.outputTokens; // app.py:205-209
    }
    const rates = b.plan.rates ?? [];
    if (['constant', 'poisson'].includes(b.plan.profile) && rates.length) expected[W.rate.label] = rates[0];
    if (['throughput', 'concurrent'].includes(b.plan.profile) && rates.length) expected[W.maxConcurrency.label] = Math.max(...rates);
    if (b.plan.maxSeconds !== undefined) expected[W.maxSeconds.label] = b.plan.maxSeconds; // app.py:125-129 → --max-seconds
    if (b.plan.maxRequests !== undefined) expected[W.maxRequests.label] = b.plan.maxRequests; // app.py:134-138 → --max-requests
    expect(widgets).toEqual(expected);
    // every key is a label the app really uses
    const labels = new Set<string>(Object.values(W).map((w) => w.label));
    for (const key of Object.keys(widgets)) expect(labels.has(key)).toBe(true);
  });

  test('PVC tokenizers are mounted read-only where the preset points', () => {
    for (const t of demo.targets) {
      const tok = t.model.tokenizer;
      if (!('pvc' in tok)) continue;
      const m = main.volumeMounts.find((v: any) => v.mountPath === `${WORKBENCH_PATHS.tokenizers}/${tok.pvc.claimName}`);
      expect(m.readOnly).toBe(true);
    }
  });

  test('environment read by GuideLLM (config.py:112-113,132) and Streamlit', () => {
    expect(env.GUIDELLM__MAX_WORKER_PROCESSES).toBe('2'); // CPU limit 2
    expect(env.HOME).toBe(mountOf('home'));
    expect(env.STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION).toBe('true');
  });

  // The cited upstream lines hold the labels we match on (runs where the upstream mirror is on disk).
  const mirror = process.env.GUIDELLM_PIPELINE_GIT ?? '/work/.mirror/rh-aiservices-bu+guidellm-pipeline/repo';
  const haveMirror = fs.existsSync(mirror);
  (haveMirror ? test : test.skip)('cited lines of app.py create each widget with that label', () => {
    const show = spawnSync('git', ['-C', mirror, 'show', `${WORKBENCH_UPSTREAM.commit}:utils/guidellm-wb/app.py`], { encoding: 'utf8' });
    expect(show.status).toBe(0);
    const lines = show.stdout.split('\n');
    for (const w of Object.values(W)) {
      const range = w.source.match(/app\.py:(?:\d+,)?(\d+)-(\d+) /)!;
      const cited = lines.slice(Number(range[1]) - 1, Number(range[2])).join('\n');
      expect(cited).toContain(`st.${w.kind}(`);
      expect(cited).toContain(`"${w.label}"`);
      expect(cited).toMatch(/value=|index=/);
    }
  });

  // The patch against a stand-in `streamlit` module: defaults replaced per preset, clamped, other args kept.
  // python3 is required (.ci/run installs it): a missing one fails this test instead of skipping it
  test('sitecustomize.py sets the defaults of the widgets by label', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-'));
    fs.mkdirSync(path.join(dir, 'patch'));
    fs.mkdirSync(path.join(dir, 'fake', 'streamlit'), { recursive: true });
    fs.copyFileSync(WORKBENCH_PATCH_FILE, path.join(dir, 'patch', 'sitecustomize.py'));
    // the presets file as mounted, its presetsDir pointing at this test's copy of the projected volume
    fs.mkdirSync(path.join(dir, 'target-presets'));
    fs.writeFileSync(path.join(dir, 'presets.json'), JSON.stringify({ ...index, presetsDir: path.join(dir, 'target-presets') }));
    for (const source of projected) {
      const data = configMap(source.configMap.name).data[source.configMap.items[0].key];
      fs.writeFileSync(path.join(dir, 'target-presets', source.configMap.items[0].path), data);
    }
    // a broken file beside them is skipped, not fatal
    fs.writeFileSync(path.join(dir, 'target-presets', 'zz-broken.json'), '{"name":');
    fs.writeFileSync(
      path.join(dir, 'fake', 'streamlit', '__init__.py'),
      [
        'session_state = {}',
        'calls = []',
        'def text_input(label, value="", **kw):\n    calls.append(label); return value',
        'def number_input(label, min_value=None, max_value=None, value=None, **kw):\n    calls.append(label); return value',
        'def selectbox(label, options, index=0, **kw):\n    calls.append(label); return list(options)[index]',
      ].join('\n'),
    );
    const target = demo.targets[0];
    const app = [
      'import json, streamlit as st',
      'out = {}',
      `out["Target Endpoint"] = st.text_input("Target Endpoint", value="http://localhost:8000/v1")`,
      `out["Model Name"] = st.text_input("Model Name", value="llama-3-2-3b")`,
      `out["Rate Type"] = st.selectbox("Rate Type", ["synchronous", "throughput", "concurrent", "constant", "poisson", "sweep"], index=0)`,
      `out["Max Duration (seconds)"] = st.number_input("Max Duration (seconds)", min_value=10, max_value=3600, value=60, step=10)`,
      `out["Prompt Tokens"] = st.number_input("Prompt Tokens", min_value=1, max_value=4096, value=512, step=1)`,
      `out["Unrelated"] = st.text_input("Unrelated", value="kept")`,
      'out["calls"] = st.calls',
      'print(json.dumps(out))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', app], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: [path.join(dir, 'patch'), path.join(dir, 'fake')].join(path.delimiter), WORKBENCH_PRESETS_FILE: path.join(dir, 'presets.json') },
    });
    expect(run.stderr).toContain(`${demo.targets.length} preset(s)`);
    expect(run.stderr).toContain('skipped zz-broken.json');
    const out = JSON.parse(run.stdout);
    const widgets = file.presets[0].widgets;
    expect(out['Target Endpoint']).toBe(target.endpoint);
    expect(out['Model Name']).toBe(target.model.servedModelName);
    expect(out['Rate Type']).toBe(widgets['Rate Type']);
    if (widgets['Max Duration (seconds)'] !== undefined) expect(out['Max Duration (seconds)']).toBe(Math.min(3600, Math.max(10, Number(widgets['Max Duration (seconds)']))));
    if (widgets['Prompt Tokens'] !== undefined) expect(out['Prompt Tokens']).toBe(widgets['Prompt Tokens']);
    expect(out.Unrelated).toBe('kept');
    expect(out.calls[0]).toBe(file.presetLabel); // the preset box comes first
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
