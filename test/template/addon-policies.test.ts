/** iam.withAddonPolicies: the data and its sources, how it lands on the node role, and the rules around it. */
import { loadConfig } from '../../src/config';
import { resolveConfig } from '../../src/config/resolve';
import { ADDON_POLICIES, ConfigInput } from '../../src/config/types';
import { buildNodeGroupTemplate } from '../../src/template';
import { ADDON_POLICY_DATA, addonInlinePolicies } from '../../src/template/addon-policies';
import { aConfig } from '../helpers';

type Json = any;
const ALL = Object.fromEntries(ADDON_POLICIES.map((a) => [a, true]));
const role = (input: ConfigInput): Json => {
  const config = resolveConfig(input);
  return (buildNodeGroupTemplate(config, config.nodeGroups[0]).template.Resources as Json).NodeInstanceRole.Properties;
};
const codesAt = (input: ConfigInput) => loadConfig(JSON.stringify(input)).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);
const strings = (v: unknown, keys = false): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap((x) => strings(x, keys)) : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [...(keys ? [k] : []), ...strings(x, keys)]) : [];

describe('add-on policy data (src/template/addon-policies.json)', () => {
  it('has exactly the add-ons of the config vocabulary, each from a named source, each either managed or inline', () => {
    expect(Object.keys(ADDON_POLICY_DATA)).toEqual([...ADDON_POLICIES]);
    for (const a of ADDON_POLICIES) {
      const d = ADDON_POLICY_DATA[a];
      expect(d.source.version).toEqual(expect.any(String));
      expect(d.source.repository !== null || d.source.url !== undefined).toBe(true);
      expect([d.managedPolicies.length > 0, d.inlinePolicy !== null]).toContain(true);
      expect(d.managedPolicies.length > 0 && d.inlinePolicy !== null).toBe(false);
    }
  });

  it('writes every ARN for any partition, with no placeholder but ${ClusterName} and ${AWS::Partition}', () => {
    for (const a of ADDON_POLICIES) {
      const all = strings(ADDON_POLICY_DATA[a].inlinePolicy, true).join('\n');
      expect(all).not.toMatch(/arn:aws(-cn|-us-gov)?:/);
      expect(all.match(/\$\{[^}]*\}/g) ?? []).toEqual((all.match(/\$\{[^}]*\}/g) ?? []).filter((p) => p === '${ClusterName}' || p === '${AWS::Partition}'));
    }
  });
});

