/** Reading and writing the processor's files. */
import * as fs from 'fs';
import { READABLE_SUMMARY_SCHEMAS, TargetSummary } from './types';

/** Write then rename: a reader never sees half a file. */
export function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * A summary.json of this schema, or why it is not one (the path and the reason): an earlier or a sibling file
 * can be empty, truncated or of an older shape, and is then left out, never fatal.
 */
export function readSummary(file: string): TargetSummary | string {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return `${file} is not readable JSON (${(e as Error).message})`;
  }
  const s = value as Partial<TargetSummary> | null;
  const shaped =
    typeof s === 'object' &&
    s !== null &&
    READABLE_SUMMARY_SCHEMAS.includes(s.schemaVersion as number) &&
    typeof s.runId === 'string' &&
    typeof s.target === 'object' &&
    s.target !== null &&
    typeof s.target.name === 'string' &&
    Array.isArray(s.benchmarks) &&
    s.benchmarks.every((b) => typeof b === 'object' && b !== null && typeof b.name === 'string' && Array.isArray(b.levels));
  return shaped ? (s as TargetSummary) : `${file} is not a summary.json of schema ${READABLE_SUMMARY_SCHEMAS.join(' or ')} (runId, target, benchmarks with levels)`;
}
