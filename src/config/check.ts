/** Stage 3 of 3: rules across fields, on the resolved config. Pointers refer to the user's file. */
import { checkCompliance } from '../policy/profile';
import { error, pointer, Problem, warning } from '../problems';
import { contains, formatCidr, hasHostBits, networkOf, overlaps, parseCidr } from './cidr';
import { familyOf } from '../families';
import { checkUserDataSize } from '../families/size';
import { checkClusterVersion } from '../families/versions';
import { checkNodeGroupFeatures } from './check-features';
import { DEFAULTS } from './defaults';
import { SMALL_SUBNET_PREFIX, subnetPrefix, VPC_PREFIX_RANGE } from './network';
import { Config, ConfigPurpose, NodeGroup } from './types';
import { checkTerminationHandling } from '../termination/check';
import { checkCapacity } from '../capacity';
import { isoSeconds } from './duration';

export type { ConfigPurpose } from './types';

const SERVICE_CIDR_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

export function checkConfig(config: Config, purpose: ConfigPurpose = 'nodeGroups'): Problem[] {
  return [
    ...checkCluster(config, purpose),
    ...checkClusterCreation(config),
    ...checkNetwork(config),
    ...config.nodeGroups.flatMap((ng, i) => checkNodeGroup(config, ng, i)),
    ...checkUniqueNames(config),
    ...(purpose === 'nodeGroups' ? checkTerminationHandling(config) : []),
    ...checkCompliance(config, purpose),
  ];
}

function describeClusterHint(config: Config, query: string): string {
  return `aws eks describe-cluster --name ${config.cluster.name} --region ${config.cluster.region} --query ${query} --output text`;
}

function checkCluster(config: Config, purpose: ConfigPurpose): Problem[] {
  const c = config.cluster;
  const problems: Problem[] = [];
  problems.push(...checkClusterVersion(config));
  if (purpose === 'nodeGroups' && c.clusterSecurityGroupId === null) {
    problems.push(warning('rule.cluster-security-group', pointer('cluster', 'clusterSecurityGroupId'), `is not set: the nodes reach only their own group and the control plane, so pods on other node groups, managed node groups or Fargate (CoreDNS among them) cannot reach them, nor they those; set it from ${describeClusterHint(config, 'cluster.resourcesVpcConfig.clusterSecurityGroupId')}`));
  }
  if (c.subnetIds && c.subnetIds.length < 2) {
    problems.push(warning('rule.single-subnet', pointer('cluster', 'subnetIds'), 'has one subnet: nodes will run in a single availability zone; give two or more subnets in different AZs'));
  }
  if (c.serviceCidr !== null) {
    const cidr = parseCidr(c.serviceCidr);
    const at = pointer('cluster', 'serviceCidr');
    if (!cidr) problems.push(error('rule.cidr', at, `must be a valid IPv4 CIDR (octets 0-255, prefix 0-32), got "${c.serviceCidr}"`));
    else if (cidr.prefix < 12 || cidr.prefix > 24 || !SERVICE_CIDR_RANGES.some((r) => contains(r, cidr)) || hasHostBits(cidr)) {
      problems.push(error('rule.service-cidr', at, `must be an EKS service CIDR: a network address with a prefix from /12 to /24 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, got "${c.serviceCidr}" (${describeClusterHint(config, 'cluster.kubernetesNetworkConfig.serviceIpv4Cidr')})`));
    }
  }
  if (c.endpoint !== null && !EKS_ENDPOINT.test(c.endpoint)) {
    problems.push(warning('rule.endpoint-domain', pointer('cluster', 'endpoint'), `is not an EKS endpoint (*.eks.amazonaws.com, *.eks.amazonaws.com.cn): the nodes send their bootstrap credentials to it; check it against ${describeClusterHint(config, 'cluster.endpoint')}`));
  }
  if (c.certificateAuthorityData !== null && !decodesToPem(c.certificateAuthorityData)) {
    problems.push(error('rule.certificate-authority', pointer('cluster', 'certificateAuthorityData'), `must be the base64 of a PEM certificate ("-----BEGIN CERTIFICATE-----…"), as ${describeClusterHint(config, 'cluster.certificateAuthority.data')} prints it`));
  }
  if (purpose === 'cluster') return problems;
  // Some families (nodeadm, Bottlerocket) cannot discover the cluster: they need all three.
  const al2023 = config.nodeGroups.findIndex((ng) => familyOf(ng).clusterInfo.required);
  if (al2023 >= 0) {
    const needs: Array<[keyof typeof c, string, string]> = [
      ['endpoint', 'the API server endpoint', 'cluster.endpoint'],
      ['certificateAuthorityData', 'the cluster CA', 'cluster.certificateAuthority.data'],
      ['serviceCidr', 'the service CIDR', 'cluster.kubernetesNetworkConfig.serviceIpv4Cidr'],
    ];
    for (const [field, what, query] of needs) {
      if (c[field] === null) {
        problems.push(error('rule.al2023-needs-cluster-info', pointer('cluster', field), `is required: ${config.nodeGroups[al2023].amiFamily} nodes (${pointer('nodeGroups', al2023)}) cannot discover ${what}; get it with: ${describeClusterHint(config, query)} (or from the cluster stack: eksng generate --cluster-outputs)`));
      }
    }
  }
  else if ((c.endpoint === null) !== (c.certificateAuthorityData === null)) {
    // bootstrap.sh skips its DescribeCluster call only with both; one alone is a half-done config.
    const [missing, present] = c.endpoint === null ? ['endpoint', 'certificateAuthorityData'] : ['certificateAuthorityData', 'endpoint'];
    problems.push(error('rule.endpoint-and-ca', pointer('cluster', missing), `must be given together with cluster.${present} (or leave out both)`));
  }
  return problems;
}

