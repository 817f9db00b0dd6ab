/**
 * The JSON Schema validators, compiled ahead of time. Compiling with ajv at run time cost ~200 ms of
 * every eksng start (loading ajv ~70 ms, compiling the config schema ~130 ms); the generated module
 * is plain code needing only a tiny ajv runtime helper. It is generated from the schemas in
 * `schemas.ts` by `standalone.ts`, and a test pins it to them (UPDATE_GOLDEN=1 rewrites it).
 */
import type { ValidateFunction } from 'ajv';
import * as generated from './validators.generated';
import type { SchemaName } from './schemas';

type Validators = { readonly [K in SchemaName]: <T>() => ValidateFunction<T> };

function lookup(name: string): ValidateFunction {
  const fn = (generated as Record<string, unknown>)[`validate${name[0].toUpperCase()}${name.slice(1)}`];
  if (typeof fn !== 'function') {
    throw new Error(`the precompiled validator "${name}" is missing; regenerate it: UPDATE_GOLDEN=1 npx jest test/validation`);
  }
  return fn as ValidateFunction;
}

/** `validators.config<ConfigInput>()`: the typed validator of that schema (looked up when called). */
export const validators = new Proxy({} as Validators, { get: (_, name) => () => lookup(String(name)) });
