/**
 * Capacity for large and accelerated workloads, one module: what each feature adds to a node
 * group's launch template, Auto Scaling group and template, and its rules. The families declare
 * what their node agents do with it (`AmiFamilyModule.capacity`) and render it into user data.
 */
import type { Config, ConfigInput, NodeGroup } from '../config/types';
import { familyOf } from '../families';
import type { At } from '../families/family';
import { error, pointer, Problem } from '../problems';
import { DEFAULTS } from '../config/defaults';
import { checkEfa, EFA_DEVICE_PLUGIN as EFA_DEVICE_PLUGIN_TEXT, EFA_ONLY_NEEDS as EFA_ONLY_TEXT, efaInterfaceCount as efaInterfaceCountOf, efaResources, launchTemplatePlacement } from './efa';
import { checkLocalStorage } from './local-storage';
import { instanceRequirementsProperty, checkInstanceRequirements } from './requirements';
import { blockScheduledActions, checkCapacityBlock, checkCapacityReservation, groupReservation, launchTemplateReservation } from './reservations';
import { checkWarmPool, launchTemplateHibernation, warmPoolResources } from './warm-pool';

export { efaNetworkInterfaces, EFA_DEVICE_PLUGIN, EFA_ONLY_NEEDS } from './efa';
export { hasScheduledSizes } from './reservations';

/** Launch template data the features add: placement, reservations or a Capacity Block, hibernation. */
export function launchTemplateCapacity(ng: NodeGroup): Record<string, unknown> {
  return { ...launchTemplatePlacement(ng), ...launchTemplateReservation(ng), ...launchTemplateHibernation(ng) };
}

/** Auto Scaling group properties the features add (the reservation preference and targets). */
export const autoScalingGroupCapacity = (ng: NodeGroup): Record<string, unknown> => groupReservation(ng);

/** The mixed-instances overrides: one per named type, or the attribute-based requirements. */
export function mixedInstancesOverrides(ng: NodeGroup): Record<string, unknown> {
  if (ng.instanceRequirements) return { Overrides: [{ InstanceRequirements: instanceRequirementsProperty(ng.instanceRequirements) }] };
  // One type: the launch template's. Several: each, in the order given.
  return ng.instanceTypes.length > 1 ? { Overrides: ng.instanceTypes.map((InstanceType) => ({ InstanceType })) } : {};
}

/** Resources of their own: placement group and EFA egress rule, warm pool, the Capacity Block's scheduled actions. */
export function capacityResources(ng: NodeGroup): Record<string, unknown> {
  return { ...efaResources(ng), ...warmPoolResources(ng), ...blockScheduledActions(ng) };
}

/** The first AMI release with nodeadm's maxPodsExpression (contract/nodeadm-v1alpha1.json maxPodsExpressionSince). */
export const MAX_PODS_EXPRESSION_SINCE = 'v20251007';

/** Rules on what the user wrote (before defaults hide who set what). */
export function checkCapacityInput(input: ConfigInput): Problem[] {
  return input.nodeGroups.flatMap((ng, i) => {
    const at: At = (...rest) => pointer('nodeGroups', i, ...rest);
    return [
      ...checkInstanceRequirements(ng, at),
      ...(ng.maxPodsExpression !== undefined && ng.maxPodsPerNode !== undefined
        ? [error('rule.max-pods-expression', at('maxPodsExpression'), 'cannot be given with maxPodsPerNode, which is one number for every node: keep one')]
        : []),
    ];
  });
}

