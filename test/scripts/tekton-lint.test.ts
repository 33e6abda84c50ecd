/** scripts/validation/tekton-lint.ts on a good and a bad Tekton fixture (the real @ibm/tekton-lint). */
import * as path from 'path';
import { formatTektonLintProblem, lintTektonDirectory } from '../../scripts/validation/tekton-lint';
import { fixtureDist } from '../helpers/project';

const FIXTURES = path.relative(process.cwd(), path.join(__dirname, '..', 'fixtures', 'tekton-lint'));

test('a good Task and Pipeline: no problems; non-Tekton files are not linted', () => {
  const result = lintTektonDirectory(path.join(FIXTURES, 'good'));
  expect(result.files.map((f) => path.basename(f))).toEqual(['pipeline.yaml', 'task.yaml']);
  expect(result.problems).toEqual([]);
});

test('a bad Task: errors and warnings with file, line and rule', () => {
  const result = lintTektonDirectory(path.join(FIXTURES, 'bad'));
  const file = path.join(FIXTURES, 'bad', 'env-a', 'task.yaml');
  expect(result.problems.map((p) => [p.file, p.line, p.level, p.rule])).toEqual([
    [file, 4, 'error', 'no-invalid-name'],
    [file, 8, 'warning', 'no-latest-image'],
    [file, 9, 'error', 'no-undefined-param'],
  ]);
  expect(formatTektonLintProblem(result.problems[2])).toBe(`${file}:9:25 tekton-lint error no-undefined-param: Undefined param 'who' at .spec.steps[0].command[1] in 'Greet-Task'`);
  expect(lintTektonDirectory(path.join(FIXTURES, 'bad'), { allowWarnings: true }).problems.map((p) => p.rule)).toEqual(['no-invalid-name', 'no-undefined-param']);
});

test("one environment's folder (validate --dir dist/ENV): its PipelineRuns are linted with the Pipeline they name, and tekton-lint's log lines are not taken for the report", () => {
  const env = path.join(fixtureDist('dev'), 'dev');
  const result = lintTektonDirectory(env);
  expect(result.files.map((f) => path.relative(env, f)).sort()).toEqual(expect.arrayContaining(['pipelines/pipeline-guidellm-benchmark.yaml', 'pipelines/task-guidellm-benchmark.yaml']));
  expect(result.files.some((f) => f.includes(`${path.sep}pipelineruns${path.sep}`))).toBe(true);
  expect(result.problems).toEqual([]);
  // a folder of PipelineRuns alone: tekton-lint logs "[time] ERROR … No tekton definitions" and reports []
  expect(lintTektonDirectory(path.join(env, 'pipelineruns')).problems).toEqual([]);
});
