/**
 * The GitHub Action (issue 21, item 3): action.yml read as the runner reads it, then its steps run
 * here in order with the runner's semantics — `${{ }}` expressions (a small evaluator that refuses
 * what it does not understand), `if:` with its implicit success(), `bash --noprofile --norc -eo
 * pipefail` for `shell: bash`, GITHUB_OUTPUT / GITHUB_PATH / GITHUB_ENV files read after each step.
 * The steps that install from the network or talk to GitHub are not run (NOT_RUN says why); their
 * expressions are still evaluated. eksng comes from this repository (dist/ built by `npm test`)
 * through the action's own add-to-path step; cfn-lint is the one installed on this machine.
 */
import { spawnSync } from 'child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv4 from 'ajv-draft-04';
import type { Log, Result } from 'sarif';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const ACTION_TEXT = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
/** A bundled example whose committed output is out/<name>/. */
const EXAMPLE = 'minimal';

/** Steps not run here, by id, and why. Everything else runs. */
const NOT_RUN: Readonly<Record<string, string>> = {
  'setup-node': 'downloads Node.js; the steps run on the Node.js that runs jest',
  'setup-python': 'downloads Python; cfn-lint is installed on this machine',
  'install-cfn-lint': 'pip install from PyPI; the cfn-lint on this machine is used',
  'install-eksng': "npm ci from the registry; npm test built this repository's dist/ (the action's npm ci builds it through prepare)",
  'upload-sarif': 'uploads to GitHub code scanning; its if: and sarif_file are asserted instead',
};

const SARIF_SCHEMA = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validateSarif = new Ajv4({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(SARIF_SCHEMA);

// ---------------------------------------------------------------------------------------------
// action.yml, as typed data

interface ActionInput {
  readonly description: string | undefined;
  readonly default: string | undefined;
}
interface ActionOutput {
  readonly description: string | undefined;
  readonly value: string | undefined;
}
interface StepBase {
  readonly id: string;
  readonly if: string | undefined;
}
interface RunStep extends StepBase {
  readonly kind: 'run';
  readonly shell: string | undefined;
  readonly run: string;
  readonly env: Readonly<Record<string, string>>;
}
interface UsesStep extends StepBase {
  readonly kind: 'uses';
  readonly uses: string;
  readonly with: Readonly<Record<string, string>>;
}
type Step = RunStep | UsesStep;
interface Action {
  readonly using: unknown;
  readonly inputs: Readonly<Record<string, ActionInput>>;
  readonly outputs: Readonly<Record<string, ActionOutput>>;
  readonly steps: readonly Step[];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function record(x: unknown, where: string): Record<string, unknown> {
  if (x === undefined) return {};
  if (!isRecord(x)) throw new Error(`${where}: expected a mapping`);
  return x;
}
function optionalString(x: unknown, where: string): string | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'string') throw new Error(`${where}: expected a string`);
  return x;
}
/** Scalars of `with:` and `env:` as the runner passes them: as strings. */
function scalars(x: unknown, where: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(x, where))) {
    if (typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'number') throw new Error(`${where}.${k}: expected a scalar`);
    result[k] = String(v);
  }
  return result;
}

function parseAction(doc: unknown): Action {
  const top = record(doc, 'action.yml');
  const runs = record(top.runs, 'runs');
  const inputs: Record<string, ActionInput> = {};
  for (const [name, v] of Object.entries(record(top.inputs, 'inputs'))) {
    const input = record(v, `inputs.${name}`);
    inputs[name] = { description: optionalString(input.description, `inputs.${name}.description`), default: optionalString(input.default, `inputs.${name}.default`) };
  }
  const outputs: Record<string, ActionOutput> = {};
  for (const [name, v] of Object.entries(record(top.outputs, 'outputs'))) {
    const output = record(v, `outputs.${name}`);
    outputs[name] = { description: optionalString(output.description, `outputs.${name}.description`), value: optionalString(output.value, `outputs.${name}.value`) };
  }
  if (!Array.isArray(runs.steps)) throw new Error('runs.steps: expected a list');
  const steps = runs.steps.map((s: unknown, i: number): Step => {
    const where = `runs.steps[${i}]`;
    const step = record(s, where);
    const id = optionalString(step.id, `${where}.id`);
    if (id === undefined) throw new Error(`${where}: every step needs an id (NOT_RUN names steps by id)`);
    const base = { id, if: optionalString(step.if, `${where}.if`) };
    const uses = optionalString(step.uses, `${where}.uses`);
    if (uses !== undefined) return { ...base, kind: 'uses', uses, with: scalars(step.with, `${where}.with`) };
    const run = optionalString(step.run, `${where}.run`);
    if (run === undefined) throw new Error(`${where}: neither uses nor run`);
    return { ...base, kind: 'run', run, shell: optionalString(step.shell, `${where}.shell`), env: scalars(step.env, `${where}.env`) };
  });
  return { using: runs.using, inputs, outputs, steps };
}

