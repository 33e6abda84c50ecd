/**
 * The committed dist/ as a whole: every document validates against ../shared/schemas and the policy, nothing
 * ArgoCD would run at sync sits in a synced folder, and the policy check catches a weakened real Job.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { validateDirectory } from '../scripts/validation';
import { readDocuments } from '../scripts/validation/documents';
import { checkPolicy } from '../scripts/validation/policy-check';
import { formatProblem } from '../scripts/validation/report';
import { SYNCED_APPS, UNSYNCED_FOLDERS } from '../constructs/environment';

const DIST = path.join(__dirname, '..', 'dist');
const envs = fs.readdirSync(DIST).sort();

test('every document in dist/ passes the schema and policy checks', () => {
  const result = validateDirectory(DIST);
  expect(result.problems.map(formatProblem)).toEqual([]);
  expect(result.summary.documents).toBeGreaterThanOrEqual(17);
});

test('dist/ has one folder per environment with only known app folders', () => {
  expect(envs).toEqual(['demo', 'dev', 'full']);
  for (const env of envs) {
    for (const folder of fs.readdirSync(path.join(DIST, env))) expect([...SYNCED_APPS, ...UNSYNCED_FOLDERS]).toContain(folder);
  }
});

test('no Job and no generateName object sits in a folder ArgoCD syncs', () => {
  for (const env of envs) {
    for (const app of SYNCED_APPS) {
      const dir = path.join(DIST, env, app);
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir)) {
        const object = parseDocument(fs.readFileSync(path.join(dir, file), 'utf8')).toJS();
        expect([`${env}/${app}/${file}`, object.kind]).not.toEqual([`${env}/${app}/${file}`, 'Job']);
        expect(object.metadata.generateName).toBeUndefined();
      }
    }
  }
});

test('the policy check catches a real Job with capabilities kept, a GPU requested and a moving tag', () => {
  const file = path.join(DIST, 'demo/jobs/job-guidellm-mistral-3-int4-l4-x1.yaml');
  const [doc] = readDocuments(path.relative(process.cwd(), file));
  expect(checkPolicy(doc)).toEqual([]);
  const bench = (doc.content as any).spec.template.spec.initContainers[1];
  delete bench.securityContext.capabilities;
  bench.resources.limits['nvidia.com/gpu'] = 1;
  bench.image = 'ghcr.io/vllm-project/guidellm:latest';
  const lines = checkPolicy(doc).map(formatProblem).join('\n');
  expect(lines).toContain('capabilities.drop');
  expect(lines).toContain('nvidia.com/gpu');
  expect(lines).toContain('latest');
});
