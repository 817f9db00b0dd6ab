/** `eksng validate`: every check of `generate`, in a temporary directory; writes nothing. */
import { CommandContext, println } from './context';
import { displayPath, prepareRuns, runFiles, runRegions } from './pipeline';
import { checkOutputs, LintChoice } from './write';

export interface ValidateOptions extends LintChoice {
  /** Config files or directories of them. */
  readonly config: readonly string[];
}

export async function validate(opts: ValidateOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  await checkOutputs('out', runFiles(runs), runRegions(runs), opts, ctx);
  for (const r of runs) {
    const n = r.outputs.templates.length;
    println(ctx.stdout, `${displayPath(r.file)} is valid: ${n} node group${n === 1 ? '' : 's'}${opts.lint ? ', templates pass cfn-lint' : ''}${r.config.compliance ? `, and Control Tower's controls (${r.config.compliance} profile)` : ''}`);
  }
}
