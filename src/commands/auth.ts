/** `eksng auth`: the aws-auth ConfigMap for the config's node groups, from known role ARNs. */
import * as path from 'path';
import { normalizeRoleArn } from '../aws-auth/arn';
import { Config } from '../config/types';
import { InvalidInputError, UsageError } from '../errors';
import { writeFileAtomic } from '../io';
import { AWS_AUTH_FILE, awsAuthFile } from '../outputs';
import { error, Problem } from '../problems';
import { nodeRoleArn } from '../template/iam';
import { CommandContext, println } from './context';
import { displayPath, readConfig } from './load';

export interface AuthOptions {
  readonly config: string;
  /** `<nodegroup>=<role ARN>` */
  readonly roleArn: readonly string[];
  readonly out: string;
}

export async function auth(opts: AuthOptions, ctx: CommandContext): Promise<void> {
  const config = await readConfig(opts.config, ctx);
  const { arns, notes } = resolveRoleArns(config, opts.roleArn);
  const file = awsAuthFile(arns);
  await writeFileAtomic(path.join(opts.out, AWS_AUTH_FILE), file.content);
  for (const note of notes) println(ctx.stderr, `note: ${note}`);
  println(ctx.stdout, `wrote ${path.join(displayPath(opts.out), AWS_AUTH_FILE)} mapping ${new Set(arns).size} node role${arns.length === 1 ? '' : 's'}`);
}

/** One role ARN per node group: from `--role-arn`, else from `cluster.accountId`. */
export function resolveRoleArns(config: Config, args: readonly string[]): { arns: string[]; notes: string[] } {
  const given = new Map<string, string>();
  const problems: Problem[] = [];
  const notes: string[] = [];
  const names = config.nodeGroups.map((ng) => ng.name);
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`--role-arn expects <nodegroup>=<role ARN>, got "${arg}"`);
    const ng = arg.slice(0, eq);
    const value = arg.slice(eq + 1);
    if (!names.includes(ng)) {
      problems.push(error('auth.unknown-node-group', '', `${ng}: no such node group in the config (node groups: ${names.join(', ')})`));
      continue;
    }
    if (given.has(ng)) {
      problems.push(error('auth.duplicate-role-arn', '', `${ng}: given twice`));
      continue;
    }
    const result = normalizeRoleArn(value, config.cluster.partition);
    if (!result.ok) {
      problems.push(error('auth.role-arn', '', `${ng}=${value} ${result.message}`));
      continue;
    }
    if (result.strippedPath) notes.push(`${ng}: the IAM path ${result.strippedPath} was removed from the role ARN; aws-auth matches roles without their path (${result.arn})`);
    given.set(ng, result.arn);
  }
  const arns: string[] = [];
  const missing: string[] = [];
  for (const ng of config.nodeGroups) {
    const arn = given.get(ng.name) ?? nodeRoleArn(config, ng);
    if (arn === null) missing.push(ng.name);
    else arns.push(arn);
  }
  if (missing.length > 0) {
    problems.push(error('auth.missing-role-arn', '', `no role ARN for node group${missing.length === 1 ? '' : 's'} ${missing.join(', ')}: pass --role-arn <nodegroup>=<arn> (the stack output NodeInstanceRole) or set cluster.accountId`));
  }
  if (problems.length > 0) throw new InvalidInputError('--role-arn', problems);
  return { arns, notes };
}
