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
import { sub } from '../cfn/intrinsics';
import { familyOf } from '../families';
import { BlockDevice } from '../families/family';
import { Conditions, Params, Resources } from './logical-ids';
import { instanceProfileArn } from './iam';
import { ownedTags } from './tags';
import { efaNetworkInterfaces, launchTemplateCapacity } from '../capacity';

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

/**
 * The family's devices: the configured volume (root, or a data volume) sized by `NodeVolumeSize`,
 * and an OS volume where the family has one (gp3 of a fixed size, encrypted like the rest; IOPS
 * and throughput settings are for the configured volume).
 */
function blockDevices(ng: NodeGroup) {
  return familyOf(ng).blockDevices(ng).map((d: BlockDevice) =>
    d.kind === 'config'
      ? { DeviceName: d.deviceName, Ebs: ebs(ng, Ref(Params.volumeSize)) }
      : { DeviceName: d.deviceName, Ebs: ebs({ ...ng, volumeType: 'gp3', volumeIOPS: null, volumeThroughput: null }, d.sizeGiB ?? 0) },
  );
}

export function buildLaunchTemplate(config: Config, ng: NodeGroup): Record<string, LaunchTemplate> {
  const imageId =
    ng.ami.kind === 'ssm' ? If(Conditions.hasNodeImageId, Ref(Params.imageId), Ref(Params.imageIdSsmParam)) : Ref(Params.imageId);
  const tags = ownedTags('Node', ng.tags);
  // With the EKS cluster security group, as managed nodes have it: all traffic with every other node group and the control plane.
  const groups = [Ref(Resources.nodeSecurityGroup), ...(config.cluster.clusterSecurityGroupId === null ? [] : [Ref(Params.clusterSecurityGroup)])];
  return {
    [Resources.nodeLaunchTemplate]: new LaunchTemplate({
      LaunchTemplateData: {
        ImageId: imageId,
        // Attribute-based selection: the group's overrides choose the types. Under the compliance
        // profile the type is written in, so that Control Tower's CT.EC2.PR.15 can see it is Nitro.
        ...(ng.instanceType === null ? {} : { InstanceType: config.compliance ? ng.instanceType : Ref(Params.instanceType) }),
        // CT.EC2.PR.10: detailed (1-minute) CloudWatch monitoring.
        ...(config.compliance ? { Monitoring: { Enabled: true } } : {}),
        IamInstanceProfile: { Arn: instanceProfileArn(ng) },
        ...(ng.ssh ? { KeyName: Ref(Params.keyName) } : {}),
        // An explicit interface so that associatePublicIpAddress false really means no public IP,
        // whatever the subnet's own setting; left out, the subnet decides (MapPublicIpOnLaunch).
        // EFA: an interface per network card (src/capacity/efa.ts).
        NetworkInterfaces: efaNetworkInterfaces(ng, groups) ?? [
          {
            DeviceIndex: 0,
            ...(ng.associatePublicIpAddress === null ? {} : { AssociatePublicIpAddress: ng.associatePublicIpAddress }),
            Groups: groups,
            DeleteOnTermination: true,
          },
        ],
        ...launchTemplateCapacity(ng),
        BlockDeviceMappings: blockDevices(ng),
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: ng.disableIMDSv1 ? 'required' : 'optional', HttpPutResponseHopLimit: ng.instanceMetadataHopLimit },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: tags },
          { ResourceType: 'volume', Tags: tags },
        ],
        UserData: Base64(sub(familyOf(ng).renderUserData(config.cluster, ng))),
      },
    }),
  };
}
