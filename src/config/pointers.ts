/** Where in the user's file a resolved node group's value came from, for checks that only see the resolved group. */
import type { NodeGroup } from './types';

type At = (...path: Array<string | number>) => string;

/** The j-th instance type: an entry of instancesDistribution.instanceTypes when the group lists several, else instanceType. */
export const instanceTypeAt = (ng: NodeGroup, j: number, at: At): string => (ng.instanceTypes.length > 1 ? at('instancesDistribution', 'instanceTypes', j) : at('instanceType'));
