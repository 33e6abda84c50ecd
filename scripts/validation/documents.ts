/**
 * Reading manifests: finding the YAML files under a directory and splitting them into documents.
 *
 * YAML is read as YAML 1.1, like the Kubernetes tooling (sigs.k8s.io/yaml) and like cdk8s writes it: an unquoted
 * `yes` is a boolean, `0755` is octal. Timestamps are the exception: Kubernetes reads an unquoted date as a string,
 * so the 1.1 timestamp type is left out and such values stay strings. Duplicate keys are errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments, type Tags } from 'yaml';
import { CheckName, formatJsonPath, PathSegment, Problem } from './report';

/** One YAML document of one file. */
export interface ManifestDocument {
  /** The file as the user named it. */
  readonly file: string;
  /** Position in the file, starting at 0. */
  readonly index: number;
  /** The parsed value: `null` for an empty document. */
  readonly content: unknown;
  /** YAML errors of this document, each already naming its line and column. */
  readonly parseErrors: readonly string[];
}

/** A Kubernetes object: a mapping. */
export type K8sObject = Record<string, unknown>;

const YAML_FILE = /\.ya?ml$/;
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

/**
 * Lists every `*.yaml` / `*.yml` file under `dir`, recursively, sorted by path (plain code-point order, so the
 * result does not depend on the locale). Returned paths start with `dir` as given.
 */
export function findYamlFiles(dir: string): string[] {
  const found: string[] = [];
  collectYamlFiles(dir, found);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function collectYamlFiles(dir: string, found: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      collectYamlFiles(entryPath, found);
    } else if (entry.isFile() && YAML_FILE.test(entry.name)) {
      found.push(entryPath);
    }
  }
}

/** Reads one file and splits it into documents. */
export function readDocuments(file: string): ManifestDocument[] {
  return parseDocuments(file, fs.readFileSync(file, 'utf8'));
}

/** Splits YAML text into documents; `file` is only used to label them. */
export function parseDocuments(file: string, text: string): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    version: '1.1',
    customTags: withoutTimestamps,
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
  });
  return Array.from(parsed, (doc, index) => ({
    file,
    index,
    content: doc.errors.length > 0 ? null : (doc.toJSON() as unknown),
    parseErrors: doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return `YAML parse error at line ${line}, column ${col}: ${error.message}`;
    }),
  }));
}

/** Drops the YAML 1.1 timestamp type (see the module comment). */
function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((tag) => typeof tag === 'string' || tag.tag !== TIMESTAMP_TAG);
}

/** True for a document with nothing in it (only comments or `---`); such documents are skipped. */
export function isEmptyDocument(doc: ManifestDocument): boolean {
  return doc.parseErrors.length === 0 && (doc.content === null || doc.content === undefined);
}

/** True when `value` is a mapping (not null, not an array). */
export function isObject(value: unknown): value is K8sObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The document's `kind`, or `-`. */
export function kindOf(doc: ManifestDocument): string {
  const kind = isObject(doc.content) ? doc.content.kind : undefined;
  return typeof kind === 'string' && kind !== '' ? kind : '-';
}

/** The document's `metadata.name`, else its `metadata.generateName`, else `-`. */
export function nameOf(doc: ManifestDocument): string {
  const metadata = isObject(doc.content) ? doc.content.metadata : undefined;
  if (!isObject(metadata)) {
    return '-';
  }
  for (const candidate of [metadata.name, metadata.generateName]) {
    if (typeof candidate === 'string' && candidate !== '') {
      return candidate;
    }
  }
  return '-';
}

/** Builds a problem about `doc` at the given path. */
export function problemIn(
  doc: ManifestDocument,
  check: CheckName,
  segments: readonly PathSegment[],
  message: string,
): Problem {
  return {
    check,
    file: doc.file,
    docIndex: doc.index,
    kind: kindOf(doc),
    name: nameOf(doc),
    path: formatJsonPath(segments),
    message,
  };
}

/** The stack folder (holding `argocd/`) a file under `dir` belongs to, relative to `dir` (`.` for `dir` itself). */
export function stackFolderOf(dir: string, relative: string): string {
  const parts = relative.split(path.sep).slice(0, -1);
  for (let n = parts.length; n >= 0; n--) {
    const candidate = parts.slice(0, n).join(path.sep) || '.';
    if (fs.existsSync(path.join(dir, candidate, 'argocd'))) return candidate;
  }
  return parts[0] ?? '.';
}
