import { formatProblems, Problem } from './problems';

/** Exit codes, documented in the README. The CLI's single catch maps errors to them. */
export const ExitCode = {
  ok: 0,
  /** Invalid config, input or failed validation (schema, EKS rules, cfn-lint errors). */
  invalid: 1,
  /** A required external tool is missing or crashed (cfn-lint). */
  tool: 2,
  /** Unknown command or option, missing argument (sysexits EX_USAGE). */
  usage: 64,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class EksngError extends Error {
  abstract readonly exitCode: ExitCode;
  /** Lines printed to stderr, one per problem. */
  lines(): string[] {
    return [this.message];
  }
}

/** The input (config, ConfigMap, argument value) is invalid; `problems` say where. */
export class InvalidInputError extends EksngError {
  readonly exitCode = ExitCode.invalid;
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${file} is invalid`);
  }
  override lines(): string[] {
    return formatProblems(this.file, this.problems);
  }
}

/** Validation of the generated output failed (cfn-lint errors, size limits). */
export class ValidationFailedError extends EksngError {
  readonly exitCode = ExitCode.invalid;
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
  override lines(): string[] {
    return [...this.details, this.message];
  }
}

/** An external tool is missing or crashed. */
export class ToolError extends EksngError {
  readonly exitCode = ExitCode.tool;
}

/** The command line itself is wrong. */
export class UsageError extends EksngError {
  readonly exitCode = ExitCode.usage;
}
