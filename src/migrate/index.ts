/**
 * `eksng migrate`: a blue/green move of a node group's pods to another group of the same config,
 * as a plan a reviewer reads (Markdown) and a script an operator runs (bash). The steps are AWS's
 * guide for migrating to a new node group (https://docs.aws.amazon.com/eks/latest/userguide/migrate-stack.html):
 * deploy the new group, let its nodes join, wait until they are Ready, keep the old group from
 * growing, taint and drain the old nodes one at a time (PodDisruptionBudgets honoured), delete the
 * old stack, and take its role out of aws-auth unless another group uses it. Pure: the command
 * writes what these functions return.
 */
import { describeInstances } from '../capacity';
import * as path from 'path';
import { deployCommand } from '../cfn/stack-files';
import { nodeGroupStackName } from '../cfn/stack-names';
import { NODEGROUP_LABEL } from '../config/resolve';
import type { Config, NodeGroup } from '../config/types';
import { familyOf } from '../families';
import type { TemplateOutput } from '../outputs';
import { stackFileNames } from '../outputs/stack';
import { error, pointer, Problem, warning } from '../problems';
import { usesAwsAuth } from '../template/access-entry';
import { Resources } from '../template/logical-ids';
import { shellQuote } from '../families/shared';
import { isoSeconds } from '../config/duration';

/** The taint put on the old nodes while their pods move. */
export const MIGRATING_TAINT = 'eksng.io/migrating-to';
/** Seconds the new nodes get to join and become Ready. */
export const READY_TIMEOUT_SECONDS = 900;
/** Per old node: how long a drain may take (evictions wait for PodDisruptionBudgets). */
export const DRAIN_TIMEOUT = '600s';

export const migrationFiles = (from: string, to: string) => ({ plan: `migrate-${from}-to-${to}.md`, script: `migrate-${from}-to-${to}.sh` });

/** Whether `to` can take `from`'s pods; pointers into the config file. */
export function checkMigration(config: Config, fromName: string, toName: string): Problem[] {
  const names = config.nodeGroups.map((ng) => ng.name);
  const problems: Problem[] = [];
  for (const [flag, name] of [['--from', fromName], ['--to', toName]] as const) {
    if (!names.includes(name)) problems.push(error('migrate.unknown-node-group', pointer('nodeGroups'), `has no node group "${name}" (${flag}); node groups: ${names.join(', ')}. Add the new group to the config first (both groups are in one config, so of one cluster)`));
  }
  if (problems.length > 0) return problems;
  if (fromName === toName) return [error('migrate.same-group', pointer('nodeGroups', names.indexOf(fromName)), `is both --from and --to; name the new group --to`)];
  const from = config.nodeGroups[names.indexOf(fromName)];
  const to = config.nodeGroups[names.indexOf(toName)];
  const at = (...rest: Array<string | number>) => pointer('nodeGroups', names.indexOf(toName), ...rest);
  if (familyOf(from).os !== familyOf(to).os) {
    problems.push(error('migrate.os', at('amiFamily'), `is ${to.amiFamily}, but ${from.name} is ${from.amiFamily}: pods built for ${familyOf(from).os} cannot run on ${familyOf(to).os} nodes`));
  }
  if (to.maxSize < from.desiredCapacity) {
    problems.push(error('migrate.capacity', at('maxSize'), `is ${to.maxSize}, fewer nodes than ${from.name} runs (desiredCapacity ${from.desiredCapacity}): its pods may not fit; raise maxSize to at least ${from.desiredCapacity}`));
  }
  const missing = Object.entries(from.labels).filter(([k, v]) => k !== NODEGROUP_LABEL && to.labels[k] !== v);
  if (missing.length > 0) {
    problems.push(error('migrate.labels', at('labels'), `lacks ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}, which ${from.name}'s nodes have: pods that select ${missing.length === 1 ? 'it' : 'them'} would stay Pending; add ${missing.length === 1 ? 'it' : 'them'}`));
  }
  const taint = (t: NodeGroup['taints'][number]) => `${t.key}=${t.value}:${t.effect}`;
  const fromTaints = from.taints.map(taint).sort();
  const toTaints = to.taints.map(taint).sort();
  const extra = toTaints.filter((t) => !fromTaints.includes(t));
  const lost = fromTaints.filter((t) => !toTaints.includes(t));
  if (extra.length > 0) problems.push(error('migrate.taints', at('taints'), `has ${extra.join(', ')}, which ${from.name}'s pods do not tolerate (its nodes lack ${extra.length === 1 ? 'it' : 'them'}): they could not move; remove ${extra.length === 1 ? 'it' : 'them'}, or add ${extra.length === 1 ? 'it' : 'them'} to ${from.name} first`));
  if (lost.length > 0) problems.push(error('migrate.taints', at('taints'), `lacks ${lost.join(', ')}, which keeps other pods off ${from.name}'s nodes: without ${lost.length === 1 ? 'it' : 'them'}, the new nodes would take any pod; add ${lost.length === 1 ? 'it' : 'them'}`));
  if (from.architecture !== to.architecture) {
    problems.push(warning('migrate.architecture', at('instanceType'), `is ${to.architecture}, ${from.name} is ${from.architecture}: every image of the moving pods must have an ${to.architecture} variant (multi-arch), or those pods crash on the new nodes`));
  }
  return problems;
}

