/**
 * Where the subnets of the VPC `eksng cluster` makes lie inside `network.vpcCidr`: computed here, at
 * generation time, rather than with `Fn::Cidr` in the template, so that a VPC that cannot hold the
 * subnets is refused with a pointer before anything is deployed, the template shows every CIDR a
 * reviewer would check, and the emulator the tests deploy to (moto has no `Fn::Cidr`) can run it.
 *
 * The VPC is cut into eight equal slots (three more prefix bits): public subnet i takes slot i,
 * private subnet i slot 4 + i. A subnet's CIDR never depends on how many subnets of either kind
 * there are, so adding a third AZ or private subnets later leaves every existing subnet in place
 * (CloudFormation replaces a subnet whose CIDR changes, which fails while nodes use it).
 */
import { contains, formatCidr, parseCidr, subnet } from './cidr';
import { Network } from './types';

/** Bits added to the VPC prefix for each subnet: 8 slots. */
export const SUBNET_SLOT_BITS = 3;
/** The first slot of the private subnets; slots 0-3 are for public subnets. */
export const FIRST_PRIVATE_SLOT = 4;
/** The VPC prefixes AWS allows go to /28; past /24 our subnets would be smaller than /27. */
export const VPC_PREFIX_RANGE = { min: 16, max: 24 } as const;
/** Subnets smaller than this get a warning: with the VPC CNI every pod takes one address. */
export const SMALL_SUBNET_PREFIX = 24;

export interface SubnetLayout {
  /** One CIDR per public subnet, in AZ order. */
  readonly public: readonly string[];
  /** One CIDR per private subnet, in AZ order (AZ i of the private subnets is AZ i of the public ones). */
  readonly private: readonly string[];
}

/** The prefix length of every subnet of a VPC with this prefix. */
export function subnetPrefix(vpcPrefix: number): number {
  return vpcPrefix + SUBNET_SLOT_BITS;
}

/** The subnet CIDRs of a checked network (vpcCidr a network address with a prefix in VPC_PREFIX_RANGE). */
export function subnetLayout(network: Network): SubnetLayout {
  const vpc = parseCidr(network.vpcCidr);
  if (!vpc) throw new Error(`subnetLayout: unchecked vpcCidr ${network.vpcCidr}`);
  const slot = (i: number) => formatCidr(subnet(vpc, SUBNET_SLOT_BITS, i));
  return {
    public: Array.from({ length: network.publicSubnets }, (_, i) => slot(i)),
    private: Array.from({ length: network.privateSubnets }, (_, i) => slot(FIRST_PRIVATE_SLOT + i)),
  };
}

/** The service CIDRs EKS chooses from when a cluster is created without one. */
export const EKS_DEFAULT_SERVICE_CIDRS = { usual: '10.100.0.0/16', whenVpcIn10Slash8: '172.20.0.0/16' } as const;

/**
 * The service CIDR of a cluster `eksng cluster` creates: the config's, else the one EKS itself would
 * choose (172.20.0.0/16 for a VPC inside 10.0.0.0/8, else 10.100.0.0/16). eksng always sets it
 * explicitly, because CloudFormation cannot read it back (`AWS::EKS::Cluster` has no `Fn::GetAtt`
 * for the IPv4 service CIDR) and the nodes need it.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html
 */
export function serviceCidrOfCreatedCluster(serviceCidr: string | null, network: Network): string {
  if (serviceCidr !== null) return serviceCidr;
  const vpc = parseCidr(network.vpcCidr);
  const ten = parseCidr('10.0.0.0/8');
  return vpc && ten && contains(ten, vpc) ? EKS_DEFAULT_SERVICE_CIDRS.whenVpcIn10Slash8 : EKS_DEFAULT_SERVICE_CIDRS.usual;
}
