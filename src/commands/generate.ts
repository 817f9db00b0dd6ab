/** `eksng generate`: config → validated templates, parameter files and aws-auth in the output directory. */
import * as path from 'path';
import { Config } from '../config/types';
import { commitStaged, makeStagingDir, removeDir, writeStaged } from '../io';
import { AWS_AUTH_FILE, buildOutputs, Outputs, TemplateOutput } from '../outputs';
import { usesAccessEntries, usesAwsAuth } from '../template/access-entry';
import { CommandContext, println } from './context';
import { displayPath, readConfig } from './load';
import { lintStaged, noLintWarning } from './lint';

export interface GenerateOptions {
  readonly config: string;
  readonly out: string;
  readonly lint: boolean;
}

export async function generate(opts: GenerateOptions, ctx: CommandContext): Promise<void> {
  const config = await readConfig(opts.config, ctx);
  const outputs = buildOutputs(config, path.basename(opts.config));
  const staging = await makeStagingDir(opts.out);
  try {
    await writeStaged(staging, outputs.files);
    if (opts.lint) await lintStaged(staging, outputs, config.cluster.region, displayPath(opts.out), ctx);
    else noLintWarning(ctx);
    await commitStaged(staging, opts.out, outputs.files);
  } finally {
    await removeDir(staging);
  }
  const outDir = displayPath(opts.out);
  for (const f of outputs.files) println(ctx.stdout, `wrote ${path.join(outDir, f.name)}`);
  printNextSteps(config, outputs, opts, outDir, ctx);
}

/** CloudFormation stack names: letters, digits and "-", starting with a letter, at most 128 characters. */
export function stackName(config: Config, nodeGroup: string): string {
  return `eksng-${config.cluster.name}-${nodeGroup}`.replace(/_/g, '-').slice(0, 128);
}

export function deployCommand(config: Config, t: TemplateOutput, outDir: string): string {
  return [
    'aws cloudformation deploy',
    `--region ${config.cluster.region}`,
    `--stack-name ${stackName(config, t.built.nodeGroup.name)}`,
    `--template-file ${path.join(outDir, t.templateFile)}`,
    `--parameter-overrides file://${path.join(outDir, t.overridesFile)}`,
    `--capabilities ${t.capability}`,
  ].join(' ');
}

function printNextSteps(config: Config, outputs: Outputs, opts: GenerateOptions, outDir: string, ctx: CommandContext): void {
  println(ctx.stdout);
  println(ctx.stdout, 'Next: deploy each node group');
  for (const t of outputs.templates) {
    if (t.missingParameters.length > 0) {
      println(ctx.stdout, `  (${t.templateFile} needs values the config does not give: ${t.missingParameters.join(', ')}; set them in the config and generate again, or add them to the deploy command)`);
    }
    println(ctx.stdout, `  ${deployCommand(config, t, outDir)}`);
  }
  const mode = config.cluster.authenticationMode;
  if (usesAccessEntries(config)) {
    println(ctx.stdout, `cluster.authenticationMode is ${mode}: each template has an AccessEntry (EC2_LINUX) that lets its nodes join.`);
  }
  if (!usesAwsAuth(config)) {
    println(ctx.stdout, 'The cluster does not read aws-auth in API mode, so no aws-auth-cm.yaml was written.');
    return;
  }
  const region = config.cluster.region;
  const stackFiles = outputs.unknownRoleArns.map((ng) => `${stackName(config, ng)}.json`);
  println(ctx.stdout, `Then map the node roles in aws-auth, keeping every entry the cluster already has${usesAccessEntries(config) ? ' (also read in API_AND_CONFIG_MAP mode)' : ''}:`);
  outputs.unknownRoleArns.forEach((ng, i) => {
    println(ctx.stdout, `  aws cloudformation describe-stacks --region ${region} --stack-name ${stackName(config, ng)} --output json > ${stackFiles[i]}`);
  });
  println(ctx.stdout, '  kubectl get configmap aws-auth -n kube-system -o yaml > current-aws-auth.yaml   # no aws-auth yet: skip this and --merge-with');
  const stackArgs = stackFiles.map((f) => ` --stack-outputs ${f}`).join('');
  println(ctx.stdout, `  eksng auth --config ${displayPath(opts.config)}${stackArgs} --merge-with current-aws-auth.yaml --out ${outDir}`);
  println(ctx.stdout, `  kubectl apply -f ${path.join(outDir, AWS_AUTH_FILE)}`);
  if (outputs.unknownRoleArns.length > 0) {
    println(ctx.stdout, '(The node role ARNs are known only after deployment, so aws-auth-cm.yaml was not written now; set cluster.accountId to know them in advance.)');
  }
}
