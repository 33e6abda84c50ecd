/** docs/guidellm-cli.md's tables are the fact table's (./cli-doc.ts): current, complete, and generated only from it. */
import * as fs from 'fs';
import { CLI_DOC, GENERATIONS, generatedBlock, generatedIds, renderCliDoc } from './cli-doc';

const doc = fs.readFileSync(CLI_DOC, 'utf8');

test('the generated tables are current (else: npm run docs:guidellm)', () => {
  expect(renderCliDoc(doc) === doc).toBe(true);
});

test('every generation has its flags and environment tables, every v0.7 option its kinds', () => {
  const ids = new Set(generatedIds(doc));
  for (const [name, g] of Object.entries(GENERATIONS)) {
    expect(ids).toContain(`${name}.flags`);
    for (const flag of Object.keys(g.kinds ?? {})) expect(ids).toContain(`${name}.kinds.${flag}`);
  }
  expect(ids).toContain('RUN_CLI.env');
  expect(ids).toContain('LEGACY_CLI.env');
});

test('each flag of the table is a row of the doc, with its source', () => {
  for (const [name, g] of Object.entries(GENERATIONS)) {
    const block = generatedBlock(`${name}.flags`);
    for (const f of g.flags) expect(block).toContain(`| \`${f.flag}\``);
    for (const f of g.flags) expect(block).toContain(`\`${f.source}\``);
  }
});

test('a table cell keeps a pipe in the text as text', () => {
  const rows = generatedBlock('LEGACY_CLI.flags').split('\n').filter((l) => l.startsWith('| `'));
  // four columns each: an unescaped pipe inside a note would add one
  for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length).toBe(6);
});

test('an unknown generation or table is refused with what is allowed', () => {
  expect(() => renderCliDoc('<!-- generated: NEW_CLI.flags -->\n<!-- end generated -->')).toThrow(/unknown generation "NEW_CLI".*allowed: LEGACY_CLI/);
  expect(() => renderCliDoc('<!-- generated: RUN_CLI.options -->\n<!-- end generated -->')).toThrow(/unknown table "options".*allowed: flags, values, env, kinds/);
  expect(() => renderCliDoc('<!-- generated: RUN_CLI.kinds.--nope -->\n<!-- end generated -->')).toThrow(/no kinds for "--nope".*allowed: --backend/);
});
