/** Start a real server binary on loopback for a test, wait until it answers, and stop it again. */
import { ChildProcess, spawn } from 'child_process';

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  readonly output: () => string;
}

/** Spawns `binary args`, then polls `readyUrl` until it answers 200 (or throws with the process output). */
export async function startServer(binary: string, args: readonly string[], readyUrl: string, timeoutMs = 15_000): Promise<RunningProcess> {
  const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(readyUrl)).ok) return { child, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${binary} not ready on ${readyUrl} within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then wait for the exit (SIGKILL after 5 s). */
export async function stopServer(running: RunningProcess | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((r) => running.child.once('exit', r));
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
