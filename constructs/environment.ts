/**
 * Everything one environment deploys: one chart per output folder of `dist/ENV/`. Folders named in
 * `SYNCED_APPS` become ArgoCD Applications; the others (`jobs`) are written next to them for `oc create -f`.
 */
import { App, Chart } from 'cdk8s';
import { ResolvedEnvironment } from '../config/resolve';
import { BenchmarksChart } from './charts/benchmarks-chart';
import { JobsChart } from './charts/jobs-chart';
import { OperatorsChart } from './charts/operators-chart';

/** Output folders ArgoCD syncs, in sync order. */
export const SYNCED_APPS = ['operators', 'benchmarks'] as const;
/** Output folders outside every Application's path. */
export const UNSYNCED_FOLDERS = ['jobs'] as const;

export type OutputFolder = (typeof SYNCED_APPS)[number] | (typeof UNSYNCED_FOLDERS)[number];

/** Builds the charts of one environment, keyed by output folder. */
export function buildEnvironment(env: ResolvedEnvironment): Map<OutputFolder, Chart> {
  const app = new App({ outdir: '/nonexistent' }); // never synthesized to disk by cdk8s: synth/ writes the files
  return new Map<OutputFolder, Chart>([
    ['operators', new OperatorsChart(app, 'operators', env)],
    ['benchmarks', new BenchmarksChart(app, 'benchmarks', env)],
    ['jobs', new JobsChart(app, 'jobs', env)],
  ]);
}
