/**
 * A stand-in Kubernetes API server for tests that run the real `kubectl` (or another client) against it.
 * It serves batch/v1 Jobs and what clients read first (version, discovery, OpenAPI v3), authenticates one
 * bearer token, and lets the test play the Job controller:
 *
 *     const cluster = await startStandInApiServer({ namespace: 'llm-bench' });
 *     cluster.onJobCreated((job) => setTimeout(() => cluster.completeJob(job.metadata.name), 200));
 *     const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath, KUBECACHEDIR: tempDir };
 *     await promisify(execFile)('bash', ['dispatch.sh'], { env });
 *     await cluster.close();
 *
 * The server answers from the test's own process: run clients asynchronously (`execFile`, `spawn`), never
 * with `execFileSync`/`spawnSync`, which block the event loop and so the server (kubectl then hangs).
 * It speaks HTTPS with a throw-away certificate because kubectl sends tokens to `https://` servers only.
 *
 * Further endpoints go into the route table (see `job-routes.ts`), further resources into `SERVED_RESOURCES`.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Admission, AppliedObjects } from './applied-objects';
import { Authorizer, bearerTokenAuthenticator } from './auth';
import { CustomResource, customObjectRoutes } from './custom-object-routes';
import { ServedResource, discoveryRoutes } from './discovery';
import { completedStatus, failedStatus, startedStatus } from './job-controller';
import { jobRoutes } from './job-routes';
import { JOB_RESOURCE, JobStore } from './job-store';
import { writeKubeconfig } from './kubeconfig';
import { Namespaces, namespaceRoutes } from './namespace-routes';
import { sccReviewRoutes } from './scc-review';
import { ObjectStore } from './object-store';
import type { RequestInfo } from './request-info';
import { RecordedRequest, startApiServer } from './server';
import type { KubeStatus } from './status';
import { selfSignedCertificate } from './tls';

export { writeKubeconfig } from './kubeconfig';
export type { RecordedRequest } from './server';
export type { Authorizer, Decision, UserInfo } from './auth';
export type { RequestInfo } from './request-info';
export type { Admission, AdmissionRequest } from './applied-objects';
export type { ServedResource } from './discovery';

/** Custom resources served without schema checks (custom-object-routes.ts): the dispatcher's benchmark window. */
export const PROMETHEUS_RULE_RESOURCE: CustomResource = { group: 'monitoring.coreos.com', version: 'v1', resource: 'prometheusrules', kind: 'PrometheusRule' };

/** PrometheusRules as discovery lists them when `prometheusRules` is on. */
const PROMETHEUS_RULES_SERVED: ServedResource = {
  ...PROMETHEUS_RULE_RESOURCE,
  singular: 'prometheusrule',
  namespaced: true,
  verbs: ['create', 'delete', 'get', 'list'],
  shortNames: ['promrule'],
};

/** The resources this stand-in serves, as discovery lists them. */
export const SERVED_RESOURCES: ServedResource[] = [
  { group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, verbs: ['get'], shortNames: ['ns'] },
  { ...JOB_RESOURCE, singular: 'job', namespaced: true, verbs: ['create', 'delete', 'get', 'list', 'watch'], categories: ['all'] },
];

export interface StandInOptions {
  /**
   * The kubeconfig's namespace and the one the test-side helpers act in. Default `default`. The cluster has
   * this namespace and `default`; creating a Job elsewhere answers 404 `namespaces "x" not found`.
   */
  namespace?: string;
  /** The bearer token the server accepts. Default: a random one. */
  token?: string;
  /** Decides each authenticated request (denied ones get 403 Forbidden). Default: everything allowed. */
  authorize?: Authorizer;
  /**
   * Resources served besides `SERVED_RESOURCES` (e.g. the CRDs a test installs, see `cluster-resources.ts`):
   * discovery lists them; `applied-objects.ts` serves GET, dry-run apply and dry-run create of every resource.
   */
  resources?: ServedResource[];
  /** Namespaces that exist besides `namespace` and `default`. */
  namespaces?: string[];
  /** Live objects the cluster has from the start (Jobs go to the Job store). */
  objects?: any[];
  /** Admission of dry-run applies and creates (`applied-objects.ts`). Default: everything admitted. */
  admit?: Admission;
  /**
   * Serve PrometheusRules for real (create, get, list, delete; `custom-object-routes.ts`), as the dispatcher's
   * benchmark window needs, instead of dry runs only. Default: off (not served unless in `resources`).
   */
  prometheusRules?: boolean;
}

