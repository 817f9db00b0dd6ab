/** `eksng generate`: config → validated templates, parameter files and aws-auth in the output directory. */
import { EFA_DEVICE_PLUGIN, EFA_ONLY_NEEDS } from '../capacity';
import { SpillFile } from '../io';
import type { Argv } from 'yargs';
import * as path from 'path';
import { nodeGroupStackName } from '../cfn/stack-names';
import { deployCommand, DeployTarget } from '../cfn/stack-files';
import { Config } from '../config/types';
import { ClusterSetup, familyOf } from '../families';
import { describeRollout, rolloutOf } from '../diff/rollout';
import { loadCfnYaml } from '../cfn-yaml';
import { ValidationFailedError } from '../errors';
import { Finding, fileFinding } from '../findings';
import { listFiles, readExisting } from '../io';
import { AWS_AUTH_FILE, Outputs, TemplateOutput } from '../outputs';
import { isGeneratedByGenerate } from '../outputs/kinds';
import { stackFileNames } from '../outputs/stack';
import { usesAccessEntries, usesAwsAuth } from '../template/access-entry';
import { TERMINATION_TEMPLATE_FILE, terminationStackName, TerminationOutputs, usesTerminationHandling, writesTerminationStack } from '../termination/stack';
import { helmCommand, TERMINATION_VALUES_FILE } from '../termination/values';
import { configsOption, defineCommand, findingsOutput, formatOption, jobsArgument, jobsOption, lintCacheOption, lintOption, list, outOption, policyArgument, policyOption, policyRulesOption, sarifOption } from './command';
import { CommandContext, println } from './context';
import { deploymentFileName } from '../git-sync/deployment-file';
import { checkGitSyncDirectories, ConfigRun, displayPath, prepareRuns, runFiles, runRegions } from './pipeline';
import { checkOutputs, LintChoice, writeOutputs } from './write';

export interface GenerateOptions extends LintChoice {
  /** Config files or directories of them. */
  readonly config: readonly string[];
  readonly out: string;
  /** Write nothing; fail when the output directory differs from what the configs generate. */
  readonly check: boolean;
  /** describe-stacks JSON of the cluster stack (`eksng cluster`), filling the cluster fields the config lacks. */
  readonly clusterOutputs: string | null;
}

export const generateCommand = defineCommand({
  name: 'generate',
  describe: 'Validate the config(s) and write templates, parameter files and aws-auth-cm.yaml',
  options: (y: Argv) =>
    y
      .option('config', configsOption)
      .option('out', outOption)
      .option('lint', lintOption)
      .option('lint-cache', lintCacheOption)
      .option('jobs', jobsOption)
      .option('policy', policyOption)
      .option('policy-rules', policyRulesOption)
      .option('check', { type: 'boolean', default: false, describe: 'Write nothing; exit 1 listing the files when --out differs from what the config generates (stale, edited or missing)' })
      .option('cluster-outputs', { type: 'string', requiresArg: true, describe: 'JSON of aws cloudformation describe-stacks of the cluster stack (eksng cluster): fills vpcId, subnetIds, controlPlaneSecurityGroupId, endpoint, CA, service CIDR the config lacks' })
      .option('format', formatOption)
      .option('sarif', sarifOption),
  output: findingsOutput,
  run: (a, ctx) => generate({ config: list(a.config), out: a.out, lint: a.lint, lintCache: a['lint-cache'], jobs: jobsArgument(a.jobs), policy: policyArgument(a.policy, a['policy-rules']), check: a.check, clusterOutputs: a['cluster-outputs'] ?? null }, ctx),
});

export async function generate(opts: GenerateOptions, ctx: CommandContext): Promise<void> {
  // Large configs' files wait on disk until the commit rather than in memory (SPILL_MIN_NODE_GROUPS).
  const spill = new SpillFile();
  try {
    const runs = await prepareRuns(opts.config, ctx, opts.clusterOutputs, spill);
    const outDir = displayPath(opts.out);
    await checkGitSyncDirectories(runs.map((r) => ({ file: r.file, config: r.config, dir: path.join(opts.out, r.subdir) })));
    if (opts.check) return await check(runs, opts, outDir, ctx);
    const files = runFiles(runs);
    // The templates as they were, to say what the change does to running nodes.
    const before = await readExisting(opts.out, files.filter((f) => f.cfnTemplate).map((f) => f.name));
    await writeOutputs(opts.out, outDir, files, runRegions(runs), opts, ctx);
    for (const f of files) println(ctx.stdout, `wrote ${path.join(outDir, f.name)}`);
    printRollouts(runs, before, ctx);
    for (const r of runs) printNextSteps(r.config, r.outputs, r.file, path.join(outDir, r.subdir), ctx);
  } finally {
    spill.remove();
  }
}

