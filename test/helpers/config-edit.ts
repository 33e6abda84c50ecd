/** Loads a copy of the fixture project's config with an edited environment file, or the formatted problems it reports. */
import * as fs from 'fs';
import { ConfigError, formatProblem } from '../../config/errors';
import { loadConfig } from '../../config/load';
import { ResolvedEnvironment } from '../../config/resolve';
import { tempProject } from './project';

export const DEV_FILE = 'config/environments/dev.yaml';

/** The dev environment with `yaml` appended to its file (top-level keys only). */
export function devWith(yaml: string): ResolvedEnvironment {
  const root = tempProject({ [DEV_FILE]: (text) => `${text}\n${yaml}` });
  try {
    return loadConfig(root, { only: 'dev' }).environments[0];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The formatted problems of the dev environment with `yaml` appended; fails when there are none. */
export function devErrors(yaml: string): string[] {
  try {
    devWith(yaml);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem);
    throw e;
  }
  throw new Error('expected a ConfigError');
}

/** The formatted problems that loading a copy of the fixture project's config with `edits` applied reports; fails when there are none. */
export function configErrors(edits: Parameters<typeof tempProject>[0]): string[] {
  const root = tempProject(edits);
  try {
    loadConfig(root);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem);
    throw e;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  throw new Error('expected a ConfigError');
}
