/**
 * Logical ids, parameter and output names of the cluster template. Resources and parameters keep
 * the names of AWS's sample EKS VPC templates (amazon-eks-vpc-private-subnets.yaml: `VPC`,
 * `PublicSubnet01`, `NatGateway01`, `ControlPlaneSecurityGroup`, `VpcBlock`, `PublicSubnet01Block` …),
 * so that console users and existing automation recognise them. Output names are a contract with
 * `eksng generate --cluster-outputs` (see stack-outputs.ts): renaming one breaks deployed stacks.
 */

/** `01`, `02`, `03`: the sample templates' numbering, one per AZ. */
const nth = (n: number) => String(n).padStart(2, '0');

export const Resources = {
  vpc: 'VPC',
  internetGateway: 'InternetGateway',
  gatewayAttachment: 'VPCGatewayAttachment',
  publicRouteTable: 'PublicRouteTable',
  publicRoute: 'PublicRoute',
  publicSubnet: (n: number) => `PublicSubnet${nth(n)}`,
  publicSubnetRouteTableAssociation: (n: number) => `PublicSubnet${nth(n)}RouteTableAssociation`,
  natGatewayEip: (n: number) => `NatGatewayEIP${nth(n)}`,
  natGateway: (n: number) => `NatGateway${nth(n)}`,
  privateRouteTable: (n: number) => `PrivateRouteTable${nth(n)}`,
  privateRoute: (n: number) => `PrivateRoute${nth(n)}`,
  privateSubnet: (n: number) => `PrivateSubnet${nth(n)}`,
  privateSubnetRouteTableAssociation: (n: number) => `PrivateSubnet${nth(n)}RouteTableAssociation`,
  controlPlaneSecurityGroup: 'ControlPlaneSecurityGroup',
  controlPlaneSelfIngress: 'ControlPlaneSecurityGroupSelfIngress',
  clusterRole: 'ClusterRole',
  cluster: 'Cluster',
} as const;

export const Params = {
  clusterName: 'ClusterName',
  kubernetesVersion: 'KubernetesVersion',
  vpcBlock: 'VpcBlock',
  publicSubnetBlock: (n: number) => `PublicSubnet${nth(n)}Block`,
  privateSubnetBlock: (n: number) => `PrivateSubnet${nth(n)}Block`,
} as const;

export const Outputs = {
  vpcId: 'VpcId',
  /** The subnets for the nodes: the private ones when there are any, else the public ones. */
  subnetIds: 'SubnetIds',
  publicSubnetIds: 'PublicSubnetIds',
  privateSubnetIds: 'PrivateSubnetIds',
  /** The availability zone of each public subnet, in the order of PublicSubnetIds (node groups' `availabilityZones`). */
  publicSubnetZones: 'PublicSubnetZones',
  /** The availability zone of each private subnet, in the order of PrivateSubnetIds. */
  privateSubnetZones: 'PrivateSubnetZones',
  controlPlaneSecurityGroupId: 'ControlPlaneSecurityGroupId',
  clusterRoleArn: 'ClusterRoleArn',
  clusterName: 'ClusterName',
  endpoint: 'Endpoint',
  certificateAuthorityData: 'CertificateAuthorityData',
  serviceCidr: 'ServiceCidr',
  clusterSecurityGroupId: 'ClusterSecurityGroupId',
} as const;
export type OutputName = (typeof Outputs)[keyof typeof Outputs];
