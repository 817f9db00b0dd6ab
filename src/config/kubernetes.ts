/**
 * Kubernetes syntax rules the schema patterns cannot say alone: the length of a label key's DNS
 * prefix, and which label keys a kubelet may set on its own node (the NodeRestriction admission
 * plugin refuses the rest, and the node never becomes Ready).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 * https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction
 */

/** Null when fine, else what is wrong. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.lastIndexOf('/');
  if (slash > 253) return `has a prefix longer than 253 characters`;
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const restricted = prefix === 'kubernetes.io' || prefix.endsWith('.kubernetes.io') || prefix === 'k8s.io' || prefix.endsWith('.k8s.io');
  if (restricted && !KUBELET_ALLOWED.has(key) && !prefix.endsWith('kubelet.kubernetes.io') && !prefix.endsWith('node.kubernetes.io')) {
    return `is in the ${prefix} namespace, which a kubelet may not set on its node (NodeRestriction): the node would not join; use your own prefix (e.g. "example.com/role") or node.kubernetes.io/…`;
  }
  return null;
}

const KUBELET_ALLOWED = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
]);

/** `key=value:Effect` as kubelet's --register-with-taints takes it. */
export function taintFlag(t: { key: string; value: string; effect: string }): string {
  return `${t.key}=${t.value}:${t.effect}`;
}
