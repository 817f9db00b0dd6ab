/**
 * The VPC of the EKS getting-started walkthrough: public subnets in distinct AZs behind an internet
 * gateway, optional private subnets whose default route goes to a NAT gateway (one shared, or one
 * per AZ). AZs come from `Fn::GetAZs` (never hard-coded names), subnet CIDRs from the config
 * (`subnetLayout`) through template parameters.
 */
import VPC from 'cloudform-types/types/ec2/vpc';
import InternetGateway from 'cloudform-types/types/ec2/internetGateway';
import VPCGatewayAttachment from 'cloudform-types/types/ec2/vpcGatewayAttachment';
import RouteTable from 'cloudform-types/types/ec2/routeTable';
import Route from 'cloudform-types/types/ec2/route';
import Subnet from 'cloudform-types/types/ec2/subnet';
import SubnetRouteTableAssociation from 'cloudform-types/types/ec2/subnetRouteTableAssociation';
import EIP from 'cloudform-types/types/ec2/eip';
import NatGateway from 'cloudform-types/types/ec2/natGateway';
import { ResourceTag } from 'cloudform-types/types/resource';
import { GetAtt, GetAZs, Ref, Select } from 'cloudform-types/types/functions';
import { Network } from '../config/types';
import { Params, Resources } from './logical-ids';
import { clusterSharedTag, INTERNAL_ELB_TAG, nameTag, PUBLIC_ELB_TAG } from './tags';

export const ANYWHERE = '0.0.0.0/0';

type NetworkResource = VPC | InternetGateway | VPCGatewayAttachment | RouteTable | Route | Subnet | SubnetRouteTableAssociation | EIP | NatGateway;

/** 1-based numbers of the subnets of one kind: `[1, 2]` or `[1, 2, 3]`. */
export const numbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/**
 * The n-th AZ of the region, as CloudFormation lists them. `Fn::GetAZs ''` means the stack's own
 * region (and is the form every tool reads, moto included).
 */
export const availabilityZone = (n: number) => Select(n - 1, GetAZs(''));

/** The NAT gateway the private subnet of AZ n sends its traffic to. */
export function natGatewayFor(network: Network, n: number): number {
  return network.natGateways === 'perAz' ? n : 1;
}

/** How many NAT gateways there are (each in the public subnet of its AZ, from AZ 1 on). */
export function natGatewayCount(network: Network): number {
  switch (network.natGateways) {
    case 'none':
      return 0;
    case 'single':
      return 1;
    case 'perAz':
      return network.privateSubnets;
  }
}

/** `compliance`: the public subnets assign no public IPs (Control Tower's CT.EC2.PR.11); nodes then run in the private ones. */
export function buildNetwork(network: Network, compliance = false): Record<string, NetworkResource> {
  const vpc = () => Ref(Resources.vpc);
  const resources: Record<string, NetworkResource> = {
    [Resources.vpc]: new VPC({
      CidrBlock: Ref(Params.vpcBlock),
      // Both needed for the cluster's private endpoint and for nodes to resolve it.
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
      Tags: [nameTag('VPC'), clusterSharedTag()],
    }),
    [Resources.internetGateway]: new InternetGateway({ Tags: [nameTag('InternetGateway')] }),
    [Resources.gatewayAttachment]: new VPCGatewayAttachment({ VpcId: vpc(), InternetGatewayId: Ref(Resources.internetGateway) }),
    [Resources.publicRouteTable]: new RouteTable({ VpcId: vpc(), Tags: [nameTag('PublicRouteTable')] }),
    // A route to a gateway that is not attached yet fails: wait for the attachment.
    [Resources.publicRoute]: new Route({
      RouteTableId: Ref(Resources.publicRouteTable),
      DestinationCidrBlock: ANYWHERE,
      GatewayId: Ref(Resources.internetGateway),
    }).dependsOn(Resources.gatewayAttachment),
  };
  for (const n of numbers(network.publicSubnets)) {
    resources[Resources.publicSubnet(n)] = new Subnet({
      VpcId: vpc(),
      AvailabilityZone: availabilityZone(n),
      CidrBlock: Ref(Params.publicSubnetBlock(n)),
      // Nodes and load balancers in public subnets need public addresses to reach the internet.
      MapPublicIpOnLaunch: !compliance,
      Tags: [nameTag(Resources.publicSubnet(n)), clusterSharedTag(), new ResourceTag(PUBLIC_ELB_TAG.key, PUBLIC_ELB_TAG.value)],
    });
    resources[Resources.publicSubnetRouteTableAssociation(n)] = new SubnetRouteTableAssociation({
      SubnetId: Ref(Resources.publicSubnet(n)),
      RouteTableId: Ref(Resources.publicRouteTable),
    });
  }
  for (const n of numbers(natGatewayCount(network))) {
    // An elastic IP for a NAT gateway needs the internet gateway attached first.
    resources[Resources.natGatewayEip(n)] = new EIP({ Domain: 'vpc', Tags: [nameTag(Resources.natGatewayEip(n))] }).dependsOn(Resources.gatewayAttachment);
    resources[Resources.natGateway(n)] = new NatGateway({
      AllocationId: GetAtt(Resources.natGatewayEip(n), 'AllocationId'),
      SubnetId: Ref(Resources.publicSubnet(n)),
      Tags: [nameTag(Resources.natGateway(n))],
    });
  }
  // One route table per private subnet, whatever the NAT mode: going from one NAT gateway to one
  // per AZ then changes only the routes' targets, never the tables or associations.
  for (const n of numbers(network.privateSubnets)) {
    resources[Resources.privateRouteTable(n)] = new RouteTable({ VpcId: vpc(), Tags: [nameTag(Resources.privateRouteTable(n))] });
    resources[Resources.privateRoute(n)] = new Route({
      RouteTableId: Ref(Resources.privateRouteTable(n)),
      DestinationCidrBlock: ANYWHERE,
      NatGatewayId: Ref(Resources.natGateway(natGatewayFor(network, n))),
    });
    resources[Resources.privateSubnet(n)] = new Subnet({
      VpcId: vpc(),
      AvailabilityZone: availabilityZone(n),
      CidrBlock: Ref(Params.privateSubnetBlock(n)),
      MapPublicIpOnLaunch: false,
      Tags: [nameTag(Resources.privateSubnet(n)), clusterSharedTag(), new ResourceTag(INTERNAL_ELB_TAG.key, INTERNAL_ELB_TAG.value)],
    });
    resources[Resources.privateSubnetRouteTableAssociation(n)] = new SubnetRouteTableAssociation({
      SubnetId: Ref(Resources.privateSubnet(n)),
      RouteTableId: Ref(Resources.privateRouteTable(n)),
    });
  }
  return resources;
}

/** The subnets nodes go in: the private ones when there are any (no public IPs needed), else the public ones. */
export function nodeSubnets(network: Network): string[] {
  return network.privateSubnets > 0 ? numbers(network.privateSubnets).map(Resources.privateSubnet) : numbers(network.publicSubnets).map(Resources.publicSubnet);
}

/** Every subnet, public first: what the EKS cluster gets (control-plane ENIs and load balancers may use all). */
export function allSubnets(network: Network): string[] {
  return [...numbers(network.publicSubnets).map(Resources.publicSubnet), ...numbers(network.privateSubnets).map(Resources.privateSubnet)];
}
