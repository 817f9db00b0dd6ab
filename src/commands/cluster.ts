/**
 * `eksng cluster`: config → the cluster stack's template (VPC, subnets, control-plane security
 * group, cluster role and, with `cluster.create`, the EKS cluster) and its parameter files, checked,
 * linted in a staging directory and moved into `--out` only when every check passed.
 */
import { withPolicy } from '../policy';
import type { PolicyChoice } from './policy';
import * as path from 'path';
import { deployCommand } from '../cfn/stack-files';
import { checkClusterStackName, clusterStackName } from '../cluster';
import { Outputs } from '../cluster/logical-ids';
import { Config } from '../config/types';
import { buildClusterFiles, CLUSTER_CAPABILITY, CLUSTER_FILES } from '../outputs';
import { CommandContext, println } from './context';
import { displayPath, readConfig } from './load';
import { checkGitSyncDirectories } from './pipeline';
import { writeOutputs } from './write';

export interface ClusterOptions {
  readonly config: string;
  readonly out: string;
  readonly lint: boolean;
  readonly lintCache: boolean;
  readonly policy?: PolicyChoice | null;
}

/** The file the printed next steps save the cluster stack's describe-stacks JSON to. */
export const CLUSTER_OUTPUTS_FILE = 'cluster-outputs.json';

export async function cluster(opts: ClusterOptions, ctx: CommandContext): Promise<void> {
  // Without the rules that need a deployed cluster's values (see ConfigPurpose), plus this command's stack-name rule.
  const config = await readConfig(opts.config, ctx, { for: 'cluster', extraChecks: checkClusterStackName });
  await checkGitSyncDirectories([{ file: opts.config, config, dir: opts.out }]);
  const files = withPolicy(buildClusterFiles(config, path.basename(opts.config)).files, config);
  const outDir = displayPath(opts.out);
  await writeOutputs(opts.out, outDir, files, [config.cluster.region], opts, ctx);
  for (const f of files) println(ctx.stdout, `wrote ${path.join(outDir, f.name)}`);
  printNextSteps(config, opts, outDir, ctx);
}

export function clusterDeployCommand(config: Config, outDir: string): string {
  return deployCommand({ region: config.cluster.region, stackName: clusterStackName(config.cluster.name), names: CLUSTER_FILES, capability: CLUSTER_CAPABILITY }, outDir);
}

function printNextSteps(config: Config, opts: ClusterOptions, outDir: string, ctx: CommandContext): void {
  const c = config.cluster;
  const stack = clusterStackName(c.name);
  const out = (line = '') => println(ctx.stdout, line);
  out();
  out(`Next: deploy the cluster stack${c.create ? ' (EKS takes 10 to 15 minutes to create the cluster)' : ''}`);
  out(`  ${clusterDeployCommand(config, outDir)}`);
  if (!c.create) {
    const subnets = `<${Outputs.publicSubnetIds}>${config.network.privateSubnets > 0 ? `,<${Outputs.privateSubnetIds}>` : ''}`;
    out('Then create the EKS cluster in that network (or set cluster.create to true and run eksng cluster again: the stack then creates it), with the stack\'s outputs:');
    out(`  aws cloudformation describe-stacks --region ${c.region} --stack-name ${stack} --query "Stacks[0].Outputs" --output table`);
    out(
      `  aws eks create-cluster --region ${c.region} --name ${c.name} --kubernetes-version ${c.kubernetesVersion} --role-arn <${Outputs.clusterRoleArn}>` +
        ` --resources-vpc-config subnetIds=${subnets},securityGroupIds=<${Outputs.controlPlaneSecurityGroupId}>,endpointPublicAccess=${c.endpointPublicAccess},endpointPrivateAccess=${c.endpointPrivateAccess}` +
        ` --access-config authenticationMode=${c.authenticationMode}`,
    );
    out(`  aws eks wait cluster-active --region ${c.region} --name ${c.name}`);
  }
  out('Then generate the node groups into it, from the cluster stack\'s outputs:');
  out(`  aws cloudformation describe-stacks --region ${c.region} --stack-name ${stack} --output json > ${CLUSTER_OUTPUTS_FILE}`);
  out(`  eksng generate --config ${displayPath(opts.config)} --cluster-outputs ${CLUSTER_OUTPUTS_FILE} --out ${outDir}`);
  if (!c.create) {
    out(`(The stack does not create the cluster, so its outputs hold no API server endpoint, CA or service CIDR: set cluster.endpoint, cluster.certificateAuthorityData and cluster.serviceCidr from aws eks describe-cluster --region ${c.region} --name ${c.name}.)`);
  }
}
