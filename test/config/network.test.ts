/** The `network` section and the fields of a created cluster: defaults, rules with pointers, and the `cluster` purpose. */
import { loadConfig } from '../../src/config';
import { serviceCidrOfCreatedCluster, subnetLayout } from '../../src/config/network';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput, NetworkInput } from '../../src/config/types';
import { aConfig } from '../helpers';

/** A config as a user writes it before the cluster exists: no endpoint, CA or service CIDR yet. */
function aClusterConfig(overrides: { cluster?: Partial<ConfigInput['cluster']>; network?: NetworkInput } = {}): ConfigInput {
  const base = aConfig({ cluster: { endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined, ...overrides.cluster } });
  return { ...base, ...(overrides.network ? { network: overrides.network } : {}) };
}
const forCluster = (input: unknown) => loadConfig(JSON.stringify(input), { for: 'cluster' });
const codesAt = (input: unknown) => forCluster(input).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);

describe('network defaults', () => {
  it('is the walkthrough VPC when left out: 192.168.0.0/16, two public subnets, no private ones, no NAT', () => {
    expect(resolveConfig(aConfig()).network).toEqual({ vpcCidr: '192.168.0.0/16', publicSubnets: 2, privateSubnets: 0, natGateways: 'none' });
  });

  it('puts one shared NAT gateway in front of private subnets unless told otherwise', () => {
    expect(resolveConfig({ ...aConfig(), network: { privateSubnets: 2 } }).network.natGateways).toBe('single');
    expect(resolveConfig({ ...aConfig(), network: { privateSubnets: 3, publicSubnets: 3, natGateways: 'perAz' } }).network.natGateways).toBe('perAz');
  });

  it('does not create the cluster, and opens the endpoint publicly and privately when it does', () => {
    expect(resolveConfig(aConfig()).cluster).toMatchObject({ create: false, endpointPublicAccess: true, endpointPrivateAccess: true, publicAccessCidrs: null });
  });
});

describe('subnetLayout', () => {
  it('cuts the VPC into eight slots: public subnets from slot 0, private ones from slot 4', () => {
    const network = resolveConfig({ ...aConfig(), network: { publicSubnets: 3, privateSubnets: 2 } }).network;
    expect(subnetLayout(network)).toEqual({
      public: ['192.168.0.0/19', '192.168.32.0/19', '192.168.64.0/19'],
      private: ['192.168.128.0/19', '192.168.160.0/19'],
    });
  });

  it('keeps every subnet where it was when subnets are added', () => {
    const layout = (n: NetworkInput) => subnetLayout(resolveConfig({ ...aConfig(), network: { vpcCidr: '10.0.0.0/20', ...n } }).network);
    const before = layout({});
    const after = layout({ publicSubnets: 3, privateSubnets: 3 });
    expect(after.public.slice(0, 2)).toEqual(before.public);
    expect(after).toEqual({ public: ['10.0.0.0/23', '10.0.2.0/23', '10.0.4.0/23'], private: ['10.0.8.0/23', '10.0.10.0/23', '10.0.12.0/23'] });
  });
});

describe('serviceCidrOfCreatedCluster', () => {
  const network = (vpcCidr: string) => resolveConfig({ ...aConfig(), network: { vpcCidr } }).network;
  it('is the config’s when given, else the one EKS would choose for the VPC', () => {
    expect(serviceCidrOfCreatedCluster('172.16.0.0/16', network('192.168.0.0/16'))).toBe('172.16.0.0/16');
    expect(serviceCidrOfCreatedCluster(null, network('192.168.0.0/16'))).toBe('10.100.0.0/16');
    expect(serviceCidrOfCreatedCluster(null, network('10.0.0.0/16'))).toBe('172.20.0.0/16');
  });
});

describe('reading a config for eksng cluster', () => {
  it('does not ask for the endpoint, CA and service CIDR, which only the deployed cluster has', () => {
    expect(forCluster(aClusterConfig()).problems).toEqual([]);
    // …while generate still does.
    expect(loadConfig(JSON.stringify(aClusterConfig())).problems.map((p) => p.code)).toEqual(Array(3).fill('rule.al2023-needs-cluster-info'));
  });

  it('still applies every other rule', () => {
    expect(codesAt({ ...aClusterConfig(), nodeGroups: [{ name: 'a', minSize: 3, desiredCapacity: 2, maxSize: 4 }] })).toEqual(['error:rule.size-order@/nodeGroups/0/desiredCapacity']);
  });

  it('checks the network for generate too: it is one file', () => {
    const bad = { ...aConfig(), network: { vpcCidr: '10.0.0.0/8' } };
    expect(loadConfig(JSON.stringify(bad)).problems.map((p) => `${p.code}@${p.pointer}`)).toEqual(['rule.vpc-cidr-size@/network/vpcCidr']);
  });
});

