/** `eksng init`: its options and examples; the command's module (init.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configOption, defineCommand } from '../command';

export const initCommand = defineCommand({
  name: 'init',
  describe: 'Write a starter config to fill in',
  options: (y: Argv) => y.option('config', configOption).option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' }),
  run: async (a, ctx) => (await import('../init')).init({ config: a.config, force: a.force }, ctx),
});
