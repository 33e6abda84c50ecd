/**
 * The API server's side of batch/v1 Jobs: what a create checks, defaults and generates (name, uid,
 * resourceVersion, selector and labels), conflicts, lookups with selectors, and deletion with a propagation
 * policy. The Job controller's side (status) is in `job-controller.ts`.
 */
import { randomUUID } from 'crypto';
import { ObjectStore, clone, kubeTime } from './object-store';
import { Selector, parseFieldSelector, parseLabelSelector } from './selectors';
import { StatusCause, StatusError, alreadyExists, badRequest, invalid, notFound } from './status';

/** Group, resource and kind of Jobs, as Status details and discovery name them. */
export const JOB_RESOURCE = { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job' } as const;

/** The field selectors the API server supports for Jobs. */
const JOB_FIELDS: Record<string, (job: any) => string> = {
  'metadata.name': (job) => job.metadata.name,
  'metadata.namespace': (job) => job.metadata.namespace,
  'status.successful': (job) => String(job.status?.succeeded ?? 0),
};

/** `deleteOptions.propagationPolicy` values. */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_HELP =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
  "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
  "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Characters of the random suffix of a `generateName`d name (k8s.io/apimachinery/pkg/util/rand). */
const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `base` + 5 random characters, the base cut to 58 characters like the API server's name generator. */
function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[Math.floor(Math.random() * NAME_SUFFIX_ALPHABET.length)];
  return base.slice(0, 58) + suffix;
}

/**
 * Checks the body of a create: it must be a batch/v1 Job (a missing apiVersion or kind is taken from the URL,
 * as the API server does; a different one is a 400) whose namespace, when set, is the one of the URL (400).
 */
function checkBody(body: unknown, namespace: string): any {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StatusError(badRequest('the body of the request was in an unknown format'));
  }
  const job = clone(body as any);
  const expectedVersion = `${JOB_RESOURCE.group}/${JOB_RESOURCE.version}`;
  job.apiVersion ??= expectedVersion;
  job.kind ??= JOB_RESOURCE.kind;
  if (job.apiVersion !== expectedVersion) {
    throw new StatusError(badRequest(`the API version in the data (${job.apiVersion}) does not match the expected API version (${expectedVersion})`));
  }
  if (job.kind !== JOB_RESOURCE.kind) {
    throw new StatusError(badRequest(`the kind in the data (${job.kind}) does not match the expected kind (${JOB_RESOURCE.kind})`));
  }
  job.metadata ??= {};
  if (job.metadata.namespace !== undefined && job.metadata.namespace !== namespace) {
    throw new StatusError(badRequest('the namespace of the provided object does not match the namespace sent on the request'));
  }
  job.metadata.namespace = namespace;
  job.spec ??= {};
  job.spec.template ??= {};
  return job;
}

/** Field problems of a Job about to be stored (its name is final by then). */
function validate(job: any): StatusCause[] {
  const name: string = job.metadata.name ?? '';
  if (!name) {
    return [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }];
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${name}": ${DNS1123_SUBDOMAIN_HELP}` }];
  }
  // The name becomes the value of the pods' `job-name` label, and label values stop at 63 characters.
  if (name.length > 63) {
    return [{ reason: 'FieldValueInvalid', field: 'spec.template.labels', message: `Invalid value: "${name}": must be no more than 63 characters` }];
  }
  return [];
}

/** Fills what the API server defaults and generates on create (status stays empty for the controller). */
function applyCreateDefaults(job: any, now: string): void {
  const uid = randomUUID();
  const name = job.metadata.name;
  Object.assign(job.metadata, { uid, generation: 1, creationTimestamp: now });
  const spec = job.spec;
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  if (!spec.podFailurePolicy) spec.podReplacementPolicy ??= 'TerminatingOrFailed';
  if (!spec.manualSelector) {
    spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
    spec.template.metadata ??= {};
    spec.template.metadata.labels = {
      ...spec.template.metadata.labels,
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
  }
  if (!job.metadata.labels || Object.keys(job.metadata.labels).length === 0) job.metadata.labels = { ...spec.template.metadata?.labels };
  job.status = {};
}

/** Jobs of every namespace, stored as the API server would. */
export class JobStore {
  /** The underlying storage; its events feed watches. */
  readonly objects = new ObjectStore();

  /**
   * Creates a Job from a request body; throws a Status (400, 409 AlreadyExists, 422 Invalid) on refusal. A dry
   * run checks and defaults the same way and returns the Job without storing it (no resourceVersion).
   */
  create(namespace: string, body: unknown, { dryRun = false } = {}): any {
    const job = checkBody(body, namespace);
    if (!job.metadata.name && job.metadata.generateName) job.metadata.name = generateName(job.metadata.generateName);
    const causes = validate(job);
    if (causes.length > 0) {
      throw new StatusError(invalid({ group: JOB_RESOURCE.group, kind: JOB_RESOURCE.kind }, job.metadata.name ?? '', causes));
    }
    if (this.objects.get(namespace, job.metadata.name)) throw new StatusError(alreadyExists(this.ref(job.metadata.name)));
    applyCreateDefaults(job, kubeTime());
    if (dryRun) return job;
    return this.objects.add(job);
  }

  /** The Job, or a 404 NotFound Status. */
  get(namespace: string, name: string): any {
    const job = this.objects.get(namespace, name);
    if (!job) throw new StatusError(notFound(this.ref(name)));
    return job;
  }

  /** Builds the predicate of a list or watch from its `labelSelector` and `fieldSelector` (400 if unreadable). */
  selector(labelSelector?: string, fieldSelector?: string): Selector {
    const byLabels = parseLabelSelector(labelSelector);
    const byFields = parseFieldSelector(fieldSelector, JOB_FIELDS);
    return (job) => byLabels(job) && byFields(job);
  }

  /** Jobs of a namespace (all namespaces when undefined) that match `selector`. */
  list(namespace: string | undefined, selector: Selector = () => true): any[] {
    return this.objects.list(namespace).filter(selector);
  }

  /** Replaces a Job's status (what the controller writes through `/status`). */
  setStatus(namespace: string, name: string, status: any): any {
    const job = this.get(namespace, name);
    job.status = status;
    return this.objects.update(job);
  }

  /**
   * Deletes a Job and returns it as the API answers. `Background` removes it at once. `Foreground` and
   * `Orphan` first mark it (deletionTimestamp and a finalizer, a MODIFIED event) and the garbage collector
   * removes it right after, there being no pods here. batch/v1 defaults to `Orphan` when no policy is given.
   */
  delete(namespace: string, name: string, policy: PropagationPolicy = 'Orphan'): any {
    const job = this.get(namespace, name);
    if (policy === 'Background') return this.objects.remove(namespace, name);
    job.metadata.deletionTimestamp = kubeTime();
    job.metadata.deletionGracePeriodSeconds = 0;
    job.metadata.finalizers = [...(job.metadata.finalizers ?? []), policy === 'Foreground' ? 'foregroundDeletion' : 'orphan'];
    const marked = this.objects.update(job);
    setImmediate(() => {
      if (this.objects.get(namespace, name)?.metadata.uid === job.metadata.uid) this.objects.remove(namespace, name);
    });
    return marked;
  }

  private ref(name: string) {
    return { group: JOB_RESOURCE.group, resource: JOB_RESOURCE.resource, name };
  }
}
