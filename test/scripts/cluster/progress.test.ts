/** The run's state from its Jobs and the progress display (pure). */
import { formatElapsed, isFinished, jobState, renderProgress, runIdFromTime } from '../../../scripts/cluster/progress';

const condition = (type: string, reason: string, message: string) => ({ type, status: 'True', reason, message });
const job = (name: string, status: any) => ({ metadata: { name }, status });
const running = (name: string) => job(name, { startTime: '2026-12-01T02:00:05Z', active: 1 });
const complete = (name: string) => job(name, { startTime: 't', conditions: [condition('SuccessCriteriaMet', 'CompletionsReached', ''), condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods')] });
const failed = (name: string) => job(name, { startTime: 't', conditions: [condition('FailureTarget', 'DeadlineExceeded', 'x'), condition('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline')] });

test('a Job is waiting, running, complete or failed (with reason and message) by its conditions', () => {
  expect(jobState(undefined)).toEqual({ state: 'waiting' });
  expect(jobState(job('a', {}))).toEqual({ state: 'waiting' });
  expect(jobState(running('a'))).toEqual({ state: 'running' });
  expect(jobState(complete('a'))).toEqual({ state: 'complete' });
  expect(jobState(failed('a'))).toEqual({ state: 'failed', reason: 'DeadlineExceeded: Job was active longer than specified deadline' });
  // a condition that is not True does not count
  expect(jobState(job('a', { active: 1, conditions: [{ type: 'Failed', status: 'False' }] }))).toEqual({ state: 'running' });
});

test('the run id is the dispatcher Job creation time, as dispatch.sh derives it', () => {
  expect(runIdFromTime('2026-11-24T02:00:00Z')).toBe('20261124-020000');
});

test('elapsed time reads m:ss, then h:mm:ss', () => {
  expect(formatElapsed(5)).toBe('0:05');
  expect(formatElapsed(65.9)).toBe('1:05');
  expect(formatElapsed(3723)).toBe('1:02:03');
});

test('the display: Jobs done of total, elapsed, one aligned line per target with its Job and failure reason', () => {
  const lines = renderProgress({
    title: 'run 20261201-020000 in llm-bench',
    elapsedSeconds: 125,
    targets: [
      { target: 'granite-8b-l4-x1', job: complete('guidellm-granite-8b-l4-x1-abcde') },
      { target: 'mistral-3-bf16-l4-x4', job: failed('guidellm-mistral-3-bf16-l4-x4-fghij') },
      { target: 'gpt-oss-20b-l4-x4', job: running('guidellm-gpt-oss-20b-l4-x4-klmno') },
      { target: 'devstral-2-l4-x4' },
    ],
  });
  expect(lines).toEqual([
    'run 20261201-020000 in llm-bench: 2/4 Jobs done, 2:05 elapsed',
    '  granite-8b-l4-x1      complete  guidellm-granite-8b-l4-x1-abcde',
    '  mistral-3-bf16-l4-x4  failed    guidellm-mistral-3-bf16-l4-x4-fghij  (DeadlineExceeded: Job was active longer than specified deadline)',
    '  gpt-oss-20b-l4-x4     running   guidellm-gpt-oss-20b-l4-x4-klmno',
    '  devstral-2-l4-x4      waiting ',
  ]);
});

test('a failed dispatcher is shown; a whole run is finished when the dispatcher ends, a single Job when it ends', () => {
  const dispatcher = failed('benchmark-dispatcher-manual-x2k4q');
  const lines = renderProgress({ title: 't', elapsedSeconds: 0, targets: [{ target: 'a' }], dispatcher });
  expect(lines[2]).toBe('  dispatcher benchmark-dispatcher-manual-x2k4q failed: DeadlineExceeded: Job was active longer than specified deadline');
  expect(isFinished({ targets: [{ target: 'a' }], dispatcher })).toBe(true);
  expect(isFinished({ targets: [{ target: 'a', job: complete('j') }], dispatcher: running('d') })).toBe(false);
  expect(isFinished({ targets: [{ target: 'a', job: running('j') }] })).toBe(false);
  expect(isFinished({ targets: [{ target: 'a', job: failed('j') }] })).toBe(true);
});
