/**
 * The launch template (launch configurations are unavailable to new accounts since 2024-10-01).
 * Secure by default: IMDSv2 required with hop limit 2 (1 breaks pods that call IMDS, such as the
 * AWS Load Balancer Controller), encrypted gp3 root volume, no key pair unless `ssh` is set; each
 * of these can be changed in the config, and the unsafe choices are warned about.
 */
import LaunchTemplate from 'cloudform-types/types/ec2/launchTemplate';
import { Base64, If, Ref } from 'cloudform-types/types/functions';
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { Config, NodeGroup } from '../config/types';
import { ownedTags, sub } from './intrinsics';
import { Conditions, Params, Resources } from './logical-ids';
import { buildUserData } from './user-data';
import { instanceProfileArn } from './iam';

/** Root device of the EKS-optimized Amazon Linux AMIs. */
export const ROOT_DEVICE_NAME = '/dev/xvda';
/** Bottlerocket keeps its OS on /dev/xvda and containers and logs on this data volume. */
export const BOTTLEROCKET_DATA_DEVICE_NAME = '/dev/xvdb';
/**
 * Bottlerocket's OS volume: its image is 2 GiB; sized explicitly (with room) so that the
 * mapping stands on its own — EC2 fills a missing size from the AMI, but not every consumer does.
 */
export const BOTTLEROCKET_OS_VOLUME_GIB = 4;

function ebs(ng: NodeGroup, size: IntrinsicFunction | number) {
  return {
    VolumeSize: size,
    VolumeType: ng.volumeType,
    ...(ng.volumeIOPS === null ? {} : { Iops: ng.volumeIOPS }),
    ...(ng.volumeThroughput === null ? {} : { Throughput: ng.volumeThroughput }),
    Encrypted: ng.volumeEncrypted,
    ...(ng.volumeKmsKeyID === null ? {} : { KmsKeyId: ng.volumeKmsKeyID }),
    DeleteOnTermination: true,
  };
}

/** The configured volume is the root volume, or on Bottlerocket the data volume (its OS volume is small and fixed). */
function blockDevices(ng: NodeGroup) {
  if (ng.amiFamily === 'Bottlerocket') {
    return [
      // The OS volume: small gp3, encrypted like the data volume; IOPS and throughput settings are for the data.
      { DeviceName: ROOT_DEVICE_NAME, Ebs: ebs({ ...ng, volumeType: 'gp3', volumeIOPS: null, volumeThroughput: null }, BOTTLEROCKET_OS_VOLUME_GIB) },
      { DeviceName: BOTTLEROCKET_DATA_DEVICE_NAME, Ebs: ebs(ng, Ref(Params.volumeSize)) },
    ];
  }
  return [{ DeviceName: ROOT_DEVICE_NAME, Ebs: ebs(ng, Ref(Params.volumeSize)) }];
}

export function buildLaunchTemplate(config: Config, ng: NodeGroup): Record<string, LaunchTemplate> {
  const imageId =
    ng.ami.kind === 'ssm' ? If(Conditions.hasNodeImageId, Ref(Params.imageId), Ref(Params.imageIdSsmParam)) : Ref(Params.imageId);
  const tags = ownedTags('Node', ng.tags);
  return {
    [Resources.nodeLaunchTemplate]: new LaunchTemplate({
      LaunchTemplateData: {
        ImageId: imageId,
        InstanceType: Ref(Params.instanceType),
        IamInstanceProfile: { Arn: instanceProfileArn(ng) },
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
        BlockDeviceMappings: blockDevices(ng),
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: ng.disableIMDSv1 ? 'required' : 'optional', HttpPutResponseHopLimit: ng.instanceMetadataHopLimit },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: tags },
          { ResourceType: 'volume', Tags: tags },
        ],
        UserData: Base64(sub(buildUserData(config, ng))),
      },
    }),
  };
}
