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
}

/** Writes `files` to `distDir`; stale files are removed only inside `environments` (the ones synthesized). */
export function writeDist(distDir: string, environments: readonly string[], files: readonly RenderedFile[]): WriteSummary {
  const wanted = new Map(files.map((f) => [path.join(distDir, f.path), f.content]));
  let removed = 0;
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
  return { written, unchanged, removed };
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
