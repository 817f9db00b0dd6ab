/**
 * `AWS::EKS::Cluster` (with `cluster.create`). cloudform-types' class predates `AccessConfig`, so the
 * properties are extended here once.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-cluster.html
 */
import { secretsEncryption } from '../policy/profile';
import { ClusterProperties } from 'cloudform-types/types/eks/cluster';
import { ResourceBase } from 'cloudform-types/types/resource';
import { Value } from 'cloudform-types/types/dataTypes';
import { GetAtt, Ref } from 'cloudform-types/types/functions';
import { serviceCidrOfCreatedCluster } from '../config/network';
import { AuthenticationMode, Config } from '../config/types';
import { Params, Resources } from './logical-ids';
import { allSubnets } from './network';

export interface AccessConfig {
  AuthenticationMode?: Value<AuthenticationMode>;
  BootstrapClusterCreatorAdminPermissions?: Value<boolean>;
}

export interface EksClusterProperties extends ClusterProperties {
  AccessConfig?: AccessConfig;
}

export class EksCluster extends ResourceBase<EksClusterProperties> {
  constructor(properties: EksClusterProperties) {
    super('AWS::EKS::Cluster', properties);
  }
}

export function buildEksCluster(config: Config): Record<string, EksCluster> {
  if (!config.cluster.create) return {};
  const c = config.cluster;
  return {
    [Resources.cluster]: new EksCluster({
      Name: Ref(Params.clusterName),
      Version: Ref(Params.kubernetesVersion),
      RoleArn: GetAtt(Resources.clusterRole, 'Arn'),
      ResourcesVpcConfig: {
        // All subnets: EKS puts its control-plane interfaces in them, load balancers may use any.
        SubnetIds: allSubnets(config.network).map((s) => Ref(s)),
        SecurityGroupIds: [Ref(Resources.controlPlaneSecurityGroup)],
        EndpointPublicAccess: c.endpointPublicAccess,
        EndpointPrivateAccess: c.endpointPrivateAccess,
        ...(c.publicAccessCidrs === null ? {} : { PublicAccessCidrs: [...c.publicAccessCidrs] }),
      },
      // The mode the node-group templates of the same config are built for (access entries or not).
      AccessConfig: { AuthenticationMode: c.authenticationMode },
      // Always explicit: the nodes need it, and CloudFormation cannot read it back (see serviceCidrOfCreatedCluster).
      KubernetesNetworkConfig: { ServiceIpv4Cidr: serviceCidrOfCreatedCluster(c.serviceCidr, config.network) },
      ...(config.compliance !== null ? { EncryptionConfig: secretsEncryption() } : {}),
    }),
  };
}
