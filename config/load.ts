/**
 * Loads the whole configuration: reads every file, validates it against the schema, merges each environment
 * over the defaults and resolves its targets against the catalog. Either everything is valid and a
 * `StackConfig` is returned, or a `ConfigError` lists every problem found in every file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { ConfigError, ConfigProblem } from './errors';
import { resolveEnvironment, ResolvedEnvironment } from './resolve';
import { Catalog, catalogSchema, environmentSchema, LoadPlan } from './schema';
import { check, SchemaProblem } from './schema-problems';
import { YamlFile } from './yaml-file';
import { canonical, mergeConfig, ONE_OF_PATHS } from './merge';
import { ratesProblem } from '../domain/load-profiles';
import { sharedServerProblems } from './shared-servers';

export const CATALOG_FILE = 'config/catalog.yaml';
export const DEFAULTS_FILE = 'config/defaults.yaml';
export const ENVIRONMENTS_DIR = 'config/environments';

export interface StackConfig {
  readonly catalog: Catalog;
  readonly environments: readonly ResolvedEnvironment[];
}

export interface LoadOptions {
  /** Load only this environment (the others are not read). */
  readonly only?: string;
}

/** Loads and validates the configuration under `root` (the project root). */
export function loadConfig(root: string, options: LoadOptions = {}): StackConfig {
  const problems: ConfigProblem[] = [];
  const collect = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  };

  let catalog: Catalog | undefined;
  collect(() => (catalog = loadCatalog(root)));
  let defaults: YamlFile | undefined;
  collect(() => (defaults = YamlFile.read(root, DEFAULTS_FILE)));

  const names = environmentNames(root);
  if (options.only !== undefined && !names.includes(options.only)) {
    throw new ConfigError([{ file: ENVIRONMENTS_DIR, path: [], message: `no environment "${options.only}"; environments: ${names.join(', ')}` }]);
  }
  const environments: ResolvedEnvironment[] = [];
  const files = new Map<string, YamlFile>();
  for (const name of names.filter((n) => options.only === undefined || n === options.only)) {
    collect(() => {
      const file = YamlFile.read(root, `${ENVIRONMENTS_DIR}/${name}.yaml`);
      files.set(name, file);
      if (!defaults) return; // its own problems are already collected
      const environment = loadEnvironment(name, file, defaults, catalog);
      if (environment) environments.push(environment);
    });
  }
  if (problems.length === 0) {
    for (const p of sharedServerProblems(environments)) problems.push(at(files.get(p.environment)!, p.path, p.message));
  }
  if (problems.length > 0) throw new ConfigError(unique(problems));
  return { catalog: catalog!, environments };
}

/** Drops repeats: a problem in the defaults file is found once per environment. */
function unique(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.path.join('.')}\0${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Environment names: the `*.yaml` files of `config/environments/`, sorted. */
export function environmentNames(root: string): string[] {
  const files = fs.readdirSync(path.join(root, ENVIRONMENTS_DIR));
  // a .yml file would be silently left out (no environment, no error): refused, with the fix
  const yml = files.filter((f) => f.endsWith('.yml')).sort();
  if (yml.length > 0) {
    throw new ConfigError(yml.map((f) => ({ file: `${ENVIRONMENTS_DIR}/${f}`, path: [], message: `environment files end in .yaml; rename it to ${f.slice(0, -'.yml'.length)}.yaml` })));
  }
  return files
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

function loadCatalog(root: string): Catalog {
  const file = YamlFile.read(root, CATALOG_FILE);
  const catalog = validate(catalogSchema, canonical(file.data), [file]);
  const problems: ConfigProblem[] = [];
  for (const [name, plan] of Object.entries(catalog.loadPlans)) {
    for (const p of checkLoadPlan(plan)) problems.push(at(file, ['loadPlans', name, ...p.path], p.message));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return catalog;
}

/** Validates an environment; resolves its targets when the catalog is valid (else only the schema is checked). */
function loadEnvironment(name: string, file: YamlFile, defaults: YamlFile, catalog: Catalog | undefined): ResolvedEnvironment | undefined {
  const merged = mergeConfig(canonical(defaults.data), canonical(file.data), [], ONE_OF_PATHS);
  const config = validate(environmentSchema, merged, [file, defaults]);
  if (!catalog) return undefined;
  const problems = resolveEnvironment(name, config, catalog);
  if ('problems' in problems) throw new ConfigError(problems.problems.map((p) => at(file, p.path, p.message)));
  return problems.environment;
}

/**
 * Rates that make sense for the profile, and a duration to derive the Job's deadline from.
 * Paths are relative to the plan.
 */
export function checkLoadPlan(plan: LoadPlan): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const rates = ratesProblem(plan.profile, plan.rates ?? []);
  if (rates) problems.push({ path: ['rates'], message: rates });
  if (plan.maxSeconds === undefined) {
    problems.push({ path: ['maxSeconds'], message: 'required: each load level must be bounded in time (the Job deadline is derived from it)' });
  }
  return problems;
}

/** Validates `data` against `schema`, attributing each problem to the first file that has its path. */
function validate<S extends z.ZodType>(schema: S, data: unknown, files: YamlFile[]): z.output<S> {
  const result = check(schema, data);
  if ('value' in result) return result.value;
  throw new ConfigError(
    result.problems.map((p) => {
      const owner = files.find((f) => f.has(p.path)) ?? files.find((f) => f.has(p.path.slice(0, -1))) ?? files[0];
      return at(owner, p.path, p.message);
    }),
  );
}

function at(file: YamlFile, problemPath: (string | number)[], message: string): ConfigProblem {
  return { file: file.file, path: problemPath, line: file.lineOf(problemPath), message };
}
