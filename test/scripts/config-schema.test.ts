/** The editor schemas (`npm run schema`) of the fixture project: they accept its files and flag a typo. */
import * as fs from 'fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { configJsonSchemas } from '../../scripts/write-config-schema';
import { FIXTURE_ROOT, fixtureFile } from '../helpers/project';

const schemas = configJsonSchemas(FIXTURE_ROOT);

test('editors accept the config files and flag a typo; what the defaults do not provide stays required', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const environment = ajv.compile(JSON.parse(schemas['config/schema/environment.schema.json']));
  const catalog = ajv.compile(JSON.parse(schemas['config/schema/catalog.schema.json']));
  const read = (file: string) => parse(fs.readFileSync(fixtureFile(file), 'utf8'));
  expect(catalog(read('config/catalog.yaml'))).toBe(true);
  for (const file of ['demo', 'dev', 'full']) expect([file, environment(read(`config/environments/${file}.yaml`)), environment.errors]).toEqual([file, true, null]);
  expect(environment({ ...read('config/environments/dev.yaml'), servingNamepsace: 'x' })).toBe(false);
  expect(environment.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'servingNamepsace' } });
  expect(environment({ internet: true })).toBe(false);
  expect(environment.errors?.map((e) => e.params)).toContainEqual({ missingProperty: 'namespace' });
});
