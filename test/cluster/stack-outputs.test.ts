/** Filling a node-group config from the cluster stack's describe-stacks JSON: fill, conflict, not a cluster stack. */
import { applyClusterOutputs } from '../../src/cluster/stack-outputs';
import { loadConfigInput } from '../../src/config';
import { ConfigInput, NodeGroupInput } from '../../src/config/types';
import { aConfig, CA_DATA, ENDPOINT } from '../helpers';

const FILE = 'cluster-outputs.json';
const VPC = 'vpc-0123456789abcdef0';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'];
const SG = 'sg-0123456789abcdef0';

/** A node-group config before the cluster values are known. */
function bare(cluster: Partial<ConfigInput['cluster']> = {}): ConfigInput {
  return aConfig({ cluster: { endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined, clusterSecurityGroupId: undefined, ...cluster } });
}

/** describe-stacks JSON of a cluster stack; `created` adds the outputs of a created cluster. */
function describeStacks(opts: { created?: boolean; cluster?: string; outputs?: Record<string, string>; name?: string; status?: string } = {}) {
  const outputs: Record<string, string> = {
    ClusterName: opts.cluster ?? 'test-cluster',
    VpcId: VPC,
    SubnetIds: SUBNETS.join(','),
    PublicSubnetIds: SUBNETS.join(','),
    ControlPlaneSecurityGroupId: SG,
    ClusterRoleArn: 'arn:aws:iam::111122223333:role/eksng-test-cluster-cluster-ClusterRole-ABC',
    ...(opts.created ? { Endpoint: ENDPOINT, CertificateAuthorityData: CA_DATA, ServiceCidr: '10.100.0.0/16', ClusterSecurityGroupId: 'sg-0fedcba9876543210' } : {}),
    ...opts.outputs,
  };
  return {
    Stacks: [
      {
        StackName: opts.name ?? 'eksng-test-cluster-cluster',
        StackStatus: opts.status ?? 'CREATE_COMPLETE',
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue, Description: 'x' })),
      },
    ],
  };
}
const outputPointer = (json: ReturnType<typeof describeStacks>, key: string) => `/Stacks/0/Outputs/${json.Stacks[0].Outputs.findIndex((o) => o.OutputKey === key)}/OutputValue`;
const codes = (problems: ReadonlyArray<{ severity: string; code: string; pointer: string }>) => problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);

