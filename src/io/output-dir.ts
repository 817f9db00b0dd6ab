/**
 * Writing an output directory all or nothing. The new files are staged in a directory beside the
 * real output directory (same file system, so renames work), every check runs there, and only then
 * is the whole directory swapped in: files of the old directory that the run does not write (the
 * user's own, other configs', the cluster stack's) are hard-linked into the staged one first, the
 * old directory is renamed aside, the staged one renamed into its place, and the old one removed.
 * A reader sees the complete old set or the complete new set (for the instant between the two
 * renames, no directory at all), never a mix.
 *
 * One run at a time per output directory: a lock file beside it, waited for and then refused with
 * a message; locks, staging and set-aside directories of dead runs are cleaned up by the next run,
 * and a directory left set aside by a run killed between the two renames is put back.
 */
import * as fsSync from 'fs';
import { constants as fsConstants, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvalidInputError } from '../errors';
import { noteWritten, onInterrupt } from '../interrupt';
import { error } from '../problems';

export interface OutputFile {
  /** Path inside the output directory (`<config>/<file>` when one run has several configs). */
  readonly name: string;
  readonly content: string;
  /** A CloudFormation template: cfn-lint checks it before anything is committed. */
  readonly cfnTemplate?: boolean;
  /**
   * Checked by cfn-guard against the config's policy: `report` (its findings are warnings) or
   * `enforce` (the config's compliance profile: they are errors, and nothing is written).
   */
  readonly guard?: 'report' | 'enforce';
}

/**
 * Where a large run's rendered files wait for the commit: appended to one temporary file as they
 * are rendered (sequential writes the page cache absorbs), so that a run of thousands of node
 * groups does not hold every file in memory (5,000 groups render 115 MB of output). Made on first
 * use; `remove` at the end of the run.
 */
export class SpillFile {
  private fd: number | null = null;
  private file: string | null = null;
  private size = 0;
  private forget: () => void = () => undefined;
  /** Appends one file's content; what to read it back with. */
  write(content: string): SpillRef {
    if (this.fd === null) {
      const dir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'eksng-spill-'));
      this.forget = onInterrupt(() => fsSync.rmSync(dir, { recursive: true, force: true }));
      this.file = path.join(dir, 'outputs');
      this.fd = fsSync.openSync(this.file, 'w+', 0o600);
    }
    const bytes = Buffer.from(content, 'utf8');
    fsSync.writeSync(this.fd, bytes, 0, bytes.length, this.size);
    const ref = { spill: this, offset: this.size, length: bytes.length };
    this.size += bytes.length;
    return ref;
  }
  read(ref: SpillRef): Buffer {
    if (this.fd === null) throw new Error('eksng: a spilled output was read after its run ended');
    const bytes = Buffer.alloc(ref.length);
    fsSync.readSync(this.fd, bytes, 0, ref.length, ref.offset);
    return bytes;
  }
  remove(): void {
    if (this.fd !== null) fsSync.closeSync(this.fd);
    if (this.file !== null) fsSync.rmSync(path.dirname(this.file), { recursive: true, force: true });
    this.forget();
    this.fd = null;
    this.file = null;
  }
}

export interface SpillRef {
  readonly spill: SpillFile;
  readonly offset: number;
  readonly length: number;
}

/**
 * An output file held as UTF-8 bytes rather than as a string (as JavaScript strings, the Markdown
 * summaries, which have non-Latin-1 characters, take two bytes a character on the garbage-collected
 * heap), or, in a large run, in a SpillFile. `content` decodes (or reads) on each access;
 * `withChanges` makes a copy that shares the bytes (a spread would decode them into a string).
 */
export class RenderedFile implements OutputFile {
  private readonly held: Buffer | SpillRef;
  constructor(
    readonly name: string,
    content: string | Buffer | SpillRef,
    readonly cfnTemplate?: boolean,
    readonly guard?: 'report' | 'enforce',
  ) {
    this.held = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  }
  get bytes(): Buffer {
    return Buffer.isBuffer(this.held) ? this.held : this.held.spill.read(this.held);
  }
  get content(): string {
    return this.bytes.toString('utf8');
  }
  withChanges(changes: { readonly name?: string; readonly guard?: 'report' | 'enforce' }): RenderedFile {
    return new RenderedFile(changes.name ?? this.name, this.held, this.cfnTemplate, changes.guard ?? this.guard);
  }
}

/** A copy of a file with another name or policy mark, keeping a RenderedFile's bytes shared. */
export function withChanges<F extends OutputFile>(f: F, changes: { readonly name?: string; readonly guard?: 'report' | 'enforce' }): F {
  return (f instanceof RenderedFile ? f.withChanges(changes) : { ...f, ...changes }) as F;
}

/** What is written: the bytes of a RenderedFile as they are, a string as UTF-8. */
export const bytesOf = (f: OutputFile): Buffer | string => (f instanceof RenderedFile ? f.bytes : f.content);

