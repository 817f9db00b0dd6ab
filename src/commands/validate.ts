/** `eksng validate`: every check of `generate`, in a temporary directory; writes nothing. */
import * as path from 'path';
import { makeStagingDir, removeDir, writeStaged } from '../io';
import { buildOutputs } from '../outputs';
import { CommandContext, println } from './context';
import { displayPath, readConfig } from './load';
import { lintStaged, noLintWarning } from './lint';

export interface ValidateOptions {
  readonly config: string;
  readonly lint: boolean;
}

export async function validate(opts: ValidateOptions, ctx: CommandContext): Promise<void> {
  const config = await readConfig(opts.config, ctx);
  const outputs = buildOutputs(config, path.basename(opts.config));
  if (opts.lint) {
    const staging = await makeStagingDir(null);
    try {
      await writeStaged(staging, outputs.files);
      await lintStaged(staging, outputs, config.cluster.region, 'out', ctx);
    } finally {
      await removeDir(staging);
    }
  } else {
    noLintWarning(ctx);
  }
  println(ctx.stdout, `${displayPath(opts.config)} is valid: ${outputs.templates.length} node group${outputs.templates.length === 1 ? '' : 's'}${opts.lint ? ', templates pass cfn-lint' : ''}`);
}
