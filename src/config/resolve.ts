/** Stage 2 of 3: apply defaults. The result has no optional fields; builders accept only it. */
import { DEFAULTS } from './defaults';
import { architectureOf, eksOptimizedAmiParameter } from './ami';
import { AmiSource, ClusterInput, Config, ConfigInput, Network, NetworkInput, NodeGroup, NodeGroupInput, Partition } from './types';

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function resolveConfig(input: ConfigInput): Config {
  const region = input.cluster.region ?? DEFAULTS.region;
  const c: ClusterInput = input.cluster;
  return {
    cluster: {
      name: c.name,
      region,
      partition: partitionOf(region),
      kubernetesVersion: c.kubernetesVersion,
      controlPlaneSecurityGroupId: c.controlPlaneSecurityGroupId ?? null,
      vpcId: c.vpcId ?? null,
      subnetIds: c.subnetIds ?? null,
      endpoint: c.endpoint ?? null,
      certificateAuthorityData: c.certificateAuthorityData ?? null,
      serviceCidr: c.serviceCidr ?? null,
      accountId: c.accountId ?? null,
      authenticationMode: c.authenticationMode ?? DEFAULTS.authenticationMode,
      create: c.create ?? DEFAULTS.createCluster,
      endpointPublicAccess: c.endpointPublicAccess ?? DEFAULTS.endpointPublicAccess,
      endpointPrivateAccess: c.endpointPrivateAccess ?? DEFAULTS.endpointPrivateAccess,
      publicAccessCidrs: c.publicAccessCidrs ?? null,
    },
    network: resolveNetwork(input.network ?? {}),
    nodeGroups: input.nodeGroups.map((ng) => resolveNodeGroup(ng, c.kubernetesVersion)),
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

function resolveNodeGroup(ng: NodeGroupInput, kubernetesVersion: string): NodeGroup {
  const instanceType = ng.instanceType ?? DEFAULTS.instanceType;
  const amiFamily = ng.amiFamily ?? DEFAULTS.amiFamily;
  const desiredCapacity = ng.desiredCapacity ?? DEFAULTS.desiredCapacity;
  return {
    name: ng.name,
    instanceType,
    minSize: ng.minSize ?? DEFAULTS.minSize,
    desiredCapacity,
    maxSize: ng.maxSize ?? desiredCapacity + 1,
    amiFamily,
    ami: resolveAmi(ng.ami ?? DEFAULTS.ami, () => eksOptimizedAmiParameter(amiFamily, kubernetesVersion, architectureOf(instanceType))),
    spot: ng.spot ?? DEFAULTS.spot,
    associatePublicIpAddress: ng.associatePublicIpAddress ?? DEFAULTS.associatePublicIpAddress,
    ssh: ng.ssh ? { keyName: ng.ssh.keyName, sourceCidr: ng.ssh.sourceCidr, allowOpenToWorld: ng.ssh.allowOpenToWorld ?? false } : null,
    volumeSize: ng.volumeSize ?? DEFAULTS.volumeSize,
  };
}

function resolveAmi(ami: string, autoParameter: () => string): AmiSource {
  if (ami === 'auto') return { kind: 'ssm', parameter: autoParameter(), auto: true };
  if (ami.startsWith('ssm:')) return { kind: 'ssm', parameter: ami.slice('ssm:'.length), auto: false };
  return { kind: 'id', imageId: ami };
}
