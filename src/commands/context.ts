/** What a command needs from the outside world; tests pass their own. */
import { Finding, formatFinding } from '../findings';
import { ProcessRunner, runProcess } from '../process';

export interface Output {
  write(text: string): unknown;
}

export interface CommandContext {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly run: ProcessRunner;
  /** Where cfn-lint is found and the lint cache lives (PATH, XDG_CACHE_HOME, HOME, PYENV_*). */
  readonly env: NodeJS.ProcessEnv;
  /** A problem that does not stop the run (a warning); errors are thrown. */
  report(finding: Finding): void;
}

export const processContext = (): CommandContext => ({
  stdout: process.stdout,
  stderr: process.stderr,
  run: runProcess,
  env: process.env,
  report: (f) => println(process.stderr, formatFinding(f)),
});

export function println(out: Output, line = ''): void {
  out.write(line + '\n');
}
