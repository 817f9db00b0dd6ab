/**
 * AmazonLinux2: `/etc/eks/bootstrap.sh` in a shell script. With endpoint and CA given, bootstrap
 * skips its DescribeCluster call; with a service CIDR, the cluster DNS IP is passed instead of
 * guessed from the VPC CIDR. EKS published AL2 AMIs up to Kubernetes 1.32.
 *
 * Settings contract: bootstrap.sh's flags (contract/bootstrap-sh-flags.json); every
 * KubeletConfiguration field, merged into the kubelet's config file after bootstrap.sh.
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { error, Problem } from '../problems';
import { Params } from '../template/logical-ids';
import type { AmiFamilyModule, At, ParamLookup } from './family';
import { AMAZON_LINUX_MODULE, amazonLinuxChecks, escapeSub, kubeletConfig, labelsFlag, mimeMultipart, preBootstrapScript, ref, SHELL_PART, SHELL_PREAMBLE, shellQuote, signalWhenHealthy, taintsFlag } from './shared';

/** The last Kubernetes version with EKS-optimized AmazonLinux2 AMIs. */
export const LAST_AL2_KUBERNETES_MINOR = 32;

/** Where bootstrap.sh keeps the kubelet configuration it writes. */
export const AL2_KUBELET_CONFIG_FILE = '/etc/kubernetes/kubelet/kubelet-config.json';

/**
 * Labels, taints and maxPods go through --kubelet-extra-args. kubeletExtraConfig (and, with
 * maxPodsPerNode, the memory reservation for that many pods) is merged into the kubelet's config
 * file with jq (which the AMI has) AFTER bootstrap.sh, which rewrites evictionHard, kubeReserved,
 * maxPods, clusterDNS, providerID and cgroupDriver; then the kubelet is restarted, as eksctl does.
 */
function renderUserData(cluster: Cluster, ng: NodeGroup): string {
  const args = [`'${ref(Params.clusterName)}'`];
  if (cluster.endpoint !== null && cluster.certificateAuthorityData !== null) {
    args.push(`--apiserver-endpoint '${ref(Params.apiServerEndpoint)}'`, `--b64-cluster-ca '${ref(Params.certificateAuthorityData)}'`);
  }
  if (cluster.serviceCidr !== null) args.push(`--dns-cluster-ip '${ref(Params.dnsClusterIp)}'`);
  const extra = [labelsFlag(ng), taintsFlag(ng), ng.maxPodsPerNode === null ? null : `--max-pods=${ng.maxPodsPerNode}`].filter((f): f is string => f !== null);
  if (ng.maxPodsPerNode !== null) args.push('--use-max-pods false');
  // bootstrap.sh runs setup-local-disks with it (contract/bootstrap-sh-flags.json: mount | raid0 | raid10).
  if (ng.localStorage !== null) args.push(`--local-disks ${ng.localStorage.toLowerCase()}`);
  if (extra.length > 0) args.push(`--kubelet-extra-args ${shellQuote(extra.join(' '))}`);
  const join = [...SHELL_PREAMBLE, `/etc/eks/bootstrap.sh ${args.join(' ')}`];
  const merge = kubeletConfig(ng, { maxPods: false, reserveMemoryForMaxPods: true });
  if (merge) {
    const file = AL2_KUBELET_CONFIG_FILE;
    join.push(`echo ${escapeSub(shellQuote(JSON.stringify(merge)))} | jq -s '.[0] * .[1]' ${file} - > ${file}.eksng && mv ${file}.eksng ${file}`, 'systemctl restart kubelet');
  }
  if (ng.updatePolicy.waitForNodes) join.push(...signalWhenHealthy(ng));
  // With preBootstrapCommands, two scripts in a MIME multipart document: as on AmazonLinux2023, a
  // failing command stops its own script, and the node still joins.
  if (ng.preBootstrapCommands.length === 0) return [...join, ''].join('\n');
  return mimeMultipart([
    { contentType: SHELL_PART, lines: preBootstrapScript(ng) },
    { contentType: SHELL_PART, lines: join },
  ]);
}

function check(config: Config, ng: NodeGroup, at: At): Problem[] {
  const problems: Problem[] = [
    ...amazonLinuxChecks(config, ng, at, 'AmazonLinux2'),
  ];
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

/** Why AL2 takes no warm pool. */
export const AL2_WARM_POOL_REFUSAL =
  'its join (bootstrap.sh) runs inside the user data script, which cloud-init runs once per instance: held back while the instance is warmed, it would not run again when the instance is put in service, and the node would never join; AmazonLinux2023 joins after cloud-init on every boot (nodeadm-run.service), which is how eksng holds its nodes out of the cluster in the pool';

export const AmazonLinux2: AmiFamilyModule = {
  name: 'AmazonLinux2',
  ...AMAZON_LINUX_MODULE,
  // Release parameters as Karpenter resolves them (aws/karpenter-provider-aws pkg/providers/amifamily/al2.go).
  amiParameter: (version: string, arch: Architecture, accelerator: Accelerator, release: string | null) => {
    const variant = accelerator !== 'none' ? 'gpu' : arch === 'arm64' ? 'arm64' : null;
    const name = release === null ? 'recommended' : `amazon-eks-${variant === null ? '' : `${variant}-`}node-${version}-${release}`;
    return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2${variant === null ? '' : `-${variant}`}/${name}/image_id`;
  },
  clusterInfo: { required: false, serviceAddress: 'dnsClusterIp' },
  renderUserData,
  check,
  explainBoot,
  capacity: {
    localStorage: { strategies: ['RAID0', 'RAID10', 'Mount'], why: '' },
    warmPoolRefusal: AL2_WARM_POOL_REFUSAL,
    maxPodsExpressionRefusal: 'maxPodsExpression is a nodeadm setting (AmazonLinux2023); bootstrap.sh computes maxPods from its own per-type table, so leave both out',
    efaRefusal: null,
  },
};
