/**
 * The models of the programs that read our user data on the node, as JSON files written from those
 * programs' sources (src/families/contract/*.json). Read lazily — no I/O at import time — and
 * checked for shape, so that a changed file fails here with its name rather than as a wrong verdict.
 */
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { isPlainObject } from './violations';

/** A kubelet field's JSON type; `duration` is a Go duration string ("30s"). */
export type KubeletType = 'string' | 'integer' | 'number' | 'boolean' | 'duration' | 'object' | 'array';

export interface KubeletField {
  readonly type: KubeletType;
  /** For a map (`object` without `fields`): the type of every value. */
  readonly values?: KubeletType;
  /** For a map whose values are arrays: the type of their items. */
  readonly valueItems?: KubeletType;
  /** For an `array`: the type of its items. */
  readonly items?: KubeletType;
  /** For an array of objects: their fields. */
  readonly itemFields?: Readonly<Record<string, KubeletField>>;
  /** For a struct: its fields. */
  readonly fields?: Readonly<Record<string, KubeletField>>;
  readonly enum?: readonly string[];
  readonly deprecated?: boolean;
  readonly since?: string;
}

export interface KubeletContract {
  /** apiVersion and kind: allowed at the top of a KubeletConfiguration. */
  readonly typeMeta: readonly string[];
  readonly fields: Readonly<Record<string, KubeletField>>;
  /** Fields some older release had: `{ firstRelease, lastRelease }` or similar. */
  readonly removedFields: Readonly<Record<string, unknown>>;
  /** Fields only on the kubelet's master branch. */
  readonly unreleasedFields: Readonly<Record<string, unknown>>;
}

export interface NodeadmContract {
  /** JSON Schema (draft-07) of one NodeConfig document. */
  readonly schema: Record<string, unknown>;
  /** Dotted paths nodeadm's ValidateNodeConfig requires of the merged NodeConfig. */
  readonly requiredAfterMerge: readonly string[];
}

/** `object` only as the value type of a map whose values are structs (`valueFields`). */
export type BottlerocketType = 'string' | 'integer' | 'number' | 'boolean' | 'string-array' | 'map' | 'object';

export interface BottlerocketSetting {
  readonly type: BottlerocketType;
  /** For a `map`: the type of every value. */
  readonly values?: BottlerocketType;
  /** For a `map` whose values are `object`: their fields. */
  readonly valueFields?: Readonly<Record<string, BottlerocketSetting>>;
  /** For a `map`: the only keys allowed. */
  readonly keys?: readonly string[];
  /** Allowed values; for a `string-array`, allowed items. */
  readonly enum?: readonly (string | number)[];
  /** A regular expression a string (or each item) must match. */
  readonly pattern?: string;
  /** Names of the Rust types that validate the value, its items, a map's keys and values. */
  readonly format?: string;
  readonly itemFormat?: string;
  readonly keyFormat?: string;
  readonly valueFormat?: string;
  /** A `string-array` that also accepts a single string. */
  readonly acceptsScalar?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  /** Another key serde accepts for this setting. */
  readonly alias?: string;
  /** Set when newer Bottlerocket no longer has the setting (and so refuses it). */
  readonly removed?: string;
}

export interface BottlerocketContract {
  /** `settings.kubernetes.<key>`. */
  readonly settings: Readonly<Record<string, BottlerocketSetting>>;
  /** KubeletConfiguration field → its `settings.kubernetes` key (not a kebab-case mapping). */
  readonly kubelet: Readonly<Record<string, string>>;
  /** `settings.host-containers.<name>.<field>`. */
  readonly hostContainerFields: Readonly<Record<string, BottlerocketSetting>>;
}

export interface BootstrapFlag {
  /** Whether it takes the next word as its value (bootstrap.sh: `shift; shift`). */
  readonly argument: boolean;
  readonly values?: readonly string[];
  /** `integer` when the value must be digits. */
  readonly valueType?: string;
  readonly default?: string;
}

