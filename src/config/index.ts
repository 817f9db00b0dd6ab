/** Reading a config: JSON text → parse (schema) → resolve (defaults) → check (rules). */
import { duplicateKeys, valueText } from '../json-position';
import { error, hasErrors, pointerToken, Problem, SourceText } from '../problems';
import { checkConfig, ConfigPurpose } from './check';
import { checkExclusiveFields } from './check-features';
import { checkCapacityInput } from '../capacity';
import { checkComplianceInput } from '../policy/profile';
import { checkNumbers, parseConfig } from './parse';
import { resolveConfig } from './resolve';
import { Config, ConfigInput } from './types';

export interface LoadedConfig {
  /** null when any error was found. */
  readonly config: Config | null;
  /** Errors and warnings, in the order found. */
  readonly problems: readonly Problem[];
}

export interface LoadOptions {
  /**
   * `cluster` for `eksng cluster`: the rules that need values of a deployed cluster (endpoint, CA,
   * service CIDR) are skipped, since the cluster stack is what makes them. See `ConfigPurpose`.
   * @default "nodeGroups"
   */
  readonly for?: ConfigPurpose;
  /** The config's text by pointer, for messages that show a value as written (1e400). */
  readonly source?: SourceText;
}

export function loadConfig(text: string, options: LoadOptions = {}): LoadedConfig {
  const json = parseJson(text);
  if ('problem' in json) return { config: null, problems: [json.problem] };
  const source = (at: string) => valueText(text, at);
  const parsed = parseConfig(json.value, source);
  if (!parsed.value) return { config: null, problems: parsed.problems };
  return loadConfigInput(parsed.value, { source, ...options });
}

/**
 * Stages 2 and 3 on a config that already passed the schema, e.g. after values from the cluster
 * stack's outputs were filled in (`applyClusterOutputs`).
 */
export function loadConfigInput(input: ConfigInput, options: LoadOptions = {}): LoadedConfig {
  const exclusive = [...checkExclusiveFields(input, options.for ?? 'nodeGroups'), ...checkCapacityInput(input), ...checkComplianceInput(input)];
  if (hasErrors(exclusive)) return { config: null, problems: [...exclusive, ...checkNumbers(input, exclusive, options.source)] };
  const config = resolveConfig(input);
  // The input stage's warnings too (the compliance profile's hop limit).
  const checked = [...exclusive, ...checkConfig(config, options.for ?? 'nodeGroups')];
  const problems = [...checked, ...checkNumbers(input, checked, options.source)];
  return { config: hasErrors(problems) ? null : config, problems };
}

/** Deeper than this, a JSON value is refused: no config nests more than a few levels, and deep nesting only exhausts the stack. */
export const MAX_JSON_DEPTH = 64;

/** The pointer of the first place deeper than `max` (iteratively: the value may be too deep to recurse into). */
function tooDeep(value: unknown, max: number): string | null {
  const stack: Array<[unknown, string, number]> = [[value, '', 0]];
  while (stack.length > 0) {
    const [v, at, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return at;
    for (const [k, child] of Object.entries(v)) stack.push([child, `${at}/${pointerToken(k)}`, depth + 1]);
  }
  return null;
}

/**
 * JSON text → value, refusing what JSON.parse lets through silently: a key given twice in one
 * object (the last would win, e.g. a second "nodeGroups" list dropping the first) and nesting
 * deeper than MAX_JSON_DEPTH.
 */
export function parseJson(text: string): { value: unknown } | { problem: Problem } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /at position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${column})`;
    }
    return { problem: error('json.syntax', '', `is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}${where}`) };
  }
  const deep = tooDeep(value, MAX_JSON_DEPTH);
  if (deep !== null) return { problem: error('json.depth', deep, `nests deeper than ${MAX_JSON_DEPTH} levels; no eksng config does`) };
  const duplicate = duplicateKeys(text)[0];
  if (duplicate) {
    const { pointer: at, first, second } = duplicate;
    return { problem: error('json.duplicate-key', at, `is given twice in one object (line ${first.line}, column ${first.column} and line ${second.line}, column ${second.column}); JSON readers keep only the last: remove one`) };
  }
  return { value };
}

export type { Config, NodeGroup, Cluster, ConfigInput, Network } from './types';
export type { ConfigPurpose } from './check';
