/**
 * The render-command CLI (runtime/render-command/main.ts) bundled by esbuild, like the results processor, into
 * one dependency-free CommonJS file, and the ConfigMap the `guidellm-benchmark` Task mounts it from.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stackLabels } from '../labels';
import { runtimeBundle } from '../runtime-bundle';

/** Name of the ConfigMap holding `render-command.js`; stable API, the Task mounts it. */
export const RENDER_COMMAND_CONFIGMAP = 'guidellm-render-command';
/** File name of the bundle in the ConfigMap. */
export const RENDER_COMMAND_FILE = 'render-command.js';

/** The CLI as one CommonJS file for Node 20. */
export function renderCommandBundle(): string {
  return runtimeBundle('runtime/render-command/main.ts');
}

export interface RenderCommandCodeProps {
  readonly environment: string;
  readonly namespace: string;
}

export class RenderCommandCode extends Construct {
  /** The ConfigMap's name; its key RENDER_COMMAND_FILE holds the program. */
  readonly configMapName: string = RENDER_COMMAND_CONFIGMAP;

  constructor(scope: Construct, id: string, props: RenderCommandCodeProps) {
    super(scope, id);
    new k8s.KubeConfigMap(this, 'Code', {
      metadata: { name: this.configMapName, namespace: props.namespace, labels: stackLabels('pipelines', props.environment) },
      data: { [RENDER_COMMAND_FILE]: renderCommandBundle() },
    });
  }
}
