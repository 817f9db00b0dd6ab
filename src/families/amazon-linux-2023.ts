/**
 * AmazonLinux2023: nodeadm reads a `NodeConfig` (node.eks.aws/v1alpha1) from a MIME multipart
 * user data document (https://awslabs.github.io/amazon-eks-ami/nodeadm/). nodeadm cannot discover
 * the endpoint, CA or service CIDR, so all three are given.
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { error, Problem } from '../problems';
import { Params } from '../template/logical-ids';
import type { AmiFamilyModule, At, BlockDevice, ParamLookup } from './family';
import { escapeSub, explainClusterValues, kubeletConfig, labelsFlag, MIME_BOUNDARY, ref, ROOT_DEVICE_NAME, SHELL_PREAMBLE, taintsFlag } from './shared';

function renderUserData(_cluster: Cluster, ng: NodeGroup): string {
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

function check(_config: Config, ng: NodeGroup, at: At): Problem[] {
  const problems: Problem[] = [];
  ng.preBootstrapCommands.forEach((line, j) => {
    if (line.startsWith(`--${MIME_BOUNDARY}`)) problems.push(error('rule.mime-boundary', at('preBootstrapCommands', j), `starts with "--${MIME_BOUNDARY}", the user data's MIME boundary`));
  });
  return problems;
}

function explainBoot(_ng: NodeGroup, param: ParamLookup): string[] {
  return [
    'A nodeadm `NodeConfig` (MIME multipart) with:',
    '',
    ...explainClusterValues(param),
    `- service CIDR \`${param(Params.serviceCidr)}\``,
  ];
}

export const AmazonLinux2023: AmiFamilyModule = {
  name: 'AmazonLinux2023',
  amiParameter: (version: string, arch: Architecture, accelerator: Accelerator) =>
    `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${arch}/${accelerator === 'none' ? 'standard' : accelerator}/recommended/image_id`,
  clusterInfo: { required: true, serviceAddress: 'cidr' },
  volumeRole: 'root volume',
  blockDevices: (): BlockDevice[] => [{ deviceName: ROOT_DEVICE_NAME, kind: 'config' }],
  renderUserData,
  check,
  explainBoot,
};
