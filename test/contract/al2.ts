/**
 * AmazonLinux2 as the node runs it: cloud-init executes the user data as a bash script, which calls
 * /etc/eks/bootstrap.sh. bootstrap.sh (templates/al2/runtime/bootstrap.sh, last tree before AL2 was
 * removed) takes every known option with the next word as its value, collects anything else as a
 * positional word — the first one is the cluster name — and then rewrites some kubelet-config.json
 * fields with jq, whatever the script merged there before. It starts the kubelet; a change to the
 * kubelet config after that needs a kubelet restart.
 */
import { parse, type ParseEntry } from 'shell-quote';
import { BootstrapContract, BootstrapRewrite, Contracts } from './contracts';
import { checkKubeletConfig, checkKubeletFlag } from './kubelet';
import { checkShellScript } from './shell';
import { Violation, describeValue, isPlainObject, violation } from './violations';

export interface Al2Reading {
  readonly violations: Violation[];
  /** The whole user data: it is one script. */
  readonly shellParts: string[];
  /** The words after /etc/eks/bootstrap.sh, as bash passes them. */
  readonly bootstrapArgs?: string[];
}

const BOOTSTRAP = '/etc/eks/bootstrap.sh';

// --- Reading the script into commands -------------------------------------------------------------

/** A shell expansion ($X, ${X}, $(…)) in a word: the checker cannot know its value. */
const EXPANSION = '\u0000';

interface Command {
  /** 1-based line where its logical line starts. */
  readonly line: number;
  /** Words, redirections removed; a word with EXPANSION in it holds an expansion. */
  readonly argv: string[];
  /** Commands piped into this one, in order (empty when it starts its pipeline). */
  readonly pipedFrom: readonly Command[];
}

/** Whether `text` ends inside a quote or with a backslash-newline: the logical line goes on. */
function continues(text: string): boolean {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
    } else if (c === '\\') {
      if (i === text.length - 1) return true;
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      return false;
    }
  }
  return quote !== undefined;
}

/** Logical lines with their first line number; here-document bodies are skipped. */
function logicalLines(script: string): Array<{ line: number; text: string }> {
  const lines = script.split('\n');
  const out: Array<{ line: number; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i];
    while (continues(text) && i + 1 < lines.length) {
      i++;
      text = text.endsWith('\\') ? `${text.slice(0, -1)}${lines[i]}` : `${text}\n${lines[i]}`;
    }
    out.push({ line: start + 1, text });
    const heredoc = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text);
    if (heredoc) {
      const end = heredoc[3];
      while (i + 1 < lines.length && (heredoc[1] ? lines[i + 1].replace(/^\t+/, '') : lines[i + 1]) !== end) i++;
      i++;
    }
  }
  return out;
}

const SEPARATORS = new Set([';', '&&', '||', '&', ';;', '(', ')', '|', '|&']);
const REDIRECTIONS = new Set(['<', '>', '>>', '>&', '<(']);

function commandsOf(line: number, text: string): Command[] {
  const entries: ParseEntry[] = parse(text, (name: string) => `${EXPANSION}${name}${EXPANSION}`);
  const out: Command[] = [];
  let argv: string[] = [];
  let pipeline: Command[] = [];
  let redirectTarget = false;
  const end = (op: string | undefined) => {
    if (argv.length) {
      const cmd: Command = { line, argv, pipedFrom: pipeline };
      out.push(cmd);
      pipeline = op === '|' || op === '|&' ? [...pipeline, cmd] : [];
    }
    argv = [];
  };
  for (const e of entries) {
    if (typeof e === 'string') {
      if (redirectTarget) redirectTarget = false;
      else argv.push(e);
    } else if ('comment' in e) {
      break;
    } else if (e.op === 'glob') {
      if (redirectTarget) redirectTarget = false;
      else argv.push(e.pattern);
    } else if (REDIRECTIONS.has(e.op)) {
      // `2>&1`: the fd number arrives as a word of its own.
      const last = argv[argv.length - 1];
      if (last !== undefined && /^\d$/.test(last) && text.includes(`${last}${e.op}`)) argv.pop();
      redirectTarget = true;
    } else if (SEPARATORS.has(e.op)) {
      end(e.op);
    }
  }
  end(undefined);
  return out;
}

function commandsOfScript(script: string): Command[] {
  return logicalLines(script).flatMap(({ line, text }) => commandsOf(line, text));
}

