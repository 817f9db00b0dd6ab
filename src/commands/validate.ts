/** `eksng validate`: every check of `generate`, in a temporary directory; writes nothing. */
import { CommandContext, println } from './context';
import { checkInTempDir, displayPath, LintChoice, prepareRuns } from './pipeline';

export interface ValidateOptions extends LintChoice {
  /** Config files or directories of them. */
  readonly config: readonly string[];
}

export async function validate(opts: ValidateOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  await checkInTempDir(runs, 'out', opts, ctx);
  for (const r of runs) {
    const n = r.outputs.templates.length;
    println(ctx.stdout, `${displayPath(r.file)} is valid: ${n} node group${n === 1 ? '' : 's'}${opts.lint ? ', templates pass cfn-lint' : ''}`);
  }
}
