/** The one way eksng starts another program; injected so adapters can be tested with a fake. */
import { spawn } from 'child_process';

export interface ProcessResult {
  /** null when the program could not be started or was killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started (e.g. ENOENT: not installed). */
  readonly spawnError: NodeJS.ErrnoException | null;
}

export type ProcessRunner = (command: string, args: readonly string[]) => Promise<ProcessResult>;

export const runProcess: ProcessRunner = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | null = null;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), spawnError });
    });
  });
