/**
 * `@ibm/tekton-lint` over the Tekton resources under a directory (for `npm run validate` and CI).
 *
 * Files holding at least one `tekton.dev` / `triggers.tekton.dev` document are linted together per environment
 * (the first folder below DIR, e.g. `dist/demo/`): a Pipeline and the PipelineRuns that refer to it live in
 * different app folders, and the same Task name exists in every environment. tekton-lint is an ES module, so it
 * runs as a child process (`node .../dist/lint.js --format json`), which also keeps this module synchronous.
 * Warnings count as problems unless `allowWarnings` is set.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { findYamlFiles, readDocuments, stackFolderOf } from './documents';

/** One finding of tekton-lint. */
export interface TektonLintProblem {
  /** The file as the caller named it (DIR joined with the path below it). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly level: 'error' | 'warning';
  /** tekton-lint rule, e.g. `no-undefined-param`. */
  readonly rule: string;
  readonly message: string;
}

export interface TektonLintResult {
  readonly problems: TektonLintProblem[];
  /** Files that hold Tekton resources (and were linted). */
  readonly files: string[];
}

export interface TektonLintOptions {
  /** Report warnings without failing. @default false: a warning is a problem */
  readonly allowWarnings?: boolean;
}

const TEKTON_API = /^(triggers\.)?tekton\.dev\//;

/** Whether a file holds a Tekton resource. */
function hasTektonResource(file: string): boolean {
  return readDocuments(file).some((doc) => {
    const apiVersion = (doc.content as { apiVersion?: unknown } | null)?.apiVersion;
    return typeof apiVersion === 'string' && TEKTON_API.test(apiVersion);
  });
}

/** The tekton-lint command-line entry point of the installed package. */
function linterScript(): string {
  return path.join(path.dirname(require.resolve('@ibm/tekton-lint/package.json')), 'dist', 'lint.js');
}

interface RawProblem {
  message: string;
  rule: string;
  level: string;
  path: string;
  loc?: { startLine?: number; startColumn?: number };
}

/** Lints the given files (paths relative to `cwd`) in one tekton-lint run. */
function lintGroup(cwd: string, files: string[]): RawProblem[] {
  if (files.some((f) => /[*?[\]{}!]/.test(f))) throw new Error(`tekton-lint takes glob patterns; rename ${files.find((f) => /[*?[\]{}!]/.test(f))}`);
  const run = spawnSync(process.execPath, [linterScript(), '--format', 'json', '--color', 'false', ...files], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  // the JSON report is the array on its own; tekton-lint's log lines start with "[HH:MM:SS.mmm]"
  const start = run.stdout.search(/^\[\s*(\{|\])/m);
  // only PipelineRuns (no Task, Pipeline or Trigger to check them against): nothing tekton-lint can check
  if (start < 0 && /No tekton definitions can be found/.test(run.stdout + run.stderr)) return [];
  if (start < 0) throw new Error(`tekton-lint printed no report (exit ${run.status}): ${run.stderr.trim() || run.stdout.trim()}`);
  return JSON.parse(run.stdout.slice(start)) as RawProblem[];
}

/**
 * Runs tekton-lint over every Tekton resource under `dir`, grouped per stack (the folder holding `argocd/` the file
 * is in: an environment's, or a fleet cluster's), so a PipelineRun is linted with the Pipeline it names and two
 * clusters' Tasks of one name are no duplicates.
 */
export function lintTektonDirectory(dir: string, options: TektonLintOptions = {}): TektonLintResult {
  const files = findYamlFiles(dir).filter(hasTektonResource);
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const relative = path.relative(dir, file);
    const group = stackFolderOf(dir, relative);
    groups.set(group, [...(groups.get(group) ?? []), relative]);
  }
  const problems: TektonLintProblem[] = [];
  for (const group of [...groups.keys()].sort()) {
    const optional = optionalPipelineWorkspaces(groups.get(group)!.map((f) => path.join(dir, f)));
    for (const raw of lintGroup(dir, groups.get(group)!)) {
      if (isOptionalWorkspaceFalsePositive(raw, optional)) continue;
      const level = raw.level === 'error' ? 'error' : 'warning';
      if (level === 'warning' && options.allowWarnings) continue;
      problems.push({
        file: path.join(dir, raw.path),
        line: raw.loc?.startLine ?? 0,
        column: raw.loc?.startColumn ?? 0,
        level,
        rule: raw.rule,
        message: raw.message,
      });
    }
  }
  return { problems, files };
}

/**
 * tekton-lint 1.1.0 (dist/rules/no-missing-workspace.js) takes every workspace of a Pipeline as required when it
 * checks a TriggerTemplate's PipelineRun, ignoring `optional: true` (its Task check honours it). Only that
 * finding, and only for a workspace the Pipeline really declares optional, is dropped.
 */
const TRIGGER_TEMPLATE_WORKSPACE = /^TriggerTemplate '[^']+' references Pipeline '([^']+)', but provides no workspace for '([^']+)'/;

function isOptionalWorkspaceFalsePositive(raw: RawProblem, optional: ReadonlySet<string>): boolean {
  const match = raw.rule === 'no-missing-workspace' ? TRIGGER_TEMPLATE_WORKSPACE.exec(raw.message) : null;
  return match !== null && optional.has(`${match[1]}/${match[2]}`);
}

/** `PIPELINE/WORKSPACE` for every workspace the Pipelines in these files declare optional. */
function optionalPipelineWorkspaces(files: string[]): Set<string> {
  const found = new Set<string>();
  for (const file of files) {
    for (const doc of readDocuments(file)) {
      const o = doc.content as { apiVersion?: string; kind?: string; metadata?: { name?: string }; spec?: { workspaces?: { name?: string; optional?: boolean }[] } } | null;
      if (o?.kind !== 'Pipeline' || !o.apiVersion?.startsWith('tekton.dev/')) continue;
      for (const ws of o.spec?.workspaces ?? []) if (ws.optional === true) found.add(`${o.metadata?.name}/${ws.name}`);
    }
  }
  return found;
}

/** `FILE:LINE:COLUMN tekton-lint error no-undefined-param: message` */
export function formatTektonLintProblem(p: TektonLintProblem): string {
  return `${p.file}:${p.line}:${p.column} tekton-lint ${p.level} ${p.rule}: ${p.message}`;
}
