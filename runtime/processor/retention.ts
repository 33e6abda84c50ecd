/**
 * What the processor deletes (config `retention`, rule: domain/results-layout.ts `expiredRuns`), before it reads
 * earlier results: in object-store mode the whole runs (the dispatcher's rule on a volume, which the dispatcher
 * applies there) and the raw reports of the bucket; in volume mode the raw reports of the volume.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expiredRuns, isRawReport } from '../../domain/results-layout';
import type { RetentionConfig } from '../../domain/contracts/processor-config';
import type { Bucket } from '../object-store/bucket';
import { bucketRuns, filesUnder } from './object-store';

/**
 * Deletes from the bucket the runs `retention` lets go (never `runId` or newer: they may be in progress) and
 * the raw reports of the runs `retention.rawReports` lets go. Returns the number of keys deleted.
 */
export async function applyBucketRetention(bucket: Bucket, runId: string, retention: RetentionConfig, now: Date, log: (line: string) => void): Promise<number> {
  const runs = await bucketRuns(bucket);
  const expired = new Set(expiredRuns(runs, runId, retention, now));
  const rawExpired = retention.rawReports ? expiredRuns(runs, runId, retention.rawReports, now).filter((r) => !expired.has(r)) : [];
  let deleted = 0;
  for (const run of [...expired].sort()) {
    const keys = await bucket.listAll(run);
    await bucket.delete(keys);
    deleted += keys.length;
    log(`retention: run ${run} deleted from the bucket (${keys.length} file(s); beyond the newest ${retention.keepRuns} runs and older than ${retention.maxAgeDays} days)`);
  }
  for (const run of rawExpired.sort()) {
    const keys = (await bucket.listAll(run)).filter(isRawReport);
    if (keys.length === 0) continue;
    await bucket.delete(keys);
    deleted += keys.length;
    log(`retention: raw reports of run ${run} deleted from the bucket (${keys.length} file(s)); its summaries are kept`);
  }
  return deleted;
}

/** Volume mode's raw-report retention: the same rule on the results volume. Returns the number of files deleted. */
export function applyVolumeRawRetention(resultsDir: string, runId: string, retention: RetentionConfig, now: Date, log: (line: string) => void): number {
  if (!retention.rawReports) return 0;
  const runs = fs.readdirSync(resultsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  let deleted = 0;
  for (const run of expiredRuns(runs, runId, retention.rawReports, now).sort()) {
    const raw = filesUnder(path.join(resultsDir, run)).filter((f) => isRawReport(`${run}/${f}`));
    if (raw.length === 0) continue;
    for (const target of fs.readdirSync(path.join(resultsDir, run), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const sub of fs.readdirSync(path.join(resultsDir, run, target.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
        fs.rmSync(path.join(resultsDir, run, target.name, sub.name), { recursive: true, force: true });
      }
    }
    deleted += raw.length;
    log(`retention: raw reports of run ${run} deleted (${raw.length} file(s)); its summaries are kept`);
  }
  return deleted;
}
