/**
 * Reserved capacity. On-Demand Capacity Reservations: the targeted preferences and their targets go
 * on the Auto Scaling group (it takes several ids or resource groups, and `capacity-reservations-first`,
 * which a launch template cannot); `open` and `none` on the launch template, so an instance launched
 * from it outside the group behaves the same (`none` on the group too, overriding its default).
 * Capacity Blocks for ML: the launch template's market type `capacity-block` and the block's
 * reservation; the group starts empty and scheduled actions scale it with the block.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/use-capacity-reservations.html
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-blocks-using.html
 */
import ScheduledAction from 'cloudform-types/types/autoScaling/scheduledAction';
import { Ref } from 'cloudform-types/types/functions';
import type { At } from '../families/family';
import type { Cluster, NodeGroup } from '../config/types';
import { error, note, Problem, warning } from '../problems';
import { Resources } from '../template/logical-ids';
import type { CapacityBlock } from './types';

/** EC2 starts terminating a Capacity Block's instances 30 minutes before the block ends. */
export const BLOCK_END_MARGIN_MINUTES = 30;

export function launchTemplateReservation(ng: NodeGroup): Record<string, unknown> {
  if (ng.capacityBlock) {
    return {
      InstanceMarketOptions: { MarketType: 'capacity-block' },
      CapacityReservationSpecification: { CapacityReservationTarget: { CapacityReservationId: ng.capacityBlock.reservationId } },
    };
  }
  const c = ng.capacityReservation;
  if (c && (c.preference === 'open' || c.preference === 'none')) return { CapacityReservationSpecification: { CapacityReservationPreference: c.preference } };
  return {};
}

export function groupReservation(ng: NodeGroup): Record<string, unknown> {
  const c = ng.capacityReservation;
  if (!c || c.preference === 'open') return {};
  if (c.preference === 'none') return { CapacityReservationSpecification: { CapacityReservationPreference: 'none' } };
  return {
    CapacityReservationSpecification: {
      CapacityReservationPreference: c.preference,
      CapacityReservationTarget: c.ids.length > 0 ? { CapacityReservationIds: [...c.ids] } : { CapacityReservationResourceGroupArns: [...c.resourceGroupArns] },
    },
  };
}

/** A time in the config's form, `2026-12-14T11:30:00Z`. */
const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** `2026-12-14T11:30:00Z` less the margin, in the same form. */
export function scaleDownTime(endTime: string): string {
  return utc(Date.parse(endTime) - BLOCK_END_MARGIN_MINUTES * 60_000);
}

/** The scheduled actions of a Capacity Block with dates: up at its start, to zero before its end. */
export function blockScheduledActions(ng: NodeGroup): Record<string, ScheduledAction> {
  const b = ng.capacityBlock;
  if (!b) return {};
  const group = Ref(Resources.nodeGroup);
  return {
    ...(b.startTime === null ? {} : { [Resources.capacityBlockStart]: new ScheduledAction({ AutoScalingGroupName: group, StartTime: b.startTime, DesiredCapacity: b.nodes }) }),
    ...(b.endTime === null ? {} : { [Resources.capacityBlockEnd]: new ScheduledAction({ AutoScalingGroupName: group, StartTime: scaleDownTime(b.endTime), MinSize: 0, DesiredCapacity: 0 }) }),
  };
}

/** Whether scheduled actions change the group's size (stack updates must then leave the size alone). */
export const hasScheduledSizes = (ng: NodeGroup): boolean => ng.capacityBlock !== null && (ng.capacityBlock.startTime !== null || ng.capacityBlock.endTime !== null);

/** How many subnets the group runs in; null: a template parameter without default decides. */
export function subnetCount(cluster: Cluster, ng: NodeGroup): number | null {
  return (ng.subnetIds ?? cluster.subnetIds)?.length ?? null;
}

/** One AZ: a Capacity Block, a cluster placement group. Pointer to where the subnets are set. */
export function checkOneSubnet(cluster: Cluster, ng: NodeGroup, at: At, what: string): Problem[] {
  const n = subnetCount(cluster, ng);
  if (n === 1) return [];
  const where = ng.subnetIds ? at('subnetIds') : at();
  return [
    error(
      'rule.one-subnet',
      where,
      n === null
        ? `needs subnetIds with one subnet: ${what} is in one availability zone, and the group's subnets would otherwise be a template parameter eksng cannot check`
        : `has ${n} subnets (${ng.subnetIds ? 'subnetIds' : 'cluster.subnetIds'}), but ${what} is in one availability zone: give the group subnetIds with the one subnet in that zone (or availabilityZones with one zone and --cluster-outputs)`,
    ),
  ];
}