/** The fields of the cluster `eksng cluster` creates (`cluster.create`). */
function checkClusterCreation(config: Config): Problem[] {
  const c = config.cluster;
  const problems: Problem[] = [];
  if (c.publicAccessCidrs !== null) {
    c.publicAccessCidrs.forEach((text, i) => {
      const cidr = parseCidr(text);
      const at = pointer('cluster', 'publicAccessCidrs', i);
      if (!cidr) problems.push(error('rule.cidr', at, `must be a valid IPv4 CIDR (octets 0-255, prefix 0-32), got "${text}"`));
      else if (hasHostBits(cidr)) problems.push(error('rule.cidr-host-bits', at, `has host bits set; EKS wants the network address: "${formatCidr(networkOf(cidr))}"`));
    });
  }
  if (!c.create) {
    if (c.publicAccessCidrs !== null) {
      problems.push(warning('rule.create-only', pointer('cluster', 'publicAccessCidrs'), 'has no effect unless cluster.create is true (eksng cluster then creates the cluster with it)'));
    }
    return problems;
  }
  if (!c.endpointPublicAccess && !c.endpointPrivateAccess) {
    problems.push(error('rule.endpoint-access', pointer('cluster', 'endpointPublicAccess'), 'and cluster.endpointPrivateAccess are both false: the API server would be reachable from nowhere (EKS refuses it)'));
  }
  if (c.publicAccessCidrs !== null && !c.endpointPublicAccess) {
    problems.push(error('rule.public-access-cidrs', pointer('cluster', 'publicAccessCidrs'), 'needs cluster.endpointPublicAccess true: they limit who reaches the public endpoint, which is off'));
  } else if (c.publicAccessCidrs !== null && !c.endpointPrivateAccess) {
    problems.push(warning('rule.public-access-cidrs', pointer('cluster', 'publicAccessCidrs'), 'limits the public endpoint while private access is off: nodes reach the API through it too, so the addresses of your NAT gateways or nodes must be in the list, or they cannot join'));
  }
  const service = c.serviceCidr === null ? null : parseCidr(c.serviceCidr);
  const vpc = parseCidr(config.network.vpcCidr);
  if (service && vpc && overlaps(service, vpc)) {
    problems.push(error('rule.service-cidr-overlaps-vpc', pointer('cluster', 'serviceCidr'), `overlaps the VPC's ${config.network.vpcCidr} (network.vpcCidr): EKS needs a service CIDR outside the VPC`));
  }
  return problems;
}

/** API server endpoints of EKS clusters, in every partition. */
const EKS_ENDPOINT = /^https:\/\/[a-z0-9.-]+\.eks\.amazonaws\.com(\.cn)?(:443)?$/i;

/** An SSH source wider than this prefix counts as open to the world (0.0.0.0/1 is half the internet). */
export const SSH_WIDEST_PREFIX = 8;

