/**
 * End to end, from an empty account to nodes: `eksng cluster` writes the cluster stack, the real
 * `aws` CLI creates it on moto_server (an AWS API emulator on 127.0.0.1, started here and stopped
 * after), describe-* calls check the VPC, subnets, tags, gateways, routes, security group and role,
 * and then `eksng generate --cluster-outputs` fills the same config from the stack's describe-stacks
 * JSON and writes the node group, and its stack is
 * created into the cluster stack's VPC, subnets and security group.
 *
 * moto creates no EKS cluster (AWS::EKS::* is skipped), so the config gives the endpoint, CA and
 * service CIDR itself, as a user who created the cluster by hand would (the `create: false` path).
 * Where moto cannot show something, the gap is written next to the assertion that checks it on the
 * template instead (see "moto gap"). Every call goes through support/moto.ts, which refuses any
 * endpoint that is not a loopback address.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { buildClusterTemplate, clusterStackName } from '../../src/cluster';
import { CLUSTER_MANAGED_POLICIES } from '../../src/cluster/iam';
import { cluster } from '../../src/commands/cluster';
import { nodeGroupStackName } from '../../src/cfn/stack-names';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput } from '../../src/config/types';
import { CA_DATA, captureContext, ENDPOINT, REAL } from '../helpers';
import { assertLoopback, aws, awsRaw, MotoServer, outputsOf, physicalIds, putSsmParameter, startMoto, waitForStack } from './support/moto';
import { e2eSuite } from './support/suite';

const E2E_AMI_PARAMETER = '/eksng/e2e/cluster-ami';
const CLUSTER = 'e2e-cluster';

const suite = e2eSuite('e2e cluster tests');

type Json = any;
let moto: MotoServer;
let work: string;
let amiId: string;

/**
 * One config takes the user from an empty account to nodes: three public subnets, two private ones
 * with a NAT gateway each, and a node group. The cluster values are given because moto makes no cluster.
 */
const CONFIG: ConfigInput = {
  cluster: { name: CLUSTER, region: 'us-east-1', kubernetesVersion: '1.33', endpoint: ENDPOINT, certificateAuthorityData: CA_DATA, serviceCidr: '10.100.0.0/16' },
  network: { vpcCidr: '10.20.0.0/16', publicSubnets: 3, privateSubnets: 2, natGateways: 'perAz' },
  nodeGroups: [
    { name: 'workers', ami: `ssm:${E2E_AMI_PARAMETER}`, desiredCapacity: 2 },
    // One zone, in the public subnets: placed by the cluster stack's outputs (the zone names moto's Fn::GetAZs gives).
    { name: 'edge', ami: `ssm:${E2E_AMI_PARAMETER}`, desiredCapacity: 1, associatePublicIpAddress: true, availabilityZones: ['us-east-1b'] },
  ],
};
const config = resolveConfig(CONFIG);
const clusterStack = clusterStackName(CLUSTER);

async function eksngCluster(configFile: string, out: string): Promise<string> {
  const ctx = captureContext(REAL);
  await cluster({ config: configFile, out, lint: false, lintCache: false }, ctx);
  return ctx.out();
}

async function eksng(args: string[]): Promise<string> {
  const ctx = captureContext(REAL);
  const code = await main(args, ctx);
  if (code !== 0) throw new Error(`eksng ${args.join(' ')} exited ${code}:\n${ctx.err()}`);
  return ctx.out();
}

async function createStack(name: string, template: string, parameters: string, capability: string) {
  await aws(moto, ['cloudformation', 'create-stack', '--stack-name', name, '--template-body', `file://${template}`, '--parameters', `file://${parameters}`, '--capabilities', capability]);
  return waitForStack(moto, name);
}

const tagsOf = (resource: Json): Record<string, string> => Object.fromEntries((resource.Tags ?? []).map((t: Json) => [t.Key, t.Value]));