export function checkCapacityReservation(ng: NodeGroup, at: At): Problem[] {
  const c = ng.capacityReservation;
  if (!c) return [];
  const here = (...rest: string[]) => at('capacityReservation', ...rest);
  const problems: Problem[] = [];
  const targets = c.ids.length + c.resourceGroupArns.length;
  const targeted = c.preference === 'capacity-reservations-only' || c.preference === 'capacity-reservations-first';
  if (c.ids.length > 0 && c.resourceGroupArns.length > 0) {
    problems.push(error('rule.reservation-targets', here('resourceGroupArns'), 'cannot be given with ids: target reservations or resource groups, not both'));
  }
  if (targeted && targets === 0) {
    problems.push(error('rule.reservation-targets', here(), `needs ids or resourceGroupArns with preference "${c.preference}": the reservations to launch into`));
  }
  if (!targeted && targets > 0) {
    problems.push(error('rule.reservation-targets', here(c.ids.length > 0 ? 'ids' : 'resourceGroupArns'), `cannot be given with preference "${c.preference}" (AWS takes targets only with capacity-reservations-only or capacity-reservations-first)`));
  }
  if (ng.capacityBlock) problems.push(error('rule.reservation-and-block', here(), 'cannot be given with capacityBlock, which is a reservation of its own'));
  if (ng.spot) {
    problems.push(error('rule.reservation-and-spot', here(), 'reserves on-demand capacity, but every instance of this group is spot: leave one out'));
  } else if (ng.distribution && ng.distribution.onDemandPercentageAboveBaseCapacity < 100) {
    problems.push(note('rule.reservation-and-spot', here(), 'applies to the group\'s on-demand instances only; its spot instances never use a reservation'));
  }
  return problems;
}

function checkBlockTimes(b: CapacityBlock, at: At): Problem[] {
  // The pattern lets through days a month does not have (2027-02-30), which Date.parse rolls over into the next month.
  const real = (t: string) => !Number.isNaN(Date.parse(t)) && utc(Date.parse(t)) === t;
  const invalid = (['startTime', 'endTime'] as const).filter((k) => b[k] !== null && !real(b[k]!));
  if (invalid.length > 0) return invalid.map((k) => error('rule.capacity-block-times', at('capacityBlock', k), `is not a date: "${b[k]}" (a UTC time like "2026-12-14T11:30:00Z")`));
  if (b.startTime === null || b.endTime === null) return [];
  const start = Date.parse(b.startTime);
  const end = Date.parse(b.endTime);
  return end - start <= BLOCK_END_MARGIN_MINUTES * 60_000
    ? [error('rule.capacity-block-times', at('capacityBlock', 'endTime'), `must be more than ${BLOCK_END_MARGIN_MINUTES} minutes after startTime (${b.startTime}): the group scales to 0 that long before the end`)]
    : [];
}

export function checkCapacityBlock(cluster: Cluster, ng: NodeGroup, at: At): Problem[] {
  const b = ng.capacityBlock;
  if (!b) return [];
  const problems: Problem[] = [...checkOneSubnet(cluster, ng, at, 'a Capacity Block'), ...checkBlockTimes(b, at)];
  const block = (...rest: string[]) => at('capacityBlock', ...rest);
  if (ng.minSize !== 0) problems.push(error('rule.capacity-block-size', at('minSize'), `must be 0 with capacityBlock, got ${ng.minSize}: the block's instances can launch only while it is active${b.startTime ? '; the start action scales the group up' : ''}`));
  if (ng.desiredCapacity !== 0) problems.push(error('rule.capacity-block-size', at('desiredCapacity'), `must be 0 with capacityBlock, got ${ng.desiredCapacity}: until the block starts, no instance can launch and the stack would wait for them${b.startTime ? '' : '; set capacityBlock.startTime to scale up then, or raise it by hand'}`));
  if (b.nodes > ng.maxSize) problems.push(error('rule.capacity-block-size', block('nodes'), `must be at most maxSize (${ng.maxSize}), got ${b.nodes}`));
  if (ng.distribution) problems.push(error('rule.capacity-block-market', ng.instanceRequirements ? at('instanceRequirements') : ng.spot ? at('spot') : at('instancesDistribution'), 'cannot be used with capacityBlock: a block is one instance type, on its own market (capacity-block), neither spot nor mixed'));
  if (ng.accelerator === 'none' && ng.instanceType !== null) {
    problems.push(warning('rule.capacity-block-type', at('instanceType'), `is ${ng.instanceType}: Capacity Blocks are offered for GPU and Trainium types; the block's instance type must be the group's`));
  }
  return problems;
}