/** The VPC `eksng cluster` makes. Checked for every command: the file is one config. */
function checkNetwork(config: Config): Problem[] {
  const n = config.network;
  const problems: Problem[] = [];
  const at = (field: string) => pointer('network', field);
  const vpc = parseCidr(n.vpcCidr);
  if (!vpc) {
    problems.push(error('rule.cidr', at('vpcCidr'), `must be a valid IPv4 CIDR (octets 0-255, prefix 0-32), got "${n.vpcCidr}"`));
  } else if (vpc.prefix < VPC_PREFIX_RANGE.min || vpc.prefix > VPC_PREFIX_RANGE.max) {
    problems.push(error('rule.vpc-cidr-size', at('vpcCidr'), `must have a prefix from /${VPC_PREFIX_RANGE.min} (the largest VPC AWS allows) to /${VPC_PREFIX_RANGE.max} (its subnets are then /${subnetPrefix(VPC_PREFIX_RANGE.max)}: the VPC is cut into 8 equal subnet slots), got /${vpc.prefix}`));
  } else if (hasHostBits(vpc)) {
    problems.push(error('rule.cidr-host-bits', at('vpcCidr'), `has host bits set; write the network address "${formatCidr(networkOf(vpc))}"`));
  } else if (subnetPrefix(vpc.prefix) > SMALL_SUBNET_PREFIX) {
    const addresses = 2 ** (32 - subnetPrefix(vpc.prefix)) - 5; // AWS reserves five addresses per subnet
    problems.push(warning('rule.small-subnets', at('vpcCidr'), `gives subnets of /${subnetPrefix(vpc.prefix)} (${addresses} usable addresses each, the VPC being cut into 8 slots); with the VPC CNI every pod takes one, so a /${SMALL_SUBNET_PREFIX - 3} or larger VPC is safer`));
  }
  if (n.privateSubnets > n.publicSubnets) {
    problems.push(error('rule.private-subnets', at('privateSubnets'), `must be at most network.publicSubnets (${n.publicSubnets}), got ${n.privateSubnets}: each private subnet's AZ needs a public subnet for its NAT gateway and for internet-facing load balancers`));
  }
  if (n.privateSubnets > 0 && n.natGateways === 'none') {
    problems.push(error('rule.private-subnets-need-nat', at('natGateways'), `must be "single" or "perAz" with private subnets: without a NAT gateway, nodes there cannot reach the EKS API, ECR or any other AWS endpoint`));
  }
  if (n.privateSubnets === 0 && n.natGateways !== 'none') {
    problems.push(error('rule.nat-without-private-subnets', at('natGateways'), `must be "none" without private subnets (network.privateSubnets is 0): a NAT gateway serves private subnets only, and costs money by the hour`));
  }
  return problems;
}

function decodesToPem(base64: string): boolean {
  return Buffer.from(base64, 'base64').toString('latin1').includes('-----BEGIN CERTIFICATE-----');
}