/** How long a run waits for another run's lock on the same output directory. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;
/** Files written at once: thousands of node groups must not run out of file handles (EMFILE). */
export const MAX_OPEN_FILES = 32;

/** A file-system failure as the user can act on it: exit 1, the path, and what to do. */
export class OutputDirError extends InvalidInputError {
  constructor(where: string, message: string) {
    super(where, [error('io.output', '', message)]);
  }
}

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/** A failed file-system call, as an OutputDirError naming the path. */
export function fsFailure(e: unknown, where: string, doing: string): OutputDirError {
  const code = errnoOf(e);
  const why: Record<string, string> = {
    EACCES: 'permission denied; choose an --out you can write to, or fix its permissions',
    EPERM: 'operation not permitted; choose an --out you can write to, or fix its permissions',
    EROFS: 'the file system is read-only; choose another --out',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'a path is too long; choose a shorter --out',
    ELOOP: 'too many levels of symbolic links',
    EISDIR: 'it is a directory; give a file name',
    ENOTDIR: 'a part of the path is a file, not a directory',
  };
  return new OutputDirError(where, `cannot ${doing}: ${(code && why[code]) ?? (e instanceof Error ? e.message : String(e))}`);
}

async function lstatOrNull(file: string) {
  try {
    return await fs.lstat(file);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'ENOTDIR') return null;
    throw e;
  }
}

/** Whether a process of this id is running (signal 0 checks without sending). */
function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoOf(e) === 'EPERM';
  }
}

/** The directory that will really be replaced: `out` itself, or where the symlink `out` points. */
async function resolveTarget(out: string): Promise<string> {
  const absolute = path.resolve(out);
  const stat = await lstatOrNull(absolute).catch((e) => {
    throw fsFailure(e, out, 'look at the output directory');
  });
  if (stat === null) return absolute;
  if (stat.isSymbolicLink()) {
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch {
      const to = await fs.readlink(absolute).catch(() => '?');
      throw new OutputDirError(out, `is a symbolic link to ${to}, which does not exist; create that directory, or choose another --out`);
    }
    const target = await fs.stat(real);
    if (!target.isDirectory()) throw new OutputDirError(out, `is a symbolic link to ${real}, which is not a directory; choose another --out`);
    return real;
  }
  if (!stat.isDirectory()) throw new OutputDirError(out, 'is a file, not a directory; choose another --out, or move the file away');
  return absolute;
}

const lockName = (base: string) => `.eksng-lock-${base}`;
const stagingPrefix = (base: string) => `.eksng-tmp-${base}-`;
const asidePrefix = (base: string) => `.eksng-old-${base}-`;
/** The pid in `.eksng-tmp-<base>-<pid>-<random>` / `.eksng-old-<base>-<pid>`. */
const pidIn = (name: string, prefix: string) => Number(name.slice(prefix.length).split('-')[0]);

export interface OutputTransaction {
  /** Where to write the files; every check runs there. */
  readonly staging: string;
  /** Swaps the staged files in (all or nothing) and releases the lock. */
  commit(files: readonly OutputFile[]): Promise<void>;
  /** Drops the staged files and releases the lock; the output directory is untouched. */
  abort(): Promise<void>;
}

