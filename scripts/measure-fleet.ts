/**
 * `npm run measure:fleet [-- CLUSTERS TARGETS]` (default 3 × 100): a fleet of CLUSTERS clusters, each benchmarking
 * TARGETS targets (the fixture project's `full` environment with its targets repeated under new names, as
 * measure:scale makes them), synthesized in memory; then the size of every Application ArgoCD would store for it,
 * as stored: its manifest plus the status the application controller writes after a sync. That status lists every
 * synced resource twice — `status.resources` (ResourceStatus: group, version, kind, namespace, name, status, health,
 * syncWave) and `status.operationState.syncResult.resources` (ResourceResult: the same with the sync message,
 * syncPhase and hookPhase) — plus `status.summary.images` and up to ten `status.history` entries (argo-cd v3.5
 * pkg/apis/application/v1alpha1/types.go). It is built here from the objects of each Application's folder with the
 * messages ArgoCD writes (`<kind>/<name> serverside-applied` or `configured`), so its size is what etcd would hold
 * (limit 1.5 MiB per object). Prints per app the largest over the clusters, and the largest overall.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument, stringify } from 'yaml';
import { loadConfig } from '../config/load';
import { formatBytes, KUBERNETES_LIMITS } from '../domain/object-limits';
import { renderEnvironment, RenderedFile } from '../synth/render';

const FIXTURE = path.join(__dirname, '..', 'test', 'fixtures', 'project');
const ENV = 'fleet';

/** A copy of the fixture project whose `fleet` environment is `full` with `targets` targets on `clusters` clusters. */
function project(clusters: number, targets: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-fleet-'));
  fs.cpSync(path.join(FIXTURE, 'config'), path.join(dir, 'config'), { recursive: true });
  const env = parseDocument(fs.readFileSync(path.join(dir, 'config', 'environments', 'full.yaml'), 'utf8')).toJS();
  const base = (env.targets as Record<string, unknown>[]).filter((t) => !('endpoint' in t));
  env.targets = Array.from({ length: targets }, (_, i) => {
    const name = `t${i}-${String(base[i % base.length].model)}`.slice(0, 40);
    return { ...base[i % base.length], name, deployment: name };
  });
  env.namespace = 'llm-bench-fleet';
  env.argocd = { ...env.argocd, maxManifestBytesPerApp: 100_000_000 };
  env.clusters = Array.from({ length: clusters }, (_, i) => ({ name: `c${i}`, destination: { name: `cluster-${i}` }, appsDomain: `apps.c${i}.example.com` }));
  fs.writeFileSync(path.join(dir, 'config', 'environments', `${ENV}.yaml`), stringify(env, { aliasDuplicateObjects: false }));
  return dir;
}

type Json = Record<string, any>;

