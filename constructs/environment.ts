/**
 * Everything one environment deploys: one chart per output folder of `dist/ENV/`. The app folders in
 * `CHILD_APPS` that have objects become child Applications of the environment's root Application, whose own
 * folder is `argocd`; the folders in `UNSYNCED_FOLDERS` are written next to them, outside every Application's
 * path (`jobs` and `pipelineruns` for `oc create -f`, `bootstrap` applied once by hand).
 */
import { App, Chart } from 'cdk8s';
import { ResolvedEnvironment } from '../config/resolve';
import { CHILD_APPS, OutputFolder } from '../domain/apps';
import { ArgocdChart, hasObjects, SyncedApp } from './charts/argocd-chart';
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

/** Builds the charts of one environment, keyed by output folder. */
export function buildEnvironment(env: ResolvedEnvironment): Map<OutputFolder, Chart> {
  // one App per chart: cdk8s resolves dependencies and validates the whole App at each chart's toJson(); the
  // charts do not depend on each other's objects. Never synthesized to disk by cdk8s: synth/ writes the files.
  const app = () => new App({ outdir: '/nonexistent' });
  const builds = targetBuilds(env); // what two apps each ship of every target, built once
  const apps = new Map<(typeof CHILD_APPS)[number], Chart>([
    ['operators', new OperatorsChart(app(), 'operators', env)],
    ['monitoring', new MonitoringChart(app(), 'monitoring', env)],
    ['pipelines', new PipelinesChart(app(), 'pipelines', env, builds)],
    ['benchmarks', new BenchmarksChart(app(), 'benchmarks', env, builds)],
    ['workbench', new WorkbenchChart(app(), 'workbench', env)],
    ['reports', new ReportsChart(app(), 'reports', env)],
  ]);
  const synced: SyncedApp[] = CHILD_APPS.filter((name) => hasObjects(apps.get(name)!)).map((name) => ({ app: name, chart: apps.get(name)! }));
  return new Map<OutputFolder, Chart>([
    ...apps,
    ['argocd', new ArgocdChart(app(), 'argocd', env, synced)],
    ['jobs', new JobsChart(app(), 'jobs', env, builds)],
    ['pipelineruns', new PipelineRunsChart(app(), 'pipelineruns', env, builds)],
    ['bootstrap', new BootstrapChart(app(), 'bootstrap', env)],
  ]);
}
