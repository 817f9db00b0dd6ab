/**
 * What an instance type needs of its AMI: CPU architecture and accelerator. Which AMI of a family
 * that is lives with the family (src/families).
 */
import { Accelerator, Architecture } from './types';

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