/** The words after the program, skipping `VAR=value`, `exec`, `sudo` and an explicit bash/sh. */
function programArgs(argv: readonly string[]): { program: string; args: string[] } {
  let i = 0;
  while (i < argv.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]) || argv[i] === 'exec' || argv[i] === 'sudo')) i++;
  if (/^(?:\/(?:usr\/)?bin\/)?(?:bash|sh)$/.test(argv[i] ?? '') && argv[i + 1] === BOOTSTRAP) i++;
  return { program: argv[i] ?? '', args: argv.slice(i + 1) };
}

// --- bootstrap.sh's argument loop -----------------------------------------------------------------------

interface BootstrapCall {
  readonly clusterName?: string;
  /** Value of each option given (the last one when repeated). */
  readonly options: ReadonlyMap<string, string>;
  readonly violations: Violation[];
}

function readBootstrapArgs(args: readonly string[], contract: BootstrapContract, at: string): BootstrapCall {
  const violations: Violation[] = [];
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (const word of args) {
    if (word.includes(EXPANSION)) {
      violations.push(violation('checker', 'no-model', at, `argument ${JSON.stringify(word.split(EXPANSION).join(''))} holds a shell expansion the checker cannot evaluate`));
    }
  }
  for (let i = 0; i < args.length; ) {
    const word = args[i];
    const flag = contract.flags[word];
    if (flag && !flag.argument) {
      violations.push(violation('bootstrap.sh', 'bad-value', `${at} ${word}`, 'prints the help and exits 1: the node never joins'));
      i += 1;
    } else if (flag) {
      if (i + 1 >= args.length) {
        violations.push(violation('bootstrap.sh', 'missing-argument', `${at} ${word}`, 'has no value: bootstrap.sh reads $2 under nounset and aborts, the node never joins'));
        break;
      }
      const value = args[i + 1];
      options.set(word, value);
      if (flag.values && !flag.values.includes(value)) {
        violations.push(violation('bootstrap.sh', 'bad-value', `${at} ${word}`, `must be one of ${flag.values.join(', ')}, got ${describeValue(value)}`));
      }
      if (flag.valueType === 'integer' && !/^\d+$/.test(value)) {
        violations.push(violation('bootstrap.sh', 'bad-value', `${at} ${word}`, `must be an integer, got ${describeValue(value)}`));
      }
      i += 2;
    } else {
      if (word.startsWith('-')) {
        const effect = positional.length === 0 ? 'so it becomes the cluster name' : 'and ignores it';
        violations.push(violation('bootstrap.sh', 'unknown-flag', `${at} ${word}`, `is not a bootstrap.sh option: bootstrap.sh takes it for a positional argument ${effect}`));
      } else if (positional.length >= contract.positional.length) {
        violations.push(violation('bootstrap.sh', 'bad-value', `${at} ${JSON.stringify(word)}`, 'is an extra positional argument: bootstrap.sh ignores it'));
      }
      positional.push(word);
      i += 1;
    }
  }
  const clusterName = positional[0];
  if (!clusterName) {
    violations.push(violation('bootstrap.sh', 'missing-field', at, 'has no cluster name: bootstrap.sh exits 1 and the node never joins'));
  }
  const extra = options.get('--kubelet-extra-args');
  if (extra !== undefined) {
    const where = `${at} --kubelet-extra-args`;
    if (extra.includes("'")) {
      violations.push(violation('bootstrap.sh', 'bad-value', where, "contains ' which ends the quoting of Environment='KUBELET_EXTRA_ARGS=…' in the kubelet drop-in"));
    }
    // systemd splits the unquoted $KUBELET_EXTRA_ARGS on whitespace.
    extra
      .split(/\s+/)
      .filter(Boolean)
      .forEach((f, i) => violations.push(...checkKubeletFlag(f, `${where}[${i}]`)));
  }
  return { clusterName, options, violations };
}

/** Whether bootstrap.sh writes `rewrite.field` over what is there, given the options it got. */
function overwrites(rewrite: BootstrapRewrite, options: ReadonlyMap<string, string>, contract: BootstrapContract): boolean {
  const when = rewrite.when;
  if (/only if not already set/i.test(when)) return false;
  let yes = true;
  if (when.includes('--use-max-pods')) yes &&= (options.get('--use-max-pods') ?? contract.flags['--use-max-pods']?.default ?? 'true') === 'true';
  if (/\bcontainerd\b/.test(when)) yes &&= (options.get('--container-runtime') ?? 'containerd') === 'containerd';
  if (when.includes('--reserved-cpus')) yes &&= !(options.get('--kubelet-extra-args') ?? '').includes('--reserved-cpus');
  return yes;
}

