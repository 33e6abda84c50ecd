/**
 * The render-command CLI (runtime/render-command/main.ts) bundled by esbuild, like the results processor, into
 * one dependency-free CommonJS file, and the ConfigMap the `guidellm-benchmark` Task mounts it from.
 */
import * as path from 'path';
import { buildSync } from 'esbuild';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { stackLabels } from '../labels';

/** Name of the ConfigMap holding `render-command.js`; stable API, the Task mounts it. */
export const RENDER_COMMAND_CONFIGMAP = 'guidellm-render-command';
/** File name of the bundle in the ConfigMap. */
export const RENDER_COMMAND_FILE = 'render-command.js';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
let bundle: string | undefined;

/** The CLI as one CommonJS file for Node 20, built once per process. */
export function renderCommandBundle(): string {
  if (bundle === undefined) {
    const result = buildSync({
      entryPoints: ['runtime/render-command/main.ts'],
      absWorkingDir: PROJECT_ROOT, // file comments stay relative: the same bytes on every machine
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0].text;
  }
  return bundle;
}

export interface RenderCommandCodeProps {
  readonly environment: string;
  readonly namespace: string;
}

export class RenderCommandCode extends Construct {
  constructor(scope: Construct, id: string, props: RenderCommandCodeProps) {
    super(scope, id);
    new k8s.KubeConfigMap(this, 'Code', {
      metadata: { name: RENDER_COMMAND_CONFIGMAP, namespace: props.namespace, labels: stackLabels('pipelines', props.environment) },
      data: { [RENDER_COMMAND_FILE]: renderCommandBundle() },
    });
  }
}
