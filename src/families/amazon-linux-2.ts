/**
 * AmazonLinux2: `/etc/eks/bootstrap.sh` in a shell script. With endpoint and CA given, bootstrap
 * skips its DescribeCluster call; with a service CIDR, the cluster DNS IP is passed instead of
 * guessed from the VPC CIDR. EKS published AL2 AMIs up to Kubernetes 1.32.
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { error, Problem } from '../problems';
import { Params } from '../template/logical-ids';
import type { AmiFamilyModule, At, BlockDevice, ParamLookup } from './family';
import { escapeSub, labelsFlag, ref, ROOT_DEVICE_NAME, SHELL_PREAMBLE, shellQuote, taintsFlag } from './shared';

/** The last Kubernetes version with EKS-optimized AmazonLinux2 AMIs. */
export const LAST_AL2_KUBERNETES_MINOR = 32;

/**
 * Labels, taints and maxPods go through --kubelet-extra-args; kubeletExtraConfig is merged into
 * the kubelet's config file with jq (which the AMI has) before bootstrap starts the kubelet.
 */
function renderUserData(cluster: Cluster, ng: NodeGroup): string {
  const args = [`'${ref(Params.clusterName)}'`];
  if (cluster.endpoint !== null && cluster.certificateAuthorityData !== null) {
    args.push(`--apiserver-endpoint '${ref(Params.apiServerEndpoint)}'`, `--b64-cluster-ca '${ref(Params.certificateAuthorityData)}'`);
  }
  if (cluster.serviceCidr !== null) args.push(`--dns-cluster-ip '${ref(Params.dnsClusterIp)}'`);
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

function check(config: Config, ng: NodeGroup, at: At): Problem[] {
  const problems: Problem[] = [];
  const minor = Number(config.cluster.kubernetesVersion.split('.')[1]);
  if (minor > LAST_AL2_KUBERNETES_MINOR) {
    problems.push(error('rule.al2-version', at('amiFamily'), `"AmazonLinux2" has no EKS-optimized AMI for Kubernetes ${config.cluster.kubernetesVersion} (1.${LAST_AL2_KUBERNETES_MINOR} is the last); use "AmazonLinux2023"`));
  }
  if (ng.accelerator !== 'none' && ng.architecture === 'arm64') {
    problems.push(error('rule.ami-variant', at('amiFamily'), 'has no accelerated arm64 AMI for AmazonLinux2; use AmazonLinux2023'));
  }
  return problems;
}

function explainBoot(_ng: NodeGroup, param: ParamLookup): string[] {
  const endpoint = param(Params.apiServerEndpoint) !== null ? ', with the API server endpoint and CA given' : ', discovering the endpoint and CA itself';
  const dns = param(Params.dnsClusterIp);
  return [`\`/etc/eks/bootstrap.sh\` for cluster \`${param(Params.clusterName)}\`${endpoint}${dns !== null ? `, cluster DNS \`${dns}\`` : ''}.`];
}

export const AmazonLinux2: AmiFamilyModule = {
  name: 'AmazonLinux2',
  amiParameter: (version: string, arch: Architecture, accelerator: Accelerator) => {
    const variant = accelerator !== 'none' ? '-gpu' : arch === 'arm64' ? '-arm64' : '';
    return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2${variant}/recommended/image_id`;
  },
  clusterInfo: { required: false, serviceAddress: 'dnsClusterIp' },
  volumeRole: 'root volume',
  blockDevices: (): BlockDevice[] => [{ deviceName: ROOT_DEVICE_NAME, kind: 'config' }],
  renderUserData,
  check,
  explainBoot,
};
