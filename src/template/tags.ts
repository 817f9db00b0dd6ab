/** Tags of the node group's resources: Name and `kubernetes.io/cluster/<name>` = owned, then the config's own. */
import { ResourceTag } from 'cloudform-types/types/resource';
import { sub, subRef } from '../cfn/intrinsics';
import { userTags } from '../cfn/tags';
import { Params } from './logical-ids';

/** `kubernetes.io/cluster/<name>`: the key the cloud provider and the VPC CNI look for. */
export const clusterOwnedTagKey = sub(`kubernetes.io/cluster/${subRef(Params.clusterName)}`);
export const OWNED = 'owned';

/** `<cluster>-<nodegroup>-<suffix>`, the Name of the group's resources. */
export const nameTagValue = (suffix: string) => sub(`${subRef(Params.clusterName)}-${subRef(Params.nodeGroupName)}-${suffix}`);

export function ownedTags(nameSuffix: string, tags: Readonly<Record<string, string>> = {}): ResourceTag[] {
  return [new ResourceTag('Name', nameTagValue(nameSuffix)), new ResourceTag(clusterOwnedTagKey, OWNED), ...userTags(tags)];
}