/** The template of a node group in the run's outputs. */
const templateOf = (templates: readonly TemplateOutput[], name: string) => templates.find((t) => t.built.nodeGroup.name === name)!;

interface ScriptInput {
  readonly config: Config;
  /** The config file as the operator names it. */
  readonly configFile: string;
  /** Where `eksng generate` wrote the config's output (the templates the script deploys). */
  readonly outDir: string;
  readonly templates: readonly TemplateOutput[];
  readonly from: string;
  readonly to: string;
}

/** The `eksng auth` command that maps every node group's role (with or without --remove). */
function authLines(s: ScriptInput, remove: boolean): string[] {
  const c = s.config;
  const stacks = c.cluster.accountId === null ? c.nodeGroups.map((ng) => nodeGroupStackName(c.cluster.name, ng.name)) : [];
  const lines: string[] = [];
  for (const stack of stacks) {
    lines.push(`[ -f "$OUT/${stack}.json" ] || aws cloudformation describe-stacks --region "$REGION" --stack-name ${stack} --output json > "$OUT/${stack}.json" || fail "no stack ${stack}: deploy every node group of $CONFIG first"`);
  }
  lines.push(
    'merge=()',
    'if kubectl get configmap aws-auth -n kube-system -o yaml > "$OUT/current-aws-auth.yaml"; then merge=(--merge-with "$OUT/current-aws-auth.yaml"); fi',
    // ${merge[@]+…}: an empty array under set -u, in every bash (macOS ships 3.2).
    `eksng auth --config "$CONFIG"${stacks.map((st) => ` --stack-outputs "$OUT/${st}.json"`).join('')}${remove ? ' --remove "$OLD_GROUP"' : ''} \${merge[@]+"\${merge[@]}"} --out "$OUT/migrate-auth"`,
    'kubectl apply -f "$OUT/migrate-auth/aws-auth-cm.yaml"',
  );
  return lines;
}

