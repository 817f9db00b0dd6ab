/**
 * Which EKS-optimized AMI a node group runs: the public SSM parameter names are documented at
 * https://docs.aws.amazon.com/eks/latest/userguide/retrieve-ami-id.html
 */
import { AmiFamily } from './types';

export type Architecture = 'x86_64' | 'arm64';

/**
 * Graviton instance families carry a "g" after the generation digit (m6g, c7gn, t4g, r8gd, im4gn,
 * is4gen, x2gd) and a1 is the first Graviton generation. Everything else is x86_64.
 * Accelerated variants (GPU, Neuron) are not chosen automatically yet.
 */
export function architectureOf(instanceType: string): Architecture {
  const family = instanceType.split('.')[0];
  return family === 'a1' || /^[a-z]+[0-9]+g[a-z]*$/.test(family) ? 'arm64' : 'x86_64';
}

export function eksOptimizedAmiParameter(family: AmiFamily, kubernetesVersion: string, arch: Architecture): string {
  switch (family) {
    case 'AmazonLinux2023':
      return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/${arch}/standard/recommended/image_id`;
    case 'AmazonLinux2':
      return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2${arch === 'arm64' ? '-arm64' : ''}/recommended/image_id`;
  }
}
