/** The rules of termination handling, pointers into the user's file. */
import type { Config } from '../config/types';
import { error, note, pointer, Problem, warning } from '../problems';
import { TERMINATION_STACK_SUFFIX, terminationStackName, usesTerminationHandling, writesTerminationStack } from './stack';

export function checkTerminationHandling(config: Config): Problem[] {
  const problems: Problem[] = [];
  const c = config.cluster;
  const arn = c.terminationQueueArn;
  if (arn !== null) {
    const at = pointer('cluster', 'terminationQueueArn');
    const [, partition, , region] = arn.split(':');
    if (partition !== c.partition) problems.push(error('rule.arn-partition', at, `is in partition "${partition}", but region ${c.region} is in "${c.partition}"`));
    else if (region !== c.region) {
      problems.push(error('rule.termination-queue-region', at, `is in region ${region}, but the cluster is in ${c.region}: EventBridge rules deliver only to a queue in their own region, so the handler would never hear of this cluster's terminations; use a queue in ${c.region}, or leave it out for eksng's own`));
    }
    if (!usesTerminationHandling(config)) problems.push(note('rule.termination-queue-unused', at, 'is not used: no node group has termination handling'));
  }
  const writesStack = writesTerminationStack(config);
  config.nodeGroups.forEach((ng, i) => {
    const spot = ng.distribution !== null && ng.distribution.onDemandPercentageAboveBaseCapacity < 100;
    // Off for a spot group can only be the config's choice (the default is on).
    if (spot && !ng.terminationHandling.enabled) {
      problems.push(warning('rule.spot-without-termination-handling', pointer('nodeGroups', i, 'terminationHandling', 'enabled'), 'is false on a group with spot capacity: at a spot interruption (two minutes\' notice) its pods are killed without being drained'));
    }
    if (writesStack && ng.name.replace(/_/g, '-').toLowerCase() === TERMINATION_STACK_SUFFIX) {
      problems.push(error('rule.stack-name', pointer('nodeGroups', i, 'name'), `"${ng.name}" would give this node group's stack the name of the termination handler's stack ${terminationStackName(c.name)}, and deploying one would replace the other; rename the node group`));
    }
  });
  return problems;
}
