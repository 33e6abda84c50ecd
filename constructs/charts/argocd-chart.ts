/**
 * The `argocd` folder, synced by the root Application: the environment's AppProject and one child Application
 * per app folder that has objects, ordered with sync waves.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { StackAppProject, GroupKind } from '../argocd/app-project';
import { ChildApplication } from '../argocd/child-application';
import { allNamespaces } from '../argocd/namespaces';
import { stackNamespaces } from './props';
import { APP_SYNC_WAVES, ChildApp } from '../../domain/apps';
import { applicationName, appProjectName, fleetMemberName, outputRootOf } from '../../domain/names';

/** Apps with objects too large for client-side apply's last-applied annotation (Grafana dashboards). */
export const SERVER_SIDE_APPLY_APPS: readonly ChildApp[] = ['monitoring'];
/** Apps whose custom resources need CRDs that the `operators` app's Subscriptions install. */
export const OPERATOR_CRD_APPS: readonly ChildApp[] = ['monitoring', 'pipelines'];

/** Where an environment's output folders are under `dist/`: `ENV`, or `ENV/CLUSTER` for a fleet's cluster. */
export function outputRoot(env: ResolvedEnvironment): string {
  return outputRootOf(env.name, env.cluster?.name);
}

/** Repository folder of one output folder, as Applications name it. */
export function distPath(env: ResolvedEnvironment, folder: string): string {
  return distFolder(outputRoot(env), folder);
}

/** `dist/ROOT/FOLDER`. */
export function distFolder(root: string, folder: string): string {
  return `dist/${root}/${folder}`;
}

/** What the environment's Applications are named after: `ENV`, or `ENV-CLUSTER` for a fleet's cluster. */
export function applicationPrefix(env: ResolvedEnvironment): string {
  return env.cluster ? fleetMemberName(env.name, env.cluster.name) : env.name;
}

/** One app folder to deploy: its name and the kinds of its namespaced objects (the AppProject's whitelist). */
export interface SyncedApp {
  readonly app: ChildApp;
  readonly namespacedKinds: readonly GroupKind[];
}

/** The app `app` deploys the objects of `chart`; undefined when it has none (no Application then). */
export function syncedApp(app: ChildApp, chart: Chart): SyncedApp | undefined {
  return hasObjects(chart) ? { app, namespacedKinds: namespacedKinds(chart) } : undefined;
}

/**
 * The child Applications, and the AppProject they deploy under; a fleet's cluster has no AppProject of its own (the
 * environment's, in the hub's bootstrap/, lists every cluster: ./fleet-chart.ts) and deploys to its cluster.
 */
export class ArgocdChart extends Chart {
  /** The apps deployed, with their namespaced kinds. */
  readonly apps: readonly SyncedApp[];

  constructor(scope: Construct, id: string, env: ResolvedEnvironment, apps: readonly SyncedApp[]) {
    super(scope, id);
    this.apps = apps;
    const { argocd, argocdNamespace } = env.config;
    const namespaces = stackNamespaces(env);
    const project = env.cluster
      ? { name: appProjectName(env.name) }
      : new StackAppProject(this, 'Project', {
          name: appProjectName(env.name),
          argocdNamespace,
          environment: env.name,
          repoURL: argocd.repoURL,
          destinationNamespaces: allNamespaces(namespaces),
          namespaceResourceWhitelist: apps.flatMap((app) => app.namespacedKinds),
        });
    for (const { app } of apps) {
      new ChildApplication(this, app, {
        name: applicationName(applicationPrefix(env), app),
        argocdNamespace,
        environment: env.name,
        project: project.name,
        repoURL: argocd.repoURL,
        targetRevision: argocd.targetRevision,
        path: distPath(env, app),
        destinationNamespace: namespaces.stack,
        ...(env.cluster ? { destinationCluster: env.cluster.destination, cluster: env.cluster.name } : {}),
        wave: APP_SYNC_WAVES[app],
        automated: argocd.automated,
        createNamespace: true,
        serverSideApply: SERVER_SIDE_APPLY_APPS.includes(app),
        skipDryRunOnMissingResource: OPERATOR_CRD_APPS.includes(app),
      });
    }
  }
}

/** API group of an `apiVersion`: `''` for the core group (`v1`). */
export function apiGroupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}

/** Group and kind of every object of `chart` that sets a namespace. */
export function namespacedKinds(chart: Chart): GroupKind[] {
  return chart.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .filter((o) => o.metadata.namespace !== undefined)
    .map((o) => ({ group: apiGroupOf(o.apiVersion), kind: o.kind }));
}

/** True when `chart` would write at least one object. */
export function hasObjects(chart: Chart): boolean {
  return chart.node.findAll().some((c) => c instanceof ApiObject);
}
