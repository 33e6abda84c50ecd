/**
 * `npm run synth` as a whole: what it writes, that it writes the same bytes every time, and that bad input
 * writes nothing.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isMap, parseDocument, visit } from 'yaml';
import { loadConfig } from '../../config/load';
import { renderEnvironment } from '../../synth/render';
import { synth } from '../../synth/synth';
import { PROJECT_ROOT, replace, tempProject } from '../helpers/project';
import { SYNCED_APPS, UNSYNCED_FOLDERS } from '../../constructs/environment';

/** Every file under `dir`, relative path → content. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Runs synth in a separate process, as `npm run synth` does, with the given environment variables. */
function synthProcess(root: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const script = `process.exitCode = require(${JSON.stringify(path.join(PROJECT_ROOT, 'synth', 'synth'))}).runSynthCli(${JSON.stringify(args)}, ${JSON.stringify(root)})`;
  return spawnSync(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['-e', script], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

/** Rewrites every YAML file of config/ with the keys of every map in reverse order. */
function reverseMapKeys(root: string) {
  const files = ['config/catalog.yaml', 'config/defaults.yaml', ...fs.readdirSync(path.join(root, 'config/environments')).map((f) => `config/environments/${f}`)];
  for (const file of files) {
    const doc = parseDocument(fs.readFileSync(path.join(root, file), 'utf8'));
    visit(doc, { Map: (_, node) => void (isMap(node) && node.items.reverse()) });
    fs.writeFileSync(path.join(root, file), doc.toString());
  }
}

const roots: string[] = [];
const project = (edits?: Parameters<typeof tempProject>[0]) => {
  const root = tempProject(edits);
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

describe.each(['dev', 'demo', 'full'])('environment %s', (name) => {
  const env = loadConfig(PROJECT_ROOT, { only: name }).environments[0];
  const files = renderEnvironment(env);

  test('matches its snapshot', () => {
    // the processor bundle has tests of its own; its bytes would make every change to it a snapshot change here
    const readable = (f: { path: string; content: string }) =>
      f.path.endsWith('configmap-results-processor.yaml') ? f.content.replace(/processor\.js: \|[\s\S]*/, 'processor.js: <bundle>\n') : f.content;
    expect(Object.fromEntries(files.map((f) => [f.path, readable(f)]))).toMatchSnapshot();
  });

  test('writes one resource per file, named <kind>-<name>.yaml, under dist/<env>/<folder>/', () => {
    for (const file of files.filter((f) => f.path.endsWith('.yaml'))) {
      const docs = file.content.split(/^---$/m);
      expect(docs).toHaveLength(1);
      const object = parseDocument(file.content).toJS();
      const objectName = object.metadata.name ?? object.metadata.generateName.replace(/-$/, '');
      expect(file.path).toMatch(new RegExp(`^${name}/(${[...SYNCED_APPS, ...UNSYNCED_FOLDERS].join('|')})/${object.kind.toLowerCase()}-${objectName}\\.yaml$`));
    }
  });

  test('the only file that is not a manifest is the health-check patch in bootstrap/', () => {
    expect(files.filter((f) => !f.path.endsWith('.yaml')).map((f) => f.path)).toEqual([`${name}/bootstrap/argocd-application-health.merge-patch`]);
  });

  test('writes one on-demand Job per target, with generateName, in the jobs folder', () => {
    const jobs = files.filter((f) => f.path.startsWith(`${name}/jobs/`)).map((f) => parseDocument(f.content).toJS());
    expect(jobs.map((j) => j.metadata.generateName)).toEqual(env.targets.map((t) => `guidellm-${t.name}-`).sort());
    for (const job of jobs) expect(job.metadata.name).toBeUndefined();
  });
});

test('output is byte-identical across processes, time zones, locales and key order', () => {
  const a = project();
  const b = project();
  reverseMapKeys(b);
  const first = synthProcess(a, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
  const second = synthProcess(b, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
  expect([first.status, first.stderr]).toEqual([0, '']);
  expect([second.status, second.stderr]).toEqual([0, '']);
  const treeA = readTree(path.join(a, 'dist'));
  expect(Object.keys(treeA).length).toBeGreaterThan(10);
  expect(readTree(path.join(b, 'dist'))).toEqual(treeA);
  // and equal to the committed dist/: CI's drift check relies on it
  expect(treeA).toEqual(readTree(path.join(PROJECT_ROOT, 'dist')));
});

test('bad input prints file, line and path without a stack trace, exits 1 and writes nothing', () => {
  const root = project();
  synth({ root, log: () => undefined });
  const before = readTree(path.join(root, 'dist'));
  // a valid change to one environment and an invalid one to another: neither may be written
  fs.writeFileSync(path.join(root, 'config/environments/demo.yaml'), fs.readFileSync(path.join(root, 'config/environments/demo.yaml'), 'utf8').replace(/scenarios: \[chat\]/g, 'scenarios: [code]'));
  fs.writeFileSync(path.join(root, 'config/environments/dev.yaml'), replace('model: granite-8b-agent', 'model: granite-9b')(fs.readFileSync(path.join(root, 'config/environments/dev.yaml'), 'utf8')));

  const result = synthProcess(root, {});
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    'synth: configuration is invalid; nothing was written.\n' +
      'config/environments/dev.yaml:16: targets[0].model: unknown model "granite-9b" (not in config/catalog.yaml); allowed: devstral-2, gpt-oss-20b, granite-8b-agent, mistral-3-bf16, mistral-3-int4\n',
  );
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readTree(path.join(root, 'dist'))).toEqual(before);
});

test('stale files are removed; --env touches only that environment', () => {
  const root = project();
  synth({ root, log: () => undefined });
  const stale = path.join(root, 'dist/dev/jobs/job-guidellm-old-target.yaml');
  const otherStale = path.join(root, 'dist/demo/jobs/job-guidellm-old-target.yaml');
  fs.writeFileSync(stale, 'stale');
  fs.writeFileSync(otherStale, 'stale');
  fs.mkdirSync(path.join(root, 'dist/dev/empty-folder'));

  const lines: string[] = [];
  synth({ root, only: 'dev', log: (l) => lines.push(l) });
  expect(fs.existsSync(stale)).toBe(false);
  expect(fs.existsSync(path.join(root, 'dist/dev/empty-folder'))).toBe(false);
  expect(fs.existsSync(otherStale)).toBe(true);
  const count = renderEnvironment(loadConfig(root, { only: 'dev' }).environments[0]).length;
  expect(count).toBeGreaterThan(4);
  expect(lines[lines.length - 1]).toBe(`dist/: ${count} files, 0 written, ${count} unchanged, 1 removed`);
});

test('a target removed from an environment takes its Job file with it', () => {
  const root = project();
  synth({ root, log: () => undefined });
  const bf16 = path.join(root, 'dist/demo/jobs/job-guidellm-mistral-3-bf16-l4-x4.yaml');
  expect(fs.existsSync(bf16)).toBe(true);
  fs.writeFileSync(
    path.join(root, 'config/environments/demo.yaml'),
    fs.readFileSync(path.join(root, 'config/environments/demo.yaml'), 'utf8').replace(/ {2}- model: mistral-3-bf16[\s\S]*$/, ''),
  );
  synth({ root, log: () => undefined });
  expect(fs.existsSync(bf16)).toBe(false);
});

test('an unknown --env names the environments there are', () => {
  const result = synthProcess(project(), {}, ['--env', 'prod']);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('config/environments: (top level): no environment "prod"; environments: demo, dev, full');
});

test('the plan names targets, benchmarks and the expected wall time', () => {
  const lines: string[] = [];
  synth({ root: project(), only: 'demo', log: (l) => lines.push(...l.split('\n')) });
  expect(lines[0]).toBe(
    'demo: 2 target(s), 2 benchmark(s), expected wall time of a run 20m (targets in parallel), GuideLLM 0.7.3, schedule "0 2 * * *" Etc/UTC',
  );
  expect(lines.slice(1, 3)).toEqual(['  mistral-3-int4-l4-x1: 20m: chat-demo-ladder (8 level(s) × 120s)', '  mistral-3-bf16-l4-x4: 20m: chat-demo-ladder (8 level(s) × 120s)']);
});
