/**
 * Stage 1 of 3: unknown JSON → the config's shape, or problems with pointers.
 * Defaults are not applied here (see resolve.ts); cross-field rules live in check.ts.
 */
import { describeValue, error, NO_SOURCE, nonFiniteNumbers, Problem, SourceText } from '../problems';
import { validators } from '../validation';
import { schemaProblems } from '../validation/problems';
import { ConfigInput } from './types';

export interface Parsed<T> {
  readonly value: T | null;
  readonly problems: readonly Problem[];
}

/** @param source the config's text by pointer, to name a number JSON readers cannot hold as it was written (1e400) */
export function parseConfig(input: unknown, source: SourceText = NO_SOURCE): Parsed<ConfigInput> {
  const validateConfig = validators.config<ConfigInput>();
  if (validateConfig(input)) return { value: input, problems: [] };
  return { value: null, problems: schemaProblems(validateConfig.errors ?? [], input, source) };
}

/**
 * The numbers JSON readers cannot hold (1e400 is read as Infinity) that no other problem covers:
 * the schema refuses them in every typed field, the kubelet and Bottlerocket checks in the settings
 * they know; anywhere else in the free-form fields one would reach the node as null.
 */
export function checkNumbers(input: unknown, problems: readonly Problem[], source: SourceText = NO_SOURCE): Problem[] {
  const covered = problems.filter((p) => p.severity === 'error').map((p) => p.pointer);
  const isCovered = (at: string) => covered.some((c) => at === c || at.startsWith(`${c}/`));
  return nonFiniteNumbers(input)
    .filter((n) => !isCovered(n.pointer))
    .map(({ pointer: at, value }) => error('schema.number-range', at, `must be a number within ±${Number.MAX_VALUE}, got ${describeValue(value, { written: source(at) })}: JSON readers take it as infinity, which eksng would write as null`));
}
