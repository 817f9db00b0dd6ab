/**
 * Bottlerocket as early-boot-config reads it: the user data is TOML; its `settings` go to the
 * settings API, whose models are `deny_unknown_fields` — one unknown key or a value of the wrong
 * type fails the whole submission and the kubelet never starts. Only the sections we have a model
 * for may appear, so that nothing unchecked reaches a node.
 */
import { readFileSync } from 'fs';
import { isIP } from 'net';
import * as path from 'path';
import { TomlError, parse } from 'smol-toml';
import { BottlerocketContract, BottlerocketSetting } from './contracts';
import { Violation, isPlainObject, violation } from './violations';

export interface BottlerocketReading {
  readonly violations: Violation[];
  /** The parsed TOML; integers are bigint, floats number, as TOML distinguishes them. */
  readonly toml?: unknown;
}

const FAILS = 'early-boot-config fails and the kubelet never starts';

/** How a TOML value reads in a message: integers are bigint, floats number. */
function describeToml(value: unknown): string {
  if (typeof value === 'bigint') return `integer ${value}`;
  if (typeof value === 'number') return `float ${value}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (value instanceof Date) return 'datetime';
  if (Array.isArray(value)) return 'array';
  return 'table';
}

function isType(value: unknown, spec: Pick<BottlerocketSetting, 'type' | 'acceptsScalar' | 'format'>): boolean {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      // IntegerPercent also takes a numeric string ("a number or a numeric string").
      return typeof value === 'bigint' || (spec.format === 'IntegerPercent' && typeof value === 'string' && /^-?\d+$/.test(value));
    case 'number':
      // serde reads a TOML integer into a float field too.
      return typeof value === 'bigint' || typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string-array':
      return (Array.isArray(value) && value.every((v) => typeof v === 'string')) || (spec.acceptsScalar === true && typeof value === 'string');
    case 'map':
    case 'object':
      return isPlainObject(value);
  }
}

/** A Kubernetes quantity as Bottlerocket's modeled types match it (KUBERNETES_QUANTITY). */
const QUANTITY = /^(?:[+-]?[0-9.]+(?:e?[0-9]*)|[+-]?[0-9.]+(?:[EPTGMK]i?)?|[+-]?[0-9.]+[numk]?)$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Checks of the Rust types named in the model (bottlerocket-settings-models modeled-types), for the
 * ones whose rule is a pattern; other names are not checked here.
 */
const FORMATS: Readonly<Record<string, (s: string) => boolean>> = {
  KubernetesLabelKey: (s) => /^(?:[A-Za-z0-9.-]{1,253}\/)?[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(s),
  KubernetesLabelValue: (s) => LABEL_VALUE.test(s),
  KubernetesTaintValue: (s) => /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?)?:[A-Za-z0-9]{1,253}$/.test(s),
  KubernetesQuantityValue: (s) => QUANTITY.test(s),
  KubernetesThresholdValue: (s) => (s.endsWith('%') ? /^\d+(?:\.\d+)?%$/.test(s) && Number.parseFloat(s) < 100 : QUANTITY.test(s)),
  KubernetesDurationValue: (s) => s !== '' && /^(([0-9]+\.)?[0-9]+h)?(([0-9]+\.)?[0-9]+m)?(([0-9]+\.)?[0-9]+s)?(([0-9]+\.)?[0-9]+ms)?$/.test(s),
  KubernetesClusterName: (s) => /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(s),
  IpAddr: (s) => isIP(s) !== 0,
  ValidBase64: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  SingleLineString: (s) => !/[\r\n]/.test(s),
  Identifier: (s) => /^[A-Za-z0-9-]+$/.test(s),
};

function checkString(s: string, format: string | undefined, pattern: string | undefined, at: string): Violation[] {
  const check = format === undefined ? undefined : FORMATS[format];
  if (check && !check(s)) return [violation('bottlerocket', 'bad-value', at, `${describeToml(s)} is not a valid ${format}: ${FAILS}`)];
  if (!check && pattern !== undefined && !new RegExp(pattern).test(s)) {
    return [violation('bottlerocket', 'bad-value', at, `${describeToml(s)} does not match ${pattern}: ${FAILS}`)];
  }
  return [];
}

function checkSetting(value: unknown, spec: BottlerocketSetting, at: string): Violation[] {
  if (!isType(value, spec)) {
    return [violation('bottlerocket', 'wrong-type', at, `must be ${spec.type}, got ${describeToml(value)}: ${FAILS}`)];
  }
  const out: Violation[] = [];
  if (spec.removed !== undefined) out.push(violation('bottlerocket', 'unknown-field', at, `was removed (${spec.removed.split(';')[0]}): newer Bottlerocket refuses it`));
  const items = Array.isArray(value) ? value : [value];
  if (spec.enum && !items.every((v) => spec.enum?.some((e) => String(e) === String(v)))) {
    out.push(violation('bottlerocket', 'bad-value', at, `must be ${spec.type === 'string-array' ? 'made of' : 'one of'} ${spec.enum.join(', ')}, got ${items.map(describeToml).join(', ')}: ${FAILS}`));
  }
  if (typeof value === 'string' && spec.type === 'string') out.push(...checkString(value, spec.format, spec.pattern, at));
  if (spec.type === 'string-array') items.forEach((v, i) => typeof v === 'string' && out.push(...checkString(v, spec.itemFormat, undefined, Array.isArray(value) ? `${at}[${i}]` : at)));
  if (typeof value === 'bigint' && ((spec.minimum !== undefined && value < spec.minimum) || (spec.maximum !== undefined && value > spec.maximum))) {
    out.push(violation('bottlerocket', 'bad-value', at, `${describeToml(value)} is outside ${spec.minimum ?? '…'}..${spec.maximum ?? '…'}: ${FAILS}`));
  }
  if (spec.format === 'NonNegativeInteger' && typeof value === 'bigint' && value < 0n) {
    out.push(violation('bottlerocket', 'bad-value', at, `${describeToml(value)} is negative: ${FAILS}`));
  }
  if ((spec.type === 'map' || spec.type === 'object') && isPlainObject(value)) out.push(...checkTable(value, spec, at));
  return out;
}

/** A map's keys and values, or a struct's fields. */
function checkTable(table: Record<string, unknown>, spec: BottlerocketSetting, at: string): Violation[] {
  const out: Violation[] = [];
  for (const [k, v] of Object.entries(table)) {
    const where = `${at}.${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)}`;
    if (spec.keys && !spec.keys.includes(k)) {
      out.push(violation('bottlerocket', 'unknown-field', where, `is not one of ${spec.keys.join(', ')}: ${FAILS}`));
      continue;
    }
    const keyCheck = spec.keyFormat === undefined ? undefined : FORMATS[spec.keyFormat];
    if (keyCheck && !keyCheck(k)) out.push(violation('bottlerocket', 'bad-value', where, `key is not a valid ${spec.keyFormat}: ${FAILS}`));
    if (spec.values === undefined) continue;
    if (spec.values === 'object' && spec.valueFields) {
      if (!isPlainObject(v)) out.push(violation('bottlerocket', 'wrong-type', where, `must be a table, got ${describeToml(v)}: ${FAILS}`));
      else out.push(...checkFields(v, spec.valueFields, where, 'is not a field here'));
      continue;
    }
    const valueSpec: BottlerocketSetting = {
      type: spec.values,
      format: spec.values === 'string' ? spec.valueFormat : undefined,
      itemFormat: spec.values === 'string-array' ? spec.valueFormat : undefined,
      acceptsScalar: spec.values === 'string-array' && spec.acceptsScalar,
    };
    out.push(...checkSetting(v, valueSpec, where));
  }
  return out;
}

function checkFields(table: Record<string, unknown>, fields: Readonly<Record<string, BottlerocketSetting>>, at: string, unknown: string, hintFor?: (key: string) => string): Violation[] {
  const byName = new Map<string, BottlerocketSetting>();
  for (const [name, spec] of Object.entries(fields)) {
    byName.set(name, spec);
    if (spec.alias !== undefined) byName.set(spec.alias, spec);
  }
  return Object.entries(table).flatMap(([key, value]) => {
    const where = `${at}.${key}`;
    const spec = byName.get(key);
    if (!spec) return [violation('bottlerocket', 'unknown-field', where, `${unknown}: ${FAILS}${hintFor ? hintFor(key) : ''}`)];
    return checkSetting(value, spec, where);
  });
}

function kebab(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** For a key that looks like a kubelet field in kebab-case, the setting that really carries it. */
function hint(key: string, contract: BottlerocketContract): string {
  for (const [field, setting] of Object.entries(contract.kubelet)) {
    if (kebab(field) === key && setting !== key) return ` (the kubelet's ${field} is settings.kubernetes.${setting})`;
  }
  return '';
}