const ACTION = parseAction(parse(ACTION_TEXT));

// ---------------------------------------------------------------------------------------------
// `${{ }}` expressions: the subset this action uses, and an error for anything else

type Value = string | boolean | null;
const STATUS_FUNCTIONS = ['always', 'cancelled', 'success', 'failure'] as const;
type StatusFunction = (typeof STATUS_FUNCTIONS)[number];
const isStatusFunction = (name: string): name is StatusFunction => (STATUS_FUNCTIONS as readonly string[]).includes(name);
type Expr =
  | { readonly kind: 'literal'; readonly value: Value }
  | { readonly kind: 'path'; readonly path: readonly string[] }
  | { readonly kind: 'call'; readonly name: StatusFunction }
  | { readonly kind: 'not'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: '==' | '!=' | '&&' | '||'; readonly left: Expr; readonly right: Expr };

/** GitHub's GITHUB_* contexts this evaluator knows, and the environment variable each one is. */
const GITHUB_CONTEXT = { action_path: 'GITHUB_ACTION_PATH', workspace: 'GITHUB_WORKSPACE' } as const;

type Token = { readonly type: 'string' | 'op' | 'name'; readonly text: string };
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:'((?:[^']|'')*)'|(==|!=|&&|\|\||[()!])|([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*))\s*/y;
  while (re.lastIndex < source.length) {
    const at = re.lastIndex;
    const m = re.exec(source);
    if (m === null || m[0] === '') throw new Error(`expression not understood at ${at}: ${source}`);
    if (m[1] !== undefined) tokens.push({ type: 'string', text: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) tokens.push({ type: 'op', text: m[2] });
    else tokens.push({ type: 'name', text: m[3] });
  }
  return tokens;
}

