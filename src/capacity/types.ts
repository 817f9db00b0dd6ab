/**
 * The capacity fields of a node group, as the user writes them (`…Input`) and after defaults: how
 * instances are chosen (attribute-based selection), which capacity they run on (reservations,
 * Capacity Blocks for ML), how they are networked (EFA in a placement group), kept ready (warm
 * pools) and use their local disks (instance-store NVMe). Field names are a contract, as in
 * src/config/types.ts, which takes these into `NodeGroupInput` and `NodeGroup`.
 */

/** A range of whole numbers; either end may be left out. */
export interface RangeInput {
  min?: number;
  max?: number;
}

export const CPU_MANUFACTURERS = ['intel', 'amd', 'amazon-web-services'] as const;
export type CpuManufacturer = (typeof CPU_MANUFACTURERS)[number];
export const INSTANCE_GENERATIONS = ['current', 'previous'] as const;
export const ACCELERATOR_TYPES = ['gpu', 'inference', 'fpga'] as const;
export const ACCELERATOR_MANUFACTURERS = ['nvidia', 'amd', 'amazon-web-services', 'xilinx', 'habana'] as const;
export const INCLUSION = ['included', 'excluded', 'required'] as const;
export type Inclusion = (typeof INCLUSION)[number];
export const LOCAL_STORAGE_TYPES = ['hdd', 'ssd'] as const;

/**
 * EC2 attribute-based instance type selection (the Auto Scaling group's
 * `MixedInstancesPolicy.LaunchTemplate.Overrides[].InstanceRequirements`): every current type that
 * matches, now and as AWS adds types. https://docs.aws.amazon.com/autoscaling/ec2/userguide/create-mixed-instances-group-attribute-based-instance-type-selection.html
 */
export interface InstanceRequirementsInput {
  /** vCPUs per instance, e.g. `{"min": 4, "max": 16}`. */
  vCpu: RangeInput & { min: number };
  /** Memory per instance in MiB, e.g. `{"min": 16384}`. */
  memoryMiB: RangeInput & { min: number };
  /**
   * The AMI's CPU architecture. Derived from `cpuManufacturers` (`amazon-web-services` is arm64,
   * `intel` and `amd` x86_64); required when they leave it open. The template then names the
   * manufacturers of that architecture, so no type of the other one is chosen.
   */
  architecture?: 'x86_64' | 'arm64';
  cpuManufacturers?: CpuManufacturer[];
  /** @default ["current"] */
  instanceGenerations?: Array<(typeof INSTANCE_GENERATIONS)[number]>;
  /** Accelerators the types must have (with `acceleratorCount`); left out with no count: none (`AcceleratorCount.Max 0`), so the standard AMI fits every chosen type. */
  acceleratorTypes?: Array<(typeof ACCELERATOR_TYPES)[number]>;
  acceleratorManufacturers?: Array<(typeof ACCELERATOR_MANUFACTURERS)[number]>;
  acceleratorCount?: RangeInput;
  /** Burstable (T) types. @default "excluded" */
  burstablePerformance?: Inclusion;
  /** Bare-metal types. @default "excluded" */
  bareMetal?: Inclusion;
  /** Instance-store volumes. @default "included" ("required" with `localStorage`) */
  localStorage?: Inclusion;
  /** @default every type ("ssd" with `localStorage`) */
  localStorageTypes?: Array<(typeof LOCAL_STORAGE_TYPES)[number]>;
  /** Types never chosen; `*` wildcards, e.g. `["t*", "m5.metal"]`. Not with allowedInstanceTypes. */
  excludedInstanceTypes?: string[];
  /** The only types that may be chosen (the other attributes still apply); `*` wildcards. Not with excludedInstanceTypes. */
  allowedInstanceTypes?: string[];
  /** Spot price protection: no spot type priced more than this percentage above the cheapest matching one. @default EC2's 100 */
  spotMaxPricePercentageOverLowestPrice?: number;
  /** On-demand price protection, likewise. @default EC2's 20 */
  onDemandMaxPricePercentageOverLowestPrice?: number;
}

export const CAPACITY_RESERVATION_PREFERENCES = ['open', 'none', 'capacity-reservations-only', 'capacity-reservations-first'] as const;
export type CapacityReservationPreference = (typeof CAPACITY_RESERVATION_PREFERENCES)[number];

/** On-Demand Capacity Reservations the group launches into (on the launch template and the Auto Scaling group). */
export interface CapacityReservationInput {
  /**
   * `open`: any open reservation that matches (EC2's default); `none`: never a reservation;
   * `capacity-reservations-only`: only the targeted ones, else the launch fails;
   * `capacity-reservations-first`: the targeted ones, then on-demand.
   */
  preference: CapacityReservationPreference;
  /** Reservation ids (`cr-…`), with the two targeted preferences. */
  ids?: string[];
  /** Capacity Reservation resource group ARNs, with the two targeted preferences; not with ids. */
  resourceGroupArns?: string[];
}

