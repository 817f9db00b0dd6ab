/** The JSON Schema of the capacity fields, spread into the node group's schema (src/config/schema.ts). */
import { DEFAULTS } from '../config/defaults';
import { JsonSchema, object, PropertiesOf, str } from '../config/schema-helpers';
import type { NodeGroupInput } from '../config/types';
import {
  ACCELERATOR_MANUFACTURERS, ACCELERATOR_TYPES, CAPACITY_RESERVATION_PREFERENCES, CapacityBlockInput, CapacityReservationInput, CPU_MANUFACTURERS, EFA_INTERFACE_TYPES, EfaInput, INCLUSION,
  INSTANCE_GENERATIONS, InstanceRequirementsInput, LOCAL_STORAGE_STRATEGIES, LOCAL_STORAGE_TYPES, LocalStorageInput, RangeInput, WARM_POOL_STATES, WarmPoolInput,
} from './types';

const range = (description: string, maximum: number, required: ReadonlyArray<'min'> = []): JsonSchema =>
  object<RangeInput>(description, required as never, {
    min: { type: 'integer', description: 'At least.', minimum: 0, maximum },
    max: { type: 'integer', description: 'At most.', minimum: 0, maximum },
  });

const enumList = (description: string, values: readonly string[]): JsonSchema => ({ type: 'array', description, minItems: 1, uniqueItems: true, items: { type: 'string', enum: values } });
const inclusion = (description: string, dflt: string): JsonSchema => ({ type: 'string', description, enum: INCLUSION, default: dflt });
const typeList = (description: string): JsonSchema => ({ type: 'array', description, minItems: 1, maxItems: 400, uniqueItems: true, items: str('Instance type or pattern.', 'instanceTypePattern', { maxLength: 30 }) });
const percentage = (description: string): JsonSchema => ({ type: 'integer', description, minimum: 0, maximum: 10000 });

const instanceRequirements = object<InstanceRequirementsInput>(
  'Choose instance types by attributes (EC2 attribute-based instance type selection) instead of naming them. Not with instanceType or instancesDistribution.instanceTypes.',
  ['vCpu', 'memoryMiB'],
  {
    vCpu: range('vCPUs per instance.', 10000, ['min']),
    memoryMiB: range('Memory per instance, MiB.', 100000000, ['min']),
    architecture: { type: 'string', description: 'The AMI\'s architecture; required when cpuManufacturers allow both.', enum: ['x86_64', 'arm64'] },
    cpuManufacturers: enumList('CPU manufacturers (amazon-web-services: Graviton, arm64). Default: those of the architecture.', CPU_MANUFACTURERS),
    instanceGenerations: { ...enumList('Instance generations.', INSTANCE_GENERATIONS), default: DEFAULTS.instanceGenerations },
    acceleratorTypes: enumList('Accelerator kinds the types must have. Left out with no other accelerator field: none.', ACCELERATOR_TYPES),
    acceleratorManufacturers: enumList('Accelerator manufacturers (nvidia: the NVIDIA AMI; amazon-web-services: Inferentia/Trainium, the Neuron AMI).', ACCELERATOR_MANUFACTURERS),
    acceleratorCount: range('Accelerators per instance.', 64),
    burstablePerformance: inclusion('Burstable (T) instance types.', DEFAULTS.burstablePerformance),
    bareMetal: inclusion('Bare-metal instance types.', DEFAULTS.bareMetal),
    localStorage: inclusion('Instance-store volumes (default "required" with the group\'s localStorage).', DEFAULTS.requirementsLocalStorage),
    localStorageTypes: enumList('Instance-store kinds (default ["ssd"] with the group\'s localStorage).', LOCAL_STORAGE_TYPES),
    excludedInstanceTypes: typeList('Types never chosen ("*" wildcards). Not with allowedInstanceTypes.'),
    allowedInstanceTypes: typeList('The only types that may be chosen ("*" wildcards). Not with excludedInstanceTypes.'),
    spotMaxPricePercentageOverLowestPrice: percentage('Spot price protection: at most this percentage above the cheapest matching type (EC2 default 100).'),
    onDemandMaxPricePercentageOverLowestPrice: percentage('On-demand price protection: at most this percentage above the cheapest matching type (EC2 default 20).'),
  },
);

