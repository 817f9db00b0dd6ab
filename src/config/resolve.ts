/** Stage 2 of 3: apply defaults. The result has no optional fields; builders accept only it. */
import { partitionOf } from '../cfn/partition';
import { FAMILIES } from '../families';
import { DEFAULTS } from './defaults';
import { resolveGitSync } from '../git-sync/types';
import { acceleratorOf, architectureOf } from './ami';
import {
  requirementsAccelerator, requirementsArchitecture, resolveCapacityBlock, resolveCapacityReservation, resolveEfa, resolveInstanceRequirements, resolveLocalStorage, resolveWarmPool,
} from '../capacity/resolve';
import { ADDON_POLICIES, AmiSource, ClusterInput, Config, ConfigInput, Network, NetworkInput, NodeGroup, NodeGroupInput, InstancesDistribution } from './types';

export function resolveConfig(input: ConfigInput): Config {
  const region = input.cluster.region ?? DEFAULTS.region;
  const c: ClusterInput = input.cluster;
  return {
    policy: input.policy ?? input.compliance ?? null,
    compliance: input.compliance ?? null,
    gitSync: resolveGitSync(input.gitSync),
    cluster: {
      name: c.name,
      region,
      partition: partitionOf(region),
      kubernetesVersion: c.kubernetesVersion,
      controlPlaneSecurityGroupId: c.controlPlaneSecurityGroupId ?? null,
      clusterSecurityGroupId: c.clusterSecurityGroupId ?? null,
      vpcId: c.vpcId ?? null,
      subnetIds: c.subnetIds ?? null,
      endpoint: c.endpoint ?? null,
      certificateAuthorityData: c.certificateAuthorityData ?? null,
      serviceCidr: c.serviceCidr ?? null,
      accountId: c.accountId ?? null,
      authenticationMode: c.authenticationMode ?? DEFAULTS.authenticationMode,
      create: c.create ?? DEFAULTS.createCluster,
      // The compliance profile's default: Control Tower's CT.EKS.PR.1 wants no public endpoint.
      endpointPublicAccess: c.endpointPublicAccess ?? (input.compliance ? false : DEFAULTS.endpointPublicAccess),
      endpointPrivateAccess: c.endpointPrivateAccess ?? DEFAULTS.endpointPrivateAccess,
      publicAccessCidrs: c.publicAccessCidrs ?? null,
      terminationQueueArn: c.terminationQueueArn ?? null,
    },
    network: resolveNetwork(input.network ?? {}),
    nodeGroups: input.nodeGroups.map((ng) => resolveNodeGroup(ng, c.kubernetesVersion, input.compliance !== undefined)),
  };
}

/** NAT gateways default to one shared gateway when there are private subnets, none otherwise. */
function resolveNetwork(n: NetworkInput): Network {
  const privateSubnets = n.privateSubnets ?? DEFAULTS.privateSubnets;
  return {
    vpcCidr: n.vpcCidr ?? DEFAULTS.vpcCidr,
    publicSubnets: n.publicSubnets ?? DEFAULTS.publicSubnets,
    privateSubnets,
    natGateways: n.natGateways ?? (privateSubnets > 0 ? DEFAULTS.natGatewaysWithPrivateSubnets : 'none'),
  };
}

/**
 * The label every node of a group gets, naming its group: what `eksng migrate`'s script (and a
 * user's kubectl) selects a group's nodes by. Self-managed nodes have no such label otherwise.
 */
export const NODEGROUP_LABEL = 'eksng.io/nodegroup';

/** The label every all-spot node gets, so workloads can select or avoid spot capacity. */
export const SPOT_LABEL = { key: 'node.kubernetes.io/lifecycle', value: 'spot' } as const;

