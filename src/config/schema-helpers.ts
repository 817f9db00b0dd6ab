/** Building blocks of the config's JSON Schema, shared by src/config/schema.ts and the feature modules' schemas. */
import { PATTERNS, PatternName } from './patterns';

export type JsonSchema = { readonly [keyword: string]: unknown };

export type PropertiesOf<T> = { readonly [K in keyof T]-?: JsonSchema };
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

export function object<T>(
  description: string,
  required: ReadonlyArray<RequiredKeys<T>>,
  properties: PropertiesOf<T>,
): JsonSchema {
  return { type: 'object', description, additionalProperties: false, required, properties };
}

export function str(description: string, pattern: PatternName, extra: JsonSchema = {}): JsonSchema {
  return { type: 'string', description, pattern: PATTERNS[pattern].source, ...extra };
}