export interface BeginOptions {
  /** How long to wait for another run's lock. @default DEFAULT_LOCK_WAIT_MS */
  readonly lockWaitMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquireLock(lock: string, out: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (e) {
      if (errnoOf(e) !== 'EEXIST') throw fsFailure(e, out, `create the lock file ${lock}`);
    }
    const owner = Number((await fs.readFile(lock, 'utf8').catch(() => '')).trim());
    if (!alive(owner)) {
      // A run that died holding the lock: take it over.
      await fs.rm(lock, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputDirError(out, `is being written by another eksng run (process ${owner}); run again when it has finished${owner === process.pid ? '' : `, or remove ${lock} if no eksng is running`}`);
    }
    await sleep(100);
  }
}

/** Puts back a directory a killed run left set aside, and removes what dead runs left behind. */
async function recover(parent: string, base: string, target: string): Promise<void> {
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  const aside = names.filter((n) => n.startsWith(asidePrefix(base))).sort();
  if ((await lstatOrNull(target)) === null && aside.length > 0) {
    // Killed between the two renames: the set-aside directory is the complete old set.
    await fs.rename(path.join(parent, aside[aside.length - 1]), target);
  }
  for (const n of names) {
    const staged = n.startsWith(stagingPrefix(base)) && !alive(pidIn(n, stagingPrefix(base)));
    const old = n.startsWith(asidePrefix(base)) && !alive(pidIn(n, asidePrefix(base)));
    if ((staged || old) && (await lstatOrNull(path.join(parent, n))) !== null) await fs.rm(path.join(parent, n), { recursive: true, force: true });
  }
}

/** Locks `out`, repairs what a killed run left, and makes a staging directory beside it. */
export async function beginOutput(out: string, options: BeginOptions = {}): Promise<OutputTransaction> {
  const target = await resolveTarget(out);
  const parent = path.dirname(target);
  const base = path.basename(target);
  try {
    await fs.mkdir(parent, { recursive: true });
  } catch (e) {
    throw fsFailure(e, out, `create ${parent}`);
  }
  const lock = path.join(parent, lockName(base));
  await acquireLock(lock, out, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS);
  const aside = path.join(parent, `${asidePrefix(base)}${process.pid}`);
  let staging: string | null = null;
  // Interrupted (Ctrl-C): the staged files and the lock go, and the output directory stays as it is.
  const forget = onInterrupt(() => {
    if (staging !== null) fsSync.rmSync(staging, { recursive: true, force: true });
    putBackAside(target, aside);
    fsSync.rmSync(lock, { force: true });
  });
  const release = async () => {
    await fs.rm(lock, { force: true });
    forget();
  };
  try {
    await recover(parent, base, target);
    staging = await fs.mkdtemp(path.join(parent, `${stagingPrefix(base)}${process.pid}-`));
  } catch (e) {
    await release();
    throw e instanceof OutputDirError ? e : fsFailure(e, out, `prepare a staging directory in ${parent}`);
  }
  const staged = staging;
  const abort = async () => {
    await fs.rm(staged, { recursive: true, force: true });
    await release();
  };
  const commit = async (files: readonly OutputFile[]) => {
    try {
      await swapIn(out, target, staged, files, aside);
    } finally {
      await abort();
    }
  };
  return { staging: staged, commit, abort };
}

/**
 * After an interrupt: the old directory set aside by the swap is removed once the new one is in
 * place, and put back if it is not (which the synchronous pair of renames in swapIn rules out).
 */
function putBackAside(target: string, aside: string): void {
  if (!fsSync.existsSync(aside)) return;
  if (fsSync.existsSync(target)) fsSync.rmSync(aside, { recursive: true, force: true });
  else fsSync.renameSync(aside, target);
}

/** Refuses a run whose file would replace something that is not a file (a directory, a link). */
async function checkReplaceable(out: string, target: string, files: readonly OutputFile[]): Promise<void> {
  for (const f of files) {
    const parts = f.name.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const at = path.join(target, ...parts.slice(0, i));
      const stat = await lstatOrNull(at);
      if (stat === null) break;
      const last = i === parts.length;
      if (last && !stat.isFile()) throw new OutputDirError(path.join(out, f.name), `is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}, but eksng writes a file of that name; move it out of the way`);
      if (!last && !stat.isDirectory()) throw new OutputDirError(path.join(out, ...parts.slice(0, i)), `is a file, but eksng writes a directory of that name (with ${f.name}); move it out of the way`);
    }
  }
}

/** Hard-links (or copies) into `into` every entry of `from` the new set does not have. */
async function carryOver(from: string, into: string): Promise<void> {
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(into, entry.name);
    const existing = await lstatOrNull(dst);
    if (entry.isDirectory()) {
      if (existing === null) await fs.mkdir(dst, { mode: (await fs.stat(src)).mode & 0o7777 });
      if (existing === null || existing.isDirectory()) await carryOver(src, dst);
    } else if (existing === null) {
      if (entry.isSymbolicLink()) await fs.symlink(await fs.readlink(src), dst);
      else {
        try {
          await fs.link(src, dst);
        } catch {
          await fs.copyFile(src, dst, fsConstants.COPYFILE_FICLONE);
        }
      }
    }
  }
}

async function swapIn(out: string, target: string, staging: string, files: readonly OutputFile[], aside: string): Promise<void> {
  const old = await lstatOrNull(target);
  if (old === null) {
    try {
      // Synchronous, as the pair below: an interrupt sees the directory in place or not at all.
      fsSync.renameSync(staging, target);
    } catch (e) {
      throw fsFailure(e, out, `create the output directory ${target}`);
    }
    noteWritten(out);
    return;
  }
  try {
    await checkReplaceable(out, target, files);
  } catch (e) {
    throw e instanceof OutputDirError ? e : fsFailure(e, out, `look at the files in ${out}`);
  }
  try {
    await carryOver(target, staging);
    await fs.chmod(staging, old.mode & 0o7777);
  } catch (e) {
    throw fsFailure(e, out, `keep the files already in ${out}`);
  }
  // The two renames synchronously, back to back: an interrupt (a signal handler runs between two
  // steps of the event loop) sees the old directory or the new one in place, never neither.
  try {
    fsSync.renameSync(target, aside);
  } catch (e) {
    throw fsFailure(e, out, `replace ${out}`);
  }
  try {
    fsSync.renameSync(staging, target);
  } catch (e) {
    fsSync.renameSync(aside, target);
    throw fsFailure(e, out, `replace ${out}`);
  }
  noteWritten(out);
  await fs.rm(aside, { recursive: true, force: true });
}

/** Runs `task` over `items` with at most `limit` at a time, in order of start. */
export async function boundedAll<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
