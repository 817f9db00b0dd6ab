/**
 * How a command declares itself: its name, its options (a yargs builder) and what it runs. Each
 * command module exports one `defineCommand(…)`; cli.ts builds the command line from the list in
 * commands/index.ts. Options several commands share are declared here once.
 */
import type { PolicyChoice } from './policy';
import * as path from 'path';
import yargs from 'yargs';
import type { ArgumentsCamelCase, Argv, Options, PositionalOptions } from 'yargs';
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
  /** As yargs takes it: the command's word, then its positionals (`import <source> <file>`). */
  readonly name: string;
  /** The word that selects the command (`import`). */
  readonly word: string;
  readonly describe: string;
  /** Adds the command to the parser; when it is the one given, `select` receives what to run. */
  register(parser: Argv, select: (action: Action, output: OutputChoice) => void): Argv;
  /** The options and positionals its builder declares, for shell completion. */
  declared(): DeclaredArguments;
}

export function defineCommand<U>(spec: CommandSpec<U>): CommandDefinition {
  return {
    name: spec.name,
    word: spec.name.split(' ')[0],
    describe: spec.describe,
    register: (parser, select) =>
      parser.command(spec.name, spec.describe, spec.options, (args) => select((ctx) => spec.run(args, ctx), spec.output?.(args) ?? TEXT_OUTPUT)),
    declared: () => declaredArguments(spec.name, spec.options),
  };
}

/**
 * The command the words select, if any: yargs takes the first word that is not an option (eksng has
 * no top-level option that takes a value, so no option value can come first).
 */
export function commandOf<C extends { readonly word: string }>(commands: readonly C[], words: readonly string[]): C | null {
  const first = words.find((w) => !w.startsWith('-'));
  return commands.find((c) => c.word === first) ?? null;
}

/** What a value of an option or positional is, as far as completing it goes. */
export type ArgumentValue =
  /** A flag: takes no value. `negatable` when it defaults to on, so that `--no-<name>` matters. */
  | { readonly kind: 'flag'; readonly negatable: boolean }
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  | { readonly kind: 'number' }
  /** Any string; for eksng's options mostly a file or directory. */
  | { readonly kind: 'text' };

export interface DeclaredArgument {
  readonly name: string;
  /** Other names of an option (`c` for `--config`). */
  readonly aliases: readonly string[];
  readonly describe: string;
  readonly value: ArgumentValue;
  /** May be given more than once (declared `array`). */
  readonly repeatable: boolean;
}

export interface DeclaredArguments {
  readonly options: readonly DeclaredArgument[];
  /** In the order the command's name lists them. */
  readonly positionals: readonly DeclaredArgument[];
}

/**
 * Runs a command's builder against a yargs instance that notes each option and positional declared
 * on it, so completion reads the very declarations the parser uses. Every call still reaches yargs.
 */
function declaredArguments(name: string, builder: (y: Argv) => unknown): DeclaredArguments {
  const options: DeclaredArgument[] = [];
  const positionals = new Map<string, DeclaredArgument>();
  const recorder: Argv = new Proxy(yargs([]), {
    get(target, key) {
      if (key === 'option' || key === 'options') {
        return (k: string | Record<string, Options>, o: Options = {}) => {
          for (const [n, opt] of typeof k === 'string' ? [[k, o] as const] : Object.entries(k)) options.push(declaredArgument(n, opt));
          if (typeof k === 'string') target.option(k, o);
          else target.option(k);
          return recorder;
        };
      }
      if (key === 'positional') {
        return (k: string, o: PositionalOptions) => {
          positionals.set(k, declaredArgument(k, o));
          target.positional(k, o);
          return recorder;
        };
      }
      const member: unknown = Reflect.get(target, key);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        member.apply(target, args);
        return recorder;
      };
    },
  });
  builder(recorder);
  const order = [...name.matchAll(/[<[]([^>\]]+)[>\]]/g)].map((m) => m[1]);
  return { options, positionals: order.map((p) => positionals.get(p) ?? declaredArgument(p, {})) };
}

function declaredArgument(name: string, o: Options | PositionalOptions): DeclaredArgument {
  const type = o.type ?? ('boolean' in o && o.boolean ? 'boolean' : 'number' in o && o.number ? 'number' : undefined);
  const value: ArgumentValue =
    type === 'boolean' || type === 'count'
      ? { kind: 'flag', negatable: o.default === true }
      : o.choices !== undefined
        ? { kind: 'choice', choices: [o.choices].flat().map(String) }
        : type === 'number'
          ? { kind: 'number' }
          : { kind: 'text' };
  return {
    name,
    aliases: o.alias === undefined ? [] : [o.alias].flat(),
    describe: o.describe ?? o.description ?? o.desc ?? '',
    value,
    repeatable: o.type === 'array' || ('array' in o && o.array === true),
  };
}

export const configOption = { alias: 'c', type: 'string', requiresArg: true, default: 'nodegroup.json', describe: 'The JSON config file', normalize: true } as const;
/**
 * `--config` of the commands that take several configs; `use` says what the command does with them
 * (generate writes each to its own directory; validate, explain and diff write nothing).
 */
export const configsOptionFor = (use: string) =>
  ({
    alias: 'c',
    type: 'string',
    requiresArg: true,
    default: 'nodegroup.json',
    describe: `JSON config file, or a directory of them; repeatable (${use})`,
  }) as const;
export const configsOption = configsOptionFor('one cfn-lint run for all; each config writes to <out>/<config name>/');
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
