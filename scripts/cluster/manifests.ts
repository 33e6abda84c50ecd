/**
 * The objects of `dist/ENV/`, as the cluster command reads them: every YAML document of every `.yaml` file,
 * with the folder it is in and the Application that syncs that folder (read from the Applications in
 * `dist/ENV/argocd/`, so it is whatever synth wrote).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CliError } from './errors';

/** One object of `dist/ENV/`. */
export interface Manifest {
  /** Path relative to `dist/ENV/`, e.g. `benchmarks/cronjob-benchmark-dispatcher.yaml`. */
  file: string;
  /** First folder of `file`: `benchmarks`. */
  folder: string;
  object: any;
}

/** `Kind name` or `Kind generateName*`, for messages. */
export function describeObject(object: any): string {
  const name = object?.metadata?.name ?? `${object?.metadata?.generateName ?? '?'}*`;
  return `${object?.kind ?? '?'} ${object?.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${name}`;
}

/** API group of an `apiVersion`: '' for `v1`. */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/** The environments `distDir` holds (its folders). */
export function environmentsIn(distDir: string): string[] {
  if (!fs.existsSync(distDir)) return [];
  return fs
    .readdirSync(distDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Every object of `distDir/env/`, ordered by file; a missing environment or an unreadable file is a CliError. */
export function readManifests(distDir: string, env: string): Manifest[] {
  const root = path.join(distDir, env);
  if (!fs.existsSync(root)) {
    const known = environmentsIn(distDir);
    throw new CliError(`no environment "${env}" in ${distDir}/ (environments: ${known.join(', ') || 'none'}); run \`npm run synth\` first`);
  }
  const manifests: Manifest[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.yaml') || entry.name.endsWith('.yml')) {
        const file = path.relative(root, full);
        for (const doc of parseAllDocuments(fs.readFileSync(full, 'utf8'))) {
          if (doc.errors.length > 0) throw new CliError(`${path.join(root, file)}: not valid YAML: ${doc.errors[0].message}`);
          const object = doc.toJS();
          if (object === null || object === undefined) continue;
          if (typeof object !== 'object' || !object.apiVersion || !object.kind) {
            throw new CliError(`${path.join(root, file)}: not a Kubernetes object (no apiVersion or kind)`);
          }
          manifests.push({ file, folder: file.split(path.sep)[0], object });
        }
      }
    }
  };
  walk(root);
  return manifests;
}

/** Folder → name of the Application syncing it, from the Applications' `spec.source.path` (`dist/ENV/FOLDER`). */
export function applicationsByFolder(manifests: Manifest[]): Map<string, string> {
  const byFolder = new Map<string, string>();
  for (const { object } of manifests) {
    if (object.kind !== 'Application' || groupOf(object.apiVersion) !== 'argoproj.io') continue;
    const source: string | undefined = object.spec?.source?.path;
    if (source) byFolder.set(source.split('/').slice(2).join('/'), object.metadata.name);
  }
  return byFolder;
}
