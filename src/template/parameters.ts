/**
 * Template parameters: what a console user may change at deploy time. Each carries the config's
 * value as its default, a label and group for the console, and constraints that keep every value
 * out of reach of shell or YAML injection in user data (the patterns exclude quotes, `$`, spaces
 * and newlines). A value the config leaves out stays a typed parameter without default.
 */
import { buildInterfaceMetadata as interfaceMetadata, parameterPattern, ParameterSpec as Spec, parameterSpec as spec, withDefault } from '../cfn/parameters';
import { Config, NodeGroup } from '../config/types';
import { dnsClusterIp } from '../config/cidr';
import { familyOf } from '../families';
import { ParamName, Params } from './logical-ids';

export type ParameterGroup = 'cluster' | 'node' | 'network';

export const PARAMETER_GROUP_LABELS: Record<ParameterGroup, string> = {
  cluster: 'EKS cluster',
  node: 'Worker node configuration',
  network: 'Worker network configuration',
};

export type ParameterSpec = Spec<ParameterGroup, ParamName>;

const pattern = parameterPattern;

/** The parameters of one node group's template, in console order. */
export function buildParameterSpecs(config: Config, ng: NodeGroup): ParameterSpec[] {
  const c = config.cluster;
  const specs: ParameterSpec[] = [
    spec(Params.clusterName, 'cluster', 'Cluster name', {
      Type: 'String',
      Description: 'The EKS cluster name. If it is wrong, nodes cannot join the cluster.',
      MinLength: 1,
      MaxLength: 100,
      ...pattern('clusterName'),
      Default: c.name,
    }, c.name),
    spec(Params.controlPlaneSecurityGroup, 'cluster', 'Control-plane security group', {
      Type: 'AWS::EC2::SecurityGroup::Id',
      Description: 'The security group of the cluster control plane.',
      ...withDefault(c.controlPlaneSecurityGroupId),
    }, c.controlPlaneSecurityGroupId),
  ];
  if (c.clusterSecurityGroupId !== null) {
    specs.push(spec(Params.clusterSecurityGroup, 'cluster', 'Cluster security group', {
      Type: 'AWS::EC2::SecurityGroup::Id',
      Description: 'The EKS cluster security group (aws eks describe-cluster --query cluster.resourcesVpcConfig.clusterSecurityGroupId): the nodes join it, to reach every other node group, managed nodes, Fargate pods and the control plane.',
      Default: c.clusterSecurityGroupId,
    }, c.clusterSecurityGroupId));
  }

  // The group's own subnets, else the cluster's.
  const subnets = ng.subnetIds ?? c.subnetIds;
  // What the node needs of the cluster depends on its family (families/*.ts).
  const needs = familyOf(ng).clusterInfo;
  if (needs.required || (c.endpoint !== null && c.certificateAuthorityData !== null)) {
    specs.push(
      spec(Params.apiServerEndpoint, 'cluster', 'API server endpoint', {
        Type: 'String',
        Description: 'aws eks describe-cluster --query cluster.endpoint',
        ...pattern('endpoint'),
        ...withDefault(c.endpoint),
      }, c.endpoint),
      spec(Params.certificateAuthorityData, 'cluster', 'Certificate authority data', {
        Type: 'String',
        Description: 'aws eks describe-cluster --query cluster.certificateAuthority.data',
        ...pattern('base64'),
        ...withDefault(c.certificateAuthorityData),
      }, c.certificateAuthorityData),
    );
  }
  const serviceCidr = spec(Params.serviceCidr, 'cluster', 'Service CIDR', {
    Type: 'String',
    Description: 'aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv4Cidr',
    ...pattern('ipv4Cidr'),
    ...withDefault(c.serviceCidr),
  }, c.serviceCidr);
  if (needs.serviceAddress === 'cidr') {
    specs.push(serviceCidr);
  } else if (c.serviceCidr !== null) {
    if (needs.serviceAddress === 'cidrAndDnsClusterIp') specs.push(serviceCidr);
    const ip = dnsClusterIp(c.serviceCidr);
    specs.push(spec(Params.dnsClusterIp, 'cluster', 'Cluster DNS IP', {
      Type: 'String',
      Description: 'IP of the cluster DNS service: the service CIDR with .10 as its last octet.',
      AllowedPattern: '^([0-9]{1,3}\\.){3}[0-9]{1,3}$',
      ConstraintDescription: 'must be an IPv4 address',
      Default: ip,
    }, ip));
  }

  specs.push(
    spec(Params.nodeGroupName, 'node', 'Node-group name', {
      Type: 'String',
      Description: 'Name of this node group; part of the nodes\' Name tag.',
      MinLength: 1,
      MaxLength: 63,
      ...pattern('clusterName'),
      Default: ng.name,
    }, ng.name),
    spec(Params.minSize, 'node', 'Minimum size', { Type: 'Number', Description: 'Minimum number of nodes.', MinValue: 0, Default: ng.minSize }, ng.minSize),
    spec(Params.desiredCapacity, 'node', 'Desired capacity', { Type: 'Number', Description: 'Number of nodes at creation.', MinValue: 0, Default: ng.desiredCapacity }, ng.desiredCapacity),
    spec(Params.maxSize, 'node', 'Maximum size', {
      Type: 'Number',
      Description: 'Maximum number of nodes; greater than the minimum size, so that a rolling update can add a node.',
      MinValue: 1,
      Default: ng.maxSize,
    }, ng.maxSize),
  );
  // Attribute-based selection names no type: the group's overrides choose them. Under the
  // compliance profile the type is written into the launch template instead (CT.EC2.PR.15).
  if (ng.instanceType !== null && config.compliance === null) {
    specs.push(spec(Params.instanceType, 'node', 'Instance type', {
      Type: 'String',
      // EFA: the network interfaces are laid out for these types' network cards (src/capacity/efa.ts).
      ...(ng.efa
        ? { Description: 'EC2 instance type of the nodes; the EFA interfaces are laid out for the network cards of these types.', AllowedValues: [...ng.instanceTypes] }
        : { Description: 'EC2 instance type of the nodes; keep the CPU architecture of the AMI.', ...pattern('instanceType') }),
      Default: ng.instanceType,
    }, ng.instanceType));
  }

  if (ng.ami.kind === 'ssm') {
    specs.push(
      spec(Params.imageIdSsmParam, 'node', 'AMI SSM parameter', {
        Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
        Description: 'SSM parameter holding the node AMI id.',
        Default: ng.ami.parameter,
      }, ng.ami.parameter),
      spec(Params.imageId, 'node', 'AMI id override', {
        Type: 'String',
        Description: '(Optional) An AMI id that overrides the SSM parameter above.',
        Default: '',
        ...pattern('imageId', true),
      }, null),
    );
  } else {
    specs.push(spec(Params.imageId, 'node', 'AMI id', { Type: 'AWS::EC2::Image::Id', Description: 'AMI id of the nodes.', Default: ng.ami.imageId }, ng.ami.imageId));
  }

  specs.push(spec(Params.volumeSize, 'node', 'Root volume size (GiB)', {
    Type: 'Number',
    Description: 'Root volume size in GiB (gp3, encrypted).',
    MinValue: 1,
    MaxValue: 16384,
    Default: ng.volumeSize,
  }, ng.volumeSize));

  if (ng.ssh) {
    specs.push(spec(Params.keyName, 'node', 'SSH key pair', {
      Type: 'AWS::EC2::KeyPair::KeyName',
      Description: 'EC2 key pair for SSH access to the nodes.',
      Default: ng.ssh.keyName,
    }, ng.ssh.keyName));
  }

  specs.push(
    spec(Params.vpcId, 'network', 'VPC', { Type: 'AWS::EC2::VPC::Id', Description: 'The VPC of the nodes.', ...withDefault(c.vpcId) }, c.vpcId),
    spec(Params.subnets, 'network', 'Subnets', {
      Type: 'List<AWS::EC2::Subnet::Id>',
      Description: 'The subnets the nodes run in; two or more in different AZs.',
      ...withDefault(subnets === null ? null : subnets.join(',')),
    }, subnets === null ? null : subnets.join(',')),
  );
  return specs;
}

/** `AWS::CloudFormation::Interface` metadata for the node-group template. */
export function buildInterfaceMetadata(specs: readonly ParameterSpec[]): object {
  return interfaceMetadata(PARAMETER_GROUP_LABELS, specs);
}

/** The config field behind each parameter a config may leave without a value. */
const CONFIG_FIELD: Partial<Record<ParamName, string>> = {
  [Params.controlPlaneSecurityGroup]: 'cluster.controlPlaneSecurityGroupId',
  [Params.vpcId]: 'cluster.vpcId',
  [Params.subnets]: 'cluster.subnetIds',
};

/** Parameters the config gives no value and the template no default: they must be given at deploy time. */
export function parametersWithoutValue(specs: readonly ParameterSpec[]): ParameterSpec[] {
  return specs.filter((s) => s.value === null && s.definition.Default === undefined);
}

/** parametersWithoutValue, as `Name (config field)` for messages. */
export function missingParameterValues(specs: readonly ParameterSpec[]): string[] {
  return parametersWithoutValue(specs).map((s) => (CONFIG_FIELD[s.name] ? `${s.name} (${CONFIG_FIELD[s.name]})` : s.name));
}
