/**
 * `npm run synth [-- --env NAME]`: load and validate all configuration, render every environment in memory,
 * then write `dist/`. Any configuration error is printed with file, line and path, and nothing is written.
 */
import * as path from 'path';
import { ConfigError } from '../config/errors';
import { loadConfig } from '../config/load';
import { describePlan } from './plan';
import { renderEnvironment, RenderedFile } from './render';
import { writeDist } from './write';

export interface SynthOptions {
  /** Project root (holds config/ and dist/). */
  readonly root: string;
  /** Only this environment. @default all */
  readonly only?: string;
  /** Where to print. @default console */
  readonly log?: (line: string) => void;
}

/** Runs the whole synth; throws ConfigError (nothing written) on bad configuration. */
export function synth(options: SynthOptions): void {
  const log = options.log ?? console.log;
  const config = loadConfig(options.root, { only: options.only });
  const files: RenderedFile[] = config.environments.flatMap(renderEnvironment);
  const summary = writeDist(
    path.join(options.root, 'dist'),
    config.environments.map((e) => e.name),
    files,
    options.only === undefined,
  );
  for (const name of summary.removedEnvironments) log(`dist/${name}/: removed (there is no config/environments/${name}.yaml any more)`);
  for (const env of config.environments) log(describePlan(env));
  log(`dist/: ${files.length} files, ${summary.written} written, ${summary.unchanged} unchanged, ${summary.removed} removed`);
}

/** Command-line entry: parses `--env NAME`, prints errors without a stack trace, returns the exit code. */
export function runSynthCli(argv: readonly string[], root: string): number {
  const envIndex = argv.indexOf('--env');
  const only = envIndex >= 0 ? argv[envIndex + 1] : undefined;
  if (envIndex >= 0 && !only) {
    console.error('synth: --env needs an environment name');
    return 2;
  }
  try {
    synth({ root, only });
    return 0;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`synth: configuration is invalid; nothing was written.\n${e.message}`);
    return 1;
  }
}
