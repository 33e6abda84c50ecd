/**
 * Properties of `npm run synth` on the shipped configuration, whatever models, GPU profiles and environments it
 * holds: the output is byte-identical across processes, time zones, locales and key order and equal to the
 * committed dist/; every environment writes one resource per file in its app folders and one on-demand Job per
 * target.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { SYNCED_APPS, UNSYNCED_FOLDERS } from '../../domain/apps';
import { renderEnvironment } from '../../synth/render';
import { reverseMapKeys, synthProcess } from '../helpers/synth-process';
import { readTree } from '../helpers/tree';
import { SHIPPED_DIST, shippedConfig, shippedCopy } from './shipped';

const environments = shippedConfig().environments;

test('there is at least one environment', () => {
  expect(environments.length).toBeGreaterThan(0);
});

describe.each(environments.map((e) => [e.name, e] as const))('environment %s', (name, env) => {
  const files = renderEnvironment(env);
  // its stacks: the environment, or each cluster of a fleet under dist/ENV/CLUSTER/
  const stacks = env.clusters ? env.clusters.map((m) => ({ root: `${name}/${m.cluster!.name}`, env: m })) : [{ root: name, env }];

  test('writes one resource per file, named <kind>-<name>.yaml, under dist/<env>/<folder>/ (a fleet: dist/<env>/<cluster>/<folder>/, and its bootstrap/)', () => {
    const folders = [...SYNCED_APPS, ...UNSYNCED_FOLDERS].join('|');
    const roots = [...stacks.map((s) => s.root), ...(env.clusters ? [`${name}/bootstrap`] : [])];
    for (const file of files.filter((f) => f.path.endsWith('.yaml'))) {
      expect([file.path, file.content.split(/^---$/m).length]).toEqual([file.path, 1]);
      const object = parseDocument(file.content).toJS();
      const objectName = object.metadata.name ?? object.metadata.generateName.replace(/-$/, '');
      const under = roots.find((r) => file.path.startsWith(`${r}/`));
      expect(file.path).toMatch(new RegExp(`^${under}/${under === `${name}/bootstrap` ? '' : `(${folders})/`}${object.kind.toLowerCase()}-${objectName}\\.yaml$`));
    }
  });

  test('the only file that is not a manifest is the health-check patch in bootstrap/', () => {
    expect(files.filter((f) => !f.path.endsWith('.yaml')).map((f) => f.path)).toEqual([`${name}/bootstrap/argocd-application-health.merge-patch`]);
  });

  test('one on-demand Job per target, with generateName, in the jobs folder', () => {
    for (const stack of stacks) {
      const jobs = files.filter((f) => f.path.startsWith(`${stack.root}/jobs/`)).map((f) => parseDocument(f.content).toJS());
      expect(jobs.map((j) => j.metadata.generateName).sort()).toEqual(stack.env.targets.map((t) => `guidellm-${t.name}-`).sort());
      for (const job of jobs) expect(job.metadata.name).toBeUndefined();
    }
  });
});

test('output is byte-identical across processes, time zones, locales and key order, and equal to the committed dist/', () => {
  const a = shippedCopy();
  const b = shippedCopy();
  try {
    reverseMapKeys(b);
    const first = synthProcess(a, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
    const second = synthProcess(b, { TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' });
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect([second.status, second.stderr]).toEqual([0, '']);
    const treeA = readTree(path.join(a, 'dist'));
    expect(Object.keys(treeA).length).toBeGreaterThan(10);
    expect(readTree(path.join(b, 'dist'))).toEqual(treeA);
    // CI's drift check says the same with `git status`; this names the file
    expect(treeA).toEqual(readTree(SHIPPED_DIST));
  } finally {
    for (const root of [a, b]) fs.rmSync(root, { recursive: true, force: true });
  }
});
