/** The schema users point `$schema` at is the one the code validates with, byte for byte. */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { configSchema } from '../../src/config/schema';
import { renderJson } from '../../src/render';

const SCHEMA_FILE = path.join(__dirname, '../../schema/nodegroup.schema.json');

describe('schema/nodegroup.schema.json', () => {
  it('is the schema the code uses (UPDATE_GOLDEN=1 rewrites it)', () => {
    const expected = renderJson(configSchema);
    if (process.env.UPDATE_GOLDEN) writeFileSync(SCHEMA_FILE, expected);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(expected);
  });

  it('is a valid draft-07 schema that accepts every example config', () => {
    const validate = new Ajv({ strict: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const dir = path.join(__dirname, '../../templates');
    for (const f of require('fs').readdirSync(dir) as string[]) {
      expect([f, validate(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))), validate.errors]).toEqual([f, true, null]);
    }
  });
});
