/** `eksng explain`: the Markdown summary of each node group, on stdout (generate also writes it). */
import * as path from 'path';
import { explainNodeGroup } from '../explain';
import { CommandContext } from './context';
import { prepareRuns } from './pipeline';

export interface ExplainOptions {
  readonly config: readonly string[];
}

export async function explain(opts: ExplainOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  const parts = runs.flatMap((r) => r.outputs.templates.map((t) => explainNodeGroup(r.config, t, path.basename(r.file))));
  ctx.stdout.write(parts.join('\n'));
}
