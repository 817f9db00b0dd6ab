/**
 * Enough of Windows PowerShell 5.1's tokenizer to read the user data eksng writes as PowerShell
 * does: where each string starts and ends, what a literal string holds, which text PowerShell would
 * change (expand) before a command sees it, and where each statement ends. It follows the engine's
 * own scanner (PowerShell/PowerShell src/System.Management.Automation/engine/parser/tokenizer.cs:
 * ScanStringLiteral, ScanStringExpandable, ScanHereStringLiteral, ScanPossibleHereStringFooter,
 * ScanAfterHereStringHeader; CharTraits.cs: IsSingleQuote, IsDoubleQuote, IsDash, IsWhitespace):
 *
 * - single quotes are `'` and the typographic U+2018 U+2019 U+201A U+201B, to open, to close, and
 *   doubled (any two of them) for one literal quote — the second one is kept;
 * - double quotes are `"` U+201C U+201D U+201E; inside, a backtick escapes, two quotes are one, and
 *   `$` expands (the checker keeps the text as written and marks it `expands`);
 * - a here-string `@'` must end its line; it ends at a line that starts with a single quote and `@`
 *   (no whitespace before it); its text is literal, without the last line break;
 * - a string token ends at its closing quote: text right after it is a new argument, while a bare
 *   word takes in the quoted parts inside it (`a'b c'` is one word, `'a'b'c'` the two arguments
 *   `a` and `bc`: PowerShell/PowerShell issues 15888, 15889 and 6467);
 * - an unterminated string, here-string, subexpression or block comment is a parse error, and
 *   PowerShell then runs none of the script.
 *
 * Not modelled (approximated): expression mode versus argument mode (everything is scanned as
 * command arguments, which is what the lines eksng writes are), `--` as the end-of-parameters
 * token (a word here), number literals only by their shape.
 */

export type TokenKind =
  | 'newline'
  | 'semicolon'
  | 'word'
  | 'parameter'
  | 'string'
  | 'expandable'
  | 'here-string'
  | 'expandable-here-string'
  | 'variable'
  | 'type'
  | 'operator'
  | 'redirection';

export interface PsToken {
  readonly kind: TokenKind;
  /** The source text. */
  readonly text: string;
  /**
   * What the checker reads in it: a literal string's content (doubled quotes undone), an
   * expandable string's content as written (only doubled quotes undone: `$x` stays), a word with
   * its quoted parts joined, a parameter's name without the dash, a variable's name without `$`,
   * a type literal's name, an operator or redirection as written.
   */
  readonly value: string;
  /** Offsets in the text given to the tokenizer (the whole user data). */
  readonly start: number;
  readonly end: number;
  /** An expandable string, here-string or bare word that holds `$` or a backtick: PowerShell changes its text. */
  readonly expands: boolean;
  /** `-Name:value`: the value follows the colon. */
  readonly colon: boolean;
  /** A bare word PowerShell reads as a number (`1e3`, `0x1F`, `007`, `1kb`). */
  readonly number: boolean;
}

export interface PsSyntaxError {
  readonly offset: number;
  /** PowerShell's own message for it. */
  readonly message: string;
}

export interface PsTokens {
  readonly tokens: readonly PsToken[];
  readonly error?: PsSyntaxError;
}

const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
const DOUBLE_QUOTES = '"\u201c\u201d\u201e';
const DASHES = '-\u2013\u2014\u2015';

