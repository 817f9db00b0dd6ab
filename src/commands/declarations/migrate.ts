/** `eksng migrate`: its options and examples; the command's module (migrate.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configOption, defineCommand, outOption } from '../command';

export const migrateCommand = defineCommand({
  name: 'migrate',
  describe: 'Write the blue/green plan and script that move a node group\'s pods to another group of the config',
  options: (y: Argv) =>
    y
      .option('config', configOption)
      .option('from', { type: 'string', demandOption: true, requiresArg: true, describe: 'The node group whose pods move (and which is removed)' })
      .option('to', { type: 'string', demandOption: true, requiresArg: true, describe: 'The node group that takes them (added to the config first)' })
      .option('out', { ...outOption, describe: 'The output directory of eksng generate for this config; the plan and script are written there' }),
  run: async (a, ctx) => (await import('../migrate')).migrate({ config: a.config, from: a.from, to: a.to, out: a.out }, ctx),
});
