/**
 * Node user data, per AMI family. Cluster values come from template parameters whose
 * AllowedPattern excludes quotes, `$`, backticks, whitespace and newlines (see parameters.ts).
 * Config values written into it directly are made safe where they land: labels and taints have
 * Kubernetes syntax (checked), kubelet settings are JSON/TOML-encoded on one line, shell lines are
 * the user's own commands but cannot end the MIME part (checked), and every `${` is escaped for
 * `Fn::Sub`. No value can break out of its place.
 */
import { taintFlag } from '../config/kubernetes';
import { MIME_BOUNDARY } from '../config/check-features';
import { Config, NodeGroup } from '../config/types';
import { Params } from './logical-ids';

const ref = (name: string) => `\${${name}}`;

/** `Fn::Sub` reads `${…}` as a reference; `${!…}` is how a template writes a literal `${`. */
export function escapeSub(text: string): string {
  return text.split('${').join('${!');
}

export { MIME_BOUNDARY };

const SHELL_PREAMBLE = ['#!/bin/bash', 'set -o errexit -o nounset -o xtrace'];

function labelsFlag(ng: NodeGroup): string | null {
  const entries = Object.entries(ng.labels);
  return entries.length === 0 ? null : `--node-labels=${entries.map(([k, v]) => `${k}=${v}`).join(',')}`;
}

function taintsFlag(ng: NodeGroup): string | null {
  return ng.taints.length === 0 ? null : `--register-with-taints=${ng.taints.map(taintFlag).join(',')}`;
}

/** The kubelet configuration eksng adds: maxPods and kubeletExtraConfig (null when none). */
function kubeletConfig(ng: NodeGroup): Record<string, unknown> | null {
  const config = { ...(ng.maxPodsPerNode === null ? {} : { maxPods: ng.maxPodsPerNode }), ...(ng.kubeletExtraConfig ?? {}) };
  return Object.keys(config).length === 0 ? null : config;
}

/**
 * AL2023: a nodeadm NodeConfig in a MIME multipart document (https://awslabs.github.io/amazon-eks-ami/nodeadm/),
 * after a shell part with preBootstrapCommands when there are any. nodeadm cannot discover the
 * endpoint, CA or service CIDR, so all three are given.
 */
export function al2023UserData(ng: NodeGroup): string {
  const lines = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`, ''];
  if (ng.preBootstrapCommands.length > 0) {
    lines.push(`--${MIME_BOUNDARY}`, 'Content-Type: text/x-shellscript; charset="us-ascii"', '', ...SHELL_PREAMBLE, ...ng.preBootstrapCommands.map(escapeSub), '');
  }
  lines.push(
    `--${MIME_BOUNDARY}`,
    'Content-Type: application/node.eks.aws',
    '',
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${ref(Params.clusterName)}`,
    `    apiServerEndpoint: ${ref(Params.apiServerEndpoint)}`,
    `    certificateAuthority: ${ref(Params.certificateAuthorityData)}`,
    `    cidr: ${ref(Params.serviceCidr)}`,
  );
  const config = kubeletConfig(ng);
  const flags = [labelsFlag(ng), taintsFlag(ng)].filter((f): f is string => f !== null);
  if (config || flags.length > 0) {
    lines.push('  kubelet:');
    // JSON is YAML: one line, every string quoted, nothing can start a new key or document.
    if (config) lines.push(`    config: ${escapeSub(JSON.stringify(config))}`);
    if (flags.length > 0) lines.push('    flags:', ...flags.map((f) => `      - ${JSON.stringify(f)}`));
  }
  lines.push('', `--${MIME_BOUNDARY}--`, '');
  return lines.join('\n');
}

/** A single-quoted shell word: `'` is the only character that needs care inside. */
function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}

/**
 * AL2: /etc/eks/bootstrap.sh. With endpoint and CA given, bootstrap skips its DescribeCluster
 * call; with a service CIDR, the cluster DNS IP is passed instead of guessed from the VPC CIDR.
 * Labels, taints and maxPods go through --kubelet-extra-args; kubeletExtraConfig is merged into
 * the kubelet's config file with jq (which the AMI has) before bootstrap starts the kubelet.
 */
export function al2UserData(config: Config, ng: NodeGroup): string {
  const args = [`'${ref(Params.clusterName)}'`];
  if (config.cluster.endpoint !== null && config.cluster.certificateAuthorityData !== null) {
    args.push(`--apiserver-endpoint '${ref(Params.apiServerEndpoint)}'`, `--b64-cluster-ca '${ref(Params.certificateAuthorityData)}'`);
  }
  if (config.cluster.serviceCidr !== null) args.push(`--dns-cluster-ip '${ref(Params.dnsClusterIp)}'`);
  const extra = [labelsFlag(ng), taintsFlag(ng), ng.maxPodsPerNode === null ? null : `--max-pods=${ng.maxPodsPerNode}`].filter((f): f is string => f !== null);
  if (ng.maxPodsPerNode !== null) args.push('--use-max-pods false');
  if (extra.length > 0) args.push(`--kubelet-extra-args ${shellQuote(extra.join(' '))}`);
  const lines = [...SHELL_PREAMBLE, ...ng.preBootstrapCommands.map(escapeSub)];
  if (ng.kubeletExtraConfig) {
    const file = '/etc/kubernetes/kubelet/kubelet-config.json';
    lines.push(`echo ${escapeSub(shellQuote(JSON.stringify(ng.kubeletExtraConfig)))} | jq -s '.[0] * .[1]' ${file} - > ${file}.eksng && mv ${file}.eksng ${file}`);
  }
  lines.push(`/etc/eks/bootstrap.sh ${args.join(' ')}`, '');
  return lines.join('\n');
}

/** A TOML value for a JSON value (JSON strings are valid TOML basic strings). */
function toml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toml).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => `${JSON.stringify(k)} = ${toml(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/** kubelet field names become Bottlerocket setting names: maxPods → max-pods, registryPullQPS → registry-pull-qps. */
export const kebab = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();

/**
 * Bottlerocket: TOML settings (https://bottlerocket.dev/en/os/latest/#/api/settings/kubernetes/).
 * kubeletExtraConfig keys are Bottlerocket's settings.kubernetes names (camelCase is turned into
 * kebab-case, which matches for most kubelet fields).
 */
export function bottlerocketUserData(config: Config, ng: NodeGroup): string {
  const lines = [
    '[settings.kubernetes]',
    `cluster-name = "${ref(Params.clusterName)}"`,
    `api-server = "${ref(Params.apiServerEndpoint)}"`,
    `cluster-certificate = "${ref(Params.certificateAuthorityData)}"`,
  ];
  if (config.cluster.serviceCidr !== null) lines.push(`cluster-dns-ip = "${ref(Params.dnsClusterIp)}"`);
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

export function buildUserData(config: Config, ng: NodeGroup): string {
  switch (ng.amiFamily) {
    case 'AmazonLinux2023':
      return al2023UserData(ng);
    case 'AmazonLinux2':
      return al2UserData(config, ng);
    case 'Bottlerocket':
      return bottlerocketUserData(config, ng);
  }
}
