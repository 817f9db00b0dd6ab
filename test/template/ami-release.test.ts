/** Pinned AMI releases (issue 16): each family's release parameter, the rules, and what the node reads. */
import { loadConfig } from '../../src/config';
import { resolveConfig } from '../../src/config/resolve';
import { NodeGroupInput } from '../../src/config/types';
import { buildOutputs } from '../../src/outputs';
import { contractViolations } from '../contract/check-template';
import { aConfig } from '../helpers';

const parameterOf = (ng: Partial<NodeGroupInput>, version = '1.32') => {
  const a = resolveConfig(aConfig({ cluster: { kubernetesVersion: version }, nodeGroup: ng })).nodeGroups[0].ami;
  return a.kind === 'ssm' ? a.parameter : null;
};
const codes = (ng: Partial<NodeGroupInput>) => loadConfig(JSON.stringify(aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: ng }))).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);

describe('amiRelease: the SSM parameter of one release, per family (the paths Karpenter resolves)', () => {
  it.each([
    ['AmazonLinux2023', 'm5.large', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/standard/amazon-eks-node-al2023-x86_64-standard-1.32-v20251120/image_id'],
    ['AmazonLinux2023', 'm7g.large', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/arm64/standard/amazon-eks-node-al2023-arm64-standard-1.32-v20251120/image_id'],
    ['AmazonLinux2023', 'g5.xlarge', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/nvidia/amazon-eks-node-al2023-x86_64-nvidia-1.32-v20251120/image_id'],
    ['AmazonLinux2023', 'inf2.xlarge', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/neuron/amazon-eks-node-al2023-x86_64-neuron-1.32-v20251120/image_id'],
    ['AmazonLinux2', 'm5.large', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2/amazon-eks-node-1.32-v20251120/image_id'],
    ['AmazonLinux2', 'm6g.large', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2-arm64/amazon-eks-arm64-node-1.32-v20251120/image_id'],
    ['AmazonLinux2', 'p3.2xlarge', 'v20251120', '/aws/service/eks/optimized-ami/1.32/amazon-linux-2-gpu/amazon-eks-gpu-node-1.32-v20251120/image_id'],
    ['Bottlerocket', 'm5.large', '1.50.0', '/aws/service/bottlerocket/aws-k8s-1.32/x86_64/1.50.0/image_id'],
    ['Bottlerocket', 'g5.xlarge', '1.50.0', '/aws/service/bottlerocket/aws-k8s-1.32-nvidia/x86_64/1.50.0/image_id'],
  ] as const)('%s on %s, release %s', (amiFamily, instanceType, amiRelease, expected) => {
    expect(parameterOf({ amiFamily, instanceType, amiRelease })).toBe(expected);
    // Left out: the recommended parameter, as before.
    expect(parameterOf({ amiFamily, instanceType })).toMatch(/\/(recommended|latest)\/image_id$/);
  });

  it('gives templates whose user data every family\'s node still reads (the contract checker knows the pinned paths)', async () => {
    for (const [amiFamily, amiRelease] of [['AmazonLinux2023', 'v20251120'], ['AmazonLinux2', 'v20251120'], ['Bottlerocket', '1.50.0']] as const) {
      const config = resolveConfig(aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: { amiFamily, amiRelease } }));
      const file = buildOutputs(config, 'nodegroup.json').files.find((f) => f.name.endsWith('.yaml') && f.name.startsWith('nodegroup-'))!;
      expect([amiFamily, await contractViolations(file.content)]).toEqual([amiFamily, []]);
    }
  });
});

describe('amiRelease rules', () => {
  it.each([
    ['a release in another family\'s form', { amiFamily: 'Bottlerocket', amiRelease: 'v20251120' }, 'error:rule.ami-release@/nodeGroups/0/amiRelease'],
    ['an Amazon Linux release without its v', { amiRelease: '20251120' }, 'error:rule.ami-release@/nodeGroups/0/amiRelease'],
    ['a release beside another ami', { ami: 'ami-0123456789abcdef0', amiRelease: 'v20251120' }, 'error:rule.ami-release-and-ami@/nodeGroups/0/amiRelease'],
    ['a Windows release (no per-release parameter)', { amiFamily: 'WindowsServer2022Core', instanceType: 'm5.large', amiRelease: 'v20251120' }, 'error:rule.ami-release-unsupported@/nodeGroups/0/amiRelease'],
    ['characters no release has', { amiRelease: 'v2025/../x' }, 'error:schema.pattern@/nodeGroups/0/amiRelease'],
  ])('refuse %s', (_, ng, expected) => {
    expect(codes(ng as Partial<NodeGroupInput>)).toContain(expected);
  });
});