describe('add-on policies on the node role', () => {
  it('adds the AWS managed policies after the role\'s own, and each inline policy under a stable name', () => {
    const r = role(aConfig({ nodeGroup: { clusterAutoscaler: true, iam: { withAddonPolicies: ALL } } }));
    expect(r.ManagedPolicyArns.slice(3)).toEqual(
      ['service-role/AmazonEBSCSIDriverPolicy', 'service-role/AmazonEFSCSIDriverPolicy', 'CloudWatchAgentServerPolicy'].map((p) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/${p}` })),
    );
    expect(r.Policies.map((p: Json) => p.PolicyName)).toEqual(['eksng-addon-autoScaler', 'eksng-addon-fsx', 'eksng-addon-awsLoadBalancerController', 'eksng-addon-externalDNS', 'eksng-addon-certManager']);
  });

  it('writes the cluster name into condition keys (where CloudFormation evaluates nothing) and wraps partition ARNs in Fn::Sub', () => {
    const r = role(aConfig({ nodeGroup: { iam: { withAddonPolicies: { autoScaler: true, awsLoadBalancerController: true } } } }));
    const autoscaler = r.Policies[0].PolicyDocument;
    expect(Object.keys(autoscaler.Statement[1].Condition.StringEquals)).toEqual(['aws:ResourceTag/k8s.io/cluster-autoscaler/test-cluster']);
    const plain = strings(r.Policies, true);
    // Strings left plain hold no placeholder; every one that does sits in an Fn::Sub.
    expect(plain.filter((s) => s.includes('${') && !s.startsWith('arn:${AWS::Partition}:'))).toEqual([]);
    const subs = JSON.stringify(r.Policies).match(/"Fn::Sub":"[^"]*"/g) ?? [];
    expect(subs.length).toBe((JSON.stringify(r.Policies).match(/\$\{AWS::Partition\}/g) ?? []).length);
  });

  it('lists a managed policy once when attachPolicyARNs repeats one an add-on brings', () => {
    const r = role(aConfig({ nodeGroup: { iam: { withAddonPolicies: { cloudWatch: true }, attachPolicyARNs: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy'] } } }));
    expect(r.ManagedPolicyArns.filter((a: Json) => JSON.stringify(a).includes('CloudWatchAgentServerPolicy'))).toHaveLength(1);
  });

  it('adds nothing when no add-on is set', () => {
    expect(role(aConfig()).Policies).toBeUndefined();
    expect(addonInlinePolicies('c', resolveConfig(aConfig({ nodeGroup: { iam: { withAddonPolicies: { ebs: true, autoScaler: false } } } })).nodeGroups[0])).toEqual([]);
  });
});

describe('add-on policy rules', () => {
  it('warns that every pod on the nodes gets the permissions, pointing at the field', () => {
    const problems = loadConfig(JSON.stringify(aConfig({ nodeGroup: { iam: { withAddonPolicies: { ebs: true } } } }))).problems;
    expect(problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`)).toEqual(['warning:rule.addon-policies-on-node@/nodeGroups/0/iam/withAddonPolicies']);
    expect(problems[0].message).toContain('Pod Identity or IRSA');
  });

  it('refuses add-on policies on a role the config brings', () => {
    expect(codesAt(aConfig({ nodeGroup: { iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/r', withAddonPolicies: { ebs: true } } } }))).toContain('error:rule.own-role@/nodeGroups/0/iam/withAddonPolicies');
  });

  it('notes autoscaler permissions when no group of the config is tagged for the autoscaler', () => {
    expect(codesAt(aConfig({ nodeGroup: { iam: { withAddonPolicies: { autoScaler: true } } } }))).toContain('note:rule.autoscaler-policy-untagged@/nodeGroups/0/iam/withAddonPolicies/autoScaler');
    // The autoscaler's policy on one group covers the tagged groups of the whole config.
    const both = aConfig({ nodeGroups: [{ name: 'system', iam: { withAddonPolicies: { autoScaler: true } } }, { name: 'workers', clusterAutoscaler: true }] });
    expect(codesAt(both).filter((c) => c.includes('autoscaler'))).toEqual([]);
  });

  it('warns past IAM\'s default quota of 10 managed policies per role, and refuses past its limit of 20', () => {
    const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::111122223333:policy/p${i}`);
    // 3 of eksng + 3 add-ons + 5 = 11: a warning.
    expect(codesAt(aConfig({ nodeGroup: { iam: { attachPolicyARNs: arns(5), withAddonPolicies: { ebs: true, efs: true, cloudWatch: true } } } }))).toContain('warning:rule.managed-policy-quota@/nodeGroups/0/iam');
    expect(codesAt(aConfig({ nodeGroup: { iam: { attachPolicyARNs: arns(4), withAddonPolicies: { ebs: true, efs: true, cloudWatch: true } } } })).filter((c) => c.includes('managed-policy'))).toEqual([]);
    // 4 of eksng (SSM) + 3 add-ons + 16 = 23: refused.
    expect(codesAt(aConfig({ nodeGroup: { iam: { withSSM: true, attachPolicyARNs: arns(16), withAddonPolicies: { ebs: true, efs: true, cloudWatch: true } } } }))).toContain('error:rule.managed-policy-limit@/nodeGroups/0/iam');
  });

  it('keeps all add-ons together within IAM\'s 10,240 characters of inline policy per role', () => {
    const longName = `c${'x'.repeat(99)}`;
    const ng = resolveConfig(aConfig({ cluster: { name: longName }, nodeGroup: { iam: { withAddonPolicies: ALL } } })).nodeGroups[0];
    const size = addonInlinePolicies(longName, ng).reduce((n, p) => n + JSON.stringify(p.PolicyDocument).replace(/\s/g, '').length, 0);
    expect(size).toBeLessThan(10_240);
    expect(codesAt(aConfig({ cluster: { name: longName }, nodeGroup: { iam: { withAddonPolicies: ALL } } })).filter((c) => c.includes('inline-policy'))).toEqual([]);
  });
});
