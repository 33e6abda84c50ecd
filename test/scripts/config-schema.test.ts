/** The editor schemas (`npm run schema`) of the fixture project: they accept its files and flag a typo. */
import * as fs from 'fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { configJsonSchemas } from '../../scripts/write-config-schema';
import { CATALOG, DEV_FILE } from '../helpers/config-edit';
import { ENVIRONMENTS_DIR } from '../../config/load';
import { FIXTURE_ROOT, fixtureFile } from '../helpers/project';

const schemas = configJsonSchemas(FIXTURE_ROOT);

test('editors accept the config files and flag a typo; what the defaults do not provide stays required', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemaOf = (name: string) => JSON.parse(schemas[Object.keys(schemas).find((file) => file.endsWith(`/${name}.schema.json`))!]);
  const environment = ajv.compile(schemaOf('environment'));
  const catalog = ajv.compile(schemaOf('catalog'));
  const read = (file: string) => parse(fs.readFileSync(fixtureFile(file), 'utf8'));
  expect(catalog(read(CATALOG))).toBe(true);
  for (const file of ['demo', 'dev', 'full']) expect([file, environment(read(`${ENVIRONMENTS_DIR}/${file}.yaml`)), environment.errors]).toEqual([file, true, null]);
  expect(environment({ ...read(DEV_FILE), servingNamepsace: 'x' })).toBe(false);
  expect(environment.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'servingNamepsace' } });
  expect(environment({ internet: true })).toBe(false);
  expect(environment.errors?.map((e) => e.params)).toContainEqual({ missingProperty: 'namespace' });
});
