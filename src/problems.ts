/**
 * Problems are data: every pure check returns them — a finding before it knows which file it is
 * about (see findings.ts, which adds the file and turns pointers into line numbers). A pointer is a
 * JSON pointer (RFC 6901) into the checked document.
 */
export type Severity = 'error' | 'warning' | 'note';

export interface Problem {
  /** Stable identifier tests and tools can match on, e.g. `schema.type`, `rule.size-order`. */
  readonly code: string;
  /** JSON pointer into the input document ('' = the whole document). */
  readonly pointer: string;
  readonly message: string;
  readonly severity: Severity;
}

export function error(code: string, pointer: string, message: string): Problem {
  return { code, pointer, message, severity: 'error' };
}

export function warning(code: string, pointer: string, message: string): Problem {
  return { code, pointer, message, severity: 'warning' };
}

export function note(code: string, pointer: string, message: string): Problem {
  return { code, pointer, message, severity: 'note' };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Escapes one reference token for a JSON pointer (RFC 6901 §3). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...tokens: Array<string | number>): string {
  return tokens.map((t) => '/' + pointerToken(t)).join('');
}
