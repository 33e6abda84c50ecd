/**
 * `npm run synth` as a whole on the fixture project: bad input writes nothing, stale files, --env and the plan.
 * What holds for any configuration (byte-identical output across processes, time zones, locales and key order;
 * one file per resource; one Job per target) is checked on the shipped one in test/properties/synth.test.ts, and
 * on an adopter's by .ci/adopter-check.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ENVIRONMENTS_DIR, loadConfig } from '../../config/load';
import { CATALOG, DEMO_FILE, DEV_FILE } from '../helpers/config-edit';
import { renderEnvironment } from '../../synth/render';
import { runSynthCli, synth } from '../../synth/synth';
import { replace, tempProject } from '../helpers/project';
import { synthProcess } from '../helpers/synth-process';
import { readTree } from '../helpers/tree';

const roots: string[] = [];
const project = (edits?: Parameters<typeof tempProject>[0]) => {
  const root = tempProject(edits);
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

test('bad input prints file, line and path without a stack trace, exits 1 and writes nothing', () => {
  const root = project();
  synth({ root, log: () => undefined });
  const before = readTree(path.join(root, 'dist'));
  // a valid change to one environment and an invalid one to another: neither may be written
  fs.writeFileSync(path.join(root, DEMO_FILE), fs.readFileSync(path.join(root, DEMO_FILE), 'utf8').replace(/scenarios: \[chat\]/g, 'scenarios: [code]'));
  fs.writeFileSync(path.join(root, DEV_FILE), replace('model: granite-8b-agent', 'model: granite-9b')(fs.readFileSync(path.join(root, DEV_FILE), 'utf8')));

  const result = synthProcess(root, {});
  expect(result.status).toBe(1);
  expect(result.stderr).toBe(
    'synth: configuration is invalid; nothing was written.\n' +
      `${DEV_FILE}:16: targets[0].model: unknown model "granite-9b" (not in ${CATALOG}); allowed: devstral-2, gpt-oss-20b, granite-8b-agent, mistral-3-bf16, mistral-3-int4\n`,
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
    path.join(root, DEMO_FILE),
    fs.readFileSync(path.join(root, DEMO_FILE), 'utf8').replace(/ {2}- model: mistral-3-bf16[\s\S]*$/, ''),
  );
  synth({ root, log: () => undefined });
  expect(fs.existsSync(bf16)).toBe(false);
});

test("a deleted environment's output folder is removed by a full synth (never by --env), and said so", () => {
  const root = project();
  synth({ root, log: () => undefined });
  fs.writeFileSync(path.join(root, 'dist/notes.md'), 'not an environment\n');
  fs.mkdirSync(path.join(root, 'dist/not-an-environment'));
  fs.rmSync(path.join(root, DEV_FILE));
  synth({ root, only: 'demo', log: () => undefined });
  expect(fs.existsSync(path.join(root, 'dist/dev'))).toBe(true);
  const lines: string[] = [];
  synth({ root, log: (l) => lines.push(l) });
  expect(fs.existsSync(path.join(root, 'dist/dev'))).toBe(false);
  expect(lines).toContain(`dist/dev/: removed (there is no ${DEV_FILE} any more)`);
  expect(lines[lines.length - 1]).toMatch(/ 0 written, \d+ unchanged, [1-9]\d* removed$/);
  // what is not an environment's output stays
  expect(fs.existsSync(path.join(root, 'dist/notes.md'))).toBe(true);
  expect(fs.existsSync(path.join(root, 'dist/not-an-environment'))).toBe(true);
});

test('a disconnected environment (internet: false) is told every image to mirror', () => {
  const root = project();
  const lines: string[] = [];
  synth({ root, log: (l) => lines.push(l) });
  const dev = loadConfig(root, { only: 'dev' }).environments[0];
  expect(dev.config.internet).toBe(false);
  const images = lines.join('\n').match(/ {2}internet: false: mirror these images to the cluster's registry: (.*)/)![1].split(' ');
  expect(images).toEqual([...images].sort());
  expect(images).toEqual(expect.arrayContaining([dev.config.guidellm.image, dev.config.processor.image, dev.config.dispatcher.image, dev.config.reports.image]));
  // every image in the dev environment's manifests is in the list
  const inDist = new Set([...JSON.stringify(readTree(path.join(root, 'dist/dev'))).matchAll(/image: ([a-z0-9.-]+\.[a-z]+\/[^\\\s"]+)/g)].map((m) => m[1]));
  expect(inDist.size).toBeGreaterThan(4);
  for (const image of inDist) expect(images).toContain(image);
  // environments with internet print no list
  expect(lines.filter((l) => l.includes('mirror these images'))).toHaveLength(1);
});

test('an unknown --env names the environments there are', () => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(runSynthCli(['--env', 'prod'], project())).toBe(1);
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringContaining(`${ENVIRONMENTS_DIR}: (top level): no environment "prod"; environments: demo, dev, full`)]);
  } finally {
    errors.mockRestore();
  }
});

test('the plan names targets, benchmarks and the expected wall time', () => {
  const lines: string[] = [];
  synth({ root: project(), only: 'demo', log: (l) => lines.push(...l.split('\n')) });
  expect(lines[0]).toBe(
    'demo: 2 target(s), 2 benchmark(s), expected wall time of a run 20m (targets in parallel), GuideLLM 0.7.3, schedule "0 2 * * *" Etc/UTC',
  );
  // 20 min on 1 L4 at $0.85/h and on 4 L4 at $3.40/h: 1/3 + 4/3 GPU-hours, $0.283 + $1.133
  expect(lines.slice(1, 4)).toEqual([
    "  cost of a run: 1.67 GPU-hours, $1.42 at the GPU profiles' prices",
    '  mistral-3-int4-l4-x1: 20m: chat-demo-ladder (8 level(s) × 120s)',
    '  mistral-3-bf16-l4-x4: 20m: chat-demo-ladder (8 level(s) × 120s)',
  ]);
});
