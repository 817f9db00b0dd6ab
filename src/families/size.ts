/**
 * EC2 takes at most 16 KB of user data, in raw form, before base64
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html); more and
 * the launch fails, long after the stack was accepted. Measured on the user data as the node gets
 * it: the family's rendering with the config's cluster values substituted, as CloudFormation does.
 */
import { dnsClusterIp } from '../config/cidr';
import type { Config, NodeGroup } from '../config/types';
import { error, Problem } from '../problems';
import { Params } from '../template/logical-ids';
import type { At } from './family';
import { familyOf } from '.';

export const EC2_USER_DATA_MAX_BYTES = 16 * 1024;

/** The user data after the deploy-time substitution, with the config's values for the parameters. */
export function substitutedUserData(config: Config, ng: NodeGroup): string {
  const c = config.cluster;
  const values: Record<string, string> = {
    [Params.clusterName]: c.name,
    [Params.nodeGroupName]: ng.name,
    [Params.apiServerEndpoint]: c.endpoint ?? '',
    [Params.certificateAuthorityData]: c.certificateAuthorityData ?? '',
    [Params.serviceCidr]: c.serviceCidr ?? '',
    [Params.dnsClusterIp]: c.serviceCidr === null ? '' : dnsClusterIp(c.serviceCidr),
  };
  return familyOf(ng)
    .renderUserData(c, ng)
    .replace(/\$\{([A-Za-z0-9:]+)\}/g, (whole, name: string) => values[name] ?? whole)
    .split('${!')
    .join('${');
}

export function checkUserDataSize(config: Config, ng: NodeGroup, at: At): Problem[] {
  const size = Buffer.byteLength(substitutedUserData(config, ng), 'utf8');
  if (size <= EC2_USER_DATA_MAX_BYTES) return [];
  const bytes = (v: unknown) => (v === null ? 0 : Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v), 'utf8'));
  const parts: Array<[string, number]> = [
    ['cluster.certificateAuthorityData', bytes(config.cluster.certificateAuthorityData)],
    ['preBootstrapCommands', ng.preBootstrapCommands.reduce((n, l) => n + bytes(l) + 1, 0)],
    ['kubeletExtraConfig', bytes(ng.kubeletExtraConfig)],
    ['labels and taints', bytes(ng.labels) + bytes(ng.taints)],
    ['bottlerocket.settings', bytes(ng.bottlerocketSettings)],
  ];
  const largest = parts.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([what, n]) => `${what}: ${n} bytes`);
  return [error('rule.user-data-size', at(), `would give each node ${size} bytes of user data; EC2 takes at most ${EC2_USER_DATA_MAX_BYTES} and the launch would fail (largest parts: ${largest.join(', ')}); shorten them (e.g. fetch a script from S3 in one preBootstrapCommands line)`)];
}
