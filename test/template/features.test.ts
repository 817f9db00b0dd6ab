/** The template side of the node-group features (issue 5): focused assertions; goldens cover the rest. */
import { load } from 'js-yaml';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput } from '../../src/config/types';
import { buildNodeGroupTemplate } from '../../src/template';
import { capabilityOf } from '../../src/outputs/stack';
import { aConfig } from '../helpers';

type Json = any;
function built(overrides: object, cluster: object = {}) {
  const config = resolveConfig(aConfig({ cluster: cluster as never, nodeGroup: overrides as never }) as ConfigInput);
  const ng = config.nodeGroups[0];
  return { config, ng, t: buildNodeGroupTemplate(config, ng).template as Json };
}
const userData = (t: Json): string => t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Sub'];
/** What Fn::Sub makes of the text when every parameter is replaced by a harmless value. */
const substituted = (text: string) => text.replace(/\$\{!/g, '\u0000').replace(/\$\{[A-Za-z0-9:]+\}/g, 'PARAM').replace(/\u0000/g, '${');

describe('instance mixes', () => {
  it('lists every type as an override and the whole distribution', () => {
    const { t } = built({ instancesDistribution: { instanceTypes: ['m6i.large', 'm5.large'], onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 25, spotAllocationStrategy: 'capacity-optimized', maxPrice: 0.05, capacityRebalance: true } });
    const asg = t.Resources.NodeGroup.Properties;
    expect(asg.MixedInstancesPolicy.LaunchTemplate.Overrides).toEqual([{ InstanceType: 'm6i.large' }, { InstanceType: 'm5.large' }]);
    expect(asg.MixedInstancesPolicy.InstancesDistribution).toEqual({ OnDemandBaseCapacity: 1, OnDemandPercentageAboveBaseCapacity: 25, SpotAllocationStrategy: 'capacity-optimized', SpotMaxPrice: '0.05' });
    expect(asg.CapacityRebalance).toBe(true);
    expect(t.Parameters.NodeInstanceType.Default).toBe('m6i.large');
  });
});

describe('cluster-autoscaler', () => {
  it('tags the group for discovery and scale-from-zero, and keeps desired capacity across updates', () => {
    const { t } = built({ clusterAutoscaler: true, labels: { 'example.com/pool': 'a' }, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] });
    const asg = t.Resources.NodeGroup;
    expect(asg.Properties.Tags).toEqual(expect.arrayContaining([
      { Key: 'k8s.io/cluster-autoscaler/enabled', Value: 'true', PropagateAtLaunch: false },
      { Key: { 'Fn::Sub': 'k8s.io/cluster-autoscaler/${ClusterName}' }, Value: 'owned', PropagateAtLaunch: false },
      { Key: 'k8s.io/cluster-autoscaler/node-template/label/example.com/pool', Value: 'a', PropagateAtLaunch: false },
      { Key: 'k8s.io/cluster-autoscaler/node-template/taint/dedicated', Value: 'x:NoSchedule', PropagateAtLaunch: false },
    ]));
    expect(asg.UpdatePolicy.AutoScalingScheduledAction).toEqual({ IgnoreUnmodifiedGroupSizeProperties: true });
    expect(built({}).t.Resources.NodeGroup.UpdatePolicy.AutoScalingScheduledAction).toBeUndefined();
  });
});

