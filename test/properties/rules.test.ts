/**
 * Property of the committed dist/: every environment's PrometheusRule (recording rules and SLA alerts, from its own
 * SLA tiers) passes the real `promtool check rules`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument, stringify } from 'yaml';
import { promtool, requirePromtool } from '../helpers/promtool';
import { SHIPPED_DIST } from './shipped';

const ruleFiles = fs
  .readdirSync(SHIPPED_DIST)
  .sort()
  .flatMap((env) => {
    const dir = path.join(SHIPPED_DIST, env, 'monitoring');
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => f.startsWith('prometheusrule-')).sort().map((f) => [`${env}/monitoring/${f}`, path.join(dir, f)] as const);
  });

test('there are rules to check', () => {
  expect(ruleFiles.length).toBeGreaterThan(0);
});

test.each(ruleFiles)('promtool check rules accepts %s', async (_name, file) => {
  requirePromtool();
  const rule = parseDocument(fs.readFileSync(file, 'utf8')).toJS();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipped-rules-'));
  try {
    const groupsFile = path.join(dir, 'rules.yaml');
    fs.writeFileSync(groupsFile, stringify({ groups: rule.spec.groups }, { lineWidth: 0 }));
    const count = rule.spec.groups.reduce((n: number, g: { rules: unknown[] }) => n + g.rules.length, 0);
    const result = await promtool(['check', 'rules', groupsFile]);
    expect([result.code, result.output]).toEqual([0, expect.stringContaining(`SUCCESS: ${count} rules found`)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
