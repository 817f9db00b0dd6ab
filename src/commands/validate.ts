/** `eksng validate`: every check of `generate`, in a temporary directory; writes nothing. */
import type { Argv } from 'yargs';
import { configsOptionFor, defineCommand, findingsOutput, formatOption, jobsArgument, jobsOption, lintCacheOption, lintOption, list, policyArgument, policyOption, policyRulesOption, sarifOption } from './command';
import { CommandContext, println } from './context';
import { displayPath, prepareRuns, runFiles, runRegions } from './pipeline';
import { checkOutputs, LintChoice } from './write';

export interface ValidateOptions extends LintChoice {
  /** Config files or directories of them. */
  readonly config: readonly string[];
}

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
  run: (a, ctx) => validate({ config: list(a.config), lint: a.lint, lintCache: a['lint-cache'], jobs: jobsArgument(a.jobs), policy: policyArgument(a.policy, a['policy-rules']) }, ctx),
});

export async function validate(opts: ValidateOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  await checkOutputs('out', runFiles(runs), runRegions(runs), opts, ctx);
  for (const r of runs) {
    const n = r.outputs.templates.length;
    println(ctx.stdout, `${displayPath(r.file)} is valid: ${n} node group${n === 1 ? '' : 's'}${opts.lint ? ', templates pass cfn-lint' : ''}${r.config.compliance ? `, and Control Tower's controls (${r.config.compliance} profile)` : ''}`);
  }
}
