/** Resource tags from the config's `{key: value}` maps. */
import { ResourceTag } from 'cloudform-types/types/resource';

export function userTags(tags: Readonly<Record<string, string>>): ResourceTag[] {
  return Object.entries(tags).map(([k, v]) => new ResourceTag(k, v));
}

/** `Tags` only when there are any (an empty list is noise in the template). */
export function optionalTags(tags: Readonly<Record<string, string>>): { Tags?: ResourceTag[] } {
  return Object.keys(tags).length === 0 ? {} : { Tags: userTags(tags) };
}
