/**
 * Windows Server (2019, 2022, 2025; Core and Full): the EKS-optimized Windows AMI runs the
 * `<powershell>` block of the user data once, at first boot (EC2Launch), and that block calls the
 * AMI's `Start-EKSBootstrap.ps1`, which writes the kubelet's and kube-proxy's configuration and
 * starts them. With endpoint and CA given the script skips its own DescribeCluster call; with the
 * service CIDR and cluster DNS IP given it does not guess them from the VPC CIDR (wrong for a
 * cluster with its own service CIDR: pod DNS would fail).
 *
 * Settings contract: the script's parameters (contract/windows-bootstrap.json, from a verbatim copy
 * of its param() block and the EKS user guide); labels, taints and maxPods as kubelet flags inside
 * -KubeletExtraArgs, as eksctl passes them. The script has no way to merge KubeletConfiguration
 * fields, so kubeletExtraConfig is refused. Which variants exist for which Kubernetes version:
 * contract/windows-amis.json.
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { error, Problem, warning } from '../problems';
import { Params, Resources } from '../template/logical-ids';
import { WINDOWS_AMIS } from './contract';
import { NODE_GROUPS, WINDOWS_NODE_GROUP } from '../aws-auth/build';
import type { AmiFamilyModule, At, BlockDevice, ClusterSetup, ParamLookup } from './family';
import { partitionOf as partitionOfRegion } from '../cfn/partition';
import { escapeSub, healthChecks, KUBELET_HEALTHZ, labelsFlag, ref, refuseBottlerocketSettings, taintsFlag } from './shared';
import { checkAmiForVersion } from './versions';

/** The Windows variants EKS publishes, as the config names them, with their SSM name parts. */
export const WINDOWS_VARIANTS = {
  WindowsServer2019Core: { year: '2019', edition: 'Core' },
  WindowsServer2019Full: { year: '2019', edition: 'Full' },
  WindowsServer2022Core: { year: '2022', edition: 'Core' },
  WindowsServer2022Full: { year: '2022', edition: 'Full' },
  WindowsServer2025Core: { year: '2025', edition: 'Core' },
  WindowsServer2025Full: { year: '2025', edition: 'Full' },
} as const;
export type WindowsVariant = keyof typeof WINDOWS_VARIANTS;

/** Root device of the Windows AMIs. */
export const WINDOWS_ROOT_DEVICE = '/dev/sda1';
/** Below this, a Windows node runs out of disk with a few images (EKS's own default for Windows managed nodes). */
export const WINDOWS_MIN_VOLUME_GIB = 50;

/** The groups a Windows node's role is mapped with in aws-auth (eks:kube-proxy-windows: Windows DNS resolution needs it). */
export const WINDOWS_NODE_GROUPS = [...NODE_GROUPS, WINDOWS_NODE_GROUP] as const;

const SCRIPT = '$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1';

/**
 * A single-quoted PowerShell string: nothing inside is expanded. PowerShell also ends such a
 * string at the typographic single quotes (U+2018-U+201B), so those are doubled like `'`.
 */
export function psQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** The value of -KubeletExtraArgs: labels, taints and maxPods as kubelet flags (null: none). */
export function kubeletExtraArgs(ng: NodeGroup): string | null {
  const flags = [labelsFlag(ng), taintsFlag(ng), ng.maxPodsPerNode === null ? null : `--max-pods=${ng.maxPodsPerNode}`].filter((f): f is string => f !== null);
  return flags.length === 0 ? null : flags.join(' ');
}

/** cfn-signal on the Windows AMIs (the EC2 Windows AMIs ship aws-cfn-bootstrap; AWS's Windows node-group template calls it there). */
export const WINDOWS_CFN_SIGNAL = '$env:ProgramFiles\\Amazon\\cfn-bootstrap\\cfn-signal.exe';

/**
 * `updatePolicy.waitForNodes`: after the bootstrap script has started the kubelet, wait for its
 * healthz within the pauseTime and signal the group with the result.
 */
function signalWhenHealthy(ng: NodeGroup): string[] {
  return [
    '$eksngHealthy = $false',
    `for ($i = 0; $i -lt ${healthChecks(ng)}; $i++) { try { Invoke-WebRequest -UseBasicParsing -TimeoutSec 2 -Uri '${KUBELET_HEALTHZ}' | Out-Null; $eksngHealthy = $true; break } catch { Start-Sleep -Seconds 5 } }`,
    `& "${WINDOWS_CFN_SIGNAL}" --exit-code $(if ($eksngHealthy) { 0 } else { 1 }) --stack '${ref('AWS::StackName')}' --resource ${Resources.nodeGroup} --region '${ref('AWS::Region')}'`,
  ];
}

