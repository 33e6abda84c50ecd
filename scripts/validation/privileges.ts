/**
 * The least-privilege check of one environment's output (`dist/ENV/`, every folder, bootstrap/ included), run by
 * `npm run validate` for each environment it finds:
 *
 * 1. No ServiceAccount that may read Secrets cluster-wide sits in a namespace where another subject may start pods:
 *    whoever may create a pod, a Job, a PipelineRun (or anything else that runs a pod) in a namespace can run it as
 *    any ServiceAccount there and read its token. A namespace the environment does not create is one where others
 *    may start pods (its grants are not in dist/).
 * 2. No grant lets its holder widen RBAC or act as someone else: no `bind`, `escalate` or `impersonate`, no wildcard
 *    verb, no `create` of ClusterRoleBindings; and no ClusterRole or ClusterRoleBinding in a folder ArgoCD syncs
 *    (they come from bootstrap/, applied by a cluster admin: RBAC cannot limit whom a binding names).
 * 3. No credentials in any URL of any file.
 *
 * Roles the environment binds but does not define are OpenShift's or an operator's; KNOWN_CLUSTER_ROLES says what
 * each allows of what this check asks, with its source. A role in neither place is assumed to allow everything.
 */
import * as fs from 'fs';
import * as path from 'path';
import { credentialUrlsIn } from '../../config/urls';
import { SYNCED_APPS } from '../../domain/apps';
import { findYamlFiles, isObject, parseDocuments } from './documents';

/** What this check asks of a role. */
export interface RoleCapabilities {
  /** May read any Secret where it is granted (get, list or watch on `secrets`, not limited by name). */
  readonly readsSecrets: boolean;
  /** May start a pod, or act as a ServiceAccount, where it is granted (see POD_STARTERS). */
  readonly startsPods: boolean;
  /** How it may widen RBAC or act as another subject, if it may. */
  readonly escalation?: string;
}

/**
 * ClusterRoles that ship with the platform or an operator, as far as this check asks. Sources: OpenShift's default
 * `admin`/`edit`/`view` (Kubernetes' user-facing roles, docs "Using RBAC Authorization", aggregated by OpenShift and
 * operators); OpenShift monitoring's `cluster-monitoring-view` (Prometheus API `get`, namespaces `get`) and
 * `monitoring-edit` (ServiceMonitors, PodMonitors, PrometheusRules, AlertmanagerConfigs); Tekton Triggers'
 * config/200-clusterrole.yaml at 088902973c89e356b40bc0745618df0e9b2d8198.
 */
export const KNOWN_CLUSTER_ROLES: Readonly<Record<string, RoleCapabilities>> = {
  admin: { readsSecrets: true, startsPods: true },
  edit: { readsSecrets: true, startsPods: true },
  view: { readsSecrets: false, startsPods: false },
  'cluster-monitoring-view': { readsSecrets: false, startsPods: false },
  'monitoring-edit': { readsSecrets: false, startsPods: false },
  // create pipelineruns and taskruns, impersonate serviceaccounts
  'tekton-triggers-eventlistener-roles': { readsSecrets: false, startsPods: true, escalation: 'verb impersonate (core/serviceaccounts)' },
  // get, list, watch secrets
  'tekton-triggers-eventlistener-clusterroles': { readsSecrets: true, startsPods: false },
};

/**
 * Resources whose `create` (or, for controllers of pod templates, `update`/`patch`) starts a pod as a
 * ServiceAccount the writer chooses, or hands over a ServiceAccount's identity, by API group.
 */
const POD_STARTERS: Readonly<Record<string, readonly string[]>> = {
  '': ['pods', 'pods/exec', 'pods/attach', 'pods/ephemeralcontainers', 'replicationcontrollers', 'serviceaccounts/token'],
  apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
  batch: ['jobs', 'cronjobs'],
  'apps.openshift.io': ['deploymentconfigs'],
  'build.openshift.io': ['buildconfigs', 'builds'],
  'tekton.dev': ['pipelineruns', 'taskruns'],
  // Triggers' controller runs an EventListener's pod as the ServiceAccount it names
  'triggers.tekton.dev': ['eventlisteners'],
  // OpenShift AI workbenches
  'kubeflow.org': ['notebooks'],
};
const STARTING_VERBS = ['create', 'update', 'patch'];
const READ_VERBS = ['get', 'list', 'watch'];
/** Verbs that widen RBAC or act as another subject. */
const ESCALATING_VERBS = ['bind', 'escalate', 'impersonate'];