export const isSingleQuote = (c: string | undefined): boolean => c !== undefined && c.length === 1 && SINGLE_QUOTES.includes(c);
export const isDoubleQuote = (c: string | undefined): boolean => c !== undefined && c.length === 1 && DOUBLE_QUOTES.includes(c);
const isDash = (c: string | undefined): boolean => c !== undefined && c.length === 1 && DASHES.includes(c);
const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r';
/** CharTraits.IsWhitespace: space, tab, VT, FF, NBSP, NEL, and every Unicode separator above U+00FF. */
function isWhitespace(c: string | undefined): boolean {
  if (c === undefined) return false;
  if (c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\u00a0' || c === '\u0085') return true;
  return c > '\u00ff' && /[\p{Zs}\p{Zl}\p{Zp}]/u.test(c);
}
/** Characters that end a bare word or a parameter name in argument mode. */
const WORD_END = ';,|&(){}';

/** PowerShell's number literals: decimal, hex, exponent, type suffix, multiplier. */
const NUMBER = /^[+-]?(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(?:[ludsyn]{1,2})?(?:kb|mb|gb|tb|pb)?$/i;

class ParseError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

const ROOT_GROUP = new Set(['(', '$(', '@(', '@{', '{']);

class Scanner {
  constructor(private readonly text: string, private readonly to: number) {}

  private at(i: number): string | undefined {
    return i < this.to ? this.text[i] : undefined;
  }

  private token(kind: TokenKind, start: number, end: number, value: string, extra: Partial<Pick<PsToken, 'expands' | 'colon' | 'number'>> = {}): PsToken {
    return { kind, text: this.text.slice(start, end), value, start, end, expands: extra.expands ?? false, colon: extra.colon ?? false, number: extra.number ?? false };
  }

  private lineBreakLength(i: number): number {
    return this.at(i) === '\r' && this.at(i + 1) === '\n' ? 2 : 1;
  }

  /** `'…'` from the opening quote at i. */
  private single(i: number): { value: string; end: number } {
    let value = '';
    for (let j = i + 1; ; ) {
      const c = this.at(j);
      if (c === undefined) throw new ParseError(i, "The string is missing the terminator: '.");
      if (isSingleQuote(c)) {
        if (!isSingleQuote(this.at(j + 1))) return { value, end: j + 1 };
        value += this.at(j + 1);
        j += 2;
        continue;
      }
      value += c;
      j += 1;
    }
  }

  /** `"…"` from the opening quote at i. */
  private double(i: number): { value: string; end: number; expands: boolean } {
    let value = '';
    let expands = false;
    for (let j = i + 1; ; ) {
      const c = this.at(j);
      if (c === undefined) throw new ParseError(i, 'The string is missing the terminator: ".');
      if (c === '`') {
        const next = this.at(j + 1);
        if (next === undefined) throw new ParseError(i, 'The string is missing the terminator: ".');
        expands = true;
        value += c + next;
        j += 2;
      } else if (isDoubleQuote(c)) {
        if (!isDoubleQuote(this.at(j + 1))) return { value, end: j + 1, expands };
        value += this.at(j + 1);
        j += 2;
      } else if (c === '$' && this.at(j + 1) === '(') {
        expands = true;
        const end = this.group(j + 1);
        value += this.text.slice(j, end);
        j = end;
      } else {
        if (c === '$') expands = true;
        value += c;
        j += 1;
      }
    }
  }

  /** From an opening `(` at i to just after its matching `)`. */
  private group(i: number): number {
    let depth = 1;
    let j = i + 1;
    for (;;) {
      const t = this.next(j);
      if (!t) throw new ParseError(i, "Missing closing ')' in expression.");
      j = t.end;
      if (t.kind === 'operator' && ROOT_GROUP.has(t.value)) depth += 1;
      if (t.kind === 'operator' && (t.value === ')' || t.value === '}')) depth -= 1;
      if (depth === 0) return j;
    }
  }

  /** `@'` … `'@` (or `@"` … `"@`) from the `@` at i. */
  private here(i: number, expandable: boolean): PsToken {
    const quote = expandable ? isDoubleQuote : isSingleQuote;
    const q = expandable ? '"' : "'";
    let j = i + 2;
    while (isWhitespace(this.at(j))) j++;
    if (this.at(j) === undefined) throw new ParseError(i, `The string is missing the terminator: ${q}@.`);
    if (!isNewline(this.at(j))) throw new ParseError(i, 'No characters are allowed after a here-string header but before the end of the line.');
    j += this.lineBreakLength(j);
    const contentStart = j;
    let whitespaceFooter = -1;
    for (;;) {
      if (quote(this.at(j)) && this.at(j + 1) === '@') {
        const content = this.text.slice(contentStart, j).replace(/(?:\r\n|\n|\r)$/, '');
        return this.token(expandable ? 'expandable-here-string' : 'here-string', i, j + 2, content, { expands: expandable && /[$`]/.test(content) });
      }
      let k = j;
      while (isWhitespace(this.at(k))) k++;
      if (k > j && whitespaceFooter < 0 && quote(this.at(k)) && this.at(k + 1) === '@') whitespaceFooter = k;
      while (this.at(j) !== undefined && !isNewline(this.at(j))) j++;
      if (this.at(j) === undefined) {
        if (whitespaceFooter >= 0) throw new ParseError(whitespaceFooter, 'White space is not allowed before the string terminator.');
        throw new ParseError(i, `The string is missing the terminator: ${q}@.`);
      }
      j += this.lineBreakLength(j);
    }
  }

  /** A bare word from i: up to whitespace or a character that ends it, quoted parts included. */
  private word(i: number): PsToken {
    let value = '';
    let expands = false;
    let quoted = false;
    let j = i;
    for (;;) {
      const c = this.at(j);
      if (c === undefined || isWhitespace(c) || isNewline(c) || WORD_END.includes(c)) break;
      if (isSingleQuote(c)) {
        const s = this.single(j);
        value += s.value;
        quoted = true;
        j = s.end;
      } else if (isDoubleQuote(c)) {
        const s = this.double(j);
        value += s.value;
        expands ||= s.expands;
        quoted = true;
        j = s.end;
      } else if (c === '`') {
        const next = this.at(j + 1);
        if (next === undefined || isNewline(next)) break;
        expands = true;
        value += next;
        j += 2;
      } else {
        if (c === '$') expands = true;
        value += c;
        j += 1;
      }
    }
    return this.token('word', i, j, value, { expands, number: !quoted && !expands && NUMBER.test(value) });
  }

  /** The next token from i (skipping whitespace, comments, line continuations), or undefined at the end. */
  next(from: number): PsToken | undefined {
    let i = from;
    for (;;) {
      const c = this.at(i);
      if (c === undefined) return undefined;
      if (isWhitespace(c)) {
        i++;
      } else if (c === '`' && isNewline(this.at(i + 1))) {
        i += 1 + this.lineBreakLength(i + 1);
      } else if (c === '<' && this.at(i + 1) === '#') {
        const end = this.text.indexOf('#>', i + 2);
        if (end < 0 || end + 2 > this.to) throw new ParseError(i, "Missing closing '#>' at the end of a block comment.");
        i = end + 2;
      } else if (c === '#') {
        while (this.at(i) !== undefined && !isNewline(this.at(i))) i++;
      } else {
        break;
      }
    }
    const c = this.at(i) as string;
    const c1 = this.at(i + 1);
    if (isNewline(c)) return this.token('newline', i, i + this.lineBreakLength(i), '\n');
    if (c === ';') return this.token('semicolon', i, i + 1, ';');
    if (c === '@' && isSingleQuote(c1)) return this.here(i, false);
    if (c === '@' && isDoubleQuote(c1)) return this.here(i, true);
    if (c === '@' && (c1 === '(' || c1 === '{')) return this.token('operator', i, i + 2, `@${c1}`);
    if (isSingleQuote(c)) {
      const s = this.single(i);
      return this.token('string', i, s.end, s.value);
    }
    if (isDoubleQuote(c)) {
      const s = this.double(i);
      return this.token('expandable', i, s.end, s.value, { expands: s.expands });
    }
    if (c === '$') {
      if (c1 === '(') return this.token('operator', i, i + 2, '$(');
      const v = /^\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*:[A-Za-z0-9_]+|[A-Za-z0-9_]+|[$?^]))/.exec(this.text.slice(i, this.to));
      if (v) return this.token('variable', i, i + v[0].length, v[1] ?? v[2]);
    }
    if (c === '[') {
      const t = /^\[([A-Za-z_][\w.`[\], ]*?)\]/.exec(this.text.slice(i, this.to));
      if (t) return this.token('type', i, i + t[0].length, t[1]);
    }
    const r = /^(?:[1-6*]>&[1-6]|[1-6*]?>>?|<)/.exec(this.text.slice(i, this.to));
    if (r) return this.token('redirection', i, i + r[0].length, r[0]);
    if ((c === '&' && c1 === '&') || (c === '|' && c1 === '|')) return this.token('operator', i, i + 2, c + c1);
    if ('&|(){},'.includes(c)) return this.token('operator', i, i + 1, c);
    if (c === '=' && (c1 === undefined || isWhitespace(c1) || isNewline(c1))) return this.token('operator', i, i + 1, '=');
    if (isDash(c) && c1 !== undefined && /[A-Za-z_?]/.test(c1)) {
      let j = i + 1;
      while (this.at(j) !== undefined && !isWhitespace(this.at(j)) && !isNewline(this.at(j)) && this.at(j) !== ':' && !WORD_END.includes(this.at(j) as string) && !isSingleQuote(this.at(j)) && !isDoubleQuote(this.at(j))) j++;
      // "Quotes are never part of a parameter. Treat the token as an argument." (tokenizer.cs ScanParameter)
      if (isSingleQuote(this.at(j)) || isDoubleQuote(this.at(j))) return this.word(i);
      const name = this.text.slice(i + 1, j);
      if (this.at(j) === ':') return this.token('parameter', i, j + 1, name, { colon: true });
      return this.token('parameter', i, j, name);
    }
    return this.word(i);
  }
}

/** The tokens of `text[from, to)`, offsets in `text`; stops at the first parse error. */
export function tokenizePowerShell(text: string, from = 0, to = text.length): PsTokens {
  const scanner = new Scanner(text, to);
  const tokens: PsToken[] = [];
  let i = from;
  try {
    for (let t = scanner.next(i); t; t = scanner.next(i)) {
      tokens.push(t);
      i = t.end;
    }
  } catch (e) {
    if (e instanceof ParseError) return { tokens, error: { offset: e.offset, message: e.message } };
    throw e;
  }
  return { tokens };
}

export interface PsStatement {
  /** Its tokens, nested blocks included, without the newline or `;` that ends it. */
  readonly tokens: readonly PsToken[];
}

/**
 * Top-level statements: a newline or `;` outside (), {}, @(), $() and @{} ends one, unless the
 * statement so far ends with `|` or `,` (PowerShell reads on).
 */
export function statementsOf(tokens: readonly PsToken[]): PsStatement[] {
  const out: PsStatement[] = [];
  let current: PsToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'operator' && ROOT_GROUP.has(t.value)) depth += 1;
    if (t.kind === 'operator' && (t.value === ')' || t.value === '}')) depth = Math.max(0, depth - 1);
    if (depth === 0 && (t.kind === 'newline' || t.kind === 'semicolon')) {
      const last = current[current.length - 1];
      if (current.length === 0) continue;
      if (t.kind === 'newline' && last.kind === 'operator' && (last.value === '|' || last.value === ',')) continue;
      out.push({ tokens: current });
      current = [];
      continue;
    }
    if (depth > 0 && t.kind === 'newline') continue;
    current.push(t);
  }
  if (current.length) out.push({ tokens: current });
  return out;
}

/** Index just after the group that opens at tokens[k] (`(`, `$(`, `@(`, `@{`, `{`). */
export function skipGroup(tokens: readonly PsToken[], k: number): number {
  let depth = 0;
  for (let j = k; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.kind === 'operator' && ROOT_GROUP.has(t.value)) depth += 1;
    if (t.kind === 'operator' && (t.value === ')' || t.value === '}')) depth -= 1;
    if (depth === 0) return j + 1;
  }
  return tokens.length;
}

export const isGroupStart = (t: PsToken | undefined): boolean => t !== undefined && t.kind === 'operator' && ROOT_GROUP.has(t.value);
