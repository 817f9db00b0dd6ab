/** The one way eksng starts another program; injected so adapters can be tested with a fake. */
import { ChildProcess, spawn } from 'child_process';
import { isInterrupted, trackChild } from './interrupt';

export interface ProcessResult {
  /** null when the program could not be started or was killed by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started (e.g. ENOENT: not installed). */
  readonly spawnError: NodeJS.ErrnoException | null;
}

export type ProcessRunner = (command: string, args: readonly string[]) => Promise<ProcessResult>;

/** How long an interrupted child has to end after SIGTERM before it gets SIGKILL. */
export const STOP_GRACE_MS = 2000;

/**
 * Runs a program to its end. Each child gets a process group of its own, so that an interrupt
 * (interrupt.ts) stops it together with whatever it started (a pyenv shim's helpers) — and only
 * eksng decides that: a Ctrl-C reaches eksng, which stops its children and removes their files.
 * Once the run is interrupted, a child's result is never delivered (it would only report the stop
 * as the tool's crash) and no new child starts.
 */
export const runProcess: ProcessRunner = (command, args) =>
  new Promise((resolve) => {
    if (isInterrupted()) return;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const untrack = child.pid === undefined ? () => undefined : trackChild(() => stopChild(child));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | null = null;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code) => {
      untrack();
      if (isInterrupted()) return;
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), spawnError });
    });
  });

/** SIGTERM to the child's process group, SIGKILL after STOP_GRACE_MS; resolves once the child has ended. */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
    // Not waited for beyond a second grace period: eksng exits either way.
    const giveUp = setTimeout(resolve, 2 * STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      clearTimeout(giveUp);
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
}