describe('applyClusterOutputs', () => {
  it('fills the VPC, subnets and security group of a stack that did not create the cluster', () => {
    const json = describeStacks();
    const r = applyClusterOutputs(bare(), json, FILE);
    expect([r.configProblems, r.outputsProblems]).toEqual([[], []]);
    expect(r.input.cluster).toMatchObject({ vpcId: VPC, subnetIds: SUBNETS, controlPlaneSecurityGroupId: SG });
    expect(r.input.cluster.endpoint).toBeUndefined();
    expect(r.filled).toEqual([
      { pointer: '/cluster/vpcId', from: `${FILE}#${outputPointer(json, 'VpcId')}` },
      { pointer: '/cluster/subnetIds', from: `${FILE}#${outputPointer(json, 'SubnetIds')}` },
      { pointer: '/cluster/controlPlaneSecurityGroupId', from: `${FILE}#${outputPointer(json, 'ControlPlaneSecurityGroupId')}` },
    ]);
  });

  it('also fills endpoint, CA, service CIDR and the cluster security group when the stack created the cluster: the result passes every node-group rule', () => {
    const r = applyClusterOutputs(bare(), describeStacks({ created: true }), FILE);
    expect(r.input.cluster).toMatchObject({ endpoint: ENDPOINT, certificateAuthorityData: CA_DATA, serviceCidr: '10.100.0.0/16', clusterSecurityGroupId: 'sg-0fedcba9876543210' });
    expect(r.filled.map((f) => f.pointer)).toEqual(['/cluster/vpcId', '/cluster/subnetIds', '/cluster/controlPlaneSecurityGroupId', '/cluster/endpoint', '/cluster/certificateAuthorityData', '/cluster/serviceCidr', '/cluster/clusterSecurityGroupId']);
    // Before: AmazonLinux2023 nodes lack three values. After: nothing is missing.
    expect(loadConfigInput(bare()).config).toBeNull();
    expect(loadConfigInput(r.input)).toEqual({ config: expect.anything(), problems: [] });
  });

  it('does not change the input it was given', () => {
    const input = bare();
    const before = JSON.stringify(input);
    applyClusterOutputs(input, describeStacks({ created: true }), FILE);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('keeps the config’s values, and warns where the stack says otherwise', () => {
    const mine = ['subnet-0123456789abcdef0'];
    const json = describeStacks({ created: true });
    const r = applyClusterOutputs(bare({ subnetIds: mine, endpoint: 'https://proxy.example.com' }), json, FILE);
    expect(r.input.cluster.subnetIds).toEqual(mine);
    expect(r.input.cluster.endpoint).toBe('https://proxy.example.com');
    expect(codes(r.configProblems)).toEqual(['warning:cluster-outputs.conflict@/cluster/subnetIds', 'warning:cluster-outputs.conflict@/cluster/endpoint']);
    expect(r.configProblems[0].message).toBe(`differs from the cluster stack's output SubnetIds "${SUBNETS.join(',')}" (${FILE}#${outputPointer(json, 'SubnetIds')}); the config's value is used`);
    expect(r.filled.map((f) => f.pointer)).not.toContain('/cluster/subnetIds');
  });

  it('says nothing when the config already has the same values (subnets in any order)', () => {
    const r = applyClusterOutputs(bare({ vpcId: VPC, subnetIds: [...SUBNETS].reverse(), controlPlaneSecurityGroupId: SG }), describeStacks(), FILE);
    expect([r.configProblems, r.outputsProblems, r.filled]).toEqual([[], [], []]);
  });

  it('refuses a config VPC that differs from the stack’s while subnets or security group come from the stack', () => {
    const other = 'vpc-0fedcba9876543210';
    const r = applyClusterOutputs(bare({ vpcId: other }), describeStacks(), FILE);
    expect(codes(r.configProblems)).toEqual(['error:cluster-outputs.mixed-vpc@/cluster/vpcId']);
    expect(r.configProblems[0].message).toContain('cluster.subnetIds and cluster.controlPlaneSecurityGroupId would come from that stack');
    expect(r.input.cluster.vpcId).toBe(other);
    expect(r.input.cluster.subnetIds).toBeUndefined();
    // With all three given, the config wins as usual.
    const own = applyClusterOutputs(bare({ vpcId: other, subnetIds: ['subnet-0fedcba9876543210'], controlPlaneSecurityGroupId: 'sg-0fedcba9876543210' }), describeStacks(), FILE);
    expect(codes(own.configProblems).map((c) => c.split(':')[0])).toEqual(['warning', 'warning', 'warning']);
  });

  it('refuses the stack of another cluster', () => {
    const json = describeStacks({ cluster: 'other' });
    const r = applyClusterOutputs(bare(), json, FILE);
    expect(codes(r.outputsProblems)).toEqual([`error:cluster-outputs.other-cluster@${outputPointer(json, 'ClusterName')}`]);
    expect(r.input).toEqual(bare());
  });

  it('refuses output values that are not what they should be, pointing at them', () => {
    const json = describeStacks({ outputs: { SubnetIds: `${SUBNETS[0]},nope`, ServiceCidr: 'everything' } });
    expect(codes(applyClusterOutputs(bare(), json, FILE).outputsProblems)).toEqual([
      `error:cluster-outputs.value@${outputPointer(json, 'SubnetIds')}`,
      `error:cluster-outputs.value@${outputPointer(json, 'ServiceCidr')}`,
    ]);
  });

  it.each([
    ['a ConfigMap', { kind: 'ConfigMap' }],
    ['null', null],
    ['Stacks that is not a list', { Stacks: {} }],
  ])('refuses %s: not describe-stacks output', (_, json) => {
    const r = applyClusterOutputs(bare(), json, FILE);
    expect(codes(r.outputsProblems)).toEqual(['error:cluster-outputs.shape@/Stacks']);
    expect(r.outputsProblems[0].message).toContain('aws cloudformation describe-stacks --stack-name eksng-test-cluster-cluster --output json > cluster-outputs.json');
  });

  it('refuses a node-group stack, or a cluster stack still being created, naming what it found', () => {
    const nodeGroup = { Stacks: [{ StackName: 'eksng-test-cluster-ng-1', StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'NodeInstanceRole', OutputValue: 'arn:aws:iam::111122223333:role/x' }] }] };
    const r = applyClusterOutputs(bare(), nodeGroup, FILE);
    expect(codes(r.outputsProblems)).toEqual(['error:cluster-outputs.not-a-cluster-stack@/Stacks']);
    expect(r.outputsProblems[0].message).toContain('eksng-test-cluster-ng-1 (CREATE_COMPLETE)');
    const inProgress = { Stacks: [{ StackName: 'eksng-test-cluster-cluster', StackStatus: 'CREATE_IN_PROGRESS' }] };
    expect(applyClusterOutputs(bare(), inProgress, FILE).outputsProblems[0].message).toContain('eksng-test-cluster-cluster (CREATE_IN_PROGRESS)');
    expect(codes(applyClusterOutputs(bare(), { Stacks: [] }, FILE).outputsProblems)).toEqual(['error:cluster-outputs.not-a-cluster-stack@/Stacks']);
  });

  it('picks this cluster’s stack out of several, and refuses two of the same cluster', () => {
    const mine = describeStacks().Stacks[0];
    const other = describeStacks({ cluster: 'other', outputs: { VpcId: 'vpc-0fedcba9876543210' } }).Stacks[0];
    expect(applyClusterOutputs(bare(), { Stacks: [other, mine] }, FILE).input.cluster.vpcId).toBe(VPC);
    expect(codes(applyClusterOutputs(bare(), { Stacks: [mine, mine] }, FILE).outputsProblems)).toEqual(['error:cluster-outputs.not-a-cluster-stack@/Stacks']);
  });
});

