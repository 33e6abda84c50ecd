/**
 * Properties of the committed dist/, whatever environments the shipped config holds: every document validates against ../shared/schemas and the policy, nothing
 * ArgoCD would run at sync sits in a synced folder (hooks aside), the app-of-apps points at folders that exist
 * and its AppProject allows what they hold, and the policy check catches a weakened real Job.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { validateDirectory } from '../../scripts/validation';
import { readDocuments } from '../../scripts/validation/documents';
import { checkPolicy } from '../../scripts/validation/policy-check';
import { formatProblem } from '../../scripts/validation/report';
import { CHILD_APPS, SYNCED_APPS, UNSYNCED_FOLDERS } from '../../domain/apps';
import { checkEnvironmentPrivileges, environmentDirectories } from '../../scripts/validation/privileges';

import { SHIPPED_DIST as DIST, shippedConfig, shippedStacks } from './shipped';

const envs = fs.readdirSync(DIST).sort();
/** Every stack's folder under dist/: `ENV`, or `ENV/CLUSTER` for each cluster of a fleet. */
const stacks = shippedStacks();

test('every document in dist/ passes the schema and policy checks', () => {
  const result = validateDirectory(DIST);
  expect(result.problems.map(formatProblem)).toEqual([]);
  expect(result.summary.documents).toBeGreaterThanOrEqual(17);
});

test('dist/ has one folder per environment of config/ with only known app folders (a fleet: its bootstrap/ and one folder per cluster)', () => {
  expect(envs).toEqual(shippedConfig().environments.map((e) => e.name).sort());
  for (const env of shippedConfig().environments) {
    if (env.clusters) expect(fs.readdirSync(path.join(DIST, env.name)).sort()).toEqual(['bootstrap', ...env.clusters.map((c) => c.cluster!.name)].sort());
  }
  for (const { root } of stacks) {
    for (const folder of fs.readdirSync(path.join(DIST, root))) expect([...SYNCED_APPS, ...UNSYNCED_FOLDERS]).toContain(folder);
  }
});

/** Every object of every YAML file in `dir` (one per file), with its file name. */
function objectsIn(dir: string): { file: string; object: any }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => ({ file, object: parseDocument(fs.readFileSync(path.join(dir, file), 'utf8')).toJS() }));
}

/** True for an object ArgoCD runs as a resource hook (at sync, then deletes): allowed to be a Job. */
const isHook = (object: any) => object.metadata?.annotations?.['argocd.argoproj.io/hook'] !== undefined;

test('no Job, PipelineRun or generateName object sits in a folder ArgoCD syncs, except ArgoCD hooks', () => {
  const offending: string[] = [];
  for (const { root } of stacks) {
    for (const app of SYNCED_APPS) {
      for (const { file, object } of objectsIn(path.join(DIST, root, app))) {
        const where = `${root}/${app}/${file}`;
        if (object.metadata.generateName !== undefined) offending.push(`${where}: generateName`);
        if (['Job', 'PipelineRun'].includes(object.kind) && !isHook(object)) offending.push(`${where}: ${object.kind} that is not an ArgoCD hook`);
      }
    }
  }
  expect(offending).toEqual([]);
});

