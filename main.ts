/** Synthesizes `dist/` from `config/`: see README.md. Usage: `npm run synth [-- --env NAME]`. */
import { runSynthCli } from './synth/synth';

process.exitCode = runSynthCli(process.argv.slice(2), __dirname);
