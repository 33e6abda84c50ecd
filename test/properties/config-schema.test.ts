/**
 * Property of the shipped configuration: the JSON schemas in config/schema/ are what `npm run schema` writes from
 * it, and editors using them accept every shipped config file.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { configJsonSchemas } from '../../scripts/write-config-schema';
import { SHIPPED_ROOT } from './shipped';

const schemas = configJsonSchemas(SHIPPED_ROOT);

test('the committed JSON schemas are up to date (run `npm run schema`)', () => {
  for (const [file, content] of Object.entries(schemas)) expect([file, fs.readFileSync(path.join(SHIPPED_ROOT, file), 'utf8')]).toEqual([file, content]);
});

test('editors accept every shipped config file', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const environment = ajv.compile(JSON.parse(schemas['config/schema/environment.schema.json']));
  const catalog = ajv.compile(JSON.parse(schemas['config/schema/catalog.schema.json']));
  const read = (file: string) => parse(fs.readFileSync(path.join(SHIPPED_ROOT, file), 'utf8'));
  expect([catalog(read('config/catalog.yaml')), catalog.errors]).toEqual([true, null]);
  const files = fs.readdirSync(path.join(SHIPPED_ROOT, 'config/environments')).filter((f) => f.endsWith('.yaml'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect([file, environment(read(`config/environments/${file}`)), environment.errors]).toEqual([file, true, null]);
});