export interface BootstrapRewrite {
  /** The kubelet-config.json field that bootstrap.sh writes. */
  readonly field: string;
  /** When it does, as text from the script's conditions ("always", "unless --use-max-pods …"). */
  readonly when: string;
}

export interface BootstrapContract {
  readonly positional: readonly string[];
  /** By name, aliases (`--help`) included. */
  readonly flags: Readonly<Record<string, BootstrapFlag>>;
  readonly rewrites: readonly BootstrapRewrite[];
  readonly kubeletConfigFile: string;
}

/** PowerShell types of Start-EKSBootstrap.ps1's parameters that the reader knows how to bind. */
export type WindowsParameterType = 'string' | 'string[]';

export interface WindowsParameter {
  /** As the script's param() block spells it; PowerShell matches it case-insensitively. */
  readonly name: string;
  readonly type: WindowsParameterType;
  /** `[Parameter(Mandatory=$true)]`. */
  readonly required: boolean;
  /** `[ValidateSet(...)]` (PowerShell compares case-insensitively). */
  readonly enum?: readonly string[];
}

export interface WindowsContract {
  /** The script's path on the AMI (`C:\Program Files\Amazon\EKS\Start-EKSBootstrap.ps1`). */
  readonly script: string;
  /** The same path as every published user data writes it, inside double quotes (`$env:ProgramFiles\…`). */
  readonly scriptEnvForm: string;
  /** In the order of the param() block: the order PowerShell binds positional arguments in. */
  readonly parameters: readonly WindowsParameter[];
}

export interface Contracts {
  readonly kubelet: KubeletContract;
  readonly nodeadm: NodeadmContract;
  readonly bottlerocket: BottlerocketContract;
  readonly bootstrap: BootstrapContract;
  readonly windows: WindowsContract;
}

/** Where the generator keeps them; stand-ins for the unit tests live in ./fixtures. */
export const CONTRACT_DIR = path.join(__dirname, '..', '..', 'src', 'families', 'contract');
export const FILES = {
  kubelet: 'kubelet-config-v1beta1.json',
  nodeadm: 'nodeadm-v1alpha1.json',
  bottlerocket: 'bottlerocket-kubernetes-settings.json',
  bootstrap: 'bootstrap-sh-flags.json',
  windows: 'windows-bootstrap.json',
} as const;

class ContractShapeError extends Error {}

function fail(where: string, what: string): never {
  throw new ContractShapeError(`${where}: ${what}`);
}

function objectAt(value: unknown, where: string): Record<string, unknown> {
  if (!isPlainObject(value)) fail(where, 'must be an object');
  return value;
}

function stringsAt(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) fail(where, 'must be an array of strings');
  return value;
}

function optionalStrings(value: unknown, where: string): string[] | undefined {
  return value === undefined ? undefined : stringsAt(value, where);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) fail(where, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return found;
}

const KUBELET_TYPES: readonly KubeletType[] = ['string', 'integer', 'number', 'boolean', 'duration', 'object', 'array'];
const BOTTLEROCKET_TYPES: readonly BottlerocketType[] = ['string', 'integer', 'number', 'boolean', 'string-array', 'map', 'object'];

function kubeletField(value: unknown, where: string): KubeletField {
  const o = objectAt(value, where);
  const typeOf = (key: string) => (o[key] === undefined ? undefined : oneOf(o[key], KUBELET_TYPES, `${where}.${key}`));
  return {
    type: oneOf(o.type, KUBELET_TYPES, `${where}.type`),
    values: typeOf('values'),
    valueItems: typeOf('valueItems'),
    items: typeOf('items'),
    itemFields: o.itemFields === undefined ? undefined : kubeletFields(o.itemFields, `${where}.itemFields`),
    fields: o.fields === undefined ? undefined : kubeletFields(o.fields, `${where}.fields`),
    enum: optionalStrings(o.enum, `${where}.enum`),
    deprecated: o.deprecated === true,
    since: typeof o.since === 'string' ? o.since : undefined,
  };
}