function checkKubernetes(table: Record<string, unknown>, contract: BottlerocketContract): Violation[] {
  return checkFields(table, contract.settings, 'settings.kubernetes', 'is not a Bottlerocket setting', (key) => hint(key, contract));
}

function checkHostContainers(table: Record<string, unknown>, contract: BottlerocketContract): Violation[] {
  return Object.entries(table).flatMap(([name, container]) => {
    const at = `settings.host-containers.${name}`;
    if (!isPlainObject(container)) return [violation('bottlerocket', 'wrong-type', at, `must be a table, got ${describeToml(container)}: ${FAILS}`)];
    return checkFields(container, contract.hostContainerFields, at, 'is not a host-container setting');
  });
}

/** settings.bootstrap-commands as Bottlerocket decodes it, and the ephemeral-storage commands as apiclient and the API server take them. */
const BOOTSTRAP = JSON.parse(readFileSync(path.join(__dirname, '../../src/families/contract/bottlerocket-bootstrap-commands.json'), 'utf8')) as {
  identifierPattern: string;
  fields: { mode: { enum: string[] } };
  ephemeralStorage: { subcommands: Record<string, { options: string[] }>; bindDirs: { allVariants: string[]; k8sVariants: string[]; allowedPrefixes: string[]; disallowedSubstrings: string[] } };
};