/** Rules on the resolved group, with what its family's node agent supports. */
export function checkCapacity(config: Config, ng: NodeGroup, at: At): Problem[] {
  const support = familyOf(ng).capacity;
  const problems: Problem[] = [
    ...checkCapacityReservation(ng, at),
    ...checkCapacityBlock(config.cluster, ng, at),
    ...checkLocalStorage(ng, at, support.localStorage),
    ...checkWarmPool(ng, at, support.warmPoolRefusal, DEFAULTS.eksAmiRootSnapshotGiB),
  ];
  const d = ng.distribution;
  if (d && ng.terminationHandling.enabled && d.onDemandPercentageAboveBaseCapacity < 100 && !d.capacityRebalance) {
    problems.push(error('rule.rebalance-with-termination-handling', at('instancesDistribution', 'capacityRebalance'), 'is false while terminationHandling is on: the handler (queue mode) drains a spot node at its rebalance recommendation, and without CapacityRebalance the group starts no replacement, so the drained node idles until its interruption; set capacityRebalance true, or terminationHandling.enabled false'));
  }
  if (ng.efa) {
    problems.push(...(support.efaRefusal === null ? checkEfa(config.cluster, ng, at) : [error('rule.efa-family', at('efa'), `is not available for ${ng.amiFamily}: ${support.efaRefusal}`)]));
  }
  if (ng.maxPodsExpression !== null) {
    if (support.maxPodsExpressionRefusal !== null) problems.push(error('rule.max-pods-expression', at('maxPodsExpression'), `is not available for ${ng.amiFamily}: ${support.maxPodsExpressionRefusal}`));
    else if (ng.ami.kind === 'ssm' && ng.ami.release !== null && ng.ami.release < MAX_PODS_EXPRESSION_SINCE) {
      problems.push(error('rule.max-pods-expression', at('maxPodsExpression'), `needs AMI release ${MAX_PODS_EXPRESSION_SINCE} or newer (nodeadm added it then, and an older one drops it silently), but amiRelease is ${ng.ami.release}`));
    }
  }
  return problems;
}

const span = (r: { min: number | null; max: number | null }, unit: string) =>
  r.max === null ? `≥ ${r.min ?? 0} ${unit}` : r.min === null || r.min === r.max ? `≤ ${r.max} ${unit}` : `${r.min}–${r.max} ${unit}`;

/** The group's instance types in words: the names (each through `name`, e.g. as Markdown code), or what instanceRequirements asks for. */
export function describeInstances(ng: NodeGroup, name: (type: string) => string = (type) => type): string {
  const r = ng.instanceRequirements;
  if (!r) return ng.instanceTypes.map(name).join(', ');
  const accelerators = r.acceleratorCount.max === 0 ? 'no accelerators' : `${span(r.acceleratorCount, 'accelerators')}${r.acceleratorManufacturers.length ? ` (${r.acceleratorManufacturers.join(', ')})` : ''}`;
  return `any ${r.instanceGenerations.join(' or ')}-generation type with ${span(r.vCpu, 'vCPUs')}, ${span(r.memoryMiB, 'MiB')}, ${r.cpuManufacturers.join('/')} CPUs, ${accelerators}`;
}

/** Explain's table rows for the capacity features the group uses. */
export function explainCapacity(ng: NodeGroup): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const c = ng.capacityReservation;
  if (c) rows.push(['capacity reservation', `${c.preference}${[...c.ids, ...c.resourceGroupArns].length ? `: ${[...c.ids, ...c.resourceGroupArns].map((x) => `\`${x}\``).join(', ')}` : ''}`]);
  const b = ng.capacityBlock;
  if (b) {
    const schedule = [b.startTime ? `${b.nodes} nodes at ${b.startTime}` : null, b.endTime ? `0 at ${b.endTime} less 30 minutes` : null].filter(Boolean).join(', ');
    rows.push(['Capacity Block', `\`${b.reservationId}\` (market type capacity-block); the group starts empty${schedule ? `; scheduled: ${schedule}` : '; scale it while the block is active'}`]);
  }
  if (ng.efa) {
    const n = efaInterfaceCountOf(ng);
    rows.push(['EFA', `${n ?? '?'} interface${n === 1 ? '' : 's'} (one per network card${ng.efa.secondaryInterfaceType === 'efa-only' ? '; efa-only after the first' : ''}) in ${ng.efa.placementGroup ? `placement group \`${ng.efa.placementGroup}\`` : 'a cluster placement group of its own'}; **${EFA_DEVICE_PLUGIN_TEXT}**${ng.efa.secondaryInterfaceType === 'efa-only' ? `; ${EFA_ONLY_TEXT}` : ''}`]);
  }
  const w = ng.warmPool;
  if (w) rows.push(['warm pool', `${w.poolState}, at least ${w.minSize}${w.maxGroupPreparedCapacity === null ? '' : `, group and pool at most ${w.maxGroupPreparedCapacity}`}${w.reuseOnScaleIn ? ', reused on scale-in' : ''}; nodes join the cluster only when put in service`]);
  if (ng.localStorage) rows.push(['instance store', `NVMe disks assembled as ${ng.localStorage} by the node agent`]);
  if (ng.maxPodsExpression) rows.push(['max pods', `per instance type: \`${ng.maxPodsExpression}\``]);
  return rows;
}
