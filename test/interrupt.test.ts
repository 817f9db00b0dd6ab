/**
 * Ctrl-C during a run (issue 21, item 6): bin/eksng.js (built: needs `npx tsc -p tsconfig.json`,
 * which `npm test` does first) generates every example config, so that cfn-lint (and then cfn-guard,
 * for templates/control-tower.json) runs for seconds; the test waits until that tool runs as a
 * descendant of eksng, sends the signal, and checks what is left: nothing of the run — no tool
 * process, no staging directory, lock or temporary file — and the output directory as it was.
 * Linux only: the process tree is read from /proc.
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshot } from './helpers';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'eksng.js');
const onLinux = process.platform === 'linux' ? describe : describe.skip;

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly state: string;
  readonly cmdline: string;
}

/** Every process, from /proc (one may end while it is read: skipped). */
function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      found.push({ pid: Number(entry), ppid: Number(ppid), state, cmdline });
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

function descendants(root: number): Proc[] {
  const all = processes();
  const tree = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!tree.has(p.pid) && tree.has(p.ppid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && tree.has(p.pid));
}

/** Running (a zombie has ended; only its exit status waits to be collected). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Interrupted {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly stdout: string;
  /** The descendants of eksng when the signal was sent. */
  readonly tree: readonly Proc[];
  /** What the work directory and TMPDIR held then (the staging directory, the lock, the temporary directory). */
  readonly before: { readonly work: readonly string[]; readonly tmp: readonly string[] };
}

/**
 * Runs `eksng <command>` over templates/ (generate: into <work>/out), waits until a descendant
 * whose command line matches `tool` runs, sends `signal`, and waits for eksng to end.
 */
async function interruptRun(work: string, tool: RegExp, signal: NodeJS.Signals, command: 'generate' | 'validate' = 'generate'): Promise<Interrupted> {
  const tmp = path.join(work, 'tmp');
  mkdirSync(tmp);
  const env = { ...process.env, TMPDIR: tmp, XDG_CACHE_HOME: path.join(tmp, 'cache'), CI: 'true' };
  // --no-lint-cache: cfn-lint really runs, whatever an earlier run cached.
  const out = command === 'generate' ? ['--out', path.join(work, 'out')] : [];
  const child: ChildProcess = spawn(process.execPath, [BIN, command, '--config', path.join(ROOT, 'templates'), ...out, '--no-lint-cache'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let exited = false;
  void ended.then(() => (exited = true));
  let tree: Proc[] = [];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && !exited; await sleep(20)) {
    tree = descendants(child.pid!);
    if (tree.some((p) => tool.test(p.cmdline))) break;
  }
  if (exited || !tree.some((p) => tool.test(p.cmdline))) {
    child.kill('SIGKILL');
    throw new Error(`no ${tool} process ever ran under eksng (it ended with ${JSON.stringify(await ended)}): ${stderr}`);
  }
  const before = { work: readdirSync(work), tmp: readdirSync(tmp) };
  child.kill(signal);
  const { code, signal: killedBy } = await ended;
  return { code, signal: killedBy, stderr, stdout, tree, before };
}

/** What the run may have left: every process still running whose command line names the work directory. */
function leftoverProcesses(work: string): Proc[] {
  return processes().filter((p) => p.pid !== process.pid && p.cmdline.includes(work) && p.state !== 'Z');
}

onLinux('an interrupted run (bin/eksng.js, real cfn-lint and cfn-guard)', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(path.join(os.tmpdir(), 'eksng-interrupt-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('Ctrl-C while cfn-lint runs: exit 130, one line, cfn-lint stopped, no staging directory, lock or temporary file, no output directory', async () => {
    const r = await interruptRun(work, /cfn-lint/, 'SIGINT');

    expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
    expect(r.stderr).toBe('eksng: interrupted; nothing was written\n');
    expect(r.stdout).not.toContain('wrote ');
    const lint = r.tree.filter((p) => /cfn-lint/.test(p.cmdline));
    expect(lint.length).toBeGreaterThan(0);
    expect(r.tree.filter((p) => running(p.pid)).map((p) => p.cmdline)).toEqual([]);
    expect(leftoverProcesses(work).map((p) => p.cmdline)).toEqual([]);
    // Staging, lock and set-aside directories are made beside --out, temporary files in TMPDIR.
    expect(r.before.work.filter((n) => n.startsWith('.eksng-')).sort()).toEqual([expect.stringMatching(/^\.eksng-lock-out$/), expect.stringMatching(/^\.eksng-tmp-out-/)]);
    expect(readdirSync(work)).toEqual(['tmp']);
    expect(readdirSync(path.join(work, 'tmp')).filter((n) => n !== 'cache')).toEqual([]);
    expect(existsSync(path.join(work, 'out'))).toBe(false);
  }, 90_000);

  it('Ctrl-C while cfn-lint runs leaves an existing output directory byte-identical (files of its own and of an older run)', async () => {
    const out = path.join(work, 'out');
    mkdirSync(path.join(out, 'production'), { recursive: true });
    writeFileSync(path.join(out, 'notes.txt'), 'mine\n');
    writeFileSync(path.join(out, 'production', 'nodegroup-general.yaml'), 'an older template\n');
    const before = snapshot(out);

    const r = await interruptRun(work, /cfn-lint/, 'SIGINT');

    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 130, stderr: 'eksng: interrupted; nothing was written\n' });
    expect(r.tree.filter((p) => running(p.pid)).map((p) => p.cmdline)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(work).sort()).toEqual(['out', 'tmp']);
    expect(readdirSync(path.join(work, 'tmp')).filter((n) => n !== 'cache')).toEqual([]);
  }, 90_000);

  it('SIGTERM while cfn-guard runs (templates/control-tower.json): exit 143, cfn-guard stopped, nothing left', async () => {
    const r = await interruptRun(work, /cfn-guard/, 'SIGTERM');

    expect({ code: r.code, signal: r.signal }).toEqual({ code: 143, signal: null });
    expect(r.stderr).toBe('eksng: interrupted; nothing was written\n');
    expect(r.tree.filter((p) => /cfn-guard/.test(p.cmdline)).length).toBeGreaterThan(0);
    expect(r.tree.filter((p) => running(p.pid)).map((p) => p.cmdline)).toEqual([]);
    expect(leftoverProcesses(work).map((p) => p.cmdline)).toEqual([]);
    expect(readdirSync(work)).toEqual(['tmp']);
    expect(readdirSync(path.join(work, 'tmp')).filter((n) => n !== 'cache')).toEqual([]);
  }, 90_000);

  it('Ctrl-C while validate lints: its temporary directory (in TMPDIR) is removed', async () => {
    const r = await interruptRun(work, /cfn-lint/, 'SIGINT', 'validate');
    expect(r.before.tmp).toEqual([expect.stringMatching(/^eksng-/)]);

    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 130, stderr: 'eksng: interrupted; nothing was written\n' });
    expect(r.tree.filter((p) => running(p.pid)).map((p) => p.cmdline)).toEqual([]);
    expect(readdirSync(path.join(work, 'tmp')).filter((n) => n !== 'cache')).toEqual([]);
    expect(readdirSync(work)).toEqual(['tmp']);
  }, 90_000);
});
