/** The precompiled validators are exactly what ajv makes of today's schemas. */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { renderValidatorsModule } from '../../src/validation/standalone';

const FILE = path.join(__dirname, '../../src/validation/validators.generated.ts');

it('src/validation/validators.generated.ts matches the schemas (UPDATE_GOLDEN=1 rewrites it)', () => {
  const expected = renderValidatorsModule();
  if (process.env.UPDATE_GOLDEN) writeFileSync(FILE, expected);
  expect(readFileSync(FILE, 'utf8')).toBe(expected);
});