/** Where preBootstrapCommands are written before they run (EC2Launch runs user data as SYSTEM). */
export const PRE_BOOTSTRAP_FILE = '$env:ProgramData\\eksng\\pre-bootstrap.ps1';

/**
 * `<powershell>` … `</powershell>`, as EC2Launch runs it. preBootstrapCommands go into a file of
 * their own through a literal here-string (nothing in it is expanded) and run in a child PowerShell
 * that stops at the first error; the node joins whether or not it succeeded, as on Linux.
 */
function renderUserData(cluster: Cluster, ng: NodeGroup): string {
  const args = [`-EKSClusterName ${psQuote(ref(Params.clusterName))}`];
  if (cluster.endpoint !== null && cluster.certificateAuthorityData !== null) {
    args.push(`-APIServerEndpoint ${psQuote(ref(Params.apiServerEndpoint))}`, `-Base64ClusterCA ${psQuote(ref(Params.certificateAuthorityData))}`);
  }
  if (cluster.serviceCidr !== null) args.push(`-ServiceCIDR ${psQuote(ref(Params.serviceCidr))}`, `-DNSClusterIP ${psQuote(ref(Params.dnsClusterIp))}`);
  const extra = kubeletExtraArgs(ng);
  if (extra !== null) args.push(`-KubeletExtraArgs ${escapeSub(psQuote(extra))}`);
  const lines = ['<powershell>'];
  if (ng.preBootstrapCommands.length > 0) {
    lines.push(
      `New-Item -ItemType Directory -Force -Path (Split-Path "${PRE_BOOTSTRAP_FILE}") | Out-Null`,
      "@'",
      "$ErrorActionPreference = 'Stop'",
      ...ng.preBootstrapCommands.map(escapeSub),
      `'@ | Set-Content -Encoding UTF8 -Path "${PRE_BOOTSTRAP_FILE}"`,
      `& powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${PRE_BOOTSTRAP_FILE}"`,
      'if ($LASTEXITCODE -ne 0) { Write-Warning "eksng: preBootstrapCommands failed (exit $LASTEXITCODE); joining the cluster anyway" }',
    );
  }
  lines.push(
    `[string]$EKSBootstrapScriptFile = "${SCRIPT}"`,
    // The warning, verbose, debug and information streams into the output: EC2Launch's user-data log keeps them.
    `& $EKSBootstrapScriptFile ${args.join(' ')} 3>&1 4>&1 5>&1 6>&1`,
    ...(ng.updatePolicy.waitForNodes ? signalWhenHealthy(ng) : []),
    '</powershell>',
    '',
  );
  return lines.join('\n');
}

/** The tags EC2Launch reads anywhere in the user data (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2launch-v2-settings.html#ec2launch-v2-task-configuration). */
const EC2LAUNCH_TAG = /<\/?(?:powershell|script|persist|detach|runAsLocalSystem|powershellArguments)>/i;

