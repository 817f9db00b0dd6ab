/** Names derived from the config that several outputs print. */
import { Config } from './config/types';

/** The stack name eksng suggests: CloudFormation allows letters, digits and "-", starting with a letter, at most 128 characters. */
export function stackName(config: Config, nodeGroup: string): string {
  return `eksng-${config.cluster.name}-${nodeGroup}`.replace(/_/g, '-').slice(0, 128);
}
