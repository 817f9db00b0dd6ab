/**
 * `eksng auth`: the aws-auth ConfigMap mapping every node group's role — fresh, or merged into the
 * cluster's current ConfigMap without losing any entry.
 */
import * as path from 'path';
import type { Argv } from 'yargs';
import { AWS_AUTH_FILE, NodeRole, produceAwsAuth } from '../aws-auth';
import { familyOf } from '../families';
import { normalizeRoleArn } from '../aws-auth/arn';
import { CurrentAwsAuth, readCurrentAwsAuth } from '../aws-auth/current';
import { readStackOutputs } from '../aws-auth/stack-outputs';
import { Config } from '../config/types';
import { nodeGroupStackName } from '../cfn/stack-names';
import { InvalidInputError, UsageError } from '../errors';
import { problemFindings } from '../findings';
import { readInputFile } from '../io';
import { error, note, Problem, warning } from '../problems';
import { usesAwsAuth } from '../template/access-entry';
import { nodeRoleArn } from '../template/iam';
import { configOption, defineCommand, findingsOutput, formatOption, outOption, sarifOption } from './command';
import { CommandContext, println } from './context';
import { displayPath, readConfig } from './load';
import { writeOutputs } from './write';

export interface AuthOptions {
  readonly config: string;
  /** `<nodegroup>=<role ARN>` */
  readonly roleArn: readonly string[];
  /** Files with `aws cloudformation describe-stacks --output json`. */
  readonly stackOutputs: readonly string[];
  /** The cluster's current ConfigMap (`kubectl get configmap aws-auth -n kube-system -o yaml`). */
  readonly mergeWith: string | null;
  /** Node groups whose entries to remove. */
  readonly remove: readonly string[];
  readonly out: string;
}

interface Candidate {
  readonly nodeGroup: string;
  readonly arn: string;
  readonly source: string;
}

export const authCommand = defineCommand({
  name: 'auth',
  describe: 'Write aws-auth-cm.yaml mapping the node roles',
  options: (y: Argv) =>
    y
      .option('config', configOption)
      .option('out', outOption)
      .option('role-arn', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: '<nodegroup>=<role ARN>, repeatable' })
      .option('stack-outputs', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'JSON of aws cloudformation describe-stacks --output json, repeatable' })
      .option('merge-with', { type: 'string', requiresArg: true, describe: 'The cluster\'s current ConfigMap (kubectl get configmap aws-auth -n kube-system -o yaml); every entry is kept' })
      .option('remove', { type: 'string', array: true, requiresArg: true, default: [] as string[], describe: 'Remove this node group\'s entry (unless another node group uses the role), repeatable' })
      .option('format', formatOption)
      .option('sarif', sarifOption),
  output: findingsOutput,
  run: (a, ctx) => auth({ config: a.config, out: a.out, roleArn: a['role-arn'], stackOutputs: a['stack-outputs'], mergeWith: a['merge-with'] ?? null, remove: a.remove }, ctx),
});

export async function auth(opts: AuthOptions, ctx: CommandContext): Promise<void> {
  const config = await readConfig(opts.config, ctx);
  if (!usesAwsAuth(config)) {
    println(ctx.stdout, `cluster.authenticationMode is API: the cluster does not read aws-auth, and each node-group template's AccessEntry (type EC2_LINUX, or EC2_WINDOWS for Windows groups) lets its nodes join. Nothing written.`);
    return;
  }
  const candidates = [...roleArnArguments(opts.roleArn), ...(await stackOutputRoles(opts.stackOutputs, config, ctx))];
  const current = opts.mergeWith === null ? null : await readMergeWith(opts.mergeWith);
  const { keep, remove, notes } = resolveRoles(config, candidates, opts.remove);
  const { content, report } = produceAwsAuth(keep, remove, current);
  await writeOutputs(opts.out, displayPath(opts.out), [{ name: AWS_AUTH_FILE, content }], [], { lint: false, lintCache: false }, ctx);

  for (const f of problemFindings('command line', notes, null)) ctx.report(f);
  // YAML (or JSON) from kubectl: pointers, without line numbers.
  if (current) for (const f of problemFindings(displayPath(current.path), report.warnings, null)) ctx.report(f);
  const file = path.join(displayPath(opts.out), AWS_AUTH_FILE);
  println(ctx.stdout, `wrote ${file}`);
  const line = (label: string, arns: readonly string[]) => (arns.length > 0 ? `  ${label}: ${arns.join(', ')}` : null);
  for (const l of [line('added', report.added), line('already present', report.present), line('given the groups it now needs', report.updated), line('removed', report.removed), line('not removed, still used', report.stillNeeded)]) if (l) println(ctx.stdout, l);
  if (current) {
    const k = report.kept;
    println(ctx.stdout, `  kept: ${k.mapRoles} other mapRoles entr${k.mapRoles === 1 ? 'y' : 'ies'}, ${k.mapUsers} mapUsers entr${k.mapUsers === 1 ? 'y' : 'ies'}${k.mapAccounts ? ', mapAccounts' : ''}${k.otherKeys.length ? `, ${k.otherKeys.join(', ')}` : ''}`);
    println(ctx.stdout, `Apply it: kubectl apply -f ${file}`);
  } else {
    println(ctx.stdout, `No --merge-with: this file holds only the node roles. If the cluster already has an aws-auth ConfigMap, merge instead: kubectl get configmap aws-auth -n kube-system -o yaml > current.yaml, then add --merge-with current.yaml`);
  }
}

function roleArnArguments(args: readonly string[]): Candidate[] {
  return args.map((arg) => {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`--role-arn expects <nodegroup>=<role ARN>, got "${arg}"`);
    return { nodeGroup: arg.slice(0, eq), arn: arg.slice(eq + 1), source: `--role-arn ${arg.slice(0, eq)}` };
  });
}

async function stackOutputRoles(files: readonly string[], config: Config, ctx: CommandContext): Promise<Candidate[]> {
  const roles: Candidate[] = [];
  for (const file of files) {
    const text = await readInputFile(file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InvalidInputError(displayPath(file), [error('stack-outputs.syntax', '', `is not valid JSON: ${(e as Error).message}`)]);
    }
    const result = readStackOutputs(json, displayPath(file), config.cluster.name, config.nodeGroups.map((ng) => ng.name), (ng) => nodeGroupStackName(config.cluster.name, ng));
    if (result.problems.length > 0) throw new InvalidInputError(displayPath(file), result.problems, text);
    for (const f of problemFindings(displayPath(file), result.notes, text)) ctx.report(f);
    roles.push(...result.roles);
  }
  return roles;
}

async function readMergeWith(file: string): Promise<{ awsAuth: CurrentAwsAuth; file: string; path: string }> {
  const text = await readInputFile(file);
  const read = readCurrentAwsAuth(text);
  if (!read.ok) throw new InvalidInputError(displayPath(file), read.problems);
  return { awsAuth: read.current, file: path.basename(file), path: file };
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

