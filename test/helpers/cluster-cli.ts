/**
 * Runs the real cluster command (scripts/cluster/main.ts) as a child process, the way a user does:
 * @kubernetes/client-node is ESM-only and is never loaded into jest itself.
 * Run it asynchronously only: the stand-in API server answers from the test's own process.
 *
 * The sources are bundled once per test file with esbuild (the bundler synth already uses) and run with node:
 * starting it then costs ~0.3 s of CPU instead of ~2 s for tsx to load some 600 modules, and the suite runs the
 * command some 25 times on two cores. `viaTsx` runs `npm run cluster`'s own command line (tsx) instead.
 */
import { spawn } from 'child_process';
import { buildSync } from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixtureDist, PROJECT_ROOT } from './project';

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(PROJECT_ROOT, 'scripts', 'cluster', 'main.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The fixture environments whose dist/ the cluster command reads by default. */
export const CLI_ENVIRONMENTS = ['demo'];

/** The working directory of the cluster command: its `dist/` is the fixture environments' (see {@link CLI_ENVIRONMENTS}). */
export const cliWorkingDirectory = (): string => path.dirname(fixtureDist(...CLI_ENVIRONMENTS));

let bundle: string | undefined;

/** scripts/cluster/main.ts bundled into one CommonJS file (once per test file, removed when the process exits). */
function clusterBundle(): string {
  if (bundle === undefined) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-cli-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const outfile = path.join(dir, 'cluster.cjs');
    buildSync({ entryPoints: [MAIN], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error', absWorkingDir: PROJECT_ROOT });
    bundle = outfile;
  }
  return bundle;
}

/** The command line of the cluster command: the bundle with node, or (`viaTsx`) tsx on the sources as `npm run cluster` does. */
export function clusterCommand(options: { viaTsx?: boolean } = {}): string[] {
  return options.viaTsx ? [TSX, MAIN] : [process.execPath, clusterBundle()];
}

/**
 * Runs `cluster ARGS` in {@link cliWorkingDirectory} with `env` only (plus PATH): no KUBECONFIG of the machine
 * leaks in. `onStdout` sees output as it arrives (to act on a progress line).
 */
export function runClusterCli(args: string[], env: NodeJS.ProcessEnv, onStdout?: (text: string) => void, options: { viaTsx?: boolean } = {}): Promise<CliResult> {
  const [command, ...prefix] = clusterCommand(options);
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...args], { cwd: cliWorkingDirectory(), env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onStdout?.(String(d));
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