function checkNodeGroup(config: Config, ng: NodeGroup, i: number): Problem[] {
  const at = (...rest: Array<string | number>) => pointer('nodeGroups', i, ...rest);
  const problems: Problem[] = [];
  if (ng.desiredCapacity < ng.minSize) {
    problems.push(error('rule.size-order', at('desiredCapacity'), `must be ≥ minSize (${ng.minSize}), got ${ng.desiredCapacity}`));
  }
  if (ng.maxSize < ng.desiredCapacity) {
    problems.push(error('rule.size-order', at('maxSize'), `must be ≥ desiredCapacity (${ng.desiredCapacity}), got ${ng.maxSize}`));
  } else if (ng.desiredCapacity >= ng.minSize) {
    // Only for sizes in order: the default minimum in service follows them.
    problems.push(...checkUpdatePolicy(ng, at));
  }
  problems.push(...familyOf(ng).check(config, ng, at));
  problems.push(...checkAmiRelease(ng, at));
  problems.push(...checkUserDataSize(config, ng, at));
  if (ng.ami.kind === 'ssm' && ng.ami.auto && ng.volumeSize < DEFAULTS.eksAmiRootSnapshotGiB) {
    problems.push(error('rule.volume-size', at('volumeSize'), `must be ≥ ${DEFAULTS.eksAmiRootSnapshotGiB} GiB, the size of the EKS-optimized AMI's root snapshot, got ${ng.volumeSize}`));
  }
  problems.push(...checkNodeGroupFeatures(config, ng, i));
  problems.push(...checkCapacity(config, ng, at));
  if (ng.ssh) {
    const cidr = parseCidr(ng.ssh.sourceCidr);
    if (!cidr) {
      problems.push(error('rule.cidr', at('ssh', 'sourceCidr'), `must be a valid IPv4 CIDR (octets 0-255, prefix 0-32), got "${ng.ssh.sourceCidr}"`));
    } else if (cidr.prefix < SSH_WIDEST_PREFIX && !ng.ssh.allowOpenToWorld) {
      const what = cidr.prefix === 0 ? 'the whole internet' : `${2 ** (32 - cidr.prefix)} addresses (wider than a /${SSH_WIDEST_PREFIX})`;
      problems.push(error('rule.ssh-open-to-world', at('ssh', 'sourceCidr'), `opens SSH to ${what}; use your own network's CIDR (e.g. "203.0.113.10/32"), or set ${at('ssh', 'allowOpenToWorld')} to true if you really mean it`));
    } else if (cidr.prefix < SSH_WIDEST_PREFIX) {
      problems.push(warning('rule.ssh-open-to-world', at('ssh', 'sourceCidr'), `opens SSH to ${cidr.prefix === 0 ? 'the whole internet' : `a /${cidr.prefix}`} (allowed by allowOpenToWorld)`));
    }
  }
  return problems;
}

/** CloudFormation's limit on a rolling update's PauseTime. */
export const MAX_PAUSE_SECONDS = 3600;

/** A rolling update CloudFormation accepts: room to start a node (MinInstancesInService < MaxSize), batches within the group. */
function checkUpdatePolicy(ng: NodeGroup, at: (...rest: Array<string | number>) => string): Problem[] {
  const u = ng.updatePolicy;
  const problems: Problem[] = [];
  if (u.minInstancesInService !== 'minSize' && u.minInstancesInService >= ng.maxSize) {
    problems.push(error('rule.update-policy', at('updatePolicy', 'minInstancesInService'), `must be less than maxSize (${ng.maxSize}), got ${u.minInstancesInService}: CloudFormation needs room to start a new node while the old ones stay in service`));
  }
  if (u.maxBatchSize > ng.maxSize) {
    problems.push(error('rule.update-policy', at('updatePolicy', 'maxBatchSize'), `must be at most maxSize (${ng.maxSize}), got ${u.maxBatchSize}`));
  }
  if (isoSeconds(u.pauseTime) > MAX_PAUSE_SECONDS) {
    problems.push(error('rule.update-policy', at('updatePolicy', 'pauseTime'), `must be at most PT1H (CloudFormation's limit), got ${u.pauseTime}`));
  }
  return problems;
}

/**
 * Node-group names become file, stack and resource names; they must differ even on
 * case-insensitive file systems, and after the stack name turns `_` into `-`.
 */
function checkUniqueNames(config: Config): Problem[] {
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  config.nodeGroups.forEach((ng, i) => {
    const key = ng.name.toLowerCase().replace(/_/g, '-');
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, i);
    else problems.push(error('rule.duplicate-name', pointer('nodeGroups', i, 'name'), `"${ng.name}" is already the name of ${pointer('nodeGroups', first)} (names must differ, ignoring case and "_" versus "-", which stack names do not tell apart)`));
  });
  return problems;
}

/** `amiRelease` in the form the group's family names its releases (the input rule refuses it beside another `ami`). */
function checkAmiRelease(ng: NodeGroup, at: (...rest: Array<string | number>) => string): Problem[] {
  if (!(ng.ami.kind === 'ssm' && ng.ami.release !== null)) return [];
  const form = familyOf(ng).amiRelease;
  if (form === null) {
    return [error('rule.ami-release-unsupported', at('amiRelease'), `cannot pin a ${ng.amiFamily} release: EKS publishes no SSM parameter per release for it; pin the AMI itself with ami: "ami-…" instead`)];
  }
  if (!form.pattern.test(ng.ami.release)) {
    return [error('rule.ami-release', at('amiRelease'), `must name a ${ng.amiFamily} release like "${form.example}" (${form.releases}), got "${ng.ami.release}"`)];
  }
  return [];
}
