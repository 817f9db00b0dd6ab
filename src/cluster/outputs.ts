/**
 * Outputs under stable names (see logical-ids.ts) that `eksng generate --cluster-outputs` reads back
 * into the node-group config, and that a user reads for `aws eks create-cluster` when eksng does not
 * create the cluster.
 */
import Output from 'cloudform-types/types/output';
import { GetAtt, Join, Ref } from 'cloudform-types/types/functions';
import { serviceCidrOfCreatedCluster } from '../config/network';
import { Config } from '../config/types';
import { Outputs, Params, Resources } from './logical-ids';
import { availabilityZone, nodeSubnets, numbers } from './network';

const joined = (ids: readonly string[]) => Join(',', ids.map((id) => Ref(id)));
/**
 * The zones of the subnets 1..count, in the same order: AZ names differ between accounts, so the
 * stack reports its own, with the expression each subnet's AvailabilityZone is set from.
 */
const zones = (count: number) => Join(',', numbers(count).map(availabilityZone));

export function buildClusterOutputs(config: Config): Record<string, Output> {
  const n = config.network;
  const publicSubnets = numbers(n.publicSubnets).map(Resources.publicSubnet);
  const privateSubnets = numbers(n.privateSubnets).map(Resources.privateSubnet);
  const outputs: Record<string, Output> = {
    [Outputs.clusterName]: {
      Description: 'The EKS cluster name (cluster.name)',
      Value: config.cluster.create ? Ref(Resources.cluster) : Ref(Params.clusterName),
    },
    [Outputs.vpcId]: { Description: 'The VPC (cluster.vpcId)', Value: Ref(Resources.vpc) },
    [Outputs.subnetIds]: {
      Description: `The subnets for the nodes, comma-separated (cluster.subnetIds): the ${n.privateSubnets > 0 ? 'private' : 'public'} subnets`,
      Value: joined(nodeSubnets(n)),
    },
    [Outputs.publicSubnetIds]: { Description: 'The public subnets, comma-separated', Value: joined(publicSubnets) },
    [Outputs.publicSubnetZones]: { Description: 'The availability zone of each public subnet, in the same order', Value: zones(n.publicSubnets) },
    ...(n.privateSubnets > 0
      ? {
          [Outputs.privateSubnetIds]: { Description: 'The private subnets, comma-separated', Value: joined(privateSubnets) },
          [Outputs.privateSubnetZones]: { Description: 'The availability zone of each private subnet, in the same order', Value: zones(n.privateSubnets) },
        }
      : {}),
    [Outputs.controlPlaneSecurityGroupId]: {
      Description: 'The control-plane security group (cluster.controlPlaneSecurityGroupId)',
      Value: Ref(Resources.controlPlaneSecurityGroup),
    },
    [Outputs.clusterRoleArn]: { Description: 'The cluster IAM role ARN', Value: GetAtt(Resources.clusterRole, 'Arn') },
  };
  if (!config.cluster.create) return outputs;
  return {
    ...outputs,
    [Outputs.endpoint]: { Description: 'The API server endpoint (cluster.endpoint)', Value: GetAtt(Resources.cluster, 'Endpoint') },
    [Outputs.certificateAuthorityData]: {
      Description: 'The cluster CA, base64 (cluster.certificateAuthorityData)',
      Value: GetAtt(Resources.cluster, 'CertificateAuthorityData'),
    },
    // A literal: AWS::EKS::Cluster has no Fn::GetAtt for it, and the template sets it (eks-cluster.ts).
    [Outputs.serviceCidr]: {
      Description: 'The Kubernetes service CIDR (cluster.serviceCidr)',
      Value: serviceCidrOfCreatedCluster(config.cluster.serviceCidr, config.network),
    },
    [Outputs.clusterSecurityGroupId]: {
      Description: 'The security group EKS made for the cluster (cluster.clusterSecurityGroupId), which the nodes eksng makes join too',
      Value: GetAtt(Resources.cluster, 'ClusterSecurityGroupId'),
    },
  };
}
