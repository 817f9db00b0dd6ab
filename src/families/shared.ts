/**
 * What several families do the same way: kubelet flags for labels and taints, the kubelet settings
 * eksng adds, shell quoting, the MIME boundary of multipart user data, and what the two Amazon
 * Linux families share (their rules, root volume and device plugins).
 */
import { taintFlag } from '../config/kubernetes';
import type { Accelerator, Config, NodeGroup } from '../config/types';
import { escapeSub, subRef } from '../cfn/intrinsics';
import { Params, Resources } from '../template/logical-ids';
import { isoSeconds } from '../config/duration';
import { NODE_GROUPS } from '../aws-auth/build';
import { error, Problem } from '../problems';
import type { AmiFamilyModule, AmiReleaseForm, At, BlockDevice, NodeIdentity, ParamLookup } from './family';
import { DEFAULTS } from '../config/defaults';
import { checkKubeletExtraConfig, deliverAsIs, kubeReservedMemoryMi } from './kubelet';
import { checkAmiForVersion } from './versions';

export { escapeSub };

/** `${Parameter}` in the user data's `Fn::Sub` string. */
export const ref = subRef;

/** The MIME boundary of multipart user data; a command line starting with `--` and it would end the part. */
export const MIME_BOUNDARY = '//';

/** Root device of the EKS-optimized AMIs (Bottlerocket: its OS volume). */
export const ROOT_DEVICE_NAME = '/dev/xvda';

export const SHELL_PREAMBLE = ['#!/bin/bash', 'set -o errexit -o nounset -o xtrace'];

export function labelsFlag(ng: NodeGroup): string | null {
  const entries = Object.entries(ng.labels);
  return entries.length === 0 ? null : `--node-labels=${entries.map(([k, v]) => `${k}=${v}`).join(',')}`;
}

export function taintsFlag(ng: NodeGroup): string | null {
  return ng.taints.length === 0 ? null : `--register-with-taints=${ng.taints.map(taintFlag).join(',')}`;
}

export interface KubeletConfigOptions {
  /** Write maxPodsPerNode as `maxPods` (false where it goes as a flag). */
  readonly maxPods: boolean;
  /**
   * With maxPodsPerNode, also `kubeReserved.memory` for that many pods: nodeadm and bootstrap.sh
   * size it from their own ENI-based pod count, not from the configured one. A
   * `kubeReserved.memory` in kubeletExtraConfig wins.
   */
  readonly reserveMemoryForMaxPods: boolean;
}

/** The kubelet configuration eksng adds: maxPods, kubeletExtraConfig, the memory reservation (null when none). */
export function kubeletConfig(ng: NodeGroup, options: KubeletConfigOptions): Record<string, unknown> | null {
  const extra = ng.kubeletExtraConfig ?? {};
  const config: Record<string, unknown> = { ...(options.maxPods && ng.maxPodsPerNode !== null ? { maxPods: ng.maxPodsPerNode } : {}), ...extra };
  const reserved = (extra.kubeReserved ?? {}) as Record<string, unknown>;
  if (options.reserveMemoryForMaxPods && ng.maxPodsPerNode !== null && !('memory' in reserved)) {
    config.kubeReserved = { ...reserved, memory: `${kubeReservedMemoryMi(ng.maxPodsPerNode)}Mi` };
  }
  return Object.keys(config).length === 0 ? null : config;
}

/** The user data's MIME boundary must not start a shell line: it would end the part. */
export function checkPreBootstrapCommands(ng: NodeGroup, at: At): Problem[] {
  return ng.preBootstrapCommands.flatMap((line, j) =>
    line.startsWith(`--${MIME_BOUNDARY}`) ? [error('rule.mime-boundary', at('preBootstrapCommands', j), `starts with "--${MIME_BOUNDARY}", the user data's MIME boundary`)] : [],
  );
}

/**
 * A MIME multipart user data document (cloud-init runs each shell part as its own script, in
 * order; a failing part does not stop the next).
 */
