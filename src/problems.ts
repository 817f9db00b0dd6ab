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

/**
 * A value as a message names it: `"abc"`, `12`, `true`, `null`, `an object`, `an array`, and
 * `nothing` where there is no value; `typed` puts the JSON type before a scalar (`string "abc"`,
 * `number 12`). A number JSON readers cannot hold (they read 1e400 as Infinity, which
 * JSON.stringify prints as null) is named as written in the file when the caller has the text:
 * `1e400, a number too large to represent`.
 */
export function describeValue(value: unknown, options: { readonly typed?: boolean; readonly written?: string | null } = {}): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const what = Number.isNaN(value) ? 'not a number' : 'a number too large to represent';
    const written = options.written?.trim();
    if (written) return `${written}, ${what}`;
    return Number.isNaN(value) ? `NaN, ${what}` : `${value < 0 ? 'a negative number' : 'a number'} too large to represent`;
  }
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return options.typed ? `${typeof value} ${shown}` : shown;
}

/** The text a value was written as in the user's file, by JSON pointer (null when unknown). */
export type SourceText = (pointer: string) => string | null;
export const NO_SOURCE: SourceText = () => null;

/** The numbers JSON cannot hold (±Infinity, NaN) anywhere in a document, with their pointers: such a value is never valid. */
export function nonFiniteNumbers(value: unknown, at = ''): Array<{ readonly pointer: string; readonly value: number }> {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [{ pointer: at, value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => nonFiniteNumbers(v, `${at}/${pointerToken(k)}`));
}
