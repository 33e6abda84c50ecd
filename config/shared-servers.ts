/**
 * Environments on one cluster must not benchmark one server at the same time: their runs would load each other's
 * endpoint and both report the other's traffic. One cluster = one `appsDomain`; one server = one endpoint URL, or one
 * deployment in one serving namespace; at the same time = their nightly runs (each from its schedule's start for as
 * long as its longest Job may take) overlap within a fixed five-week span, so the answer never depends on today.
 */
import { jobDeadlineSeconds } from '../domain/benchmark-timing';
import { CRON_SPAN as SPAN, cronStarts } from './cron';
import { ResolvedEnvironment } from './resolve';


export interface SharedServerProblem {
  readonly environment: string;
  readonly path: (string | number)[];
  readonly message: string;
}

/** A run's window [start, end) in Unix ms, for every start of the environment's schedule in SPAN. */
function runWindows(env: ResolvedEnvironment): [number, number][] {
  const longest = Math.max(0, ...env.targets.map((t) => jobDeadlineSeconds(t, env.config.guidellm.startupAllowanceSeconds, env.htmlReport)));
  return cronStarts(env.config.schedule, env.config.timeZone, SPAN.from, SPAN.to).map((s) => [s, s + longest * 1000]);
}

function overlap(a: [number, number][], b: [number, number][]): [number, number] | undefined {
  for (const x of a) for (const y of b) if (x[0] < y[1] && y[0] < x[1]) return [Math.max(x[0], y[0]), Math.min(x[1], y[1])];
  return undefined;
}

/** One problem per target (of the later environment, by name) whose server an earlier environment on its cluster benchmarks at the same time. */
export function sharedServerProblems(environments: readonly ResolvedEnvironment[]): SharedServerProblem[] {
  const problems: SharedServerProblem[] = [];
  const windows = new Map<string, [number, number][]>();
  const windowsOf = (env: ResolvedEnvironment) => windows.get(env.name) ?? windows.set(env.name, runWindows(env)).get(env.name)!;
  const sorted = [...environments].sort((a, b) => a.name.localeCompare(b.name));
  sorted.forEach((later, j) => {
    for (const earlier of sorted.slice(0, j)) {
      if (earlier.config.appsDomain !== later.config.appsDomain) continue;
      if (earlier.config.namespace === later.config.namespace) {
        // one namespace holds one stack: the same object names (dispatcher, report server, results PVC) would clash
        problems.push({
          environment: later.name,
          path: ['namespace'],
          message: `environments ${earlier.name} and ${later.name} both use namespace "${later.config.namespace}" on cluster ${later.config.appsDomain}: one stack per namespace; give ${later.name} its own`,
        });
      }
      const servers = new Map<string, string>();
      for (const t of earlier.targets) {
        servers.set(`endpoint ${t.endpoint}`, t.name);
        servers.set(`deployment ${earlier.config.servingNamespace}/${t.deployment}`, t.name);
      }
      later.targets.forEach((t, i) => {
        const server = [`endpoint ${t.endpoint}`, `deployment ${later.config.servingNamespace}/${t.deployment}`].find((k) => servers.has(k));
        if (!server) return;
        const when = overlap(windowsOf(earlier), windowsOf(later));
        if (!when) return;
        problems.push({
          environment: later.name,
          path: ['targets', i],
          message:
            `environments ${earlier.name} (target ${servers.get(server)}) and ${later.name} (target ${t.name}) benchmark the same ${server.replace(' ', ' "')}" ` +
            `on cluster ${later.config.appsDomain} at the same time (e.g. ${new Date(when[0]).toISOString().slice(0, 16)}Z): ` +
            'give one environment another schedule, or benchmark another deployment',
        });
      });
    }
  });
  return problems;
}
