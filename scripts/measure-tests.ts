/**
 * `npm run measure:tests [-- RUNS]`: runs the whole `npm test` RUNS times (default 3), the way a person runs it,
 * and prints each run's wall time, the median (goal ≤ 120 s on a 2-core machine with the Debian packages present)
 * and the ten slowest test files of the median run. Exits 1 when a run fails or the median is above the goal.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const GOAL_SECONDS = 120;

interface JestReport {
  readonly success: boolean;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly startTime: number;
    readonly endTime: number;
    readonly assertionResults: readonly { readonly fullName: string; readonly status: string; readonly failureMessages: readonly string[] }[];
  }[];
}

function main(): number {
  const runs = Number(process.argv[2] ?? 3);
  const root = path.join(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-tests-'));
  const measured: { seconds: number; report: JestReport }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const output = path.join(dir, `run-${i}.json`);
      const start = process.hrtime.bigint();
      const result = spawnSync('npm', ['test', '--', '--ci', '--silent', '--json', `--outputFile=${output}`], { cwd: root, encoding: 'utf8' });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (!fs.existsSync(output)) {
        console.error(`run ${i + 1}: jest wrote no report (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
        return 1;
      }
      const report = JSON.parse(fs.readFileSync(output, 'utf8')) as JestReport;
      console.log(`run ${i + 1}: ${seconds.toFixed(1)} s, ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
      if (!report.success) {
        for (const file of report.testResults) {
          for (const a of file.assertionResults.filter((x) => x.status === 'failed')) {
            console.error(`  failed: ${path.relative(root, file.name)} › ${a.fullName}\n${a.failureMessages.join('\n').slice(0, 1500)}`);
          }
        }
        return 1;
      }
      measured.push({ seconds, report });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...measured].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`npm test, ${runs} runs on ${os.cpus().length} cores: median ${median.seconds.toFixed(1)} s (goal ≤ ${GOAL_SECONDS} s)`);
  console.log('slowest files of the median run (wall time, files run in parallel):');
  const files = median.report.testResults.map((t) => ({ file: path.relative(root, t.name), seconds: (t.endTime - t.startTime) / 1000 }));
  for (const f of files.sort((a, b) => b.seconds - a.seconds).slice(0, 10)) console.log(`  ${f.seconds.toFixed(1).padStart(6)} s  ${f.file}`);
  return median.seconds <= GOAL_SECONDS ? 0 : 1;
}

process.exitCode = main();