/** What EC2Launch or the here-string would read as structure: EC2Launch's tags, and a line that ends the here-string. */
function checkPowerShellLines(ng: NodeGroup, at: At): Problem[] {
  return ng.preBootstrapCommands.flatMap((line, j) => {
    const tag = EC2LAUNCH_TAG.exec(line);
    if (tag) return [error('rule.windows-user-data-tag', at('preBootstrapCommands', j), `holds the tag ${tag[0]}, which EC2Launch reads as structure of the user data wherever it stands (the end of the script, or a run setting); write it another way`)];
    if (/^['\u2018\u2019\u201a\u201b]@/.test(line)) return [error('rule.windows-here-string', at('preBootstrapCommands', j), `starts with "'@", which would end the literal block eksng writes the commands into`)];
    return [];
  });
}

/** A variant's AMI for the cluster's version: refused before its first version; warned where EKS has not been confirmed to publish it. */
function checkVariantVersion(config: Config, ng: NodeGroup, at: At, variant: WindowsVariant): Problem[] {
  if (!(ng.ami.kind === 'ssm' && ng.ami.auto)) return [];
  const a = WINDOWS_AMIS.availability[variant];
  const minor = (v: string) => Number(v.split('.')[1]);
  const version = config.cluster.kubernetesVersion;
  if (minor(version) < minor(a.fromKubernetes)) {
    return [error('rule.kubernetes-version', at('amiFamily'), `is "${variant}", whose EKS-optimized AMIs start with Kubernetes ${a.fromKubernetes}, not ${version}: the AMI parameter would not resolve; use a newer cluster version or another Windows Server version`)];
  }
  if (a.toKubernetes !== null && minor(version) > minor(a.toKubernetes)) {
    return [error('rule.kubernetes-version', at('amiFamily'), `is "${variant}", whose EKS-optimized AMIs end with Kubernetes ${a.toKubernetes}: use a newer Windows Server version`)];
  }
  if (minor(version) > minor(a.latestConfirmedKubernetes)) {
    return [warning('rule.windows-ami-unconfirmed', at('amiFamily'), `is "${variant}": EKS-optimized AMIs of it are confirmed up to Kubernetes ${a.latestConfirmedKubernetes} (as of ${WINDOWS_AMIS.source.retrieved}), not yet ${version}; if the SSM parameter ${WindowsFamilies[variant].amiParameter(version, 'x86_64', 'none', null)} does not exist, the deploy fails`)];
  }
  return [];
}

function check(variant: WindowsVariant) {
  return (config: Config, ng: NodeGroup, at: At): Problem[] => {
    const problems: Problem[] = [...checkAmiForVersion(config, ng, at, variant), ...checkVariantVersion(config, ng, at, variant), ...refuseBottlerocketSettings(ng, at, variant), ...checkPowerShellLines(ng, at)];
    if (ng.architecture !== 'x86_64') {
      problems.push(error('rule.windows-architecture', at(ng.distribution ? 'instancesDistribution' : 'instanceType'), `is ${ng.architecture}, but EKS publishes Windows AMIs for x86_64 only`));
    }
    if (ng.accelerator !== 'none') {
      problems.push(error('rule.windows-accelerator', at(ng.distribution ? 'instancesDistribution' : 'instanceType'), `is an accelerated (${ng.accelerator}) instance type, for which EKS publishes no Windows AMI`));
    }
    if (ng.kubeletExtraConfig !== null) {
      problems.push(error('rule.windows-kubelet-config', at('kubeletExtraConfig'), `cannot be delivered to ${variant} nodes: Start-EKSBootstrap.ps1 writes the kubelet's configuration itself and takes only kubelet flags (-KubeletExtraArgs); labels, taints and maxPodsPerNode are passed that way`));
    }
    if (ng.volumeSize < WINDOWS_MIN_VOLUME_GIB) {
      problems.push(warning('rule.windows-volume-size', at('volumeSize'), `is ${ng.volumeSize} GiB: Windows nodes need at least ${WINDOWS_MIN_VOLUME_GIB} GiB (the OS and Windows container images are large)`));
    }
    if (config.cluster.serviceCidr === null) {
      problems.push(warning('rule.windows-service-cidr', '/cluster/serviceCidr', `is not set: Start-EKSBootstrap.ps1 then guesses the service CIDR and cluster DNS IP from the VPC's CIDR, which is wrong for a cluster with its own service CIDR (pod DNS fails on ${variant} nodes)`));
    }
    // System pods (CoreDNS, the VPC CNI's controllers) run on Linux only; note it once, at the first Windows group.
    const first = config.nodeGroups.find((g) => isWindows(g.amiFamily));
    if (first === ng && !config.nodeGroups.some((g) => !isWindows(g.amiFamily))) {
      problems.push(warning('rule.windows-needs-linux', at('amiFamily'), `is Windows, and no node group of this config is Linux: CoreDNS and other kube-system pods run only on Linux nodes, so unless the cluster has Linux nodes elsewhere (another config, managed nodes or Fargate), pods get no DNS`));
    }
    return problems;
  };
}

export function isWindows(family: string): family is WindowsVariant {
  return family in WINDOWS_VARIANTS;
}

function explainBoot(ng: NodeGroup, param: ParamLookup): string[] {
  const endpoint = param(Params.apiServerEndpoint) !== null ? ', with the API server endpoint and CA given' : ', discovering the endpoint and CA itself (DescribeCluster)';
  const cidr = param(Params.serviceCidr);
  const extra = kubeletExtraArgs(ng);
  return [
    `A \`<powershell>\` block that runs \`Start-EKSBootstrap.ps1\` for cluster \`${param(Params.clusterName)}\`${endpoint}${cidr !== null ? `, service CIDR \`${cidr}\` and cluster DNS \`${param(Params.dnsClusterIp)}\`` : ', guessing the service CIDR from the VPC'}${extra !== null ? `; kubelet flags \`${extra}\`` : ''}.`,
    ...(ng.preBootstrapCommands.length > 0 ? ['', `Before it, the ${ng.preBootstrapCommands.length} preBootstrapCommands run as a PowerShell script of their own (\`${PRE_BOOTSTRAP_FILE}\`) that stops at its first error; the node joins either way.`] : []),
  ];
}

