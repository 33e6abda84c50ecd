/**
 * The operators app: the Grafana Operator's Subscription and AllNamespaces OperatorGroup in its own namespace,
 * OpenShift Pipelines' Subscription in openshift-operators without an OperatorGroup and behind its switch, sync
 * waves before the apps with the CRs, schema validation, and bad configuration.
 */
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { loadConfig } from '../../config/load';
import { ResolvedEnvironment } from '../../config/resolve';
import { APP_SYNC_WAVES, ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../constructs/argocd/sync';
import { BootstrapChart } from '../../constructs/charts/bootstrap-chart';
import { MonitoringChart } from '../../constructs/charts/monitoring-chart';
import { OperatorsChart } from '../../constructs/charts/operators-chart';
import { validateDocuments } from '../../scripts/validation';
import { parseDocuments } from '../../scripts/validation/documents';
import { formatProblem } from '../../scripts/validation/report';
import { devErrors, devWith } from '../helpers/config-edit';
import { PROJECT_ROOT } from '../helpers/project';

const demo = loadConfig(PROJECT_ROOT, { only: 'demo' }).environments[0];
const synth = (env: ResolvedEnvironment = demo) => Testing.synth(new OperatorsChart(Testing.app(), 'operators', env));
const wave = (o: any) => Number(o.metadata.annotations[ARGOCD_ANNOTATIONS.syncWave]);

describe('operators app', () => {
  const objects = synth();
  const subscriptions = objects.filter((o) => o.kind === 'Subscription');
  const groups = objects.filter((o) => o.kind === 'OperatorGroup');
  const sub = (ns: string) => subscriptions.find((s) => s.metadata.namespace === ns)!;

  test('snapshot (demo)', () => {
    expect(objects).toMatchSnapshot();
  });

  test('Grafana Operator v5 from community-operators, in grafana-operator, with an AllNamespaces OperatorGroup', () => {
    expect(sub('grafana-operator').metadata.name).toBe('grafana-operator');
    expect(sub('grafana-operator').spec).toEqual({
      name: 'grafana-operator',
      channel: 'v5',
      source: 'community-operators',
      sourceNamespace: 'openshift-marketplace',
      installPlanApproval: 'Automatic',
    });
    expect(groups).toHaveLength(1);
    expect(groups[0].metadata).toMatchObject({ name: 'grafana-operator', namespace: 'grafana-operator' });
    // no targetNamespaces: all namespaces
    expect(groups[0].spec).toEqual({});
    const ns = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    expect(ns).toEqual([demo.config.namespace, 'grafana-operator']);
  });

  test('OpenShift Pipelines from redhat-operators in openshift-operators, and no OperatorGroup there', () => {
    expect(sub('openshift-operators').spec).toEqual({
      name: 'openshift-pipelines-operator-rh',
      channel: 'latest',
      source: 'redhat-operators',
      sourceNamespace: 'openshift-marketplace',
      installPlanApproval: 'Automatic',
    });
    expect(groups.filter((g) => g.metadata.namespace === 'openshift-operators')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'Namespace' && o.metadata.name === 'openshift-operators')).toEqual([]);
  });

  test('waves: namespaces, then the OperatorGroup, then the Subscriptions; the app before monitoring and pipelines', () => {
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'grafana-operator')!;
    expect(wave(ns)).toBe(RESOURCE_SYNC_WAVES.namespaces);
    expect(wave(groups[0])).toBe(RESOURCE_SYNC_WAVES.access);
    for (const s of subscriptions) expect(wave(s)).toBe(RESOURCE_SYNC_WAVES.prerequisites);
    expect(wave(ns)).toBeLessThan(wave(groups[0]));
    expect(wave(groups[0])).toBeLessThan(wave(subscriptions[0]));
    expect(APP_SYNC_WAVES.operators).toBeLessThan(APP_SYNC_WAVES.monitoring);
    expect(APP_SYNC_WAVES.operators).toBeLessThan(APP_SYNC_WAVES.pipelines);
  });

  test('switch off: no OpenShift Pipelines Subscription', () => {
    const off = synth(devWith('operators:\n  openshiftPipelines:\n    install: false\n'));
    expect(off.filter((o) => o.kind === 'Subscription').map((o) => o.spec.name)).toEqual(['grafana-operator']);
  });

  test('channels, sources and starting CSVs come from the environment', () => {
    const env = devWith(
      [
        'operators:',
        '  grafana:',
        '    channel: v5',
        '    startingCSV: grafana-operator.v5.24.0',
        '    installPlanApproval: Manual',
        '  openshiftPipelines:',
        '    channel: pipelines-1.20',
        '    source: my-mirror',
        '    startingCSV: openshift-pipelines-operator-rh.v1.20.0',
        '',
      ].join('\n'),
    );
    const subs = Object.fromEntries(synth(env).filter((o) => o.kind === 'Subscription').map((o) => [o.spec.name, o.spec]));
    expect(subs['grafana-operator']).toMatchObject({ startingCSV: 'grafana-operator.v5.24.0', installPlanApproval: 'Manual' });
    expect(subs['openshift-pipelines-operator-rh']).toMatchObject({ channel: 'pipelines-1.20', source: 'my-mirror', startingCSV: 'openshift-pipelines-operator-rh.v1.20.0' });
  });

  test('schema validation (../shared/schemas) and policy checks', () => {
    const docs = objects.flatMap((o, i) => parseDocuments(`operators-${i}.yaml`, stringify(o)));
    expect(validateDocuments(docs, docs.length).problems.map(formatProblem)).toEqual([]);
  });
});

