/** Filling a node-group config from the cluster stack's describe-stacks JSON: fill, conflict, not a cluster stack. */
import { applyClusterOutputs } from '../../src/cluster/stack-outputs';
import { loadConfigInput } from '../../src/config';
import { ConfigInput } from '../../src/config/types';
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
