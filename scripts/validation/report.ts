/**
 * The problem type shared by the schema check and the policy check, and how problems and the summary are printed.
 *
 * One problem is one output line:
 *
 *     FILE#DOCINDEX KIND/NAME JSONPATH: message
 *
 * Policy problems carry the prefix `policy: `.
 */

/** Which check found a problem. */
export type CheckName = 'schema' | 'policy';

/** One segment of a path into a document: an object key or an array index. */
export type PathSegment = string | number;

/** One problem in one YAML document. */
export interface Problem {
  readonly check: CheckName;
  /** The file as the user named it (the --dir argument joined with the path below it). */
  readonly file: string;
  /** Position of the document in its file, starting at 0 (empty documents count). */
  readonly docIndex: number;
  /** `kind` of the document, or `-` when it has none. */
  readonly kind: string;
  /** `metadata.name` (or `metadata.generateName`) of the document, or `-` when it has none. */
  readonly name: string;
  /** JSON path of the offending value, for example `$.spec.template.spec.containers[0].image`. */
  readonly path: string;
  readonly message: string;
}

/** Counts printed on the summary line. */
export interface Summary {
  readonly documents: number;
  readonly files: number;
  readonly ok: number;
  readonly withErrors: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Formats path segments as a JSON path: `$.spec.containers[0].resources.limits["nvidia.com/gpu"]`.
 * Keys that are not plain identifiers are written in brackets as JSON strings.
 */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let text = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      text += `.${segment}`;
    } else {
      text += `[${JSON.stringify(segment)}]`;
    }
  }
  return text;
}

/** Formats one problem as its output line. */
export function formatProblem(problem: Problem): string {
  const prefix = problem.check === 'policy' ? 'policy: ' : '';
  return `${prefix}${problem.file}#${problem.docIndex} ${problem.kind}/${problem.name} ${problem.path}: ${problem.message}`;
}

/** Formats the last output line. */
export function formatSummary(summary: Summary): string {
  return (
    `validate: ${summary.documents} documents in ${summary.files} files: ` +
    `${summary.ok} ok, ${summary.withErrors} with errors`
  );
}
