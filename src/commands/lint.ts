/** Lints the staged templates of a run (all configs together, one cfn-lint process) and reports what it found. */
import * as os from 'os';
import * as path from 'path';
import { ValidationFailedError } from '../errors';
import { cacheDir } from '../lint/cache';
import { LintCacheSetup, lintTemplates } from '../lint';
import { lintFindings } from '../lint/cfn-lint';
import { fileCacheStore, fileProbe, readCfnLintConfigFiles } from '../io';
import { CommandContext, println } from './context';

export interface StagedTemplate {
  /** Path of the staged file. */
  readonly staged: string;
  /** How to name it in messages (where it will be written). */
  readonly display: string;
  readonly content: string;
}

export function lintCacheSetup(ctx: CommandContext): LintCacheSetup {
  const home = ctx.env.HOME || os.homedir();
  return {
    store: fileCacheStore(cacheDir(ctx.env, home)),
    probe: fileProbe,
    env: ctx.env,
    cwd: process.cwd(),
    configFiles: readCfnLintConfigFiles(process.cwd(), home),
  };
}

/** Shows progress on a terminal only: quiet when stderr is not a TTY or under CI=true. */
function progress(ctx: CommandContext, text: string): void {
  const stderr = ctx.stderr as { isTTY?: boolean };
  if (stderr.isTTY && ctx.env.CI !== 'true') println(ctx.stderr, text);
}

export async function lintStaged(templates: readonly StagedTemplate[], regions: readonly string[], useCache: boolean, ctx: CommandContext, jobs: number | null = null): Promise<void> {
  const display = new Map(templates.map((t) => [path.resolve(t.staged), t.display]));
  progress(ctx, `linting ${templates.length} template${templates.length === 1 ? '' : 's'} with cfn-lint: ${templates.map((t) => path.basename(t.display)).join(', ')}`);
  const result = await lintTemplates(
    templates.map((t) => ({ path: t.staged, content: t.content })),
    regions,
    ctx.run,
    useCache ? lintCacheSetup(ctx) : null,
    jobs,
  );
  if (result.cached > 0) progress(ctx, `cfn-lint results of ${result.cached} unchanged template${result.cached === 1 ? '' : 's'} taken from the lint cache`);
  const findings = lintFindings(result.findings, (file) => display.get(path.resolve(file)) ?? file);
  const errors = findings.filter((f) => f.level === 'error').length;
  if (errors > 0) {
    throw new ValidationFailedError(`cfn-lint found ${errors} error${errors === 1 ? '' : 's'}; nothing was written`, findings);
  }
  for (const f of findings) ctx.report(f);
}
