/**
 * The control-plane security group of the walkthrough ("EKS control plane security group"):
 * attached to the cluster's network interfaces, it allows all traffic from itself. The node-group
 * templates add their rules to it (tcp 443 in from the nodes, 443 and 1025-65535 out to them).
 * It carries no `kubernetes.io/cluster/<name>` tag on purpose: the load-balancer controllers use
 * that tag to pick *the* security group of a node's interface, and the nodes' own group has it.
 */
import SecurityGroup from 'cloudform-types/types/ec2/securityGroup';
import SecurityGroupIngress from 'cloudform-types/types/ec2/securityGroupIngress';
import { Ref } from 'cloudform-types/types/functions';
import { Resources } from './logical-ids';
import { nameTag } from './tags';

export function buildControlPlaneSecurityGroup(): Record<string, SecurityGroup | SecurityGroupIngress> {
  const self = () => Ref(Resources.controlPlaneSecurityGroup);
  return {
    [Resources.controlPlaneSecurityGroup]: new SecurityGroup({
      GroupDescription: 'Cluster communication with worker nodes',
      VpcId: Ref(Resources.vpc),
      Tags: [nameTag(Resources.controlPlaneSecurityGroup)],
    }),
    // A separate resource: a group cannot name itself in its own inline rules.
    [Resources.controlPlaneSelfIngress]: new SecurityGroupIngress({
      Description: 'Allow all traffic from the control-plane security group itself',
      GroupId: self(),
      SourceSecurityGroupId: self(),
      IpProtocol: '-1',
    }),
  };
}
