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

import { SHIPPED_DIST as DIST, shippedConfig } from './shipped';

const envs = fs.readdirSync(DIST).sort();

test('every document in dist/ passes the schema and policy checks', () => {
  const result = validateDirectory(DIST);
  expect(result.problems.map(formatProblem)).toEqual([]);
  expect(result.summary.documents).toBeGreaterThanOrEqual(17);
});

test('dist/ has one folder per environment of config/ with only known app folders', () => {
  expect(envs).toEqual(shippedConfig().environments.map((e) => e.name).sort());
  for (const env of envs) {
    for (const folder of fs.readdirSync(path.join(DIST, env))) expect([...SYNCED_APPS, ...UNSYNCED_FOLDERS]).toContain(folder);
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
  for (const env of envs) {
    for (const app of SYNCED_APPS) {
      for (const { file, object } of objectsIn(path.join(DIST, env, app))) {
        const where = `${env}/${app}/${file}`;
        if (object.metadata.generateName !== undefined) offending.push(`${where}: generateName`);
        if (['Job', 'PipelineRun'].includes(object.kind) && !isHook(object)) offending.push(`${where}: ${object.kind} that is not an ArgoCD hook`);
      }
    }
  }
  expect(offending).toEqual([]);
});

describe.each(envs)('ArgoCD app-of-apps of %s', (env) => {
  const argocd = objectsIn(path.join(DIST, env, 'argocd')).map((o) => o.object);
  const bootstrap = objectsIn(path.join(DIST, env, 'bootstrap')).map((o) => o.object);
  const applications = [...argocd, ...bootstrap].filter((o) => o.kind === 'Application');
  const children = argocd.filter((o) => o.kind === 'Application');
  const [project] = argocd.filter((o) => o.kind === 'AppProject');

  test('every Application path exists in dist/ and holds manifests; none points at an unsynced folder', () => {
    expect(applications.length).toBeGreaterThan(1);
    for (const application of applications) {
      const dir = path.join(DIST, '..', application.spec.source.path);
      expect([application.metadata.name, fs.existsSync(dir) && objectsIn(dir).length > 0]).toEqual([application.metadata.name, true]);
      for (const folder of UNSYNCED_FOLDERS) expect(application.spec.source.path).not.toBe(`dist/${env}/${folder}`);
    }
  });

  test('one child Application per app folder that has objects, and the root syncs the argocd folder', () => {
    const withObjects = CHILD_APPS.filter((app) => objectsIn(path.join(DIST, env, app)).length > 0);
    expect(children.map((a) => a.spec.source.path).sort()).toEqual(withObjects.map((app) => `dist/${env}/${app}`).sort());
    const roots = bootstrap.filter((o) => o.kind === 'Application');
    expect(roots.map((a) => [a.metadata.name, a.spec.source.path])).toEqual([[`${env}-root`, `dist/${env}/argocd`]]);
  });

  test("the AppProject allows every object of its Applications' folders", () => {
    const allowed = (list: { group: string; kind: string }[], object: any) => {
      const group = String(object.apiVersion).includes('/') ? String(object.apiVersion).replace(/\/[^/]*$/, '') : '';
      return list.some((k) => k.group === group && k.kind === object.kind);
    };
    const destinations = project.spec.destinations.map((d: any) => d.namespace);
    const refused: string[] = [];
    for (const child of children) {
      expect(child.spec.project).toBe(project.metadata.name);
      for (const { file, object } of objectsIn(path.join(DIST, '..', child.spec.source.path))) {
        const where = `${child.spec.source.path}/${file}`;
        const namespace = object.metadata.namespace;
        if (namespace === undefined) {
          if (!allowed(project.spec.clusterResourceWhitelist, object)) refused.push(`${where}: cluster-scoped ${object.kind} not in clusterResourceWhitelist`);
        } else {
          if (!allowed(project.spec.namespaceResourceWhitelist, object)) refused.push(`${where}: ${object.kind} not in namespaceResourceWhitelist`);
          if (!destinations.includes(namespace)) refused.push(`${where}: namespace ${namespace} not a destination`);
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
  expect(environments.map((d) => path.basename(d))).toEqual(envs);
  expect(environments.flatMap(checkEnvironmentPrivileges)).toEqual([]);
});
