/** Reading a config: JSON text → parse (schema) → resolve (defaults) → check (rules). */
import { error, hasErrors, Problem } from '../problems';
import { checkConfig } from './check';
import { parseConfig } from './parse';
import { resolveConfig } from './resolve';
import { Config } from './types';

export interface LoadedConfig {
  /** null when any error was found. */
  readonly config: Config | null;
  /** Errors and warnings, in the order found. */
  readonly problems: readonly Problem[];
}

export function loadConfig(text: string): LoadedConfig {
  const json = parseJson(text);
  if ('problem' in json) return { config: null, problems: [json.problem] };
  const parsed = parseConfig(json.value);
  if (!parsed.value) return { config: null, problems: parsed.problems };
  const config = resolveConfig(parsed.value);
  const problems = checkConfig(config);
  return { config: hasErrors(problems) ? null : config, problems };
}

export function parseJson(text: string): { value: unknown } | { problem: Problem } {
  try {
    return { value: JSON.parse(text) as unknown };
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
}

export type { Config, NodeGroup, Cluster, ConfigInput } from './types';