export function mimeMultipart(parts: ReadonlyArray<{ readonly contentType: string; readonly lines: readonly string[] }>): string {
  const lines = ['MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`, ''];
  for (const part of parts) lines.push(`--${MIME_BOUNDARY}`, `Content-Type: ${part.contentType}`, '', ...part.lines, '');
  lines.push(`--${MIME_BOUNDARY}--`, '');
  return lines.join('\n');
}

export const SHELL_PART = 'text/x-shellscript; charset="us-ascii"';

/** preBootstrapCommands as a script of their own (the preamble's errexit stops it at the first failing line). */
export const preBootstrapScript = (ng: NodeGroup): string[] => [...SHELL_PREAMBLE, ...ng.preBootstrapCommands.map(escapeSub)];

/** Same for families that cannot take a value: `bottlerocket` on Amazon Linux. */
export function refuseBottlerocketSettings(ng: NodeGroup, at: At, family: string): Problem[] {
  return ng.bottlerocketSettings === null ? [] : [error('rule.bottlerocket-only', at('bottlerocket'), `is for Bottlerocket nodes; this group is ${family}`)];
}

/** Explain lines for the cluster values a node is given: name, endpoint and the size of the CA. */
export function explainClusterValues(param: ParamLookup): string[] {
  return [
    `- cluster name \`${param(Params.clusterName)}\``,
    `- API server endpoint \`${param(Params.apiServerEndpoint)}\``,
    `- certificate authority: ${(param(Params.certificateAuthorityData) ?? '').length} characters of base64`,
  ];
}

/**
 * Device plugins the cluster must run for the EKS AMIs' accelerators
 * (https://docs.aws.amazon.com/eks/latest/userguide/ml-eks-k8s-device-plugin.html): NVIDIA's on
 * Amazon Linux (Bottlerocket's NVIDIA variants include it), Neuron's on every family.
 */
export const NVIDIA_DEVICE_PLUGIN =
  'the NVIDIA device plugin must run in the cluster before pods can request nvidia.com/gpu: helm repo add nvdp https://nvidia.github.io/k8s-device-plugin && helm upgrade --install nvdp nvdp/nvidia-device-plugin --namespace nvidia-device-plugin --create-namespace';
export const NEURON_DEVICE_PLUGIN =
  'the Neuron device plugin must run in the cluster before pods can request aws.amazon.com/neuron: helm upgrade --install neuron-helm-chart oci://public.ecr.aws/neuron/neuron-helm-chart --namespace kube-system (https://awsdocs-neuron.readthedocs-hosted.com/en/latest/containers/kubernetes-getting-started.html)';

/**
 * The rules both Amazon Linux families apply: an AMI for the version, kubelet settings delivered
 * as they are, no Bottlerocket settings, shell lines that cannot end the MIME part.
 */
export function amazonLinuxChecks(config: Config, ng: NodeGroup, at: At, family: string): Problem[] {
  return [
    ...checkAmiForVersion(config, ng, at, family),
    ...checkKubeletExtraConfig(ng, at, family, deliverAsIs),
    ...refuseBottlerocketSettings(ng, at, family),
    ...checkPreBootstrapCommands(ng, at),
  ];
}

/** The device plugin an EKS Amazon Linux AMI's accelerator needs (both families ship none). */
export function amazonLinuxAcceleratorSetup(accelerator: Accelerator): string | null {
  return accelerator === 'nvidia' ? NVIDIA_DEVICE_PLUGIN : accelerator === 'neuron' ? NEURON_DEVICE_PLUGIN : null;
}

/** The Amazon Linux AMIs boot from one root volume, which the group's volume settings size. */
export const rootVolumeOnly = (): BlockDevice[] => [{ deviceName: ROOT_DEVICE_NAME, kind: 'config' }];

/** A single-quoted shell word: `'` is the only character that needs care inside. */
export function shellQuote(text: string): string {
  return `'${text.split("'").join(`'\\''`)}'`;
}

/**
 * Linux nodes: an access entry of type EC2_LINUX (EKS gives it the node username and groups), and
 * in aws-auth the two groups every node needs.
 */
export const LINUX_NODE: NodeIdentity = { accessEntryType: 'EC2_LINUX', awsAuthGroups: NODE_GROUPS };

/** Amazon Linux EKS AMI releases: `v` and the build date (https://github.com/awslabs/amazon-eks-ami/releases). */
export const AMAZON_LINUX_RELEASE: AmiReleaseForm = {
  pattern: /^v[0-9]{8}$/,
  example: 'v20251120',
  releases: 'https://github.com/awslabs/amazon-eks-ami/releases',
};

/**
 * cfn-signal on the Amazon Linux EKS AMIs: both install `aws-cfn-bootstrap` (awslabs/amazon-eks-ami,
 * templates/al2023/provisioners/install-worker.sh at 6aa0818 and templates/al2/… at 78f54f6).
 */
export const CFN_SIGNAL = '/opt/aws/bin/cfn-signal';
/** The kubelet's health endpoint (KubeletConfiguration healthzPort 10248 on 127.0.0.1, its default). */
export const KUBELET_HEALTHZ = 'http://localhost:10248/healthz';
/** Where the signal script is written on the node. */
export const SIGNAL_SCRIPT = '/usr/local/bin/eksng-signal-ready';

/** Checks of the kubelet's health, 5 s apart, within the group's pauseTime. */
export const healthChecks = (ng: NodeGroup) => Math.max(1, Math.floor(isoSeconds(ng.updatePolicy.pauseTime) / 5));

/**
 * `updatePolicy.waitForNodes` on Amazon Linux: shell lines that write a script and start it as a
 * transient systemd unit, outside cloud-init (on AmazonLinux2023 the kubelet starts only after
 * cloud-init has finished). The script waits for the kubelet's healthz and signals the group with
 * the result: success, or failure after the pauseTime, which fails the update.
 */
export function signalWhenHealthy(ng: NodeGroup): string[] {
  return [
    `cat > ${SIGNAL_SCRIPT} << 'EKSNG_SIGNAL'`,
    '#!/bin/bash',
    `for _ in $(seq 1 ${healthChecks(ng)}); do curl -sf --max-time 2 ${KUBELET_HEALTHZ} > /dev/null && break; sleep 5; done`,
    `if curl -sf --max-time 2 ${KUBELET_HEALTHZ} > /dev/null; then status=0; else status=1; fi`,
    `${CFN_SIGNAL} --exit-code "$status" --stack '${ref('AWS::StackName')}' --resource ${Resources.nodeGroup} --region '${ref('AWS::Region')}'`,
    'EKSNG_SIGNAL',
    `chmod 0755 ${SIGNAL_SCRIPT}`,
    `systemd-run --no-block --unit=eksng-signal-ready ${SIGNAL_SCRIPT}`,
  ];
}

/**
 * What the two Amazon Linux families' modules have in common (their AMIs differ, their user data
 * and rules too): Linux nodes on one root volume, releases named by date, the device plugins.
 */
export const AMAZON_LINUX_MODULE = {
  os: 'linux',
  amiRelease: AMAZON_LINUX_RELEASE,
  volumeRole: 'root volume',
  defaultVolumeGiB: DEFAULTS.volumeSize,
  node: LINUX_NODE,
  blockDevices: rootVolumeOnly,
  acceleratorSetup: amazonLinuxAcceleratorSetup,
  clusterSetup: null,
} as const satisfies Partial<AmiFamilyModule>;