/** Precedence as GitHub's: `!`, then `==` `!=`, then `&&`, then `||`. */
function parseExpression(source: string): Expr {
  const tokens = tokenize(source);
  let i = 0;
  const fail = (): never => {
    throw new Error(`expression not understood: ${source}`);
  };
  const peekOp = (...ops: string[]) => tokens[i]?.type === 'op' && ops.includes(tokens[i].text);
  const binary = (next: () => Expr, ...ops: Array<'==' | '!=' | '&&' | '||'>) => (): Expr => {
    let left = next();
    while (peekOp(...ops)) {
      const op = ops.find((o) => o === tokens[i].text) ?? fail();
      i++;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  const primary = (): Expr => {
    const t = tokens[i++] ?? fail();
    if (t.type === 'string') return { kind: 'literal', value: t.text };
    if (t.type === 'op' && t.text === '(') {
      const e = or();
      if (!peekOp(')')) fail();
      i++;
      return e;
    }
    if (t.type === 'op' && t.text === '!') return { kind: 'not', operand: primary() };
    if (t.type !== 'name') return fail();
    if (peekOp('(')) {
      // Only the status functions, without arguments.
      if (!isStatusFunction(t.text) || tokens[i + 1]?.text !== ')') return fail();
      i += 2;
      return { kind: 'call', name: t.text };
    }
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true' };
    if (t.text === 'null') return { kind: 'literal', value: null };
    return { kind: 'path', path: t.text.split('.') };
  };
  const equality = binary(primary, '==', '!=');
  const and = binary(equality, '&&');
  const or = binary(and, '||');
  const e = or();
  if (i !== tokens.length) fail();
  return e;
}

/** What an expression may read: the action's inputs, two github.* values, earlier steps' outputs, the status so far. */
interface Scope {
  readonly inputs: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly stepIds: readonly string[];
  readonly stepOutputs: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly failed: boolean;
}

function checkPath(p: readonly string[], action: Action, stepIds: readonly string[]): void {
  const [root, ...rest] = p;
  const ok =
    (root === 'inputs' && rest.length === 1 && rest[0] in action.inputs) ||
    (root === 'github' && rest.length === 1 && rest[0] in GITHUB_CONTEXT) ||
    (root === 'steps' && rest.length === 3 && stepIds.includes(rest[0]) && rest[1] === 'outputs');
  if (!ok) throw new Error(`expression names what this evaluator does not know: ${p.join('.')}`);
}

function evaluate(e: Expr, scope: Scope): Value {
  const truthy = (v: Value) => v !== false && v !== '' && v !== null;
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'path': {
      checkPath(e.path, ACTION, scope.stepIds);
      const [root, a, , c] = e.path;
      if (root === 'inputs') return scope.inputs[a] ?? '';
      if (root === 'github') return scope.env[Object.entries(GITHUB_CONTEXT).find(([name]) => name === a)?.[1] ?? ''] ?? '';
      return scope.stepOutputs.get(a)?.[c] ?? '';
    }
    case 'call':
      return { always: true, cancelled: false, success: !scope.failed, failure: scope.failed }[e.name];
    case 'not':
      return !truthy(evaluate(e.operand, scope));
    case 'binary': {
      const left = evaluate(e.left, scope);
      if (e.op === '&&') return truthy(left) ? evaluate(e.right, scope) : left;
      if (e.op === '||') return truthy(left) ? left : evaluate(e.right, scope);
      const right = evaluate(e.right, scope);
      // GitHub compares strings ignoring case, and coerces mixed types to numbers: not needed here, so refused.
      if (typeof left === 'string' && typeof right === 'string') return (left.toLowerCase() === right.toLowerCase()) === (e.op === '==');
      if (typeof left !== typeof right) throw new Error(`comparison of ${typeof left} with ${typeof right} not understood`);
      return (left === right) === (e.op === '==');
    }
  }
}

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;

/** A string with `${{ }}` in it, as the runner fills in `with:`, `env:` and output values. */
function interpolate(text: string, scope: Scope): string {
  const result = text.replace(EXPRESSION, (_, source: string) => {
    const v = evaluate(parseExpression(source), scope);
    return v === null ? '' : String(v);
  });
  if (result.includes('${{')) throw new Error(`unterminated expression: ${text}`);
  return result;
}

const usesStatusFunction = (e: Expr): boolean =>
  e.kind === 'call' || (e.kind === 'not' && usesStatusFunction(e.operand)) || (e.kind === 'binary' && (usesStatusFunction(e.left) || usesStatusFunction(e.right)));

/** An `if:`: with or without `${{ }}`, and `success() && (…)` unless it calls a status function itself. */
function condition(source: string | undefined, scope: Scope): boolean {
  const whole = source === undefined ? 'success()' : (/^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(source)?.[1] ?? source);
  const parsed = parseExpression(whole);
  const e: Expr = usesStatusFunction(parsed) ? parsed : { kind: 'binary', op: '&&', left: { kind: 'call', name: 'success' }, right: parsed };
  const v = evaluate(e, scope);
  return v !== false && v !== '' && v !== null;
}

// ---------------------------------------------------------------------------------------------
// The runner, for this action

interface StepRun {
  readonly id: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  /** False for a NOT_RUN step that would have run: its outcome is taken as success. */
  readonly ran: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly with: Readonly<Record<string, string>>;
}
interface ActionRun {
  readonly steps: Readonly<Record<string, StepRun>>;
  readonly outputs: Readonly<Record<string, string>>;
  /** GITHUB_PATH entries, newest first, as the runner puts them before PATH. */
  readonly addedPaths: readonly string[];
  /** A composite action fails when one of its steps failed. */
  readonly failed: boolean;
}

/** `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks, as in GITHUB_OUTPUT and GITHUB_ENV. */
function readFileCommands(file: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    const assignment = /^([^=]+)=(.*)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`${file}: ${heredoc[1]} has no closing ${heredoc[2]}`);
      result[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (assignment) result[assignment[1]] = assignment[2];
    else throw new Error(`${file}: line not understood: ${lines[i]}`);
  }
  return result;
}

