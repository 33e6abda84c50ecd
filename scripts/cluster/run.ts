/**
 * `npm run cluster -- run --env ENV [--target NAME]`: starts a run now and follows it.
 * - Whole run: a Job from the live dispatcher CronJob, as `kubectl create job --from=cronjob/...` makes it
 *   (the CronJob's jobTemplate, annotation `cronjob.kubernetes.io/instantiate: manual`, owned by the CronJob).
 *   The dispatcher names the run after its own Job's creation time and labels the benchmark Jobs with it, so
 *   the run's Jobs are found by that label.
 * - One target: its on-demand Job from `dist/ENV/jobs/` (what `oc create -f` would do).
 * The Jobs are followed with a watch; the display shows Jobs done of total, elapsed time and each target's
 * state, and ends with where the results are (the report server's Route).
 */
import { DISPATCHER_NAMES } from '../../constructs/dispatcher';
import { LABELS } from '../../domain/names';
import { REPORT_SERVER_NAMES } from '../../constructs/report-server';
import { CliError, explainRefusal, statusOf } from './errors';
import type { Kube } from './kube';
import { applicationsByFolder, type Manifest } from './manifests';
import { ProgressView, TargetProgress, isFinished, jobState, renderProgress, runIdFromTime } from './progress';

export interface RunOptions {
  /** What the manifests are of: `ENV`, or `ENV/CLUSTER` for a fleet's cluster (the folder of dist/). */
  env: string;
  target?: string;
  manifests: Manifest[];
  print: (line: string) => void;
  /** Redraw the display in place every second (a terminal) instead of printing it again on each change. */
  live: boolean;
  write: (text: string) => void;
}

const jobsPath = (namespace: string) => `/apis/batch/v1/namespaces/${encodeURIComponent(namespace)}/jobs`;

function refuse(what: string, status: number, body: unknown, verb: string, resource: string, namespace: string): never {
  throw new CliError(`${what}: ${explainRefusal(statusOf(status, body), { verb, resource, namespace })}`);
}

/** The Job `kubectl create job --from=cronjob/NAME` makes, with a generated name. */
export function jobFromCronJob(cronJob: any): any {
  const template = cronJob.spec?.jobTemplate ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      generateName: `${cronJob.metadata.name}-manual-`,
      namespace: cronJob.metadata.namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
      ownerReferences: [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name, uid: cronJob.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: template.spec,
  };
}

