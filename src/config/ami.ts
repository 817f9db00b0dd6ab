/**
 * Which EKS-optimized AMI a node group runs. The public SSM parameter names are documented at
 * https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html (Amazon Linux) and
 * https://bottlerocket.dev/en/os/latest/#/concepts/variants/ (Bottlerocket).
 */
import { Accelerator, AmiFamily } from './types';

export type Architecture = 'x86_64' | 'arm64';

const familyOf = (instanceType: string) => instanceType.split('.')[0];

/**
 * Graviton instance families carry a "g" after the generation digit (m6g, c7gn, t4g, r8gd, im4gn,
 * is4gen, x2gd, g5g) and a1 is the first Graviton generation. Everything else is x86_64.
 */
export function architectureOf(instanceType: string): Architecture {
  const family = familyOf(instanceType);
  return family === 'a1' || /^[a-z]+[0-9]+g[a-z]*$/.test(family) ? 'arm64' : 'x86_64';
}

/**
 * NVIDIA GPU families (p2…p6, g3…g6e, g5g, gr6) need the NVIDIA AMI variant; Inferentia and
 * Trainium (inf1, inf2, trn1, trn1n, trn2) the Neuron one. g4ad has AMD GPUs: the standard AMI.
 */
export function acceleratorOf(instanceType: string): Accelerator {
  const family = familyOf(instanceType);
  if (/^(inf|trn)[0-9]+[a-z]*$/.test(family)) return 'neuron';
  if (family !== 'g4ad' && /^(p[2-9]|g[3-9]|gr[0-9])[a-z0-9-]*$/.test(family)) return 'nvidia';
  return 'none';
}

export function eksOptimizedAmiParameter(family: AmiFamily, kubernetesVersion: string, arch: Architecture, accelerator: Accelerator): string {
  switch (family) {
    case 'AmazonLinux2023':
      return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/${arch}/${accelerator === 'none' ? 'standard' : accelerator}/recommended/image_id`;
    case 'AmazonLinux2': {
      const variant = accelerator !== 'none' ? '-gpu' : arch === 'arm64' ? '-arm64' : '';
      return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2${variant}/recommended/image_id`;
    }
    case 'Bottlerocket':
      return `/aws/service/bottlerocket/aws-k8s-${kubernetesVersion}${accelerator === 'nvidia' ? '-nvidia' : ''}/${arch}/latest/image_id`;
  }
}
