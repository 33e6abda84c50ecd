/** The `reports` app: the nginx report server with the offline index page of runs and their capacity answers. */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../../config/resolve';
import { ReportServer, ReportServerProps } from '../report-server';
import { readerLocation } from './props';

export class ReportsChart extends Chart {
  constructor(scope: Construct, id: string, env: ResolvedEnvironment) {
    super(scope, id);
    new ReportServer(this, 'ReportServer', reportServerProps(env));
  }
}

/** The environment's slice the report server is built from. */
export function reportServerProps(env: ResolvedEnvironment): ReportServerProps {
  const { namespace, appsDomain, results, reports, oauthProxy, processor } = env.config;
  const location = readerLocation(env);
  const store = results.objectStore;
  // object-store mode: the reader reads the bucket with the read-only Secret, in the processor's Node image
  const reader =
    location && store
      ? { image: processor.image, location, credentialsSecret: store.readerCredentialsSecret, ...(store.caBundle ? { caBundle: store.caBundle } : {}) }
      : undefined;
  return { environment: env.name, namespace, appsDomain, results, image: reports.image, signIn: reports.signIn, oauthProxy, ...(reader ? { reader } : {}) };
}
