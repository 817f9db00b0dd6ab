/** What a command needs from the outside world; tests pass their own. */
import { ProcessRunner, runProcess } from '../process';

export interface Output {
  write(text: string): unknown;
}

export interface CommandContext {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly run: ProcessRunner;
}

export const processContext = (): CommandContext => ({ stdout: process.stdout, stderr: process.stderr, run: runProcess });

export function println(out: Output, line = ''): void {
  out.write(line + '\n');
}
