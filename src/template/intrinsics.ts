/**
 * Small helpers over cloudform's intrinsic functions. `Fn::Sub` is written in its short form
 * (a plain string) when there are no variables: cloudform's `Sub` always writes the list form.
 */
import { IntrinsicFunction } from 'cloudform-types/types/dataTypes';
import { ResourceTag } from 'cloudform-types/types/resource';
import { Ref } from 'cloudform-types/types/functions';
import { Params } from './logical-ids';

export function sub(text: string): IntrinsicFunction {
  return new IntrinsicFunction('Fn::Sub', text);
}

/** `kubernetes.io/cluster/<name>`: the key the cloud provider and the VPC CNI look for. */
export const clusterOwnedTagKey = sub(`kubernetes.io/cluster/\${${Params.clusterName}}`);
export const OWNED = 'owned';

/** Name and `kubernetes.io/cluster/<name>` = owned, then the node group's own `tags`. */
export function ownedTags(nameSuffix: string, tags: Readonly<Record<string, string>> = {}): ResourceTag[] {
  return [
    new ResourceTag('Name', sub(`\${${Params.clusterName}}-\${${Params.nodeGroupName}}-${nameSuffix}`)),
    new ResourceTag(clusterOwnedTagKey, OWNED),
    ...userTags(tags),
  ];
}

export function userTags(tags: Readonly<Record<string, string>>): ResourceTag[] {
  return Object.entries(tags).map(([k, v]) => new ResourceTag(k, v));
}

export { Ref };
