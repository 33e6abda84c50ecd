/**
 * `npm run validate` as a library: schema check, then policy check, over documents in memory or under a directory.
 */
import * as fs from 'fs';
import { findYamlFiles, isEmptyDocument, ManifestDocument, readDocuments } from './documents';
import { checkPolicy } from './policy-check';
import { POLICY_RULES, PolicyRule } from './policy-rules';
import { Problem, Summary } from './report';
import { SchemaCheckOptions, SchemaChecker } from './schema-check';

/** Options of a validation run. */
export interface ValidationOptions extends SchemaCheckOptions {
  /** Policy rules to run; default {@link POLICY_RULES}. */
  readonly policyRules?: readonly PolicyRule[];
}

/** What a validation run found. */
export interface ValidationResult {
  /** Schema problems first (in file and document order), then policy problems. */
  readonly problems: Problem[];
  readonly summary: Summary;
}

/** Validates documents already read; `fileCount` is only used for the summary. */
export function validateDocuments(
  documents: readonly ManifestDocument[],
  fileCount: number,
  options: ValidationOptions = {},
): ValidationResult {
  const checker = new SchemaChecker(options);
  const rules = options.policyRules ?? POLICY_RULES;
  const counted = documents.filter((doc) => !isEmptyDocument(doc));
  const schemaProblems = counted.flatMap((doc) => checker.checkDocument(doc));
  const policyProblems = counted.flatMap((doc) => checkPolicy(doc, rules));
  const problems = [...schemaProblems, ...policyProblems];
  const documentsWithErrors = new Set(problems.map((problem) => `${problem.file}#${problem.docIndex}`));
  const withErrors = documentsWithErrors.size;
  return {
    problems,
    summary: { documents: counted.length, files: fileCount, ok: counted.length - withErrors, withErrors },
  };
}

/** Validates every YAML document in every `*.yaml` / `*.yml` file under `dir`. Throws when `dir` is missing. */
export function validateDirectory(dir: string, options: ValidationOptions = {}): ValidationResult {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`directory ${dir} not found`);
  }
  const files = findYamlFiles(dir);
  const documents = files.flatMap((file) => readDocuments(file));
  return validateDocuments(documents, files.length, options);
}
