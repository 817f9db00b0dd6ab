/**
 * What a node group with termination handling carries itself: a lifecycle hook that holds each
 * terminating instance until aws-node-termination-handler has drained it, and the tag the handler
 * recognises the group's instances by. The queue, rules and policy are the cluster's, once
 * (stack.ts); CapacityRebalance on spot groups is set where the group is resolved.
 */
import LifecycleHook from 'cloudform-types/types/autoScaling/lifecycleHook';
import { Ref } from 'cloudform-types/types/functions';
import type { NodeGroup } from '../config/types';
import { Resources } from '../template/logical-ids';
import { managedTagKey } from './data';

/** The hook's transition: instances the group terminates (scale-in, rebalancing, rolling updates, spot replacement). */
export const TERMINATING = 'autoscaling:EC2_INSTANCE_TERMINATING';

/**
 * Its own resource rather than the group's `LifecycleHookSpecificationList`: deleting the stack then
 * deletes the hook before the group, so the group's instances terminate without waiting for a
 * handler that may already be gone. CONTINUE: if the handler never answers, termination proceeds
 * after the heartbeat timeout.
 */
export function buildLifecycleHook(ng: NodeGroup): Record<string, LifecycleHook> {
  if (!ng.terminationHandling.enabled) return {};
  return {
    [Resources.nodeTerminationHook]: new LifecycleHook({
      AutoScalingGroupName: Ref(Resources.nodeGroup),
      LifecycleTransition: TERMINATING,
      HeartbeatTimeout: ng.terminationHandling.heartbeatTimeout,
      DefaultResult: 'CONTINUE',
    }),
  };
}

/**
 * The group's tag that tells the cluster's handler to act on its instances (it ignores others:
 * checkTagBeforeDraining), propagated to the instances, whose own tags the handler reads.
 */
export function managedTag(clusterName: string, ng: NodeGroup): Array<{ Key: string; Value: string; PropagateAtLaunch: boolean }> {
  return ng.terminationHandling.enabled ? [{ Key: managedTagKey(clusterName), Value: 'true', PropagateAtLaunch: true }] : [];
}
