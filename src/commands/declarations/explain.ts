/** `eksng explain`: its options and examples; the command's module (explain.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configsOptionFor, defineCommand, list } from '../command';

export const explainCommand = defineCommand({
  name: 'explain',
  describe: 'Print a Markdown summary of each node group for reviewers (generate writes it too)',
  options: (y: Argv) => y.option('config', configsOptionFor('the summaries of every node group of each are printed; nothing is written')),
  run: async (a, ctx) => (await import('../explain')).explain({ config: list(a.config) }, ctx),
});
