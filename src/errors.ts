import { byLevel, Finding, formatFinding, problemFindings } from './findings';
import { Problem } from './problems';

/** Exit codes, documented in the README. The CLI's single catch maps errors to them. */
export const ExitCode = {
  ok: 0,
  /** Invalid config, input or failed validation (schema, EKS rules, cfn-lint errors, a stale --check). */
  invalid: 1,
  /** A required external tool is missing or crashed (cfn-lint). */
  tool: 2,
  /** Unknown command or option, missing argument (sysexits EX_USAGE). */
  usage: 64,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class EksngError extends Error {
  abstract readonly exitCode: ExitCode;
  /** The problems behind the error, as data (text, `--format json`, `--sarif`). */
  findings(): Finding[] {
    return [];
  }
  /** Lines printed to stderr: every finding, then the summary. */
  lines(): string[] {
    return [...this.findings().map(formatFinding), this.message];
  }
}

/** The input (config, ConfigMap, argument value) is invalid; `problems` say where. */
export class InvalidInputError extends EksngError {
  readonly exitCode = ExitCode.invalid;
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
    /** The file's text, to give pointers a line number. */
    readonly source: string | null = null,
  ) {
    super(`${file} is invalid`);
  }
  override findings(): Finding[] {
    return byLevel(problemFindings(this.file, this.problems, this.source));
  }
  override lines(): string[] {
    return this.findings().map(formatFinding);
  }
}

/** Several inputs are invalid (one run over several configs reports them all). */
export class InvalidInputsError extends EksngError {
  readonly exitCode = ExitCode.invalid;
  constructor(readonly errors: readonly InvalidInputError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
  override findings(): Finding[] {
    return this.errors.flatMap((e) => e.findings());
  }
  override lines(): string[] {
    return this.errors.flatMap((e) => e.lines());
  }
}

/** Validation of the generated output failed (cfn-lint errors, size limits, a stale --check): the findings say what. */
export class ValidationFailedError extends EksngError {
  readonly exitCode = ExitCode.invalid;
  constructor(
    message: string,
    private readonly found: readonly Finding[] = [],
  ) {
    super(message);
  }
  override findings(): Finding[] {
    return [...this.found];
  }
}

/** An external tool is missing or crashed. */
export class ToolError extends EksngError {
  readonly exitCode = ExitCode.tool;
}

/** The command line itself is wrong. */
export class UsageError extends EksngError {
  readonly exitCode = ExitCode.usage;
  override lines(): string[] {
    return [`eksng: ${this.message}`, 'Run eksng --help for usage.'];
  }
}
