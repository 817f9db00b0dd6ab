/**
 * The Auto Scaling group. Rolling updates replace one node at a time and keep at least the
 * group's minimum in service (CloudFormation requires MinInstancesInService < MaxSize, which the
 * config check enforces).
 */
import AutoScalingGroup from 'cloudform-types/types/autoScaling/autoScalingGroup';
import { GetAtt, Ref } from 'cloudform-types/types/functions';
import { NodeGroup } from '../config/types';
import { clusterOwnedTagKey, OWNED, sub } from './intrinsics';
import { Params, Resources } from './logical-ids';

export const SPOT_ALLOCATION_STRATEGY = 'price-capacity-optimized';
export const ROLLING_UPDATE = { MaxBatchSize: 1, PauseTime: 'PT5M' } as const;

export function buildAutoScalingGroup(ng: NodeGroup): Record<string, AutoScalingGroup> {
  const launchTemplate = {
    LaunchTemplateId: Ref(Resources.nodeLaunchTemplate),
    Version: GetAtt(Resources.nodeLaunchTemplate, 'LatestVersionNumber'),
  };
  const asg = new AutoScalingGroup({
    MinSize: Ref(Params.minSize),
    DesiredCapacity: Ref(Params.desiredCapacity),
    MaxSize: Ref(Params.maxSize),
    VPCZoneIdentifier: Ref(Params.subnets),
    ...(ng.spot
      ? {
          MixedInstancesPolicy: {
            LaunchTemplate: { LaunchTemplateSpecification: launchTemplate },
            InstancesDistribution: {
              OnDemandBaseCapacity: 0,
              OnDemandPercentageAboveBaseCapacity: 0,
              SpotAllocationStrategy: SPOT_ALLOCATION_STRATEGY,
            },
          },
        }
      : { LaunchTemplate: launchTemplate }),
    Tags: [
      { Key: 'Name', Value: sub(`\${${Params.clusterName}}-\${${Params.nodeGroupName}}-Node`), PropagateAtLaunch: true },
      { Key: clusterOwnedTagKey, Value: OWNED, PropagateAtLaunch: true },
    ],
  }).updatePolicy({
    AutoScalingRollingUpdate: {
      MaxBatchSize: ROLLING_UPDATE.MaxBatchSize,
      MinInstancesInService: Ref(Params.minSize),
      PauseTime: ROLLING_UPDATE.PauseTime,
    },
  });
  return { [Resources.nodeGroup]: asg };
}
