/** The `workbench` app: the GuideLLM workbench (Streamlit) with one preset per target of the environment. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { Workbench } from '../workbench';

export class WorkbenchChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new Workbench(this, 'Workbench', { env, image: env.config.workbench.image });
  }
}
