/** Temporary copies of the project's config/ for tests that change it. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');

/**
 * Copies config/ into a temporary project root and applies `edits` (file path relative to the root → new
 * content, or a function of the old content). Returns the root.
 */
export function tempProject(edits: Record<string, string | ((text: string) => string)> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmbench-project-'));
  fs.cpSync(path.join(PROJECT_ROOT, 'config'), path.join(root, 'config'), { recursive: true });
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
