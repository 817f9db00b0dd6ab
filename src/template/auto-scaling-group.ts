/**
 * The Auto Scaling group. Rolling updates follow `updatePolicy`: by default one node at a time,
 * keeping the group's minimum in service (one fewer in a fixed-size group: CloudFormation requires
 * MinInstancesInService < MaxSize, which the config check enforces), two minutes between batches.
 */
import AutoScalingGroup from 'cloudform-types/types/autoScaling/autoScalingGroup';
import { GetAtt, Ref } from 'cloudform-types/types/functions';
import { Config, NodeGroup } from '../config/types';
import { sub, subRef } from '../cfn/intrinsics';
import { clusterOwnedTagKey, nameTagValue, OWNED } from './tags';
import { Params, Resources } from './logical-ids';
import { managedTag } from '../termination/node-group';
import { autoScalingGroupCapacity, hasScheduledSizes, mixedInstancesOverrides } from '../capacity';

/** The processes AWS recommends suspending during a rolling update (`updatePolicy.suspendProcesses`). */
export const SUSPENDED_DURING_UPDATE = ['HealthCheck', 'ReplaceUnhealthy', 'AZRebalance', 'AlarmNotification', 'ScheduledActions'] as const;

/** Tags the cluster-autoscaler discovers groups by, and node-template tags so it can scale a group from zero. */
export function autoscalerTags(ng: NodeGroup) {
  return [
    { Key: 'k8s.io/cluster-autoscaler/enabled', Value: 'true', PropagateAtLaunch: false },
    { Key: sub(`k8s.io/cluster-autoscaler/${subRef(Params.clusterName)}`), Value: OWNED, PropagateAtLaunch: false },
    ...Object.entries(ng.labels).map(([k, v]) => ({ Key: `k8s.io/cluster-autoscaler/node-template/label/${k}`, Value: v, PropagateAtLaunch: false })),
    ...ng.taints.map((t) => ({ Key: `k8s.io/cluster-autoscaler/node-template/taint/${t.key}`, Value: `${t.value}:${t.effect}`, PropagateAtLaunch: false })),
  ];
}

export function buildAutoScalingGroup(config: Config, ng: NodeGroup): Record<string, AutoScalingGroup> {
  const launchTemplate = {
    LaunchTemplateId: Ref(Resources.nodeLaunchTemplate),
    Version: GetAtt(Resources.nodeLaunchTemplate, 'LatestVersionNumber'),
  };
  const d = ng.distribution;
  const asg = new AutoScalingGroup({
    MinSize: Ref(Params.minSize),
    DesiredCapacity: Ref(Params.desiredCapacity),
    MaxSize: Ref(Params.maxSize),
    VPCZoneIdentifier: Ref(Params.subnets),
    // The compliance profile: the subnets' zones, so that Control Tower's CT.AUTOSCALING.PR.1 sees several.
    ...(config.compliance && ng.availabilityZones ? { AvailabilityZones: [...ng.availabilityZones] } : {}),
    ...(d
      ? {
          MixedInstancesPolicy: {
            LaunchTemplate: { LaunchTemplateSpecification: launchTemplate, ...mixedInstancesOverrides(ng) },
            InstancesDistribution: {
              // Attribute-based selection takes no priority order: the cheapest matching on-demand types.
              ...(ng.instanceRequirements ? { OnDemandAllocationStrategy: 'lowest-price' } : {}),
              OnDemandBaseCapacity: d.onDemandBaseCapacity,
              OnDemandPercentageAboveBaseCapacity: d.onDemandPercentageAboveBaseCapacity,
              SpotAllocationStrategy: d.spotAllocationStrategy,
              ...(d.maxPrice === null ? {} : { SpotMaxPrice: String(d.maxPrice) }),
            },
          },
          ...(d.capacityRebalance ? { CapacityRebalance: true } : {}),
        }
      : { LaunchTemplate: launchTemplate }),
    ...autoScalingGroupCapacity(ng),
    Tags: [
      { Key: 'Name', Value: nameTagValue('Node'), PropagateAtLaunch: true },
      { Key: clusterOwnedTagKey, Value: OWNED, PropagateAtLaunch: true },
      ...Object.entries(ng.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
      ...(ng.clusterAutoscaler ? autoscalerTags(ng) : []),
      ...managedTag(config.cluster.name, ng),
    ],
  }).updatePolicy({
    AutoScalingRollingUpdate: {
      MaxBatchSize: ng.updatePolicy.maxBatchSize,
      MinInstancesInService: ng.updatePolicy.minInstancesInService === 'minSize' ? Ref(Params.minSize) : ng.updatePolicy.minInstancesInService,
      PauseTime: ng.updatePolicy.pauseTime,
      ...(ng.updatePolicy.suspendProcesses ? { SuspendProcesses: [...SUSPENDED_DURING_UPDATE] } : {}),
      // The new nodes signal once their kubelet is healthy (the families' user data); PauseTime is the wait.
      ...(ng.updatePolicy.waitForNodes ? { WaitOnResourceSignals: true } : {}),
    },
    // With the cluster-autoscaler, a stack update must not reset the desired capacity it set:
    // CloudFormation then changes MinSize, MaxSize and DesiredCapacity only when the template's
    // values change, not to undo what changed them at run time.
    // Likewise for the scheduled actions of a Capacity Block, which change the size at its start and end.
    ...(ng.clusterAutoscaler || hasScheduledSizes(ng) ? { AutoScalingScheduledAction: { IgnoreUnmodifiedGroupSizeProperties: true } } : {}),
  });
  // The compliance profile writes the zones in on purpose (CT.AUTOSCALING.PR.1 must see them): cfn-lint's
  // advice against hard-coded zones (W3010) is switched off for this resource only, where a reviewer sees it.
  if (config.compliance && ng.availabilityZones) asg.Metadata = { 'cfn-lint': { config: { ignore_checks: ['W3010'] } } };
  // Creation waits for the same signals: as many as the group starts with.
  if (ng.updatePolicy.waitForNodes) asg.creationPolicy({ ResourceSignal: { Count: Ref(Params.desiredCapacity), Timeout: ng.updatePolicy.pauseTime } });
  return { [Resources.nodeGroup]: asg };
}
