/**
 * The only module that touches the file system. Output files are staged in a directory next to
 * the output directory (same file system, so renames are atomic) and moved into place only after
 * every check passed; a failed run leaves an existing output directory byte-identical.
 */
import * as fsSync from 'fs';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvalidInputError } from './errors';
import { error } from './problems';
import type { CacheStore } from './lint/cache';
import type { FileProbe } from './lint/identity';

export interface OutputFile {
  /** Path inside the output directory (`<config>/<file>` when one run has several configs). */
  readonly name: string;
  readonly content: string;
  /** A CloudFormation template: cfn-lint checks it before anything is committed. */
  readonly cfnTemplate?: boolean;
}

export async function readInputFile(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file (create one with: eksng init)' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InvalidInputError(file, [error('io.read', '', `cannot be read: ${why}`)]);
  }
}

export async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** A fresh staging directory: beside `outDir` when given (same file system), else in the OS temp dir. */
export async function makeStagingDir(outDir: string | null): Promise<string> {
  if (outDir === null) return fs.mkdtemp(path.join(os.tmpdir(), 'eksng-'));
  const parent = path.dirname(path.resolve(outDir));
  await fs.mkdir(parent, { recursive: true });
  const dir = await fs.mkdtemp(path.join(parent, `.eksng-tmp-${path.basename(outDir)}-`));
  // mkdtemp makes it private (0700); it may become the output directory itself.
  await fs.chmod(dir, 0o755);
  return dir;
}

export async function writeStaged(stagingDir: string, files: readonly OutputFile[]): Promise<string[]> {
  const paths = files.map((f) => path.join(stagingDir, f.name));
  await Promise.all([...new Set(paths.map((p) => path.dirname(p)))].map((d) => fs.mkdir(d, { recursive: true })));
  await Promise.all(files.map((f, i) => fs.writeFile(paths[i], f.content, 'utf8')));
  return paths;
}

/**
 * Moves staged files into `outDir`. A new output directory appears at once (one rename of the
 * whole directory); into an existing one each file is renamed over its old version, so a reader
 * never sees a half-written file. Other files in `outDir` are left alone.
 */
export async function commitStaged(stagingDir: string, outDir: string, files: readonly OutputFile[]): Promise<void> {
  if (!(await fileExists(outDir))) {
    await fs.rename(stagingDir, outDir);
    return;
  }
  for (const f of files) {
    await fs.mkdir(path.dirname(path.join(outDir, f.name)), { recursive: true });
    await fs.rename(path.join(stagingDir, f.name), path.join(outDir, f.name));
  }
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Writes one file atomically (temp file + rename). */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.eksng-tmp-${process.pid}`);
  await fs.writeFile(tmp, content, 'utf8');
  await fs.rename(tmp, file);
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
  const entries = await Promise.all(
    names.map(async (name): Promise<[string, string | null]> => {
      try {
        return [name, await fs.readFile(path.join(dir, name), 'utf8')];
      } catch {
        return [name, null];
      }
    }),
  );
  return new Map(entries);
}

/** Names of the files directly inside a directory ([] when it does not exist). */
export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch {
    return [];
  }
}