/** The status the controller writes for an Application that synced `objects` (see the file comment). */
function syncedStatus(objects: readonly Json[], serverSide: boolean, revision: string): Json {
  const ref = (o: Json) => {
    const [group, version] = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/') : ['', o.apiVersion];
    return { ...(group ? { group } : {}), version, kind: o.kind, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name };
  };
  const images = [...new Set(objects.flatMap((o) => JSON.stringify(o).match(/"image":"[^"]+"/g) ?? []).map((m) => m.slice(9, -1)))].sort();
  const history = Array.from({ length: 10 }, (_, i) => ({
    id: i,
    revision,
    deployedAt: '2026-12-07T02:00:00Z',
    deployStartedAt: '2026-12-07T01:59:58Z',
    source: { repoURL: 'https://github.com/example-org/llm-benchmark-stack.git', path: 'dist/fleet/c0/benchmarks', targetRevision: 'main' },
    initiatedBy: { automated: true },
  }));
  return {
    resources: objects.map((o) => ({ ...ref(o), status: 'Synced', health: { status: 'Healthy' }, syncWave: Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0) })),
    sync: { status: 'Synced', revision, comparedTo: { source: { repoURL: 'https://github.com/example-org/llm-benchmark-stack.git', path: 'dist/fleet/c0/benchmarks', targetRevision: 'main' }, destination: { name: 'cluster-0', namespace: 'llm-bench-fleet' } } },
    health: { status: 'Healthy', lastTransitionTime: '2026-12-07T02:00:00Z' },
    history,
    reconciledAt: '2026-12-07T02:00:00Z',
    operationState: {
      operation: { sync: { revision, syncStrategy: { hook: {} } }, initiatedBy: { automated: true }, retry: { limit: 10 } },
      phase: 'Succeeded',
      message: 'successfully synced (all tasks run)',
      syncResult: {
        resources: objects.map((o) => ({
          ...ref(o),
          status: 'Synced',
          message: `${String(o.kind).toLowerCase()}/${o.metadata.name} ${serverSide ? 'serverside-applied' : 'configured'}`,
          hookPhase: 'Running',
          syncPhase: 'Sync',
        })),
        revision,
        source: { repoURL: 'https://github.com/example-org/llm-benchmark-stack.git', path: 'dist/fleet/c0/benchmarks', targetRevision: 'main' },
      },
      startedAt: '2026-12-07T01:59:58Z',
      finishedAt: '2026-12-07T02:00:00Z',
    },
    sourceType: 'Directory',
    summary: { images },
    controllerNamespace: 'openshift-gitops',
  };
}

function main(): number {
  const [clusters, targets] = [Number(process.argv[2] ?? 3), Number(process.argv[3] ?? 100)];
  const root = project(clusters, targets);
  try {
    const started = process.cpuUsage();
    const env = loadConfig(root, { only: ENV }).environments[0];
    const files = renderEnvironment(env);
    const cpu = process.cpuUsage(started);
    const parse = (f: RenderedFile): Json => parseDocument(f.content).toJS();
    const byFolder = new Map<string, Json[]>();
    for (const f of files.filter((x) => x.path.endsWith('.yaml'))) {
      const folder = path.dirname(f.path);
      byFolder.set(folder, [...(byFolder.get(folder) ?? []), parse(f)]);
    }
    const revision = 'a01133c2f1c4e5d6b7a8091a2b3c4d5e6f708192';
    const rows: { app: string; resources: number; manifest: number; stored: number }[] = [];
    // the child Applications of every cluster, and the roots the ApplicationSet makes (their folder: the cluster's argocd/)
    for (const [folder, objects] of byFolder) {
      for (const app of objects.filter((o) => o.kind === 'Application')) {
        const synced = byFolder.get(String(app.spec.source.path).replace(/^dist\//, '')) ?? [];
        const serverSide = (app.spec.syncPolicy?.syncOptions ?? []).includes('ServerSideApply=true');
        const manifest = Buffer.byteLength(JSON.stringify(app));
        const stored = Buffer.byteLength(JSON.stringify({ ...app, status: syncedStatus(synced, serverSide, revision) }));
        rows.push({ app: `${folder}/${app.metadata.name}`, resources: synced.length, manifest, stored });
      }
    }
    const set = files.find((f) => f.path.includes('/applicationset-'));
    for (const element of set ? parse(set).spec.generators[0].list.elements : []) {
      const children = byFolder.get(`${ENV}/${element.cluster}/argocd`) ?? [];
      const rootApp = { ...parse(set!).spec.template, metadata: { name: `${ENV}-${element.cluster}-root` } };
      rows.push({ app: `${ENV}-${element.cluster}-root (generated)`, resources: children.length, manifest: Buffer.byteLength(JSON.stringify(rootApp)), stored: Buffer.byteLength(JSON.stringify({ ...rootApp, status: syncedStatus(children, false, revision) })) });
    }
    const byApp = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      const app = r.app.replace(/^.*\/fleet-c\d+-/, '').replace(/^fleet-c\d+-/, '').replace(/ \(generated\)$/, '');
      if (!byApp.has(app) || byApp.get(app)!.stored < r.stored) byApp.set(app, r);
    }
    const largestFile = files.reduce((a, b) => (Buffer.byteLength(a.content) >= Buffer.byteLength(b.content) ? a : b));
    console.log(`fleet of ${clusters} clusters × ${targets} targets: ${files.length} files, ${formatBytes(files.reduce((n, f) => n + Buffer.byteLength(f.content), 0))}, synth in-process ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU; largest file ${largestFile.path} ${formatBytes(Buffer.byteLength(largestFile.content))}`);
    console.log('Application (largest over the clusters) | resources | manifest | as stored after a sync (manifest + status)');
    for (const [app, r] of [...byApp].sort((a, b) => b[1].stored - a[1].stored)) {
      console.log(`${app.padEnd(12)} ${r.app.padEnd(44)} | ${String(r.resources).padStart(5)} | ${formatBytes(r.manifest).padStart(9)} | ${formatBytes(r.stored).padStart(9)}`);
    }
    const largest = rows.reduce((a, b) => (a.stored >= b.stored ? a : b));
    console.log(`largest Application: ${largest.app}, ${largest.resources} resources, ${formatBytes(largest.stored)} as stored (${((100 * largest.stored) / KUBERNETES_LIMITS.object).toFixed(0)} % of etcd's ${formatBytes(KUBERNETES_LIMITS.object)} per object)`);
    return largest.stored < KUBERNETES_LIMITS.object ? 0 : 1;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = main();
