/** `eksng explain`: the Markdown summary of each node group, on stdout (generate also writes it). */
import { CommandContext } from './context';
import { prepareRuns } from './pipeline';

export interface ExplainOptions {
  readonly config: readonly string[];
}

/** The same summaries generate writes (the registry's summary kind), printed instead of written. */
export async function explain(opts: ExplainOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  const parts = runs.flatMap((r) => r.outputs.templates.map((t) => r.outputs.files.find((f) => f.name === t.summaryFile)?.content ?? ''));
  ctx.stdout.write(parts.join('\n'));
}
