/**
 * The tables of docs/guidellm-cli.md, generated from the fact table (./cli-table.ts): one copy of each fact.
 * The doc marks each generated table with `<!-- generated: ID -->` … `<!-- end generated -->`, where ID is
 * `<GENERATION>.flags`, `<GENERATION>.values`, `<GENERATION>.env` or `<GENERATION>.kinds.<flag>`;
 * `npm run docs:guidellm` rewrites them and test/guidellm/cli-doc.test.ts fails while the doc is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LEGACY_CLI, LEGACY_FROM_FILE_CLI, RUN_CLI, RUN_EXPORT_CLI, RUN_FROM_FILE_CLI } from './cli-table';
import { CliGeneration } from './cli-table-types';

export const GENERATIONS: Readonly<Record<string, CliGeneration>> = { LEGACY_CLI, LEGACY_FROM_FILE_CLI, RUN_CLI, RUN_FROM_FILE_CLI, RUN_EXPORT_CLI };

export const CLI_DOC = path.join(__dirname, '..', '..', 'docs', 'guidellm-cli.md');

const BLOCK = /(<!-- generated: (\S+) -->\n)[\s\S]*?(<!-- end generated -->)/g;

/** A table cell: pipes escaped, one line. */
function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

const code = (text: string) => `\`${cell(text)}\``;

function flags(g: CliGeneration): string {
  return table(
    ['flag', 'versions', 'meaning and quirks', 'source'],
    g.flags.map((f) => [
      `${code(f.flag)}${f.takesValue ? ' VALUE' : ''}${f.repeatable ? ' (repeatable)' : ''}`,
      f.since ? `since ${f.since}` : 'all',
      cell(f.note),
      code(f.source),
    ]),
  );
}

function values(g: CliGeneration): string {
  return Object.entries(g.values ?? {})
    .map(([flag, facts]) => `${code(flag)} values:\n\n` + table(['value', 'meaning', 'source'], facts.map((v) => [code(v.value), cell(v.note), code(v.source)])))
    .join('\n');
}

function kinds(g: CliGeneration, flag: string): string {
  const byKind = g.kinds?.[flag];
  if (!byKind) throw new Error(`docs/guidellm-cli.md: no kinds for "${flag}" in this generation; allowed: ${Object.keys(g.kinds ?? {}).join(', ') || 'none'}`);
  return table(
    ['kind', 'keys', 'required', 'meaning and quirks', 'source'],
    Object.entries(byKind).map(([kind, k]) => [
      code(kind),
      k.keys.length ? k.keys.map(code).join(', ') : '–',
      k.required.length ? k.required.map(code).join(', ') : '–',
      cell(k.note),
      code(k.source),
    ]),
  );
}

function env(g: CliGeneration): string {
  return table(['variable', 'meaning', 'source'], g.env.map((e) => [code(e.name), cell(e.note), code(e.source)]));
}

/** The markdown of one generated block. */
export function generatedBlock(id: string): string {
  const [name, part, ...rest] = id.split('.');
  const g = GENERATIONS[name];
  if (!g) throw new Error(`docs/guidellm-cli.md: unknown generation "${name}" in <!-- generated: ${id} -->; allowed: ${Object.keys(GENERATIONS).join(', ')}`);
  switch (part) {
    case 'flags':
      return flags(g);
    case 'values':
      return values(g);
    case 'env':
      return env(g);
    case 'kinds':
      return kinds(g, rest.join('.'));
    default:
      throw new Error(`docs/guidellm-cli.md: unknown table "${part}" in <!-- generated: ${id} -->; allowed: flags, values, env, kinds.<flag>`);
  }
}

/** The ids of the generated blocks in `text`, in order. */
export function generatedIds(text: string): string[] {
  return [...text.matchAll(BLOCK)].map((m) => m[2]);
}

/** `text` with every generated block rewritten from the fact table. */
export function renderCliDoc(text: string): string {
  return text.replace(BLOCK, (_all, open: string, id: string, close: string) => `${open}\n${generatedBlock(id)}\n${close}`);
}

if (require.main === module) {
  const before = fs.readFileSync(CLI_DOC, 'utf8');
  const after = renderCliDoc(before);
  if (after !== before) fs.writeFileSync(CLI_DOC, after);
  console.log(`${path.relative(process.cwd(), CLI_DOC)}: ${generatedIds(after).length} generated table(s), ${after === before ? 'unchanged' : 'rewritten'}`);
}