/** The PATH of this process without any directory holding an `eksng`: the steps must find the action's. */
function pathWithoutEksng(): string {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((d) => d !== '' && !existsSync(path.join(d, 'eksng')))
    .join(path.delimiter);
}

interface Machine {
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly cacheHome: string;
}

function runAction(action: Action, given: Readonly<Record<string, string>>, machine: Machine): ActionRun {
  for (const name of Object.keys(given)) if (!(name in action.inputs)) throw new Error(`no input ${name}`);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = given[name] ?? input.default ?? '';
  // The machine's environment, without this process's own GitHub Actions variables when jest runs in CI.
  const machineEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(GITHUB_|RUNNER_|INPUT_|ACTIONS_)/.test(k)) machineEnv[k] = v;
  const runnerEnv = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_WORKSPACE: machine.workspace,
    RUNNER_TEMP: machine.runnerTemp,
    // eksng's lint cache, inside the test's temporary directory.
    XDG_CACHE_HOME: machine.cacheHome,
  };
  const basePath = pathWithoutEksng();
  const addedPaths: string[] = [];
  const addedEnv: Record<string, string> = {};
  const steps: Record<string, StepRun> = {};
  const stepOutputs = new Map<string, Record<string, string>>();
  const commandsDir = path.join(machine.runnerTemp, '_runner_file_commands');
  mkdirSync(commandsDir, { recursive: true });

  action.steps.forEach((step, index) => {
    const scope: Scope = {
      inputs,
      env: runnerEnv,
      stepIds: action.steps.slice(0, index).map((s) => s.id),
      stepOutputs,
      failed: Object.values(steps).some((s) => s.outcome === 'failure'),
    };
    const finish = (r: Omit<StepRun, 'id'>) => {
      steps[step.id] = { id: step.id, ...r };
      stepOutputs.set(step.id, r.outputs);
    };
    const notRun = { ran: false, code: null, stdout: '', stderr: '', outputs: {}, with: {} };
    if (!condition(step.if, scope)) return finish({ ...notRun, outcome: 'skipped' });
    if (step.kind === 'uses') {
      const withValues = Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, interpolate(v, scope)]));
      if (!(step.id in NOT_RUN)) throw new Error(`step ${step.id} uses ${step.uses}, which this test cannot run`);
      return finish({ ...notRun, outcome: 'success', with: withValues });
    }
    const stepEnv = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, interpolate(v, scope)]));
    if (step.id in NOT_RUN) return finish({ ...notRun, outcome: 'success' });
    if (step.shell !== 'bash') throw new Error(`step ${step.id}: shell ${step.shell} is not emulated`);
    const files = { GITHUB_OUTPUT: 'output', GITHUB_PATH: 'path', GITHUB_ENV: 'env' } as const;
    const fileEnv: Record<string, string> = {};
    for (const [variable, name] of Object.entries(files)) {
      fileEnv[variable] = path.join(commandsDir, `${name}_${step.id}`);
      writeFileSync(fileEnv[variable], '');
    }
    const script = path.join(machine.runnerTemp, `${step.id}.sh`);
    // The runner fills in expressions in scripts too (which is why action.yml has none there).
    writeFileSync(script, interpolate(step.run, scope));
    const env = { ...machineEnv, ...addedEnv, ...runnerEnv, ...fileEnv, PATH: [...addedPaths, basePath].join(path.delimiter), ...stepEnv };
    // What the runner runs for `shell: bash`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: machine.workspace, env, encoding: 'utf8', timeout: 120_000 });
    if (r.error) throw r.error;
    for (const line of readFileSync(fileEnv.GITHUB_PATH, 'utf8').split('\n').filter(Boolean)) addedPaths.unshift(line);
    Object.assign(addedEnv, readFileCommands(fileEnv.GITHUB_ENV));
    return finish({ ran: true, outcome: r.status === 0 ? 'success' : 'failure', code: r.status, stdout: r.stdout, stderr: r.stderr, outputs: readFileCommands(fileEnv.GITHUB_OUTPUT), with: {} });
  });

  const finalScope: Scope = { inputs, env: runnerEnv, stepIds: action.steps.map((s) => s.id), stepOutputs, failed: Object.values(steps).some((s) => s.outcome === 'failure') };
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, interpolate(o.value ?? '', finalScope)]));
  return { steps, outputs, addedPaths, failed: finalScope.failed };
}