describe('the ArgoCD controller grant (bootstrap/) covers exactly what the operators and monitoring apps create', () => {
  const grant = Testing.synth(new BootstrapChart(Testing.app(), 'bootstrap', demo));
  const roleBindingNamespaces = (role: string) => grant.filter((o) => o.kind === 'RoleBinding' && o.roleRef.name === role).map((o) => o.metadata.namespace).sort();
  const apps = [...synth(), ...Testing.synth(new MonitoringChart(Testing.app(), 'monitoring', demo))];
  const namespacesOf = (kind: string) => [...new Set(apps.filter((o) => o.kind === kind).map((o) => o.metadata.namespace))].sort();

  test('Subscriptions and OperatorGroups only where the controller may write them', () => {
    expect(namespacesOf('Subscription')).toEqual(roleBindingNamespaces('llmbench-demo-subscriptions'));
    expect(namespacesOf('OperatorGroup')).toEqual(['grafana-operator']);
    expect(roleBindingNamespaces('llmbench-demo-operatorgroups')).toEqual(['grafana-operator']);
  });

  test('the datasource ClusterRoleBinding is the one the controller may manage, to the one role it may bind', () => {
    const rules = grant.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'llmbench-demo-cluster')!.rules;
    const crbs = apps.filter((o) => o.kind === 'ClusterRoleBinding');
    const manageable = rules.find((r: any) => r.resources.includes('clusterrolebindings') && r.resourceNames)!.resourceNames;
    const bindable = rules.find((r: any) => r.verbs.includes('bind'))!.resourceNames;
    expect(crbs.map((o) => o.metadata.name)).toEqual(manageable);
    expect(crbs.map((o) => o.roleRef.name)).toEqual(bindable);
  });
});

describe('bad configuration', () => {
  test.each([
    ['starting CSV of another package', 'operators:\n  grafana:\n    startingCSV: grafana.v5\n', 'operators.grafana.startingCSV: "grafana.v5": a starting CSV of package grafana-operator is grafana-operator.v<major>.<minor>.<patch>, e.g. grafana-operator.v1.2.3'],
    ['starting CSV without version', 'operators:\n  openshiftPipelines:\n    startingCSV: openshift-pipelines-operator-rh\n', 'operators.openshiftPipelines.startingCSV: "openshift-pipelines-operator-rh": a starting CSV of package openshift-pipelines-operator-rh is openshift-pipelines-operator-rh.v<major>.<minor>.<patch>, e.g. openshift-pipelines-operator-rh.v1.2.3'],
    ['install plan approval', 'operators:\n  grafana:\n    installPlanApproval: auto\n', 'operators.grafana.installPlanApproval: "auto" is not allowed; did you mean "Automatic"? allowed: Automatic, Manual'],
    ['switch type', 'operators:\n  openshiftPipelines:\n    install: "no"\n', 'operators.openshiftPipelines.install: expected boolean, got string "no"'],
    ['catalog source', 'operators:\n  grafana:\n    source: Community_Operators\n', 'operators.grafana.source: "Community_Operators": must be a CatalogSource name (DNS-1123 label), e.g. community-operators'],
    ['unknown key', 'operators:\n  grafana:\n    chanel: v5\n', 'operators.grafana.chanel: unknown key "chanel"; did you mean "channel"? allowed: channel, source, sourceNamespace, startingCSV, installPlanApproval'],
  ])('%s', (_what, yaml, message) => {
    const errors = devErrors(yaml);
    expect(errors).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: /)]);
    expect(errors[0].replace(/^[^ ]+ /, '')).toBe(message);
  });
});
