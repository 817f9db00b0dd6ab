/**
 * The files of one stack — its template and the two parameter files — and the command that deploys
 * them: the same for node-group and cluster stacks.
 */
import * as path from 'path';
import { ValidationFailedError } from '../errors';
import { fileFinding } from '../findings';
import { renderJson, renderYaml } from '../render';
import { ParameterValues } from './parameters';

/** CloudFormation's limit for a template passed inline (`--template-body`, or `deploy` without `--s3-bucket`). */
export const INLINE_TEMPLATE_MAX_BYTES = 51_200;

export interface StackFileNames {
  readonly template: string;
  /** `[{ParameterKey, ParameterValue}]`: read by create-stack/update-stack (CLI v1 and v2) and by deploy in CLI v2. */
  readonly parameters: string;
  /** `["Key=Value"]`: the one file form `deploy --parameter-overrides` reads in both CLI v1 and v2. */
  readonly overrides: string;
}

/** The template as YAML with its header; a template over the inline limit is refused (a finding on that file). */
export function renderTemplateFile(fileName: string, template: unknown, header: readonly string[]): string {
  const yaml = renderYaml(template, header);
  const size = Buffer.byteLength(yaml, 'utf8');
  if (size > INLINE_TEMPLATE_MAX_BYTES) {
    const message = `is ${size} bytes, over CloudFormation's ${INLINE_TEMPLATE_MAX_BYTES}-byte limit for inline templates; deploy it through S3: aws cloudformation deploy --s3-bucket <bucket> … (or create-stack --template-url)`;
    throw new ValidationFailedError(`${fileName} is too large; nothing was written`, [fileFinding('error', 'template.size', fileName, message)]);
  }
  return yaml;
}

export const renderParametersFile = (values: ParameterValues): string => renderJson(values);
export const renderOverridesFile = (values: ParameterValues): string => renderJson(values.map((p) => `${p.ParameterKey}=${p.ParameterValue}`));

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
