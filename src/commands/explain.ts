/** `eksng explain`: the Markdown summary of each node group, on stdout (generate also writes it). */
import type { Argv } from 'yargs';
import { configsOptionFor, defineCommand, list } from './command';
import { CommandContext } from './context';
import { prepareRuns } from './pipeline';

export interface ExplainOptions {
  readonly config: readonly string[];
}

export const explainCommand = defineCommand({
  name: 'explain',
  describe: 'Print a Markdown summary of each node group for reviewers (generate writes it too)',
  options: (y: Argv) => y.option('config', configsOptionFor('the summaries of every node group of each are printed; nothing is written')),
  run: (a, ctx) => explain({ config: list(a.config) }, ctx),
});

/** The same summaries generate writes (the registry's summary kind), printed instead of written. */
export async function explain(opts: ExplainOptions, ctx: CommandContext): Promise<void> {
  const runs = await prepareRuns(opts.config, ctx);
  const parts = runs.flatMap((r) => r.outputs.templates.map((t) => r.outputs.files.find((f) => f.name === t.summaryFile)?.content ?? ''));
  ctx.stdout.write(parts.join('\n'));
}