const capacityReservation = object<CapacityReservationInput>('On-Demand Capacity Reservations the group launches into.', ['preference'], {
  preference: { type: 'string', description: 'open: any matching open reservation; none: never; capacity-reservations-only: only the targeted ones; capacity-reservations-first: the targeted ones, then on-demand.', enum: CAPACITY_RESERVATION_PREFERENCES },
  ids: { type: 'array', description: 'Targeted reservation ids.', minItems: 1, maxItems: 100, uniqueItems: true, items: str('Capacity Reservation id.', 'capacityReservationId') },
  resourceGroupArns: { type: 'array', description: 'Targeted Capacity Reservation resource groups.', minItems: 1, maxItems: 100, uniqueItems: true, items: str('Resource group ARN.', 'resourceGroupArn') },
});

const capacityBlock = object<CapacityBlockInput>('Run the group on a Capacity Block for ML: one AZ, desired capacity 0 until the block starts.', ['reservationId'], {
  reservationId: str('The block\'s reservation id.', 'capacityReservationId'),
  startTime: str('The block\'s start (UTC): a scheduled action scales the group to nodes then.', 'utcTime'),
  endTime: str('The block\'s end (UTC): a scheduled action scales the group to 0 thirty minutes before.', 'utcTime'),
  nodes: { type: 'integer', description: 'Nodes at the block\'s start. Default: maxSize.', minimum: 1, maximum: 10000 },
});

const efa = object<EfaInput>('Elastic Fabric Adapter on every network card, in a cluster placement group (one AZ).', ['enabled'], {
  enabled: { type: 'boolean', description: 'Attach EFA interfaces.' },
  placementGroup: str('An existing cluster placement group; default: the template makes one.', 'placementGroupName'),
  secondaryInterfaceType: { type: 'string', description: 'Interface type on the cards after the first: efa, or efa-only (no IP address).', enum: EFA_INTERFACE_TYPES, default: DEFAULTS.efaSecondaryInterfaceType },
});

const warmPool = object<WarmPoolInput>('A warm pool of pre-initialized instances that scale-out draws on; nodes join the cluster only once put in service.', [], {
  minSize: { type: 'integer', description: 'Instances kept in the pool at least.', minimum: 0, maximum: 10000, default: DEFAULTS.warmPoolMinSize },
  maxGroupPreparedCapacity: { type: 'integer', description: 'Instances in the group and the pool together at most. Default: the group\'s maxSize.', minimum: 1, maximum: 10000 },
  poolState: { type: 'string', description: 'State of instances in the pool.', enum: WARM_POOL_STATES, default: DEFAULTS.warmPoolState },
  reuseOnScaleIn: { type: 'boolean', description: 'Return instances to the pool on scale-in.', default: DEFAULTS.warmPoolReuseOnScaleIn },
});

const localStorage = object<LocalStorageInput>('Assemble the instance-store NVMe disks for containerd and the kubelet.', ['strategy'], {
  strategy: { type: 'string', description: 'RAID0: one striped array; RAID10: mirrored stripes (even number of disks, 4 or more); Mount: each disk on its own under /mnt/k8s-disks.', enum: LOCAL_STORAGE_STRATEGIES },
});

type CapacityField = 'maxPodsExpression' | 'instanceRequirements' | 'capacityReservation' | 'capacityBlock' | 'efa' | 'warmPool' | 'localStorage';

export const capacitySchemas: Pick<PropertiesOf<NodeGroupInput>, CapacityField> = {
  maxPodsExpression: str('AmazonLinux2023: nodeadm\'s CEL expression for maxPods per instance type (max_pods, default_enis, ips_per_eni). Not with maxPodsPerNode.', 'celExpression'),
  instanceRequirements,
  capacityReservation,
  capacityBlock,
  efa,
  warmPool,
  localStorage,
};