// ---------------------------------------------------------------------------------------------

const resultsOf = (log: Log): Result[] => log.runs.flatMap((r) => r.results ?? []);
const uriOf = (r: Result) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;

function readSarif(file: string): Log {
  const log: Log = JSON.parse(readFileSync(file, 'utf8'));
  expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
  expect(log.version).toBe('2.1.0');
  return log;
}

describe('action.yml as the runner reads it', () => {
  it('is a composite action with the documented inputs and outputs, each described', () => {
    expect(ACTION.using).toBe('composite');
    expect(Object.keys(ACTION.inputs).sort()).toEqual(['cfn-lint-version', 'config', 'mode', 'node-version', 'out', 'policy', 'sarif-file', 'upload-sarif']);
    expect(Object.keys(ACTION.outputs).sort()).toEqual(['exit-code', 'sarif-file']);
    for (const [name, input] of Object.entries(ACTION.inputs)) expect({ name, described: (input.description ?? '').trim() !== '' }).toEqual({ name, described: true });
    for (const [name, output] of Object.entries(ACTION.outputs)) expect({ name, described: (output.description ?? '').trim() !== '', value: typeof output.value }).toEqual({ name, described: true, value: 'string' });
    // The cfn-lint this project is tested with.
    expect(ACTION.inputs['cfn-lint-version'].default).toBe('1.51.0');
  });

  it('pins every action it uses to a commit, with the release it is in a comment', () => {
    const uses = ACTION.steps.filter((s): s is UsesStep => s.kind === 'uses');
    expect(uses.length).toBeGreaterThan(0);
    for (const s of uses) expect(s.uses).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w.-]+)*@[0-9a-f]{40}$/);
    const lines = ACTION_TEXT.split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    expect(lines).toHaveLength(uses.length);
    for (const l of lines) expect(l).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('puts no expression inside a script (inputs arrive through env:), and runs every script in bash', () => {
    const runs = ACTION.steps.filter((s): s is RunStep => s.kind === 'run');
    for (const s of runs) expect({ id: s.id, shell: s.shell, expression: s.run.includes('${{') }).toEqual({ id: s.id, shell: 'bash', expression: false });
    expect(ACTION_TEXT).not.toMatch(/run:[^\n]*\$\{\{/);
  });

  it("understands every expression in the file: each parses and names only what the evaluator knows", () => {
    const found: Array<{ source: string; before: readonly string[] }> = [];
    const ids = ACTION.steps.map((s) => s.id);
    const collect = (x: unknown, before: readonly string[]) => {
      if (typeof x === 'string') for (const m of x.matchAll(EXPRESSION)) found.push({ source: m[1], before });
      else if (Array.isArray(x)) x.forEach((v) => collect(v, before));
      else if (isRecord(x)) Object.values(x).forEach((v) => collect(v, before));
    };
    const doc = record(parse(ACTION_TEXT), 'action.yml');
    collect(doc.outputs, ids);
    const steps = record(doc.runs, 'runs').steps;
    if (!Array.isArray(steps)) throw new Error('runs.steps: expected a list');
    steps.forEach((s: unknown, i: number) => collect(s, ids.slice(0, i)));
    // A step's `if:` may also be written without ${{ }}.
    ACTION.steps.forEach((s, i) => {
      if (s.if !== undefined && !s.if.includes('${{')) found.push({ source: s.if, before: ids.slice(0, i) });
    });
    expect(found.length).toBeGreaterThan(0);
    const paths = (e: Expr): string[][] =>
      e.kind === 'path' ? [[...e.path]] : e.kind === 'not' ? paths(e.operand) : e.kind === 'binary' ? [...paths(e.left), ...paths(e.right)] : [];
    for (const { source, before } of found) for (const p of paths(parseExpression(source))) checkPath(p, ACTION, before);
  });

  it('the evaluator refuses what it does not understand', () => {
    const scope: Scope = { inputs: { mode: 'check' }, env: {}, stepIds: [], stepOutputs: new Map(), failed: false };
    expect(() => parseExpression("contains(inputs.mode, 'c')")).toThrow(/not understood/);
    expect(() => parseExpression('inputs.mode > 1')).toThrow(/not understood/);
    expect(() => parseExpression("format('{0}', inputs.mode)")).toThrow(/not understood/);
    expect(() => interpolate('${{ env.HOME }}', scope)).toThrow(/does not know/);
    expect(() => interpolate('${{ inputs.nope }}', scope)).toThrow(/does not know/);
    expect(() => interpolate('${{ steps.later.outputs.x }}', scope)).toThrow(/does not know/);
    expect(() => condition('inputs.mode == true', scope)).toThrow(/not understood/);
    expect(condition("${{ inputs.mode == 'CHECK' }}", scope)).toBe(true);
    expect(condition("inputs.mode != 'check'", scope)).toBe(false);
    expect(condition("inputs.mode == 'check'", { ...scope, failed: true })).toBe(false); // implicit success()
    expect(condition("${{ !cancelled() && inputs.mode == 'check' }}", { ...scope, failed: true })).toBe(true);
  });

  it('runs here every step but those that install from the network or upload, each named with its reason', () => {
    const ids = ACTION.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of Object.keys(NOT_RUN)) expect(ids).toContain(id);
    // Every `uses:` step is one of them; the rest of NOT_RUN are the two install scripts.
    for (const s of ACTION.steps) if (s.kind === 'uses') expect(Object.keys(NOT_RUN)).toContain(s.id);
    expect(ACTION.steps.filter((s) => s.kind === 'run' && s.id in NOT_RUN).map((s) => s.id)).toEqual(['install-cfn-lint', 'install-eksng']);
  });
});

