/**
 * How a command declares itself: its name, its options (a yargs builder) and what it runs. Each
 * command module exports one `defineCommand(…)`; cli.ts builds the command line from the list in
 * commands/index.ts. Options several commands share are declared here once.
 */
import type { PolicyChoice } from './policy';
import * as path from 'path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { CommandContext } from './context';
import { UsageError } from '../errors';

/** How findings are printed: text on stderr, or one JSON document on stdout; optionally also SARIF. */
export interface OutputChoice {
  readonly format: 'text' | 'json';
  /** Also write every finding as SARIF 2.1.0 to this file. */
  readonly sarif: string | null;
}
export const TEXT_OUTPUT: OutputChoice = { format: 'text', sarif: null };

export type Action = (ctx: CommandContext) => Promise<void>;

export interface CommandSpec<U> {
  readonly name: string;
  readonly describe: string;
  readonly options: (y: Argv) => Argv<U>;
  /** How this run prints its findings (commands with --format/--sarif). */
  readonly output?: (args: ArgumentsCamelCase<NoInfer<U>>) => OutputChoice;
  readonly run: (args: ArgumentsCamelCase<NoInfer<U>>, ctx: CommandContext) => Promise<void>;
}

export interface CommandDefinition {
  readonly name: string;
  /** Adds the command to the parser; when it is the one given, `select` receives what to run. */
  register(parser: Argv, select: (action: Action, output: OutputChoice) => void): Argv;
}

export function defineCommand<U>(spec: CommandSpec<U>): CommandDefinition {
  return {
    name: spec.name,
    register: (parser, select) =>
      parser.command(spec.name, spec.describe, spec.options, (args) => select((ctx) => spec.run(args, ctx), spec.output?.(args) ?? TEXT_OUTPUT)),
  };
}

export const configOption = { alias: 'c', type: 'string', requiresArg: true, default: 'nodegroup.json', describe: 'The JSON config file', normalize: true } as const;
export const configsOption = {
  alias: 'c',
  type: 'string',
  requiresArg: true,
  default: 'nodegroup.json',
  describe: 'JSON config file, or a directory of them; repeatable (one cfn-lint run for all; each config writes to <out>/<config name>/)',
} as const;
export const formatOption = { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'text, or json: every finding as one JSON document on stdout' };
export const sarifOption = { type: 'string', requiresArg: true, describe: 'Also write every finding (config and cfn-lint) to this file as SARIF 2.1.0' } as const;
export const lintCacheOption = { type: 'boolean', default: true, describe: 'Reuse cfn-lint results of byte-identical templates ($XDG_CACHE_HOME/eksng)' } as const;
export const lintOption = { type: 'boolean', default: true, describe: 'Lint templates with cfn-lint (--no-lint skips it, with a warning)' } as const;
export const jobsOption = {
  type: 'number',
  requiresArg: true,
  describe: 'cfn-lint processes to run at once (default: one per CPU, up to 8, when there are enough templates to pay for their start-up)',
} as const;

/** `--jobs`: a positive integer, or null when not given. */
export function jobsArgument(value: number | undefined): number | null {
  if (value === undefined) return null;
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--jobs must be a whole number of processes, 1 or more, got ${String(value)}`);
  return value;
}

export const policyOption = { choices: ['control-tower'] as const, describe: 'Also check the templates with cfn-guard against AWS Control Tower\'s proactive controls; failures are warnings (errors for a config with "compliance")' };
export const policyRulesOption = { type: 'string', array: true, requiresArg: true, normalize: true, describe: 'A directory (or file) of your organization\'s own cfn-guard rules to check the templates against too; repeatable' } as const;

/** `--policy` and `--policy-rules` as the write stage takes them; null when neither is given. */
export function policyArgument(policy: string | undefined, rules: readonly string[] | undefined): PolicyChoice | null {
  if (policy === undefined && (rules ?? []).length === 0) return null;
  return { controlTower: policy === 'control-tower', rules: [...(rules ?? [])] };
}

export const outOption = { alias: 'o', type: 'string', requiresArg: true, default: 'out', describe: 'Output directory', normalize: true } as const;

/** `--format` and `--sarif` as this run's output choice. */
export const findingsOutput = (a: { format: 'text' | 'json'; sarif?: string }): OutputChoice => ({ format: a.format, sarif: a.sarif ?? null });

/**
 * A repeated string option arrives as an array (yargs' duplicate-arguments-array). `array: true`
 * would also swallow the arguments after it, and `coerce` crashes yargs 17 on repeats, so the
 * list is made here.
 */
export function list(value: string | readonly string[]): string[] {
  return (typeof value === 'string' ? [value] : [...value]).map((v) => path.normalize(v));
}
