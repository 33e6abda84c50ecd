/**
 * The real `promtool` (Debian package `prometheus`; CI installs it with apt): `check rules` and `test rules` on
 * files a test writes. A missing promtool fails the test with how to install it, never skips it.
 */
import { spawn } from 'child_process';
import { PROMTOOL, requireBinary } from './binaries';

export { PROMTOOL };

/** Throws a clear error when promtool is not installed. */
export const requirePromtool = (): void => requireBinary(PROMTOOL);

/** Runs promtool with `args` (asynchronously: the 2 cores are shared); resolves with its exit code and output. */
export function promtool(args: string[], cwd?: string): Promise<{ code: number | null; output: string }> {
  requirePromtool();
  return new Promise((resolve) => {
    const child = spawn(PROMTOOL, args, { cwd });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}