/** A Capacity Block for ML: reserved GPU/Trainium capacity for a fixed time, in one AZ. */
export interface CapacityBlockInput {
  /** The block's reservation id (`cr-…`), from `aws ec2 describe-capacity-reservations`. */
  reservationId: string;
  /** When the block starts (UTC, e.g. `"2026-12-14T11:30:00Z"`): a scheduled action scales the group up then. */
  startTime?: string;
  /** When the block ends (UTC): a scheduled action scales the group to 0 thirty minutes before, as EC2 starts terminating the block's instances then. */
  endTime?: string;
  /** Nodes at the block's start. @default maxSize */
  nodes?: number;
}

export const EFA_INTERFACE_TYPES = ['efa', 'efa-only'] as const;
export type EfaInterfaceType = (typeof EFA_INTERFACE_TYPES)[number];

/** Elastic Fabric Adapter networking for tightly coupled ML/HPC jobs (NCCL, MPI). */
export interface EfaInput {
  enabled: boolean;
  /** An existing cluster placement group's name; left out: the template makes one (strategy cluster). */
  placementGroup?: string;
  /**
   * The interface type of the network cards after the first: `efa` (EFA with an IP address) or
   * `efa-only` (EFA traffic only, no IP: saves the subnet's addresses; AWS recommends it for
   * p5/p5e/p5en/p6). The first card always carries an `efa` interface with the node's IP. @default "efa"
   */
  secondaryInterfaceType?: EfaInterfaceType;
}

export const WARM_POOL_STATES = ['Stopped', 'Running', 'Hibernated'] as const;
export type WarmPoolState = (typeof WARM_POOL_STATES)[number];

/** Pre-initialized instances beside the group that scale-out draws on (`AWS::AutoScaling::WarmPool`). */
export interface WarmPoolInput {
  /** Instances kept in the pool at least. @default 0 */
  minSize?: number;
  /** Instances in the group and the pool together at most; left out: the group's maxSize. */
  maxGroupPreparedCapacity?: number;
  /** @default "Stopped" (no instance charges, only volumes) */
  poolState?: WarmPoolState;
  /** Return instances to the pool on scale-in instead of terminating them. @default false */
  reuseOnScaleIn?: boolean;
}

export const LOCAL_STORAGE_STRATEGIES = ['RAID0', 'RAID10', 'Mount'] as const;
export type LocalStorageStrategy = (typeof LOCAL_STORAGE_STRATEGIES)[number];

/** The instance-store NVMe disks: the node agent assembles them before containerd and the kubelet start. */
export interface LocalStorageInput {
  /**
   * `RAID0`: one striped array for containerd, the kubelet and pod logs (fast, no redundancy);
   * `RAID10`: mirrored stripes (needs an even number of disks, at least 4); `Mount`: each disk
   * mounted on its own under /mnt/k8s-disks, for local persistent volumes.
   */
  strategy: LocalStorageStrategy;
}

/** After defaults. */
export interface Range {
  readonly min: number | null;
  readonly max: number | null;
}

export interface InstanceRequirements {
  readonly vCpu: Range;
  readonly memoryMiB: Range;
  readonly cpuManufacturers: readonly CpuManufacturer[];
  readonly instanceGenerations: readonly string[];
  readonly acceleratorTypes: readonly string[];
  readonly acceleratorManufacturers: readonly string[];
  readonly acceleratorCount: Range;
  readonly burstablePerformance: Inclusion;
  readonly bareMetal: Inclusion;
  readonly localStorage: Inclusion;
  readonly localStorageTypes: readonly string[];
  readonly excludedInstanceTypes: readonly string[];
  readonly allowedInstanceTypes: readonly string[];
  readonly spotMaxPricePercentageOverLowestPrice: number | null;
  readonly onDemandMaxPricePercentageOverLowestPrice: number | null;
}

export interface CapacityReservation {
  readonly preference: CapacityReservationPreference;
  readonly ids: readonly string[];
  readonly resourceGroupArns: readonly string[];
}

export interface CapacityBlock {
  readonly reservationId: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly nodes: number;
}

export interface Efa {
  readonly placementGroup: string | null;
  readonly secondaryInterfaceType: EfaInterfaceType;
}

export interface WarmPool {
  readonly minSize: number;
  readonly maxGroupPreparedCapacity: number | null;
  readonly poolState: WarmPoolState;
  readonly reuseOnScaleIn: boolean;
}

/** What a family's node agent does with the capacity features (each family module declares it). */
export interface CapacitySupport {
  readonly localStorage: LocalStorageSupport;
  /** null: the user data holds a warm-pool instance out of the cluster until it is in service; else why the family cannot. */
  readonly warmPoolRefusal: string | null;
  /** null: nodeadm's maxPodsExpression reaches the node; else why not. */
  readonly maxPodsExpressionRefusal: string | null;
  /** null: EFA interfaces work on the family's AMIs; else why not. */
  readonly efaRefusal: string | null;
}

export interface LocalStorageSupport {
  /** The strategies the family's node agent applies. */
  readonly strategies: readonly LocalStorageStrategy[];
  /** Why the others are not available (shown when one is asked for). */
  readonly why: string;
}