describe('IAM', () => {
  it('adds SSM, extra policies and a permissions boundary to the role it creates', () => {
    const { t } = built({ iam: { withSSM: true, attachPolicyARNs: ['arn:aws:iam::111122223333:policy/extra'], permissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary' } });
    const role = t.Resources.NodeInstanceRole.Properties;
    expect(role.ManagedPolicyArns.slice(3)).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore' }, 'arn:aws:iam::111122223333:policy/extra']);
    expect(role.PermissionsBoundary).toBe('arn:aws:iam::111122223333:policy/boundary');
  });

  it('makes only a profile for a role the config brings, and maps that role', () => {
    const { t, ng, config } = built({ iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/team/nodes' } }, { authenticationMode: 'API' });
    expect(t.Resources.NodeInstanceRole).toBeUndefined();
    expect(t.Resources.NodeInstanceProfile.Properties.Roles).toEqual(['nodes']);
    expect(t.Resources.NodeAccessEntry.Properties.PrincipalArn).toBe('arn:aws:iam::111122223333:role/team/nodes');
    expect(t.Outputs.NodeInstanceRole.Value).toBe('arn:aws:iam::111122223333:role/team/nodes');
    expect(t.Mappings).toBeUndefined();
    expect(capabilityOf(config, ng)).toBe('CAPABILITY_IAM');
  });

  it('creates no IAM resource at all when the config brings role and profile', () => {
    const { t, ng, config } = built({ iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/nodes', instanceProfileARN: 'arn:aws:iam::111122223333:instance-profile/nodes' } });
    expect(Object.values<Json>(t.Resources).filter((r) => r.Type.startsWith('AWS::IAM::'))).toEqual([]);
    expect(t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.IamInstanceProfile).toEqual({ Arn: 'arn:aws:iam::111122223333:instance-profile/nodes' });
    expect(capabilityOf(config, ng)).toBeNull();
  });
});

describe('volumes and instance metadata', () => {
  it('passes type, IOPS, throughput and KMS key to the root volume', () => {
    const { t } = built({ volumeType: 'gp3', volumeIOPS: 6000, volumeThroughput: 500, volumeKmsKeyID: '0a1b2c3d-4e5f-6789-abcd-ef0123456789' });
    expect(t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: { Ref: 'NodeVolumeSize' }, VolumeType: 'gp3', Iops: 6000, Throughput: 500, Encrypted: true, KmsKeyId: '0a1b2c3d-4e5f-6789-abcd-ef0123456789', DeleteOnTermination: true } },
    ]);
  });

  it('sizes the Bottlerocket data volume and encrypts both', () => {
    const { t } = built({ amiFamily: 'Bottlerocket' });
    const devices = t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.BlockDeviceMappings;
    expect(devices.map((d: Json) => [d.DeviceName, d.Ebs.VolumeSize, d.Ebs.Encrypted])).toEqual([['/dev/xvda', 4, true], ['/dev/xvdb', { Ref: 'NodeVolumeSize' }, true]]);
  });

  it('follows disableIMDSv1 and the hop limit', () => {
    expect(built({ disableIMDSv1: false, instanceMetadataHopLimit: 3 }).t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.MetadataOptions).toEqual({ HttpEndpoint: 'enabled', HttpTokens: 'optional', HttpPutResponseHopLimit: 3 });
  });
});

describe('tags', () => {
  it('go on every resource the group creates that can carry them', () => {
    const { t } = built({ tags: { team: 'platform' } }, { authenticationMode: 'API' });
    const has = (tags: Json[]) => tags.some((x) => x.Key === 'team' && x.Value === 'platform');
    expect(has(t.Resources.NodeInstanceRole.Properties.Tags)).toBe(true);
    expect(has(t.Resources.NodeSecurityGroup.Properties.Tags)).toBe(true);
    for (const spec of t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.TagSpecifications) expect(has(spec.Tags)).toBe(true);
    expect(t.Resources.NodeGroup.Properties.Tags).toContainEqual({ Key: 'team', Value: 'platform', PropagateAtLaunch: true });
    expect(has(t.Resources.NodeAccessEntry.Properties.Tags)).toBe(true);
  });
});

describe('user data per AMI family', () => {
  const features = {
    labels: { 'example.com/team': 'a', 'node.kubernetes.io/role': 'w' },
    taints: [{ key: 'dedicated', value: 'a', effect: 'NoSchedule' }],
    maxPodsPerNode: 42,
    kubeletExtraConfig: { registryPullQPS: 5, staticPodURL: "quote ' dollar ${X} newline \n end --//--" },
  };
  const bottlerocketFeatures = {
    ...features,
    kubeletExtraConfig: { registryPullQPS: 5, eventRecordQPS: 7, cpuCFSQuota: false },
    bottlerocket: { settings: { 'host-containers': { admin: { source: "quote ' dollar ${X} newline \n end --//--" } } } },
  };

  it('AmazonLinux2023: labels, taints and kubelet config in the NodeConfig, which reads back as YAML', () => {
    const text = substituted(userData(built({ ...features, preBootstrapCommands: ['echo ${HOME}'] }).t));
    expect(text).toContain('Content-Type: text/x-shellscript');
    expect(text).toContain('echo ${HOME}');
    const nodeConfig = load(text.split('Content-Type: application/node.eks.aws')[1].split('\n--//--')[0]) as Json;
    expect(nodeConfig.spec.kubelet).toEqual({
      config: { maxPods: 42, registryPullQPS: 5, staticPodURL: "quote ' dollar ${X} newline \n end --//--", kubeReserved: { memory: `${11 * 42 + 255}Mi` } },
      flags: ['--node-labels=eksng.io/nodegroup=ng-1,example.com/team=a,node.kubernetes.io/role=w', '--register-with-taints=dedicated=a:NoSchedule'],
    });
    expect(text.split('\n').filter((l) => l.startsWith('--//'))).toEqual(['--//', '--//', '--//--']);
  });

  it('AmazonLinux2: --kubelet-extra-args, then after bootstrap.sh a jq merge of the kubelet config and a kubelet restart', () => {
    const text = userData(built({ ...features, amiFamily: 'AmazonLinux2' }, { kubernetesVersion: '1.32' }).t);
    expect(text).toContain("--use-max-pods false --kubelet-extra-args '--node-labels=eksng.io/nodegroup=ng-1,example.com/team=a,node.kubernetes.io/role=w --register-with-taints=dedicated=a:NoSchedule --max-pods=42'");
    expect(text).toContain(`echo '{"registryPullQPS":5,`);
    expect(text).toContain("quote '\\'' dollar ${!X}");
    // bootstrap.sh rewrites evictionHard, kubeReserved, maxPods …: the merge must come after it, then a restart.
    const lines = text.split('\n');
    const bootstrap = lines.findIndex((l) => l.startsWith('/etc/eks/bootstrap.sh'));
    const merge = lines.findIndex((l) => l.includes('| jq -s'));
    expect(bootstrap).toBeGreaterThanOrEqual(0);
    expect(merge).toBeGreaterThan(bootstrap);
    expect(lines[merge + 1]).toBe('systemctl restart kubelet');
  });

  it('Bottlerocket: TOML settings with labels, taints, and kubelet fields by the names of Bottlerocket\'s settings', () => {
    const text = userData(built({ ...bottlerocketFeatures, amiFamily: 'Bottlerocket' }).t);
    expect(text).toContain('"max-pods" = 42');
    // Not a kebab-case of the field names (registry-pull-qps, event-record-qps, cpu-cfs-quota): Bottlerocket's own settings.
    expect(text).toContain('"registry-qps" = 5\n"event-qps" = 7\n"cpu-cfs-quota-enforced" = false');
    expect(text).toContain('[settings.kubernetes.node-labels]\n"eksng.io/nodegroup" = "ng-1"\n"example.com/team" = "a"');
    expect(text).toContain('[settings.kubernetes.node-taints]\n"dedicated" = ["a:NoSchedule"]');
    // The hostile string stays one TOML line.
    expect(text.split('\n').filter((l) => l.includes('quote'))).toEqual(['"source" = "quote \' dollar ${!X} newline \\n end --//--"']);
  });
});
