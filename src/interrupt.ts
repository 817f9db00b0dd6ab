/**
 * An interrupted run (Ctrl-C: SIGINT; SIGTERM; SIGHUP) stops the programs it started (cfn-lint,
 * cfn-guard), removes its staging directories and temporary files, leaves the output directory as
 * it was, says so in one line, and exits 128 + the signal's number (130, 143, 129), the status a
 * shell reports for a program a signal ended.
 *
 * What an interrupt must undo registers here for as long as it exists: the process runner its
 * children (process.ts), the file-system module its staging directories and temporary files (io/).
 * Nothing happens at import: bin/eksng.js installs the handlers.
 */
import * as os from 'os';

/** Stops one running child; resolves once it has ended. */
export type Stop = () => Promise<void>;
/** Removes what the run left on disk. Synchronous: the process exits right after. */
export type Remove = () => void;

const stops = new Set<Stop>();
const removes = new Set<Remove>();
const written: string[] = [];
let interrupted = false;

/** Registers a running child; call the returned function once it has ended. */
export function trackChild(stop: Stop): () => void {
  stops.add(stop);
  return () => void stops.delete(stop);
}

/** Registers what to remove if the run is interrupted; call the returned function once it is removed anyway. */
export function onInterrupt(remove: Remove): () => void {
  removes.add(remove);
  return () => void removes.delete(remove);
}

/** Records that `what` (an output directory, a file) now holds the run's output: the interrupt line then says so. */
export function noteWritten(what: string): void {
  written.push(what);
}

/** Whether the run is being interrupted: its children's results are then never delivered, and no new child starts. */
export function isInterrupted(): boolean {
  return interrupted;
}

function removeAll(): void {
  for (const remove of removes) {
    try {
      remove();
    } catch {
      // best effort: the next run cleans up what a dead run left (io/output-dir.ts)
    }
  }
}

/**
 * Stops every running child (all at once) and removes what the run left. The run's own code goes no
 * further: it waits on its children, whose results are dropped. Files are removed before the
 * children have ended (a killed cfn-lint reads nothing more) and again after, in case a write that
 * was under way when the signal came has made a directory again.
 * @returns what was written before the interrupt (usually nothing)
 */
export async function interruptRun(): Promise<readonly string[]> {
  interrupted = true;
  const stopping = Promise.all([...stops].map((stop) => stop().catch(() => undefined)));
  removeAll();
  await stopping;
  removeAll();
  return [...written];
}

/** The signals a user or a CI runner stops eksng with. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** 128 + the signal's number: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP. */
export function interruptExitCode(signal: InterruptSignal): number {
  return 128 + os.constants.signals[signal];
}

/** The one line an interrupted run prints. */
export function interruptLine(wrote: readonly string[]): string {
  return `eksng: interrupted; ${wrote.length === 0 ? 'nothing was written' : `${wrote.join(', ')} ${wrote.length === 1 ? 'was' : 'were'} written before the interrupt`}`;
}

export interface InterruptHost {
  on(signal: InterruptSignal, listener: () => void): unknown;
  exit(code: number): never | void;
}

/**
 * Makes SIGINT, SIGTERM and SIGHUP interrupt the run (see above) instead of killing eksng outright.
 * A second signal while the first is handled changes nothing: stopping takes at most
 * STOP_GRACE_MS (process.ts).
 */
export function installInterruptHandlers(host: InterruptHost = process, stderr: { write(text: string): unknown } = process.stderr): void {
  for (const signal of INTERRUPT_SIGNALS) {
    host.on(signal, () => {
      if (interrupted) return;
      void interruptRun().then((wrote) => {
        stderr.write(`${interruptLine(wrote)}\n`);
        host.exit(interruptExitCode(signal));
      });
    });
  }
}
