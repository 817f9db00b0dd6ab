/** `eksng init`: a starter config with `$schema`, for the user to fill in. Never overwrites. */
import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults';
import { ConfigInput } from '../config/types';
import { UsageError } from '../errors';
import { fileExists, writeFileAtomic } from '../io';
import { renderJson } from '../render';
import { configOption, defineCommand } from './command';
import { CommandContext, println } from './context';
import { displayPath } from './load';

/** Where the schema lives once eksng is installed as a dependency of the user's project. */
export const INSTALLED_SCHEMA_PATH = './node_modules/eks-nodegroup-gen/schema/nodegroup.schema.json';

export interface InitOptions {
  readonly config: string;
  readonly force: boolean;
}

export const initCommand = defineCommand({
  name: 'init',
  describe: 'Write a starter config to fill in',
  options: (y: Argv) => y.option('config', configOption).option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' }),
  run: (a, ctx) => init({ config: a.config, force: a.force }, ctx),
});

export function starterConfig(): ConfigInput {
  return {
    $schema: INSTALLED_SCHEMA_PATH,
    cluster: { name: 'my-cluster', region: DEFAULTS.region, kubernetesVersion: '1.33' },
    nodeGroups: [{ name: 'ng-1', instanceType: DEFAULTS.instanceType, minSize: DEFAULTS.minSize, desiredCapacity: DEFAULTS.desiredCapacity, maxSize: DEFAULTS.desiredCapacity + 1 }],
  };
}

export async function init(opts: InitOptions, ctx: CommandContext): Promise<void> {
  if (!opts.force && (await fileExists(opts.config))) {
    throw new UsageError(`${displayPath(opts.config)} already exists; choose another --config or pass --force to overwrite it`);
  }
  await writeFileAtomic(opts.config, renderJson(starterConfig()));
  const file = displayPath(opts.config);
  println(ctx.stdout, `wrote ${file}`);
  println(ctx.stdout, `Next: set cluster.name and cluster.kubernetesVersion, then run: eksng validate --config ${file}`);
  println(ctx.stdout, '(it tells you which cluster values are still missing and the aws command that prints each one)');
}
