/**
 * The only modules that touch the file system: this one and output-dir.ts (writing an output
 * directory all or nothing). A failed run leaves an existing output directory byte-identical.
 */
import * as fsSync from 'fs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvalidInputError } from '../errors';
import { noteWritten, onInterrupt } from '../interrupt';
import { error } from '../problems';
import type { CacheStore } from '../lint/cache';
import type { FileProbe } from '../lint/identity';
import { boundedAll, bytesOf, fsFailure, MAX_OPEN_FILES, OutputFile } from './output-dir';

export { beginOutput, fsFailure, OutputDirError } from './output-dir';
export type { OutputFile } from './output-dir';
export { bytesOf, RenderedFile, SpillFile, withChanges } from './output-dir';

/** Input files larger than this are refused: a config or ConfigMap is kilobytes. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a config or other input (ConfigMap, stack outputs): a regular file of sensible size (a FIFO
 * or device would block or never end), its text without a leading byte-order mark. The null device
 * reads as the empty file it stands for, so that its reader says what the file should hold.
 * @param missingHint what to say after "no such file" (the config's: how to create one)
 */
export async function readInputFile(file: string, missingHint = ''): Promise<string> {
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.isCharacterDevice() && (await isNullDevice(stat))) return '';
    if (!stat.isFile()) throw new InvalidInputError(file, [error('io.read', '', 'is not a regular file (a pipe, socket or device); give a file')]);
    if (stat.size > MAX_INPUT_BYTES) throw new InvalidInputError(file, [error('io.read', '', `is ${stat.size} bytes, more than the ${MAX_INPUT_BYTES} eksng reads; give the config or ConfigMap file`)]);
    return withoutByteOrderMark(await fs.readFile(file, 'utf8'));
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `no such file${missingHint}` : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InvalidInputError(file, [error('io.read', '', `cannot be read: ${why}`)]);
  }
}

/**
 * A UTF-8 byte-order mark (editors on Windows write one) is not part of JSON or YAML: JSON.parse would
 * call it an unexpected token, invisible in the file. Dropped, so positions count from the content.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function isNullDevice(stat: fsSync.Stats): Promise<boolean> {
  const devNull = await fs.stat(os.devNull).catch(() => null);
  return devNull !== null && devNull.isCharacterDevice() && devNull.rdev === stat.rdev;
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Temporary directories of this run (makeTempDir) and how to stop removing them on an interrupt. */
const tempDirs = new Map<string, () => void>();

/** A fresh private directory in the OS temp dir (for checks that write nothing to --out); remove it with removeDir. */
export async function makeTempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eksng-'));
  tempDirs.set(dir, onInterrupt(() => fsSync.rmSync(dir, { recursive: true, force: true })));
  return dir;
}

/** Writes the files under `stagingDir`, a bounded number at a time (thousands of node groups must not exhaust file handles). */
export async function writeStaged(stagingDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const paths = files.map((f) => path.join(stagingDir, f.name));
  for (const d of [...new Set(paths.map((p) => path.dirname(p)))]) await fs.mkdir(d, { recursive: true });
  await boundedAll(files.map((f, i) => [f, paths[i]] as const), MAX_OPEN_FILES, ([f, p]) => fs.writeFile(p, bytesOf(f)));
  return paths;
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  tempDirs.get(dir)?.();
  tempDirs.delete(dir);
}

/** Writes one file atomically (temp file + rename). */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.eksng-tmp-${process.pid}`);
  const forget = onInterrupt(() => fsSync.rmSync(tmp, { force: true }));
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(tmp, content, 'utf8');
    // Synchronous: an interrupt sees the file written or not, never the rename under way.
    fsSync.renameSync(tmp, file);
    noteWritten(file);
  } catch (e) {
    // No half-written file left behind, and a message naming the file rather than a stack trace.
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw fsFailure(e, file, `write ${file}`);
  } finally {
    forget();
  }
}

/** All `*.json` files of a directory, sorted; a file argument as is. */
export async function expandConfigArguments(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let isDir = false;
    try {
      isDir = (await fs.stat(arg)).isDirectory();
    } catch {
      // a missing file is reported when it is read
    }
    if (!isDir) files.push(arg);
    else files.push(...(await fs.readdir(arg)).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(arg, f)));
  }
  return files;
}

/** The file-system side of finding which cfn-lint would run (see lint/identity.ts). */
export const fileProbe: FileProbe = {
  isExecutable: (file) => {
    try {
      fsSync.accessSync(file, fsSync.constants.X_OK);
      return fsSync.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  readHead: (file) => {
    try {
      const fd = fsSync.openSync(file, 'r');
      try {
        const buf = Buffer.alloc(1024);
        return buf.subarray(0, fsSync.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
      } finally {
        fsSync.closeSync(fd);
      }
    } catch {
      return null;
    }
  },
  readText: (file) => {
    try {
      return fsSync.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  },
  list: (dir) => {
    try {
      return fsSync.readdirSync(dir);
    } catch {
      return [];
    }
  },
  stamp: (file) => {
    try {
      const s = fsSync.statSync(file);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return null;
    }
  },
};

/** A cache directory as a key-value store; entries are written atomically, failures ignored. */
export function fileCacheStore(dir: string): CacheStore {
  return {
    get: (key) => {
      try {
        return fsSync.readFileSync(path.join(dir, key), 'utf8');
      } catch {
        return null;
      }
    },
    put: (key, value) => {
      const file = path.join(dir, key);
      try {
        fsSync.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fsSync.writeFileSync(tmp, value);
        fsSync.renameSync(tmp, file);
      } catch {
        // best effort: a read-only or full cache directory only costs speed
      }
    },
  };
}

/** The cfn-lint config files it reads from the working directory and home, with their contents. */
export function readCfnLintConfigFiles(cwd: string, home: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const dir of [cwd, home]) {
    for (const name of ['.cfnlintrc', '.cfnlintrc.yaml', '.cfnlintrc.yml']) {
      const text = fileProbe.readText(path.join(dir, name));
      if (text !== null) found[path.join(dir, name)] = text;
    }
  }
  return found;
}

/** The current bytes of files in a directory (null where missing). */
export async function readExisting(dir: string, names: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  await boundedAll(names, MAX_OPEN_FILES, async (name) => {
    try {
      found.set(name, await fs.readFile(path.join(dir, name), 'utf8'));
    } catch {
      found.set(name, null);
    }
  });
  return new Map(names.map((n) => [n, found.get(n) ?? null]));
}

/** Names of the files directly inside a directory ([] when it does not exist). */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * The root of the Git work tree holding `dir` (which need not exist yet): the nearest directory at
 * or above it with a `.git` entry (a directory, or a file in worktrees and submodules); null outside one.
 */
export async function findRepositoryRoot(dir: string): Promise<string | null> {
  let at = path.resolve(dir);
  for (;;) {
    if (await fileExists(path.join(at, '.git'))) return at;
    const parent = path.dirname(at);
    if (parent === at) return null;
    at = parent;
  }
}

/**
 * The nearest directory at or above `from` holding `marker` and a package.json named `name`: the
 * root of an installed package, from one of its modules (dist/ holds a package.json copy too, but
 * not the marker).
 */
export function findPackageRoot(from: string, name: string, marker: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fsSync.existsSync(manifest) && fsSync.existsSync(path.join(dir, marker))) {
      try {
        if ((JSON.parse(fsSync.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === name) return dir;
      } catch {
        // not a manifest we can read: keep looking
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}