/**
 * Windows pods get their IP addresses from the VPC resource controller, which EKS runs once the
 * VPC CNI's ConfigMap enables Windows IPAM; the controller acts with the cluster role, which needs
 * AmazonEKSVPCResourceController. https://docs.aws.amazon.com/eks/latest/userguide/windows-support.html
 */
export const WINDOWS_CLUSTER_SETUP: ClusterSetup = {
  clusterRolePolicies: ['AmazonEKSVPCResourceController'],
  description: 'Windows pods get their IP addresses only once the VPC CNI enables Windows IPAM, and the cluster role needs AmazonEKSVPCResourceController (the cluster stack eksng cluster makes has it)',
  commands: (clusterName: string, region: string) => [
    `kubectl patch configmap/amazon-vpc-cni -n kube-system --type merge -p '{"data":{"enable-windows-ipam":"true"}}'`,
    `aws iam attach-role-policy --role-name "$(aws eks describe-cluster --region ${region} --name ${clusterName} --query cluster.roleArn --output text | awk -F/ '{print $NF}')" --policy-arn arn:${partitionOfRegion(region)}:iam::aws:policy/AmazonEKSVPCResourceController`,
  ],
};

function windowsFamily(variant: WindowsVariant): AmiFamilyModule {
  const { year, edition } = WINDOWS_VARIANTS[variant];
  return {
    name: variant,
    os: 'windows',
    amiParameter: (version: string, _arch: Architecture, _accelerator: Accelerator, _release: string | null) => `/aws/service/ami-windows-latest/Windows_Server-${year}-English-${edition}-EKS_Optimized-${version}/image_id`,
    // EKS publishes a parameter per Windows release only under ami-windows-latest's newest name: pin with ami: "ami-…".
    amiRelease: null,
    clusterInfo: { required: false, serviceAddress: 'cidrAndDnsClusterIp' },
    volumeRole: 'root volume',
    defaultVolumeGiB: WINDOWS_MIN_VOLUME_GIB,
    blockDevices: (): BlockDevice[] => [{ deviceName: WINDOWS_ROOT_DEVICE, kind: 'config' }],
    renderUserData,
    check: check(variant),
    explainBoot,
    acceleratorSetup: () => null,
    clusterSetup: WINDOWS_CLUSTER_SETUP,
    node: { accessEntryType: 'EC2_WINDOWS', awsAuthGroups: WINDOWS_NODE_GROUPS },
    capacity: WINDOWS_CAPACITY,
  };
}

/** What Start-EKSBootstrap.ps1 (contract/windows-bootstrap.json) has none of. */
const WINDOWS_CAPACITY = {
  localStorage: { strategies: [], why: 'Start-EKSBootstrap.ps1 has no instance-store setup (contract/windows-bootstrap.json lists its parameters); format and mount the disks in your own AMI or a DaemonSet' },
  warmPoolRefusal:
    'Start-EKSBootstrap.ps1 joins from the user data, which EC2Launch runs once per instance: held back while the instance is warmed, it would not run again when the instance is put in service, and eksng has no tested way to resume it',
  maxPodsExpressionRefusal: 'maxPodsExpression is a nodeadm setting (AmazonLinux2023); Start-EKSBootstrap.ps1 computes maxPods from its own table',
  efaRefusal: 'EFA has no Windows driver or device plugin for EKS; use an AmazonLinux2023 or Bottlerocket group',
} as const;

export const WindowsFamilies = Object.fromEntries(Object.keys(WINDOWS_VARIANTS).map((v) => [v, windowsFamily(v as WindowsVariant)])) as Record<WindowsVariant, AmiFamilyModule>;
