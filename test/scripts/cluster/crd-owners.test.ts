/**
 * Who installs a missing CRD, and what a dry-run answer means for one object (pure), on the demo manifests
 * plus the OLM Subscription the operators app holds.
 */
import { answerOutcome, missingKindOutcome } from '../../../scripts/cluster/check-outcome';
import { crdInstaller, describeInstaller } from '../../../scripts/cluster/crd-owners';
import { Manifest, applicationsByFolder, readManifests } from '../../../scripts/cluster/manifests';
import { fixtureDist } from '../../helpers/project';

const demo = readManifests(fixtureDist('demo'), 'demo');
/** The demo manifests without their OLM Subscriptions (an environment that installs no operator). */
const withoutSubscriptions = demo.filter((m) => m.object.kind !== 'Subscription');
const subscription: Manifest = {
  file: 'operators/subscription-openshift-pipelines-operator.yaml',
  folder: 'operators',
  object: {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { name: 'openshift-pipelines-operator', namespace: 'openshift-operators' },
    spec: { name: 'openshift-pipelines-operator-rh', channel: 'latest', source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' },
  },
};
const withSubscription = [...withoutSubscriptions, subscription];

test('the folders of dist/ENV map to the Applications that sync them, read from the Applications', () => {
  const apps = applicationsByFolder(demo);
  expect(apps.get('benchmarks')).toBe('demo-benchmarks');
  expect(apps.get('operators')).toBe('demo-operators');
  expect(apps.get('argocd')).toBe('demo-root');
  expect(apps.has('jobs')).toBe(false);
});

test('Tekton is installed by the Application that syncs its Subscription, which is named; without one it is a prerequisite', () => {
  expect(crdInstaller('tekton.dev/v1', withoutSubscriptions)).toEqual({ provider: 'Red Hat OpenShift Pipelines' });
  const installer = crdInstaller('tekton.dev/v1', withSubscription);
  expect(installer).toEqual({
    application: 'demo-operators',
    provider: 'Red Hat OpenShift Pipelines',
    subscription: 'openshift-operators/openshift-pipelines-operator (operators/subscription-openshift-pipelines-operator.yaml)',
  });
  expect(describeInstaller('tekton.dev', installer)).toBe(
    'CRD of tekton.dev not installed yet; the Application demo-operators installs it (Red Hat OpenShift Pipelines, Subscription openshift-operators/openshift-pipelines-operator (operators/subscription-openshift-pipelines-operator.yaml))',
  );
  // the demo's own Subscriptions: the Grafana Operator brings the Grafana kinds of the monitoring app
  expect(crdInstaller('grafana.integreatly.org/v1beta1', demo)).toMatchObject({ application: 'demo-operators', subscription: expect.stringContaining('grafana-operator/') });
});

test('user-workload monitoring is a prerequisite even though the monitoring app holds PrometheusRules', () => {
  expect(crdInstaller('monitoring.coreos.com/v1', demo)).toEqual({ provider: 'OpenShift monitoring (user workload monitoring enabled)' });
});

test('a group no Subscription brings is a prerequisite: no Application installs it', () => {
  expect(crdInstaller('argoproj.io/v1alpha1', demo)).toEqual({ provider: expect.stringContaining('OpenShift GitOps') });
  expect(crdInstaller('example.com/v1', demo)).toEqual({ provider: undefined });
  const pipelineRun = demo.find((m) => m.object.kind === 'PipelineRun')!;
  expect(missingKindOutcome(pipelineRun, demo).result).toBe('skipped');
  const application = demo.find((m) => m.object.kind === 'Application')!;
  expect(missingKindOutcome(application, demo)).toEqual({
    result: 'rejected',
    message: 'CRD of argoproj.io not installed and no Application of this environment installs it (provided by Red Hat OpenShift GitOps (installed before the bootstrap, see README)) (the server does not serve Application in argoproj.io/v1alpha1)',
  });
});

test('answers: 2xx accepted; 403 names the permission; a Status-less error keeps its text', () => {
  const permission = { verb: 'patch', resource: 'routes.route.openshift.io', namespace: 'llm-bench-demo' };
  expect(answerOutcome(201, {}, permission, demo)).toEqual({ result: 'accepted' });
  const forbidden = { kind: 'Status', code: 403, reason: 'Forbidden', message: 'routes.route.openshift.io "reports" is forbidden: User "dev" cannot patch resource "routes" in API group "route.openshift.io" in the namespace "llm-bench-demo"' };
  expect(answerOutcome(403, forbidden, permission, demo)).toEqual({
    result: 'rejected',
    message: `403 Forbidden: missing permission patch routes.route.openshift.io in namespace "llm-bench-demo": ${forbidden.message}`,
  });
  // a webhook's 403 is not an RBAC problem, even when its message says "cannot"
  const webhook = { kind: 'Status', code: 403, reason: 'Forbidden', message: 'admission webhook "validate.example.com" denied the request: routes cannot use this host' };
  expect(answerOutcome(403, webhook, permission, demo)).toEqual({ result: 'rejected', message: `403 Forbidden: ${webhook.message}` });
  expect(answerOutcome(502, '<html>Bad Gateway</html>', permission, demo)).toEqual({ result: 'rejected', message: '502 HTTP 502: <html>Bad Gateway</html>' });
});
