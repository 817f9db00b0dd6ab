/** Focused assertions on the cluster template's properties that carry meaning; golden files cover the rest. */
import { buildClusterTemplate, checkClusterStackName, clusterStackName } from '../../src/cluster';
import { CLUSTER_MANAGED_POLICIES } from '../../src/cluster/iam';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput, NetworkInput } from '../../src/config/types';
import { aConfig } from '../helpers';

type Json = any;
type ClusterOverrides = Partial<ConfigInput['cluster']>;

function input(network: NetworkInput = {}, cluster: ClusterOverrides = {}): ConfigInput {
  return { ...aConfig({ cluster: { endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined, ...cluster } }), network };
}
const build = (network?: NetworkInput, cluster?: ClusterOverrides) => buildClusterTemplate(resolveConfig(input(network, cluster)));
const resources = (network?: NetworkInput, cluster?: ClusterOverrides): Record<string, Json> => build(network, cluster).template.Resources as Record<string, Json>;
const ofType = (r: Record<string, Json>, type: string) => Object.keys(r).filter((id) => r[id].Type === type);
const tags = (resource: Json) => resource.Properties.Tags.map((t: Json) => [t.Key, t.Value]);
const CLUSTER_TAG = [{ 'Fn::Sub': 'kubernetes.io/cluster/${ClusterName}' }, 'shared'];

