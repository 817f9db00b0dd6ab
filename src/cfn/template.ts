/**
 * A template as CloudFormation reads it: plain JSON data, typed. Builders compose cloudform's
 * classes and intrinsic functions (which serialize through `toJSON`); `assembleTemplate` turns
 * them into plain data once, in a fixed section order, and refuses a logical id used twice — an
 * object spread would silently keep only the last resource of that name.
 */
import Parameter from 'cloudform-types/types/parameter';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface PlainResource {
  readonly Type: string;
  readonly Properties?: JsonObject;
  readonly [attribute: string]: Json | undefined;
}

export interface PlainOutput {
  readonly Description?: string;
  readonly Value: Json;
  readonly [attribute: string]: Json | undefined;
}

export interface PlainTemplate {
  readonly AWSTemplateFormatVersion: '2010-09-09';
  readonly Description: string;
  readonly Metadata?: JsonObject;
  readonly Parameters: { readonly [name: string]: JsonObject };
  readonly Mappings?: JsonObject;
  readonly Conditions?: JsonObject;
  readonly Resources: { readonly [logicalId: string]: PlainResource };
  readonly Outputs?: { readonly [name: string]: PlainOutput };
}

/** Thrown while building: a bug in eksng (two builders chose the same logical id), never the user's input. */
export class DuplicateLogicalIdError extends Error {
  constructor(readonly logicalId: string) {
    super(`logical id ${logicalId} is used by two resources of one template`);
  }
}

/** Merges resource groups in order; a logical id used twice is an error. */
export function mergeResources<T>(...groups: ReadonlyArray<Readonly<Record<string, T>>>): Record<string, T> {
  const merged: Record<string, T> = {};
  for (const group of groups) {
    for (const [id, resource] of Object.entries(group)) {
      if (Object.prototype.hasOwnProperty.call(merged, id)) throw new DuplicateLogicalIdError(id);
      merged[id] = resource;
    }
  }
  return merged;
}

/** Any value as plain JSON: `toJSON` applied (cloudform's classes and intrinsics), undefined dropped. */
export function toJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

function toJsonObject(value: unknown): JsonObject {
  const json = toJson(value);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypeError('expected a JSON object');
  return json;
}

export interface TemplateParts {
  readonly description: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly parameters: Readonly<Record<string, Parameter>>;
  readonly mappings?: Readonly<Record<string, unknown>>;
  readonly conditions?: Readonly<Record<string, unknown>>;
  /** Resource groups, each from one builder; merged in order. */
  readonly resources: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

export function assembleTemplate(parts: TemplateParts): PlainTemplate {
  const resources = toJsonObject(mergeResources(...parts.resources)) as { [id: string]: PlainResource };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: parts.description,
    ...(parts.metadata ? { Metadata: toJsonObject(parts.metadata) } : {}),
    Parameters: toJsonObject(parts.parameters) as { [name: string]: JsonObject },
    ...(parts.mappings ? { Mappings: toJsonObject(parts.mappings) } : {}),
    ...(parts.conditions ? { Conditions: toJsonObject(parts.conditions) } : {}),
    Resources: resources,
    ...(parts.outputs ? { Outputs: toJsonObject(parts.outputs) as { [name: string]: PlainOutput } } : {}),
  };
}
