/**
 * Loads a temporary copy of the fixture project's config (test/fixtures/project, never the shipped config/) with
 * edited files, and gives its environments or the formatted problems it reports.
 */
import * as fs from 'fs';
import { isMap, parse, parseDocument } from 'yaml';
import { ConfigError, formatProblem } from '../../config/errors';
import { CATALOG_FILE, DEFAULTS_FILE, ENVIRONMENTS_DIR, loadConfig, LoadOptions } from '../../config/load';
import { ResolvedEnvironment } from '../../config/resolve';
import { tempProject } from './project';

/** The fixture project's files, as paths relative to a project root (and as configuration errors name them). */
export { ENVIRONMENTS_DIR };
export const DEV_FILE = `${ENVIRONMENTS_DIR}/dev.yaml`;
export const DEMO_FILE = `${ENVIRONMENTS_DIR}/demo.yaml`;
export const CATALOG = CATALOG_FILE;
export const DEFAULTS = DEFAULTS_FILE;

/** The fixture project with `edits` applied, loaded: its environments, or the formatted problems (never both). */
export function loadEdited(edits: Parameters<typeof tempProject>[0], options: LoadOptions = {}): { environments: readonly ResolvedEnvironment[]; errors: string[] } {
  const root = tempProject(edits);
  try {
    return { environments: loadConfig(root, options).environments, errors: [] };
  } catch (e) {
    if (e instanceof ConfigError) return { environments: [], errors: e.problems.map(formatProblem) };
    throw e;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The dev environment with `yaml` appended to its file (top-level keys only); throws its problems. */
export function devWith(yaml: string): ResolvedEnvironment {
  return devEdited(mergeYaml(yaml));
}

/**
 * An edit that sets every leaf of `yaml` (a mapping) in the file: sections the file has already are merged key by
 * key (lists and scalars replace), others are added. Values that are not valid for the schema pass through as is.
 */
export function mergeYaml(yaml: string): (text: string) => string {
  return (text) => {
    const doc = parseDocument(text);
    const set = (path: string[], value: unknown) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && isMap(doc.getIn(path, true))) {
        for (const [key, inner] of Object.entries(value)) set([...path, key], inner);
      } else doc.setIn(path, doc.createNode(value));
    };
    for (const [key, value] of Object.entries(parse(yaml) ?? {})) set([key], value);
    return doc.toString();
  };
}

/** The dev environment with its file edited by `edit`; throws the formatted problems when it is invalid. */
export function devEdited(edit: (text: string) => string): ResolvedEnvironment {
  const { environments, errors } = loadEdited({ [DEV_FILE]: edit }, { only: 'dev' });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return environments[0];
}

/** The formatted problems of the dev environment with `yaml` appended; fails when there are none. */
export function devErrors(yaml: string): string[] {
  return expectErrors(loadEdited({ [DEV_FILE]: mergeYaml(yaml) }, { only: 'dev' }).errors);
}

/** The formatted problems that loading the fixture project with `edits` applied reports; fails when there are none. */
export function configErrors(edits: Parameters<typeof tempProject>[0]): string[] {
  return expectErrors(loadEdited(edits).errors);
}

function expectErrors(errors: string[]): string[] {
  if (errors.length === 0) throw new Error('expected a ConfigError');
  return errors;
}