describe('cluster template: network', () => {
  it('makes a VPC from the VpcBlock parameter, with DNS support and hostnames (needed by the private endpoint), tagged shared', () => {
    const t = build();
    const vpc = (t.template.Resources as Json).VPC;
    expect(vpc.Properties).toMatchObject({ CidrBlock: { Ref: 'VpcBlock' }, EnableDnsSupport: true, EnableDnsHostnames: true });
    expect(tags(vpc)).toContainEqual(CLUSTER_TAG);
    expect((t.template.Parameters as Json).VpcBlock.Default).toBe('192.168.0.0/16');
  });

  it('puts two public subnets in the first two AZs of the region, from Fn::GetAZs, never a hard-coded name', () => {
    const r = resources();
    expect(ofType(r, 'AWS::EC2::Subnet')).toEqual(['PublicSubnet01', 'PublicSubnet02']);
    expect(r.PublicSubnet01.Properties.AvailabilityZone).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(r.PublicSubnet02.Properties.AvailabilityZone).toEqual({ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] });
    expect(JSON.stringify(r)).not.toMatch(/us-east-1[a-f]/);
  });

  it('makes public subnets that assign public IPs, tagged shared and for internet-facing load balancers', () => {
    const subnet = resources({ publicSubnets: 3 }).PublicSubnet03;
    expect(subnet.Properties).toMatchObject({ VpcId: { Ref: 'VPC' }, CidrBlock: { Ref: 'PublicSubnet03Block' }, MapPublicIpOnLaunch: true });
    expect(tags(subnet)).toEqual([['Name', { 'Fn::Sub': '${ClusterName}-PublicSubnet03' }], CLUSTER_TAG, ['kubernetes.io/role/elb', '1']]);
  });

  it('routes the public subnets to an internet gateway, once it is attached', () => {
    const r = resources();
    expect(r.VPCGatewayAttachment.Properties).toEqual({ VpcId: { Ref: 'VPC' }, InternetGatewayId: { Ref: 'InternetGateway' } });
    expect(r.PublicRoute).toMatchObject({ DependsOn: 'VPCGatewayAttachment', Properties: { RouteTableId: { Ref: 'PublicRouteTable' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'InternetGateway' } } });
    expect(ofType(r, 'AWS::EC2::SubnetRouteTableAssociation').map((id) => [id, r[id].Properties.SubnetId.Ref, r[id].Properties.RouteTableId.Ref])).toEqual([
      ['PublicSubnet01RouteTableAssociation', 'PublicSubnet01', 'PublicRouteTable'],
      ['PublicSubnet02RouteTableAssociation', 'PublicSubnet02', 'PublicRouteTable'],
    ]);
  });

  it('has no private subnets and no NAT gateway by default', () => {
    const r = resources();
    expect(ofType(r, 'AWS::EC2::NatGateway')).toEqual([]);
    expect(ofType(r, 'AWS::EC2::EIP')).toEqual([]);
    expect(Object.keys(r).filter((id) => id.startsWith('Private'))).toEqual([]);
  });

  it('routes every private subnet through one NAT gateway in the first public subnet with natGateways single', () => {
    const r = resources({ privateSubnets: 2 });
    expect(ofType(r, 'AWS::EC2::NatGateway')).toEqual(['NatGateway01']);
    expect(r.NatGateway01.Properties).toMatchObject({ AllocationId: { 'Fn::GetAtt': ['NatGatewayEIP01', 'AllocationId'] }, SubnetId: { Ref: 'PublicSubnet01' } });
    expect(r.NatGatewayEIP01).toMatchObject({ DependsOn: 'VPCGatewayAttachment', Properties: { Domain: 'vpc' } });
    expect([r.PrivateRoute01, r.PrivateRoute02].map((route) => [route.Properties.RouteTableId.Ref, route.Properties.DestinationCidrBlock, route.Properties.NatGatewayId.Ref])).toEqual([
      ['PrivateRouteTable01', '0.0.0.0/0', 'NatGateway01'],
      ['PrivateRouteTable02', '0.0.0.0/0', 'NatGateway01'],
    ]);
  });

  it('gives each AZ its own NAT gateway with natGateways perAz', () => {
    const r = resources({ publicSubnets: 3, privateSubnets: 3, natGateways: 'perAz' });
    expect(ofType(r, 'AWS::EC2::NatGateway').map((id) => [id, r[id].Properties.SubnetId.Ref])).toEqual([
      ['NatGateway01', 'PublicSubnet01'],
      ['NatGateway02', 'PublicSubnet02'],
      ['NatGateway03', 'PublicSubnet03'],
    ]);
    expect([1, 2, 3].map((n) => r[`PrivateRoute0${n}`].Properties.NatGatewayId.Ref)).toEqual(['NatGateway01', 'NatGateway02', 'NatGateway03']);
    expect(r.PrivateSubnet03.Properties.AvailabilityZone).toEqual(r.PublicSubnet03.Properties.AvailabilityZone);
  });

  it('makes private subnets without public IPs, tagged shared and for internal load balancers', () => {
    const subnet = resources({ privateSubnets: 2 }).PrivateSubnet02;
    expect(subnet.Properties).toMatchObject({ CidrBlock: { Ref: 'PrivateSubnet02Block' }, MapPublicIpOnLaunch: false, AvailabilityZone: { 'Fn::Select': [1, { 'Fn::GetAZs': '' }] } });
    expect(tags(subnet)).toEqual([['Name', { 'Fn::Sub': '${ClusterName}-PrivateSubnet02' }], CLUSTER_TAG, ['kubernetes.io/role/internal-elb', '1']]);
  });

  it('defaults every subnet CIDR parameter to its slot of the VPC', () => {
    const t = build({ vpcCidr: '10.1.0.0/16', privateSubnets: 2 });
    expect(t.parameterValues).toEqual([
      { ParameterKey: 'ClusterName', ParameterValue: 'test-cluster' },
      { ParameterKey: 'VpcBlock', ParameterValue: '10.1.0.0/16' },
      { ParameterKey: 'PublicSubnet01Block', ParameterValue: '10.1.0.0/19' },
      { ParameterKey: 'PublicSubnet02Block', ParameterValue: '10.1.32.0/19' },
      { ParameterKey: 'PrivateSubnet01Block', ParameterValue: '10.1.128.0/19' },
      { ParameterKey: 'PrivateSubnet02Block', ParameterValue: '10.1.160.0/19' },
    ]);
    expect((t.template.Parameters as Json).PrivateSubnet02Block.Default).toBe('10.1.160.0/19');
  });
});

