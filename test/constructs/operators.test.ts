/**
 * The operators app: the Grafana Operator's Subscription and AllNamespaces OperatorGroup in its own namespace,
 * OpenShift Pipelines' Subscription in openshift-operators without an OperatorGroup and behind its switch, sync
 * waves before the apps with the CRs, the Grafana Operator switch (install false or another namespace) across the
 * whole environment, schema validation, and bad configuration.
 */
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { ResolvedEnvironment } from '../../config/resolve';
import { APP_SYNC_WAVES, ARGOCD_ANNOTATIONS, RESOURCE_SYNC_WAVES } from '../../domain/apps';
import { BootstrapChart } from '../../constructs/charts/bootstrap-chart';
import { MonitoringChart } from '../../constructs/charts/monitoring-chart';
import { OperatorsChart } from '../../constructs/charts/operators-chart';
import { buildEnvironment } from '../../constructs/environment';
import { OutputFolder } from '../../domain/apps';
import { validateDocuments } from '../../scripts/validation';
import { parseDocuments } from '../../scripts/validation/documents';
import { formatProblem } from '../../scripts/validation/report';
import { devErrors, devWith } from '../helpers/config-edit';
import { fixtureEnvironment } from '../helpers/project';

const demo = fixtureEnvironment('demo');
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

  test('no app creates a ClusterRoleBinding; the grant neither creates them nor binds any role (the datasource binding is in bootstrap/)', () => {
    expect(apps.filter((o) => o.kind === 'ClusterRoleBinding')).toEqual([]);
    const rules = grant.filter((o) => (o.kind === 'ClusterRole' || o.kind === 'Role') && o.metadata.labels['app.kubernetes.io/component'] === 'argocd-access').flatMap((o) => o.rules);
    expect(rules.filter((r: any) => r.verbs.includes('bind') || r.resources.includes('clusterrolebindings'))).toEqual([]);
    expect(grant.filter((o) => o.kind === 'ClusterRoleBinding' && o.roleRef.name === 'cluster-monitoring-view').map((o) => o.metadata.name)).toEqual(['llmbench-demo-monitoring-view']);
  });
});

/** Every object of an environment (all output folders), with the folder it is written to. */
function everything(env: ResolvedEnvironment) {
  return [...buildEnvironment(env)].flatMap(([folder, chart]) => chart.toJson().map((o: any) => ({ folder: folder as OutputFolder, o })));
}

