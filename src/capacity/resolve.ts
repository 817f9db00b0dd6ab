/**
 * Defaults of the capacity fields (the values live in DEFAULTS, as every other default), and what
 * instanceRequirements says of the AMI: its architecture and accelerator.
 */
import { DEFAULTS } from '../config/defaults';
import type { Accelerator, Architecture } from '../config/types';
import type {
  CapacityBlock, CapacityBlockInput, CapacityReservation, CapacityReservationInput, CpuManufacturer, Efa, EfaInput, InstanceRequirements, InstanceRequirementsInput, LocalStorageInput,
  LocalStorageStrategy, Range, RangeInput, WarmPool, WarmPoolInput,
} from './types';

/** The CPU manufacturers of each architecture, as EC2's InstanceRequirements names them. */
export const MANUFACTURERS_OF: Record<Architecture, readonly CpuManufacturer[]> = {
  x86_64: ['intel', 'amd'],
  arm64: ['amazon-web-services'],
};

/** The architectures the given manufacturers allow (both when none are given). */
export function architecturesOf(manufacturers: readonly CpuManufacturer[] | undefined): Architecture[] {
  const all: Architecture[] = ['x86_64', 'arm64'];
  if (!manufacturers || manufacturers.length === 0) return all;
  return all.filter((arch) => manufacturers.some((m) => MANUFACTURERS_OF[arch].includes(m)));
}

/**
 * The architecture of a group choosing by attributes: the one its manufacturers allow, else the one
 * it names. When neither decides, x86_64, and the check refuses the config (requirements.ts).
 */
export function requirementsArchitecture(r: InstanceRequirementsInput): Architecture {
  const allowed = architecturesOf(r.cpuManufacturers);
  return r.architecture ?? (allowed.length === 1 ? allowed[0] : 'x86_64');
}

/** The EKS AMI variant the accelerators need: NVIDIA GPUs the nvidia one, AWS Inferentia and Trainium the neuron one. */
export function requirementsAccelerator(r: InstanceRequirementsInput): Accelerator {
  const makers = r.acceleratorManufacturers ?? [];
  if (makers.includes('nvidia')) return 'nvidia';
  if (makers.includes('amazon-web-services')) return 'neuron';
  return 'none';
}

/** Whether the requirements ask for accelerators at all; without, eksng excludes them (AcceleratorCount.Max 0). */
export function asksForAccelerators(r: InstanceRequirementsInput): boolean {
  return (r.acceleratorTypes ?? []).length > 0 || (r.acceleratorManufacturers ?? []).length > 0 || r.acceleratorCount !== undefined;
}

const range = (r: RangeInput | undefined): Range => ({ min: r?.min ?? null, max: r?.max ?? null });

export function resolveInstanceRequirements(r: InstanceRequirementsInput, localStorage: boolean): InstanceRequirements {
  const architecture = requirementsArchitecture(r);
  return {
    vCpu: range(r.vCpu),
    memoryMiB: range(r.memoryMiB),
    cpuManufacturers: r.cpuManufacturers ?? MANUFACTURERS_OF[architecture],
    instanceGenerations: r.instanceGenerations ?? DEFAULTS.instanceGenerations,
    acceleratorTypes: r.acceleratorTypes ?? [],
    acceleratorManufacturers: r.acceleratorManufacturers ?? [],
    acceleratorCount: asksForAccelerators(r) ? range(r.acceleratorCount) : { min: null, max: 0 },
    burstablePerformance: r.burstablePerformance ?? DEFAULTS.burstablePerformance,
    bareMetal: r.bareMetal ?? DEFAULTS.bareMetal,
    // A group that assembles its instance store needs types that have one, and NVMe SSDs (what the node agents assemble).
    localStorage: r.localStorage ?? (localStorage ? 'required' : DEFAULTS.requirementsLocalStorage),
    localStorageTypes: r.localStorageTypes ?? (localStorage ? ['ssd'] : []),
    excludedInstanceTypes: r.excludedInstanceTypes ?? [],
    allowedInstanceTypes: r.allowedInstanceTypes ?? [],
    spotMaxPricePercentageOverLowestPrice: r.spotMaxPricePercentageOverLowestPrice ?? null,
    onDemandMaxPricePercentageOverLowestPrice: r.onDemandMaxPricePercentageOverLowestPrice ?? null,
  };
}

export const resolveCapacityReservation = (c: CapacityReservationInput): CapacityReservation => ({
  preference: c.preference,
  ids: c.ids ?? [],
  resourceGroupArns: c.resourceGroupArns ?? [],
});

export const resolveCapacityBlock = (b: CapacityBlockInput, maxSize: number): CapacityBlock => ({
  reservationId: b.reservationId,
  startTime: b.startTime ?? null,
  endTime: b.endTime ?? null,
  nodes: b.nodes ?? maxSize,
});

export const resolveEfa = (e: EfaInput | undefined): Efa | null =>
  e?.enabled ? { placementGroup: e.placementGroup ?? null, secondaryInterfaceType: e.secondaryInterfaceType ?? DEFAULTS.efaSecondaryInterfaceType } : null;

export const resolveWarmPool = (w: WarmPoolInput): WarmPool => ({
  minSize: w.minSize ?? DEFAULTS.warmPoolMinSize,
  maxGroupPreparedCapacity: w.maxGroupPreparedCapacity ?? null,
  poolState: w.poolState ?? DEFAULTS.warmPoolState,
  reuseOnScaleIn: w.reuseOnScaleIn ?? DEFAULTS.warmPoolReuseOnScaleIn,
});

export const resolveLocalStorage = (l: LocalStorageInput | undefined): LocalStorageStrategy | null => l?.strategy ?? null;