export interface StandInCluster {
  /** `https://127.0.0.1:PORT` (HTTPS with a throw-away certificate the kubeconfig trusts). */
  readonly url: string;
  /** A kubeconfig in a temporary directory whose current context uses `namespace` and the token. */
  readonly kubeconfigPath: string;
  readonly namespace: string;
  /** Copies of the stored Jobs of every namespace. */
  jobs(): any[];
  /** Copies of the stored PrometheusRules of every namespace. */
  prometheusRules(): any[];
  /** A copy of the Job `name` of `namespace`, or undefined. */
  job(name: string): any | undefined;
  /**
   * Plays the Job controller: the Job succeeded (conditions SuccessCriteriaMet and Complete, reason
   * CompletionsReached, succeeded = completions, startTime and completionTime); emits MODIFIED.
   */
  completeJob(name: string): void;
  /**
   * Plays the Job controller: the Job failed (conditions FailureTarget and Failed with `reason` and the
   * controller's message for it unless `message` is given, failed count, startTime); emits MODIFIED.
   */
  failJob(name: string, reason: 'BackoffLimitExceeded' | 'DeadlineExceeded' | string, message?: string): void;
  /** Deletes the Job as the TTL-after-finished controller does (foreground): MODIFIED, then DELETED. */
  deleteJob(name: string): void;
  /**
   * Registers a callback run after each Job created through the API, once the create has been answered and
   * the Job marked started (startTime, active: 1).
   */
  onJobCreated(callback: (job: any) => void): void;
  /**
   * From now on, answers the requests `fault` returns a Status for with that Status instead of serving them (a
   * transient 500 on one create, a list that keeps failing); `undefined` ends the faults.
   */
  injectFaults(fault: ((info: RequestInfo) => KubeStatus | undefined) | undefined): void;
  /** Every request in order: method, path, query, answered status code and the parsed JSON request body. */
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Ends watches and connections, stops the server and removes the temporary directory. */
  close(): Promise<void>;
}

/** Starts a stand-in API server on 127.0.0.1 (HTTPS, ephemeral port) and writes its kubeconfig. */
export async function startStandInApiServer(options: StandInOptions = {}): Promise<StandInCluster> {
  const namespace = options.namespace ?? 'default';
  const token = options.token ?? randomBytes(16).toString('hex');
  const store = new JobStore();
  const namespaces = new Namespaces(new Set([namespace, 'default', ...(options.namespaces ?? [])]));
  const served = [...SERVED_RESOURCES];
  for (const r of [...(options.resources ?? []), ...(options.prometheusRules ? [PROMETHEUS_RULES_SERVED] : [])]) {
    if (!served.some((s) => s.group === r.group && s.version === r.version && s.resource === r.resource)) served.push(r);
  }
  const applied = new AppliedObjects(served, namespaces, store, options.admit);
  for (const object of options.objects ?? []) applied.seed(object);
  const prometheusRules = new ObjectStore();
  const callbacks: Array<(job: any) => void> = [];

  const afterCreate = (created: any) => {
    const { namespace: ns, name } = created.metadata;
    const current = store.objects.get(ns, name);
    if (!current || current.metadata.uid !== created.metadata.uid) return;
    const job = current.spec.suspend ? current : store.setStatus(ns, name, startedStatus(current));
    for (const callback of callbacks) callback(job);
  };

  const tls = await selfSignedCertificate();
  let faults: ((info: RequestInfo) => KubeStatus | undefined) | undefined;
  const server = await startApiServer({
    tls,
    // the first route of a path and method answers: Jobs first, then any resource (seeded Namespaces included),
    // then the stand-in's own Namespaces
    routes: [
      ...discoveryRoutes(served),
      ...jobRoutes(store, namespaces, afterCreate),
      ...sccReviewRoutes(namespaces, (ns, sa) => sa === 'default' || applied.exists('', 'serviceaccounts', ns, sa)),
      // the dispatcher's benchmark-window PrometheusRules are really created and deleted (not only dry runs)
      ...(options.prometheusRules ? customObjectRoutes(PROMETHEUS_RULE_RESOURCE, prometheusRules, namespaces) : []),
      ...applied.routes(),
      ...namespaceRoutes(namespaces),
    ],
    authenticate: bearerTokenAuthenticator(token),
    authorize: options.authorize,
    fault: (info) => faults?.(info),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-api-stand-in-'));
  const kubeconfigPath = writeKubeconfig(path.join(dir, 'kubeconfig'), {
    server: server.url,
    certificateAuthority: tls.cert,
    token,
    namespace,
  });

  return {
    url: server.url,
    kubeconfigPath,
    namespace,
    requests: server.requests,
    jobs: () => store.list(undefined),
    prometheusRules: () => prometheusRules.list(),
    job: (name) => store.objects.get(namespace, name),
    completeJob: (name) => {
      store.setStatus(namespace, name, completedStatus(store.get(namespace, name)));
    },
    failJob: (name, reason, message) => {
      store.setStatus(namespace, name, failedStatus(store.get(namespace, name), reason, message));
    },
    deleteJob: (name) => {
      store.delete(namespace, name, 'Foreground');
    },
    onJobCreated: (callback) => {
      callbacks.push(callback);
    },
    injectFaults: (fault) => {
      faults = fault;
    },
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
