/**
 * The only module that touches the file system. Output files are staged in a directory next to
 * the output directory (same file system, so renames are atomic) and moved into place only after
 * every check passed; a failed run leaves an existing output directory byte-identical.
 */
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InvalidInputError } from './errors';
import { error } from './problems';

export interface OutputFile {
  /** File name inside the output directory. */
  readonly name: string;
  readonly content: string;
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
  for (const f of files) await fs.rename(path.join(stagingDir, f.name), path.join(outDir, f.name));
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
