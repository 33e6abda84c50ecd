/**
 * Tests own their inputs: outside test/properties/, no test reads the shipped config/ or the dist/ committed from
 * it (adopters replace both on day one); they read the fixture project (test/helpers/project.ts). A static check of
 * the test sources.
 */
import * as fs from 'fs';
import * as path from 'path';

const TEST_ROOT = __dirname;
const PROPERTIES = path.join(TEST_ROOT, 'properties');

/** What reads the shipped config/ or dist/, each with why it is refused. */
const FORBIDDEN: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /loadConfig\(\s*(PROJECT_ROOT|SHIPPED_ROOT|process\.cwd\(\)|['"`]\.['"`])/, what: 'loads the shipped config (use fixture() or fixtureEnvironment())' },
  { pattern: /(PROJECT_ROOT|SHIPPED_ROOT)\s*,\s*['"`](\.\/)?(config|dist)\b/, what: 'reads the shipped config/ or dist/ (use fixtureFile() or fixtureDist())' },
  { pattern: /\$\{(PROJECT_ROOT|SHIPPED_ROOT)\}\/(config|dist)\b/, what: 'reads the shipped config/ or dist/ (use fixtureFile() or fixtureDist())' },
  { pattern: /__dirname\s*,\s*(['"`]\.\.['"`]\s*,\s*)+['"`](config|dist)['"`]/, what: 'reads the shipped config/ or dist/ (use fixtureFile() or fixtureDist())' },
  { pattern: /(readFileSync|readdirSync|existsSync|cpSync|readManifests|validateDirectory|statSync)\(\s*['"`](\.\/)?(config|dist)\//, what: 'reads config/ or dist/ relative to the working directory' },
  { pattern: /from\s+['"][./]*properties\/shipped['"]/, what: 'uses the shipped project outside test/properties/' },
];

/** The refused reads in one source text: `line: what`. */
export function refusedReads(text: string): string[] {
  return text.split('\n').flatMap((line, i) => FORBIDDEN.filter((f) => f.pattern.test(line)).map((f) => `${i + 1}: ${f.what}: ${line.trim()}`));
}

function testSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === PROPERTIES || entry.name === 'fixtures' ? [] : testSources(full);
    return entry.name.endsWith('.ts') && full !== __filename ? [full] : [];
  });
}

test('no test outside test/properties/ reads the shipped config/ or dist/', () => {
  const sources = testSources(TEST_ROOT);
  expect(sources.length).toBeGreaterThan(40);
  const refused = sources.flatMap((file) => refusedReads(fs.readFileSync(file, 'utf8')).map((r) => `${path.relative(TEST_ROOT, file)}:${r}`));
  expect(refused).toEqual([]);
});

test('the check finds each way of reading the shipped project', () => {
  // one line of test code per line (fixtures: this file itself reads nothing it refuses)
  const lines = (name: string) => fs.readFileSync(path.join(TEST_ROOT, 'fixtures', 'test-inputs', name), 'utf8').split('\n').filter(Boolean);
  const samples = lines('refused.txt');
  expect(samples).toHaveLength(7);
  for (const sample of samples) expect([sample, refusedReads(sample).length]).toEqual([sample, 1]);
  for (const sample of lines('allowed.txt')) expect([sample, refusedReads(sample)]).toEqual([sample, []]);
});
