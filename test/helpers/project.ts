/**
 * The tests' inputs: the fixture project under test/fixtures/project (never the shipped config/, which adopters
 * replace), its environments, its synthesized dist/, and temporary copies of it for tests that change it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ENVIRONMENTS_DIR, loadConfig, StackConfig } from '../../config/load';
import { ResolvedEnvironment } from '../../config/resolve';
import { renderEnvironment } from '../../synth/render';
import { writeDist } from '../../synth/write';

/** The project's root: its code, node_modules, docs. Not its config/ (see test/properties/ for that). */
export const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** The fixture project whose config/ the tests load (test/fixtures/project/README.md). */
export const FIXTURE_ROOT = path.join(PROJECT_ROOT, 'test', 'fixtures', 'project');

let fixtureConfig: StackConfig | undefined;

/** The fixture project's configuration, loaded once per test file. */
export function fixture(): StackConfig {
  fixtureConfig ??= loadConfig(FIXTURE_ROOT);
  return fixtureConfig;
}

/** One environment of the fixture project. */
export function fixtureEnvironment(name: string): ResolvedEnvironment {
  const env = fixture().environments.find((e) => e.name === name);
  if (!env) throw new Error(`no environment "${name}" in ${path.join(FIXTURE_ROOT, ENVIRONMENTS_DIR)}`);
  return env;
}

/** The path of a file of the fixture project, given relative to a project root (e.g. `DEV_FILE`). */
export const fixtureFile = (relative: string) => path.join(FIXTURE_ROOT, relative);

/** The 1-based line of the first line of a fixture file that contains `text` (for expected config errors). */
export function fixtureLine(relative: string, text: string): number {
  const index = fs.readFileSync(fixtureFile(relative), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`"${text}" is not in ${relative} of the fixture project`);
  return index + 1;
}

/** The configuration folder of a project root (the fixture's, or a temporary copy of it). */
const CONFIG_DIR = path.dirname(ENVIRONMENTS_DIR);

const distDirs = new Map<string, string>();

/**
 * A dist/ folder with the fixture environments `names` synthesized into it, as `npm run synth` writes it, inside
 * a temporary folder of its own (a working directory for commands that read `dist/`); made once per test file and
 * removed when the test process exits.
 */
export function fixtureDist(...names: string[]): string {
  const key = names.join(',');
  let dir = distDirs.get(key);
  if (dir === undefined) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-fixture-dist-'));
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
    dir = path.join(root, 'dist');
    writeDist(dir, names, names.flatMap((name) => renderEnvironment(fixtureEnvironment(name))));
    distDirs.set(key, dir);
  }
  return dir;
}

/**
 * Copies the fixture project's config/ into a temporary project root and applies `edits` (file path relative to
 * the root → new content, or a function of the old content). Returns the root.
 */
export function tempProject(edits: Record<string, string | ((text: string) => string)> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-project-'));
  fs.cpSync(path.join(FIXTURE_ROOT, CONFIG_DIR), path.join(root, CONFIG_DIR), { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const full = path.join(root, file);
    const old = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : '';
    const next = typeof edit === 'string' ? edit : edit(old);
    if (typeof edit === 'function' && next === old) throw new Error(`edit of ${file} changed nothing`);
    fs.writeFileSync(full, next);
  }
  return root;
}

/** Replaces `from` by `to` in a file's text, failing the test when `from` is not there. */
export const replace = (from: string | RegExp, to: string) => (text: string) => {
  if (typeof from === 'string' ? !text.includes(from) : !from.test(text)) throw new Error(`"${from}" not found`);
  return text.replace(from, to);
};
