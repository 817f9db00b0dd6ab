/** `eksng init`: a starter config with `$schema`, for the user to fill in. Never overwrites. */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { loadConfigInput } from '../config';
import { DEFAULTS } from '../config/defaults';
import { ConfigInput } from '../config/types';
import { UsageError } from '../errors';
import { fileExists, findPackageRoot, writeFileAtomic } from '../io';
import { renderJson } from '../render';
import { CommandContext, println } from './context';
import { displayPath } from './load';

/** The schema file inside the package, from its root. */
const SCHEMA_IN_PACKAGE = path.join('schema', 'nodegroup.schema.json');
/** The starter's cluster name: a placeholder the user must replace. */
const PLACEHOLDER_CLUSTER = 'my-cluster';

export interface InitOptions {
  readonly config: string;
  readonly force: boolean;
}

/**
 * `$schema` for a config written to `configFile`, pointing at the schema of the eksng that runs, so
 * that it resolves after either kind of install: a relative path when that schema is inside the
 * config's directory tree (a project's node_modules, a clone), else a file URL (a global install:
 * a relative path would climb out of the project and break when the config moves).
 */
export function schemaReference(configFile: string): string {
  const root = findPackageRoot(__dirname, 'eks-nodegroup-gen', SCHEMA_IN_PACKAGE);
  if (root === null) return `./node_modules/eks-nodegroup-gen/${SCHEMA_IN_PACKAGE.split(path.sep).join('/')}`;
  const schema = path.join(root, SCHEMA_IN_PACKAGE);
  const relative = path.relative(path.dirname(path.resolve(configFile)), schema);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return pathToFileURL(schema).href;
  return `./${relative.split(path.sep).join('/')}`;
}

export function starterConfig(schema: string): ConfigInput {
  return {
    $schema: schema,
    cluster: { name: PLACEHOLDER_CLUSTER, region: DEFAULTS.region, kubernetesVersion: '1.33' },
    nodeGroups: [{ name: 'ng-1', instanceType: DEFAULTS.instanceType, minSize: DEFAULTS.minSize, desiredCapacity: DEFAULTS.desiredCapacity, maxSize: DEFAULTS.desiredCapacity + 1 }],
  };
}

/** Where `aws eks describe-cluster` prints each cluster field a config can need, as its JMESPath. */
const DESCRIBE_CLUSTER_QUERY: Readonly<Record<string, string>> = {
  kubernetesVersion: 'version',
  endpoint: 'endpoint',
  certificateAuthorityData: 'certificateAuthority.data',
  serviceCidr: 'kubernetesNetworkConfig.serviceIpv4Cidr',
  clusterSecurityGroupId: 'resourcesVpcConfig.clusterSecurityGroupId',
  vpcId: 'resourcesVpcConfig.vpcId',
  subnetIds: 'resourcesVpcConfig.subnetIds',
};

/**
 * The cluster fields the starter still lacks, as the config's checks name them (the errors and
 * warnings about /cluster/<field>), in the order the checks find them: what stands between it and
 * a generate without findings.
 */
export function fieldsToFill(starter: ConfigInput): string[] {
  const { problems } = loadConfigInput(starter);
  const fields = problems.filter((p) => p.severity !== 'note').map((p) => /^\/cluster\/([A-Za-z]+)$/.exec(p.pointer)?.[1] ?? null);
  return [...new Set(fields.filter((f): f is string => f !== null))];
}

/** One describe-cluster command printing the fields as JSON, under the config's own field names. */
export function describeClusterCommand(region: string, fields: readonly string[]): string {
  const query = ['kubernetesVersion', ...fields.filter((f) => f !== 'kubernetesVersion')].filter((f) => DESCRIBE_CLUSTER_QUERY[f] !== undefined).map((f) => `${f}:${DESCRIBE_CLUSTER_QUERY[f]}`);
  return `aws eks describe-cluster --region ${region} --name <your cluster> --query 'cluster.{${query.join(',')}}' --output json`;
}

export async function init(opts: InitOptions, ctx: CommandContext): Promise<void> {
  if (!opts.force && (await fileExists(opts.config))) {
    throw new UsageError(`${displayPath(opts.config)} already exists; choose another --config or pass --force to overwrite it`);
  }
  const starter = starterConfig(schemaReference(opts.config));
  await writeFileAtomic(opts.config, renderJson(starter));
  const file = displayPath(opts.config);
  const fields = fieldsToFill(starter);
  println(ctx.stdout, `wrote ${file}`);
  println(ctx.stdout, `Next, fill in cluster.name (your cluster's, instead of "${PLACEHOLDER_CLUSTER}")${fields.map((f) => `, cluster.${f}`).join('')}; this prints them (and the Kubernetes version, to check cluster.kubernetesVersion):`);
  println(ctx.stdout, `  ${describeClusterCommand(starter.cluster.region ?? DEFAULTS.region, fields)}`);
  println(ctx.stdout, `then: eksng validate --config ${file}`);
}