/**
 * `generate --check`: every check of generate (lint included, unless --no-lint), then a comparison
 * with what is on disk. For CI: committed output that is stale, edited by hand or missing fails,
 * each such file a finding.
 */
async function check(runs: readonly ConfigRun[], opts: GenerateOptions, outDir: string, ctx: CommandContext): Promise<void> {
  const expected = runFiles(runs);
  await checkOutputs(outDir, expected, runRegions(runs), opts, ctx);
  const onDisk = await readExisting(opts.out, expected.map((f) => f.name));
  const findings: Finding[] = [];
  for (const f of expected) {
    const current = onDisk.get(f.name);
    const file = path.join(outDir, f.name);
    if (current === null) findings.push(fileFinding('error', 'check.missing', file, 'is missing: the config generates it'));
    else if (current !== f.content) findings.push(fileFinding('error', 'check.differs', file, 'differs from what the config generates (edited by hand, or generated from an older config)'));
  }
  for (const r of runs) {
    const mine = new Set(r.outputs.files.map((f) => f.name));
    for (const name of await listFiles(path.join(opts.out, r.subdir))) {
      if (isGeneratedByGenerate(name) && !mine.has(name)) findings.push(fileFinding('error', 'check.stale', path.join(outDir, r.subdir, name), `is not generated by ${displayPath(r.file)} (stale?)`));
    }
  }
  if (findings.length > 0) {
    throw new ValidationFailedError(`${outDir} is not what the config${runs.length === 1 ? '' : 's'} generate${runs.length === 1 ? 's' : ''}; run eksng generate${opts.config.map((c) => ` --config ${c}`).join('')} --out ${outDir} and commit the result`, findings);
  }
  println(ctx.stdout, `${outDir} is up to date (${expected.length} files)`);
}

/** For each node-group template that changed on disk: whether deploying it replaces nodes, how many, and how long at least. */
function printRollouts(runs: readonly ConfigRun[], before: ReadonlyMap<string, string | null>, ctx: CommandContext): void {
  const lines: string[] = [];
  for (const r of runs) {
    const files = new Map(r.outputs.files.map((f) => [f.name, f]));
    for (const t of r.outputs.templates) {
      const old = before.get(path.join(r.subdir, t.templateFile)) ?? null;
      // Decoded only where there is an old file to compare with.
      if (old === null || old === files.get(t.templateFile)?.content) continue;
      let parsed: unknown;
      try {
        parsed = loadCfnYaml(old);
      } catch {
        continue; // an unreadable old file: the diff says nothing about it
      }
      lines.push(`  ${describeRollout(rolloutOf(t.built.nodeGroup.name, parsed, t.built.template))}`);
    }
  }
  if (lines.length === 0) return;
  println(ctx.stdout, 'Changed node groups, once deployed:');
  for (const l of lines) println(ctx.stdout, l);
}

function deployTarget(config: Config, t: TemplateOutput): DeployTarget {
  return { region: config.cluster.region, stackName: nodeGroupStackName(config.cluster.name, t.built.nodeGroup.name), names: stackFileNames(t), capability: t.capability };
}