describe('cluster template: security group and role', () => {
  it('makes the control-plane security group allow all traffic from itself', () => {
    const r = resources();
    expect(r.ControlPlaneSecurityGroup.Properties.VpcId).toEqual({ Ref: 'VPC' });
    expect(r.ControlPlaneSecurityGroupSelfIngress).toEqual({
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: { Description: expect.any(String), GroupId: { Ref: 'ControlPlaneSecurityGroup' }, SourceSecurityGroupId: { Ref: 'ControlPlaneSecurityGroup' }, IpProtocol: '-1' },
    });
    // The nodes' own security group carries the cluster tag; two tagged groups confuse the load-balancer controllers.
    expect(tags(r.ControlPlaneSecurityGroup).map(([k]: [unknown]) => k)).toEqual(['Name']);
  });

  it('makes the cluster role, trusted by EKS, with AmazonEKSClusterPolicy per partition, without a name', () => {
    const role = resources().ClusterRole.Properties;
    expect(CLUSTER_MANAGED_POLICIES).toEqual(['AmazonEKSClusterPolicy']);
    expect(role.ManagedPolicyArns).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AmazonEKSClusterPolicy' }]);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: ['eks.amazonaws.com'] }, Action: ['sts:AssumeRole'] }]);
    expect(role.RoleName).toBeUndefined();
  });
});

describe('cluster template: the EKS cluster (cluster.create)', () => {
  it('is not created by default, and then KubernetesVersion is no parameter', () => {
    const t = build();
    expect(ofType(t.template.Resources as Json, 'AWS::EKS::Cluster')).toEqual([]);
    expect(Object.keys(t.template.Parameters as Json)).not.toContain('KubernetesVersion');
  });

  it('is created in every subnet with the control-plane group, the role, the version and the authentication mode', () => {
    const t = build({ privateSubnets: 2 }, { create: true, authenticationMode: 'API_AND_CONFIG_MAP' });
    const cluster = (t.template.Resources as Json).Cluster;
    expect(cluster.Type).toBe('AWS::EKS::Cluster');
    expect(cluster.Properties).toEqual({
      Name: { Ref: 'ClusterName' },
      Version: { Ref: 'KubernetesVersion' },
      RoleArn: { 'Fn::GetAtt': ['ClusterRole', 'Arn'] },
      ResourcesVpcConfig: {
        SubnetIds: [{ Ref: 'PublicSubnet01' }, { Ref: 'PublicSubnet02' }, { Ref: 'PrivateSubnet01' }, { Ref: 'PrivateSubnet02' }],
        SecurityGroupIds: [{ Ref: 'ControlPlaneSecurityGroup' }],
        EndpointPublicAccess: true,
        EndpointPrivateAccess: true,
      },
      AccessConfig: { AuthenticationMode: 'API_AND_CONFIG_MAP' },
      KubernetesNetworkConfig: { ServiceIpv4Cidr: '10.100.0.0/16' },
    });
    expect((t.template.Parameters as Json).KubernetesVersion).toMatchObject({ Default: '1.33', AllowedPattern: '^1\\.[0-9]{2}$' });
  });

  it('takes the endpoint access, public CIDRs and service CIDR from the config', () => {
    const props = (resources({ vpcCidr: '10.0.0.0/16' }, { create: true, endpointPublicAccess: true, endpointPrivateAccess: false, publicAccessCidrs: ['203.0.113.0/24'] }).Cluster as Json).Properties;
    expect(props.ResourcesVpcConfig).toMatchObject({ EndpointPublicAccess: true, EndpointPrivateAccess: false, PublicAccessCidrs: ['203.0.113.0/24'] });
    // EKS's own choice for a VPC in 10.0.0.0/8, made explicit.
    expect(props.KubernetesNetworkConfig).toEqual({ ServiceIpv4Cidr: '172.20.0.0/16' });
    expect(resources({}, { create: true, serviceCidr: '172.16.0.0/16' }).Cluster.Properties.KubernetesNetworkConfig).toEqual({ ServiceIpv4Cidr: '172.16.0.0/16' });
  });
});

