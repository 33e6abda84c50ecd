/** The command line of `npm run cluster -- COMMAND --env ENV [options]`. Pure, so jest tests it directly. */
import { CliError } from './errors';

export const USAGE = `usage: npm run cluster -- COMMAND --env ENV [options]

commands:
  check   server-side dry-run apply of every object of dist/ENV/ (a fleet: dist/ENV/CLUSTER/): accepted, rejected or skipped
  diff    each object of dist/ENV/ (a fleet: dist/ENV/CLUSTER/) against the live one: new, unchanged or changed (field-level)
  run     start a run now (a Job from the dispatcher CronJob, or one target's Job) and follow it

options:
  --env ENV        the environment (a folder of dist/)
  --cluster NAME   a fleet's cluster (dist/ENV/NAME/): required when ENV is a fleet; give its --context too
  --context CTX    kubeconfig context (default: the current context)
  --target NAME    run: start only this target's on-demand Job
  --dist DIR       the generated manifests (default: dist)

exit codes: 0 all accepted / no change / all Jobs complete; 1 some rejected / changes / a Job failed;
2 nothing checked (bad arguments, no kubeconfig, API server unreachable or refusing the credentials)`;

export type Command = 'check' | 'diff' | 'run';

export interface CliArgs {
  command: Command;
  env: string;
  /** One cluster of a fleet environment. */
  cluster?: string;
  context?: string;
  target?: string;
  dist: string;
}

const OPTIONS: Record<string, keyof CliArgs> = { '--env': 'env', '--cluster': 'cluster', '--context': 'context', '--target': 'target', '--dist': 'dist' };

/** Reads argv (after the script name); a CliError names the problem. */
export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') throw new CliError(USAGE);
  if (!['check', 'diff', 'run'].includes(command)) throw new CliError(`unknown command "${command}": expected check, diff or run\n\n${USAGE}`);
  const values: Partial<Record<keyof CliArgs, string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const [flag, inline] = rest[i].split(/=(.*)/s, 2);
    const key = OPTIONS[flag];
    if (!key) throw new CliError(`unknown option "${rest[i]}"\n\n${USAGE}`);
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith('--')) throw new CliError(`option ${flag} needs a value`);
    values[key] = value;
  }
  if (!values.env) throw new CliError(`--env ENV is required\n\n${USAGE}`);
  if (values.target && command !== 'run') throw new CliError(`--target applies to run only`);
  return { command: command as Command, env: values.env, cluster: values.cluster, context: values.context, target: values.target, dist: values.dist ?? 'dist' };
}
