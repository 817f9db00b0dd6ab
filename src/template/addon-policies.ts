/**
 * Add-on permissions on the node role (`iam.withAddonPolicies`, eksctl's name): for each add-on, an
 * AWS managed policy where its own documentation names one, else the minimal inline policy its
 * project documents. The documents are data with their sources (addon-policies.json, and
 * addon-policies.md for why each was chosen and how eksctl differs).
 */
import data from './addon-policies.json';
import { sub } from '../cfn/intrinsics';
import { AddonPolicy, NodeGroup } from '../config/types';

export interface AddonPolicyData {
  readonly title: string;
  /** Names after `arn:<partition>:iam::aws:policy/`, path included. */
  readonly managedPolicies: readonly string[];
  /** Uses only `${ClusterName}` (in keys too) and `${AWS::Partition}` as placeholders. */
  readonly inlinePolicy: Readonly<Record<string, unknown>> | null;
  readonly source: { readonly repository: string | null; readonly path: string | null; readonly version: string; readonly url?: string };
}

export const ADDON_POLICY_DATA = data.addons as unknown as Readonly<Record<AddonPolicy, AddonPolicyData>>;

/** The AWS managed policies the group's add-ons bring, in the order of ADDON_POLICIES. */
export function addonManagedPolicies(ng: NodeGroup): string[] {
  return ng.iam.addonPolicies.flatMap((a) => ADDON_POLICY_DATA[a].managedPolicies);
}

/** The inline policy's name on the node role: unique per add-on, stable across versions. */
export const addonPolicyName = (addon: AddonPolicy) => `eksng-addon-${addon}`;

/**
 * The inline policies of the group's add-ons, ready for the role's `Policies`. `${ClusterName}` is
 * written in as the config's cluster name, because it also occurs in condition keys, where
 * CloudFormation evaluates no function; strings with `${AWS::Partition}` become `Fn::Sub`.
 */
export function addonInlinePolicies(clusterName: string, ng: NodeGroup): Array<{ PolicyName: string; PolicyDocument: Record<string, unknown> }> {
  return ng.iam.addonPolicies
    .filter((a) => ADDON_POLICY_DATA[a].inlinePolicy !== null)
    .map((a) => ({ PolicyName: addonPolicyName(a), PolicyDocument: render(ADDON_POLICY_DATA[a].inlinePolicy, clusterName) as Record<string, unknown> }));
}

function render(value: unknown, clusterName: string): unknown {
  const named = (s: string) => s.split('${ClusterName}').join(clusterName);
  if (typeof value === 'string') {
    const text = named(value);
    return text.includes('${') ? sub(text) : text;
  }
  if (Array.isArray(value)) return value.map((v) => render(v, clusterName));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [named(k), render(v, clusterName)]));
  }
  return value;
}
