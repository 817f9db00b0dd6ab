/**
 * `eksng migrate --from <group> --to <group>`: the blue/green plan (Markdown) and script (bash) that
 * move one node group's pods to another group of the same config (src/migrate). Refused, with
 * pointers into the config, when the new group cannot take the old one's pods.
 */
import * as path from 'path';
import { InvalidInputError } from '../errors';
import { problemFindings } from '../findings';
import { checkMigration, migrationFiles, renderMigrationPlan, renderMigrationScript } from '../migrate';
import { buildOutputs } from '../outputs';
import { hasErrors } from '../problems';
import { CommandContext, println } from './context';
import { displayPath, readConfig } from './load';
import { writeOutputs } from './write';

export interface MigrateOptions {
  readonly config: string;
  readonly from: string;
  readonly to: string;
  /** Where `eksng generate` wrote this config's output; the plan and script go there too. */
  readonly out: string;
}

export async function migrate(opts: MigrateOptions, ctx: CommandContext): Promise<void> {
  const config = await readConfig(opts.config, ctx);
  const display = displayPath(opts.config);
  const problems = checkMigration(config, opts.from, opts.to);
  if (hasErrors(problems)) throw new InvalidInputError(display, problems);
  for (const f of problemFindings(display, problems, null)) ctx.report(f);
  const outDir = displayPath(opts.out);
  const input = { config, configFile: display, outDir, templates: buildOutputs(config, display).templates, from: opts.from, to: opts.to };
  const names = migrationFiles(opts.from, opts.to);
  const files = [
    { name: names.plan, content: renderMigrationPlan(input, problems) },
    { name: names.script, content: renderMigrationScript(input) },
  ];
  await writeOutputs(opts.out, outDir, files, [], { lint: false, lintCache: false }, ctx);
  for (const f of files) println(ctx.stdout, `wrote ${path.join(outDir, f.name)}`);
  println(ctx.stdout, `Review ${path.join(outDir, names.plan)}, then run: bash ${path.join(outDir, names.script)}`);
}
