/**
 * Capacity for large and accelerated workloads (issue 18): attribute-based selection, capacity
 * reservations and Capacity Blocks, EFA, warm pools, instance-store NVMe, rebalancing. Each rule
 * has a case that breaks it and one that keeps it; the templates are read as CloudFormation reads them.
 */
import { loadConfig } from '../../src/config';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput, NodeGroupInput } from '../../src/config/types';
import { buildNodeGroupTemplate } from '../../src/template';
import { instanceTypeInfo } from '../../src/capacity/instance-types';
import { familyOf } from '../../src/families';
import { MAX_PODS_EXPRESSION_SINCE } from '../../src/capacity';
import { readFileSync } from 'fs';
import * as path from 'path';
import { aConfig } from '../helpers';

type Json = any;
const SUBNET = 'subnet-0a1b2c3d4e5f60718';
const built = (input: ConfigInput, i = 0): Json => {
  const config = resolveConfig(input);
  return buildNodeGroupTemplate(config, config.nodeGroups[i]).template;
};
const resources = (input: ConfigInput, i = 0): Json => built(input, i).Resources;
const ltData = (input: ConfigInput): Json => resources(input).NodeLaunchTemplate.Properties.LaunchTemplateData;
const userData = (input: ConfigInput): string => ltData(input).UserData['Fn::Base64']['Fn::Sub'];
const problems = (input: ConfigInput) => loadConfig(JSON.stringify(input)).problems;
const codes = (input: ConfigInput) => problems(input).map((p) => `${p.severity}:${p.code}@${p.pointer}`);
const errors = (input: ConfigInput) => problems(input).filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.pointer}`);
const group = (ng: Partial<NodeGroupInput>) => aConfig({ nodeGroup: ng });

const REQUIREMENTS = { vCpu: { min: 4, max: 16 }, memoryMiB: { min: 16384 }, cpuManufacturers: ['intel' as const, 'amd' as const] };

describe('instanceRequirements', () => {
  it('renders one override with the requirements, names no type anywhere, and picks on-demand types by price', () => {
    const t = built(group({ instanceRequirements: REQUIREMENTS }));
    const mip = t.Resources.NodeGroup.Properties.MixedInstancesPolicy;
    expect(mip.LaunchTemplate.Overrides).toEqual([
      {
        InstanceRequirements: {
          VCpuCount: { Min: 4, Max: 16 },
          MemoryMiB: { Min: 16384 },
          CpuManufacturers: ['intel', 'amd'],
          InstanceGenerations: ['current'],
          AcceleratorCount: { Max: 0 },
          BurstablePerformance: 'excluded',
          BareMetal: 'excluded',
          LocalStorage: 'included',
        },
      },
    ]);
    expect(mip.InstancesDistribution).toMatchObject({ OnDemandAllocationStrategy: 'lowest-price', OnDemandPercentageAboveBaseCapacity: 100 });
    expect(t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.InstanceType).toBeUndefined();
    expect(t.Parameters.NodeInstanceType).toBeUndefined();
    expect(errors(group({ instanceRequirements: REQUIREMENTS }))).toEqual([]);
  });

  it('derives the architecture and AMI from the manufacturers, and writes them out when only the architecture is given', () => {
    const arm = resolveConfig(group({ instanceRequirements: { vCpu: { min: 2 }, memoryMiB: { min: 4096 }, cpuManufacturers: ['amazon-web-services'] } })).nodeGroups[0];
    expect(arm.architecture).toBe('arm64');
    expect(arm.ami.kind === 'ssm' && arm.ami.parameter).toContain('/arm64/standard/');
    const named = resources(group({ instanceRequirements: { vCpu: { min: 2 }, memoryMiB: { min: 4096 }, architecture: 'arm64' } }));
    expect(named.NodeGroup.Properties.MixedInstancesPolicy.LaunchTemplate.Overrides[0].InstanceRequirements.CpuManufacturers).toEqual(['amazon-web-services']);
    const gpu = resolveConfig(group({ instanceRequirements: { ...REQUIREMENTS, acceleratorManufacturers: ['nvidia'], acceleratorCount: { min: 1 } } })).nodeGroups[0];
    expect(gpu.accelerator).toBe('nvidia');
  });

  it('requires an architecture the manufacturers leave open, and refuses one they contradict', () => {
    expect(errors(group({ instanceRequirements: { vCpu: { min: 2 }, memoryMiB: { min: 4096 } } }))).toEqual(['rule.requirements-architecture@/nodeGroups/0/instanceRequirements/architecture']);
    expect(errors(group({ instanceRequirements: { vCpu: { min: 2 }, memoryMiB: { min: 4096 }, cpuManufacturers: ['intel', 'amazon-web-services'] } }))).toEqual(['rule.requirements-architecture@/nodeGroups/0/instanceRequirements/architecture']);
    expect(errors(group({ instanceRequirements: { ...REQUIREMENTS, architecture: 'arm64' } }))).toEqual(['rule.requirements-architecture@/nodeGroups/0/instanceRequirements/architecture']);
    expect(errors(group({ instanceRequirements: { vCpu: { min: 2 }, memoryMiB: { min: 4096 }, architecture: 'x86_64' } }))).toEqual([]);
  });

  it('is exclusive with named types, and instancesDistribution then gives only the distribution', () => {
    expect(errors(group({ instanceType: 'm5.large', instanceRequirements: REQUIREMENTS }))).toEqual(['rule.requirements-and-types@/nodeGroups/0/instanceType']);
    expect(errors(group({ instanceRequirements: REQUIREMENTS, instancesDistribution: { instanceTypes: ['m5.large'] } }))).toEqual(['rule.requirements-and-types@/nodeGroups/0/instancesDistribution/instanceTypes']);
    expect(errors(group({ instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0 } }))).toEqual(['rule.distribution-needs-types@/nodeGroups/0/instancesDistribution']);
    const spot = resources(group({ instanceRequirements: REQUIREMENTS, instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 } }));
    expect(spot.NodeGroup.Properties.MixedInstancesPolicy.InstancesDistribution).toMatchObject({ OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' });
  });

  it('refuses a fixed maxPodsPerNode (wrong for the smaller types), and takes maxPodsExpression on AmazonLinux2023 into nodeadm\'s NodeConfig', () => {
    expect(errors(group({ instanceRequirements: REQUIREMENTS, maxPodsPerNode: 58 }))).toEqual(['rule.requirements-max-pods@/nodeGroups/0/maxPodsPerNode']);
    const expr = 'max_pods < 110 ? max_pods : 110';
    expect(errors(group({ instanceRequirements: REQUIREMENTS, maxPodsExpression: expr }))).toEqual([]);
    expect(userData(group({ instanceRequirements: REQUIREMENTS, maxPodsExpression: expr }))).toContain(`    maxPodsExpression: "${expr}"`);
    expect(errors(group({ maxPodsExpression: expr, maxPodsPerNode: 58 }))).toEqual(['rule.max-pods-expression@/nodeGroups/0/maxPodsExpression']);
    expect(errors(group({ maxPodsExpression: expr, amiFamily: 'Bottlerocket' }))).toEqual(['rule.max-pods-expression@/nodeGroups/0/maxPodsExpression']);
    expect(errors(group({ maxPodsExpression: expr, amiRelease: 'v20250920' }))).toEqual(['rule.max-pods-expression@/nodeGroups/0/maxPodsExpression']);
    expect(errors(group({ maxPodsExpression: expr, amiRelease: 'v20251007' }))).toEqual([]);
    // The release is nodeadm's, from the contract data.
    expect(MAX_PODS_EXPRESSION_SINCE).toBe(JSON.parse(readFileSync(path.join(__dirname, '../../src/families/contract/nodeadm-v1alpha1.json'), 'utf8')).maxPodsExpressionSince);
    // The schema keeps shell, YAML and Fn::Sub syntax out.
    expect(errors(group({ maxPodsExpression: 'max_pods"\n${x}' }))).not.toEqual([]);
  });

  it('checks ranges, accelerators and the allowed/excluded pair', () => {
    expect(errors(group({ instanceRequirements: { ...REQUIREMENTS, vCpu: { min: 8, max: 4 } } }))).toEqual(['rule.requirements-range@/nodeGroups/0/instanceRequirements/vCpu']);
    expect(errors(group({ instanceRequirements: { ...REQUIREMENTS, acceleratorManufacturers: ['nvidia', 'amazon-web-services'] } }))).toEqual(['rule.requirements-accelerator@/nodeGroups/0/instanceRequirements/acceleratorManufacturers']);
    expect(errors(group({ instanceRequirements: { ...REQUIREMENTS, acceleratorTypes: ['gpu'] } }))).toEqual(['rule.requirements-accelerator@/nodeGroups/0/instanceRequirements/acceleratorManufacturers']);
    expect(errors(group({ instanceRequirements: { ...REQUIREMENTS, allowedInstanceTypes: ['m5.*'], excludedInstanceTypes: ['m5.large'] } }))).toEqual(['rule.requirements-allowed-and-excluded@/nodeGroups/0/instanceRequirements/allowedInstanceTypes']);
  });
});

describe('capacity reservations', () => {
  it('puts targets and the targeted preferences on the group, open and none on the launch template', () => {
    const first = resources(group({ capacityReservation: { preference: 'capacity-reservations-first', ids: ['cr-0a1b2c3d4e5f60718', 'cr-0f1e2d3c4b5a69788'] } }));
    expect(first.NodeGroup.Properties.CapacityReservationSpecification).toEqual({
      CapacityReservationPreference: 'capacity-reservations-first',
      CapacityReservationTarget: { CapacityReservationIds: ['cr-0a1b2c3d4e5f60718', 'cr-0f1e2d3c4b5a69788'] },
    });
    expect(first.NodeLaunchTemplate.Properties.LaunchTemplateData.CapacityReservationSpecification).toBeUndefined();
    const rg = 'arn:aws:resource-groups:us-east-1:111122223333:group/ml';
    expect(resources(group({ capacityReservation: { preference: 'capacity-reservations-only', resourceGroupArns: [rg] } })).NodeGroup.Properties.CapacityReservationSpecification.CapacityReservationTarget).toEqual({ CapacityReservationResourceGroupArns: [rg] });
    expect(ltData(group({ capacityReservation: { preference: 'open' } })).CapacityReservationSpecification).toEqual({ CapacityReservationPreference: 'open' });
    expect(resources(group({ capacityReservation: { preference: 'open' } })).NodeGroup.Properties.CapacityReservationSpecification).toBeUndefined();
    const none = resources(group({ capacityReservation: { preference: 'none' } }));
    expect(none.NodeGroup.Properties.CapacityReservationSpecification).toEqual({ CapacityReservationPreference: 'none' });
    expect(none.NodeLaunchTemplate.Properties.LaunchTemplateData.CapacityReservationSpecification).toEqual({ CapacityReservationPreference: 'none' });
  });

  it('needs targets exactly with the targeted preferences, and refuses all-spot groups', () => {
    expect(errors(group({ capacityReservation: { preference: 'capacity-reservations-only' } }))).toEqual(['rule.reservation-targets@/nodeGroups/0/capacityReservation']);
    expect(errors(group({ capacityReservation: { preference: 'open', ids: ['cr-0a1b2c3d4e5f60718'] } }))).toEqual(['rule.reservation-targets@/nodeGroups/0/capacityReservation/ids']);
    expect(errors(group({ capacityReservation: { preference: 'capacity-reservations-first', ids: ['cr-0a1b2c3d4e5f60718'], resourceGroupArns: ['arn:aws:resource-groups:us-east-1:111122223333:group/ml'] } }))).toEqual([
      'rule.reservation-targets@/nodeGroups/0/capacityReservation/resourceGroupArns',
    ]);
    expect(errors(group({ spot: true, capacityReservation: { preference: 'capacity-reservations-first', ids: ['cr-0a1b2c3d4e5f60718'] } }))).toEqual(['rule.reservation-and-spot@/nodeGroups/0/capacityReservation']);
  });
});

describe('Capacity Blocks for ML', () => {
  const block = (extra: Partial<NodeGroupInput> = {}) =>
    group({
      instanceType: 'p5.48xlarge',
      minSize: 0,
      desiredCapacity: 0,
      maxSize: 4,
      subnetIds: [SUBNET],
      capacityBlock: { reservationId: 'cr-0a1b2c3d4e5f60718', startTime: '2027-01-11T11:30:00Z', endTime: '2027-01-18T11:30:00Z' },
      ...extra,
    });

  it('launches on the capacity-block market into the block, starts empty, and scales up at the start and to zero 30 minutes before the end', () => {
    const r = resources(block());
    expect(r.NodeLaunchTemplate.Properties.LaunchTemplateData).toMatchObject({
      InstanceMarketOptions: { MarketType: 'capacity-block' },
      CapacityReservationSpecification: { CapacityReservationTarget: { CapacityReservationId: 'cr-0a1b2c3d4e5f60718' } },
    });
    expect(r.CapacityBlockStartAction).toEqual({ Type: 'AWS::AutoScaling::ScheduledAction', Properties: { AutoScalingGroupName: { Ref: 'NodeGroup' }, StartTime: '2027-01-11T11:30:00Z', DesiredCapacity: 4 } });
    expect(r.CapacityBlockEndAction.Properties).toEqual({ AutoScalingGroupName: { Ref: 'NodeGroup' }, StartTime: '2027-01-18T11:00:00Z', MinSize: 0, DesiredCapacity: 0 });
    // A stack update must not undo what the scheduled actions set.
    expect(r.NodeGroup.UpdatePolicy.AutoScalingScheduledAction).toEqual({ IgnoreUnmodifiedGroupSizeProperties: true });
    expect(errors(block())).toEqual([]);
    expect(resources(block({ capacityBlock: { reservationId: 'cr-0a1b2c3d4e5f60718' } })).CapacityBlockStartAction).toBeUndefined();
  });

  it('refuses a group that would start instances before the block, more than one subnet, another market, or times too close', () => {
    expect(errors(block({ minSize: 1, desiredCapacity: 1 }))).toEqual(['rule.capacity-block-size@/nodeGroups/0/minSize', 'rule.capacity-block-size@/nodeGroups/0/desiredCapacity']);
    expect(errors(block({ subnetIds: [SUBNET, 'subnet-0f1e2d3c4b5a69788'] }))).toEqual(['rule.one-subnet@/nodeGroups/0/subnetIds']);
    expect(errors(block({ subnetIds: undefined }))).toEqual(['rule.one-subnet@/nodeGroups/0']);
    expect(errors(block({ spot: true }))).toContain('rule.capacity-block-market@/nodeGroups/0/spot');
    expect(errors(block({ capacityBlock: { reservationId: 'cr-0a1b2c3d4e5f60718', startTime: '2027-01-11T11:30:00Z', endTime: '2027-01-11T11:45:00Z' } }))).toEqual(['rule.capacity-block-times@/nodeGroups/0/capacityBlock/endTime']);
    expect(errors(block({ capacityBlock: { reservationId: 'cr-0a1b2c3d4e5f60718', nodes: 5 } }))).toEqual(['rule.capacity-block-size@/nodeGroups/0/capacityBlock/nodes']);
    // A day the month does not have: an error with its place, never a crash.
    expect(errors(block({ capacityBlock: { reservationId: 'cr-0a1b2c3d4e5f60718', endTime: '2027-02-30T11:30:00Z' } }))).toEqual(['rule.capacity-block-times@/nodeGroups/0/capacityBlock/endTime']);
    expect(errors(block({ capacityReservation: { preference: 'open' } }))).toEqual(['rule.reservation-and-block@/nodeGroups/0/capacityReservation']);
    expect(codes(block({ instanceType: 'm5.large' }))).toContain('warning:rule.capacity-block-type@/nodeGroups/0/instanceType');
  });
});

describe('EFA', () => {
  const efa = (extra: Partial<NodeGroupInput> = {}) => group({ instanceType: 'p4d.24xlarge', subnetIds: [SUBNET], efa: { enabled: true }, ...extra });

  it('puts an efa interface on each network card (eksctl\'s layout), in a cluster placement group, with the security group open to itself both ways', () => {
    const r = resources(efa());
    const nics = r.NodeLaunchTemplate.Properties.LaunchTemplateData.NetworkInterfaces;
    expect(instanceTypeInfo('p4d.24xlarge')!.networkCards).toBe(4);
    expect(nics.map((n: Json) => [n.NetworkCardIndex, n.DeviceIndex, n.InterfaceType])).toEqual([[0, 0, 'efa'], [1, 1, 'efa'], [2, 1, 'efa'], [3, 1, 'efa']]);
    for (const n of nics) expect(n.Groups).toEqual([{ Ref: 'NodeSecurityGroup' }, { Ref: 'ClusterSecurityGroup' }]);
    expect(r.NodeLaunchTemplate.Properties.LaunchTemplateData.Placement).toEqual({ GroupName: { Ref: 'NodePlacementGroup' } });
    expect(r.NodePlacementGroup).toEqual({ Type: 'AWS::EC2::PlacementGroup', Properties: { Strategy: 'cluster' } });
    expect(r.NodeSecurityGroupEfaEgress.Properties).toMatchObject({ GroupId: { Ref: 'NodeSecurityGroup' }, DestinationSecurityGroupId: { Ref: 'NodeSecurityGroup' }, IpProtocol: '-1' });
    expect(r.NodeSecurityGroupIngress.Properties).toMatchObject({ GroupId: { Ref: 'NodeSecurityGroup' }, SourceSecurityGroupId: { Ref: 'NodeSecurityGroup' }, IpProtocol: '-1' });
    // The layout fits these types only: the parameter cannot be changed to another.
    expect(built(efa()).Parameters.NodeInstanceType.AllowedValues).toEqual(['p4d.24xlarge']);
    expect(errors(efa())).toEqual([]);
  });

  it('puts efa-only on device 0 of the further cards when asked, uses a given placement group, and takes the fewest cards of several types', () => {
    const only = resources(efa({ instanceType: 'p5.48xlarge', efa: { enabled: true, secondaryInterfaceType: 'efa-only', placementGroup: 'training-pg' } }));
    const nics = only.NodeLaunchTemplate.Properties.LaunchTemplateData.NetworkInterfaces;
    expect(nics).toHaveLength(32);
    expect(nics.slice(0, 2).map((n: Json) => [n.NetworkCardIndex, n.DeviceIndex, n.InterfaceType])).toEqual([[0, 0, 'efa'], [1, 0, 'efa-only']]);
    expect(only.NodePlacementGroup).toBeUndefined();
    expect(only.NodeLaunchTemplate.Properties.LaunchTemplateData.Placement).toEqual({ GroupName: 'training-pg' });
    const mixed = resources(efa({ instanceType: undefined, instancesDistribution: { instanceTypes: ['p5.48xlarge', 'p4d.24xlarge'] } }));
    expect(mixed.NodeLaunchTemplate.Properties.LaunchTemplateData.NetworkInterfaces).toHaveLength(4);
    // One card, one interface: the public IP choice stays with it.
    expect(resources(efa({ instanceType: 'c5n.18xlarge', associatePublicIpAddress: false })).NodeLaunchTemplate.Properties.LaunchTemplateData.NetworkInterfaces).toEqual([
      { NetworkCardIndex: 0, DeviceIndex: 0, InterfaceType: 'efa', AssociatePublicIpAddress: false, Groups: [{ Ref: 'NodeSecurityGroup' }, { Ref: 'ClusterSecurityGroup' }], DeleteOnTermination: true },
    ]);
  });

  it('refuses types without EFA or unknown ones, several subnets, a public IP with several interfaces, attribute-based selection and Windows', () => {
    expect(errors(efa({ instanceType: 'm5.large' }))).toEqual(['rule.efa-types@/nodeGroups/0/instanceType']);
    expect(errors(efa({ instanceType: 'zz9.huge' }))).toEqual(['rule.efa-types@/nodeGroups/0/instanceType']);
    expect(errors(efa({ subnetIds: [SUBNET, 'subnet-0f1e2d3c4b5a69788'] }))).toEqual(['rule.one-subnet@/nodeGroups/0/subnetIds']);
    expect(errors(efa({ associatePublicIpAddress: true }))).toEqual(['rule.efa-public-ip@/nodeGroups/0/associatePublicIpAddress']);
    expect(errors(efa({ instanceType: undefined, instanceRequirements: REQUIREMENTS }))).toEqual(['rule.efa-types@/nodeGroups/0/instanceRequirements']);
    expect(errors(efa({ amiFamily: 'WindowsServer2022Core' }))).toContain('rule.efa-family@/nodeGroups/0/efa');
  });
});

describe('warm pools', () => {
  const pool = (extra: Partial<NodeGroupInput> = {}) => group({ instanceType: 'm6i.large', warmPool: { minSize: 2 }, ...extra });

  it('adds the pool, and the AmazonLinux2023 user data holds the join in a last script until the instance is in service', () => {
    const r = resources(pool());
    expect(r.NodeWarmPool).toEqual({ Type: 'AWS::AutoScaling::WarmPool', Properties: { AutoScalingGroupName: { Ref: 'NodeGroup' }, MinSize: 2, PoolState: 'Stopped', InstanceReusePolicy: { ReuseOnScaleIn: false } } });
    const ud = userData(pool());
    const parts = ud.split('\n--//');
    expect(parts[parts.length - 2]).toContain('autoscaling/target-lifecycle-state');
    expect(parts.findIndex((p) => p.includes('application/node.eks.aws'))).toBeLessThan(parts.length - 2);
    expect(userData(group({ instanceType: 'm6i.large' }))).not.toContain('target-lifecycle-state');
  });

  it('configures hibernation for a Hibernated pool and checks the root volume holds the memory', () => {
    expect(ltData(pool({ warmPool: { poolState: 'Hibernated' }, volumeSize: 40 })).HibernationOptions).toEqual({ Configured: true });
    expect(errors(pool({ warmPool: { poolState: 'Hibernated' }, volumeSize: 40 }))).toEqual([]);
    // m6i.large: 8 GiB of memory + the AMI's 20 GiB.
    expect(errors(pool({ warmPool: { poolState: 'Hibernated' }, volumeSize: 27 }))).toEqual(['rule.warm-pool-hibernation@/nodeGroups/0/volumeSize']);
    expect(errors(pool({ warmPool: { poolState: 'Hibernated' }, volumeSize: 40, volumeEncrypted: false }))).toEqual(['rule.warm-pool-hibernation@/nodeGroups/0/volumeEncrypted']);
    expect(errors(pool({ instanceType: 'r6i.8xlarge', warmPool: { poolState: 'Hibernated' }, volumeSize: 400 }))).toEqual(['rule.warm-pool-hibernation@/nodeGroups/0/instanceType']);
  });

  it('refuses what Auto Scaling refuses (mixed instances, spot), a node that could not signal, and the families that cannot hold the join, each with its reason', () => {
    expect(errors(pool({ spot: true }))).toContain('rule.warm-pool-market@/nodeGroups/0/spot');
    expect(errors(pool({ instanceType: undefined, instancesDistribution: { instanceTypes: ['m6i.large', 'm5.large'] } }))).toContain('rule.warm-pool-market@/nodeGroups/0/instancesDistribution');
    expect(errors(pool({ instanceType: undefined, instanceRequirements: REQUIREMENTS }))).toContain('rule.warm-pool-market@/nodeGroups/0/instanceRequirements');
    expect(errors(pool({ updatePolicy: { waitForNodes: true } }))).toEqual(['rule.warm-pool-signal@/nodeGroups/0/updatePolicy/waitForNodes']);
    expect(errors(pool({ warmPool: { minSize: 3, maxGroupPreparedCapacity: 2 } }))).toEqual(['rule.warm-pool-size@/nodeGroups/0/warmPool/maxGroupPreparedCapacity']);
    for (const amiFamily of ['AmazonLinux2', 'Bottlerocket', 'WindowsServer2022Core'] as const) {
      const found = problems(pool({ amiFamily, ...(amiFamily === 'AmazonLinux2' ? {} : {}) })).filter((p) => p.code === 'rule.warm-pool-family');
      expect(found).toHaveLength(1);
      expect(found[0].message).toContain(familyOf(resolveConfig(pool({ amiFamily })).nodeGroups[0]).capacity.warmPoolRefusal!);
    }
  });
});

describe('local NVMe storage', () => {
  it('is nodeadm\'s instance.localStorage on AmazonLinux2023, bootstrap.sh --local-disks on AmazonLinux2, and bootstrap commands on Bottlerocket', () => {
    expect(userData(group({ instanceType: 'm6id.large', localStorage: { strategy: 'RAID10' } }))).toContain('  instance:\n    localStorage:\n      strategy: RAID10\n');
    expect(userData(aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: { instanceType: 'm6id.large', amiFamily: 'AmazonLinux2', localStorage: { strategy: 'Mount' } } }))).toContain(' --local-disks mount');
    const br = userData(group({ instanceType: 'm6id.large', amiFamily: 'Bottlerocket', localStorage: { strategy: 'RAID0' } }));
    expect(br).toContain('[settings.bootstrap-commands.k8s-ephemeral-storage]');
    expect(br).toContain('"commands" = [["apiclient", "ephemeral-storage", "init"], ["apiclient", "ephemeral-storage", "bind", "--dirs", "/var/lib/containerd", "/var/lib/kubelet", "/var/log/pods"]]');
  });

  it('refuses types without NVMe instance store, strategies the family lacks, and Windows; requires instance store of attribute-based types', () => {
    expect(errors(group({ instanceType: 'm6i.large', localStorage: { strategy: 'RAID0' } }))).toEqual(['rule.local-storage-types@/nodeGroups/0/instanceType']);
    expect(errors(group({ instanceType: 'm6id.large', amiFamily: 'Bottlerocket', localStorage: { strategy: 'RAID10' } }))).toEqual(['rule.local-storage-family@/nodeGroups/0/localStorage/strategy']);
    expect(errors(group({ instanceType: 'm6id.large', amiFamily: 'WindowsServer2022Core', localStorage: { strategy: 'RAID0' } }))).toContain('rule.local-storage-family@/nodeGroups/0/localStorage/strategy');
    expect(codes(group({ instanceType: 'zz9.huge', localStorage: { strategy: 'RAID0' } }))).toContain('warning:rule.local-storage-types@/nodeGroups/0/instanceType');
    const req = resources(group({ instanceRequirements: REQUIREMENTS, localStorage: { strategy: 'RAID0' } })).NodeGroup.Properties.MixedInstancesPolicy.LaunchTemplate.Overrides[0].InstanceRequirements;
    expect(req).toMatchObject({ LocalStorage: 'required', LocalStorageTypes: ['ssd'] });
    expect(errors(group({ instanceRequirements: { ...REQUIREMENTS, localStorage: 'excluded' }, localStorage: { strategy: 'RAID0' } }))).toEqual(['rule.local-storage-excluded@/nodeGroups/0/instanceRequirements/localStorage']);
  });
});

describe('capacity rebalancing and allocation', () => {
  it('keeps price-capacity-optimized as the spot default and refuses rebalancing off where the termination handler drains at rebalance recommendations', () => {
    expect(resources(group({ spot: true })).NodeGroup.Properties.MixedInstancesPolicy.InstancesDistribution.SpotAllocationStrategy).toBe('price-capacity-optimized');
    expect(errors(group({ instancesDistribution: { instanceTypes: ['m5.large', 'm5a.large'], onDemandPercentageAboveBaseCapacity: 0, capacityRebalance: false } }))).toEqual([
      'rule.rebalance-with-termination-handling@/nodeGroups/0/instancesDistribution/capacityRebalance',
    ]);
    expect(errors(group({ instancesDistribution: { instanceTypes: ['m5.large', 'm5a.large'], onDemandPercentageAboveBaseCapacity: 0, capacityRebalance: false }, terminationHandling: { enabled: false } }))).toEqual([]);
  });
});
