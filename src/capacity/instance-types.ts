/**
 * What eksng knows of each EC2 instance type, as data from public, machine-generated sources
 * (instance-types.json; repositories, paths and commits in its `source`, how to refresh in
 * instance-types.md): architecture, size, Nitro, network cards, EFA interfaces, NVMe instance store.
 * Loaded on first use: most configs never ask.
 */
import type { Architecture } from '../config/types';

export interface InstanceTypeInfo {
  readonly architecture: Architecture;
  readonly vCpus: number;
  readonly memoryMiB: number;
  readonly nitro: boolean;
  readonly bareMetal: boolean;
  readonly networkCards: number;
  /** The most EFA interfaces the type takes; 0: no EFA. */
  readonly efaInterfaces: number;
  /** NVMe instance store, GB as EC2 reports it; 0: none. */
  readonly localNvmeGiB: number;
  readonly gpus: number;
}

interface InstanceTypesFile {
  readonly source: Readonly<Record<string, { readonly repository: string; readonly path: string; readonly commit: string }>>;
  readonly instanceTypes: Readonly<Record<string, InstanceTypeInfo>>;
}

let table: InstanceTypesFile | undefined;

function load(): InstanceTypesFile {
  // Not an import: the file is large and only some configs need it (the build copies it beside this module).
  table ??= require('./instance-types.json') as InstanceTypesFile;
  return table;
}

/** The type's facts; null: not in the data (a type newer than it, or a typo). */
export function instanceTypeInfo(type: string): InstanceTypeInfo | null {
  const types = load().instanceTypes;
  return Object.prototype.hasOwnProperty.call(types, type) ? types[type] : null;
}

/** Where the data comes from, for messages: `aws/karpenter-provider-aws@1d92708`. */
export function instanceDataSource(): string {
  const s = load().source.types;
  return `${s.repository}@${s.commit.slice(0, 7)}`;
}
