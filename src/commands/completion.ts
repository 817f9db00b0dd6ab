/**
 * `eksng completion [bash|zsh]`: prints a script that makes the shell complete eksng's commands, their
 * options, the choices of options that have them (`--format` → text json) and file names where a
 * value is free text (mostly paths: `--config`, `--out`, `--against`, `--sarif`).
 *
 * The scripts hold no list: at each TAB they run `eksng --get-yargs-completions <words up to the
 * cursor>` (yargs' name for the request) and `complete` answers from the commands' own declarations
 * (`CommandDefinition.declared`), so an installed script never goes stale. yargs' built-in
 * `.completion()` is not used: it cannot take the shell as an argument, completes an option's path
 * value with the command's option names instead of file names, and prints through its own logger.
 *
 * The answer, one line each: `value<TAB>description` (bash drops the description, zsh shows it), or
 * the single line `:files`, asking the shell for its own file-name completion.
 */
import type { Argv } from 'yargs';
import { commandOf, CommandDefinition, DeclaredArgument, defineCommand } from './command';

/** The first argument of a completion request; the words as typed follow, the program's name first. */
export const COMPLETIONS_FLAG = '--get-yargs-completions';
const FILES = ':files';

const SHELLS = ['bash', 'zsh'] as const;
type Shell = (typeof SHELLS)[number];

/** What completes the word at the cursor. */
export interface Completion {
  readonly candidates: readonly Candidate[];
  /** File names (the shell's own completion) instead of candidates. */
  readonly files: boolean;
}
export interface Candidate {
  readonly value: string;
  readonly describe: string;
}
const NOTHING: Completion = { candidates: [], files: false };
const FILE_NAMES: Completion = { candidates: [], files: true };

// Declared by cli.ts' .help() and .version(), not by a command.
const HELP: DeclaredArgument = { name: 'help', aliases: [], describe: 'Show help', value: { kind: 'flag', negatable: false }, repeatable: false };
const VERSION: DeclaredArgument = { name: 'version', aliases: [], describe: 'Show version number', value: { kind: 'flag', negatable: false }, repeatable: false };

export const completionCommand = defineCommand({
  name: 'completion [shell]',
  describe: 'Print the shell completion script: eksng completion bash >> ~/.bashrc, or eksng completion zsh > "${fpath[1]}/_eksng" (or source <(eksng completion zsh) in ~/.zshrc)',
  options: (y: Argv) =>
    y
      .positional('shell', { choices: SHELLS, describe: 'The shell (default: the one $SHELL names; bash when it is neither)' })
      .example('$0 completion bash >> ~/.bashrc', 'bash: complete eksng in every new shell')
      .example('$0 completion zsh > "${fpath[1]}/_eksng"', 'zsh: install as a completion function (or add source <(eksng completion zsh) to ~/.zshrc, after compinit)'),
  run: async (a, ctx) => {
    ctx.stdout.write(SCRIPTS[a.shell ?? shellOf(ctx.env.SHELL)]);
  },
});

/** The shell $SHELL names, when it is one we have a script for; bash otherwise. */
export function shellOf(shellPath: string | undefined): Shell {
  const name = (shellPath ?? '').split('/').pop();
  return SHELLS.find((s) => s === name) ?? 'bash';
}

/**
 * What completes the last of `words` (the words after the program's name; the last is the one at
 * the cursor, '' after a space). bash splits `--format=js` into `--format`, `=`, `js`; zsh keeps
 * one word, so its candidates keep the `--format=` before them.
 */
export function complete(commands: readonly CommandDefinition[], words: readonly string[]): Completion {
  let before = words.slice(0, -1).filter((w, i, all) => !(w === '=' && all[i - 1]?.startsWith('--')));
  let current = words.at(-1) ?? '';
  let prefix = '';
  const joined = /^(--[^=]+)=(.*)$/s.exec(current);
  if (joined) {
    before = [...before, joined[1]];
    current = joined[2];
    prefix = `${joined[1]}=`;
  }
  const matching = (candidates: readonly Candidate[]): Completion => ({
    candidates: candidates.filter((c) => c.value.startsWith(current)).map((c) => ({ ...c, value: prefix + c.value })),
    files: false,
  });
  const command = commandOf(commands, before);
  if (command === null) {
    if (before.some((w) => !w.startsWith('-'))) return NOTHING; // not a command of ours
    return current.startsWith('-') ? matching(optionNames([HELP, VERSION], new Set())) : matching(commands.map((c) => ({ value: c.word, describe: c.describe })));
  }

  const declared = command.declared();
  const options = [...declared.options, HELP];
  const given = new Set<DeclaredArgument>();
  let valueOf: DeclaredArgument | null = null;
  let positionals = 0;
  for (const w of before.slice(before.indexOf(command.word) + 1)) {
    if (valueOf !== null) {
      valueOf = null;
    } else if (w.startsWith('-') && w !== '-') {
      const [flag, inline] = w.split(/=(.*)/s);
      const option = optionNamed(options, flag);
      if (option === null) continue;
      given.add(option);
      if (option.value.kind !== 'flag' && inline === undefined) valueOf = option;
    } else {
      positionals++;
    }
  }
  if (valueOf !== null) return valuesOf(valueOf, matching);
  if (prefix !== '') return NOTHING; // --flag=… or an option we do not know
  if (current.startsWith('-')) return matching(optionNames(options, given));
  const positional = declared.positionals[positionals];
  if (positional !== undefined) return valuesOf(positional, matching);
  // After a command, TAB on nothing lists what it takes.
  return current === '' ? matching(optionNames(options, given)) : NOTHING;
}