function kubeletFields(value: unknown, where: string): Record<string, KubeletField> {
  return Object.fromEntries(Object.entries(objectAt(value, where)).map(([k, v]) => [k, kubeletField(v, `${where}.${k}`)]));
}

export function parseKubeletContract(json: unknown, where = FILES.kubelet): KubeletContract {
  const o = objectAt(json, where);
  const unreleased = o.unreleasedFields === undefined ? {} : objectAt(o.unreleasedFields, `${where}.unreleasedFields`);
  return {
    typeMeta: stringsAt(o.typeMeta, `${where}.typeMeta`),
    fields: kubeletFields(o.fields, `${where}.fields`),
    removedFields: o.removedFields === undefined ? {} : objectAt(o.removedFields, `${where}.removedFields`),
    // Either { fields: {...}, version } or the fields themselves.
    unreleasedFields: isPlainObject(unreleased.fields) ? unreleased.fields : unreleased,
  };
}

export function parseNodeadmContract(json: unknown, where = FILES.nodeadm): NodeadmContract {
  const o = objectAt(json, where);
  const merged = o.mergedRequirements === undefined ? {} : objectAt(o.mergedRequirements, `${where}.mergedRequirements`);
  return {
    schema: objectAt(o.schema, `${where}.schema`),
    requiredAfterMerge: merged.required === undefined ? [] : stringsAt(merged.required, `${where}.mergedRequirements.required`),
  };
}

function optionalString(o: Record<string, unknown>, key: string, where: string): string | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== 'string') fail(`${where}.${key}`, 'must be a string');
  return v;
}

function optionalNumber(o: Record<string, unknown>, key: string, where: string): number | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== 'number') fail(`${where}.${key}`, 'must be a number');
  return v;
}

function bottlerocketSetting(value: unknown, where: string): BottlerocketSetting {
  const o = objectAt(value, where);
  const en = o.enum;
  if (en !== undefined && (!Array.isArray(en) || !en.every((e): e is string | number => typeof e === 'string' || typeof e === 'number'))) {
    fail(`${where}.enum`, 'must be an array of strings or numbers');
  }
  const pattern = optionalString(o, 'pattern', where);
  if (pattern !== undefined) new RegExp(pattern); // throws here, with the file named below, if JS cannot read it
  return {
    type: oneOf(o.type, BOTTLEROCKET_TYPES, `${where}.type`),
    values: o.values === undefined ? undefined : oneOf(o.values, BOTTLEROCKET_TYPES, `${where}.values`),
    valueFields: o.valueFields === undefined ? undefined : bottlerocketSettings(o.valueFields, `${where}.valueFields`),
    keys: optionalStrings(o.keys, `${where}.keys`),
    enum: en,
    pattern,
    format: optionalString(o, 'format', where),
    itemFormat: optionalString(o, 'itemFormat', where),
    keyFormat: optionalString(o, 'keyFormat', where),
    valueFormat: optionalString(o, 'valueFormat', where),
    acceptsScalar: o.acceptsScalar === true,
    minimum: optionalNumber(o, 'minimum', where),
    maximum: optionalNumber(o, 'maximum', where),
    alias: optionalString(o, 'alias', where),
    removed: optionalString(o, 'removed', where),
  };
}

function bottlerocketSettings(value: unknown, where: string): Record<string, BottlerocketSetting> {
  return Object.fromEntries(Object.entries(objectAt(value, where)).map(([k, v]) => [k, bottlerocketSetting(v, `${where}.${k}`)]));
}

export function parseBottlerocketContract(json: unknown, where = FILES.bottlerocket): BottlerocketContract {
  const o = objectAt(json, where);
  const kubelet = objectAt(o.kubelet, `${where}.kubelet`);
  for (const [k, v] of Object.entries(kubelet)) if (typeof v !== 'string') fail(`${where}.kubelet.${k}`, 'must be a string');
  const hostContainers = objectAt(o.hostContainers, `${where}.hostContainers`);
  return {
    settings: bottlerocketSettings(o.settings, `${where}.settings`),
    kubelet: kubelet as Record<string, string>,
    hostContainerFields: bottlerocketSettings(hostContainers.fields, `${where}.hostContainers.fields`),
  };
}

