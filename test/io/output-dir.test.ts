/**
 * The output directory: all or nothing, one run at a time, nothing of the user's lost, file-system
 * failures as exit 1 naming the path (issue 13). In-process runs for the rules; the real built CLI
 * in child processes for signals, concurrency and file-handle limits, each a bounded number of times.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { ExitCode } from '../../src/errors';
import { aConfig, aNodeGroup, captureContext, snapshot } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin/eksng.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-out-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, config: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
};
const generate = async (config: string, out: string, env: NodeJS.ProcessEnv = {}) => {
  const ctx = captureContext(undefined, env);
  const code = await main(['generate', '--no-lint', '--config', config, '--out', out], ctx);
  return { code, err: ctx.err() };
};
/** What eksng leaves beside an output directory while it works: none of it may outlive a run. */
const leftovers = (parent: string) => readdirSync(parent).filter((n) => n.startsWith('.eksng-'));

describe('an existing output directory', () => {
  it('GIVEN files eksng did not write (and old ones) WHEN generate runs THEN they stay, byte for byte, and the new set is complete', async () => {
    const out = path.join(dir, 'out');
    expect((await generate(write('a.json', aConfig()), out)).code).toBe(ExitCode.ok);
    writeFileSync(path.join(out, 'NOTES.md'), 'mine\n');
    mkdirSync(path.join(out, 'cluster'));
    writeFileSync(path.join(out, 'cluster', 'cluster.yaml'), 'from eksng cluster\n');
    const config = write('b.json', aConfig({ nodeGroup: { maxSize: 7 } }));
    expect((await generate(config, out)).code).toBe(ExitCode.ok);
    const after = snapshot(out);
    expect(Buffer.from(after['NOTES.md'], 'base64').toString()).toBe('mine\n');
    expect(Buffer.from(after['cluster/cluster.yaml'], 'base64').toString()).toBe('from eksng cluster\n');
    expect(Buffer.from(after['nodegroup-ng-1.parameters.json'], 'base64').toString()).toContain('"ParameterValue": "7"');
    expect(leftovers(dir)).toEqual([]);
  });

  it('GIVEN --out is a symbolic link to a directory THEN that directory is replaced and the link stays a link', async () => {
    const real = path.join(dir, 'real');
    mkdirSync(real);
    writeFileSync(path.join(real, 'keep.txt'), 'k');
    const link = path.join(dir, 'link');
    symlinkSync(real, link);
    expect((await generate(write('a.json', aConfig()), link)).code).toBe(ExitCode.ok);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(real).sort()).toEqual(['keep.txt', 'nodegroup-ng-1.md', 'nodegroup-ng-1.overrides.json', 'nodegroup-ng-1.parameters.json', 'nodegroup-ng-1.yaml']);
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('file-system failures: exit 1, the path and what to do, nothing changed', () => {
  const refused = async (out: string, expected: RegExp) => {
    const before = snapshot(dir);
    const { code, err } = await generate(write('c.json', aConfig()), out);
    expect(code).toBe(ExitCode.invalid);
    expect(err).toMatch(expected);
    expect(err).not.toMatch(/\n\s+at |unexpected error/);
    const after = snapshot(dir);
    delete after['c.json'];
    delete before['c.json'];
    expect(after).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  };

  it('--out is an existing file', async () => {
    writeFileSync(path.join(dir, 'taken'), 'a file\n');
    await refused(path.join(dir, 'taken'), /taken: is a file, not a directory; choose another --out/);
  });

  it('--out is a dangling symbolic link', async () => {
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    await refused(path.join(dir, 'dangling'), /dangling: is a symbolic link to .*nowhere, which does not exist/);
  });

  it.each(['nodegroup-ng-1.yaml', 'nodegroup-ng-1.md'])('a file eksng writes (%s) is a directory in --out', async (name) => {
    const out = path.join(dir, 'out');
    mkdirSync(path.join(out, name), { recursive: true });
    writeFileSync(path.join(out, name, 'inside'), 'x');
    writeFileSync(path.join(out, 'nodegroup-ng-1.parameters.json'), 'old\n');
    await refused(out, new RegExp(`${name.replace(/\./g, '\\.')}: is a directory, but eksng writes a file of that name; move it out of the way`));
  });

  // Root may write anywhere, and CI runs as root: there the permission case cannot be shown.
  (process.getuid?.() === 0 ? it.skip : it)('a read-only parent directory', async () => {
    const parent = path.join(dir, 'ro');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    try {
      await refused(path.join(parent, 'out'), /permission denied; choose an --out you can write to/);
    } finally {
      chmodSync(parent, 0o755);
    }
  });
});

describe('one run at a time', () => {
  let holder: ChildProcess | null = null;
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = null;
  });

  it('GIVEN another live run holds the lock WHEN a second run comes THEN it waits, then refuses with a message and changes nothing', async () => {
    holder = spawn('sleep', ['30']);
    const out = path.join(dir, 'out');
    writeFileSync(path.join(dir, '.eksng-lock-out'), `${holder.pid}\n`);
    const { code, err } = await generate(write('a.json', aConfig()), out, { EKSNG_LOCK_WAIT_MS: '300' });
    expect(code).toBe(ExitCode.invalid);
    expect(err).toContain(`out: is being written by another eksng run (process ${holder.pid}); run again when it has finished`);
    expect(existsSync(out)).toBe(false);
  });

  it('GIVEN a lock, staging and set-aside directories left by a dead run WHEN a run comes THEN it cleans them up (and puts a set-aside directory back first)', async () => {
    const dead = spawnSync('true').pid;
    const out = path.join(dir, 'out');
    writeFileSync(path.join(dir, '.eksng-lock-out'), `${dead}\n`);
    mkdirSync(path.join(dir, `.eksng-tmp-out-${dead}-abc123`));
    writeFileSync(path.join(dir, `.eksng-tmp-out-${dead}-abc123`, 'half'), 'x');
    // Killed between the two renames: out is gone, the complete old set is set aside.
    mkdirSync(path.join(dir, `.eksng-old-out-${dead}`));
    writeFileSync(path.join(dir, `.eksng-old-out-${dead}`, 'NOTES.md'), 'mine\n');
    expect((await generate(write('a.json', aConfig()), out)).code).toBe(ExitCode.ok);
    expect(readFileSync(path.join(out, 'NOTES.md'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(out, 'nodegroup-ng-1.yaml'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });
});

/** Runs the built CLI in a child process. */
function runBin(args: readonly string[], shell = ''): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const command = `${shell}exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.map((a) => JSON.stringify(a)).join(' ')}`;
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** A config with `n` node groups (many files, so that a commit takes long enough to be interrupted). */
const many = (n: number, maxSize: number) => aConfig({ nodeGroups: Array.from({ length: n }, (_, i) => aNodeGroup({ name: `g${i}`, maxSize })) });

describe('processes: killed, concurrent, many files', () => {
  it('GIVEN 300 node groups and only 256 file handles THEN generate still succeeds (files are written a bounded number at a time)', async () => {
    const r = await runBin(['generate', '--no-lint', '--config', write('many.json', many(300, 3)), '--out', path.join(dir, 'out')], 'ulimit -n 256; ');
    expect({ code: r.code, stderr: r.stderr.replace(/^warning: .*--no-lint.*\n/m, '') }).toEqual({ code: 0, stderr: '' });
    expect(readdirSync(path.join(dir, 'out'))).toHaveLength(1200);
  }, 60_000);

  it('GIVEN a run killed (SIGKILL) at a random moment, 8 times THEN out holds the complete old or the complete new set, and the next run repairs and completes', async () => {
    const out = path.join(dir, 'out');
    const oldConfig = write('old.json', many(60, 3));
    const newConfig = write('new.json', many(60, 4));
    expect((await runBin(['generate', '--no-lint', '--config', oldConfig, '--out', out])).code).toBe(0);
    const oldSet = snapshot(out);
    const start = Date.now();
    expect((await runBin(['generate', '--no-lint', '--config', newConfig, '--out', out])).code).toBe(0);
    const duration = Date.now() - start;
    const newSet = snapshot(out);
    expect(newSet).not.toEqual(oldSet);
    for (let round = 0; round < 8; round++) {
      expect((await runBin(['generate', '--no-lint', '--config', oldConfig, '--out', out])).code).toBe(0);
      const child = spawn(process.execPath, [BIN, 'generate', '--no-lint', '--config', newConfig, '--out', out], { stdio: 'ignore' });
      const killed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, ((round + 0.5) / 8) * duration));
      child.kill('SIGKILL');
      await killed;
      if (existsSync(out)) expect([oldSet, newSet]).toContainEqual(snapshot(out));
      else expect(readdirSync(dir).filter((n) => n.startsWith('.eksng-old-out-'))).toHaveLength(1);
      expect((await runBin(['generate', '--no-lint', '--config', newConfig, '--out', out])).code).toBe(0);
      expect(snapshot(out)).toEqual(newSet);
      expect(leftovers(dir)).toEqual([]);
    }
  }, 120_000);

  it('GIVEN two runs into the same out at once, 4 times THEN both succeed one after the other, and out is exactly one complete set', async () => {
    const out = path.join(realpathSync(dir), 'out');
    const a = write('a.json', many(40, 3));
    const b = write('b.json', many(40, 5));
    const sets: Array<Record<string, string>> = [];
    for (const config of [a, b]) {
      rmSync(out, { recursive: true, force: true });
      expect((await runBin(['generate', '--no-lint', '--config', config, '--out', out])).code).toBe(0);
      sets.push(snapshot(out));
    }
    for (let round = 0; round < 4; round++) {
      const [ra, rb] = await Promise.all([runBin(['generate', '--no-lint', '--config', a, '--out', out]), runBin(['generate', '--no-lint', '--config', b, '--out', out])]);
      expect([ra.code, rb.code]).toEqual([0, 0]);
      expect(sets).toContainEqual(snapshot(out));
      expect(leftovers(dir)).toEqual([]);
    }
  }, 120_000);
});

describe('inputs that are not files', () => {
  it('GIVEN a FIFO as the config THEN it is refused at once, not read forever', () => {
    const fifo = path.join(dir, 'fifo.json');
    spawnSync('mkfifo', [fifo]);
    const r = spawnSync(process.execPath, [BIN, 'validate', '--no-lint', '--config', fifo], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('fifo.json: is not a regular file (a pipe, socket or device); give a file');
  });

  it('GIVEN a reader that stops early (| head -1) THEN eksng ends quietly, without a stack trace', () => {
    const config = write('many.json', many(30, 3));
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} explain --config ${JSON.stringify(config)} | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('# Node group `g0` of EKS cluster `test-cluster`\n');
    expect(r.stderr).toBe('');
  });
});
