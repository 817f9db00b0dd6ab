/**
 * The AMI families, by the name the config uses. Adding one: write its module (see family.ts for
 * what it must provide), add its name to `AMI_FAMILIES` (src/config/types.ts), and the compiler
 * points here.
 */
import type { AmiFamily, NodeGroup } from '../config/types';
import { AmazonLinux2 } from './amazon-linux-2';
import { AmazonLinux2023 } from './amazon-linux-2023';
import { Bottlerocket } from './bottlerocket';
import type { AmiFamilyModule } from './family';
import { WindowsFamilies } from './windows';

export const FAMILIES: Readonly<Record<AmiFamily, AmiFamilyModule>> = {
  AmazonLinux2023,
  AmazonLinux2,
  Bottlerocket,
  ...WindowsFamilies,
};

export function familyOf(ng: Pick<NodeGroup, 'amiFamily'>): AmiFamilyModule {
  return FAMILIES[ng.amiFamily];
}

export type { AmiFamilyModule, BlockDevice, ClusterInfoNeeds, ClusterSetup, NodeIdentity } from './family';
