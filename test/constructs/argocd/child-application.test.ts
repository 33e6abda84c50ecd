import { Chart, Testing } from 'cdk8s';
import { ChildApplication, ChildApplicationProps } from '../../../constructs/argocd/child-application';

const base: ChildApplicationProps = {
  name: 'demo-monitoring',
  argocdNamespace: 'openshift-gitops',
  environment: 'demo',
  project: 'llmbench-demo',
  repoURL: 'https://example.com/repo.git',
  targetRevision: 'v1.2.3',
  path: 'dist/demo/monitoring',
  destinationNamespace: 'bench',
  wave: 1,
  automated: { prune: false, selfHeal: true },
};

function synth(props: Partial<ChildApplicationProps>) {
  const chart = new Chart(Testing.app(), 'test');
  new ChildApplication(chart, 'app', { ...base, ...props });
  return Testing.synth(chart)[0];
}

test('a large-object app with CRs of operator CRDs: server-side apply and skipped dry run', () => {
  const app = synth({ serverSideApply: true, skipDryRunOnMissingResource: true });
  expect(app).toMatchSnapshot();
  expect(app.spec.syncPolicy.syncOptions).toEqual([
    'CreateNamespace=true',
    'ServerSideApply=true',
    'SkipDryRunOnMissingResource=true',
    'PruneLast=true',
    'RespectIgnoreDifferences=true',
  ]);
  expect(app.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
  expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
});

test('a destination namespace that is not ours is not created', () => {
  expect(synth({ createNamespace: false }).spec.syncPolicy.syncOptions).toEqual(['PruneLast=true', 'RespectIgnoreDifferences=true']);
});
