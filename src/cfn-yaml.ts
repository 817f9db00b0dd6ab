/** Reads CloudFormation YAML, short-form tags (`!Ref`, `!Sub` …) included, into long-form JSON data: for deployed or hand-written templates (eksng diff) and the reference templates (tests). */
import { jsYaml } from './render/js-yaml';
import type { Schema, Type } from 'js-yaml';
const { load, DEFAULT_SCHEMA } = jsYaml;

const FUNCTIONS = ['Base64', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'Join', 'Not', 'Equals', 'Select', 'Split', 'Sub', 'And', 'Or', 'Condition', 'ImportValue'];

const types: Type[] = [
  ...['scalar', 'sequence', 'mapping'].map((kind) => new jsYaml.Type('!Ref', { kind: kind as 'scalar', construct: (d: unknown) => ({ Ref: d }) })),
  ...FUNCTIONS.flatMap((fn) =>
    (['scalar', 'sequence', 'mapping'] as const).map(
      (kind) =>
        new jsYaml.Type(`!${fn}`, {
          kind,
          construct: (d: unknown) => ({ [fn === 'Condition' ? 'Condition' : `Fn::${fn}`]: fn === 'GetAtt' && typeof d === 'string' ? d.split('.') : d }),
        }),
    ),
  ),
];

const CFN_SCHEMA: Schema = DEFAULT_SCHEMA.extend(types);

export function loadCfnYaml(text: string): unknown {
  return load(text, { schema: CFN_SCHEMA });
}