export function parseBootstrapContract(json: unknown, where = FILES.bootstrap): BootstrapContract {
  const o = objectAt(json, where);
  const flags: Record<string, BootstrapFlag> = {};
  for (const [name, v] of Object.entries(objectAt(o.flags, `${where}.flags`))) {
    const at = `${where}.flags.${name}`;
    const f = objectAt(v, at);
    if (typeof f.argument !== 'boolean') fail(`${at}.argument`, 'must be a boolean');
    const flag: BootstrapFlag = {
      argument: f.argument,
      values: optionalStrings(f.values, `${at}.values`),
      valueType: optionalString(f, 'valueType', at),
      default: optionalString(f, 'default', at),
    };
    flags[name] = flag;
    const alias = optionalString(f, 'alias', at);
    if (alias !== undefined) flags[alias] = flag;
  }
  if (!Array.isArray(o.rewrites)) fail(`${where}.rewrites`, 'must be an array');
  const rewrites = o.rewrites.map((r, i): BootstrapRewrite => {
    const at = `${where}.rewrites[${i}]`;
    const w = objectAt(r, at);
    if (typeof w.field !== 'string') fail(`${at}.field`, 'must be a string');
    return { field: w.field, when: optionalString(w, 'when', at) ?? 'always' };
  });
  return {
    positional: stringsAt(o.positional, `${where}.positional`),
    flags,
    rewrites,
    kubeletConfigFile: optionalString(o, 'kubeletConfigFile', where) ?? '/etc/kubernetes/kubelet/kubelet-config.json',
  };
}

const WINDOWS_TYPES: readonly WindowsParameterType[] = ['string', 'string[]'];

export function parseWindowsContract(json: unknown, where = FILES.windows): WindowsContract {
  const o = objectAt(json, where);
  const script = optionalString(o, 'script', where);
  const scriptEnvForm = optionalString(o, 'scriptEnvForm', where);
  if (script === undefined) fail(`${where}.script`, 'must be a string');
  if (scriptEnvForm === undefined) fail(`${where}.scriptEnvForm`, 'must be a string');
  if (!Array.isArray(o.parameters)) fail(`${where}.parameters`, 'must be an array');
  const seen = new Set<string>();
  const parameters = o.parameters.map((p, i): WindowsParameter => {
    const at = `${where}.parameters[${i}]`;
    const w = objectAt(p, at);
    if (typeof w.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(w.name)) fail(`${at}.name`, 'must be a PowerShell parameter name');
    if (seen.has(w.name.toLowerCase())) fail(`${at}.name`, `${w.name} is listed twice (PowerShell names are case-insensitive)`);
    seen.add(w.name.toLowerCase());
    if (typeof w.required !== 'boolean') fail(`${at}.required`, 'must be a boolean');
    return { name: w.name, type: oneOf(w.type, WINDOWS_TYPES, `${at}.type`), required: w.required, enum: optionalStrings(w.enum, `${at}.enum`) };
  });
  return { script, scriptEnvForm, parameters };
}

function readJson(dir: string, file: string): unknown {
  const p = path.join(dir, file);
  if (!existsSync(p)) throw new Error(`contract model ${p} is missing`);
  return JSON.parse(readFileSync(p, 'utf8'));
}

/** Reads and checks the five models from `dir`. */
export function readContracts(dir: string = CONTRACT_DIR): Contracts {
  return {
    kubelet: parseKubeletContract(readJson(dir, FILES.kubelet)),
    nodeadm: parseNodeadmContract(readJson(dir, FILES.nodeadm)),
    bottlerocket: parseBottlerocketContract(readJson(dir, FILES.bottlerocket)),
    bootstrap: parseBootstrapContract(readJson(dir, FILES.bootstrap)),
    windows: parseWindowsContract(readJson(dir, FILES.windows)),
  };
}

let cached: Contracts | undefined;

/** The generator's models, read once. */
export function defaultContracts(): Contracts {
  cached ??= readContracts();
  return cached;
}
