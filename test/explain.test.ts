/** The reviewer's summary: focused assertions (the golden .md files cover the full text). */
import { resolveConfig } from '../src/config/resolve';
import { ConfigInput } from '../src/config/types';
import { explainNodeGroup } from '../src/explain';
import { buildOutputs } from '../src/outputs';
import { aConfig } from './helpers';

function explain(input: ConfigInput): string {
  const config = resolveConfig(input);
  return explainNodeGroup(config, buildOutputs(config, 'nodegroup.json').templates[0], 'nodegroup.json');
}

describe('eksng explain', () => {
  it('lists every security-group rule of the template as a table row', () => {
    const md = explain(aConfig({ nodeGroup: { ssh: { keyName: 'k', sourceCidr: '198.51.100.0/24' } } }));
    const rows = md.split('\n').filter((l) => /^\| `\w+` \| (ingress|egress) \|/.test(l));
    expect(rows).toHaveLength(7);
    expect(md).toContain('| `NodeSecurityGroupSshIngress` | ingress | `NodeSecurityGroup` | tcp 22 | `198.51.100.0/24` |');
    expect(md).toContain('| `ControlPlaneEgressToNodeSecurityGroup` | egress | `ClusterControlPlaneSecurityGroup` | tcp 1025-65535 | `NodeSecurityGroup` |');
  });

  it('makes SSH open to the world impossible to miss', () => {
    expect(explain(aConfig({ nodeGroup: { ssh: { keyName: 'k', sourceCidr: '0.0.0.0/0', allowOpenToWorld: true } } }))).toContain('**open to the whole internet**');
  });

  it('names the IAM policies, the user-data settings and the cluster access', () => {
    const md = explain(aConfig({ cluster: { authenticationMode: 'API_AND_CONFIG_MAP' } }));
    for (const p of ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']) expect(md).toContain(`- \`${p}\``);
    expect(md).toContain('- service CIDR `10.100.0.0/16`');
    expect(md).toContain('An EKS access entry of type `EC2_LINUX`');
    expect(md).toContain('`aws-auth` ConfigMap');
  });

  it('draws the resources and their references as a Mermaid flowchart', () => {
    const md = explain(aConfig());
    const mermaid = md.slice(md.indexOf('```mermaid'), md.lastIndexOf('```'));
    expect(mermaid).toContain('NodeGroup --> NodeLaunchTemplate');
    expect(mermaid).toContain('NodeLaunchTemplate --> NodeInstanceProfile');
    expect(mermaid).toContain('NodeInstanceProfile --> NodeInstanceRole');
    expect(mermaid).toContain('ClusterControlPlaneSecurityGroup[(ClusterControlPlaneSecurityGroup)]');
  });
});
