/**
 * The node security group and the six rules of the reference template (same descriptions), plus
 * SSH from `ssh.sourceCidr` when asked for. See https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
import SecurityGroup from 'cloudform-types/types/ec2/securityGroup';
import SecurityGroupIngress from 'cloudform-types/types/ec2/securityGroupIngress';
import SecurityGroupEgress from 'cloudform-types/types/ec2/securityGroupEgress';
import { Ref } from 'cloudform-types/types/functions';
import { NodeGroup } from '../config/types';
import { ownedTags } from './tags';
import { Params, Resources } from './logical-ids';

type SgResource = SecurityGroup | SecurityGroupIngress | SecurityGroupEgress;

const node = () => Ref(Resources.nodeSecurityGroup);
const controlPlane = () => Ref(Params.controlPlaneSecurityGroup);

export function buildSecurityGroups(ng: NodeGroup): Record<string, SgResource> {
  const resources: Record<string, SgResource> = {
    [Resources.nodeSecurityGroup]: new SecurityGroup({
      GroupDescription: 'Security group for all nodes in the cluster',
      VpcId: Ref(Params.vpcId),
      Tags: ownedTags('NodeSecurityGroup', ng.tags),
    }),
    [Resources.nodeToNodeIngress]: new SecurityGroupIngress({
      Description: 'Allow node to communicate with each other',
      GroupId: node(),
      SourceSecurityGroupId: node(),
      IpProtocol: '-1',
    }),
    [Resources.nodeToControlPlaneIngress]: new SecurityGroupIngress({
      Description: 'Allow pods to communicate with the cluster API Server',
      GroupId: controlPlane(),
      SourceSecurityGroupId: node(),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    }),
    [Resources.controlPlaneEgressToNode]: new SecurityGroupEgress({
      Description: 'Allow the cluster control plane to communicate with worker Kubelet and pods',
      GroupId: controlPlane(),
      DestinationSecurityGroupId: node(),
      IpProtocol: 'tcp',
      FromPort: 1025,
      ToPort: 65535,
    }),
    [Resources.controlPlaneEgressToNodeOn443]: new SecurityGroupEgress({
      Description: 'Allow the cluster control plane to communicate with pods running extension API servers on port 443',
      GroupId: controlPlane(),
      DestinationSecurityGroupId: node(),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    }),
    [Resources.controlPlaneToNodeIngress]: new SecurityGroupIngress({
      Description: 'Allow worker Kubelets and pods to receive communication from the cluster control plane',
      GroupId: node(),
      SourceSecurityGroupId: controlPlane(),
      IpProtocol: 'tcp',
      FromPort: 1025,
      ToPort: 65535,
    }),
    [Resources.controlPlaneToNodeOn443Ingress]: new SecurityGroupIngress({
      Description: 'Allow pods running extension API servers on port 443 to receive communication from cluster control plane',
      GroupId: node(),
      SourceSecurityGroupId: controlPlane(),
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    }),
  };
  if (ng.ssh) {
    resources[Resources.sshIngress] = new SecurityGroupIngress({
      Description: 'Allow SSH to the nodes from the configured CIDR',
      GroupId: node(),
      CidrIp: ng.ssh.sourceCidr,
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
    });
  }
  return resources;
}
