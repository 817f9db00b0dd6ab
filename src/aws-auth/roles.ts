/**
 * Which role each node group's nodes use, for aws-auth: from explicit ARNs (`--role-arn`,
 * `--stack-outputs`, the library's `roleArns`), else from `cluster.accountId`.
 */
import { familyOf } from '../families';
import { normalizeRoleArn } from './arn';
import type { NodeRole } from './merge';
import { Config } from '../config/types';
import { InvalidInputError } from '../errors';
import { error, note, Problem, warning } from '../problems';
import { nodeRoleArn } from '../template/iam';

/** A role ARN given for a node group, and where it was given (for messages). */
export interface Candidate {
  readonly nodeGroup: string;
  readonly arn: string;
  readonly source: string;
}

/**
 * One role ARN per node group, from --role-arn / --stack-outputs, else from cluster.accountId;
 * checked (role, not instance profile; the cluster's partition), without IAM path.
 */
export function resolveRoles(config: Config, candidates: readonly Candidate[], removeNames: readonly string[]): { keep: NodeRole[]; remove: NodeRole[]; notes: Problem[] } {
  const names = config.nodeGroups.map((ng) => ng.name);
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  const given = new Map<string, Candidate & { normalized: string }>();
  for (const c of candidates) {
    if (!names.includes(c.nodeGroup) && !removeNames.includes(c.nodeGroup)) {
      problems.push(error('auth.unknown-node-group', '', `${c.source}: no node group "${c.nodeGroup}" in the config (node groups: ${names.join(', ')})`));
      continue;
    }
    const result = normalizeRoleArn(c.arn, config.cluster.partition);
    if (!result.ok) {
      problems.push(error('auth.role-arn', '', `${c.source}: ${c.arn} ${result.message}`));
      continue;
    }
    const earlier = given.get(c.nodeGroup);
    if (earlier && earlier.normalized !== result.arn) {
      problems.push(error('auth.conflicting-role-arn', '', `${c.nodeGroup}: ${earlier.source} gives ${earlier.normalized}, ${c.source} gives ${result.arn}`));
      continue;
    }
    const account = result.arn.split(':')[4];
    if (config.cluster.accountId !== null && account !== config.cluster.accountId) {
      notes.push(warning('auth.role-account', '', `${c.source}: ${result.arn} is in account ${account}, not cluster.accountId ${config.cluster.accountId}; mapped as given — check that the nodes really use this role`));
    }
    if (result.strippedPath) notes.push(note('auth.role-path-removed', '', `${c.source}: the IAM path ${result.strippedPath} was removed from the role ARN; aws-auth matches roles without their path (${result.arn})`));
    given.set(c.nodeGroup, { ...c, normalized: result.arn });
  }
  const arnOf = (name: string) => given.get(name)?.normalized ?? (names.includes(name) ? nodeRoleArn(config, config.nodeGroups[names.indexOf(name)]) : null);
  for (const name of removeNames) {
    if (!names.includes(name) && !given.has(name)) problems.push(error('auth.remove-unknown', '', `--remove ${name}: not a node group of the config; give its role with --role-arn ${name}=<arn>`));
  }
  const missing = names.filter((n) => !removeNames.includes(n) && arnOf(n) === null).concat(removeNames.filter((n) => names.includes(n) && arnOf(n) === null));
  if (missing.length > 0) {
    problems.push(error('auth.missing-role-arn', '', `no role ARN for node group${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: pass --role-arn <nodegroup>=<arn> or --stack-outputs <describe-stacks JSON> (the stack output NodeInstanceRole), or set cluster.accountId`));
  }
  if (problems.length > 0) throw new InvalidInputError('command line', problems);
  const groupsOf = (name: string) => familyOf(config.nodeGroups[names.indexOf(name)]).node.awsAuthGroups;
  const keep = names.filter((n) => !removeNames.includes(n)).map((n) => ({ nodeGroup: n, arn: arnOf(n) as string, groups: groupsOf(n) }));
  const remove = removeNames.filter((n) => arnOf(n) !== null).map((n) => ({ nodeGroup: n, arn: arnOf(n) as string }));
  return { keep, remove, notes };
}

