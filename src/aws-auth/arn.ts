/**
 * Role ARNs for aws-auth. The authenticator matches `rolearn` without the IAM path, and an
 * instance-profile ARN never matches: both are the classic reasons nodes never join.
 */
import { Partition } from '../config/types';

/** A role ARN without its IAM path: `…:role/team/x/NodeRole` → `…:role/NodeRole`, the form aws-auth matches. */
export function withoutIamPath(roleArn: string): string {
  return roleArn.replace(/:role\/(?:.*\/)?([^/]+)$/, ':role/$1');
}

export type RoleArnResult =
  | { readonly ok: true; readonly arn: string; readonly strippedPath: string | null }
  | { readonly ok: false; readonly message: string };

const ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):(role|instance-profile)\/(.+)$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Checks a role ARN and returns it without its IAM path. */
export function normalizeRoleArn(input: string, partition: Partition): RoleArnResult {
  const m = ARN.exec(input);
  if (!m) {
    return { ok: false, message: `must be an IAM role ARN like "arn:${partition}:iam::111122223333:role/NodeRole", got "${input}"` };
  }
  const [, arnPartition, account, kind, pathAndName] = m;
  if (kind === 'instance-profile') {
    return {
      ok: false,
      message: `is an instance-profile ARN; aws-auth needs the role ARN (the stack output NodeInstanceRole, or: aws iam get-instance-profile --instance-profile-name ${pathAndName.split('/').pop()} --query "InstanceProfile.Roles[0].Arn")`,
    };
  }
  if (arnPartition !== partition) {
    return { ok: false, message: `is in partition "${arnPartition}" but the cluster's region is in "${partition}"` };
  }
  const parts = pathAndName.split('/');
  const name = parts[parts.length - 1];
  if (!ROLE_NAME.test(name) || parts.slice(0, -1).some((p) => p === '')) {
    return { ok: false, message: `has an invalid role name or path: "${pathAndName}"` };
  }
  const arn = `arn:${arnPartition}:iam::${account}:role/${name}`;
  return { ok: true, arn, strippedPath: parts.length > 1 ? `/${parts.slice(0, -1).join('/')}/` : null };
}