function printNextSteps(config: Config, outputs: Outputs, configFile: string, outDir: string, ctx: CommandContext): void {
  println(ctx.stdout);
  if (writesTerminationStack(config)) {
    // First: the node groups' lifecycle hooks hold terminating instances for the handler that reads this queue.
    println(ctx.stdout, `Next, for ${displayPath(configFile)}: deploy the termination handler's queue and rules once per cluster`);
    println(ctx.stdout, `  aws cloudformation deploy --region ${config.cluster.region} --stack-name ${terminationStackName(config.cluster.name)} --template-file ${path.join(outDir, TERMINATION_TEMPLATE_FILE)} --capabilities CAPABILITY_IAM`);
    println(ctx.stdout, 'then each node group');
  } else {
    println(ctx.stdout, `Next, for ${displayPath(configFile)}: deploy each node group`);
  }
  for (const t of outputs.templates) {
    if (t.missingParameters.length > 0) {
      println(ctx.stdout, `  (${t.templateFile} needs values the config does not give: ${t.missingParameters.join(', ')}; set them in the config and generate again, or add them to the deploy command)`);
    }
    println(ctx.stdout, `  ${deployCommand(deployTarget(config, t), outDir)}`);
  }
  if (config.gitSync !== null) {
    println(ctx.stdout, `  or, with CloudFormation Git sync: commit ${outDir} and create each stack (same name and region) with "Sync from Git", giving its deployment file: ${outputs.templates.map((t) => path.join(outDir, deploymentFileName(t.templateFile))).join(', ')}${writesTerminationStack(config) ? ` (and ${path.join(outDir, deploymentFileName(TERMINATION_TEMPLATE_FILE))} first)` : ''}`);
  }
  const floating = outputs.templates.map((t) => t.built.nodeGroup).filter((ng) => ng.ami.kind === 'ssm' && ng.ami.auto && ng.ami.release === null);
  if (floating.length > 0) {
    println(ctx.stdout, `Note for ${floating.map((ng) => ng.name).join(', ')}: ami "auto" resolves the recommended AMI at every stack update, so once AWS publishes a newer AMI, any update of the stack replaces every node. Pin one release with amiRelease to decide when nodes change (README: Upgrading a node group).`);
  }
  for (const t of outputs.templates) {
    const ng = t.built.nodeGroup;
    const setup = familyOf(ng).acceleratorSetup(ng.accelerator);
    if (setup) println(ctx.stdout, `For ${ng.name} (${ng.accelerator}): ${setup}`);
  }
  const efa = outputs.templates.map((t) => t.built.nodeGroup).filter((ng) => ng.efa !== null);
  if (efa.length > 0) {
    const efaOnly = efa.filter((ng) => ng.efa?.secondaryInterfaceType === 'efa-only').map((ng) => ng.name);
    println(ctx.stdout, `For ${efa.map((ng) => ng.name).join(', ')} (EFA): ${EFA_DEVICE_PLUGIN}${efaOnly.length > 0 ? `; for ${efaOnly.join(', ')}: ${EFA_ONLY_NEEDS}` : ''}`);
  }
  if (usesTerminationHandling(config)) {
    const groups = outputs.templates.filter((t) => t.built.nodeGroup.terminationHandling.enabled).map((t) => t.built.nodeGroup.name);
    println(ctx.stdout, `For ${groups.join(', ')}: run aws-node-termination-handler in the cluster, so that nodes are drained before they terminate (their lifecycle hooks wait for it). Give its service account a Pod Identity or IRSA role with the policy ${writesTerminationStack(config) ? `the stack outputs as ${TerminationOutputs.handlerPolicyArn}` : 'its README lists'}, then:`);
    println(ctx.stdout, `  ${helmCommand(config, path.join(outDir, TERMINATION_VALUES_FILE))}`);
  }
  // Once per family that needs the cluster set up (Windows), in the order of the node groups.
  const setups = [...new Set(outputs.templates.map((t) => familyOf(t.built.nodeGroup).clusterSetup).filter((s): s is ClusterSetup => s !== null))];
  for (const setup of setups) {
    const groups = outputs.templates.filter((t) => familyOf(t.built.nodeGroup).clusterSetup === setup).map((t) => t.built.nodeGroup.name);
    println(ctx.stdout, `For ${groups.join(', ')}: ${setup.description}. Once per cluster:`);
    for (const command of setup.commands(config.cluster.name, config.cluster.region)) println(ctx.stdout, `  ${command}`);
  }
  const mode = config.cluster.authenticationMode;
  if (usesAccessEntries(config)) {
    const types = [...new Set(outputs.templates.map((t) => familyOf(t.built.nodeGroup).node.accessEntryType))].join(' or ');
    println(ctx.stdout, `cluster.authenticationMode is ${mode}: each template has an AccessEntry (${types}) that lets its nodes join.`);
  }
  if (!usesAwsAuth(config)) {
    println(ctx.stdout, 'The cluster does not read aws-auth in API mode, so no aws-auth-cm.yaml was written.');
    return;
  }
  const region = config.cluster.region;
  const stackOf = (ng: string) => nodeGroupStackName(config.cluster.name, ng);
  const stackFiles = outputs.unknownRoleArns.map((ng) => `${stackOf(ng)}.json`);
  println(ctx.stdout, `Then map the node roles in aws-auth, keeping every entry the cluster already has${usesAccessEntries(config) ? ' (also read in API_AND_CONFIG_MAP mode)' : ''}:`);
  outputs.unknownRoleArns.forEach((ng, i) => {
    println(ctx.stdout, `  aws cloudformation describe-stacks --region ${region} --stack-name ${stackOf(ng)} --output json > ${stackFiles[i]}`);
  });
  println(ctx.stdout, '  kubectl get configmap aws-auth -n kube-system -o yaml > current-aws-auth.yaml   # no aws-auth yet: skip this and --merge-with');
  const stackArgs = stackFiles.map((f) => ` --stack-outputs ${f}`).join('');
  println(ctx.stdout, `  eksng auth --config ${displayPath(configFile)}${stackArgs} --merge-with current-aws-auth.yaml --out ${outDir}`);
  println(ctx.stdout, `  kubectl apply -f ${path.join(outDir, AWS_AUTH_FILE)}`);
  if (outputs.unknownRoleArns.length > 0) {
    println(ctx.stdout, '(The node role ARNs are known only after deployment, so aws-auth-cm.yaml was not written now; set cluster.accountId to know them in advance.)');
  }
}
