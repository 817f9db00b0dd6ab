/**
 * Problems are data: every check returns them, one formatter turns them into text.
 * A pointer is a JSON pointer (RFC 6901) into the user's config file.
 */
export type Severity = 'error' | 'warning';

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

/** `nodegroup.json#/nodeGroups/0/maxSize: must be ≥ minSize (2), got 1` */
export function formatProblem(file: string, p: Problem): string {
  const prefix = p.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${file}${p.pointer === '' ? '' : '#' + p.pointer}: ${p.message}`;
}

/** Errors first, then warnings; inside each, document order of pointers is kept. */
export function formatProblems(file: string, problems: readonly Problem[]): string[] {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  return [...errors, ...warnings].map((p) => formatProblem(file, p));
}
