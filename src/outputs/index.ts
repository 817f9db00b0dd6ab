/**
 * Everything one run produces, as data: file names and contents (from the registry in kinds.ts),
 * plus what the user must do next. Pure: no file system, no processes. Checks that need the
 * rendered bytes (template size, the ConfigMap's schema) run here, before anything is written.
 */
import { buildClusterTemplate, ClusterTemplate } from '../cluster';
import { Config } from '../config/types';
import { OutputFile } from '../io';
import { buildTemplates } from '../template';
import { nodeRoleArn } from '../template/iam';
import { missingParameterValues } from '../template/parameters';
import {
  AWS_AUTH_FILE, CLUSTER_OUTPUTS, CLUSTER_TEMPLATE_FILE, ClusterOverridesFile, ClusterParametersFile, CONFIG_OUTPUTS, NODE_GROUP_OUTPUTS,
  NodeGroupOverridesFile, NodeGroupParametersFile, NodeGroupSummaryFile, NodeGroupTemplateFile, OutputKind,
} from './kinds';
import { capabilityOf, TemplateOutput } from './stack';
import type { StackFileNames } from '../cfn/stack-files';

export { AWS_AUTH_FILE, CLUSTER_TEMPLATE_FILE };
export { INLINE_TEMPLATE_MAX_BYTES } from '../cfn/stack-files';
export type { TemplateOutput } from './stack';

export interface Outputs {
  readonly files: readonly OutputFile[];
  readonly templates: readonly TemplateOutput[];
  /** Node groups whose role ARN is unknown until deployment (no cluster.accountId). */
  readonly unknownRoleArns: readonly string[];
}

function render<S>(kinds: ReadonlyArray<OutputKind<S>>, subject: S, nodeGroup: string): OutputFile[] {
  return kinds.flatMap((kind) => {
    const content = kind.render(subject);
    return content === null ? [] : [{ name: kind.fileName(nodeGroup), content, ...(kind.cfnTemplate ? { cfnTemplate: true } : {}) }];
  });
}

export function buildOutputs(config: Config, configFile: string): Outputs {
  const templates: TemplateOutput[] = [];
  const files: OutputFile[] = [];
  for (const built of buildTemplates(config)) {
    const name = built.nodeGroup.name;
    const stack: TemplateOutput = {
      built,
      templateFile: NodeGroupTemplateFile.fileName(name),
      parametersFile: NodeGroupParametersFile.fileName(name),
      overridesFile: NodeGroupOverridesFile.fileName(name),
      summaryFile: NodeGroupSummaryFile.fileName(name),
      missingParameters: missingParameterValues(built.parameters),
      capability: capabilityOf(config, built.nodeGroup),
    };
    templates.push(stack);
    files.push(...render(NODE_GROUP_OUTPUTS, { config, configFile, stack }, name));
  }
  files.push(...render(CONFIG_OUTPUTS, { config, configFile }, ''));
  const unknownRoleArns = config.nodeGroups.filter((ng) => nodeRoleArn(config, ng) === null).map((ng) => ng.name);
  return { files, templates, unknownRoleArns };
}

/** The names of the cluster stack's files, for its deploy command. */
export const CLUSTER_FILES: StackFileNames = {
  template: CLUSTER_TEMPLATE_FILE,
  parameters: ClusterParametersFile.fileName(''),
  overrides: ClusterOverridesFile.fileName(''),
};
/** The cluster role has no name, so CAPABILITY_IAM is enough. */
export const CLUSTER_CAPABILITY = 'CAPABILITY_IAM';

export interface ClusterFiles {
  readonly built: ClusterTemplate;
  /** The template first, then the parameters file, then the overrides file. */
  readonly files: readonly OutputFile[];
}

/** What `eksng cluster` writes, rendered and size-checked before anything touches the disk. */
export function buildClusterFiles(config: Config, configFile: string): ClusterFiles {
  const built = buildClusterTemplate(config);
  return { built, files: render(CLUSTER_OUTPUTS, { config, configFile, built }, '') };
}