describe('the action, run here', () => {
  let work: string;
  let cacheHome: string;
  let cases = 0;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'eksng-action-'));
    cacheHome = path.join(work, 'cache');
    if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli.js'))) throw new Error('dist/ is missing: npm test builds it (or npx tsc -p tsconfig.json)');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** GIVEN a repository holding the example config and its committed output. */
  function aRepository(): Machine {
    const dir = path.join(work, `case-${++cases}`);
    const workspace = path.join(dir, 'workspace');
    const runnerTemp = path.join(dir, 'runner-temp');
    mkdirSync(workspace, { recursive: true });
    mkdirSync(runnerTemp);
    cpSync(path.join(ROOT, 'templates', `${EXAMPLE}.json`), path.join(workspace, `${EXAMPLE}.json`));
    cpSync(path.join(ROOT, 'out', EXAMPLE), path.join(workspace, 'out'), { recursive: true });
    return { workspace, runnerTemp, cacheHome };
  }
  const outcomes = (run: ActionRun) => Object.fromEntries(Object.values(run.steps).map((s) => [s.id, s.outcome]));

  it('passes on an up-to-date out/: eksng from the action path, a SARIF file without errors, the outputs, the upload', () => {
    const machine = aRepository();
    const run = runAction(ACTION, { config: `${EXAMPLE}.json` }, machine);

    expect(outcomes(run)).toEqual({
      'setup-node': 'success',
      'setup-python': 'success',
      'install-cfn-lint': 'success',
      'install-eksng': 'success',
      'add-to-path': 'success',
      eksng: 'success',
      'upload-sarif': 'success',
    });
    expect(run.failed).toBe(false);
    expect(run.steps.eksng.stdout).toContain('out is up to date');
    // The `eksng` the step found is the action's, through GITHUB_PATH.
    expect(run.addedPaths).toEqual([path.join(machine.runnerTemp, 'eksng-bin')]);
    expect(run.steps.eksng.outputs).toEqual({ 'exit-code': '0', 'sarif-file': 'eksng.sarif' });
    expect(run.outputs).toEqual({ 'exit-code': '0', 'sarif-file': 'eksng.sarif' });
    const log = readSarif(path.join(machine.workspace, 'eksng.sarif'));
    expect(resultsOf(log).filter((r) => r.level === 'error')).toEqual([]);
    expect(run.steps['upload-sarif'].with).toEqual({ sarif_file: 'eksng.sarif' });
    // The setup steps get the versions from the inputs.
    expect(run.steps['setup-node'].with).toEqual({ 'node-version': '20', 'package-manager-cache': 'false' });
  }, 120_000);

  it('fails on a stale out/, and still uploads the SARIF file that names the stale file', () => {
    const machine = aRepository();
    appendFileSync(path.join(machine.workspace, 'out', 'nodegroup-ng-1.yaml'), '# edited by hand\n');
    const run = runAction(ACTION, { config: `${EXAMPLE}.json`, 'sarif-file': 'reports/eksng.sarif' }, machine);

    expect(run.steps.eksng).toMatchObject({ ran: true, outcome: 'failure', code: 1 });
    expect(run.steps.eksng.stdout + run.steps.eksng.stderr).toContain('out/nodegroup-ng-1.yaml: differs');
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'reports/eksng.sarif' });
    const log = readSarif(path.join(machine.workspace, 'reports', 'eksng.sarif'));
    expect(resultsOf(log).map((r) => ({ ruleId: r.ruleId, level: r.level, uri: uriOf(r) }))).toEqual([{ ruleId: 'check.differs', level: 'error', uri: 'out/nodegroup-ng-1.yaml' }]);
    // The upload's if: holds after the failure, for the file eksng wrote.
    expect(run.steps['upload-sarif']).toMatchObject({ outcome: 'success', with: { sarif_file: 'reports/eksng.sarif' } });
    expect(run.failed).toBe(true);
  }, 120_000);

  it('takes shell metacharacters in config as file names: nothing runs, the file is read', () => {
    const machine = aRepository();
    const name = 'ng$(touch${IFS}pwned);touch${IFS}pwned;`touch${IFS}pwned`|x&&touch${IFS}pwned.json';
    // The example with its node group renamed: two configs giving one stack name are refused.
    const config = JSON.parse(readFileSync(path.join(machine.workspace, `${EXAMPLE}.json`), 'utf8'));
    config.nodeGroups[0].name = 'ng-2';
    writeFileSync(path.join(machine.workspace, name), JSON.stringify(config));
    // Newline- and space-separated, with extra whitespace: two configs.
    const run = runAction(ACTION, { config: `\n  ${name}\n${EXAMPLE}.json  \n`, mode: 'validate' }, machine);

    for (const dir of [machine.workspace, machine.runnerTemp, ROOT, process.cwd()]) expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(run.steps.eksng).toMatchObject({ outcome: 'success', code: 0 });
    expect(run.steps.eksng.stdout).toContain(name);
    expect(run.steps.eksng.stdout).toContain(`${EXAMPLE}.json`);
    expect(run.failed).toBe(false);

    // The control: the same input interpolated into a script, as `run: … ${{ inputs.config }}` would, runs the marker.
    const naive: Action = { ...ACTION, outputs: {}, steps: [{ kind: 'run', id: 'naive', if: undefined, shell: 'bash', run: 'echo ${{ inputs.config }}', env: {} }] };
    runAction(naive, { config: name }, machine);
    expect(existsSync(path.join(machine.workspace, 'pwned'))).toBe(true);
  }, 120_000);

  it("uses the runner's own Node.js and cfn-lint when their versions are empty, and uploads nothing when told", () => {
    const machine = aRepository();
    const run = runAction(ACTION, { config: `${EXAMPLE}.json`, 'node-version': '', 'cfn-lint-version': '', 'upload-sarif': 'false' }, machine);

    expect(outcomes(run)).toEqual({
      'setup-node': 'skipped',
      'setup-python': 'skipped',
      'install-cfn-lint': 'skipped',
      'install-eksng': 'success',
      'add-to-path': 'success',
      eksng: 'success',
      'upload-sarif': 'skipped',
    });
    expect(run.outputs['sarif-file']).toBe('eksng.sarif');
  }, 120_000);

  it('refuses an unknown mode as a usage error, before eksng runs: exit 64, no SARIF file to upload', () => {
    const machine = aRepository();
    // A SARIF file of an earlier run is not this run's.
    writeFileSync(path.join(machine.workspace, 'eksng.sarif'), '{}');
    const run = runAction(ACTION, { config: `${EXAMPLE}.json`, mode: 'generate' }, machine);

    expect(run.steps.eksng).toMatchObject({ outcome: 'failure', code: 64 });
    expect(run.steps.eksng.stderr).toContain('mode must be check or validate');
    expect(run.outputs).toEqual({ 'exit-code': '64', 'sarif-file': '' });
    expect(run.steps['upload-sarif'].outcome).toBe('skipped');
    expect(run.failed).toBe(true);
  });
});
