/**
 * Run folders laid out as the benchmark Job leaves them (`<results>/<run-id>/<target>/` with run.json and one
 * folder per benchmark holding benchmarks.json), for tests of the real results processor.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../../helpers/project';

/** The real GuideLLM report of ../shared (format version 2, two constant-rate levels). */
export const REPORT = path.join(PROJECT_ROOT, '..', 'shared', 'fixtures', 'guidellm-report-v0.8.0.dev18.json');

/** `<results>/<runId>/<target>` with run.json and `chat-demo-ladder/benchmarks.json` holding `report` (the real one by default). */
export function layOutTarget(results: string, runId: string, target: string, report: string | Buffer = fs.readFileSync(REPORT)): string {
  const folder = path.join(results, runId, target);
  fs.mkdirSync(path.join(folder, 'chat-demo-ladder'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'chat-demo-ladder', 'benchmarks.json'), report);
  const run = {
    schemaVersion: 1,
    runId,
    environment: 'demo',
    outcome: 'succeeded',
    target: { name: target, model: 'mistral-3-int4', servedModelName: 'mistral-3-int4', gpuProfile: 'l4-x1', gpuCount: 1, pricePerHour: 0.85, serving: {} },
    guidellm: { version: '0.7.3' },
    benchmarks: [{ name: 'chat-demo-ladder', scenario: 'chat', loadPlan: 'demo-ladder', status: 'succeeded', folder: 'chat-demo-ladder', attempts: [] }],
  };
  fs.writeFileSync(path.join(folder, 'run.json'), JSON.stringify(run));
  return folder;
}
