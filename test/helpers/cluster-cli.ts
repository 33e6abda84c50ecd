/**
 * Runs the real cluster command (`npm run cluster`, scripts/cluster/main.ts, with tsx) as a child process, the
 * way a user does: @kubernetes/client-node is ESM-only and is never loaded into jest itself.
 * Run it asynchronously only: the stand-in API server answers from the test's own process.
 */
import { spawn } from 'child_process';
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

/**
 * Runs `cluster ARGS` in a folder whose `dist/` holds the fixture environments {@link CLI_ENVIRONMENTS}, with
 * `env` only (plus PATH): no KUBECONFIG of the machine leaks in.
 * `onStdout` sees output as it arrives (to act on a progress line).
 */
export function runClusterCli(args: string[], env: NodeJS.ProcessEnv, onStdout?: (text: string) => void): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [MAIN, ...args], { cwd: cliWorkingDirectory(), env: { PATH: process.env.PATH, ...env } });
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

/** The working directory of the cluster command: its `dist/` is the fixture environments' (see {@link CLI_ENVIRONMENTS}). */
export const cliWorkingDirectory = (): string => path.dirname(fixtureDist(...CLI_ENVIRONMENTS));
