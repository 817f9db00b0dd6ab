/** The cluster IAM role: trusted by EKS, with the one managed policy a cluster needs. */
import { secretsKeyPolicy } from '../policy/profile';
import Role from 'cloudform-types/types/iam/role';
import { awsManagedPolicyArn } from '../cfn/partition';
import { Resources } from './logical-ids';
import { Config } from '../config/types';
import { familyOf } from '../families';

/**
 * https://docs.aws.amazon.com/eks/latest/userguide/cluster-iam-role.html. The walkthrough's
 * AmazonEKSServicePolicy has not been needed since April 2020 and is left out.
 */
export const CLUSTER_MANAGED_POLICIES = ['AmazonEKSClusterPolicy'] as const;
/** The same service principal in every partition (unlike EC2's in aws-cn). */
export const EKS_SERVICE_PRINCIPAL = 'eks.amazonaws.com';

/** Unnamed, so the stack needs only CAPABILITY_IAM; its ARN is an output. */
export function buildClusterRole(config: Config): Record<string, Role> {
  // Policies some node families need on the cluster role (Windows: the VPC resource controller's).
  const more = [...new Set(config.nodeGroups.flatMap((ng) => familyOf(ng).clusterSetup?.clusterRolePolicies ?? []))].sort();
  return {
    [Resources.clusterRole]: new Role({
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: [EKS_SERVICE_PRINCIPAL] }, Action: ['sts:AssumeRole'] }],
      },
      ManagedPolicyArns: [...CLUSTER_MANAGED_POLICIES, ...more].map(awsManagedPolicyArn),
      // The compliance profile's secrets key: EKS uses it through the cluster role.
      ...(config.compliance !== null && config.cluster.create ? { Policies: [secretsKeyPolicy()] } : {}),
      Path: '/',
    }),
  };
}
