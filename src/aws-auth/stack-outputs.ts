/**
 * Node role ARNs from `aws cloudformation describe-stacks --output json`: each stack of a node-group
 * template is matched to its node group by its NodeGroupName and ClusterName parameters (set by
 * every template eksng generates), or else by the stack name `generate` prints.
 */
import { error, note, pointer, Problem } from '../problems';
import { Outputs as OutputNames, Params } from '../template/logical-ids';

interface DescribedStack {
  StackName?: unknown;
  Parameters?: Array<{ ParameterKey?: unknown; ParameterValue?: unknown }>;
  Outputs?: Array<{ OutputKey?: unknown; OutputValue?: unknown }>;
}

export interface StackRole {
  readonly nodeGroup: string;
  readonly arn: string;
  /** Where it came from, for messages: `file#/Stacks/0`. */
  readonly source: string;
}

export interface StackOutputsResult {
  readonly roles: StackRole[];
  /** Stacks skipped, with pointers into the file. */
  readonly notes: Problem[];
  readonly problems: Problem[];
}

/**
 * @param stackNameOf the stack name `generate` suggests for a node group
 */
export function readStackOutputs(json: unknown, file: string, clusterName: string, nodeGroups: readonly string[], stackNameOf: (nodeGroup: string) => string): StackOutputsResult {
  const stacks = (json as { Stacks?: unknown } | null)?.Stacks;
  if (!Array.isArray(stacks)) {
    return { roles: [], notes: [], problems: [error('stack-outputs.shape', pointer('Stacks'), 'must be the list printed by: aws cloudformation describe-stacks --stack-name <stack> --output json')] };
  }
  const roles: StackRole[] = [];
  const notes: Problem[] = [];
  stacks.forEach((s: DescribedStack, i) => {
    const name = String(s.StackName ?? `#${i}`);
    const param = (key: string) => s.Parameters?.find((p) => p.ParameterKey === key)?.ParameterValue;
    const output = s.Outputs?.find((o) => o.OutputKey === OutputNames.nodeInstanceRole)?.OutputValue;
    if (typeof output !== 'string') {
      notes.push(note('stack-outputs.skipped', pointer('Stacks', i), `stack ${name} has no ${OutputNames.nodeInstanceRole} output; skipped`));
      return;
    }
    const byParameter = param(Params.nodeGroupName);
    const nodeGroup = typeof byParameter === 'string' ? byParameter : nodeGroups.find((ng) => stackNameOf(ng) === name);
    const cluster = param(Params.clusterName);
    if (nodeGroup === undefined || !nodeGroups.includes(nodeGroup) || (typeof cluster === 'string' && cluster !== clusterName)) {
      notes.push(note('stack-outputs.skipped', pointer('Stacks', i), `stack ${name} is not a node group of cluster ${clusterName} in the config; skipped`));
      return;
    }
    roles.push({ nodeGroup, arn: output, source: `${file}#${pointer('Stacks', i)}` });
  });
  return { roles, notes, problems: [] };
}
