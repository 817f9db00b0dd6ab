/**
 * Bottlerocket: TOML settings for its API (https://bottlerocket.dev/en/os/latest/#/api/settings/kubernetes/),
 * applied at boot by early-boot-config; no shell. The OS lives on a small volume of its own and
 * containers and logs on a data volume, which the group's volume settings size.
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { error, Problem } from '../problems';
import { Params } from '../template/logical-ids';
import type { AmiFamilyModule, At, BlockDevice, ParamLookup } from './family';
import { escapeSub, explainClusterValues, kubeletConfig, ref, ROOT_DEVICE_NAME } from './shared';

/** Bottlerocket keeps its OS on /dev/xvda and containers and logs on this data volume. */
export const BOTTLEROCKET_DATA_DEVICE_NAME = '/dev/xvdb';
/**
 * Bottlerocket's OS volume: its image is 2 GiB; sized explicitly (with room) so that the
 * mapping stands on its own — EC2 fills a missing size from the AMI, but not every consumer does.
 */
export const BOTTLEROCKET_OS_VOLUME_GIB = 4;

/** A TOML value for a JSON value (JSON strings are valid TOML basic strings). */
function toml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toml).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => `${JSON.stringify(k)} = ${toml(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/** kubelet field names become Bottlerocket setting names: maxPods → max-pods. */
export const kebab = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

function renderUserData(cluster: Cluster, ng: NodeGroup): string {
  const lines = [
    '[settings.kubernetes]',
    `cluster-name = "${ref(Params.clusterName)}"`,
    `api-server = "${ref(Params.apiServerEndpoint)}"`,
    `cluster-certificate = "${ref(Params.certificateAuthorityData)}"`,
  ];
  if (cluster.serviceCidr !== null) lines.push(`cluster-dns-ip = "${ref(Params.dnsClusterIp)}"`);
  for (const [key, value] of Object.entries(kubeletConfig(ng) ?? {})) {
    if (value !== null) lines.push(`${JSON.stringify(kebab(key))} = ${escapeSub(toml(value))}`);
  }
  if (Object.keys(ng.labels).length > 0) {
    lines.push('', '[settings.kubernetes.node-labels]', ...Object.entries(ng.labels).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`));
  }
  if (ng.taints.length > 0) {
    const byKey = new Map<string, string[]>();
    for (const t of ng.taints) byKey.set(t.key, [...(byKey.get(t.key) ?? []), `${t.value}:${t.effect}`]);
    lines.push('', '[settings.kubernetes.node-taints]', ...[...byKey].map(([k, v]) => `${JSON.stringify(k)} = ${toml(v)}`));
  }
  lines.push('');
  return lines.join('\n');
}

function check(_config: Config, ng: NodeGroup, at: At): Problem[] {
  const problems: Problem[] = [];
  if (ng.accelerator === 'neuron') {
    problems.push(error('rule.ami-variant', at('amiFamily'), `"Bottlerocket" has no Neuron (Inferentia/Trainium) variant eksng can pick; use AmazonLinux2023`));
  }
  if (ng.preBootstrapCommands.length > 0) {
    problems.push(error('rule.bottlerocket-shell', at('preBootstrapCommands'), 'cannot run on Bottlerocket, which has no shell user data (use a bootstrap container)'));
  }
  return problems;
}

function explainBoot(_ng: NodeGroup, param: ParamLookup): string[] {
  const dns = param(Params.dnsClusterIp);
  return [
    'Bottlerocket settings in TOML (`[settings.kubernetes]`), applied by its API at boot before the kubelet starts (no shell, no `bootstrap.sh`), with:',
    '',
    ...explainClusterValues(param),
    ...(dns !== null ? [`- cluster DNS \`${dns}\``] : []),
  ];
}

export const Bottlerocket: AmiFamilyModule = {
  name: 'Bottlerocket',
  amiParameter: (version: string, arch: Architecture, accelerator: Accelerator) =>
    `/aws/service/bottlerocket/aws-k8s-${version}${accelerator === 'nvidia' ? '-nvidia' : ''}/${arch}/latest/image_id`,
  clusterInfo: { required: true, serviceAddress: 'dnsClusterIp' },
  volumeRole: 'data volume',
  blockDevices: (): BlockDevice[] => [
    // The OS volume: small gp3, encrypted like the data volume; IOPS and throughput settings are for the data.
    { deviceName: ROOT_DEVICE_NAME, kind: 'os', sizeGiB: BOTTLEROCKET_OS_VOLUME_GIB },
    { deviceName: BOTTLEROCKET_DATA_DEVICE_NAME, kind: 'config' },
  ],
  renderUserData,
  check,
  explainBoot,
};
