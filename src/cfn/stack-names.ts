/**
 * Stack names eksng suggests, for every stack it writes: CloudFormation allows letters, digits and
 * "-", starting with a letter, at most 128 characters. Node-group stacks are
 * `eksng-<cluster>-<nodegroup>`, the cluster stack `eksng-<cluster>-cluster`.
 */
export function stackName(clusterName: string, suffix: string): string {
  return `eksng-${clusterName}-${suffix}`.replace(/_/g, '-').slice(0, 128);
}

/** The suffix of the cluster stack; a node group of this name is refused (see checkClusterStackName). */
export const CLUSTER_STACK_SUFFIX = 'cluster';

export const nodeGroupStackName = (clusterName: string, nodeGroup: string): string => stackName(clusterName, nodeGroup);
export const clusterStackName = (clusterName: string): string => stackName(clusterName, CLUSTER_STACK_SUFFIX);
