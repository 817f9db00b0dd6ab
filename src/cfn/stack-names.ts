import { createHash } from 'crypto';

/**
 * Stack names eksng suggests, for every stack it writes: CloudFormation allows letters, digits and
 * "-", starting with a letter, at most 128 characters (longer names are cut and end in a hash of the
 * whole name). Node-group stacks are
 * `eksng-<cluster>-<nodegroup>`, the cluster stack `eksng-<cluster>-cluster`.
 */
export function stackName(clusterName: string, suffix: string): string {
  const full = `eksng-${clusterName}-${suffix}`.replace(/_/g, '-');
  return shortened(full, STACK_NAME_MAX);
}

/** CloudFormation's limit on stack names. */
export const STACK_NAME_MAX = 128;

/**
 * A name cut to `max` characters, with a hash of the whole name at its end when it had to be cut,
 * so that names that differ only past the cut stay different (and stable from run to run).
 */
export function shortened(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/** The suffix of the cluster stack; a node group of this name is refused (see checkClusterStackName). */
export const CLUSTER_STACK_SUFFIX = 'cluster';

export const nodeGroupStackName = (clusterName: string, nodeGroup: string): string => stackName(clusterName, nodeGroup);
export const clusterStackName = (clusterName: string): string => stackName(clusterName, CLUSTER_STACK_SUFFIX);
