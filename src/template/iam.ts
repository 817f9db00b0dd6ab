/** The node IAM role and its instance profile. */
import Role from 'cloudform-types/types/iam/role';
import InstanceProfile from 'cloudform-types/types/iam/instanceProfile';
import { GetAtt, Ref } from 'cloudform-types/types/functions';
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { shortened } from '../cfn/stack-names';
import { Config, NodeGroup } from '../config/types';
import { withoutIamPath } from '../aws-auth/arn';
import { Resources } from './logical-ids';
import { awsManagedPolicyArn, ec2ServicePrincipal } from '../cfn/partition';
import { optionalTags } from '../cfn/tags';
import { sub } from '../cfn/intrinsics';
import { addonInlinePolicies, addonManagedPolicies } from './addon-policies';

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
  return shortened(`${clusterName}-${nodeGroupName}-NodeRole`, IAM_ROLE_NAME_MAX);
}

/**
 * The node role's ARN as aws-auth maps it (without IAM path), when known before deployment: a
 * role the config brings, or the deterministic name when `cluster.accountId` is set.
 */
export function nodeRoleArn(config: Config, ng: NodeGroup): string | null {
  if (ng.iam.instanceRoleARN !== null) return withoutIamPath(ng.iam.instanceRoleARN);
  const { accountId, partition, name } = config.cluster;
  return accountId === null ? null : `arn:${partition}:iam::${accountId}:role/${nodeRoleName(name, ng.name)}`;
}

/** The node role's ARN in the template: the role the config brings, or the one the stack creates. */
export function roleArnValue(ng: NodeGroup): string | IntrinsicFunction {
  return ng.iam.instanceRoleARN ?? GetAtt(Resources.nodeInstanceRole, 'Arn');
}

/** The instance profile's ARN in the template: brought by the config, or created by the stack. */
export function instanceProfileArn(ng: NodeGroup): string | IntrinsicFunction {
  return ng.iam.instanceProfileARN ?? GetAtt(Resources.nodeInstanceProfile, 'Arn');
}

/** Which IAM resources the stack creates (none when the config brings role and profile). */
export function createsRole(ng: NodeGroup): boolean {
  return ng.iam.instanceRoleARN === null;
}

/** Whether `arn` is the AWS managed policy `name` (in any partition). */
export function isAwsManagedPolicy(arn: string, name: string): boolean {
  return /^arn:aws(-cn|-us-gov)?:iam::aws:policy\//.test(arn) && arn.slice(arn.indexOf(':policy/') + ':policy/'.length) === name;
}

/**
 * `updatePolicy.waitForNodes`: the nodes signal their own stack, and nothing else (the stack's ARN
 * with any id: `stack/<name>/*`).
 */
export const SIGNAL_POLICY = {
  PolicyName: 'eksng-signal-stack',
  PolicyDocument: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'cloudformation:SignalResource', Resource: sub('arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/${AWS::StackName}/*') }],
  } as Record<string, unknown>,
};

/** AmazonSSMManagedInstanceCore: SSM Session Manager instead of SSH (`iam.withSSM`). */
export const SSM_POLICY = 'AmazonSSMManagedInstanceCore';

export function buildIam(config: Config, ng: NodeGroup): Record<string, Role | InstanceProfile> {
  const resources: Record<string, Role | InstanceProfile> = {};
  if (createsRole(ng)) {
    const names = [...new Set([...NODE_MANAGED_POLICIES, ...(ng.iam.withSSM ? [SSM_POLICY] : []), ...addonManagedPolicies(ng)])];
    const required = names.map(awsManagedPolicyArn);
    // A policy the role always has, listed again (eksctl configs often list the defaults), would be a
    // duplicate in ManagedPolicyArns, which IAM refuses at deploy time: it is listed once.
    const extra = ng.iam.attachPolicyARNs.filter((arn) => !names.some((n) => isAwsManagedPolicy(arn, n)));
    const inline = [...addonInlinePolicies(config.cluster.name, ng), ...(ng.updatePolicy.waitForNodes ? [SIGNAL_POLICY] : [])];
    resources[Resources.nodeInstanceRole] = new Role({
      ...(config.cluster.accountId === null ? {} : { RoleName: nodeRoleName(config.cluster.name, ng.name) }),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: [ec2ServicePrincipal()] }, Action: ['sts:AssumeRole'] }],
      },
      ManagedPolicyArns: [...required, ...extra],
      ...(inline.length === 0 ? {} : { Policies: inline }),
      ...(ng.iam.permissionsBoundary === null ? {} : { PermissionsBoundary: ng.iam.permissionsBoundary }),
      Path: '/',
      ...optionalTags(ng.tags),
    });
  }
  if (ng.iam.instanceProfileARN === null) {
    // An instance profile names its role; a role the config brings is named by the last part of its ARN.
    const role = ng.iam.instanceRoleARN === null ? Ref(Resources.nodeInstanceRole) : ng.iam.instanceRoleARN.split('/').pop()!;
    resources[Resources.nodeInstanceProfile] = new InstanceProfile({ Path: '/', Roles: [role] });
  }
  return resources;
}
