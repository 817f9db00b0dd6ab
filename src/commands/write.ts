/**
 * The one way a command writes output: stage every file in a directory beside the output
 * directory, lint the staged templates with cfn-lint (all in one process) and, where a policy is
 * asked for, check them with cfn-guard (one process), and only when every
 * check passed swap the whole directory in (io/output-dir.ts). `validate` and `generate --check`
 * run the same stages in a temporary directory and commit nothing.
 */
import * as path from 'path';
import { fileFinding } from '../findings';
import { beginOutput, fsFailure, makeTempDir, OutputFile, removeDir, writeStaged } from '../io';
import { CommandContext } from './context';
import { lintStaged } from './lint';
import { guardStaged, PolicyChoice } from './policy';

export interface LintChoice {
  readonly lint: boolean;
  readonly lintCache: boolean;
  /** cfn-lint processes (`--jobs`); null or left out: chosen by the number of templates and the CPUs. */
  readonly jobs?: number | null;
  /** `--policy` and `--policy-rules`; the configs' own policy is on each file (OutputFile.guard). */
  readonly policy?: PolicyChoice | null;
}

/** Writes the files into `staging` and lints their templates; `displayDir` names the directory in messages. */
export async function stageAndLint(staging: string, displayDir: string, files: readonly OutputFile[], regions: readonly string[], choice: LintChoice, ctx: CommandContext): Promise<void> {
  try {
    await writeStaged(staging, files);
  } catch (e) {
    // No space, a quota: exit 1 naming the directory, not an unexpected error.
    throw fsFailure(e, displayDir, 'write the files');
  }
  if (!files.some((f) => f.cfnTemplate)) return;
  const templates = files
    .filter((f) => f.cfnTemplate)
    // `content` read when a check needs it: decoding every template up front would double what a large run holds.
    .map((f) => ({ staged: path.join(staging, f.name), display: path.join(displayDir, f.name), get content() { return f.content; }, guard: f.guard ?? null }));
  if (!choice.lint) ctx.report(fileFinding('warning', 'lint.skipped', displayDir, '--no-lint: the templates were NOT checked by cfn-lint'));
  else await lintStaged(templates, regions, choice.lintCache, ctx, choice.jobs ?? null);
  // The policy rules (cfn-guard), when the configs or --policy ask: also with --no-lint.
  await guardStaged(templates, choice.policy ?? null, ctx);
}

/** Stage, lint, commit into `out`; nothing is moved into `out` unless every check passed. */
export async function writeOutputs(out: string, displayDir: string, files: readonly OutputFile[], regions: readonly string[], choice: LintChoice, ctx: CommandContext): Promise<void> {
  const output = await beginOutput(out, { lockWaitMs: lockWait(ctx) });
  try {
    await stageAndLint(output.staging, displayDir, files, regions, choice, ctx);
  } catch (e) {
    await output.abort();
    throw e;
  }
  await output.commit(files);
}

/** `EKSNG_LOCK_WAIT_MS`: how long to wait for another run writing the same directory (tests shorten it). */
function lockWait(ctx: CommandContext): number | undefined {
  const ms = Number(ctx.env.EKSNG_LOCK_WAIT_MS);
  return Number.isFinite(ms) && ms >= 0 && ctx.env.EKSNG_LOCK_WAIT_MS !== undefined ? ms : undefined;
}

/** Every check of `writeOutputs`, in a temporary directory; writes nothing. */
export async function checkOutputs(displayDir: string, files: readonly OutputFile[], regions: readonly string[], choice: LintChoice, ctx: CommandContext): Promise<void> {
  const staging = await makeTempDir();
  try {
    await stageAndLint(staging, displayDir, files, regions, choice, ctx);
  } finally {
    await removeDir(staging);
  }
}
