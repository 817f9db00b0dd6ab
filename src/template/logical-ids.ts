/**
 * Logical ids, parameter, condition and output names. Where the reference template
 * (amazon-eks-nodegroup.yaml, 2022-05-09) has a name for the same thing we keep it, so console
 * users and existing automation recognise them.
 */
export const Resources = {
  nodeInstanceRole: 'NodeInstanceRole',
  nodeInstanceProfile: 'NodeInstanceProfile',
  nodeSecurityGroup: 'NodeSecurityGroup',
  nodeToNodeIngress: 'NodeSecurityGroupIngress',
  nodeToControlPlaneIngress: 'ClusterControlPlaneSecurityGroupIngress',
  controlPlaneEgressToNode: 'ControlPlaneEgressToNodeSecurityGroup',
  controlPlaneEgressToNodeOn443: 'ControlPlaneEgressToNodeSecurityGroupOn443',
  controlPlaneToNodeIngress: 'NodeSecurityGroupFromControlPlaneIngress',
  controlPlaneToNodeOn443Ingress: 'NodeSecurityGroupFromControlPlaneOn443Ingress',
  sshIngress: 'NodeSecurityGroupSshIngress',
  nodeLaunchTemplate: 'NodeLaunchTemplate',
  nodeGroup: 'NodeGroup',
  nodeAccessEntry: 'NodeAccessEntry',
  nodeTerminationHook: 'NodeTerminationLifecycleHook',
  nodePlacementGroup: 'NodePlacementGroup',
  efaSelfEgress: 'NodeSecurityGroupEfaEgress',
  nodeWarmPool: 'NodeWarmPool',
  capacityBlockStart: 'CapacityBlockStartAction',
  capacityBlockEnd: 'CapacityBlockEndAction',
} as const;

export const Params = {
  clusterName: 'ClusterName',
  controlPlaneSecurityGroup: 'ClusterControlPlaneSecurityGroup',
  clusterSecurityGroup: 'ClusterSecurityGroup',
  apiServerEndpoint: 'ApiServerEndpoint',
  certificateAuthorityData: 'CertificateAuthorityData',
  serviceCidr: 'ServiceCidr',
  dnsClusterIp: 'DnsClusterIp',
  nodeGroupName: 'NodeGroupName',
  minSize: 'NodeAutoScalingGroupMinSize',
  desiredCapacity: 'NodeAutoScalingGroupDesiredCapacity',
  maxSize: 'NodeAutoScalingGroupMaxSize',
  instanceType: 'NodeInstanceType',
  imageIdSsmParam: 'NodeImageIdSSMParam',
  imageId: 'NodeImageId',
  volumeSize: 'NodeVolumeSize',
  keyName: 'KeyName',
  vpcId: 'VpcId',
  subnets: 'Subnets',
} as const;
export type ParamName = (typeof Params)[keyof typeof Params];

export const Conditions = {
  hasNodeImageId: 'HasNodeImageId',
} as const;

export const Outputs = {
  nodeInstanceRole: 'NodeInstanceRole',
  nodeInstanceProfile: 'NodeInstanceProfile',
  nodeSecurityGroup: 'NodeSecurityGroup',
  nodeAutoScalingGroup: 'NodeAutoScalingGroup',
} as const;