suite('eksng cluster: the cluster stack on moto_server, then a node group into it', () => {
  let out: string;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'eksng-e2e-cluster-'));
    moto = await startMoto();
    assertLoopback(moto.endpoint);
    const images = await aws<string[]>(moto, ['ec2', 'describe-images', '--owners', 'amazon', '--query', 'Images[].ImageId']);
    amiId = images.filter((id) => /^ami-[0-9a-f]{8}$/.test(id)).sort()[0];
    await putSsmParameter(moto, E2E_AMI_PARAMETER, amiId);
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('creates the cluster stack from what eksng cluster wrote, with create-stack and the parameters file', async () => {
    const configFile = path.join(work, 'nodegroup.json');
    writeFileSync(configFile, JSON.stringify(CONFIG, null, 2));
    out = path.join(work, 'out');
    const printed = await eksngCluster(configFile, out);
    expect(printed).toContain(`--stack-name ${clusterStack}`);
    const stack = await createStack(clusterStack, path.join(out, 'cluster.yaml'), path.join(out, 'cluster.parameters.json'), 'CAPABILITY_IAM');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    outputs = outputsOf(stack);
    expect(Object.keys(outputs).sort()).toEqual(['ClusterName', 'ClusterRoleArn', 'ControlPlaneSecurityGroupId', 'PrivateSubnetIds', 'PrivateSubnetZones', 'PublicSubnetIds', 'PublicSubnetZones', 'SubnetIds', 'VpcId']);
    expect(outputs.ClusterName).toBe(CLUSTER);
    expect(outputs.SubnetIds).toBe(outputs.PrivateSubnetIds);
  }, 60_000);

  it('made the VPC, subnets in distinct AZs, tags, gateways, routes, security group and role the config describes', async () => {
    const vpcId = outputs.VpcId;
    const byVpc = ['--filters', `Name=vpc-id,Values=${vpcId}`];
    const [vpcs, subnets, igws, routeTables, nats, sg, role, resources] = await Promise.all([
      aws<Json>(moto, ['ec2', 'describe-vpcs', '--vpc-ids', vpcId]),
      aws<Json>(moto, ['ec2', 'describe-subnets', ...byVpc]),
      aws<Json>(moto, ['ec2', 'describe-internet-gateways', '--filters', `Name=attachment.vpc-id,Values=${vpcId}`]),
      aws<Json>(moto, ['ec2', 'describe-route-tables', ...byVpc]),
      aws<Json>(moto, ['ec2', 'describe-nat-gateways', '--filter', `Name=vpc-id,Values=${vpcId}`]),
      aws<Json>(moto, ['ec2', 'describe-security-groups', '--group-ids', outputs.ControlPlaneSecurityGroupId]),
      aws<Json>(moto, ['iam', 'get-role', '--role-name', outputs.ClusterRoleArn.split('/').pop()!]),
      physicalIds(moto, clusterStack),
    ]);
    const template = buildClusterTemplate(config).template as Json;
    const sharedTag = { [`kubernetes.io/cluster/${CLUSTER}`]: 'shared' };

    // VPC: the configured CIDR, tagged shared.
    const vpc = vpcs.Vpcs[0];
    expect(vpc.CidrBlock).toBe('10.20.0.0/16');
    expect(tagsOf(vpc)).toMatchObject({ Name: `${CLUSTER}-VPC`, ...sharedTag });
    // moto gap: CloudFormation's EnableDnsSupport/EnableDnsHostnames are ignored (the private endpoint needs both).
    expect(template.Resources.VPC.Properties).toMatchObject({ EnableDnsSupport: true, EnableDnsHostnames: true });

    // Subnets: three public and two private, each kind in distinct AZs from Fn::GetAZs, CIDRs from the layout, role tags.
    const publicIds = outputs.PublicSubnetIds.split(',');
    const privateIds = outputs.PrivateSubnetIds.split(',');
    const subnet = (id: string) => subnets.Subnets.find((s: Json) => s.SubnetId === id);
    expect(subnets.Subnets).toHaveLength(5);
    expect(publicIds.map((id) => [subnet(id).CidrBlock, subnet(id).AvailabilityZone])).toEqual([
      ['10.20.0.0/19', 'us-east-1a'],
      ['10.20.32.0/19', 'us-east-1b'],
      ['10.20.64.0/19', 'us-east-1c'],
    ]);
    expect(privateIds.map((id) => [subnet(id).CidrBlock, subnet(id).AvailabilityZone])).toEqual([
      ['10.20.128.0/19', 'us-east-1a'],
      ['10.20.160.0/19', 'us-east-1b'],
    ]);
    for (const id of publicIds) expect(tagsOf(subnet(id))).toMatchObject({ ...sharedTag, 'kubernetes.io/role/elb': '1' });
    for (const id of privateIds) expect(tagsOf(subnet(id))).toMatchObject({ ...sharedTag, 'kubernetes.io/role/internal-elb': '1' });
    for (const id of privateIds) expect(tagsOf(subnet(id))['kubernetes.io/role/elb']).toBeUndefined();
    // moto gap: a subnet's MapPublicIpOnLaunch from CloudFormation is ignored (always false).
    expect(['PublicSubnet01', 'PublicSubnet02', 'PublicSubnet03'].map((id) => template.Resources[id].Properties.MapPublicIpOnLaunch)).toEqual([true, true, true]);
    expect(['PrivateSubnet01', 'PrivateSubnet02'].map((id) => template.Resources[id].Properties.MapPublicIpOnLaunch)).toEqual([false, false]);

    // Internet gateway attached; the public route table sends 0.0.0.0/0 to it.
    expect(igws.InternetGateways).toHaveLength(1);
    const igw = igws.InternetGateways[0].InternetGatewayId;
    const defaultRoute = (rt: Json) => rt.Routes.find((r: Json) => r.DestinationCidrBlock === '0.0.0.0/0');
    const table = (logicalId: string) => routeTables.RouteTables.find((rt: Json) => rt.RouteTableId === resources[logicalId]);
    expect(defaultRoute(table('PublicRouteTable')).GatewayId).toBe(igw);

    // NAT gateways, one per AZ, in the public subnets of AZ 1 and 2; each private table routes to its own AZ's.
    const natIn = (subnetId: string) => nats.NatGateways.find((n: Json) => n.SubnetId === subnetId)?.NatGatewayId;
    expect(nats.NatGateways.map((n: Json) => n.SubnetId).sort()).toEqual(publicIds.slice(0, 2).sort());
    expect(nats.NatGateways.every((n: Json) => n.NatGatewayAddresses[0].AllocationId.startsWith('eipalloc-'))).toBe(true);
    expect(defaultRoute(table('PrivateRouteTable01')).NatGatewayId).toBe(natIn(publicIds[0]));
    expect(defaultRoute(table('PrivateRouteTable02')).NatGatewayId).toBe(natIn(publicIds[1]));
    // moto gap: associations made by AWS::EC2::SubnetRouteTableAssociation are not listed by
    // describe-route-tables; the stack's resources name their route tables, the template their subnets.
    expect(resources.PublicSubnet03RouteTableAssociation).toBe(resources.PublicRouteTable);
    expect(resources.PrivateSubnet02RouteTableAssociation).toBe(resources.PrivateRouteTable02);
    expect(template.Resources.PrivateSubnet02RouteTableAssociation.Properties).toEqual({ SubnetId: { Ref: 'PrivateSubnet02' }, RouteTableId: { Ref: 'PrivateRouteTable02' } });

    // Control-plane security group in the VPC, all traffic from itself.
    const group = sg.SecurityGroups[0];
    expect(group.VpcId).toBe(vpcId);
    expect(group.IpPermissions).toEqual([expect.objectContaining({ IpProtocol: '-1', UserIdGroupPairs: [expect.objectContaining({ GroupId: outputs.ControlPlaneSecurityGroupId })] })]);

    // Cluster role trusted by EKS.
    expect(role.Role.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Principal: { Service: ['eks.amazonaws.com'] }, Action: ['sts:AssumeRole'] })]);
    // moto gap: CloudFormation's ManagedPolicyArns are ignored, so the policy is asserted on the template.
    expect(template.Resources.ClusterRole.Properties.ManagedPolicyArns).toEqual(CLUSTER_MANAGED_POLICIES.map((p) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${p}` })));

    // moto gap: AWS::EKS::* is skipped, and an Output that reads an attribute of the skipped cluster
    // makes moto answer HTTP 500, so the `cluster.create` template cannot be deployed here; the
    // cluster it creates is asserted on the template: in this stack's subnets and security group.
    const created = buildClusterTemplate(resolveConfig({ ...CONFIG, cluster: { ...CONFIG.cluster, create: true } })).template as Json;
    expect(created.Resources.Cluster.Properties.ResourcesVpcConfig).toMatchObject({
      SubnetIds: ['PublicSubnet01', 'PublicSubnet02', 'PublicSubnet03', 'PrivateSubnet01', 'PrivateSubnet02'].map((id) => ({ Ref: id })),
      SecurityGroupIds: [{ Ref: 'ControlPlaneSecurityGroup' }],
    });
    expect(created.Outputs.ServiceCidr.Value).toBe(CONFIG.cluster.serviceCidr);
  }, 60_000);

  it('fills the config from the stack’s describe-stacks JSON, generates the node group and creates it in the cluster’s VPC, private subnets and security group', async () => {
    // The describe-stacks JSON, exactly as `eksng cluster` tells users to save it.
    const outputsFile = path.join(work, 'cluster-outputs.json');
    writeFileSync(outputsFile, (await awsRaw(moto, ['cloudformation', 'describe-stacks', '--stack-name', clusterStack])).stdout);
    const dir = path.join(work, 'nodes');
    mkdirSync(dir);
    const nodesOut = path.join(dir, 'out');
    const configFile = path.join(work, 'nodegroup.json');
    const ctx = captureContext(REAL);
    const code = await main(['generate', '--no-lint', '--config', configFile, '--cluster-outputs', outputsFile, '--out', nodesOut], ctx);
    expect({ code, err: ctx.err() }).toEqual({ code: 0, err: expect.any(String) });
    // Each value taken from the stack is reported, with where it came from.
    expect(ctx.err().match(/^note: .*nodegroup\.json#(\/cluster\/\w+): taken from \S*cluster-outputs\.json#\/Stacks\/0\/Outputs\/\d+\/OutputValue$/gm)?.map((l) => l.split('#')[1].split(':')[0])).toEqual(['/cluster/vpcId', '/cluster/subnetIds', '/cluster/controlPlaneSecurityGroupId']);
    // The zone a group asked for became that zone's public subnet (the zones come from the stack, in subnet order).
    expect(ctx.err()).toMatch(/^note: .*nodegroup\.json#\/nodeGroups\/1\/subnetIds: taken from \S*cluster-outputs\.json#\/Stacks\/0\/Outputs\/\d+\/OutputValue: the public subnets in us-east-1b$/m);
    const merged = { input: JSON.parse(readFileSync(configFile, 'utf8')) as ConfigInput };
    const nodeStack = nodeGroupStackName(resolveConfig(merged.input).cluster.name, 'workers');
    const stack = await createStack(nodeStack, path.join(nodesOut, 'nodegroup-workers.yaml'), path.join(nodesOut, 'nodegroup-workers.parameters.json'), 'CAPABILITY_IAM');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    // The parameters file carried the cluster stack's values: nothing had to be given at deploy time.
    expect(Object.fromEntries(stack.Parameters!.map((p) => [p.ParameterKey, p.ParameterValue]))).toMatchObject({
      VpcId: outputs.VpcId,
      ClusterControlPlaneSecurityGroup: outputs.ControlPlaneSecurityGroupId,
    });
    // moto gap: describe-stacks shows a List<…> parameter as a Python list ("['subnet-…', …]"), so the
    // subnets are read from the parameters file here, and from the Auto Scaling group below.
    const parameterFile = JSON.parse(readFileSync(path.join(nodesOut, 'nodegroup-workers.parameters.json'), 'utf8')) as Array<{ ParameterKey: string; ParameterValue: string }>;
    expect(parameterFile).toContainEqual({ ParameterKey: 'Subnets', ParameterValue: outputs.SubnetIds });

    const nodeOutputs = outputsOf(stack);
    const [asgs, nodeSg, controlPlaneSg] = await Promise.all([
      aws<Json>(moto, ['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', nodeOutputs.NodeAutoScalingGroup]),
      aws<Json>(moto, ['ec2', 'describe-security-groups', '--group-ids', nodeOutputs.NodeSecurityGroup]),
      aws<Json>(moto, ['ec2', 'describe-security-groups', '--group-ids', outputs.ControlPlaneSecurityGroupId]),
    ]);
    // The nodes run in the cluster stack's private subnets, their group lives in its VPC…
    const asg = asgs.AutoScalingGroups[0];
    expect(asg.VPCZoneIdentifier.split(',').sort()).toEqual(outputs.PrivateSubnetIds.split(',').sort());
    expect(asg.DesiredCapacity).toBe(2);
    expect(nodeSg.SecurityGroups[0].VpcId).toBe(outputs.VpcId);
    // …and the control-plane group of the cluster stack now also lets them reach the API server.
    const rules = controlPlaneSg.SecurityGroups[0].IpPermissions.map((p: Json) => `${p.IpProtocol} ${p.FromPort ?? 'all'} from ${p.UserIdGroupPairs.map((g: Json) => g.GroupId).join(',')}`);
    expect(rules.sort()).toEqual([`-1 all from ${outputs.ControlPlaneSecurityGroupId}`, `tcp 443 from ${nodeOutputs.NodeSecurityGroup}`].sort());

    // The zone outputs name each subnet's real zone, and the one-zone group runs in the public subnet of that zone.
    const subnets = await aws<Json>(moto, ['ec2', 'describe-subnets', '--subnet-ids', ...outputs.PublicSubnetIds.split(','), ...outputs.PrivateSubnetIds.split(',')]);
    const zoneOf = new Map<string, string>(subnets.Subnets.map((s: Json) => [s.SubnetId, s.AvailabilityZone]));
    expect(outputs.PublicSubnetZones.split(',')).toEqual(outputs.PublicSubnetIds.split(',').map((id) => zoneOf.get(id)));
    expect(outputs.PrivateSubnetZones.split(',')).toEqual(outputs.PrivateSubnetIds.split(',').map((id) => zoneOf.get(id)));
    const edgeStack = await createStack(nodeGroupStackName(CLUSTER, 'edge'), path.join(nodesOut, 'nodegroup-edge.yaml'), path.join(nodesOut, 'nodegroup-edge.parameters.json'), 'CAPABILITY_IAM');
    expect(edgeStack.StackStatus).toBe('CREATE_COMPLETE');
    const edge = (await aws<Json>(moto, ['autoscaling', 'describe-auto-scaling-groups', '--auto-scaling-group-names', outputsOf(edgeStack).NodeAutoScalingGroup])).AutoScalingGroups[0];
    const edgeSubnets: string[] = edge.VPCZoneIdentifier.split(',');
    expect(edgeSubnets.map((id) => [outputs.PublicSubnetIds.split(',').includes(id), zoneOf.get(id)])).toEqual([[true, 'us-east-1b']]);
  }, 90_000);

  it('deploys a cluster stack with `aws cloudformation deploy --parameter-overrides file://…overrides.json`, as eksng cluster prints it', async () => {
    const input: ConfigInput = { cluster: { name: 'e2e-deployed', kubernetesVersion: '1.33' }, nodeGroups: [{ name: 'ng-1' }] };
    const dir = path.join(work, 'deployed');
    mkdirSync(dir);
    const configFile = path.join(dir, 'nodegroup.json');
    writeFileSync(configFile, JSON.stringify(input));
    const printed = (await eksngCluster(configFile, path.join(dir, 'out'))).split('\n').find((l) => l.includes('aws cloudformation deploy'))!.trim();
    // Run the printed command itself, pointed at the emulator (moto_server's region is us-east-1).
    const args = printed.split(' ').slice(1);
    await awsRaw(moto, args.filter((a, i) => a !== '--region' && args[i - 1] !== '--region'));
    // moto gap: stacks made through change sets (deploy) have no Outputs; read the resources instead.
    const ids = await physicalIds(moto, clusterStackName('e2e-deployed'));
    const subnets = await aws<Json>(moto, ['ec2', 'describe-subnets', '--subnet-ids', ids.PublicSubnet01, ids.PublicSubnet02]);
    expect(subnets.Subnets.map((s: Json) => [s.VpcId, s.CidrBlock]).sort()).toEqual([
      [ids.VPC, '192.168.0.0/19'],
      [ids.VPC, '192.168.32.0/19'],
    ]);
    expect(Object.keys(ids).filter((id) => /Nat|Private/.test(id))).toEqual([]);
  }, 60_000);
});
