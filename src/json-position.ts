/**
 * Where a JSON pointer points in a JSON text (1-based line and column of the value, or of the key
 * for a missing member's parent), for annotations on the user's own file. A small scanner over
 * valid JSON: it walks the text once and records each value's position by its pointer.
 */
import { pointerToken } from './problems';

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface Scan {
  /** Offset of each value, by its pointer. */
  readonly positions: Map<string, number>;
  /** Members whose key appeared before in the same object: JSON.parse keeps only the last. */
  readonly duplicates: Array<{ readonly pointer: string; readonly first: number; readonly second: number }>;
}

function scan(text: string): Scan | null {
  const positions = new Map<string, number>();
  const duplicates: Scan['duplicates'] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (at: string): void => {
    ws();
    positions.set(at, i);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      const seen = new Map<string, number>();
      for (;;) {
        ws();
        const keyAt = i;
        const key = str();
        const first = seen.get(key);
        if (first !== undefined) duplicates.push({ pointer: `${at}/${pointerToken(key)}`, first, second: keyAt });
        else seen.set(key, keyAt);
        ws();
        i++; // ':'
        value(`${at}/${pointerToken(key)}`);
        ws();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${at}/${n}`);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && /[^\s,\]}]/.test(text[i])) i++;
    }
  };
  try {
    value('');
  } catch {
    return null;
  }
  return { positions, duplicates };
}

function lineColumn(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

export function positionOf(text: string, pointer: string): Position | null {
  const positions = scan(text)?.positions;
  if (!positions) return null;
  // A pointer to a missing member (e.g. a required field) is shown at the closest existing parent.
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const offset = positions.get(p);
    if (offset !== undefined) return lineColumn(text, offset);
    if (p === '') return null;
  }
}

/** Keys given twice in one object of a (valid) JSON text, with where each was written. */
export function duplicateKeys(text: string): Array<{ readonly pointer: string; readonly first: Position; readonly second: Position }> {
  return (scan(text)?.duplicates ?? []).map((d) => ({ pointer: d.pointer, first: lineColumn(text, d.first), second: lineColumn(text, d.second) }));
}

/**
 * The text of the scalar a pointer designates, as written (`1e400`, `"a"`, `true`): what a message
 * shows where the parsed value would mislead (JSON.parse reads 1e400 as Infinity). Null for a
 * missing member, an object or array, or text that is not valid JSON.
 */
export function valueText(text: string, pointer: string): string | null {
  const offset = scan(text)?.positions.get(pointer);
  if (offset === undefined) return null;
  const token = /^(?:"(?:[^"\\]|\\.)*"|[^\s,\]}{[]+)/.exec(text.slice(offset));
  return token ? token[0] : null;
}
