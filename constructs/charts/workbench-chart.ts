/** The `workbench` app: the GuideLLM workbench (Streamlit) with one preset per target of the environment. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { Workbench, WorkbenchProps } from '../workbench';

export class WorkbenchChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new Workbench(this, 'Workbench', workbenchProps(env));
  }
}

/** The environment's slice the workbench is built from. */
export function workbenchProps(env: ResolvedEnvironment): WorkbenchProps {
  const { namespace, appsDomain, oauthProxy, workbench } = env.config;
  return { environment: env.name, namespace, appsDomain, targets: env.targets, oauthProxy, image: workbench.image, signIn: workbench.signIn };
}