describe.each([
  // the cluster has the Grafana Operator already, e.g. cluster-wide in openshift-operators
  ['install: false, the operator in openshift-operators', 'operators:\n  grafana:\n    install: false\n    namespace: openshift-operators\n', false, 'openshift-operators'],
  // another team's install in a namespace of its own
  ['install: false, the operator in team-grafana', 'operators:\n  grafana:\n    install: false\n    namespace: team-grafana\n', false, 'team-grafana'],
  ['install: true in a custom namespace', 'operators:\n  grafana:\n    namespace: grafana-operator-v5\n', true, 'grafana-operator-v5'],
])('operators.grafana %s', (_what, yaml, install, operatorNamespace) => {
  const env = devWith(yaml);
  const all = everything(env);
  const objects = all.map((x) => x.o);
  const inFolder = (folder: OutputFolder) => all.filter((x) => x.folder === folder).map((x) => x.o);
  const ownNamespaces = install ? ['llm-bench-dev', operatorNamespace] : ['llm-bench-dev'];

  test('operators app: the Grafana Operator Namespace, OperatorGroup and Subscription only when installing, in its namespace', () => {
    const operators = inFolder('operators');
    const grafanaSubs = operators.filter((o) => o.kind === 'Subscription' && o.spec.name === 'grafana-operator');
    expect(grafanaSubs.map((o) => o.metadata.namespace)).toEqual(install ? [operatorNamespace] : []);
    expect(operators.filter((o) => o.kind === 'OperatorGroup').map((o) => o.metadata)).toEqual(
      install ? [expect.objectContaining({ name: 'grafana-operator', namespace: operatorNamespace })] : [],
    );
    expect(operators.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toEqual(ownNamespaces);
    // OpenShift Pipelines has its own switch, untouched
    expect(operators.filter((o) => o.kind === 'Subscription' && o.spec.name === 'openshift-pipelines-operator-rh').map((o) => o.metadata.namespace)).toEqual(['openshift-operators']);
    // no OperatorGroup anywhere else in the environment either
    expect(objects.filter((o) => o.kind === 'OperatorGroup')).toHaveLength(install ? 1 : 0);
  });

  test('owned namespaces: the AppProject destinations and the Namespaces bootstrap pre-creates', () => {
    const project = inFolder('argocd').find((o) => o.kind === 'AppProject')!;
    const destinations = install ? ['llm-bench-dev', 'llm-serving-dev', operatorNamespace, 'openshift-operators'] : ['llm-bench-dev', 'llm-serving-dev', 'openshift-operators'];
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual(destinations);
    const bootstrap = inFolder('bootstrap');
    expect(bootstrap.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort()).toEqual([...ownNamespaces].sort());
  });

  test('the controller grant: OperatorGroups and Subscriptions only in the namespace the stack installs into', () => {
    const bootstrap = inFolder('bootstrap');
    const cluster = bootstrap.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'llmbench-dev-cluster')!;
    expect(cluster.rules.find((r: any) => r.resources.includes('namespaces') && r.resourceNames).resourceNames).toEqual(ownNamespaces);
    const bindingsOf = (role: string) => bootstrap.filter((o) => o.kind === 'RoleBinding' && o.roleRef.name === role).map((o) => o.metadata.namespace).sort();
    expect(bindingsOf('llmbench-dev-operatorgroups')).toEqual(install ? [operatorNamespace] : []);
    expect(bindingsOf('llmbench-dev-subscriptions')).toEqual(install ? [operatorNamespace, 'openshift-operators'].sort() : ['openshift-operators']);
    // no role for OperatorGroups when none is bound
    expect(bootstrap.filter((o) => o.kind === 'ClusterRole' && o.metadata.name === 'llmbench-dev-operatorgroups')).toHaveLength(install ? 1 : 0);
    // every Subscription of the environment is in a namespace the controller may write Subscriptions in
    for (const s of objects.filter((o) => o.kind === 'Subscription')) expect(bindingsOf('llmbench-dev-subscriptions')).toContain(s.metadata.namespace);
  });

  test("Grafana's NetworkPolicy admits the operator from where it runs", () => {
    const np = inFolder('monitoring').find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'grafana')!;
    expect(np.spec.ingress[1]).toEqual({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': operatorNamespace } } }], ports: [{ protocol: 'TCP', port: 3000 }] });
  });

  test('the default namespace grafana-operator is nowhere in the output', () => {
    const namespaces = objects.flatMap((o) => [o.metadata?.namespace, o.kind === 'Namespace' ? o.metadata.name : undefined]);
    expect(namespaces).not.toContain('grafana-operator');
    expect(stringify(objects)).not.toMatch(/(namespace|metadata\.name): grafana-operator$/m);
  });

  test('schema validation (../shared/schemas) and policy checks of the whole environment', () => {
    const docs = all.flatMap(({ folder, o }, i) => parseDocuments(`${folder}-${i}.yaml`, stringify(o)));
    expect(validateDocuments(docs, docs.length).problems.map(formatProblem)).toEqual([]);
  });
});

describe('bad configuration', () => {
  test.each([
    ['starting CSV of another package', 'operators:\n  grafana:\n    startingCSV: grafana.v5\n', 'operators.grafana.startingCSV: "grafana.v5": a starting CSV of package grafana-operator is grafana-operator.v<major>.<minor>.<patch>, e.g. grafana-operator.v1.2.3'],
    ['starting CSV without version', 'operators:\n  openshiftPipelines:\n    startingCSV: openshift-pipelines-operator-rh\n', 'operators.openshiftPipelines.startingCSV: "openshift-pipelines-operator-rh": a starting CSV of package openshift-pipelines-operator-rh is openshift-pipelines-operator-rh.v<major>.<minor>.<patch>, e.g. openshift-pipelines-operator-rh.v1.2.3'],
    ['install plan approval', 'operators:\n  grafana:\n    installPlanApproval: auto\n', 'operators.grafana.installPlanApproval: "auto" is not allowed; did you mean "Automatic"? allowed: Automatic, Manual'],
    ['switch type', 'operators:\n  openshiftPipelines:\n    install: "no"\n', 'operators.openshiftPipelines.install: expected boolean, got string "no"'],
    ['catalog source', 'operators:\n  grafana:\n    source: Community_Operators\n', 'operators.grafana.source: "Community_Operators": must be a CatalogSource name (DNS-1123 label), e.g. community-operators'],
    ['unknown key', 'operators:\n  grafana:\n    chanel: v5\n', 'operators.grafana.chanel: unknown key "chanel"; did you mean "channel"? allowed: install, namespace, channel, source, sourceNamespace, startingCSV, installPlanApproval'],
    ['Grafana switch type', 'operators:\n  grafana:\n    install: "no"\n', 'operators.grafana.install: expected boolean, got string "no"'],
    ['Grafana Operator namespace not a name', 'operators:\n  grafana:\n    namespace: Openshift_Operators\n', 'operators.grafana.namespace: "Openshift_Operators": must be a namespace name (lowercase letters, digits and \'-\', starting and ending with a letter or digit)'],
    ['Grafana Operator namespace too long', `operators:\n  grafana:\n    namespace: ${'g'.repeat(64)}\n`, `operators.grafana.namespace: "${'g'.repeat(64)}": must be a namespace name of at most 63 characters`],
    [
      'installing into openshift-operators',
      'operators:\n  grafana:\n    namespace: openshift-operators\n',
      'operators.grafana.namespace: "openshift-operators" is OpenShift\'s global operator namespace (it has its OperatorGroup already); with install: true the stack creates this namespace with its own OperatorGroup, so use a namespace of its own such as grafana-operator, or set install: false when the operator runs there already',
    ],
    [
      'installing into the stack namespace',
      'operators:\n  grafana:\n    namespace: llm-bench-dev\n',
      'operators.grafana.namespace: "llm-bench-dev" is the stack namespace (namespace); with install: true the stack creates this namespace with its own OperatorGroup, so use a namespace of its own such as grafana-operator, or set install: false when the operator runs there already',
    ],
    [
      'installing into the serving namespace',
      'operators:\n  grafana:\n    namespace: llm-serving-dev\n',
      'operators.grafana.namespace: "llm-serving-dev" is the serving namespace (servingNamespace); with install: true the stack creates this namespace with its own OperatorGroup, so use a namespace of its own such as grafana-operator, or set install: false when the operator runs there already',
    ],
  ])('%s', (_what, yaml, message) => {
    const errors = devErrors(yaml);
    expect(errors).toEqual([expect.stringMatching(/^config\/environments\/dev\.yaml:\d+: /)]);
    expect(errors[0].replace(/^[^ ]+ /, '')).toBe(message);
  });
});
