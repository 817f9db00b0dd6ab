/**
 * Stage 1 of 3: unknown JSON → the config's shape, or problems with pointers.
 * Defaults are not applied here (see resolve.ts); cross-field rules live in check.ts.
 */
import { Problem } from '../problems';
import { validators } from '../validation';
import { schemaProblems } from '../validation/problems';
import { ConfigInput } from './types';

export interface Parsed<T> {
  readonly value: T | null;
  readonly problems: readonly Problem[];
}

export function parseConfig(input: unknown): Parsed<ConfigInput> {
  const validateConfig = validators.config<ConfigInput>();
  if (validateConfig(input)) return { value: input, problems: [] };
  return { value: null, problems: schemaProblems(validateConfig.errors ?? [], input) };
}
