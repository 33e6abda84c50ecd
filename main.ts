/**
 * Synthesizes `dist/` from `config/`: see README.md. Usage: `npm run synth [-- --env NAME]` (bin/synth.cjs runs this
 * file bundled, from `.synth/`: the project root is the nearest folder above with a package.json).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runSynthCli } from './synth/synth';

function projectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

// `npm run synth | head`: a reader that stops early is no error (dist/ is written before the plan is printed)
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
// `--root DIR` synthesizes another project's config/ into its dist/ (npm run measure:scale uses it)
const args = process.argv.slice(2);
const rootIndex = args.indexOf('--root');
const root = rootIndex >= 0 && args[rootIndex + 1] ? path.resolve(args.splice(rootIndex, 2)[1]) : projectRoot(__dirname);
process.exitCode = runSynthCli(args, root);