describe('applyClusterOutputs: where each node group runs (privateNetworking, public IPs, availabilityZones)', () => {
  const PUBLIC = ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2', 'subnet-0aaaaaaaaaaaaaaa3'];
  const PRIVATE = ['subnet-0bbbbbbbbbbbbbbb1', 'subnet-0bbbbbbbbbbbbbbb2', 'subnet-0bbbbbbbbbbbbbbb3'];
  const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  /** A stack with three public and three private subnets (nodes default to the private ones), each kind with its zones. */
  const both = (extra: Record<string, string> = {}) =>
    describeStacks({
      created: true,
      outputs: { SubnetIds: PRIVATE.join(','), PublicSubnetIds: PUBLIC.join(','), PublicSubnetZones: ZONES.join(','), PrivateSubnetIds: PRIVATE.join(','), PrivateSubnetZones: ZONES.join(','), ...extra },
    });
  const groups = (...ngs: Array<Partial<NodeGroupInput>>) => ({ ...bare(), nodeGroups: ngs.map((ng, i) => ({ name: `ng-${i}`, ...ng })) });
  const place = (input: ConfigInput, json: unknown = both()) => applyClusterOutputs(input, json, FILE);

  it('puts privateNetworking groups in the private subnets and public-IP groups in the public ones; the rest keep the stack\'s node subnets', () => {
    const r = place(groups({ privateNetworking: true }, { associatePublicIpAddress: true }, {}));
    expect(codes(r.configProblems)).toEqual([]);
    expect(r.input.cluster.subnetIds).toEqual(PRIVATE);
    // The private subnets are the cluster's node subnets already: nothing to write for ng-0.
    expect(r.input.nodeGroups.map((ng) => ng.subnetIds)).toEqual([undefined, PUBLIC, undefined]);
    expect(r.filled.find((f) => f.pointer === '/nodeGroups/1/subnetIds')?.from).toBe(`${FILE}#${outputPointer(both(), 'PublicSubnetIds')}: the public subnets`);
    // The result passes every rule, and the template uses the group's own subnets.
    expect(loadConfigInput(r.input).config?.nodeGroups.map((ng) => ng.subnetIds)).toEqual([null, PUBLIC, null]);
  });

  it('takes the subnets of the zones a group lists, of the kind it asked for, and says where they came from', () => {
    const r = place(groups({ availabilityZones: ['us-east-1b'] }, { availabilityZones: ['us-east-1c', 'us-east-1a'], associatePublicIpAddress: true }));
    expect(codes(r.configProblems)).toEqual([]);
    expect(r.input.nodeGroups.map((ng) => ng.subnetIds)).toEqual([[PRIVATE[1]], [PUBLIC[0], PUBLIC[2]]]);
    // The zones became subnets: nothing is left for the rule that refuses unplaced zones.
    expect(r.input.nodeGroups.map((ng) => ng.availabilityZones)).toEqual([undefined, undefined]);
    expect(r.filled.filter((f) => f.pointer.startsWith('/nodeGroups')).map((f) => f.from.split(': ')[1])).toEqual([
      "the cluster's node subnets in us-east-1b",
      'the public subnets in us-east-1c, us-east-1a',
    ]);
    expect(loadConfigInput(r.input).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('under the compliance profile, keeps the zones of the subnets it chose in each group (Control Tower CT.AUTOSCALING.PR.1 must see them) and takes the private subnets', () => {
    const input = { ...groups({ instancesDistribution: { instanceTypes: ['m6i.large', 'm6a.large'] } }, { availabilityZones: ['us-east-1c', 'us-east-1a'], instancesDistribution: { instanceTypes: ['m6i.large', 'm6a.large'] } }), compliance: 'control-tower' as const };
    const r = place(input);
    expect(codes(r.configProblems)).toEqual([]);
    expect(r.input.nodeGroups.map((ng) => [ng.subnetIds, ng.availabilityZones])).toEqual([
      [undefined, ZONES],
      [[PRIVATE[0], PRIVATE[2]], ['us-east-1a', 'us-east-1c']],
    ]);
    expect(loadConfigInput(r.input).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('refuses a zone none of the subnets is in, naming the zones there are', () => {
    const r = place(groups({ availabilityZones: ['us-east-1a', 'us-east-1f'] }));
    expect(codes(r.configProblems)).toEqual(['error:cluster-outputs.zone@/nodeGroups/0/availabilityZones/1']);
    expect(r.configProblems[0].message).toContain('"us-east-1a", "us-east-1b", "us-east-1c"');
    expect(r.filled).toEqual([]);
  });

  it('refuses privateNetworking when the stack has no private subnets: in public subnets without a public IP the nodes could not join', () => {
    const r = place(groups({ privateNetworking: true }), describeStacks({ created: true }));
    expect(codes(r.configProblems)).toEqual(['error:cluster-outputs.no-private-subnets@/nodeGroups/0/privateNetworking']);
    expect(r.configProblems[0].message).toContain('network.privateSubnets');
  });

  it('refuses zones a stack made before eksng reported them cannot place, pointing at the group', () => {
    const old = describeStacks({ created: true, outputs: { SubnetIds: PRIVATE.join(','), PublicSubnetIds: PUBLIC.join(','), PrivateSubnetIds: PRIVATE.join(',') } });
    const r = place(groups({ availabilityZones: ['us-east-1a'] }), old);
    expect(codes(r.configProblems)).toEqual(['error:cluster-outputs.zones-unknown@/nodeGroups/0/availabilityZones']);
    expect(r.configProblems[0].message).toContain('update it with the template eksng cluster writes now');
  });

  it('refuses a zone list that does not match its subnets', () => {
    const json = both({ PublicSubnetZones: 'us-east-1a,us-east-1b' });
    expect(codes(place(groups({}), json).outputsProblems)).toEqual([`error:cluster-outputs.value@${outputPointer(json, 'PublicSubnetZones')}`]);
  });

  it('leaves a group with its own subnets alone, and subnets the config chose for the cluster are not re-chosen by kind', () => {
    const own = ['subnet-0ccccccccccccccc1'];
    expect(place(groups({ subnetIds: own, privateNetworking: true })).input.nodeGroups[0].subnetIds).toEqual(own);
    const chosen = place({ ...groups({ associatePublicIpAddress: true }), cluster: { ...bare().cluster, subnetIds: PRIVATE } });
    expect(chosen.input.nodeGroups[0].subnetIds).toBeUndefined();
  });

  it('notes that a group in the public subnets gets public IPs from them unless it says otherwise', () => {
    const r = place(groups({ availabilityZones: ['us-east-1a'], associatePublicIpAddress: true }, { subnetIds: [PUBLIC[0]] }, { subnetIds: [PUBLIC[0]], associatePublicIpAddress: false }));
    expect(codes(r.configProblems)).toEqual(['note:cluster-outputs.public-ip@/nodeGroups/1']);
  });
});

describe('availabilityZones without the cluster stack', () => {
  it.each([
    ['alone', { availabilityZones: ['us-east-1a'] }, 'error:rule.zones-need-cluster-outputs@/nodeGroups/0/availabilityZones'],
    ['with subnetIds', { availabilityZones: ['us-east-1a'], subnetIds: ['subnet-0123456789abcdef0'] }, 'error:rule.zones-and-subnets@/nodeGroups/0/availabilityZones'],
  ])('is refused %s: nothing else knows the subnets\' zones', (_, ng, expected) => {
    expect(codes(loadConfigInput(aConfig({ nodeGroup: ng })).problems)).toEqual([expected]);
  });
});