function valuesOf(argument: DeclaredArgument, matching: (candidates: readonly Candidate[]) => Completion): Completion {
  switch (argument.value.kind) {
    case 'choice':
      return matching(argument.value.choices.map((c) => ({ value: c, describe: '' })));
    case 'text':
      return FILE_NAMES;
    case 'number':
    case 'flag':
      return NOTHING;
  }
}

/** `--name` (or `-n`, `--no-name`) as a declared option, or null. */
function optionNamed(options: readonly DeclaredArgument[], flag: string): DeclaredArgument | null {
  const name = flag.replace(/^--?/, '');
  const named = (n: string) => options.find((o) => o.name === n || o.aliases.includes(n));
  const negated = name.startsWith('no-') ? named(name.slice(3)) : undefined;
  return named(name) ?? (negated?.value.kind === 'flag' ? negated : null);
}

/** The options still to give (a repeatable one stays), with `--no-<name>` for flags that default to on. */
function optionNames(options: readonly DeclaredArgument[], given: ReadonlySet<DeclaredArgument>): Candidate[] {
  return options
    .filter((o) => o.repeatable || !given.has(o))
    .flatMap((o) => [{ value: `--${o.name}`, describe: o.describe }, ...(o.value.kind === 'flag' && o.value.negatable ? [{ value: `--no-${o.name}`, describe: o.describe }] : [])]);
}

/** The answer as the scripts read it: one line per candidate, or the line `:files`. */
export function renderCompletion(completion: Completion): string {
  if (completion.files) return `${FILES}\n`;
  return completion.candidates.map((c) => (c.describe === '' ? c.value : `${c.value}\t${c.describe.replace(/\s+/g, ' ')}`) + '\n').join('');
}

/**
 * bash: the words up to the cursor, a value after `--option=` completed on its own (bash splits the
 * word at `=`); `compopt -o filenames` (bash 4+) so that directories end in `/`.
 */
const BASH = `###-begin-eksng-completions-###
# bash completion for eksng, printed by \`eksng completion bash\`. Install:
#   eksng completion bash >> ~/.bashrc
# At each TAB it asks \`eksng ${COMPLETIONS_FLAG}\` what fits, so it follows eksng's upgrades.
_eksng_completions() {
  local cur=\${COMP_WORDS[COMP_CWORD]} line
  local -a words=("\${COMP_WORDS[@]:0:COMP_CWORD}")
  if [[ $cur == = ]]; then words+=("="); cur=; fi
  COMPREPLY=()
  while IFS= read -r line; do
    if [[ $line == ${FILES} ]]; then
      compopt -o filenames 2>/dev/null
      while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
      return 0
    fi
    COMPREPLY+=("\${line%%$'\\t'*}")
  done < <(eksng ${COMPLETIONS_FLAG} "\${words[@]}" "$cur" 2>/dev/null)
  return 0
}
complete -F _eksng_completions eksng
###-end-eksng-completions-###
`;

/**
 * zsh: as a completion function file (autoloaded by its #compdef line; the last line completes the
 * first TAB) or sourced after compinit (compdef registers it). Candidates are shown with their
 * descriptions; `compset` lets `--config=<TAB>` complete the file after the `=`.
 */
const ZSH = `#compdef eksng
###-begin-eksng-completions-###
# zsh completion for eksng, printed by \`eksng completion zsh\`. Install:
#   eksng completion zsh > "\${fpath[1]}/_eksng"
# or, in ~/.zshrc after compinit:  source <(eksng completion zsh)
# At each TAB it asks \`eksng ${COMPLETIONS_FLAG}\` what fits, so it follows eksng's upgrades.
_eksng() {
  local line value
  local -a lines values
  lines=(\${(f)"$(eksng ${COMPLETIONS_FLAG} "\${(@)words[1,CURRENT]}" 2>/dev/null)"})
  if [[ \${lines[1]} == ${FILES} ]]; then
    [[ $PREFIX == --*=* ]] && compset -P '*='
    _files
    return
  fi
  for line in "\${lines[@]}"; do
    value=\${line%%$'\\t'*}
    value=\${value//:/\\\\:}
    if [[ $line == *$'\\t'* ]]; then values+=("$value:\${line#*$'\\t'}"); else values+=("$value"); fi
  done
  _describe eksng values
}
compdef _eksng eksng
if [[ \${funcstack[1]} == _eksng ]]; then _eksng "$@"; fi
###-end-eksng-completions-###
`;

const SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH };
