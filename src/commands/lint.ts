/** Lints the staged templates of a run in one cfn-lint process and reports the findings. */
import * as path from 'path';
import { ValidationFailedError } from '../errors';
import { formatFinding, runCfnLint } from '../lint/cfn-lint';
import { Outputs } from '../outputs';
import { CommandContext, println } from './context';

export async function lintStaged(stagingDir: string, outputs: Outputs, region: string, displayDir: string, ctx: CommandContext): Promise<void> {
  const staged = outputs.templates.map((t) => path.join(stagingDir, t.templateFile));
  const display = new Map(outputs.templates.map((t, i) => [path.resolve(staged[i]), path.join(displayDir, t.templateFile)]));
  const findings = await runCfnLint(staged, [region], ctx.run);
  const lines = findings.map((f) => formatFinding(f, display.get(path.resolve(f.file)) ?? f.file));
  const errors = findings.filter((f) => f.level === 'Error').length;
  if (errors > 0) {
    throw new ValidationFailedError(`cfn-lint found ${errors} error${errors === 1 ? '' : 's'}; nothing was written`, lines);
  }
  for (const line of lines) println(ctx.stderr, `warning: ${line}`);
}

export function noLintWarning(ctx: CommandContext): void {
  println(ctx.stderr, 'warning: --no-lint: the templates were NOT checked by cfn-lint');
}