describe('cluster template: outputs', () => {
  const outputs = (network?: NetworkInput, cluster?: ClusterOverrides) => build(network, cluster).template.Outputs as Record<string, Json>;
  const join = (...ids: string[]) => ({ 'Fn::Join': [',', ids.map((id) => ({ Ref: id }))] });

  it('names the VPC, the node subnets, the security group and the role', () => {
    const o = outputs();
    expect(Object.keys(o)).toEqual(['ClusterName', 'VpcId', 'SubnetIds', 'PublicSubnetIds', 'PublicSubnetZones', 'ControlPlaneSecurityGroupId', 'ClusterRoleArn']);
    expect(o.ClusterName.Value).toEqual({ Ref: 'ClusterName' });
    expect(o.VpcId.Value).toEqual({ Ref: 'VPC' });
    expect(o.SubnetIds.Value).toEqual(join('PublicSubnet01', 'PublicSubnet02'));
    expect(o.ControlPlaneSecurityGroupId.Value).toEqual({ Ref: 'ControlPlaneSecurityGroup' });
    expect(o.ClusterRoleArn.Value).toEqual({ 'Fn::GetAtt': ['ClusterRole', 'Arn'] });
  });

  it('gives the nodes the private subnets when there are any', () => {
    const o = outputs({ publicSubnets: 3, privateSubnets: 2 });
    expect(o.SubnetIds.Value).toEqual(join('PrivateSubnet01', 'PrivateSubnet02'));
    expect(o.PublicSubnetIds.Value).toEqual(join('PublicSubnet01', 'PublicSubnet02', 'PublicSubnet03'));
    expect(o.PrivateSubnetIds.Value).toEqual(join('PrivateSubnet01', 'PrivateSubnet02'));
  });

  it('reports the zone of every subnet, in the order of its subnet list (for node groups\' availabilityZones)', () => {
    const o = outputs({ publicSubnets: 3, privateSubnets: 2 });
    // The very expression each subnet's AvailabilityZone is set from.
    const r = resources({ publicSubnets: 3, privateSubnets: 2 });
    const zones = (...ids: string[]) => ({ 'Fn::Join': [',', ids.map((id) => r[id].Properties.AvailabilityZone)] });
    expect(o.PublicSubnetZones.Value).toEqual(zones('PublicSubnet01', 'PublicSubnet02', 'PublicSubnet03'));
    expect(o.PrivateSubnetZones.Value).toEqual(zones('PrivateSubnet01', 'PrivateSubnet02'));
  });

  it('adds what the nodes need to bootstrap when the cluster is created', () => {
    const o = outputs({}, { create: true });
    expect(o.ClusterName.Value).toEqual({ Ref: 'Cluster' });
    expect(o.Endpoint.Value).toEqual({ 'Fn::GetAtt': ['Cluster', 'Endpoint'] });
    expect(o.CertificateAuthorityData.Value).toEqual({ 'Fn::GetAtt': ['Cluster', 'CertificateAuthorityData'] });
    // AWS::EKS::Cluster has no Fn::GetAtt for the IPv4 service CIDR: the value the template sets.
    expect(o.ServiceCidr.Value).toBe('10.100.0.0/16');
    expect(o.ClusterSecurityGroupId.Value).toEqual({ 'Fn::GetAtt': ['Cluster', 'ClusterSecurityGroupId'] });
  });
});

describe('cluster stack name', () => {
  it('is eksng-<cluster>-cluster, with the characters stack names allow', () => {
    expect(clusterStackName('my_cluster')).toBe('eksng-my-cluster-cluster');
  });

  it('refuses a node group whose stack would get the same name', () => {
    const config = resolveConfig({ ...aConfig(), nodeGroups: [{ name: 'ng' }, { name: 'Cluster' }] });
    expect(checkClusterStackName(config).map((p) => `${p.code}@${p.pointer}`)).toEqual(['rule.stack-name@/nodeGroups/1/name']);
  });
});