interface Rule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

const has = (list: readonly string[] | undefined, value: string) => (list ?? []).includes('*') || (list ?? []).includes(value);

/** What `rules` allow of what this check asks. */
export function capabilitiesOf(rules: readonly Rule[]): RoleCapabilities {
  const allows = (group: string, resource: string, verbs: readonly string[], byName = false) =>
    rules.some((r) => has(r.apiGroups, group) && has(r.resources, resource) && verbs.some((v) => has(r.verbs, v)) && (byName || !r.resourceNames?.length));
  return {
    readsSecrets: allows('', 'secrets', READ_VERBS),
    startsPods:
      Object.entries(POD_STARTERS).some(([group, resources]) => resources.some((resource) => allows(group, resource, STARTING_VERBS, true))) ||
      allows('', 'serviceaccounts', ['impersonate'], true),
  };
}

/** Why `rules` could widen RBAC or act as another subject, one reason per rule; empty when they cannot. */
export function escalationsIn(rules: readonly Rule[]): string[] {
  return rules.flatMap((r) => {
    const verbs = r.verbs ?? [];
    const reasons = [
      ...ESCALATING_VERBS.filter((v) => verbs.includes(v)).map((v) => `verb ${v}`),
      ...(verbs.includes('*') ? ['every verb (*)'] : []),
      ...(has(r.resources, 'clusterrolebindings') && (has(r.verbs, 'create') || has(r.verbs, 'update') || has(r.verbs, 'patch')) ? ['writes ClusterRoleBindings'] : []),
    ];
    return reasons.length > 0 ? [`${reasons.join(', ')} (${(r.apiGroups ?? []).join(',') || 'core'}/${(r.resources ?? r.nonResourceURLs ?? []).join(',')})`] : [];
  });
}

/** One object of the environment's output, with the file it is in (relative to the environment's folder). */
export interface EnvironmentObject {
  readonly file: string;
  readonly object: Record<string, any>;
}

interface Grant {
  readonly subject: string;
  /** The subject's namespace (ServiceAccounts only). */
  readonly subjectNamespace?: string;
  /** Where it holds the role: a namespace, or `*` (a ClusterRoleBinding). */
  readonly scope: string;
  readonly role: string;
  readonly capabilities: RoleCapabilities;
  readonly file: string;
}

