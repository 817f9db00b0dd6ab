/** Focused assertions on the properties that carry meaning; golden files cover the rest. */
import { resolveConfig } from '../../src/config/resolve';
import { buildNodeGroupTemplate } from '../../src/template';
import { nodeRoleName } from '../../src/template/iam';
import { aConfig } from '../helpers';
import { ConfigInput } from '../../src/config/types';

type Json = any;
function build(input: ConfigInput) {
  const config = resolveConfig(input);
  return buildNodeGroupTemplate(config, config.nodeGroups[0]);
}
const resources = (input: ConfigInput): Record<string, Json> => build(input).template.Resources as Record<string, Json>;
const ltData = (input: ConfigInput) => resources(input).NodeLaunchTemplate.Properties.LaunchTemplateData;

describe('node-group template', () => {
  it('gives the node role the three required managed policies, per partition', () => {
    const role = resources(aConfig()).NodeInstanceRole;
    expect(role.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonEKS_CNI_Policy' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' },
    ]);
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service).toEqual([{ 'Fn::FindInMap': ['PartitionMap', { Ref: 'AWS::Partition' }, 'EC2ServicePrincipal'] }]);
    expect(resources(aConfig()).NodeInstanceProfile.Properties.Roles).toEqual([{ Ref: 'NodeInstanceRole' }]);
  });

  it('names the role only when the account is known', () => {
    expect(resources(aConfig()).NodeInstanceRole.Properties.RoleName).toBeUndefined();
    expect(resources(aConfig({ cluster: { accountId: '111122223333' } })).NodeInstanceRole.Properties.RoleName).toBe('test-cluster-ng-1-NodeRole');
  });

  it('keeps long role names within IAM’s 64 characters, stable and distinct', () => {
    const a = nodeRoleName('c'.repeat(100), 'ng-a');
    const b = nodeRoleName('c'.repeat(100), 'ng-b');
    expect(a.length).toBe(64);
    expect(a).not.toBe(b);
    expect(nodeRoleName('c'.repeat(100), 'ng-a')).toBe(a);
  });

  it('creates the six reference security-group rules and no SSH rule by default', () => {
    const r = resources(aConfig());
    const rules = Object.entries(r)
      .filter(([, v]) => /SecurityGroup(Ingress|Egress)$/.test(v.Type))
      .map(([id, v]) => [id, v.Type.split('::')[2], v.Properties.GroupId.Ref, v.Properties.IpProtocol, v.Properties.FromPort, v.Properties.ToPort, (v.Properties.SourceSecurityGroupId ?? v.Properties.DestinationSecurityGroupId).Ref]);
    expect(rules).toEqual([
      ['NodeSecurityGroupIngress', 'SecurityGroupIngress', 'NodeSecurityGroup', '-1', undefined, undefined, 'NodeSecurityGroup'],
      ['ClusterControlPlaneSecurityGroupIngress', 'SecurityGroupIngress', 'ClusterControlPlaneSecurityGroup', 'tcp', 443, 443, 'NodeSecurityGroup'],
      ['ControlPlaneEgressToNodeSecurityGroup', 'SecurityGroupEgress', 'ClusterControlPlaneSecurityGroup', 'tcp', 1025, 65535, 'NodeSecurityGroup'],
      ['ControlPlaneEgressToNodeSecurityGroupOn443', 'SecurityGroupEgress', 'ClusterControlPlaneSecurityGroup', 'tcp', 443, 443, 'NodeSecurityGroup'],
      ['NodeSecurityGroupFromControlPlaneIngress', 'SecurityGroupIngress', 'NodeSecurityGroup', 'tcp', 1025, 65535, 'ClusterControlPlaneSecurityGroup'],
      ['NodeSecurityGroupFromControlPlaneOn443Ingress', 'SecurityGroupIngress', 'NodeSecurityGroup', 'tcp', 443, 443, 'ClusterControlPlaneSecurityGroup'],
    ]);
    expect(r.NodeSecurityGroup.Properties.Tags).toContainEqual({ Key: { 'Fn::Sub': 'kubernetes.io/cluster/${ClusterName}' }, Value: 'owned' });
    expect(ltData(aConfig()).KeyName).toBeUndefined();
    expect(build(aConfig()).template.Parameters?.KeyName).toBeUndefined();
  });

  it('opens tcp 22 from the configured CIDR only, and sets the key pair, when ssh is set', () => {
    const input = aConfig({ nodeGroup: { ssh: { keyName: 'ops', sourceCidr: '198.51.100.0/24' } } });
    expect(resources(input).NodeSecurityGroupSshIngress.Properties).toMatchObject({ CidrIp: '198.51.100.0/24', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, GroupId: { Ref: 'NodeSecurityGroup' } });
    expect(ltData(input).KeyName).toEqual({ Ref: 'KeyName' });
    expect(build(input).template.Parameters?.KeyName).toMatchObject({ Type: 'AWS::EC2::KeyPair::KeyName', Default: 'ops' });
  });

  it('requires IMDSv2 with hop limit 2 and an encrypted gp3 root volume', () => {
    const data = ltData(aConfig());
    expect(data.MetadataOptions).toEqual({ HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 2 });
    expect(data.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: { Ref: 'NodeVolumeSize' }, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }]);
    expect(data.TagSpecifications.map((t: Json) => t.ResourceType)).toEqual(['instance', 'volume']);
  });

  it.each([true, false])('sets AssociatePublicIpAddress %s explicitly on the node SG interface', (pub) => {
    const data = ltData(aConfig({ nodeGroup: { associatePublicIpAddress: pub } }));
    expect(data.NetworkInterfaces).toEqual([{ DeviceIndex: 0, AssociatePublicIpAddress: pub, Groups: [{ Ref: 'NodeSecurityGroup' }, { Ref: 'ClusterSecurityGroup' }], DeleteOnTermination: true }]);
    expect(data.SecurityGroupIds).toBeUndefined();
  });

  it('leaves the public IP to the subnet (MapPublicIpOnLaunch) when the config does not say, as eksctl does; privateNetworking says no', () => {
    // A group in public subnets without a NAT gateway needs the public IP the subnet gives; writing false stranded it.
    expect(ltData(aConfig()).NetworkInterfaces[0]).not.toHaveProperty('AssociatePublicIpAddress');
    expect(ltData(aConfig({ nodeGroup: { privateNetworking: true } })).NetworkInterfaces[0].AssociatePublicIpAddress).toBe(false);
  });

  it('runs on demand through a plain launch template, or all on spot through a MixedInstancesPolicy', () => {
    const onDemand = resources(aConfig()).NodeGroup.Properties;
    expect(onDemand.MixedInstancesPolicy).toBeUndefined();
    expect(onDemand.LaunchTemplate).toEqual({ LaunchTemplateId: { Ref: 'NodeLaunchTemplate' }, Version: { 'Fn::GetAtt': ['NodeLaunchTemplate', 'LatestVersionNumber'] } });
    const spot = resources(aConfig({ nodeGroup: { spot: true } })).NodeGroup.Properties;
    expect(spot.LaunchTemplate).toBeUndefined();
    expect(spot.MixedInstancesPolicy.InstancesDistribution).toEqual({ OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' });
  });

  it('tags the ASG owned and Name, propagated at launch, and never updates below the minimum', () => {
    const asg = resources(aConfig()).NodeGroup;
    expect(asg.Properties.Tags).toEqual([
      { Key: 'Name', Value: { 'Fn::Sub': '${ClusterName}-${NodeGroupName}-Node' }, PropagateAtLaunch: true },
      { Key: { 'Fn::Sub': 'kubernetes.io/cluster/${ClusterName}' }, Value: 'owned', PropagateAtLaunch: true },
    ]);
    expect(asg.Properties).toMatchObject({ MinSize: { Ref: 'NodeAutoScalingGroupMinSize' }, DesiredCapacity: { Ref: 'NodeAutoScalingGroupDesiredCapacity' }, MaxSize: { Ref: 'NodeAutoScalingGroupMaxSize' }, VPCZoneIdentifier: { Ref: 'Subnets' } });
    expect(asg.UpdatePolicy.AutoScalingRollingUpdate).toEqual({ MaxBatchSize: 1, MinInstancesInService: { Ref: 'NodeAutoScalingGroupMinSize' }, PauseTime: 'PT2M' });
  });

  it('places a group in its own subnets when it names them, else in the cluster\'s (issue 14, item 3)', () => {
    const cluster = { subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'] };
    const own = build(aConfig({ cluster, nodeGroup: { subnetIds: ['subnet-0123456789abcdef0'] } }));
    expect(own.template.Parameters.Subnets).toMatchObject({ Default: 'subnet-0123456789abcdef0' });
    expect(own.parameterValues).toContainEqual({ ParameterKey: 'Subnets', ParameterValue: 'subnet-0123456789abcdef0' });
    expect(build(aConfig({ cluster })).template.Parameters.Subnets).toMatchObject({ Default: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788' });
  });

  it('gives a fixed-size group (minSize = maxSize) an update that keeps one node fewer in service (issue 14, item 2)', () => {
    const asg = resources(aConfig({ nodeGroup: { minSize: 3, desiredCapacity: 3, maxSize: 3 } })).NodeGroup;
    expect(asg.UpdatePolicy.AutoScalingRollingUpdate).toEqual({ MaxBatchSize: 1, MinInstancesInService: 2, PauseTime: 'PT2M' });
  });

  it('follows updatePolicy: batch size, minimum in service, pause, suspended processes', () => {
    const asg = resources(aConfig({ nodeGroup: { minSize: 2, desiredCapacity: 6, maxSize: 10, updatePolicy: { maxBatchSize: 3, minInstancesInService: 4, pauseTime: 'PT30S', suspendProcesses: true } } })).NodeGroup;
    expect(asg.UpdatePolicy.AutoScalingRollingUpdate).toEqual({
      MaxBatchSize: 3,
      MinInstancesInService: 4,
      PauseTime: 'PT30S',
      SuspendProcesses: ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'],
    });
  });

  it('takes the AMI from its SSM parameter (overridable), or from an explicit id with no SSM reference at all', () => {
    const auto = build(aConfig());
    expect(auto.template.Parameters?.NodeImageIdSSMParam).toMatchObject({ Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id' });
    expect(ltData(aConfig()).ImageId).toEqual({ 'Fn::If': ['HasNodeImageId', { Ref: 'NodeImageId' }, { Ref: 'NodeImageIdSSMParam' }] });
    const pinned = build(aConfig({ nodeGroup: { ami: 'ami-0123456789abcdef0' } }));
    expect(JSON.stringify(pinned.template)).not.toMatch(/SSM|\/aws\/service/);
    expect(pinned.template.Parameters?.NodeImageId).toMatchObject({ Type: 'AWS::EC2::Image::Id', Default: 'ami-0123456789abcdef0' });
    expect(pinned.template.Conditions).toBeUndefined();
  });

  it('keeps every value the config leaves out a parameter without default, and out of the parameters file', () => {
    const t = build(aConfig());
    for (const p of ['VpcId', 'Subnets', 'ClusterControlPlaneSecurityGroup']) {
      expect(t.template.Parameters?.[p]).toBeDefined();
      expect(t.template.Parameters?.[p].Default).toBeUndefined();
      expect(t.parameterValues.map((v) => v.ParameterKey)).not.toContain(p);
    }
    const full = build(aConfig({ cluster: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'], controlPlaneSecurityGroupId: 'sg-0a1b2c3d4e5f60718' } }));
    expect(full.parameterValues).toContainEqual({ ParameterKey: 'Subnets', ParameterValue: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788' });
    expect(full.template.Parameters?.Subnets.Default).toBe('subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788');
  });

  it('uses the reference parameter names, grouped and labelled for the console', () => {
    const t = build(aConfig({ nodeGroup: { ssh: { keyName: 'k', sourceCidr: '10.0.0.0/8' } } }));
    const iface = (t.template.Metadata as Json)['AWS::CloudFormation::Interface'];
    const grouped = iface.ParameterGroups.flatMap((g: Json) => g.Parameters);
    expect(grouped.sort()).toEqual(Object.keys(t.template.Parameters ?? {}).sort());
    for (const name of ['ClusterName', 'NodeGroupName', 'NodeAutoScalingGroupMinSize', 'NodeAutoScalingGroupDesiredCapacity', 'NodeAutoScalingGroupMaxSize', 'NodeInstanceType', 'NodeVolumeSize', 'KeyName', 'VpcId', 'Subnets', 'ClusterControlPlaneSecurityGroup', 'NodeImageIdSSMParam', 'NodeImageId']) {
      expect(grouped).toContain(name);
      expect(iface.ParameterLabels[name].default).toEqual(expect.any(String));
    }
  });

  it('outputs the role ARN, instance profile ARN, node SG and ASG name', () => {
    expect(build(aConfig()).template.Outputs).toEqual({
      NodeInstanceRole: expect.objectContaining({ Value: { 'Fn::GetAtt': ['NodeInstanceRole', 'Arn'] } }),
      NodeInstanceProfile: expect.objectContaining({ Value: { 'Fn::GetAtt': ['NodeInstanceProfile', 'Arn'] } }),
      NodeSecurityGroup: expect.objectContaining({ Value: { Ref: 'NodeSecurityGroup' } }),
      NodeAutoScalingGroup: expect.objectContaining({ Value: { Ref: 'NodeGroup' } }),
    });
  });

  it('adds an EC2_LINUX access entry for the node role in the API modes only (one on a CONFIG_MAP cluster fails the stack)', () => {
    expect(resources(aConfig()).NodeAccessEntry).toBeUndefined();
    expect(resources(aConfig({ cluster: { authenticationMode: 'CONFIG_MAP' } })).NodeAccessEntry).toBeUndefined();
    for (const mode of ['API', 'API_AND_CONFIG_MAP'] as const) {
      expect(resources(aConfig({ cluster: { authenticationMode: mode } })).NodeAccessEntry).toEqual({
        Type: 'AWS::EKS::AccessEntry',
        Properties: { ClusterName: { Ref: 'ClusterName' }, PrincipalArn: { 'Fn::GetAtt': ['NodeInstanceRole', 'Arn'] }, Type: 'EC2_LINUX' },
      });
    }
  });
});
