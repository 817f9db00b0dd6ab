/**
 * Tags the AWS cloud provider, the AWS Load Balancer Controller and the VPC CNI look for
 * (https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#network-requirements-subnets).
 */
import { ResourceTag } from 'cloudform-types/types/resource';
import { sub } from '../cfn/intrinsics';
import { Params } from './logical-ids';

/** `kubernetes.io/cluster/<name>` = `shared`: the VPC and subnets may be used by this cluster, and others. */
export const clusterSharedTag = () => new ResourceTag(sub(`kubernetes.io/cluster/\${${Params.clusterName}}`), SHARED);
export const SHARED = 'shared';
/** Where internet-facing load balancers go. */
export const PUBLIC_ELB_TAG = { key: 'kubernetes.io/role/elb', value: '1' } as const;
/** Where internal load balancers go. */
export const INTERNAL_ELB_TAG = { key: 'kubernetes.io/role/internal-elb', value: '1' } as const;

/** `Name` = `<cluster>-<what>`, so the console lists the resources by cluster. */
export const nameTag = (what: string) => new ResourceTag('Name', sub(`\${${Params.clusterName}}-${what}`));
