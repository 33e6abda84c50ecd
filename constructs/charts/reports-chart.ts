/** The `reports` app: the nginx report server with the offline index page of runs and their capacity answers. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ReportServer } from '../report-server';

export class ReportsChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new ReportServer(this, 'ReportServer', { env, image: env.config.reports.image });
  }
}
