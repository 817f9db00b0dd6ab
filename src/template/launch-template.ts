/**
 * The launch template (launch configurations are unavailable to new accounts since 2024-10-01).
 * Secure by default: IMDSv2 required with hop limit 2 (1 breaks pods that call IMDS, such as the
 * AWS Load Balancer Controller), encrypted gp3 root volume, no key pair unless `ssh` is set.
 */
import LaunchTemplate from 'cloudform-types/types/ec2/launchTemplate';
import { Base64, GetAtt, If, Ref } from 'cloudform-types/types/functions';
import { Config, NodeGroup } from '../config/types';
import { ownedTags, sub } from './intrinsics';
import { Conditions, Params, Resources } from './logical-ids';
import { buildUserData } from './user-data';

/** Root device of the EKS-optimized Amazon Linux AMIs. */
export const ROOT_DEVICE_NAME = '/dev/xvda';
export const IMDS_HOP_LIMIT = 2;

export function buildLaunchTemplate(config: Config, ng: NodeGroup): Record<string, LaunchTemplate> {
  const imageId =
    ng.ami.kind === 'ssm' ? If(Conditions.hasNodeImageId, Ref(Params.imageId), Ref(Params.imageIdSsmParam)) : Ref(Params.imageId);
  const tags = ownedTags('Node');
  return {
    [Resources.nodeLaunchTemplate]: new LaunchTemplate({
      LaunchTemplateData: {
        ImageId: imageId,
        InstanceType: Ref(Params.instanceType),
        IamInstanceProfile: { Arn: GetAtt(Resources.nodeInstanceProfile, 'Arn') },
        ...(ng.ssh ? { KeyName: Ref(Params.keyName) } : {}),
        // An explicit interface so that associatePublicIpAddress false really means no public IP,
        // whatever the subnet's own setting.
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            AssociatePublicIpAddress: ng.associatePublicIpAddress,
            Groups: [Ref(Resources.nodeSecurityGroup)],
            DeleteOnTermination: true,
          },
        ],
        BlockDeviceMappings: [
          {
            DeviceName: ROOT_DEVICE_NAME,
            Ebs: { VolumeSize: Ref(Params.volumeSize), VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
          },
        ],
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: IMDS_HOP_LIMIT },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: tags },
          { ResourceType: 'volume', Tags: tags },
        ],
        UserData: Base64(sub(buildUserData(config, ng))),
      },
    }),
  };
}
