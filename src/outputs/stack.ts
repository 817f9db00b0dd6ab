/** One node group's stack as the outputs describe it: the built template, its file names, and what deploying it needs. */
import type { Capability, StackFileNames } from '../cfn/stack-files';
import type { Config, NodeGroup } from '../config/types';
import type { NodeGroupTemplate } from '../template';
import { createsRole } from '../template/iam';

export interface TemplateOutput {
  readonly built: NodeGroupTemplate;
  readonly templateFile: string;
  /** `[{ParameterKey, ParameterValue}]`: read by create-stack/update-stack (CLI v1 and v2) and by deploy in CLI v2. */
  readonly parametersFile: string;
  /** `["Key=Value"]`: the one file form `deploy --parameter-overrides` reads in both CLI v1 and v2. */
  readonly overridesFile: string;
  /** The Markdown summary for reviewers (eksng explain). */
  readonly summaryFile: string;
  /** Parameters without value: must be given at deploy time. */
  readonly missingParameters: readonly string[];
  /** Named IAM resources need CAPABILITY_NAMED_IAM, unnamed ones CAPABILITY_IAM; none when the config brings role and profile. */
  readonly capability: Capability;
}

export const stackFileNames = (t: TemplateOutput): StackFileNames => ({ template: t.templateFile, parameters: t.parametersFile, overrides: t.overridesFile });

export function capabilityOf(config: Config, ng: NodeGroup): Capability {
  if (createsRole(ng)) return config.cluster.accountId === null ? 'CAPABILITY_IAM' : 'CAPABILITY_NAMED_IAM';
  return ng.iam.instanceProfileARN === null ? 'CAPABILITY_IAM' : null;
}
