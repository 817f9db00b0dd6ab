/** Outputs the next steps need: the role ARN for aws-auth, the profile, the SG, the ASG. */
import Output from 'cloudform-types/types/output';
import { Ref } from 'cloudform-types/types/functions';
import { NodeGroup } from '../config/types';
import { instanceProfileArn, roleArnValue } from './iam';
import { Outputs, Resources } from './logical-ids';

export function buildNodeGroupOutputs(ng: NodeGroup): Record<string, Output> {
  return {
    [Outputs.nodeInstanceRole]: { Description: 'The node instance role ARN (map it in aws-auth)', Value: roleArnValue(ng) },
    [Outputs.nodeInstanceProfile]: { Description: 'The node instance profile ARN', Value: instanceProfileArn(ng) },
    [Outputs.nodeSecurityGroup]: { Description: 'The security group for the node group', Value: Ref(Resources.nodeSecurityGroup) },
    [Outputs.nodeAutoScalingGroup]: { Description: 'The autoscaling group', Value: Ref(Resources.nodeGroup) },
  };
}
