/**
 * Partitions: which one a region is in, and principals and ARNs resolved by CloudFormation at
 * deploy time through `AWS::Partition`, so one template deploys in aws, aws-cn and aws-us-gov.
 */
import { FindInMap, Ref } from 'cloudform-types/types/functions';
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { sub } from './intrinsics';

import type { Partition } from '../config/types';

export type { Partition };

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The logical name of the partition mapping in a template that needs one. */
export const PARTITION_MAP = 'PartitionMap';

export const partitionMapping = {
  aws: { EC2ServicePrincipal: 'ec2.amazonaws.com' },
  'aws-cn': { EC2ServicePrincipal: 'ec2.amazonaws.com.cn' },
  'aws-us-gov': { EC2ServicePrincipal: 'ec2.amazonaws.com' },
} satisfies Record<Partition, object>;

export function ec2ServicePrincipal(): IntrinsicFunction {
  return FindInMap(PARTITION_MAP, Ref('AWS::Partition'), 'EC2ServicePrincipal');
}

export function awsManagedPolicyArn(name: string): IntrinsicFunction {
  return sub(`arn:\${AWS::Partition}:iam::aws:policy/${name}`);
}
