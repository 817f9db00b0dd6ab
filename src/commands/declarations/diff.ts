/** `eksng diff`: its options and examples; the command's module (diff.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configsOptionFor, defineCommand, list } from '../command';

export const diffCommand = defineCommand({
  name: 'diff',
  describe: 'Semantic diff of what the config generates against committed or deployed templates',
  options: (y: Argv) =>
    y
      .option('config', configsOptionFor('with several, each is compared with <against>/<config name>/; nothing is written'))
      .option('against', { type: 'string', demandOption: true, requiresArg: true, describe: 'Output directory of an earlier generate, a template file, or the JSON of aws cloudformation get-template' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'Exit 1 when there are differences' })
      .example('$0 diff --against out', 'What the config generates now against the output committed with it')
      .example('$0 diff --against deployed.json --exit-code', 'Against the deployed stack (aws cloudformation get-template --stack-name <stack> --output json > deployed.json); exit 1 when they differ'),
  run: async (a, ctx) => (await import('../diff')).diff({ config: list(a.config), against: a.against, exitCode: a['exit-code'] }, ctx),
});
