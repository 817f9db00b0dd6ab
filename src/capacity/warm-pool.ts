/**
 * Warm pools: instances launched ahead, initialized, and kept Stopped, Running or Hibernated beside
 * the group, which scale-out draws on. The trap: a node that joins the cluster while being warmed
 * is registered, then stopped, and stays NotReady in the cluster. So the families that support a
 * pool hold the join until the group puts the instance in service, read from instance metadata
 * (`autoscaling/target-lifecycle-state`); the others refuse it, each with its reason (src/families).
 * Auto Scaling takes no warm pool with a mixed instances policy or spot instances.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html
 */
import WarmPool from 'cloudform-types/types/autoScaling/warmPool';
import { Ref } from 'cloudform-types/types/functions';
import type { At } from '../families/family';
import type { NodeGroup } from '../config/types';
import { error, note, Problem, warning } from '../problems';
import { Resources } from '../template/logical-ids';
import { instanceTypeInfo } from './instance-types';

/** Where the pool's lifecycle state is read (IMDSv2); the script below polls it. */
export const TARGET_LIFECYCLE_STATE = '/latest/meta-data/autoscaling/target-lifecycle-state';

/**
 * The shell part that holds the join: it returns once the instance's target lifecycle state is
 * not `Warmed:*` (in service, or an instance outside any group: 404). On AmazonLinux2023 nodeadm
 * joins in nodeadm-run.service, ordered after cloud-final.service (awslabs/amazon-eks-ami
 * templates/al2023/runtime/rootfs/etc/systemd/system/nodeadm-run.service at 81fec2e), which waits
 * for this script; a pooled instance is stopped before it returns, and cloud-init does not run user
 * data scripts again on the next boot, so that boot (in service) joins at once. Written with no
 * config value in it. The IMDS address and the interval are the first lines after the comments, so
 * that tests can point the script at a local server.
 */
export const WARM_POOL_GATE: readonly string[] = [
  '#!/bin/bash',
  '# eksng: join the cluster only once the Auto Scaling group puts this instance in service (warm pool).',
  'set -o nounset',
  'imds=http://169.254.169.254',
  'interval=5',
  'said=',
  'while true; do',
  `  if token=$(curl -sf --max-time 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$imds/latest/api/token") &&`,
  `    response=$(curl -s --max-time 2 -w '\\n%{http_code}' -H "X-aws-ec2-metadata-token: $token" "$imds${TARGET_LIFECYCLE_STATE}"); then`,
  `    code=\${response##*$'\\n'}`,
  `    state=\${response%$'\\n'*}`,
  '    case "$code:$state" in',
  '      200:Warmed:*) [ -n "$said" ] || echo "eksng: $state in the warm pool; the node joins when put in service"; said=1 ;;',
  '      200:* | 404:*) exit 0 ;;',
  '    esac',
  '  fi',
  '  sleep "$interval"',
  'done',
];

export function warmPoolResources(ng: NodeGroup): Record<string, WarmPool> {
  const w = ng.warmPool;
  if (!w) return {};
  return {
    [Resources.nodeWarmPool]: new WarmPool({
      AutoScalingGroupName: Ref(Resources.nodeGroup),
      MinSize: w.minSize,
      ...(w.maxGroupPreparedCapacity === null ? {} : { MaxGroupPreparedCapacity: w.maxGroupPreparedCapacity }),
      PoolState: w.poolState,
      InstanceReusePolicy: { ReuseOnScaleIn: w.reuseOnScaleIn },
    }),
  };
}

/** Hibernation must be configured on the launch template for a Hibernated pool. */
export const launchTemplateHibernation = (ng: NodeGroup): Record<string, unknown> =>
  ng.warmPool?.poolState === 'Hibernated' ? { HibernationOptions: { Configured: true } } : {};

/** EC2 hibernates instances with less than 150 GiB of memory only. */
export const HIBERNATION_MAX_MEMORY_MIB = 150 * 1024;

function checkHibernation(ng: NodeGroup, at: At, rootSnapshotGiB: number): Problem[] {
  const problems: Problem[] = [];
  if (!ng.volumeEncrypted) problems.push(error('rule.warm-pool-hibernation', at('volumeEncrypted'), 'must be true for a Hibernated warm pool: EC2 hibernates only instances whose root volume is encrypted'));
  for (const type of ng.instanceTypes) {
    const info = instanceTypeInfo(type);
    if (!info) {
      problems.push(warning('rule.warm-pool-hibernation', at('instanceType'), `${type} is not in eksng's instance-type data: check that it supports hibernation and that volumeSize holds its memory`));
      continue;
    }
    if (info.memoryMiB >= HIBERNATION_MAX_MEMORY_MIB) {
      problems.push(error('rule.warm-pool-hibernation', at('instanceType'), `${type} has ${info.memoryMiB / 1024} GiB of memory; EC2 hibernates only instances with less than 150 GiB: use poolState "Stopped"`));
    } else {
      const needed = Math.ceil(info.memoryMiB / 1024) + rootSnapshotGiB;
      if (ng.volumeSize < needed) problems.push(error('rule.warm-pool-hibernation', at('volumeSize'), `must be at least ${needed} GiB for a Hibernated pool of ${type}: the root volume holds the ${info.memoryMiB / 1024} GiB of memory besides the AMI's ${rootSnapshotGiB} GiB, got ${ng.volumeSize}`));
    }
  }
  return problems;
}

/** `refusal`: the family's reason it cannot hold the join (null: it can). */
export function checkWarmPool(ng: NodeGroup, at: At, refusal: string | null, rootSnapshotGiB: number): Problem[] {
  const w = ng.warmPool;
  if (!w) return [];
  const pool = (...rest: string[]) => at('warmPool', ...rest);
  if (refusal !== null) return [error('rule.warm-pool-family', pool(), `is not available for ${ng.amiFamily}: ${refusal}`)];
  const problems: Problem[] = [];
  if (ng.distribution) {
    const where = ng.instanceRequirements ? at('instanceRequirements') : ng.spot && ng.instanceTypes.length === 1 ? at('spot') : at('instancesDistribution');
    problems.push(error('rule.warm-pool-market', where, 'cannot be used with a warm pool: Auto Scaling takes no warm pool on a group with a mixed instances policy or spot instances (PutWarmPool); make a separate on-demand group of one instance type for the pool'));
  }
  if (ng.capacityBlock) problems.push(error('rule.warm-pool-market', at('capacityBlock'), 'cannot be used with a warm pool: a Capacity Block\'s instances run only while it is active'));
  if (ng.updatePolicy.waitForNodes) {
    problems.push(error('rule.warm-pool-signal', at('updatePolicy', 'waitForNodes'), 'cannot be used with a warm pool: an instance from the pool runs no user data when put in service, so it would never signal'));
  }
  if (w.maxGroupPreparedCapacity !== null && w.maxGroupPreparedCapacity < w.minSize) {
    problems.push(error('rule.warm-pool-size', pool('maxGroupPreparedCapacity'), `must be at least warmPool.minSize (${w.minSize}), got ${w.maxGroupPreparedCapacity}`));
  }
  if (w.poolState === 'Hibernated') problems.push(...checkHibernation(ng, at, rootSnapshotGiB));
  if (w.reuseOnScaleIn) {
    problems.push(note('rule.warm-pool-reuse', pool('reuseOnScaleIn'), 'returns nodes that already joined to the pool: each stays in the cluster as NotReady while stopped, and becomes Ready when put back in service'));
  }
  return problems;
}
