/**
 * CloudFormation Git sync's stack deployment file: `template-file-path` (from the repository's
 * root), `parameters` and `tags`, in YAML. One beside each template when the config has `gitSync`,
 * so that a repository of committed output is synced by CloudFormation without a pipeline.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/git-sync-concepts-terms.html
 */
import * as path from 'path';
import type { ParameterValues } from '../cfn/parameters';
import { ValidationFailedError } from '../errors';
import { fileFinding } from '../findings';
import { pointer } from '../problems';
import { renderYaml } from '../render';
import type { GitSync } from './types';

/** `nodegroup-ng-1.yaml` → `nodegroup-ng-1.deployment.yaml`. */
export const DEPLOYMENT_FILE_SUFFIX = '.deployment.yaml';
export const deploymentFileName = (templateFile: string): string => templateFile.replace(/\.yaml$/, DEPLOYMENT_FILE_SUFFIX);

export interface SyncedStack {
  readonly stackName: string;
  readonly region: string;
  readonly templateFile: string;
  readonly parameterValues: ParameterValues;
  /** Parameters the config gives no value and the template no default (`Name (config field)`). */
  readonly missingParameters: readonly string[];
}

/** The template's path as Git sync reads it: from the repository root, with "/" separators. */
export function templatePathInRepository(gitSync: GitSync, templateFile: string): string {
  return gitSync.outputDirectory === '.' ? templateFile : path.posix.join(gitSync.outputDirectory, templateFile);
}

/**
 * The deployment file's YAML (null without `gitSync`). Git sync has nobody to ask for a parameter at deploy time, so a
 * template with a parameter the config leaves without a value is refused, naming the config fields.
 */
export function renderDeploymentFile(gitSync: GitSync | null, stack: SyncedStack, header: readonly string[], configFile: string): string | null {
  if (gitSync === null) return null;
  if (stack.missingParameters.length > 0) {
    const message = `Git sync deploys ${stack.templateFile} with the deployment file's parameters only, and the config gives no value for ${stack.missingParameters.join(', ')}: set them in the config (or generate with --cluster-outputs)`;
    throw new ValidationFailedError(`${deploymentFileName(stack.templateFile)} cannot be written; nothing was written`, [fileFinding('error', 'rule.git-sync-parameters', configFile, message, pointer('gitSync'))]);
  }
  const document = {
    'template-file-path': templatePathInRepository(gitSync, stack.templateFile),
    parameters: Object.fromEntries(stack.parameterValues.map((p) => [p.ParameterKey, p.ParameterValue])),
    tags: { ...gitSync.tags },
  };
  return renderYaml(document, [...header, '', `CloudFormation Git sync deployment file of the stack ${stack.stackName} (region ${stack.region}):`, 'create that stack with "Sync from Git" and give this file\'s path as the deployment file.']);
}
