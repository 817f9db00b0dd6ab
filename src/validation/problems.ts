/** ajv's errors as problems a user can act on: a JSON pointer, what is wrong, and what would be valid. */
import type { ErrorObject } from 'ajv';
import { describePattern } from '../config/patterns';
import { describeValue, error, NO_SOURCE, pointer, pointerToken, Problem, SourceText } from '../problems';

/**
 * Turns ajv errors into problems a user can act on, one per distinct place and cause.
 * @param source the text of a value in the user's file, to name what JSON readers cannot hold (1e400)
 */
export function schemaProblems(errors: readonly ErrorObject[], input: unknown, source: SourceText = NO_SOURCE): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors) {
    // ajv reports a bad map key twice: once for the key's pattern (kept), once as propertyNames.
    if (e.keyword === 'propertyNames') continue;
    const p = schemaProblem(e, input, source);
    const key = `${p.pointer}\u0000${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  }
  return problems;
}

function schemaProblem(e: ErrorObject, input: unknown, source: SourceText): Problem {
  const at = e.instancePath;
  const value = valueAt(input, at);
  // The file's text only where the parsed value misleads: a number too large, read as Infinity.
  const got = (typed = false) => describeValue(value, { typed, written: typeof value === 'number' && !Number.isFinite(value) ? source(at) : null });
  if (e.propertyName !== undefined) {
    // A map key (labels, tags) that breaks its pattern: point at the key itself.
    const what = describePattern(String((e.params as Record<string, unknown>).pattern ?? '')) ?? 'a valid key';
    return error('schema.key', at + pointer(e.propertyName), `is not a valid key: must be ${what}`);
  }
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return error('schema.required', at + pointer(String(params.missingProperty)), 'is required');
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const hint = closest(name, allowed);
      return error(
        'schema.unknown-field',
        at + '/' + pointerToken(name),
        `unknown field "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}; allowed: ${allowed.join(', ')}`,
      );
    }
    case 'type': {
      const hint = params.type === 'string' && typeof value === 'number' && Number.isFinite(value) ? ' (write numbers like versions in quotes: "1.33")' : '';
      return error('schema.type', at, `must be ${article(String(params.type))}, got ${got(true)}${hint}`);
    }
    case 'enum':
      return error('schema.enum', at, `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${got()}`);
    case 'pattern': {
      const what = describePattern(String(params.pattern)) ?? `matching ${String(params.pattern)}`;
      return error('schema.pattern', at, `must be ${what}, got ${got()}`);
    }
    case 'minimum':
      return error('schema.minimum', at, `must be ≥ ${String(params.limit)}, got ${got()}`);
    case 'maximum':
      return error('schema.maximum', at, `must be ≤ ${String(params.limit)}, got ${got()}`);
    case 'minItems':
      return error('schema.min-items', at, `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`);
    case 'minLength':
      return error('schema.min-length', at, `must not be empty`);
    case 'maxLength':
      return error('schema.max-length', at, `must be at most ${String(params.limit)} characters, got ${String(value).length}`);
    case 'uniqueItems':
      return error('schema.unique', at, `must not repeat an item (items ${String(params.j)} and ${String(params.i)} are equal)`);
    case 'exclusiveMinimum':
      return error('schema.minimum', at, `must be > ${String(params.limit)}, got ${got()}`);
    case 'maxItems':
      return error('schema.max-items', at, `must have at most ${String(params.limit)} items`);
    case 'maxProperties':
      return error('schema.max-properties', at, `must have at most ${String(params.limit)} entries`);
    default:
      return error(`schema.${e.keyword}`, at, e.message ?? 'is invalid');
  }
}

/** Reads the value a JSON pointer designates (for messages only). */
export function valueAt(doc: unknown, ptr: string): unknown {
  if (ptr === '') return doc;
  let cur: unknown = doc;
  for (const raw of ptr.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[token];
  }
  return cur;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The allowed name nearest to a typo, if it is close enough to be a plausible typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
