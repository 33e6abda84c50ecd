import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { configJsonSchemas } from '../../scripts/write-config-schema';
import { PROJECT_ROOT } from '../helpers/project';

const schemas = configJsonSchemas(PROJECT_ROOT);

test('the committed JSON schemas are up to date (run `npm run schema`)', () => {
  for (const [file, content] of Object.entries(schemas)) expect([file, fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')]).toEqual([file, content]);
});

test('editors accept the shipped config files and flag a typo', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const environment = ajv.compile(JSON.parse(schemas['config/schema/environment.schema.json']));
  const catalog = ajv.compile(JSON.parse(schemas['config/schema/catalog.schema.json']));
  const read = (file: string) => parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));
  expect(catalog(read('config/catalog.yaml'))).toBe(true);
  for (const file of fs.readdirSync(path.join(PROJECT_ROOT, 'config/environments'))) {
    expect([file, environment(read(`config/environments/${file}`)), environment.errors]).toEqual([file, true, null]);
  }
  expect(environment({ ...read('config/environments/dev.yaml'), servingNamepsace: 'x' })).toBe(false);
  expect(environment.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'servingNamepsace' } });
  // what the defaults do not provide stays required
  expect(environment({ internet: true })).toBe(false);
  expect(environment.errors?.map((e) => e.params)).toContainEqual({ missingProperty: 'namespace' });
});