describe.each(stacks.map((s) => [s.root, s] as const))('ArgoCD app-of-apps of %s', (root, stack) => {
  const argocd = objectsIn(path.join(DIST, root, 'argocd')).map((o) => o.object);
  // one cluster: the root Application in bootstrap/, the AppProject in argocd/; a fleet: both from its hub's bootstrap/
  const hub = objectsIn(path.join(DIST, stack.fleet ? stack.fleet.name : root, 'bootstrap')).map((o) => o.object);
  const children = argocd.filter((o) => o.kind === 'Application');
  const [project] = [...argocd, ...(stack.fleet ? hub : [])].filter((o) => o.kind === 'AppProject');
  const cluster = stack.env.cluster;
  /** The root Application of this stack, as synced (a fleet's: its ApplicationSet's template for this cluster). */
  const roots = (): { name: string; path: string }[] => {
    if (!stack.fleet) return hub.filter((o) => o.kind === 'Application').map((a) => ({ name: a.metadata.name, path: a.spec.source.path }));
    const sets = hub.filter((o) => o.kind === 'ApplicationSet');
    return sets.flatMap((set) =>
      set.spec.generators.flatMap((g: any) => g.list.elements).filter((e: any) => e.cluster === cluster!.name).map((e: any) => ({
        name: set.spec.template.metadata.name.replace('{{.cluster}}', e.cluster),
        path: set.spec.template.spec.source.path.replace('{{.cluster}}', e.cluster),
      })),
    );
  };

  test('every Application path exists in dist/ and holds manifests; none points at an unsynced folder', () => {
    const applications = [...children.map((a) => ({ name: a.metadata.name, path: a.spec.source.path })), ...roots()];
    expect(applications.length).toBeGreaterThan(1);
    for (const application of applications) {
      const dir = path.join(DIST, '..', application.path);
      expect([application.name, fs.existsSync(dir) && objectsIn(dir).length > 0]).toEqual([application.name, true]);
      for (const folder of UNSYNCED_FOLDERS) expect(application.path).not.toBe(`dist/${root}/${folder}`);
    }
  });

  test('one child Application per app folder that has objects, and the root syncs the argocd folder', () => {
    const withObjects = CHILD_APPS.filter((app) => objectsIn(path.join(DIST, root, app)).length > 0);
    expect(children.map((a) => a.spec.source.path).sort()).toEqual(withObjects.map((app) => `dist/${root}/${app}`).sort());
    expect(roots()).toEqual([{ name: `${root.replace('/', '-')}-root`, path: `dist/${root}/argocd` }]);
  });

  test("the AppProject allows every object of its Applications' folders, on their cluster", () => {
    const allowed = (list: { group: string; kind: string }[], object: any) => {
      const group = String(object.apiVersion).includes('/') ? String(object.apiVersion).replace(/\/[^/]*$/, '') : '';
      return list.some((k) => k.group === group && k.kind === object.kind);
    };
    const refused: string[] = [];
    for (const child of children) {
      expect(child.spec.project).toBe(project.metadata.name);
      const { namespace: _, ...destination } = child.spec.destination;
      // the destinations of the child's cluster
      const destinations = project.spec.destinations.filter((d: any) => (d.name ?? d.server) === (destination.name ?? destination.server)).map((d: any) => d.namespace);
      for (const { file, object } of objectsIn(path.join(DIST, '..', child.spec.source.path))) {
        const where = `${child.spec.source.path}/${file}`;
        const namespace = object.metadata.namespace;
        if (namespace === undefined) {
          if (!allowed(project.spec.clusterResourceWhitelist, object)) refused.push(`${where}: cluster-scoped ${object.kind} not in clusterResourceWhitelist`);
        } else {
          if (!allowed(project.spec.namespaceResourceWhitelist, object)) refused.push(`${where}: ${object.kind} not in namespaceResourceWhitelist`);
          if (!destinations.includes(namespace)) refused.push(`${where}: namespace ${namespace} not a destination on its cluster`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});

test('the policy check catches a real Job with capabilities kept, a GPU requested and a moving tag', () => {
  const jobs = envs.flatMap((env) => objectsIn(path.join(DIST, env, 'jobs')).map((o) => path.join(DIST, env, 'jobs', o.file)));
  expect(jobs.length).toBeGreaterThan(0);
  const file = jobs[0];
  const [doc] = readDocuments(path.relative(process.cwd(), file));
  expect(checkPolicy(doc)).toEqual([]);
  const bench = (doc.content as any).spec.template.spec.initContainers[1]; // the first benchmark, after `prepare`
  delete bench.securityContext.capabilities;
  bench.resources.limits['nvidia.com/gpu'] = 1;
  bench.image = 'ghcr.io/vllm-project/guidellm:latest';
  const lines = checkPolicy(doc).map(formatProblem).join('\n');
  expect(lines).toContain('capabilities.drop');
  expect(lines).toContain('nvidia.com/gpu');
  expect(lines).toContain('latest');
});

test('least privilege in every environment (the checker `npm run validate` runs): no Secret reader where others start pods, no grant that widens RBAC, no cluster-wide RBAC in a synced folder, no credentials in any file', () => {
  const environments = environmentDirectories(DIST);
  // every stack, and a fleet's hub part
  const hubs = shippedConfig().environments.filter((e) => e.clusters).map((e) => `${e.name}/bootstrap`);
  expect(environments.map((d) => path.relative(DIST, d).split(path.sep).join('/')).sort()).toEqual([...stacks.map((s) => s.root), ...hubs].sort());
  expect(environments.flatMap(checkEnvironmentPrivileges)).toEqual([]);
});