/** `compliance`: the Control Tower profile's defaults (hop limit 1, no public IP), where the config leaves them out. */
function resolveNodeGroup(ng: NodeGroupInput, kubernetesVersion: string, compliance: boolean): NodeGroup {
  const d = ng.instancesDistribution;
  const req = ng.instanceRequirements;
  // Attribute-based selection names no type; instancesDistribution may then give only the distribution.
  const instanceTypes = req ? [] : (d?.instanceTypes ?? [ng.instanceType ?? DEFAULTS.instanceType]);
  const instanceType = instanceTypes.length > 0 ? instanceTypes[0] : null;
  const amiFamily = ng.amiFamily ?? DEFAULTS.amiFamily;
  const desiredCapacity = ng.desiredCapacity ?? DEFAULTS.desiredCapacity;
  const minSize = ng.minSize ?? DEFAULTS.minSize;
  const maxSize = ng.maxSize ?? desiredCapacity + 1;
  const architecture = req ? requirementsArchitecture(req) : architectureOf(instanceTypes[0]);
  const accelerator = req ? requirementsAccelerator(req) : acceleratorOf(instanceTypes[0]);
  // Termination handling is on by default wherever spot capacity runs; with it, spot groups replace an
  // instance at a rebalance recommendation, before its interruption (CapacityRebalance).
  const spotCapacity = d ? (d.onDemandPercentageAboveBaseCapacity ?? DEFAULTS.onDemandPercentageAboveBaseCapacity) < 100 : (ng.spot ?? DEFAULTS.spot);
  const terminationHandling = ng.terminationHandling?.enabled ?? spotCapacity;
  const rebalance = terminationHandling && spotCapacity;
  const distribution: InstancesDistribution | null = d
    ? {
        onDemandBaseCapacity: d.onDemandBaseCapacity ?? DEFAULTS.onDemandBaseCapacity,
        onDemandPercentageAboveBaseCapacity: d.onDemandPercentageAboveBaseCapacity ?? DEFAULTS.onDemandPercentageAboveBaseCapacity,
        spotAllocationStrategy: d.spotAllocationStrategy ?? DEFAULTS.spotAllocationStrategy,
        maxPrice: d.maxPrice ?? null,
        capacityRebalance: d.capacityRebalance ?? (rebalance || DEFAULTS.capacityRebalance),
      }
    : (ng.spot ?? DEFAULTS.spot)
      ? { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: DEFAULTS.spotAllocationStrategy, maxPrice: null, capacityRebalance: rebalance }
      : req
        ? // Attribute-based selection lives in a MixedInstancesPolicy: all on-demand unless said otherwise.
          { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100, spotAllocationStrategy: DEFAULTS.spotAllocationStrategy, maxPrice: null, capacityRebalance: false }
        : null;
  const spot = distribution !== null && distribution.onDemandBaseCapacity === 0 && distribution.onDemandPercentageAboveBaseCapacity === 0;
  return {
    name: ng.name,
    instanceType,
    instanceTypes,
    instanceRequirements: req ? resolveInstanceRequirements(req, ng.localStorage !== undefined) : null,
    capacityReservation: ng.capacityReservation ? resolveCapacityReservation(ng.capacityReservation) : null,
    capacityBlock: ng.capacityBlock ? resolveCapacityBlock(ng.capacityBlock, maxSize) : null,
    efa: resolveEfa(ng.efa),
    warmPool: ng.warmPool ? resolveWarmPool(ng.warmPool) : null,
    localStorage: resolveLocalStorage(ng.localStorage),
    maxPodsExpression: ng.maxPodsExpression ?? null,
    architecture,
    accelerator,
    distribution,
    minSize,
    desiredCapacity,
    maxSize,
    subnetIds: ng.subnetIds ?? null,
    availabilityZones: ng.availabilityZones ?? null,
    updatePolicy: {
      maxBatchSize: ng.updatePolicy?.maxBatchSize ?? DEFAULTS.maxBatchSize,
      // A fixed-size group has no room above minSize: one node fewer stays in service while it is replaced.
      minInstancesInService: ng.updatePolicy?.minInstancesInService ?? (maxSize > minSize ? 'minSize' : Math.max(minSize - 1, 0)),
      pauseTime: ng.updatePolicy?.pauseTime ?? ((ng.updatePolicy?.waitForNodes ?? DEFAULTS.waitForNodes) ? DEFAULTS.signalTimeout : DEFAULTS.pauseTime),
      suspendProcesses: ng.updatePolicy?.suspendProcesses ?? DEFAULTS.suspendProcesses,
      waitForNodes: ng.updatePolicy?.waitForNodes ?? DEFAULTS.waitForNodes,
    },
    amiFamily,
    ami: resolveAmi(ng.ami ?? DEFAULTS.ami, ng.amiRelease ?? null, (release) => FAMILIES[amiFamily].amiParameter(kubernetesVersion, architecture, accelerator, release)),
    spot,
    associatePublicIpAddress: (ng.privateNetworking ?? DEFAULTS.privateNetworking) ? false : (ng.associatePublicIpAddress ?? (compliance ? false : null)),
    ssh: ng.ssh ? { keyName: ng.ssh.keyName, sourceCidr: ng.ssh.sourceCidr, allowOpenToWorld: ng.ssh.allowOpenToWorld ?? DEFAULTS.allowOpenToWorld } : null,
    volumeSize: ng.volumeSize ?? FAMILIES[amiFamily].defaultVolumeGiB,
    volumeType: ng.volumeType ?? DEFAULTS.volumeType,
    volumeEncrypted: ng.volumeEncrypted ?? DEFAULTS.volumeEncrypted,
    volumeKmsKeyID: ng.volumeKmsKeyID ?? null,
    volumeIOPS: ng.volumeIOPS ?? null,
    volumeThroughput: ng.volumeThroughput ?? null,
    labels: { [NODEGROUP_LABEL]: ng.name, ...(ng.labels ?? {}), ...(spot ? { [SPOT_LABEL.key]: SPOT_LABEL.value } : {}) },
    taints: (ng.taints ?? []).map((t) => ({ key: t.key, value: t.value ?? DEFAULTS.taintValue, effect: t.effect })),
    maxPodsPerNode: ng.maxPodsPerNode ?? null,
    kubeletExtraConfig: ng.kubeletExtraConfig ?? null,
    bottlerocketSettings: ng.bottlerocket?.settings ?? null,
    preBootstrapCommands: ng.preBootstrapCommands ?? [],
    disableIMDSv1: ng.disableIMDSv1 ?? DEFAULTS.disableIMDSv1,
    instanceMetadataHopLimit: ng.instanceMetadataHopLimit ?? (compliance ? 1 : DEFAULTS.instanceMetadataHopLimit),
    iam: {
      attachPolicyARNs: ng.iam?.attachPolicyARNs ?? [],
      withSSM: ng.iam?.withSSM ?? DEFAULTS.withSSM,
      instanceRoleARN: ng.iam?.instanceRoleARN ?? null,
      instanceProfileARN: ng.iam?.instanceProfileARN ?? null,
      permissionsBoundary: ng.iam?.permissionsBoundary ?? null,
      addonPolicies: ADDON_POLICIES.filter((a) => ng.iam?.withAddonPolicies?.[a] === true),
    },
    clusterAutoscaler: ng.clusterAutoscaler ?? DEFAULTS.clusterAutoscaler,
    terminationHandling: {
      // On wherever spot capacity runs: spot interruptions are the terminations that come without warning.
      enabled: terminationHandling,
      heartbeatTimeout: ng.terminationHandling?.heartbeatTimeout ?? DEFAULTS.terminationHeartbeatTimeout,
    },
    tags: ng.tags ?? {},
  };
}

function resolveAmi(ami: string, release: string | null, eksParameter: (release: string | null) => string): AmiSource {
  if (ami === 'auto') return { kind: 'ssm', parameter: eksParameter(release), auto: true, release };
  if (ami.startsWith('ssm:')) return { kind: 'ssm', parameter: ami.slice('ssm:'.length), auto: false, release: null };
  return { kind: 'id', imageId: ami };
}
