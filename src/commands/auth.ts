/**
 * `eksng auth`: the aws-auth ConfigMap mapping every node group's role — fresh, or merged into the
 * cluster's current ConfigMap without losing any entry.
 */
import * as path from 'path';
import { AWS_AUTH_FILE, produceAwsAuth } from '../aws-auth';
import { Candidate, resolveRoles } from '../aws-auth/roles';
import { CurrentAwsAuth, readCurrentAwsAuth } from '../aws-auth/current';
import { readStackOutputs } from '../aws-auth/stack-outputs';
import { Config } from '../config/types';
import { nodeGroupStackName } from '../cfn/stack-names';
import { InvalidInputError, UsageError } from '../errors';
import { problemFindings } from '../findings';
import { readInputFile } from '../io';
import { error } from '../problems';
import { usesAwsAuth } from '../template/access-entry';
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