export function renderMigrationScript(s: ScriptInput): string {
  const c = s.config;
  const from = templateOf(s.templates, s.from).built.nodeGroup;
  const to = templateOf(s.templates, s.to);
  const target = { region: c.cluster.region, stackName: nodeGroupStackName(c.cluster.name, s.to), names: stackFileNames(to), capability: to.capability };
  const deploy = deployCommand(target, '$OUT').replace(/\$OUT\//g, '"$OUT"/');
  const awsAuth = usesAwsAuth(c);
  const q = shellQuote;
  const lines = [
    '#!/usr/bin/env bash',
    `# Generated by eksng migrate from ${path.basename(s.configFile)}: move the pods of node group ${s.from} to ${s.to}, then remove ${s.from}.`,
    `# Read ${migrationFiles(s.from, s.to).plan} first. Every step checks what it needs and stops the script on failure;`,
    '# each step can be run again (deploy, taint, drain and delete are idempotent).',
    'set -euo pipefail',
    '',
    `readonly CONFIG=${q(s.configFile)}`,
    `readonly OUT=${q(s.outDir)}`,
    `readonly REGION=${q(c.cluster.region)}`,
    `readonly OLD_GROUP=${q(s.from)}`,
    `readonly NEW_GROUP=${q(s.to)}`,
    `readonly OLD_STACK=${q(nodeGroupStackName(c.cluster.name, s.from))}`,
    `readonly NEW_STACK=${q(nodeGroupStackName(c.cluster.name, s.to))}`,
    `readonly LABEL=${q(NODEGROUP_LABEL)}`,
    `readonly NEW_NODES=${to.built.nodeGroup.desiredCapacity}`,
    `readonly READY_TIMEOUT=${READY_TIMEOUT_SECONDS}`,
    `readonly DRAIN_TIMEOUT=${q(DRAIN_TIMEOUT)}`,
    '',
    "step() { printf '\\n== %s\\n' \"$1\"; }",
    "fail() { printf 'eksng migrate: %s\\n' \"$1\" >&2; exit 1; }",
    '',
    "step '0. Preconditions'",
    'for tool in aws kubectl eksng; do command -v "$tool" > /dev/null || fail "$tool is not on the PATH"; done',
    `[ -f "$OUT/${to.templateFile}" ] || fail "no $OUT/${to.templateFile}: run eksng generate --config $CONFIG --out $OUT first"`,
    'aws cloudformation describe-stacks --region "$REGION" --stack-name "$OLD_STACK" --output json > "$OUT/$OLD_STACK.json" || fail "the stack $OLD_STACK of $OLD_GROUP is not deployed in $REGION"',
    'old_nodes=$(kubectl get nodes -l "$LABEL=$OLD_GROUP" -o name) || fail "kubectl cannot list the nodes: check its context"',
    `[ -n "$old_nodes" ] || fail "no node has the label $LABEL=$OLD_GROUP: update $OLD_STACK with a template of this eksng version first (it adds the label), or label the nodes"`,
    '',
    "step '1. Deploy the new node group'",
    deploy,
    '',
    ...(awsAuth
      ? ["step '2. Map the new node role in aws-auth (every entry kept)'", 'aws cloudformation describe-stacks --region "$REGION" --stack-name "$NEW_STACK" --output json > "$OUT/$NEW_STACK.json"', ...authLines(s, false)]
      : ["step '2. The new nodes join through the access entry of their stack (authentication mode API)'"]),
    '',
    "step '3. Wait until the new nodes are Ready'",
    'deadline=$((SECONDS + READY_TIMEOUT))',
    'until [ "$(kubectl get nodes -l "$LABEL=$NEW_GROUP" --no-headers 2> /dev/null | grep -c \' Ready\' || true)" -ge "$NEW_NODES" ]; do',
    '  [ "$SECONDS" -lt "$deadline" ] || fail "fewer than $NEW_NODES nodes of $NEW_GROUP are Ready after $READY_TIMEOUT s: see kubectl get nodes -l $LABEL=$NEW_GROUP, and the instances\' system logs"',
    '  sleep 15',
    'done',
    '',
    "step '4. Keep the old group from growing'",
    `old_asg=$(aws cloudformation describe-stack-resource --region "$REGION" --stack-name "$OLD_STACK" --logical-resource-id ${Resources.nodeGroup} --query StackResourceDetail.PhysicalResourceId --output text)`,
    'aws autoscaling suspend-processes --region "$REGION" --auto-scaling-group-name "$old_asg" --scaling-processes Launch AZRebalance',
    ...(from.clusterAutoscaler ? ['aws autoscaling delete-tags --region "$REGION" --tags "ResourceId=$old_asg,ResourceType=auto-scaling-group,Key=k8s.io/cluster-autoscaler/enabled"'] : []),
    '',
    "step '5. Taint the old nodes, so that nothing new is scheduled there'",
    `kubectl taint nodes -l "$LABEL=$OLD_GROUP" "${MIGRATING_TAINT}=$NEW_GROUP:NoSchedule" --overwrite`,
    '',
    "step '6. Drain the old nodes, one at a time (PodDisruptionBudgets honoured)'",
    'while read -r node; do',
    '  kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout="$DRAIN_TIMEOUT" || fail "could not drain $node within $DRAIN_TIMEOUT (a PodDisruptionBudget, or pods the new nodes cannot take): fix it and run the script again"',
    'done < <(kubectl get nodes -l "$LABEL=$OLD_GROUP" -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\n"}{end}\')',
    '',
    "step '7. Delete the old stack'",
    'aws cloudformation delete-stack --region "$REGION" --stack-name "$OLD_STACK"',
    'aws cloudformation wait stack-delete-complete --region "$REGION" --stack-name "$OLD_STACK" || fail "$OLD_STACK was not deleted: see its events in the CloudFormation console"',
    '',
    ...(awsAuth ? ["step '8. Remove the old role from aws-auth (kept if another node group uses it)'", ...authLines(s, true), ''] : []),
    `printf '\\nDone: %s runs the pods of %s. Remove %s from %s and run eksng generate again.\\n' "$NEW_GROUP" "$OLD_GROUP" "$OLD_GROUP" "$CONFIG"`,
    '',
  ];
  return lines.join('\n');
}

export function renderMigrationPlan(s: ScriptInput, problems: readonly Problem[]): string {
  const c = s.config;
  const from = templateOf(s.templates, s.from).built.nodeGroup;
  const to = templateOf(s.templates, s.to).built.nodeGroup;
  const files = migrationFiles(s.from, s.to);
  const describe = (ng: NodeGroup) =>
    `${describeInstances(ng)} (${ng.architecture}), ${ng.amiFamily}${ng.ami.kind === 'ssm' && ng.ami.release ? ` release ${ng.ami.release}` : ''}, ${ng.minSize}–${ng.maxSize} nodes (desired ${ng.desiredCapacity})`;
  const pause = isoSeconds(from.updatePolicy.pauseTime);
  const awsAuth = usesAwsAuth(c);
  return [
    `# Move node group \`${s.from}\` to \`${s.to}\` (cluster \`${c.cluster.name}\`)`,
    '',
    `Generated by eksng migrate from \`${path.basename(s.configFile)}\`. Run [\`${files.script}\`](${files.script}) from the directory you ran eksng in; it stops at the first step that fails and can be run again.`,
    '',
    '| | from | to |',
    '|---|---|---|',
    `| node group | \`${s.from}\` | \`${s.to}\` |`,
    `| stack | \`${nodeGroupStackName(c.cluster.name, s.from)}\` | \`${nodeGroupStackName(c.cluster.name, s.to)}\` |`,
    `| nodes | ${describe(from)} | ${describe(to)} |`,
    '',
    ...(problems.length > 0 ? ['**Check before you run it:**', '', ...problems.map((p) => `- \`${p.pointer}\`: ${p.message}`), ''] : []),
    '## Steps',
    '',
    `0. **Preconditions**: \`aws\`, \`kubectl\` (pointed at the cluster) and \`eksng\` on the PATH; the new group's template in \`${s.outDir}\`; the old stack deployed, and its nodes labelled \`${NODEGROUP_LABEL}=${s.from}\` (templates of this eksng version add the label; an older stack needs one update first, which replaces its nodes).`,
    `1. **Deploy** \`${nodeGroupStackName(c.cluster.name, s.to)}\`.`,
    awsAuth
      ? `2. **Map its role in aws-auth** with \`eksng auth --merge-with\`: every existing entry is kept.`
      : '2. Nothing to map: in authentication mode API the stack\'s access entry lets the nodes join.',
    `3. **Wait** up to ${READY_TIMEOUT_SECONDS / 60} minutes until ${to.desiredCapacity} nodes labelled \`${NODEGROUP_LABEL}=${s.to}\` are Ready.`,
    `4. **Keep the old group from growing**: suspend its Launch and AZRebalance processes${from.clusterAutoscaler ? ', and remove its `k8s.io/cluster-autoscaler/enabled` tag so the cluster-autoscaler leaves it alone' : ''}.`,
    `5. **Taint** the old nodes \`${MIGRATING_TAINT}=${s.to}:NoSchedule\`: nothing new is scheduled there.`,
    `6. **Drain** the old nodes one at a time (\`kubectl drain --ignore-daemonsets --delete-emptydir-data --timeout=${DRAIN_TIMEOUT}\`): evictions honour PodDisruptionBudgets, and a node that cannot be drained in time stops the script.`,
    `7. **Delete** \`${nodeGroupStackName(c.cluster.name, s.from)}\` and wait for it.`,
    ...(awsAuth ? [`8. **Remove its role from aws-auth** (\`eksng auth --remove ${s.from}\`), unless another node group of the config uses the role.`] : []),
    '',
    `Then remove \`${s.from}\` from the config and run \`eksng generate\` again. Rolling back before step 7: delete the new stack and \`kubectl uncordon\` the old nodes (and \`kubectl taint nodes -l ${NODEGROUP_LABEL}=${s.from} ${MIGRATING_TAINT}-\`).`,
    '',
    `The alternative is a rolling update of \`${s.from}\` in place (its updatePolicy, ${from.updatePolicy.maxBatchSize} node${from.updatePolicy.maxBatchSize === 1 ? '' : 's'} at a time, ${pause} s between batches); see the README's "Upgrading a node group" for when to use which.`,
    '',
  ].join('\n');
}

