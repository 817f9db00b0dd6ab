/**
 * AmazonLinux2023: nodeadm reads a `NodeConfig` (node.eks.aws/v1alpha1) from a MIME multipart
 * user data document (https://awslabs.github.io/amazon-eks-ami/nodeadm/). nodeadm cannot discover
 * the endpoint, CA or service CIDR, so all three are given.
 *
 * Settings contract: nodeadm's NodeConfig v1alpha1 (contract/nodeadm-v1alpha1.json); every
 * KubeletConfiguration field goes as is into `spec.kubelet.config` (a kubelet config drop-in, merged
 * over nodeadm's own), labels and taints as `spec.kubelet.flags`. preBootstrapCommands are a shell
 * part before the NodeConfig: cloud-init runs it, and nodeadm joins the node whether or not it
 * succeeded (nodeadm-run is ordered after cloud-final, not on its success).
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { Problem } from '../problems';
import { Params } from '../template/logical-ids';
import type { AmiFamilyModule, At, ParamLookup } from './family';
import { WARM_POOL_GATE } from '../capacity/warm-pool';
import { AMAZON_LINUX_MODULE, amazonLinuxChecks, escapeSub, explainClusterValues, kubeletConfig, labelsFlag, mimeMultipart, preBootstrapScript, ref, SHELL_PART, SHELL_PREAMBLE, signalWhenHealthy, taintsFlag } from './shared';

function renderUserData(_cluster: Cluster, ng: NodeGroup): string {
  const nodeConfig = [
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    // Quoted: nodeadm reads YAML without a target type, so an unquoted cluster named 2024, on or
    // null would arrive as a number, a boolean or null. The parameters' patterns exclude `"` and `\`.
    `    name: "${ref(Params.clusterName)}"`,
    `    apiServerEndpoint: "${ref(Params.apiServerEndpoint)}"`,
    `    certificateAuthority: "${ref(Params.certificateAuthorityData)}"`,
    `    cidr: "${ref(Params.serviceCidr)}"`,
  ];
  const config = kubeletConfig(ng, { maxPods: true, reserveMemoryForMaxPods: true });
  const flags = [labelsFlag(ng), taintsFlag(ng)].filter((f): f is string => f !== null);
  if (config || flags.length > 0 || ng.maxPodsExpression !== null) {
    nodeConfig.push('  kubelet:');
    // JSON is YAML: one line, every string quoted, nothing can start a new key or document.
    if (config) nodeConfig.push(`    config: ${escapeSub(JSON.stringify(config))}`);
    if (flags.length > 0) nodeConfig.push('    flags:', ...flags.map((f) => `      - ${JSON.stringify(f)}`));
    if (ng.maxPodsExpression !== null) nodeConfig.push(`    maxPodsExpression: ${escapeSub(JSON.stringify(ng.maxPodsExpression))}`);
  }
  // nodeadm's setup-local-disks assembles the instance store before containerd and the kubelet start.
  if (ng.localStorage !== null) nodeConfig.push('  instance:', '    localStorage:', `      strategy: ${ng.localStorage}`);
  return mimeMultipart([
    ...(ng.preBootstrapCommands.length > 0 ? [{ contentType: SHELL_PART, lines: preBootstrapScript(ng) }] : []),
    { contentType: 'application/node.eks.aws', lines: nodeConfig },
    ...(ng.updatePolicy.waitForNodes ? [{ contentType: SHELL_PART, lines: [...SHELL_PREAMBLE, ...signalWhenHealthy(ng)] }] : []),
    // Last: cloud-final (and so nodeadm's join) waits for it; preBootstrapCommands have run in the pool.
    ...(ng.warmPool ? [{ contentType: SHELL_PART, lines: WARM_POOL_GATE.map(escapeSub) }] : []),
  ]);
}

function check(config: Config, ng: NodeGroup, at: At): Problem[] {
  return amazonLinuxChecks(config, ng, at, 'AmazonLinux2023');
}

function explainBoot(ng: NodeGroup, param: ParamLookup): string[] {
  return [
    'A nodeadm `NodeConfig` (MIME multipart) with:',
    '',
    ...explainClusterValues(param),
    `- service CIDR \`${param(Params.serviceCidr)}\``,
    ...(ng.maxPodsExpression === null ? [] : [`- maxPods per instance type from \`${ng.maxPodsExpression}\``]),
    ...(ng.localStorage === null ? [] : [`- the instance-store NVMe disks assembled as ${ng.localStorage} (nodeadm \`instance.localStorage\`) for containerd, the kubelet and pod logs`]),
    ...(ng.warmPool === null
      ? []
      : ['', 'In the warm pool the node does not join: the user data\'s last script waits until the instance\'s `autoscaling/target-lifecycle-state` (instance metadata) is no longer `Warmed:*`, and nodeadm joins only after cloud-init has finished; an instance stopped in the pool joins on its next boot, when put in service.']),
  ];
}

export const AmazonLinux2023: AmiFamilyModule = {
  name: 'AmazonLinux2023',
  ...AMAZON_LINUX_MODULE,
  // Release parameters as Karpenter resolves them (aws/karpenter-provider-aws pkg/providers/amifamily/al2023.go).
  amiParameter: (version: string, arch: Architecture, accelerator: Accelerator, release: string | null) => {
    const variant = accelerator === 'none' ? 'standard' : accelerator;
    const name = release === null ? 'recommended' : `amazon-eks-node-al2023-${arch}-${variant}-${version}-${release}`;
    return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${arch}/${variant}/${name}/image_id`;
  },
  clusterInfo: { required: true, serviceAddress: 'cidr' },
  renderUserData,
  check,
  explainBoot,
  capacity: {
    localStorage: { strategies: ['RAID0', 'RAID10', 'Mount'], why: '' },
    warmPoolRefusal: null,
    maxPodsExpressionRefusal: null,
    efaRefusal: null,
  },
};