const subjectName = (s: { kind: string; name: string; namespace?: string }) => (s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`);

/** The problems of one environment's objects (see the header); empty when it is least-privilege. */
export function privilegeProblems(objects: readonly EnvironmentObject[]): string[] {
  const problems: string[] = [];
  const clusterRoles = new Map<string, Rule[]>();
  const roles = new Map<string, Rule[]>();
  const owned = new Set<string>();
  for (const { object } of objects) {
    if (object.kind === 'ClusterRole') clusterRoles.set(object.metadata.name, object.rules ?? []);
    if (object.kind === 'Role') roles.set(`${object.metadata.namespace}/${object.metadata.name}`, object.rules ?? []);
    if (object.kind === 'Namespace') owned.add(object.metadata.name);
  }

  for (const { file, object } of objects) {
    const synced = (SYNCED_APPS as readonly string[]).includes(file.split('/')[0]);
    if (synced && (object.kind === 'ClusterRole' || object.kind === 'ClusterRoleBinding')) {
      problems.push(`${file}: ${object.kind} ${object.metadata.name} in a folder ArgoCD syncs; cluster-wide RBAC belongs in bootstrap/, applied by a cluster admin`);
    }
    if (object.kind === 'ClusterRole' || object.kind === 'Role') {
      for (const reason of escalationsIn(object.rules ?? [])) problems.push(`${file}: ${object.kind} ${object.metadata.name} can widen RBAC or act as another subject: ${reason}`);
    }
  }

  const grants: Grant[] = [];
  for (const { file, object } of objects) {
    if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') continue;
    const ref = object.roleRef ?? {};
    const scope = object.kind === 'RoleBinding' ? object.metadata.namespace : '*';
    const rules = ref.kind === 'Role' ? roles.get(`${object.metadata.namespace}/${ref.name}`) : clusterRoles.get(ref.name);
    let capabilities: RoleCapabilities;
    if (rules) capabilities = capabilitiesOf(rules);
    else if (ref.kind === 'ClusterRole' && KNOWN_CLUSTER_ROLES[ref.name]) {
      capabilities = KNOWN_CLUSTER_ROLES[ref.name];
      if (capabilities.escalation) problems.push(`${file}: ${object.kind} ${object.metadata.name} binds ClusterRole ${ref.name}, which can widen RBAC or act as another subject: ${capabilities.escalation}`);
    }
    else {
      problems.push(`${file}: ${object.kind} ${object.metadata.name} binds ${ref.kind} ${ref.name}, which is neither in this environment's output nor a known platform role; assumed to allow everything`);
      capabilities = { readsSecrets: true, startsPods: true };
    }
    for (const s of object.subjects ?? []) {
      grants.push({ subject: subjectName(s), ...(s.kind === 'ServiceAccount' ? { subjectNamespace: s.namespace ?? object.metadata.namespace } : {}), scope, role: `${ref.kind} ${ref.name}`, capabilities, file });
    }
  }

  for (const reader of grants.filter((g) => g.scope === '*' && g.capabilities.readsSecrets && g.subjectNamespace !== undefined)) {
    const namespace = reader.subjectNamespace!;
    const where = `${reader.file}: ${reader.subject} reads every Secret of the cluster (${reader.role})`;
    if (!owned.has(namespace)) {
      problems.push(`${where}, but sits in namespace ${namespace}, which this environment does not create: others may start pods there and run as it; give it its own namespace`);
      continue;
    }
    const starters = [...new Set(grants.filter((g) => g.subject !== reader.subject && g.capabilities.startsPods && (g.scope === namespace || g.scope === '*')).map((g) => `${g.subject} (${g.role}, ${g.file})`))];
    if (starters.length > 0) {
      problems.push(`${where}, but in namespace ${namespace} ${starters.join('; ')} may start pods, so could run as it; move it to a namespace of its own or drop the Secret read`);
    }
  }
  return problems;
}

/** The problems of every file's text: URLs with credentials. */
export function credentialProblems(files: readonly { file: string; text: string }[]): string[] {
  return files.flatMap(({ file, text }) => credentialUrlsIn(text).map((url) => `${file}: a URL with credentials (${url}); take them from a Secret`));
}

/**
 * The environments of `dir`, each checked on its own: every stack folder (one cluster's output, holding `argocd/`:
 * `dir` itself, `dir/ENV`, or a fleet's `dir/ENV/CLUSTER`), and a fleet's hub part (`dir/ENV/bootstrap`, beside its
 * clusters' folders), sorted.
 */
export function environmentDirectories(dir: string, depth = 0): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.existsSync(path.join(dir, 'argocd'))) return [dir];
  const children = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name));
  // a fleet: the hub's bootstrap/ and one stack per cluster
  const hub = fs.existsSync(path.join(dir, 'bootstrap')) && depth > 0 ? [path.join(dir, 'bootstrap')] : [];
  const nested = depth < 2 ? children.filter((c) => path.basename(c) !== 'bootstrap').flatMap((c) => environmentDirectories(c, depth + 1)) : [];
  return [...hub, ...nested].sort();
}

/** Every problem of one environment's folder, each starting with the folder's path. */
export function checkEnvironmentPrivileges(envDir: string): string[] {
  const read = (full: string) => ({ full, file: path.relative(envDir, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
  const files = findYamlFiles(envDir).map(read);
  const objects = files.flatMap(({ full, file, text }) =>
    parseDocuments(full, text)
      .map((d) => d.content)
      .filter(isObject)
      .map((object) => ({ file, object: object as Record<string, any> })),
  );
  const prefix = (p: string) => `${envDir}/${p}`;
  return [...privilegeProblems(objects), ...credentialProblems(allFiles(envDir).map(read))].map(prefix);
}

/** Every file under `dir` (YAML or not: patches, scripts), sorted. */
function allFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}
