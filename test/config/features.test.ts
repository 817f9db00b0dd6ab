/** Rules of the node-group features (issue 5), each with its code and pointer. */
import { loadConfig } from '../../src/config';
import { aConfig, aNodeGroup } from '../helpers';

const codesAt = (input: unknown) => loadConfig(JSON.stringify(input)).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);
const ng = (overrides: object) => aConfig({ nodeGroup: overrides as never });

describe('node-group feature rules', () => {
  it.each([
    ['instanceType with instancesDistribution', { instanceType: 'm5.large', instancesDistribution: { instanceTypes: ['m5.large'] } }, 'error:rule.instance-type-and-distribution@/nodeGroups/0/instanceType'],
    ['spot with instancesDistribution', { spot: true, instancesDistribution: { instanceTypes: ['m5.large'] } }, 'error:rule.spot-and-distribution@/nodeGroups/0/spot'],
    ['privateNetworking with a public IP', { privateNetworking: true, associatePublicIpAddress: true }, 'error:rule.private-and-public@/nodeGroups/0/associatePublicIpAddress'],
    ['an instance profile without its role', { iam: { instanceProfileARN: 'arn:aws:iam::111122223333:instance-profile/p' } }, 'error:rule.profile-needs-role@/nodeGroups/0/iam/instanceRoleARN'],
    ['policies for a role eksng does not create', { iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/r', withSSM: true } }, 'error:rule.own-role@/nodeGroups/0/iam/withSSM'],
    ['maxPods twice', { maxPodsPerNode: 20, kubeletExtraConfig: { maxPods: 30 } }, 'error:rule.kubelet-reserved@/nodeGroups/0/kubeletExtraConfig/maxPods'],
    ['mixed architectures', { instancesDistribution: { instanceTypes: ['m5.large', 'm6g.large'] } }, 'error:rule.mixed-architectures@/nodeGroups/0/instancesDistribution/instanceTypes/1'],
    ['GPU and CPU types in one group', { instancesDistribution: { instanceTypes: ['g5.xlarge', 'm5.xlarge'] } }, 'error:rule.mixed-accelerators@/nodeGroups/0/instancesDistribution/instanceTypes/1'],
    ['a label the kubelet may not set', { labels: { 'node-role.kubernetes.io/worker': '' } }, 'error:rule.label-key@/nodeGroups/0/labels/node-role.kubernetes.io~1worker'],
    ['a repeated taint', { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', value: 'x', effect: 'NoSchedule' }] }, 'error:rule.duplicate-taint@/nodeGroups/0/taints/1'],
    ['two taints of one key with the autoscaler', { clusterAutoscaler: true, taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', effect: 'NoExecute' }] }, 'error:rule.autoscaler-taint-key@/nodeGroups/0/taints/1'],
    ['shell lines on Bottlerocket', { amiFamily: 'Bottlerocket', preBootstrapCommands: ['echo hi'] }, 'error:rule.bottlerocket-shell@/nodeGroups/0/preBootstrapCommands'],
    ['a shell line that would end the MIME part', { preBootstrapCommands: ['--//--'] }, 'error:rule.mime-boundary@/nodeGroups/0/preBootstrapCommands/0'],
    ['IOPS on gp2', { volumeType: 'gp2', volumeIOPS: 3000 }, 'error:rule.volume-iops@/nodeGroups/0/volumeIOPS'],
    ['io2 without IOPS', { volumeType: 'io2' }, 'error:rule.volume-iops@/nodeGroups/0/volumeIOPS'],
    ['gp3 IOPS out of range', { volumeIOPS: 20000 }, 'error:rule.volume-iops@/nodeGroups/0/volumeIOPS'],
    ['throughput on io1', { volumeType: 'io1', volumeIOPS: 1000, volumeThroughput: 200 }, 'error:rule.volume-throughput@/nodeGroups/0/volumeThroughput'],
    ['a KMS key on an unencrypted volume', { volumeEncrypted: false, volumeKmsKeyID: '0a1b2c3d-4e5f-6789-abcd-ef0123456789' }, 'error:rule.kms-unencrypted@/nodeGroups/0/volumeKmsKeyID'],
    ['a policy of another partition', { iam: { attachPolicyARNs: ['arn:aws-cn:iam::aws:policy/X'] } }, 'error:rule.arn-partition@/nodeGroups/0/iam/attachPolicyARNs/0'],
    ['a tag eksng sets', { tags: { Name: 'mine' } }, 'error:rule.reserved-tag@/nodeGroups/0/tags/Name'],
  ])('refuses %s', (_, overrides, expected) => {
    expect(codesAt(ng(overrides))).toContain(expected);
  });

  it.each([
    ['IMDSv1 allowed', { disableIMDSv1: false }, 'warning:rule.imdsv1@/nodeGroups/0/disableIMDSv1'],
    ['hop limit 1', { instanceMetadataHopLimit: 1 }, 'warning:rule.imds-hop-limit@/nodeGroups/0/instanceMetadataHopLimit'],
    ['an unencrypted volume', { volumeEncrypted: false }, 'warning:rule.volume-unencrypted@/nodeGroups/0/volumeEncrypted'],
    ['a max price without spot', { instancesDistribution: { instanceTypes: ['m5.large'], maxPrice: 0.1 } }, 'warning:rule.max-price-unused@/nodeGroups/0/instancesDistribution/maxPrice'],
  ])('warns about %s and still generates', (_, overrides, expected) => {
    const r = loadConfig(JSON.stringify(ng(overrides)));
    expect(r.config).not.toBeNull();
    expect(r.problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`)).toEqual([expected]);
  });

  it('counts the Auto Scaling group tags against the limit of 50', () => {
    const labels = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`example.com/l${i}`, 'x']));
    const tags = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`t${i}`, 'x']));
    expect(codesAt(ng({ labels, tags }))).toEqual([]);
    expect(codesAt(ng({ labels, tags, clusterAutoscaler: true }))).toEqual(['error:rule.tag-limit@/nodeGroups/0/clusterAutoscaler']);
  });

  it('requires endpoint, CA and service CIDR for Bottlerocket too', () => {
    const input = aConfig({ cluster: { kubernetesVersion: '1.32', endpoint: undefined }, nodeGroups: [aNodeGroup({ amiFamily: 'AmazonLinux2' }), aNodeGroup({ name: 'br', amiFamily: 'Bottlerocket' })] });
    expect(codesAt(input)).toEqual(['error:rule.al2023-needs-cluster-info@/cluster/endpoint']);
  });

  it.each([
    ['a label key', { labels: { 'bad key!': 'x' } }, '/nodeGroups/0/labels/bad key!', 'schema.key'],
    ['a label value', { labels: { 'example.com/a': 'has space' } }, '/nodeGroups/0/labels/example.com~1a', 'schema.pattern'],
    ['a taint effect', { taints: [{ key: 'a', effect: 'Sometimes' }] }, '/nodeGroups/0/taints/0/effect', 'schema.enum'],
    ['a tag key starting with aws:', { tags: { 'aws:x': 'y' } }, '/nodeGroups/0/tags/aws:x', 'schema.key'],
    ['a multi-line shell command', { preBootstrapCommands: ['echo a\nrm -rf /'] }, '/nodeGroups/0/preBootstrapCommands/0', 'schema.pattern'],
    ['a role given as instance profile', { iam: { instanceRoleARN: 'arn:aws:iam::111122223333:instance-profile/x' } }, '/nodeGroups/0/iam/instanceRoleARN', 'schema.pattern'],
  ])('points at %s that Kubernetes or AWS would refuse', (_, overrides, pointerAt, code) => {
    expect(loadConfig(JSON.stringify(ng(overrides))).problems).toContainEqual(expect.objectContaining({ code, pointer: pointerAt }));
  });
});

describe('resolved features', () => {
  const resolved = (overrides: object) => loadConfig(JSON.stringify(ng(overrides))).config!.nodeGroups[0];

  it('labels all-spot groups node.kubernetes.io/lifecycle=spot, and only those', () => {
    // Every group's nodes also carry their group's name (eksng.io/nodegroup).
    const group = { 'eksng.io/nodegroup': 'ng-1' };
    expect(resolved({ spot: true }).labels).toEqual({ ...group, 'node.kubernetes.io/lifecycle': 'spot' });
    expect(resolved({ instancesDistribution: { instanceTypes: ['m5.large', 'm5a.large'], onDemandPercentageAboveBaseCapacity: 0 } }).labels).toEqual({ ...group, 'node.kubernetes.io/lifecycle': 'spot' });
    expect(resolved({ instancesDistribution: { instanceTypes: ['m5.large'], onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 } }).labels).toEqual(group);
  });

  it.each([
    ['AmazonLinux2023', 'g5.xlarge', '/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/nvidia/recommended/image_id'],
    ['AmazonLinux2023', 'inf2.xlarge', '/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/neuron/recommended/image_id'],
    ['AmazonLinux2023', 'g4ad.xlarge', '/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id'],
    ['Bottlerocket', 'm7g.large', '/aws/service/bottlerocket/aws-k8s-1.33/arm64/latest/image_id'],
    ['Bottlerocket', 'p4d.24xlarge', '/aws/service/bottlerocket/aws-k8s-1.33-nvidia/x86_64/latest/image_id'],
  ])('picks the %s AMI for %s', (amiFamily, instanceType, parameter) => {
    expect(resolved({ amiFamily, instanceType }).ami).toEqual({ kind: 'ssm', auto: true, release: null, parameter });
  });

  it('turns privateNetworking into no public IP', () => {
    expect(resolved({ privateNetworking: true }).associatePublicIpAddress).toBe(false);
  });
});