function checkEphemeralStorage(words: string[], at: string): Violation[] {
  const [, , sub, ...rest] = words;
  const spec = BOOTSTRAP.ephemeralStorage.subcommands[sub];
  if (!spec) return [violation('bottlerocket', 'bad-value', at, `apiclient ephemeral-storage has no subcommand "${sub}": ${FAILS}`)];
  const violations = rest.filter((w) => w.startsWith('-') && !spec.options.includes(w)).map((w) => violation('bottlerocket', 'unknown-flag', at, `ephemeral-storage ${sub} has no option ${w}: ${FAILS}`));
  if (sub === 'bind') {
    const b = BOOTSTRAP.ephemeralStorage.bindDirs;
    for (const dir of rest.filter((w) => !w.startsWith('-'))) {
      const ok = (b.allVariants.includes(dir) || b.k8sVariants.includes(dir) || b.allowedPrefixes.some((p) => dir.startsWith(p))) && !b.disallowedSubstrings.some((d) => dir.includes(d));
      if (!ok) violations.push(violation('bottlerocket', 'bad-value', at, `${dir} is not a directory the API server lets ephemeral storage bind on a Kubernetes variant: ${FAILS}`));
    }
  }
  return violations;
}

function checkBootstrapCommands(table: Record<string, unknown>): Violation[] {
  return Object.entries(table).flatMap(([name, entry]): Violation[] => {
    const at = `settings.bootstrap-commands.${name}`;
    if (!new RegExp(BOOTSTRAP.identifierPattern).test(name)) return [violation('bottlerocket', 'bad-value', at, `"${name}" is not an Identifier (letters, digits and "-", at most 76): ${FAILS}`)];
    if (!isPlainObject(entry)) return [violation('bottlerocket', 'wrong-type', at, `must be a table, got ${describeToml(entry)}: ${FAILS}`)];
    const violations: Violation[] = [];
    for (const key of Object.keys(entry)) if (!['commands', 'mode', 'essential'].includes(key)) violations.push(violation('bottlerocket', 'unknown-field', `${at}.${key}`, `is not a bootstrap-command field: ${FAILS}`));
    if (entry.mode !== undefined && !BOOTSTRAP.fields.mode.enum.includes(entry.mode as string)) violations.push(violation('bottlerocket', 'bad-value', `${at}.mode`, `must be one of ${BOOTSTRAP.fields.mode.enum.join(', ')}: ${FAILS}`));
    if (entry.mode === undefined || entry.mode === 'off') violations.push(violation('bottlerocket', 'not-run', `${at}.mode`, 'is off (the default): the command never runs'));
    if (entry.essential !== undefined && typeof entry.essential !== 'boolean') violations.push(violation('bottlerocket', 'wrong-type', `${at}.essential`, `must be a boolean: ${FAILS}`));
    const commands = entry.commands;
    if (!Array.isArray(commands) || !commands.every((c) => Array.isArray(c) && c.every((w) => typeof w === 'string'))) {
      violations.push(violation('bottlerocket', 'wrong-type', `${at}.commands`, `must be a list of lists of strings: ${FAILS}`));
      return violations;
    }
    (commands as string[][]).forEach((words, j) => {
      const where = `${at}.commands[${j}]`;
      if (words[0] !== 'apiclient') violations.push(violation('bottlerocket', 'bad-value', where, `must start with "apiclient" (ApiclientCommand): ${FAILS}`));
      else if (words[1] === 'ephemeral-storage') violations.push(...checkEphemeralStorage(words, where));
    });
    return violations;
  });
}

const SECTIONS: Readonly<Record<string, (table: Record<string, unknown>, c: BottlerocketContract) => Violation[]>> = {
  kubernetes: checkKubernetes,
  'host-containers': checkHostContainers,
  'bootstrap-commands': checkBootstrapCommands,
};

export function readBottlerocket(userData: string, contract: BottlerocketContract): BottlerocketReading {
  let toml: Record<string, unknown>;
  try {
    toml = parse(userData, { integersAsBigInt: true });
  } catch (e) {
    const message = e instanceof TomlError || e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { violations: [violation('bottlerocket', 'syntax', 'user data', `is not TOML: ${message}: ${FAILS}`)] };
  }
  const violations: Violation[] = [];
  for (const [top, value] of Object.entries(toml)) {
    if (top !== 'settings') {
      violations.push(violation('checker', 'no-model', top, 'is not under [settings]: the checker has no model for it'));
      continue;
    }
    if (!isPlainObject(value)) {
      violations.push(violation('bottlerocket', 'wrong-type', 'settings', `must be a table, got ${describeToml(value)}: ${FAILS}`));
      continue;
    }
    for (const [section, table] of Object.entries(value)) {
      const check = SECTIONS[section];
      if (!check) violations.push(violation('checker', 'no-model', `settings.${section}`, 'has no model in the checker: eksng must not emit it unchecked'));
      else if (!isPlainObject(table)) violations.push(violation('bottlerocket', 'wrong-type', `settings.${section}`, `must be a table, got ${describeToml(table)}: ${FAILS}`));
      else violations.push(...check(table, contract));
    }
  }
  return { violations, toml };
}
