/** The short plan `npm run synth` prints per environment: targets, benchmarks, expected wall time of a run. */
import { ResolvedEnvironment } from '../config/resolve';
import { runCost, targetBenchmarkSeconds } from '../domain/benchmark-timing';
import { loadLevels } from '../domain/load-profiles';

export function describePlan(env: ResolvedEnvironment): string {
  // a fleet: each cluster's own plan (its targets, its prices)
  if (env.clusters) return [`${env.name}: a fleet of ${env.clusters.length} cluster(s), one ApplicationSet (dist/${env.name}/bootstrap/)`, ...env.clusters.map(describePlan)].join('\n');
  const name = env.cluster ? `${env.name}/${env.cluster.name}` : env.name;
  const benchmarks = env.targets.reduce((n, t) => n + t.benchmarks.length, 0);
  // Targets run in parallel: a run takes as long as its longest target.
  const wall = Math.max(0, ...env.targets.map(targetBenchmarkSeconds));
  const lines = [
    `${name}: ${env.targets.length} target(s), ${benchmarks} benchmark(s), expected wall time of a run ${duration(wall)} (targets in parallel), GuideLLM ${env.guidellmVersion.text}, schedule "${env.config.schedule}" ${env.config.timeZone}`,
    `  cost of a run: ${costText(env)}`,
  ];
  for (const target of env.targets) {
    const parts = target.benchmarks.map((b) => `${b.name} (${loadLevels(b.plan)} level(s) × ${b.plan.maxSeconds}s)`);
    lines.push(`  ${target.name}: ${duration(targetBenchmarkSeconds(target))}: ${parts.join(', ')}`);
  }
  if (!env.config.internet) lines.push(`  internet: false: mirror these images to the cluster's registry: ${environmentImages(env).join(' ')}`);
  return lines.join('\n');
}

/** Every image the environment's pods pull, sorted: what a disconnected cluster must mirror. */
export function environmentImages(env: ResolvedEnvironment): string[] {
  const c = env.config;
  const grafana = c.monitoring.grafana.version;
  const images = [
    c.guidellm.image,
    c.processor.image,
    c.dispatcher.image,
    c.reports.image,
    c.workbench.image,
    ...(c.monitoring.grafana.signIn === 'openshift' || c.workbench.signIn === 'openshift' || c.reports.signIn === 'openshift' ? [c.oauthProxy.image] : []),
    ...(c.publish.pushgateway !== false && 'deploy' in c.publish.pushgateway ? [c.publish.pushgateway.image] : []),
    // the Grafana Operator runs docker.io/grafana/grafana:<version> unless a full reference is given
    grafana.includes('/') ? grafana : `docker.io/grafana/grafana:${grafana}`,
  ];
  return [...new Set(images)].sort();
}

/** GPU-hours and dollars of one run (one replica per target), against the budget when there is one. */
function costText(env: ResolvedEnvironment): string {
  const cost = runCost(env.targets);
  const budget = env.config.budget;
  const limits = [budget?.gpuHoursPerRun !== undefined ? `${budget.gpuHoursPerRun} GPU-h` : undefined, budget?.dollarsPerRun !== undefined ? `$${budget.dollarsPerRun}` : undefined].filter(Boolean);
  return `${cost.gpuHours.toFixed(2)} GPU-hours, $${cost.dollars.toFixed(2)} at the GPU profiles' prices${limits.length ? ` (budget ${limits.join(', ')})` : ''}`;
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m`;
}
