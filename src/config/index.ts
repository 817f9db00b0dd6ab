/** Reading a config: JSON text → parse (schema) → resolve (defaults) → check (rules). */
import { error, hasErrors, Problem } from '../problems';
import { checkConfig, ConfigPurpose } from './check';
import { checkExclusiveFields } from './check-features';
import { parseConfig } from './parse';
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
}

export function loadConfig(text: string, options: LoadOptions = {}): LoadedConfig {
  const json = parseJson(text);
  if ('problem' in json) return { config: null, problems: [json.problem] };
  const parsed = parseConfig(json.value);
  if (!parsed.value) return { config: null, problems: parsed.problems };
  return loadConfigInput(parsed.value, options);
}

/**
 * Stages 2 and 3 on a config that already passed the schema, e.g. after values from the cluster
 * stack's outputs were filled in (`applyClusterOutputs`).
 */
export function loadConfigInput(input: ConfigInput, options: LoadOptions = {}): LoadedConfig {
  const exclusive = checkExclusiveFields(input);
  if (hasErrors(exclusive)) return { config: null, problems: exclusive };
  const config = resolveConfig(input);
  const problems = checkConfig(config, options.for ?? 'nodeGroups');
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

export type { Config, NodeGroup, Cluster, ConfigInput, Network } from './types';
export type { ConfigPurpose } from './check';
