/**
 * The kubelet settings contract every family shares: `kubeletExtraConfig` keys are
 * KubeletConfiguration (kubelet.config.k8s.io/v1beta1) field names, checked against the field list
 * derived from the kubelet's own types (contract/kubelet-config-v1beta1.json), with values of the
 * field's type. The kubelet drops an unknown key with an info-level log line, and fails to start
 * on a value of the wrong type; eksng refuses both, with the place in the user's file.
 */
import { describeValue, error, Problem, warning } from '../problems';
import { closest } from '../validation/problems';
import { BOTTLEROCKET_SETTINGS, KUBELET_CONFIGURATION, KubeletFieldType } from './contract';
import type { At } from './family';
import type { NodeGroup } from '../config/types';
import { isJsonType, own } from './json-type';

/**
 * Fields the node's bootstrap (or eksng) sets, with what to do instead. eksctl refuses the
 * bootstrap-owned ones too: a node whose kubelet disagrees with them about its identity,
 * authentication or cluster domain does not join.
 */
export const RESERVED_KUBELET_FIELDS: Readonly<Record<string, string>> = {
  apiVersion: 'is set by the node\'s bootstrap (the kubelet configuration\'s type)',
  kind: 'is set by the node\'s bootstrap (the kubelet configuration\'s type)',
  address: 'is set by the node\'s bootstrap',
  authentication: 'is set by the node\'s bootstrap (the node\'s credentials and the cluster CA); a node with other settings cannot join',
  authorization: 'is set by the node\'s bootstrap; a node with other settings cannot join',
  clusterDomain: 'is set by the node\'s bootstrap (cluster.local, as EKS\'s CoreDNS serves it)',
  serverTLSBootstrap: 'is set by the node\'s bootstrap',
  providerID: 'is set by the node\'s bootstrap from the instance metadata; the cloud provider finds the node by it',
  clusterDNS: 'is set from cluster.serviceCidr (the cluster DNS service IP); set that instead',
  maxPods: 'is set by maxPodsPerNode; use that field (eksng then also sizes the kubelet\'s memory reservation for that many pods)',
  registerWithTaints: 'is set by taints; use that field',
  readOnlyPort: 'would serve the kubelet\'s read-only API (pods, node status) to anyone who reaches the node, without authentication; EKS AMIs keep it off',
};

/** What a value of this type looks like, for messages. */
function describeType(t: KubeletFieldType): string {
  switch (t.type) {
    case 'duration':
      return 'a duration string such as "10s" or "1m30s"';
    case 'object':
      return t.fields ? `an object with the fields ${Object.keys(t.fields).join(', ')}` : `an object of ${t.values ?? 'any'} values`;
    case 'array':
      return `an array${t.items ? ` of ${t.items} items` : ''}`;
    case 'integer':
      return 'an integer';
    default:
      return `a ${t.type}`;
  }
}

const DURATION = /^-?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$|^0$/;

function isType(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case undefined:
      return true;
    case 'duration':
      return typeof value === 'string' && DURATION.test(value);
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
    case 'array':
      return isJsonType(value, type);
    default:
      return true;
  }
}

/** Null when `value` is of type `t`, else why not (nested fields and map values included). */
export function kubeletValueProblem(value: unknown, t: KubeletFieldType): string | null {
  if (!isType(value, t.type)) return `must be ${describeType(t)}, got ${describeValue(value)}`;
  if (t.enum && typeof value === 'string' && !t.enum.includes(value)) return `must be one of ${t.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(value)}`;
  if (t.type === 'object' && value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (t.fields) {
        const field = own(t.fields, k);
        if (!field) return `has no field "${k}" (fields: ${Object.keys(t.fields).join(', ')})`;
        const inner = kubeletValueProblem(v, field);
        if (inner) return `.${k} ${inner}`;
      } else if (!isType(v, t.values)) return `.${k} must be ${t.values === 'duration' ? 'a duration string' : `a ${t.values}`}, got ${describeValue(v)}`;
    }
  }
  if (t.type === 'array' && Array.isArray(value) && t.items && t.items !== 'object') {
    const bad = value.findIndex((v) => !isType(v, t.items));
    if (bad >= 0) return `[${bad}] must be a ${t.items}, got ${describeValue(value[bad])}`;
  }
  return null;
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]/g, '');

/**
 * The field a misspelt or differently spelt key most likely means: the same letters in another
 * case or with dashes (`max-pods`), the field behind a Bottlerocket setting's name (`registry-qps`
 * or `registryQps` → registryPullQPS), else the nearest name by edit distance.
 */
export function kubeletFieldHint(key: string): string | undefined {
  const names = Object.keys(KUBELET_CONFIGURATION.fields);
  const same = names.find((n) => normalize(n) === normalize(key));
  if (same) return same;
  const viaBottlerocket = Object.entries(BOTTLEROCKET_SETTINGS.kubelet).find(([, setting]) => normalize(setting) === normalize(key));
  if (viaBottlerocket) return viaBottlerocket[0].split('.')[0];
  return closest(key, names);
}

/** How a family delivers one kubeletExtraConfig entry: the settings it becomes, or why it cannot. */
export type KubeletDelivery = { readonly settings: ReadonlyArray<readonly [string, unknown]> } | { readonly refused: string };

/** Families that write the kubelet configuration themselves take every field as it is. */
export const deliverAsIs = (field: string, value: unknown): KubeletDelivery => ({ settings: [[field, value]] });

/**
 * Problems with `kubeletExtraConfig`, in the order of its keys: reserved, unknown (with a "did you
 * mean"), of the wrong type, deprecated (a warning), or not deliverable by this family.
 */
export function checkKubeletExtraConfig(ng: NodeGroup, at: At, familyName: string, deliver: (field: string, value: unknown) => KubeletDelivery): Problem[] {
  const problems: Problem[] = [];
  const fields = KUBELET_CONFIGURATION.fields;
  for (const [key, value] of Object.entries(ng.kubeletExtraConfig ?? {})) {
    const where = at('kubeletExtraConfig', key);
    const reserved = own(RESERVED_KUBELET_FIELDS, key);
    if (reserved !== undefined) {
      problems.push(error('rule.kubelet-reserved', where, reserved));
      continue;
    }
    const field = own(fields, key);
    if (!field) {
      const hint = kubeletFieldHint(key);
      problems.push(error('rule.kubelet-unknown', where, `is not a field of the kubelet's configuration (KubeletConfiguration v1beta1)${hint ? `; did you mean "${hint}"?` : '.'} The kubelet would drop it without an error.`));
      continue;
    }
    const typeProblem = kubeletValueProblem(value, field);
    if (typeProblem) {
      problems.push(error('rule.kubelet-type', where, `${typeProblem}: the kubelet would refuse its configuration and not start`));
      continue;
    }
    if (field.deprecated) problems.push(warning('rule.kubelet-deprecated', where, 'is deprecated in KubeletConfiguration v1beta1'));
    const delivery = deliver(key, value);
    if ('refused' in delivery) problems.push(error('rule.kubelet-unsupported', where, `cannot be set on ${familyName}: ${delivery.refused}`));
  }
  return problems;
}

/**
 * The memory the kubelet reserves for the system on EKS AMIs, from the pod count: nodeadm's
 * `getMemoryMebibytesToReserve` (amazon-eks-ami nodeadm/internal/kubelet/config.go) and
 * bootstrap.sh compute it as 11 MiB per pod + 255 MiB, from their own ENI-based pod count.
 */
export function kubeReservedMemoryMi(maxPods: number): number {
  return 11 * maxPods + 255;
}
