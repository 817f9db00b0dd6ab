/** The node IAM role and its instance profile. */
import Role from 'cloudform-types/types/iam/role';
import InstanceProfile from 'cloudform-types/types/iam/instanceProfile';
import { Ref } from 'cloudform-types/types/functions';
import { createHash } from 'crypto';
import { Config, NodeGroup } from '../config/types';
import { Resources } from './logical-ids';
import { awsManagedPolicyArn, ec2ServicePrincipal } from './partition';

/**
 * The managed policies every node role needs (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html).
 * Without the CNI policy nodes stay NotReady; without the ECR policy they cannot pull system images.
 */
export const NODE_MANAGED_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'] as const;

const IAM_ROLE_NAME_MAX = 64;

/**
 * The deterministic role name used when `cluster.accountId` is set, so the role ARN — and the
 * aws-auth entry — are known before deployment. Names over IAM's 64 characters are shortened
 * with a hash of the full name, so they stay unique and stable.
 */
export function nodeRoleName(clusterName: string, nodeGroupName: string): string {
  const full = `${clusterName}-${nodeGroupName}-NodeRole`;
  if (full.length <= IAM_ROLE_NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, IAM_ROLE_NAME_MAX - hash.length - 1)}-${hash}`;
}

export function nodeRoleArn(config: Config, ng: NodeGroup): string | null {
  const { accountId, partition, name } = config.cluster;
  return accountId === null ? null : `arn:${partition}:iam::${accountId}:role/${nodeRoleName(name, ng.name)}`;
}

export function buildIam(config: Config, ng: NodeGroup): Record<string, Role | InstanceProfile> {
  const role = new Role({
    ...(config.cluster.accountId === null ? {} : { RoleName: nodeRoleName(config.cluster.name, ng.name) }),
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: [ec2ServicePrincipal()] }, Action: ['sts:AssumeRole'] }],
    },
    ManagedPolicyArns: NODE_MANAGED_POLICIES.map(awsManagedPolicyArn),
    Path: '/',
  });
  const profile = new InstanceProfile({ Path: '/', Roles: [Ref(Resources.nodeInstanceRole)] });
  return { [Resources.nodeInstanceRole]: role, [Resources.nodeInstanceProfile]: profile };
}
