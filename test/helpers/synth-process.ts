/** `npm run synth` in a child process, as a user runs it, on any project root. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isMap, parseDocument, visit } from 'yaml';
import { CATALOG_FILE, DEFAULTS_FILE, ENVIRONMENTS_DIR } from '../../config/load';
import { PROJECT_ROOT } from './project';

/** Runs synth on `root` in a separate process with only the given environment variables (plus PATH). */
export function synthProcess(root: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const script = `process.exitCode = require(${JSON.stringify(path.join(PROJECT_ROOT, 'synth', 'synth'))}).runSynthCli(${JSON.stringify(args)}, ${JSON.stringify(root)})`;
  // as `npm run synth` runs: node with tsx's loader (one process)
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

/** Rewrites every YAML file of the temporary project `root` (a copy, never the shipped config/) with the keys of every map in reverse order. */
export function reverseMapKeys(root: string): void {
  const files = [CATALOG_FILE, DEFAULTS_FILE, ...fs.readdirSync(path.join(root, ENVIRONMENTS_DIR)).map((f) => `${ENVIRONMENTS_DIR}/${f}`)];
  for (const file of files) {
    const doc = parseDocument(fs.readFileSync(path.join(root, file), 'utf8'));
    visit(doc, { Map: (_, node) => void (isMap(node) && node.items.reverse()) });
    fs.writeFileSync(path.join(root, file), doc.toString());
  }
}
