/**
 * The files of one stack — its template and the two parameter files — and the command that deploys
 * them: the same for node-group and cluster stacks.
 */
import * as path from 'path';
import { ValidationFailedError } from './errors';
import { OutputFile } from './io';
import { renderJson, renderYaml } from './render';
import { PATTERNS, PatternName } from './config/patterns';

/** CloudFormation's limit for a template passed inline (`--template-body`, or `deploy` without `--s3-bucket`). */
export const INLINE_TEMPLATE_MAX_BYTES = 51_200;

export interface StackFileNames {
  readonly template: string;
  /** `[{ParameterKey, ParameterValue}]`: read by create-stack/update-stack (CLI v1 and v2) and by deploy in CLI v2. */
  readonly parameters: string;
  /** `["Key=Value"]`: the one file form `deploy --parameter-overrides` reads in both CLI v1 and v2. */
  readonly overrides: string;
}

export type ParameterValues = ReadonlyArray<{ readonly ParameterKey: string; readonly ParameterValue: string }>;

/** Renders the template (with its header) and parameter files; refuses a template over the inline limit. */
export function renderStackFiles(names: StackFileNames, template: unknown, parameterValues: ParameterValues, header: readonly string[]): OutputFile[] {
  const yaml = renderYaml(template, header);
  const size = Buffer.byteLength(yaml, 'utf8');
  if (size > INLINE_TEMPLATE_MAX_BYTES) {
    throw new ValidationFailedError(
      `${names.template} is ${size} bytes, over CloudFormation's ${INLINE_TEMPLATE_MAX_BYTES}-byte limit for inline templates; deploy it through S3: aws cloudformation deploy --s3-bucket <bucket> … (or create-stack --template-url)`,
    );
  }
  return [
    { name: names.template, content: yaml },
    { name: names.parameters, content: renderJson(parameterValues) },
    { name: names.overrides, content: renderJson(parameterValues.map((p) => `${p.ParameterKey}=${p.ParameterValue}`)) },
  ];
}

/** What `--capabilities` a stack needs: null when it creates no IAM resource. */
export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM' | null;

export interface DeployTarget {
  readonly region: string;
  readonly stackName: string;
  readonly names: StackFileNames;
  readonly capability: Capability;
}

/** The `aws cloudformation deploy` command `generate` and `cluster` print (works with AWS CLI v1 and v2). */
export function deployCommand(t: DeployTarget, outDir: string): string {
  return [
    'aws cloudformation deploy',
    `--region ${t.region}`,
    `--stack-name ${t.stackName}`,
    `--template-file ${path.join(outDir, t.names.template)}`,
    `--parameter-overrides file://${path.join(outDir, t.names.overrides)}`,
    ...(t.capability === null ? [] : [`--capabilities ${t.capability}`]),
  ].join(' ');
}

/** What the console shows of a parameter: its group and label. */
export interface ConsoleParameter<G extends string> {
  readonly name: string;
  readonly group: G;
  readonly label: string;
}

/** `AWS::CloudFormation::Interface` metadata: parameters grouped (in the groups' order) and labelled for the console. */
export function buildInterfaceMetadata<G extends string>(groupLabels: Readonly<Record<G, string>>, specs: ReadonlyArray<ConsoleParameter<G>>): object {
  const groups = (Object.keys(groupLabels) as G[])
    .map((group) => ({ Label: { default: groupLabels[group] }, Parameters: specs.filter((s) => s.group === group).map((s) => s.name) }))
    .filter((g) => g.Parameters.length > 0);
  return { ParameterGroups: groups, ParameterLabels: Object.fromEntries(specs.map((s) => [s.name, { default: s.label }])) };
}

/** A parameter's `AllowedPattern` and `ConstraintDescription` from a named pattern (`optional`: also the empty string). */
export function parameterPattern(name: PatternName, optional = false): { AllowedPattern: string; ConstraintDescription: string } {
  const source = PATTERNS[name].source;
  return { AllowedPattern: optional ? `^(${source.slice(1, -1)})?$` : source, ConstraintDescription: `must be ${PATTERNS[name].describe}` };
}
