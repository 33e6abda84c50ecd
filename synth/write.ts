/**
 * Writes rendered files under `dist/`: only files whose content changed are rewritten, and files of the
 * synthesized environments that are no longer rendered are removed (with their empty folders).
 */
import * as fs from 'fs';
import * as path from 'path';
import { RenderedFile } from './render';

export interface WriteSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  /** Output folders of environments that no longer exist, removed whole (`dist/<name>/`). */
  readonly removedEnvironments: readonly string[];
}

/** The folder every synthesized environment has (a fleet's hub part too): what tells an environment's output from anything else in dist/. */
const ENVIRONMENT_MARK = 'bootstrap';

/**
 * Writes `files` to `distDir`; stale files are removed only inside `environments` (the ones synthesized). With
 * `all`, every environment was synthesized: an output folder of an environment that no longer exists (its
 * config/environments/<name>.yaml deleted) is removed whole, so the drift check sees it.
 */
export function writeDist(distDir: string, environments: readonly string[], files: readonly RenderedFile[], all = false): WriteSummary {
  const wanted = new Map(files.map((f) => [path.join(distDir, f.path), f.content]));
  let removed = 0;
  const removedEnvironments: string[] = [];
  if (all && fs.existsSync(distDir)) {
    for (const entry of fs.readdirSync(distDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || environments.includes(entry.name) || !fs.existsSync(path.join(distDir, entry.name, ENVIRONMENT_MARK))) continue;
      removed += listFiles(path.join(distDir, entry.name)).length;
      fs.rmSync(path.join(distDir, entry.name), { recursive: true, force: true });
      removedEnvironments.push(entry.name);
    }
  }
  for (const env of environments) {
    for (const existing of listFiles(path.join(distDir, env))) {
      if (!wanted.has(existing)) {
        fs.rmSync(existing);
        removed++;
      }
    }
  }
  let written = 0;
  let unchanged = 0;
  for (const [file, content] of wanted) {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) {
      unchanged++;
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written++;
  }
  for (const env of environments) removeEmptyFolders(path.join(distDir, env));
  return { written, unchanged, removed, removedEnvironments: removedEnvironments.sort() };
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function removeEmptyFolders(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyFolders(path.join(dir, entry.name));
  }
  if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
}