// --- The JSON the script merges into kubelet-config.json --------------------------------------------

interface Merge {
  readonly line: number;
  readonly json: Record<string, unknown>;
}

/** `echo '<json>' | jq … kubelet-config.json …`: the JSON, or a violation saying why not. */
function readMerge(cmds: readonly Command[], file: string, line: number): Merge | Violation {
  const at = `line ${line}`;
  for (const jq of cmds) {
    if (jq.argv[0] !== 'jq' || !jq.argv.includes(file)) continue;
    const source = jq.pipedFrom[0];
    if (!source || source.argv[0] !== 'echo') continue;
    const words = source.argv.slice(1).filter((w) => !/^-[neE]+$/.test(w));
    if (words.length !== 1 || words[0].includes(EXPANSION)) continue;
    try {
      const json: unknown = JSON.parse(words[0]);
      if (isPlainObject(json)) return { line, json };
      return violation('bash', 'wrong-type', at, `merges ${describeValue(json)} into ${file}: jq's * needs an object, so jq fails and errexit stops the script`);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return violation('bash', 'syntax', at, `merges text that is not JSON into ${file} (${why}): jq fails and errexit stops the script`);
    }
  }
  return violation('checker', 'no-model', at, `changes ${file} in a way the checker cannot read (it knows echo '<json>' | jq … ${file})`);
}

const RESTART = new Set(['restart', 'try-restart', 'reload-or-restart', 'try-reload-or-restart']);

function restartsKubelet(cmd: Command): boolean {
  const { program, args } = programArgs(cmd.argv);
  return program.endsWith('systemctl') && RESTART.has(args.find((a) => !a.startsWith('-')) ?? '') && args.some((a) => a === 'kubelet' || a === 'kubelet.service');
}

// --- The user data -------------------------------------------------------------------------------

export function readAl2(userData: string, contracts: Contracts): Al2Reading {
  const contract = contracts.bootstrap;
  const file = contract.kubeletConfigFile;
  const violations = checkShellScript(userData, 'user data');
  const commands = commandsOfScript(userData);

  const calls = commands.filter((c) => programArgs(c.argv).program === BOOTSTRAP);
  if (calls.length === 0) {
    violations.push(violation('bootstrap.sh', 'no-bootstrap', 'user data', `never runs ${BOOTSTRAP}: the node never joins`));
    return { violations, shellParts: [userData] };
  }
  if (calls.length > 1) {
    violations.push(violation('bootstrap.sh', 'bad-value', 'user data', `runs ${BOOTSTRAP} ${calls.length} times (lines ${calls.map((c) => c.line).join(', ')})`));
  }
  const bootstrap = calls[0];
  const bootstrapArgs = programArgs(bootstrap.argv).args;
  const call = readBootstrapArgs(bootstrapArgs, contract, `line ${bootstrap.line} ${BOOTSTRAP}`);
  violations.push(...call.violations);

  const byLine = new Map<number, Command[]>();
  for (const c of commands) byLine.set(c.line, [...(byLine.get(c.line) ?? []), c]);
  for (const [line, cmds] of byLine) {
    if (line === bootstrap.line || !cmds.some((c) => c.argv.some((w) => w.includes(file)))) continue;
    const merge = readMerge(cmds, file, line);
    if (!('json' in merge)) {
      violations.push(merge);
      continue;
    }
    const at = `line ${line} ${file} merge`;
    violations.push(...checkKubeletConfig(merge.json, contracts.kubelet, at));
    if (line < bootstrap.line) {
      for (const key of Object.keys(merge.json)) {
        const rewrite = contract.rewrites.find((r) => r.field === key);
        if (rewrite && overwrites(rewrite, call.options, contract)) {
          violations.push(violation('bootstrap.sh', 'overwritten', `${at}.${key}`, `is merged before ${BOOTSTRAP}, which overwrites ${key} (${rewrite.when}): the merged value is lost`));
        }
      }
    } else if (!commands.some((c) => c.line > line && restartsKubelet(c))) {
      violations.push(violation('kubelet', 'not-applied', at, `changes the kubelet config after ${BOOTSTRAP} started the kubelet, and nothing restarts the kubelet after it: the change is not applied`));
    }
  }
  return { violations, shellParts: [userData], bootstrapArgs };
}
