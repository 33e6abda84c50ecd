/**
 * A fixture fleet: the fixture project's demo environment (test/fixtures/project/, never the shipped config/)
 * declared on clusters, loaded from a temporary copy of the fixture project as its `config/environments/fleet.yaml`.
 */
import * as fs from 'fs';
import { ENVIRONMENTS_DIR } from '../../config/load';
import { ResolvedEnvironment } from '../../config/resolve';
import { DEMO_FILE, loadEdited } from './config-edit';
import { fixtureFile } from './project';

export const FLEET_FILE = `${ENVIRONMENTS_DIR}/fleet.yaml`;

/** Three clusters: east (everything), west (its own serving namespace, the 4-GPU profile only), lab (one target, its own ArgoCD identity). */
export const THREE_CLUSTERS = `
clusters:
  - name: east
    destination: { name: east-cluster }
    appsDomain: apps.east.example.com
  - name: west
    destination: { server: "https://api.west.example.com:6443" }
    appsDomain: apps.west.example.com
    servingNamespace: llm-serving-west
    gpuProfiles: [l4-x4]
  - name: lab
    destination: { name: lab }
    appsDomain: apps.lab.example.com
    targets: [mistral-3-int4-l4-x1]
    argocdServiceAccount: { namespace: argocd-spoke, name: argocd-lab }
`;

/** A fleet-wide datasource with every credential: bearer token, client certificate, CA bundle. */
export const FLEET_DATASOURCE_YAML = `
monitoring:
  grafana:
    fleetDatasource:
      url: https://thanos-querier.hub.example.com
      bearerTokenSecret: { name: fleet-metrics-reader, key: token }
      clientCertificateSecret: { name: fleet-metrics-client }
      caBundle: { configMap: fleet-metrics-ca, key: ca.crt }
`;

/** The demo environment in its own namespace, plus `extra` (top-level keys) and the clusters. */
export function fleetYaml(extra = '', clusters = THREE_CLUSTERS): string {
  const demo = fs.readFileSync(fixtureFile(DEMO_FILE), 'utf8');
  return demo.replace('namespace: llm-bench-demo', 'namespace: llm-bench-fleet') + extra + clusters;
}

/** Loads `yaml` as environment `fleet` of the fixture project: the environment, or the configuration errors. */
export function loadFleet(yaml: string): { env?: ResolvedEnvironment; errors: string[] } {
  const { environments, errors } = loadEdited({ [FLEET_FILE]: yaml }, { only: 'fleet' });
  return { env: environments[0], errors };
}
