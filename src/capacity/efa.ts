/**
 * Elastic Fabric Adapter: an EFA interface on each network card the type has (up to its EFA
 * maximum), in a cluster placement group, with the node security group open to itself both ways.
 * The layout is eksctl's for `efa` (pkg/cfn/builder/network_interfaces.go: card 0 device 0, then
 * device 1 of each further card) and the EC2 User Guide's for `efa-only` (device 0 of each further
 * card; the first card keeps an `efa` interface with the node's IP). Sources and the rules in
 * instance-types.md.
 */
import { instanceTypeAt } from '../config/pointers';
import PlacementGroup from 'cloudform-types/types/ec2/placementGroup';
import SecurityGroupEgress from 'cloudform-types/types/ec2/securityGroupEgress';
import { Ref } from 'cloudform-types/types/functions';
import type { At } from '../families/family';
import type { Cluster, NodeGroup } from '../config/types';
import { error, Problem } from '../problems';
import { Resources } from '../template/logical-ids';
import { instanceDataSource, instanceTypeInfo } from './instance-types';
import { checkOneSubnet } from './reservations';

/** What efa-only interfaces need of the cluster and AMI (the EKS user guide, node-efa). */
export const EFA_ONLY_NEEDS = 'efa-only interfaces need the Amazon VPC CNI 1.18.5 or newer in the cluster (and, on AmazonLinux2, AMI release v20240928 or newer)';

/** The EFA device plugin (the EKS user guide, node-efa): pods request vpc.amazonaws.com/efa through it. */
export const EFA_DEVICE_PLUGIN =
  'the EFA device plugin must run in the cluster before pods can request vpc.amazonaws.com/efa: helm repo add eks https://aws.github.io/eks-charts && helm upgrade --install aws-efa-k8s-device-plugin eks/aws-efa-k8s-device-plugin --namespace kube-system';

/**
 * How many EFA interfaces every type of the group takes: one per network card, at most the type's
 * EFA maximum (p6-b300.48xlarge has 17 cards and 16 EFAs), the least over the group's types.
 * null: a type is unknown to the data, or has no EFA (the check reports it).
 */
export function efaInterfaceCount(ng: NodeGroup): number | null {
  let count = Infinity;
  for (const type of ng.instanceTypes) {
    const info = instanceTypeInfo(type);
    if (!info || info.efaInterfaces === 0) return null;
    count = Math.min(count, info.networkCards, info.efaInterfaces);
  }
  return Number.isFinite(count) ? count : null;
}

/** The launch template's interfaces with EFA; null: the group has no EFA (the single plain interface). */
export function efaNetworkInterfaces(ng: NodeGroup, groups: unknown[]): Array<Record<string, unknown>> | null {
  if (!ng.efa) return null;
  const count = efaInterfaceCount(ng) ?? 1;
  const efaOnly = ng.efa.secondaryInterfaceType === 'efa-only';
  return Array.from({ length: count }, (_, card) => ({
    NetworkCardIndex: card,
    DeviceIndex: card === 0 || efaOnly ? 0 : 1,
    InterfaceType: card === 0 ? 'efa' : ng.efa!.secondaryInterfaceType,
    // One interface: the subnet's or the config's public IP choice; several: EC2 assigns none.
    ...(card === 0 && count === 1 && ng.associatePublicIpAddress !== null ? { AssociatePublicIpAddress: ng.associatePublicIpAddress } : {}),
    Groups: groups,
    DeleteOnTermination: true,
  }));
}

export const launchTemplatePlacement = (ng: NodeGroup): Record<string, unknown> =>
  ng.efa ? { Placement: { GroupName: ng.efa.placementGroup ?? Ref(Resources.nodePlacementGroup) } } : {};

export function efaResources(ng: NodeGroup): Record<string, PlacementGroup | SecurityGroupEgress> {
  if (!ng.efa) return {};
  return {
    ...(ng.efa.placementGroup === null ? { [Resources.nodePlacementGroup]: new PlacementGroup({ Strategy: 'cluster' }) } : {}),
    // Ingress from itself is the node-to-node rule every group has; EFA needs egress to itself too.
    [Resources.efaSelfEgress]: new SecurityGroupEgress({
      Description: 'Allow EFA traffic between the nodes (EFA needs all traffic to and from the security group itself)',
      GroupId: Ref(Resources.nodeSecurityGroup),
      DestinationSecurityGroupId: Ref(Resources.nodeSecurityGroup),
      IpProtocol: '-1',
    }),
  };
}

export function checkEfa(cluster: Cluster, ng: NodeGroup, at: At): Problem[] {
  if (!ng.efa) return [];
  const problems: Problem[] = [...checkOneSubnet(cluster, ng, at, 'an EFA group\'s cluster placement group')];
  if (ng.instanceRequirements) {
    problems.push(error('rule.efa-types', at('instanceRequirements'), 'cannot be used with efa: the interfaces depend on each type\'s network cards, so name the types (instanceType or instancesDistribution.instanceTypes)'));
    return problems;
  }
  ng.instanceTypes.forEach((type, j) => {
    const where = instanceTypeAt(ng, j, at);
    const info = instanceTypeInfo(type);
    if (!info) problems.push(error('rule.efa-types', where, `is not in eksng's instance-type data (${instanceDataSource()}), so its network cards are unknown: check the name, or use a type listed at https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa.html#efa-instance-types`));
    else if (info.efaInterfaces === 0) problems.push(error('rule.efa-types', where, `${type} does not support EFA; EFA types include c5n.18xlarge, p4d.24xlarge, p5.48xlarge, trn1.32xlarge (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa.html#efa-instance-types)`));
  });
  const count = efaInterfaceCount(ng);
  if (count !== null && count > 1 && ng.associatePublicIpAddress === true) {
    problems.push(error('rule.efa-public-ip', at('associatePublicIpAddress'), `cannot be true for an EFA group: its nodes get ${count} network interfaces, and EC2 gives no public IP to an instance with several; use private subnets with a NAT gateway`));
  }
  return problems;
}
