/**
 * A fleet's `bootstrap` folder on the hub (`dist/ENV/bootstrap/`, applied once by hand in the cluster ArgoCD runs
 * in): the Application health check for OpenShift GitOps (a patch file), the environment's AppProject, which lists
 * exactly the declared clusters (each with the namespaces its stack deploys into) and the kinds the clusters' apps
 * create, and the ApplicationSet that makes each cluster's root Application. Each cluster's own bootstrap/
 * (`dist/ENV/CLUSTER/bootstrap/`, ./bootstrap-chart.ts) is applied on that cluster.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { appProjectName, fleetApplicationSetName, fleetMemberName, outputRootOf, rootApplicationName } from '../../domain/names';
import { CLUSTER_PLACEHOLDER, FleetApplicationSet } from '../argocd/application-set';
import { StackAppProject } from '../argocd/app-project';
import { ApplicationHealthCheck } from '../argocd/health-check';
import { allNamespaces } from '../argocd/namespaces';
import { distFolder, SyncedApp } from './argocd-chart';
import { stackNamespaces } from './props';

export class FleetChart extends Chart {
  /**
   * @param env the fleet (its `clusters` resolved)
   * @param apps per cluster name, the apps its argocd chart deploys (the AppProject's kinds)
   */
  constructor(scope: Construct, id: string, env: ResolvedEnvironment, apps: ReadonlyMap<string, readonly SyncedApp[]>) {
    super(scope, id);
    const members = env.clusters ?? [];
    if (members.length === 0) throw new Error(`fleet chart: environment ${env.name} declares no clusters`);
    const { argocd, argocdNamespace } = env.config;
    new ApplicationHealthCheck(this, 'HealthCheck');
    new StackAppProject(this, 'Project', {
      name: appProjectName(env.name),
      argocdNamespace,
      environment: env.name,
      repoURL: argocd.repoURL,
      destinationNamespaces: [],
      clusterDestinations: members.map((m) => ({ cluster: m.cluster!.destination, namespaces: allNamespaces(stackNamespaces(m)) })),
      namespaceResourceWhitelist: members.flatMap((m) => (apps.get(m.cluster!.name) ?? []).flatMap((app) => app.namespacedKinds)),
    });
    new FleetApplicationSet(this, 'ApplicationSet', {
      name: fleetApplicationSetName(env.name),
      argocdNamespace,
      environment: env.name,
      clusters: members.map((m) => m.cluster!.name),
      repoURL: argocd.repoURL,
      targetRevision: argocd.targetRevision,
      rootName: rootApplicationName(fleetMemberName(env.name, CLUSTER_PLACEHOLDER)),
      path: distFolder(outputRootOf(env.name, CLUSTER_PLACEHOLDER), 'argocd'),
      automated: argocd.automated,
    });
  }
}
