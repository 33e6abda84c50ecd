/**
 * The objects of `dist/ENV/` (a fleet's cluster: `dist/ENV/CLUSTER/`), as the cluster command reads them: every
 * YAML document of every `.yaml` file, with the folder it is in and the Application that syncs that folder (read
 * from the Applications in its `argocd/`, so it is whatever synth wrote).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { outputRootOf } from '../../domain/names';
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

function noEnvironment(distDir: string, env: string): CliError {
  const known = environmentsIn(distDir);
  return new CliError(`no environment "${env}" in ${distDir}/ (environments: ${known.join(', ') || 'none'}); run \`npm run synth\` first`);
}

/** The clusters of a fleet in `distDir/env/` (the folders with an `argocd/` of their own), sorted; none for one cluster. */
export function fleetClustersIn(distDir: string, env: string): string[] {
  const root = path.join(distDir, env);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, 'argocd')))
    .map((e) => e.name)
    .sort();
}

/**
 * The folder of `distDir` the command reads: `ENV`, or `ENV/CLUSTER` for one cluster of a fleet. A fleet without
 * `--cluster`, an unknown cluster, or `--cluster` for a single-cluster environment is a CliError that says the fix.
 */
export function stackRootOf(distDir: string, env: string, cluster?: string): string {
  if (!fs.existsSync(path.join(distDir, env))) throw noEnvironment(distDir, env);
  const clusters = fleetClustersIn(distDir, env);
  if (cluster === undefined) {
    if (clusters.length > 0) {
      throw new CliError(`environment "${env}" is a fleet of ${clusters.length} clusters (${clusters.join(', ')}): add --cluster NAME, and --context for that cluster's API server`);
    }
    return env;
  }
  if (clusters.length === 0) throw new CliError(`environment "${env}" is not a fleet (dist/${env}/ has no cluster folders): remove --cluster ${cluster}`);
  if (!clusters.includes(cluster)) throw new CliError(`no cluster "${cluster}" in fleet "${env}" (clusters: ${clusters.join(', ')})`);
  return outputRootOf(env, cluster);
}

/** Every object of `distDir/root/` (see {@link stackRootOf}), ordered by file; an unreadable file is a CliError. */
export function readManifests(distDir: string, stackRoot: string): Manifest[] {
  const root = path.join(distDir, stackRoot);
  if (!fs.existsSync(root)) throw noEnvironment(distDir, stackRoot);
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

/**
 * Folder → name of the Application syncing it, from the Applications' `spec.source.path` (`dist/ENV/FOLDER`, or
 * `dist/ENV/CLUSTER/FOLDER` in a fleet: the folder is the path's last segment).
 */
export function applicationsByFolder(manifests: Manifest[]): Map<string, string> {
  const byFolder = new Map<string, string>();
  for (const { object } of manifests) {
    if (object.kind !== 'Application' || groupOf(object.apiVersion) !== 'argoproj.io') continue;
    const source: string | undefined = object.spec?.source?.path;
    if (source) byFolder.set(source.split('/').filter(Boolean).pop()!, object.metadata.name);
  }
  return byFolder;
}

/** A URL for comparison: lowercase scheme and host, the default https port and trailing slashes dropped. */
function normalizedServer(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port === '' || (u.protocol === 'https:' && u.port === '443') ? '' : `:${u.port}`;
    return `${u.protocol}//${u.hostname}${port}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

/**
 * Why the manifests of a fleet's cluster must not be used against `server`, or undefined: its Applications deploy to
 * an API server URL (`destination.server`) that is not the context's. A destination by cluster-Secret name cannot
 * be compared here (the name is ArgoCD's), so it passes.
 */
export function destinationMismatch(manifests: Manifest[], stackRoot: string, context: string, server: string): string | undefined {
  const destinations = new Set<string>();
  for (const { object } of manifests) {
    if (object.kind !== 'Application' || groupOf(object.apiVersion) !== 'argoproj.io') continue;
    const url: unknown = object.spec?.destination?.server;
    if (typeof url === 'string') destinations.add(url);
  }
  if (destinations.size !== 1) return undefined;
  const [destination] = destinations;
  if (normalizedServer(destination) === normalizedServer(server)) return undefined;
  return `dist/${stackRoot}/ deploys to ${destination}, and context "${context}" is ${server}: pass --context of that cluster`;
}
