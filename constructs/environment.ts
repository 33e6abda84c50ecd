/**
 * Everything one environment deploys: one chart per output folder of `dist/ENV/`. The app folders in
 * `CHILD_APPS` that have objects become child Applications of the environment's root Application, whose own
 * folder is `argocd`; the folders in `UNSYNCED_FOLDERS` are written next to them, outside every Application's
 * path (`jobs` and `pipelineruns` for `oc create -f`, `bootstrap` applied once by hand).
 */
import { App, Chart } from 'cdk8s';
import { ResolvedEnvironment } from '../config/resolve';
import { CHILD_APPS, OutputFolder } from '../domain/apps';
import { ArgocdChart, SyncedApp, syncedApp } from './charts/argocd-chart';
import { BenchmarksChart } from './charts/benchmarks-chart';
import { BootstrapChart } from './charts/bootstrap-chart';
import { JobsChart } from './charts/jobs-chart';
import { MonitoringChart } from './charts/monitoring-chart';
import { OperatorsChart } from './charts/operators-chart';
import { PipelineRunsChart } from './charts/pipelineruns-chart';
import { PipelinesChart } from './charts/pipelines-chart';
import { targetBuilds } from './charts/props';
import { ReportsChart } from './charts/reports-chart';
import { WorkbenchChart } from './charts/workbench-chart';

/**
 * The charts of one environment with their output folders, each built when the consumer asks for the next one:
 * synth renders a chart before it asks for the next, so at hundreds of targets one chart's construct tree is in
 * memory at a time, not ten. Each chart has an App of its own (cdk8s resolves and validates a chart's whole App at
 * its `toJson()`; the charts do not depend on each other's objects), never synthesized to disk by cdk8s: synth/
 * writes the files. The `argocd` chart comes after the apps it deploys.
 */
export function* environmentCharts(env: ResolvedEnvironment): Generator<[OutputFolder, Chart]> {
  const app = chartApp;
  // what two apps each ship of every target (its Job, its PipelineRun template), built once
  const builds = targetBuilds(env);
  const charts: Record<(typeof CHILD_APPS)[number], () => Chart> = {
    operators: () => new OperatorsChart(app(), 'operators', env),
    monitoring: () => new MonitoringChart(app(), 'monitoring', env),
    pipelines: () => new PipelinesChart(app(), 'pipelines', env, builds),
    benchmarks: () => new BenchmarksChart(app(), 'benchmarks', env, builds),
    workbench: () => new WorkbenchChart(app(), 'workbench', env),
    reports: () => new ReportsChart(app(), 'reports', env),
  };
  const synced: SyncedApp[] = [];
  for (const name of CHILD_APPS) {
    const chart = charts[name]();
    const deployed = syncedApp(name, chart);
    if (deployed) synced.push(deployed);
    yield [name, chart];
  }
  yield ['argocd', new ArgocdChart(app(), 'argocd', env, synced)];
  yield ['jobs', new JobsChart(app(), 'jobs', env, builds)];
  yield ['pipelineruns', new PipelineRunsChart(app(), 'pipelineruns', env, builds)];
  yield ['bootstrap', new BootstrapChart(app(), 'bootstrap', env)];
}

/** The App of one chart, never synthesized to disk by cdk8s (synth/ writes the files). */
export function chartApp(): App {
  return new App({ outdir: '/nonexistent' });
}

/** All charts of one environment at once, keyed by output folder. */
export function buildEnvironment(env: ResolvedEnvironment): Map<OutputFolder, Chart> {
  return new Map(environmentCharts(env));
}
