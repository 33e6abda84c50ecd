/**
 * The project's layers (.dependency-cruiser.cjs): the code keeps them, and each rule fires on the miniature in
 * test/fixtures/layers/, whose `bad-*.ts` files each break the rule named in their first line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from './helpers/project';

const CONFIG = path.join(PROJECT_ROOT, '.dependency-cruiser.cjs');
const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/layers');
const BIN = path.join(PROJECT_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
/** What `npm run lint:layers` cruises. */
const SOURCES = ['domain', 'config', 'constructs', 'runtime', 'scripts', 'synth', 'main.ts'];

interface Violation {
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string; readonly severity: string };
  readonly cycle?: readonly { readonly name: string }[];
}

/** The violations dependency-cruiser reports as errors. */
function cruise(cwd: string, args: string[]): Violation[] {
  const run = spawnSync(process.execPath, [BIN, '--config', CONFIG, '--output-type', 'json', ...args], { cwd, encoding: 'utf8' });
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing (exit ${run.status}): ${run.stderr}`);
  const violations: Violation[] = JSON.parse(run.stdout).summary.violations;
  return violations.filter((v) => v.rule.severity === 'error');
}

/** `npm run lint:layers`: its exit status (dependency-cruiser's `err` output exits with the number of errors). */
function lintStatus(cwd: string, args: string[]): number | null {
  return spawnSync(process.execPath, [BIN, '--config', CONFIG, ...args], { cwd, encoding: 'utf8' }).status;
}

const byRule = (violations: readonly Violation[], rule: string) => violations.filter((v) => v.rule.name === rule);

test('the project keeps its layers, and every rule is at error severity', () => {
  const violations = cruise(PROJECT_ROOT, SOURCES);
  expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  const config = require(CONFIG);
  expect(config.forbidden.map((r: { severity: string }) => r.severity)).toEqual(config.forbidden.map(() => 'error'));
});

describe('each rule fires on the fixture', () => {
  const files = fs.readdirSync(FIXTURE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
  /** `bad-*.ts` file → the rule its first line names. */
  const expected = files
    .filter((f) => path.basename(f).startsWith('bad-'))
    .map((f) => ({ file: f, rule: /^\/\/ breaks ([a-z-]+)/.exec(fs.readFileSync(path.join(FIXTURE, f), 'utf8'))?.[1] }));
  const all = cruise(FIXTURE, files);

  test('the fixture has a bad file for every rule', () => {
    const rules: string[] = require(CONFIG).forbidden.map((r: { name: string }) => r.name);
    expect(expected.every((e) => e.rule !== undefined)).toBe(true);
    expect([...new Set(expected.map((e) => e.rule))].sort()).toEqual(rules.filter((r) => r !== 'no-folder-cycle').sort());
    expect(files.filter((f) => f.startsWith('tools/a/') || f.startsWith('tools/b/')).length).toBeGreaterThan(0);
  });

  test('import rules: exactly the bad files, each under the rule it names', () => {
    const found = all.filter((v) => v.type === 'dependency').map((v) => `${v.from}: ${v.rule.name}`).sort();
    const wanted = expected.filter((e) => !e.rule!.endsWith('-cycle')).map((e) => `${e.file}: ${e.rule}`).sort();
    expect(found).toEqual(wanted);
    expect(lintStatus(FIXTURE, files)).not.toBe(0);
  });

  test('no-module-cycle: the two modules that import each other', () => {
    const cycles = byRule(all, 'no-module-cycle').map((v) => [v.from, v.to].sort().join(' ↔ '));
    expect([...new Set(cycles)]).toEqual(['tools/c/bad-x.ts ↔ tools/c/bad-y.ts']);
  });

  test('no-folder-cycle: tools/a and tools/b depend on each other though no module cycle does; the allowed imports pass', () => {
    const good = files.filter((f) => !path.basename(f).startsWith('bad-'));
    expect(cruise(FIXTURE, good).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort()).toEqual([
      'no-folder-cycle: tools/a → tools/b',
      'no-folder-cycle: tools/b → tools/a',
    ]);
    const withoutCycle = good.filter((f) => !f.startsWith('tools/'));
    expect(cruise(FIXTURE, withoutCycle)).toEqual([]);
    expect(lintStatus(FIXTURE, withoutCycle)).toBe(0);
  });
});
