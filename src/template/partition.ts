/**
 * Principals and ARNs per partition, resolved by CloudFormation at deploy time through
 * `AWS::Partition`, so one template deploys in aws, aws-cn and aws-us-gov.
 */
import { FindInMap, Ref } from 'cloudform-types/types/functions';
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { Mappings } from './logical-ids';
import { sub } from './intrinsics';

export const partitionMapping = {
  aws: { EC2ServicePrincipal: 'ec2.amazonaws.com' },
  'aws-cn': { EC2ServicePrincipal: 'ec2.amazonaws.com.cn' },
  'aws-us-gov': { EC2ServicePrincipal: 'ec2.amazonaws.com' },
};

export function ec2ServicePrincipal(): IntrinsicFunction {
  return FindInMap(Mappings.partition, Ref('AWS::Partition'), 'EC2ServicePrincipal');
}

export function awsManagedPolicyArn(name: string): IntrinsicFunction {
  return sub(`arn:\${AWS::Partition}:iam::aws:policy/${name}`);
}
