/** Synthesizes `dist/` from `config/`: see README.md. Usage: `npm run synth [-- --env NAME]`. */
import { runSynthCli } from './synth/synth';

// `npm run synth | head`: a reader that stops early is no error (dist/ is written before the plan is printed)
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = runSynthCli(process.argv.slice(2), __dirname);