describe('network rules', () => {
  it.each([
    ['10.0.0.0/8', 'error:rule.vpc-cidr-size@/network/vpcCidr'],
    ['10.0.0.0/25', 'error:rule.vpc-cidr-size@/network/vpcCidr'],
    ['10.0.1.0/16', 'error:rule.cidr-host-bits@/network/vpcCidr'],
    ['10.0.0.0/22', 'warning:rule.small-subnets@/network/vpcCidr'],
    ['300.0.0.0/16', 'error:rule.cidr@/network/vpcCidr'],
  ])('vpcCidr %s: %s', (vpcCidr, expected) => {
    expect(codesAt(aClusterConfig({ network: { vpcCidr } }))).toEqual([expected]);
  });

  it('names the network address when the CIDR has host bits, and the subnet size when they are small', () => {
    expect(forCluster(aClusterConfig({ network: { vpcCidr: '10.0.1.0/16' } })).problems[0].message).toContain('"10.0.0.0/16"');
    expect(forCluster(aClusterConfig({ network: { vpcCidr: '10.0.0.0/24' } })).problems[0].message).toMatch(/subnets of \/27 \(27 usable addresses each/);
  });

  it('accepts /16 to /21 without a word', () => {
    for (const vpcCidr of ['10.0.0.0/16', '172.31.0.0/21']) expect(codesAt(aClusterConfig({ network: { vpcCidr } }))).toEqual([]);
  });

  it('wants a NAT gateway for private subnets, and no NAT gateway without them', () => {
    expect(codesAt(aClusterConfig({ network: { privateSubnets: 2, natGateways: 'none' } }))).toEqual(['error:rule.private-subnets-need-nat@/network/natGateways']);
    expect(codesAt(aClusterConfig({ network: { natGateways: 'single' } }))).toEqual(['error:rule.nat-without-private-subnets@/network/natGateways']);
  });

  it('wants a public subnet in the AZ of every private subnet', () => {
    expect(codesAt(aClusterConfig({ network: { publicSubnets: 2, privateSubnets: 3 } }))).toEqual(['error:rule.private-subnets@/network/privateSubnets']);
    expect(codesAt(aClusterConfig({ network: { publicSubnets: 3, privateSubnets: 2, natGateways: 'perAz' } }))).toEqual([]);
  });

  it.each([
    ['/network/publicSubnets', { publicSubnets: 1 }],
    ['/network/publicSubnets', { publicSubnets: 4 }],
    ['/network/privateSubnets', { privateSubnets: 1 }],
    ['/network/natGateways', { natGateways: 'perSubnet' }],
    ['/network/vpcCidr', { vpcCidr: '10.0.0.0' }],
    ['/network/vpcCidrs', { vpcCidrs: '10.0.0.0/16' }],
  ])('refuses a malformed value at %s (schema)', (at, network) => {
    const problems = forCluster({ ...aClusterConfig(), network }).problems;
    expect(problems.map((p) => p.pointer)).toEqual([at]);
    expect(problems[0].code).toMatch(/^schema\./);
  });
});

describe('rules for the cluster eksng creates', () => {
  const created = (cluster: Partial<ConfigInput['cluster']>, network?: NetworkInput) => aClusterConfig({ cluster: { create: true, ...cluster }, network });

  it('refuses an endpoint reachable from nowhere', () => {
    expect(codesAt(created({ endpointPublicAccess: false, endpointPrivateAccess: false }))).toEqual(['error:rule.endpoint-access@/cluster/endpointPublicAccess']);
    expect(codesAt(created({ endpointPublicAccess: false }))).toEqual([]);
  });

  it('refuses publicAccessCidrs without public access, and warns when nodes would need to be in them', () => {
    expect(codesAt(created({ endpointPublicAccess: false, publicAccessCidrs: ['203.0.113.0/24'] }))).toEqual(['error:rule.public-access-cidrs@/cluster/publicAccessCidrs']);
    expect(codesAt(created({ endpointPrivateAccess: false, publicAccessCidrs: ['203.0.113.0/24'] }))).toEqual(['warning:rule.public-access-cidrs@/cluster/publicAccessCidrs']);
    expect(codesAt(created({ publicAccessCidrs: ['203.0.113.0/24'] }))).toEqual([]);
  });

  it('checks each public access CIDR, pointing at it', () => {
    expect(codesAt(created({ publicAccessCidrs: ['203.0.113.0/24', '203.0.113.7/24', '999.0.0.0/8'] }))).toEqual([
      'error:rule.cidr-host-bits@/cluster/publicAccessCidrs/1',
      'error:rule.cidr@/cluster/publicAccessCidrs/2',
    ]);
  });

  it('warns that publicAccessCidrs do nothing unless the cluster is created', () => {
    expect(codesAt(aClusterConfig({ cluster: { publicAccessCidrs: ['203.0.113.0/24'] } }))).toEqual(['warning:rule.create-only@/cluster/publicAccessCidrs']);
  });

  it('refuses a service CIDR inside the VPC', () => {
    expect(codesAt(created({ serviceCidr: '10.0.0.0/16' }, { vpcCidr: '10.0.0.0/16' }))).toEqual(['error:rule.service-cidr-overlaps-vpc@/cluster/serviceCidr']);
    expect(codesAt(created({ serviceCidr: '10.100.0.0/16' }, { vpcCidr: '10.0.0.0/16' }))).toEqual([]);
  });
});
