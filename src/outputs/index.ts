/**
 * Everything one run produces, as data: file names and contents (from the registry in kinds.ts),
 * plus what the user must do next. Pure: no file system, no processes. Checks that need the
 * rendered bytes (template size, the ConfigMap's schema) run here, before anything is written.
 */
import { buildClusterTemplate, ClusterTemplate } from '../cluster';
import { Config } from '../config/types';
import { OutputFile, RenderedFile, SpillFile } from '../io';
import { buildNodeGroupTemplate, NodeGroupTemplate } from '../template';
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

/** Node groups from which a run's files wait on disk (SpillFile) rather than in memory. */
export const SPILL_MIN_NODE_GROUPS = 500;

function render<S>(kinds: ReadonlyArray<OutputKind<S>>, subject: S, nodeGroup: string, spill: SpillFile | null = null): OutputFile[] {
  return kinds.flatMap((kind) => {
    const content = kind.render(subject);
    if (content === null) return [];
    return [new RenderedFile(kind.fileName(nodeGroup), spill ? spill.write(content) : content, kind.cfnTemplate ? true : undefined)];
  });
}

/**
 * A node group's built template once its files are rendered: the template object itself is
 * rebuilt when a later step asks for it (diff, the rollout of a changed template), instead of
 * being held for every group of the run (80 MB at 5,000 node groups). Same config, same template.
 */
function released(config: Config, built: NodeGroupTemplate): NodeGroupTemplate {
  // Only these are kept: the closure below must not hold `built`, whose template is what is let go.
  const { nodeGroup, parameters, parameterValues } = built;
  let template: NodeGroupTemplate['template'] | null = null;
  return {
    nodeGroup,
    parameters,
    parameterValues,
    get template() {
      template ??= buildNodeGroupTemplate(config, nodeGroup).template;
      return template;
    },
  };
}

/** `spill`: where a run of SPILL_MIN_NODE_GROUPS or more node groups writes its files as they are rendered (generate). */
export function buildOutputs(config: Config, configFile: string, spill: SpillFile | null = null): Outputs {
  const templates: TemplateOutput[] = [];
  const to = config.nodeGroups.length >= SPILL_MIN_NODE_GROUPS ? spill : null;
  const files: OutputFile[] = [];
  // One group at a time: its template is built, rendered and released before the next one's.
  for (const ng of config.nodeGroups) {
    const built = buildNodeGroupTemplate(config, ng);
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
    files.push(...render(NODE_GROUP_OUTPUTS, { config, configFile, stack }, name, to));
    templates.push({ ...stack, built: released(config, built) });
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
