/**
 * Shell completion (issue 21, item 5): what the backend answers, read from the commands'
 * declarations; the scripts it prints; and the bash script run by a real bash against the built
 * bin/eksng.js (needs `npx tsc -p tsconfig.json`, which `npm test` does first). zsh is not
 * installed here: its script's shape is checked, and the backend is asked as the zsh script asks.
 */
import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli';
import { COMMANDS } from '../src/commands';
import { complete, COMPLETIONS_FLAG, Completion, shellOf } from '../src/commands/completion';
import { ExitCode } from '../src/errors';
import { captureContext } from './helpers';

const ROOT = path.join(__dirname, '..');
const values = (c: Completion) => c.candidates.map((x) => x.value);
/** What completes the last word, as typed after `eksng`. */
const completing = (...words: string[]) => complete(COMMANDS, words);

describe('what completes a word', () => {
  it('at the top: every command (from the registered list, this one included), or the global options', () => {
    expect(values(completing(''))).toEqual(COMMANDS.map((c) => c.word));
    expect(values(completing(''))).toContain('completion');
    expect(values(completing('ge'))).toEqual(['generate']);
    expect(values(completing('--'))).toEqual(['--help', '--version']);
    expect(completing('frobnicate', '')).toEqual({ candidates: [], files: false });
  });

  it('after a command: its own options, not another command\'s', () => {
    expect(values(completing('generate', '--for'))).toEqual(['--format']);
    expect(values(completing('validate', '--co'))).toEqual(['--config']);
    expect(values(completing('generate', '--ch'))).toEqual(['--check']);
    expect(values(completing('validate', '--ch'))).toEqual([]); // generate's --check is not validate's
    expect(values(completing('diff', '--'))).toEqual(['--config', '--against', '--exit-code', '--help']);
    // TAB on nothing after a command without positionals lists its options.
    expect(values(completing('explain', ''))).toEqual(['--config', '--help']);
  });

  it('offers --no-<flag> for flags that default to on, and not an option already given unless it repeats', () => {
    expect(values(completing('generate', '--no-l'))).toEqual(['--no-lint', '--no-lint-cache']);
    expect(values(completing('generate', '--no-lint', '--lint'))).toEqual(['--lint-cache']);
    expect(values(completing('validate', '-c', 'a.json', '--con'))).toEqual([]);
    expect(values(completing('validate', '--policy-rules', 'rules', '--policy-r'))).toEqual(['--policy-rules']);
  });

  it('the choices of an option that has them, by name or after = (bash splits the word at =, zsh does not)', () => {
    expect(values(completing('generate', '--format', ''))).toEqual(['text', 'json']);
    expect(values(completing('generate', '--format', 'j'))).toEqual(['json']);
    expect(values(completing('validate', '--policy', ''))).toEqual(['control-tower']);
    expect(values(completing('generate', '--format', '=', 'j'))).toEqual(['json']);
    expect(values(completing('generate', '--format=j'))).toEqual(['--format=json']);
    // A value given, the next word is an option again.
    expect(values(completing('generate', '--format', 'json', '--sa'))).toEqual(['--sarif']);
  });

  it('every option with choices, in every command, completes to exactly its choices', () => {
    let checked = 0;
    for (const command of COMMANDS) {
      for (const option of command.declared().options) {
        if (option.value.kind !== 'choice') continue;
        expect([command.word, option.name, values(completing(command.word, `--${option.name}`, ''))]).toEqual([command.word, option.name, option.value.choices]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8); // --format and --policy of several commands
  });

  it('file names for a free-text value or positional, nothing for a number, the choices of a positional', () => {
    expect(completing('generate', '--config', '')).toEqual({ candidates: [], files: true });
    expect(completing('generate', '-c', 'con')).toEqual({ candidates: [], files: true });
    expect(completing('diff', '--against', '')).toEqual({ candidates: [], files: true });
    expect(completing('generate', '--jobs', '')).toEqual({ candidates: [], files: false });
    expect(values(completing('import', ''))).toEqual(['eksctl']);
    expect(completing('import', 'eksctl', '')).toEqual({ candidates: [], files: true });
    expect(values(completing('completion', ''))).toEqual(['bash', 'zsh']);
  });

  it('reads the same options the parser uses: each command\'s --help lists exactly the options it completes', async () => {
    for (const command of COMMANDS) {
      const ctx = captureContext();
      expect(await main([command.word, '--help'], ctx)).toBe(ExitCode.ok);
      const options = ctx.out().split('Options:\n')[1].split('\n\n')[0];
      const shown = [...options.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((m) => `--${m[1]}`).filter((o) => o !== '--version');
      expect([command.word, values(completing(command.word, '--')).filter((o) => !o.startsWith('--no-')).sort()]).toEqual([command.word, shown.sort()]);
    }
  });
});

describe('eksng --get-yargs-completions (what both scripts run at each TAB)', () => {
  it('prints one candidate a line, with its description after a tab, and exits 0', async () => {
    const ctx = captureContext();
    expect(await main([COMPLETIONS_FLAG, 'eksng', 'val'], ctx)).toBe(ExitCode.ok);
    expect(ctx.out()).toBe('validate\tRun every check of generate and write nothing\n');
    expect(ctx.err()).toBe('');
  });

  it('as zsh calls it (every word up to the cursor, --option=value in one word), and :files for a path', async () => {
    const ask = async (...words: string[]) => {
      const ctx = captureContext();
      expect(await main([COMPLETIONS_FLAG, 'eksng', ...words], ctx)).toBe(ExitCode.ok);
      return ctx.out();
    };
    expect(await ask('generate', '--format=')).toBe('--format=text\n--format=json\n');
    expect(await ask('generate', '--out=')).toBe(':files\n');
    expect(await ask('generate', '--sa')).toMatch(/^--sarif\tAlso write every finding .* SARIF 2\.1\.0\n$/);
    expect(await ask('generate', '--jobs', '')).toBe('');
  });

  it('does not load what only running a command needs (the modules commands import when they run)', () => {
    const script = `const cli = require(${JSON.stringify(path.join(ROOT, 'dist/src/cli.js'))});
      cli.main(['${COMPLETIONS_FLAG}', 'eksng', 'diff', '--'], { stdout: { write() {} }, stderr: process.stderr, env: {}, run: null, report() {} })
        .then(() => console.log(JSON.stringify(Object.keys(require.cache))));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const loaded: string[] = JSON.parse(r.stdout);
    expect(loaded.some((f) => f.includes(`${path.sep}yargs${path.sep}`))).toBe(true); // it did run
    expect(loaded.filter((f) => /cloudformation-diff|[/\\]src[/\\](sarif|import[/\\]eksctl)\.js$/.test(f))).toEqual([]);
    // Nor any command's own module, nor the config, template and lint code they use (commands/declarations hold what completion reads).
    const src = path.join(ROOT, 'dist', 'src');
    const commandModules = ['init', 'cluster', 'generate', 'validate', 'explain', 'diff', 'auth', 'migrate', 'import'].map((c) => path.join(src, 'commands', `${c}.js`));
    expect(loaded.filter((f) => commandModules.includes(f) || f.startsWith(path.join(src, 'config') + path.sep) || f.startsWith(path.join(src, 'template') + path.sep) || f.startsWith(path.join(src, 'lint') + path.sep))).toEqual([]);
  });
});

describe('eksng completion', () => {
  const script = async (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    const ctx = captureContext(undefined, env);
    expect(await main(argv, ctx)).toBe(ExitCode.ok);
    return ctx.out();
  };

  it('zsh: a completion function file that also works sourced', async () => {
    const zsh = await script(['completion', 'zsh']);
    expect(zsh.split('\n')[0]).toBe('#compdef eksng');
    expect(zsh).toMatch(/^_eksng\(\) \{$/m);
    expect(zsh).toContain(`eksng ${COMPLETIONS_FLAG} "\${(@)words[1,CURRENT]}"`);
    expect(zsh).toMatch(/^compdef _eksng eksng$/m);
    expect(zsh).toContain('_files');
    expect(zsh).toContain('_describe');
  });

  it('bash: passes bash\'s syntax check and registers _eksng_completions for eksng', async () => {
    const bash = await script(['completion', 'bash']);
    expect(bash).toMatch(/^complete -F _eksng_completions eksng$/m);
    const r = spawnSync('bash', ['--norc', '--noprofile', '-n'], { input: bash, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('without a shell, takes the one $SHELL names, bash when it is neither', async () => {
    const zsh = await script(['completion', 'zsh']);
    const bash = await script(['completion', 'bash']);
    expect(zsh).not.toEqual(bash);
    expect(await script(['completion'], { SHELL: '/usr/bin/zsh' })).toEqual(zsh);
    expect(await script(['completion'], { SHELL: '/bin/bash' })).toEqual(bash);
    expect(await script(['completion'], { SHELL: '/usr/bin/fish' })).toEqual(bash);
    expect(await script(['completion', 'bash'], { SHELL: '/usr/bin/zsh' })).toEqual(bash);
    expect(shellOf(undefined)).toBe('bash');
  });

  it('refuses another shell, pointing to its own help', async () => {
    const ctx = captureContext();
    expect(await main(['completion', 'fish'], ctx)).toBe(ExitCode.usage);
    expect(ctx.err()).toContain('Run eksng completion --help for usage.');
  });

  it('--help shows how to install it', async () => {
    const help = await script(['completion', '--help']);
    expect(help).toContain('eksng completion bash >> ~/.bashrc');
    expect(help).toContain('eksng completion zsh > "${fpath[1]}/_eksng"');
    expect(help).toContain('source <(eksng completion zsh)');
  });
});

describe('the bash script in a real bash, eksng being bin/eksng.js (built)', () => {
  let dir: string;
  let scriptFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-completion-'));
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'eksng'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, 'bin/eksng.js'))} "$@"\n`);
    chmodSync(path.join(dir, 'bin', 'eksng'), 0o755);
    const ctx = captureContext();
    expect(await main(['completion', 'bash'], ctx)).toBe(ExitCode.ok);
    scriptFile = path.join(dir, 'eksng.bash');
    writeFileSync(scriptFile, ctx.out());
    mkdirSync(path.join(dir, 'work', 'configs'), { recursive: true });
    writeFileSync(path.join(dir, 'work', 'nodegroup.json'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** COMPREPLY when TAB is pressed after `words` (the last is the word at the cursor). */
  const tab = (...words: string[]): string[] => {
    const line = words.join(' ');
    const program = [
      `source ${JSON.stringify(scriptFile)}`,
      // The function the script registered for eksng, as bash would call it.
      'fn=$(complete -p eksng | sed -n "s/.*-F \\([^ ]*\\) .*/\\1/p")',
      `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})`,
      `COMP_CWORD=${words.length - 1}`,
      `COMP_LINE='${line}'`,
      `COMP_POINT=${line.length}`,
      'COMPREPLY=()',
      '"$fn" eksng "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', program], {
      encoding: 'utf8',
      cwd: path.join(dir, 'work'),
      env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}` },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  };

  it('completes commands, options and choices', () => {
    expect(tab('eksng', 'ge')).toEqual(['generate']);
    expect(tab('eksng', 'generate', '--for')).toEqual(['--format']);
    expect(tab('eksng', 'generate', '--format', '')).toEqual(['text', 'json']);
    expect(tab('eksng', 'validate', '--co')).toEqual(['--config']);
    expect(tab('eksng', 'validate', '--policy', '')).toEqual(['control-tower']);
  });

  it('completes --format=<TAB> (bash makes the = a word of its own)', () => {
    expect(tab('eksng', 'generate', '--format', '=')).toEqual(['text', 'json']);
    expect(tab('eksng', 'generate', '--format', '=', 'j')).toEqual(['json']);
  });

  it('falls back to file names for a path', () => {
    expect(tab('eksng', 'generate', '--config', '').sort()).toEqual(['configs', 'nodegroup.json']);
    expect(tab('eksng', 'diff', '--against', 'con')).toEqual(['configs']);
    expect(tab('eksng', 'generate', '--jobs', '')).toEqual([]);
  });
});
