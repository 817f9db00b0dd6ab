/**
 * Parity with AWS's reference template: every resource, security-group rule, parameter and output
 * it had is still here (a launch template in place of the launch configuration), unless dropped on
 * purpose for the reason written below.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { resolveConfig } from '../../src/config/resolve';
import { buildNodeGroupTemplate } from '../../src/template';
import { loadCfnYaml } from '../../src/cfn-yaml';
import { aConfig } from '../helpers';

// Copies of AWS's reference templates (MIT-0, see LICENSE-amazon-eks-ami), so CI needs nothing outside the repository.
const ANCHORS = path.join(__dirname, '../fixtures/anchors');
const anchor = (name: string) => loadCfnYaml(readFileSync(path.join(ANCHORS, name), 'utf8'));

/** Deliberately not carried over. */
const DROPPED_PARAMETERS: Record<string, string> = {
  BootstrapArguments: 'a free-form string pasted into the user-data shell script is an injection point; typed fields replace it',
  DisableIMDSv1: 'IMDSv2 is always required (secure by default)',
};
const RENAMED_RESOURCES: Record<string, string> = { NodeLaunchConfig: 'NodeLaunchTemplate' };
const RENAMED_TYPES: Record<string, string> = { 'AWS::AutoScaling::LaunchConfiguration': 'AWS::EC2::LaunchTemplate' };

function ours() {
  const config = resolveConfig(aConfig({ nodeGroup: { ssh: { keyName: 'k', sourceCidr: '10.0.0.0/8' } } }));
  return buildNodeGroupTemplate(config, config.nodeGroups[0]).template as any;
}

function sgRule(r: any) {
  const p = r.Properties;
  return {
    Type: r.Type,
    Description: p.Description,
    GroupId: p.GroupId,
    Peer: p.SourceSecurityGroupId ?? p.DestinationSecurityGroupId,
    IpProtocol: String(p.IpProtocol),
    // With protocol -1 (all traffic) ports are ignored by EC2; the reference wrote 0-65535.
    Ports: String(p.IpProtocol) === '-1' ? 'all' : `${p.FromPort}-${p.ToPort}`,
  };
}

describe.each(['amazon-eks-nodegroup-2019-02-11.yaml', 'amazon-eks-nodegroup-2022-05-09.yaml'])('parity with %s', (file) => {
  const ref = anchor(file) as any;
  const mine = ours();

  it('keeps every resource, with the same type (launch template for launch configuration)', () => {
    for (const [id, r] of Object.entries<any>(ref.Resources)) {
      const ourId = RENAMED_RESOURCES[id] ?? id;
      expect([ourId, mine.Resources[ourId]?.Type]).toEqual([ourId, RENAMED_TYPES[r.Type] ?? r.Type]);
    }
  });

  it('keeps every security-group rule: group, peer, protocol, ports and description', () => {
    const rules = Object.entries<any>(ref.Resources).filter(([, r]) => /SecurityGroup(Ingress|Egress)$/.test(r.Type));
    expect(rules).toHaveLength(6);
    for (const [id, r] of rules) expect(sgRule(mine.Resources[id])).toEqual(sgRule(r));
  });

  it('keeps the owned tag on the node SG and the ASG tags', () => {
    expect(mine.Resources.NodeSecurityGroup.Properties.Tags).toEqual(expect.arrayContaining(ref.Resources.NodeSecurityGroup.Properties.Tags));
    expect(mine.Resources.NodeGroup.Properties.Tags).toEqual(expect.arrayContaining(ref.Resources.NodeGroup.Properties.Tags));
  });

  it('keeps every parameter name but the ones dropped on purpose', () => {
    for (const name of Object.keys(ref.Parameters)) {
      if (name in DROPPED_PARAMETERS) continue;
      expect([name, name in mine.Parameters]).toEqual([name, true]);
    }
  });

  it('keeps every output', () => {
    for (const name of Object.keys(ref.Outputs)) expect(mine.Outputs[name]).toBeDefined();
  });
});
