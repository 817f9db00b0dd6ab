/**
 * Instance-store NVMe disks, assembled by the node's own agent before containerd and the kubelet
 * start: nodeadm's `spec.instance.localStorage` on AmazonLinux2023, bootstrap.sh's `--local-disks`
 * on AmazonLinux2, `apiclient ephemeral-storage` bootstrap commands on Bottlerocket (RAID0 only).
 * Which family does what is the family's (src/families); the instance types must have the disks.
 */
import { instanceTypeAt } from '../config/pointers';
import type { At } from '../families/family';
import type { NodeGroup } from '../config/types';
import { error, Problem, warning } from '../problems';
import { instanceDataSource, instanceTypeInfo } from './instance-types';
import type { LocalStorageSupport } from './types';

export function checkLocalStorage(ng: NodeGroup, at: At, support: LocalStorageSupport): Problem[] {
  const strategy = ng.localStorage;
  if (strategy === null) return [];
  if (!support.strategies.includes(strategy)) {
    return [error('rule.local-storage-family', at('localStorage', 'strategy'), `"${strategy}" is not available for ${ng.amiFamily}: ${support.why}`)];
  }
  return ng.instanceTypes.flatMap((type, j): Problem[] => {
    const where = instanceTypeAt(ng, j, at);
    const info = instanceTypeInfo(type);
    if (!info) return [warning('rule.local-storage-types', where, `${type} is not in eksng's instance-type data (${instanceDataSource()}): check that it has NVMe instance store, else localStorage does nothing`)];
    return info.localNvmeGiB === 0
      ? [error('rule.local-storage-types', where, `${type} has no NVMe instance store, so localStorage has nothing to assemble: use a type with one (a "d" variant such as m6id, c6id, r6id, or i4i, im4gn)`)]
      : [];
  });
}
