/**
 * Template parameters as eksng builds them for every stack: the definition, the config's value
 * (written to the parameter files), and a group and label for the console.
 */
import Parameter from 'cloudform-types/types/parameter';
import { PATTERNS, PatternName } from '../config/patterns';

export interface ParameterSpec<G extends string = string, N extends string = string> {
  readonly name: N;
  readonly group: G;
  readonly label: string;
  readonly definition: Parameter;
  /** The config's value, written to the parameter files; null when the config has none. */
  readonly value: string | null;
}

export type ParameterValues = ReadonlyArray<{ readonly ParameterKey: string; readonly ParameterValue: string }>;

export function parameterSpec<G extends string, N extends string>(name: N, group: G, label: string, definition: Parameter, value: string | number | null): ParameterSpec<G, N> {
  return { name, group, label, definition, value: value === null ? null : String(value) };
}

/** `Default` only when there is a value. */
export function withDefault<T extends string | number>(value: T | null): { Default?: T } {
  return value === null ? {} : { Default: value };
}

/** A parameter's `AllowedPattern` and `ConstraintDescription` from a named pattern (`optional`: also the empty string). */
export function parameterPattern(name: PatternName, optional = false): { AllowedPattern: string; ConstraintDescription: string } {
  const source = PATTERNS[name].source;
  return { AllowedPattern: optional ? `^(${source.slice(1, -1)})?$` : source, ConstraintDescription: `must be ${PATTERNS[name].describe}` };
}

/** The `Parameters` section. */
export function parametersSection(specs: ReadonlyArray<ParameterSpec>): Record<string, Parameter> {
  return Object.fromEntries(specs.map((s) => [s.name, s.definition]));
}

/** `AWS::CloudFormation::Interface` metadata: parameters grouped (in the groups' order) and labelled for the console. */
export function buildInterfaceMetadata<G extends string>(groupLabels: Readonly<Record<G, string>>, specs: ReadonlyArray<ParameterSpec<G>>): object {
  const groups = (Object.keys(groupLabels) as G[])
    .map((group) => ({ Label: { default: groupLabels[group] }, Parameters: specs.filter((s) => s.group === group).map((s) => s.name) }))
    .filter((g) => g.Parameters.length > 0);
  return { ParameterGroups: groups, ParameterLabels: Object.fromEntries(specs.map((s) => [s.name, { default: s.label }])) };
}

/** The config's values as `[{ParameterKey, ParameterValue}]` (parameters without a value are left out). */
export function buildParameterValues(specs: ReadonlyArray<ParameterSpec>): Array<{ ParameterKey: string; ParameterValue: string }> {
  return specs.filter((s): s is ParameterSpec & { value: string } => s.value !== null).map((s) => ({ ParameterKey: s.name, ParameterValue: s.value }));
}
