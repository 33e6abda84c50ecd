/**
 * The environment's root Application (app-of-apps): syncs `dist/ENV/argocd/` (the AppProject and the child
 * Applications) into the ArgoCD namespace. It is written to `dist/ENV/bootstrap/`, outside every Application's
 * path, and applied once by hand; from then on everything comes from git.
 */
import { Construct } from 'constructs';
import { Application } from '../../imports/application-argoproj.io';
import { stackLabels } from '../labels';
import { syncedSpec } from './child-application';

/**
 * The project of the root Application. Not the environment's AppProject: that one is created by this very
 * Application, and it allows neither the ArgoCD namespace nor Application objects. OpenShift GitOps creates
 * `default` with every instance.
 */
export const ROOT_PROJECT = 'default';

export interface RootApplicationProps {
  /** Application name (`rootApplicationName(env)`). */
  readonly name: string;
  /** Namespace of the ArgoCD instance: where this Application and its children live. */
  readonly argocdNamespace: string;
  /** Environment name, for labels. */
  readonly environment: string;
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder holding the AppProject and the child Applications, e.g. `dist/dev/argocd`. */
  readonly path: string;
  /** Automated sync, or `false` to sync only on request. */
  readonly automated: false | { readonly prune: boolean; readonly selfHeal: boolean };
  /**
   * AppProject of this Application.
   * @default ROOT_PROJECT
   */
  readonly project?: string;
}

export class RootApplication extends Construct {
  readonly name: string;

  constructor(scope: Construct, id: string, props: RootApplicationProps) {
    super(scope, id);
    this.name = props.name;
    new Application(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.argocdNamespace,
        labels: stackLabels('argocd', props.environment),
      },
      spec: {
        project: props.project ?? ROOT_PROJECT,
        // the ArgoCD namespace is not ours: no CreateNamespace
        ...syncedSpec({ ...props, destinationNamespace: props.argocdNamespace, syncOptions: ['PruneLast=true'] }),
      },
    });
  }
}
