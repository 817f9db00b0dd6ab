/** `eksng validate`: its options and examples; the command's module (validate.ts) loads only when it runs. */
import type { Argv } from 'yargs';
import { configsOptionFor, defineCommand, findingsOutput, formatOption, jobsArgument, jobsOption, lintCacheOption, lintOption, list, policyArgument, policyOption, policyRulesOption, sarifOption } from '../command';

export const validateCommand = defineCommand({
  name: 'validate',
  describe: 'Run every check of generate and write nothing',
  options: (y: Argv) =>
    y
      .option('config', configsOptionFor('each checked as generate checks it, one cfn-lint run for all; nothing is written'))
      .option('lint', lintOption)
      .option('lint-cache', lintCacheOption)
      .option('jobs', jobsOption)
      .option('policy', policyOption)
      .option('policy-rules', policyRulesOption)
      .option('format', formatOption)
      .option('sarif', sarifOption)
      .example('$0 validate --config configs/', 'Check every config in configs/, with one cfn-lint run')
      .example('$0 validate --format json', 'The findings as one JSON document on stdout'),
  output: findingsOutput,
  run: async (a, ctx) => (await import('../validate')).validate({ config: list(a.config), lint: a.lint, lintCache: a['lint-cache'], jobs: jobsArgument(a.jobs), policy: policyArgument(a.policy, a['policy-rules']) }, ctx),
});