/** Starts the run, follows it, prints where the results are; exit code 0 when every Job completed, else 1. */
export async function run(kube: Kube, options: RunOptions): Promise<number> {
  const { env, manifests, print } = options;
  const applications = applicationsByFolder(manifests);
  const applicationOf = (folder: string) => `the Application ${applications.get(folder) ?? `of dist/${env}/${folder}/`}`;
  const cronJobManifest = manifests.find((m) => m.object.kind === 'CronJob' && m.object.metadata?.name === DISPATCHER_NAMES.cronJob);
  if (!cronJobManifest) throw new CliError(`dist/${env}/ has no CronJob ${DISPATCHER_NAMES.cronJob}: the environment deploys no benchmarks`);
  const namespace: string = cronJobManifest.object.metadata.namespace;
  const onDemand = manifests.filter((m) => m.folder === 'jobs' && m.object.kind === 'Job');
  const targets = onDemand.map((m) => m.object.metadata?.labels?.[LABELS.target]).filter((t): t is string => Boolean(t));

  const ns = await kube.request('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`);
  if (ns.status === 404) {
    throw new CliError(`namespace "${namespace}" does not exist on context "${kube.context}" (${kube.server}): sync ${applicationOf('operators')} first`);
  }
  if (ns.status === 401) throw new CliError(`the API server ${kube.server} does not accept the credentials of context "${kube.context}" (401 Unauthorized): log in again`);

  let created: any;
  let followed: string[];
  if (options.target) {
    const manifest = onDemand.find((m) => m.object.metadata?.labels?.[LABELS.target] === options.target);
    if (!manifest) throw new CliError(`no target "${options.target}" in dist/${env}/jobs/; targets: ${targets.join(', ') || 'none'}`);
    const answer = await kube.request('POST', jobsPath(namespace), { body: manifest.object });
    if (answer.status !== 201) refuse(`cannot start the Job of ${options.target}`, answer.status, answer.body, 'create', 'jobs.batch', namespace);
    created = answer.body;
    followed = [options.target];
    print(`started Job ${namespace}/${created.metadata.name} (target ${options.target}, from ${manifest.file})`);
  } else {
    const cronPath = `${jobsPath(namespace).replace(/jobs$/, 'cronjobs')}/${DISPATCHER_NAMES.cronJob}`;
    const cron = await kube.request('GET', cronPath);
    if (cron.status === 404) {
      throw new CliError(`CronJob ${namespace}/${DISPATCHER_NAMES.cronJob} not found: ${applicationOf('benchmarks')} has not synced it yet`);
    }
    if (cron.status !== 200) refuse(`cannot read the CronJob ${namespace}/${DISPATCHER_NAMES.cronJob}`, cron.status, cron.body, 'get', 'cronjobs.batch', namespace);
    const answer = await kube.request('POST', jobsPath(namespace), { body: jobFromCronJob(cron.body) });
    if (answer.status !== 201) refuse('cannot start the dispatcher Job', answer.status, answer.body, 'create', 'jobs.batch', namespace);
    created = answer.body;
    followed = targets;
    print(`started Job ${namespace}/${created.metadata.name} from CronJob ${DISPATCHER_NAMES.cronJob}: run ${runIdFromTime(created.metadata.creationTimestamp)}, ${targets.length} targets`);
  }
  const view = await follow(kube, options, namespace, created, followed);
  const report = await reportUrl(kube, manifests, namespace);
  const failed = view.targets.filter((t) => jobState(t.job).state !== 'complete');
  const dispatcherFailed = view.dispatcher && jobState(view.dispatcher).state === 'failed';
  print(failed.length === 0 && !dispatcherFailed ? `all ${view.targets.length} Jobs complete` : `${failed.length} of ${view.targets.length} Jobs did not complete`);
  // the index page lists runs by id (runtime/report-server/README.md): name the one to look for
  print(`results: ${report}${options.target ? '' : ` (run ${runIdFromTime(created.metadata.creationTimestamp)})`}`);
  return failed.length === 0 && !dispatcherFailed ? 0 : 1;
}

/** Follows the Jobs of the run until it ends; returns the last view. */
async function follow(kube: Kube, options: RunOptions, namespace: string, created: any, targets: string[]): Promise<ProgressView> {
  const started = Date.now();
  const jobs = new Map<string, any>();
  const whole = !options.target;
  const runId = runIdFromTime(created.metadata.creationTimestamp);
  const title = whole ? `run ${runId} in ${namespace}` : `Job ${created.metadata.name} in ${namespace}`;
  jobs.set(created.metadata.name, created);

  const viewNow = (): ProgressView => {
    const all = [...jobs.values()];
    const byTarget = (target: string): any =>
      whole
        ? all
            .filter((j) => j.metadata.labels?.[LABELS.runId] === runId && j.metadata.labels?.[LABELS.target] === target)
            .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)))
            .pop()
        : jobs.get(created.metadata.name);
    const rows: TargetProgress[] = targets.map((target) => ({ target, job: byTarget(target) }));
    return { title, elapsedSeconds: (Date.now() - started) / 1000, targets: rows, dispatcher: whole ? jobs.get(created.metadata.name) : undefined };
  };

  let shownLines = 0;
  let lastBody = '';
  const show = (force = false) => {
    const lines = renderProgress(viewNow());
    const body = lines.slice(1).join('\n') + lines[0].replace(/, [\d:]+ elapsed$/, '');
    if (options.live) {
      options.write(`${shownLines > 0 ? `\x1b[${shownLines}A\x1b[J` : ''}${lines.join('\n')}\n`);
      shownLines = lines.length;
    } else if (force || body !== lastBody) {
      for (const line of lines) options.print(line);
    }
    lastBody = body;
  };

  show(true);
  const ticker = options.live ? setInterval(() => show(), 1000) : undefined;
  try {
    while (!isFinished(viewNow())) {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const watch = await kube.watch(jobsPath(namespace), {}, (type, job) => {
        if (type === 'DELETED') return; // a TTL-deleted Job keeps its last state here
        if (type === 'ERROR' || !job?.metadata?.name) return;
        jobs.set(job.metadata.name, job);
        show();
        if (isFinished(viewNow())) finish();
      });
      const ended = await Promise.race([watch.done.then(() => 'ended' as const, (error) => error), finished.then(() => 'finished' as const)]);
      watch.stop();
      if (ended !== 'ended' && ended !== 'finished') {
        const code = (ended as any)?.statusCode;
        const why = code === 403 ? `403 Forbidden: missing permission watch jobs.batch in namespace "${namespace}"` : String((ended as Error)?.message ?? ended);
        throw new CliError(`the run goes on, but following it failed: ${why}; see \`oc get jobs -n ${namespace}${whole ? ` -l ${LABELS.runId}=${runId}` : ''}\``);
      }
    }
  } finally {
    if (ticker) clearInterval(ticker);
  }
  show();
  return viewNow();
}

/** `https://HOST/` of the report server's Route: from dist/, or from the live Route when the cluster chose the host. */
async function reportUrl(kube: Kube, manifests: Manifest[], namespace: string): Promise<string> {
  const route = manifests.find((m) => m.object.kind === 'Route' && m.object.metadata?.name === REPORT_SERVER_NAMES.route);
  if (route?.object.spec?.host) return `https://${route.object.spec.host}/`;
  const live = await kube.request('GET', `/apis/route.openshift.io/v1/namespaces/${encodeURIComponent(namespace)}/routes/${REPORT_SERVER_NAMES.route}`);
  if (live.status === 200 && live.body?.spec?.host) return `https://${live.body.spec.host}/`;
  return `the Route ${namespace}/${REPORT_SERVER_NAMES.route} (no host yet: ${statusOf(live.status, live.body).message})`;
}
