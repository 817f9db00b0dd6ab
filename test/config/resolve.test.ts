import { architectureOf } from '../../src/config/ami';
import { partitionOf } from '../../src/cfn/partition';
import { resolveConfig } from '../../src/config/resolve';
import { aConfig } from '../helpers';

describe('resolveConfig (defaults)', () => {
  it('fills every default', () => {
    const c = resolveConfig({ cluster: { name: 'c', kubernetesVersion: '1.33' }, nodeGroups: [{ name: 'n' }] });
    expect(c.cluster).toMatchObject({ region: 'us-east-1', partition: 'aws', vpcId: null, subnetIds: null, accountId: null });
    expect(c.nodeGroups[0]).toEqual({
      name: 'n',
      instanceType: 't3.medium',
      minSize: 1,
      desiredCapacity: 2,
      maxSize: 3,
      amiFamily: 'AmazonLinux2023',
      ami: { kind: 'ssm', auto: true, release: null, parameter: '/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id' },
      instanceTypes: ['t3.medium'],
      instanceRequirements: null,
      capacityReservation: null,
      capacityBlock: null,
      efa: null,
      warmPool: null,
      localStorage: null,
      maxPodsExpression: null,
      architecture: 'x86_64',
      accelerator: 'none',
      distribution: null,
      spot: false,
      // Left to the subnet (MapPublicIpOnLaunch), as eksctl does.
      associatePublicIpAddress: null,
      ssh: null,
      volumeSize: 20,
      volumeType: 'gp3',
      volumeEncrypted: true,
      volumeKmsKeyID: null,
      volumeIOPS: null,
      volumeThroughput: null,
      labels: { 'eksng.io/nodegroup': 'n' },
      taints: [],
      maxPodsPerNode: null,
      kubeletExtraConfig: null,
      bottlerocketSettings: null,
      subnetIds: null,
      availabilityZones: null,
      updatePolicy: { maxBatchSize: 1, minInstancesInService: 'minSize', pauseTime: 'PT2M', suspendProcesses: false, waitForNodes: false },
      preBootstrapCommands: [],
      disableIMDSv1: true,
      instanceMetadataHopLimit: 2,
      iam: { attachPolicyARNs: [], withSSM: false, instanceRoleARN: null, instanceProfileARN: null, permissionsBoundary: null, addonPolicies: [] },
      clusterAutoscaler: false,
      // Off: the group has no spot capacity.
      terminationHandling: { enabled: false, heartbeatTimeout: 300 },
      tags: {},
    });
  });

  it('defaults maxSize to one above the desired capacity', () => {
    expect(resolveConfig(aConfig({ nodeGroup: { desiredCapacity: 5 } })).nodeGroups[0].maxSize).toBe(6);
  });

  it.each([
    ['AmazonLinux2023', 'm7g.large', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/arm64/standard/recommended/image_id'],
    ['AmazonLinux2', 't3.large', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id'],
    ['AmazonLinux2', 'c6gn.xlarge', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2-arm64/recommended/image_id'],
  ] as const)('picks the EKS-optimized AMI parameter for %s on %s', (amiFamily, instanceType, parameter) => {
    const ng = resolveConfig(aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: { amiFamily, instanceType } })).nodeGroups[0];
    expect(ng.ami).toEqual({ kind: 'ssm', auto: true, release: null, parameter });
  });

  it('reads ssm: paths and explicit ids', () => {
    expect(resolveConfig(aConfig({ nodeGroup: { ami: 'ssm:/my/ami' } })).nodeGroups[0].ami).toEqual({ kind: 'ssm', auto: false, release: null, parameter: '/my/ami' });
    expect(resolveConfig(aConfig({ nodeGroup: { ami: 'ami-0123456789abcdef0' } })).nodeGroups[0].ami).toEqual({ kind: 'id', imageId: 'ami-0123456789abcdef0' });
  });

  it.each([
    ['t3.medium', 'x86_64'], ['m5.large', 'x86_64'], ['g5.xlarge', 'x86_64'], ['m7i-flex.large', 'x86_64'],
    ['t4g.small', 'arm64'], ['m6gd.large', 'arm64'], ['c7gn.xlarge', 'arm64'], ['a1.large', 'arm64'], ['im4gn.large', 'arm64'], ['r8g.large', 'arm64'],
  ])('knows %s is %s', (type, arch) => {
    expect(architectureOf(type)).toBe(arch);
  });

  it.each([['us-east-1', 'aws'], ['cn-north-1', 'aws-cn'], ['us-gov-west-1', 'aws-us-gov']])('puts %s in partition %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});
