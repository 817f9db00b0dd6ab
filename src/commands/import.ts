/**
 * `eksng import eksctl <cluster.yaml>`: an eksctl ClusterConfig → an eksng config (src/import/eksctl.ts),
 * written as JSON; what could not be imported is reported, one finding per field, with its path in
 * the eksctl file. Exit 0 (with warnings) when node groups were imported, 1 when none could be.
 */
import { InvalidInputError, UsageError } from '../errors';
import { problemFindings } from '../findings';
import { fileExists, readInputFile, writeFileAtomic } from '../io';
import { error } from '../problems';
import { renderJson } from '../render';
import { jsYaml } from '../render/js-yaml';
import { CommandContext, println } from './context';
import { schemaReference } from './init';
import { displayPath } from './load';

export interface ImportOptions {
  readonly source: 'eksctl';
  readonly file: string;
  readonly out: string;
  readonly nodegroup: readonly string[];
  readonly force: boolean;
}

export async function importConfig(opts: ImportOptions, ctx: CommandContext): Promise<void> {
  const file = displayPath(opts.file);
  if (!opts.force && (await fileExists(opts.out))) throw new UsageError(`${displayPath(opts.out)} already exists; choose another --out or pass --force to overwrite it`);
  const text = await readInputFile(opts.file);
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(text);
  } catch (e) {
    throw new InvalidInputError(file, [error('import.yaml', '', `is not YAML: ${(e as Error).message.split('\n')[0]}`)]);
  }
  // Loaded by this command only: its mapping table is not every command's start-up.
  const { importEksctl } = await import('../import/eksctl');
  const result = importEksctl(docs, opts.nodegroup, schemaReference(opts.out));
  if (result.config === null) throw new InvalidInputError(file, result.problems);
  for (const f of problemFindings(file, result.problems, null)) ctx.report(f);
  await writeFileAtomic(opts.out, renderJson(result.config));
  const out = displayPath(opts.out);
  const c = result.config.cluster;
  println(ctx.stdout, `wrote ${out}: ${result.imported.length} node group${result.imported.length === 1 ? '' : 's'} from ${file} (${result.imported.join(', ')})`);
  println(ctx.stdout, 'eksctl reads the cluster\'s endpoint, CA and service CIDR live; eksng needs them in the config (or from an eksng cluster stack: generate --cluster-outputs). Print them with:');
  println(ctx.stdout, `  aws eks describe-cluster --region ${c.region} --name ${c.name} --query 'cluster.{endpoint:endpoint,certificateAuthorityData:certificateAuthority.data,serviceCidr:kubernetesNetworkConfig.serviceIpv4Cidr,clusterSecurityGroupId:resourcesVpcConfig.clusterSecurityGroupId,controlPlaneSecurityGroupId:resourcesVpcConfig.securityGroupIds[0],vpcId:resourcesVpcConfig.vpcId,subnetIds:resourcesVpcConfig.subnetIds}'`);
  println(ctx.stdout, `then: eksng validate --config ${out}`);
}
