/** No value can break out of the user data: every substituted parameter is constrained. */
import { resolveConfig } from '../../src/config/resolve';
import { buildNodeGroupTemplate } from '../../src/template';
import { aConfig } from '../helpers';
import { ConfigInput } from '../../src/config/types';

const HOSTILE = ["x'; reboot; '", 'x"y', 'a b', 'x\nrm -rf /', '$(id)', '`id`', '${AWS::StackName}', 'x\n--//--\nContent-Type: text/x-shellscript', 'key: value\nkind: Pod', ''];

function userDataOf(input: ConfigInput) {
  const config = resolveConfig(input);
  const t = buildNodeGroupTemplate(config, config.nodeGroups[0]).template as any;
  const sub: string = t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Sub'];
  return { t, sub, refs: [...sub.matchAll(/\$\{([A-Za-z0-9:]+)\}/g)].map((m) => m[1]) };
}

const cases: Array<[string, ConfigInput]> = [
  ['AmazonLinux2023', aConfig()],
  ['AmazonLinux2 with endpoint, CA and service CIDR', aConfig({ cluster: { kubernetesVersion: '1.32' }, nodeGroup: { amiFamily: 'AmazonLinux2' } })],
  ['AmazonLinux2 discovering the cluster', aConfig({ cluster: { kubernetesVersion: '1.32', endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined }, nodeGroup: { amiFamily: 'AmazonLinux2' } })],
];

describe.each(cases)('user data for %s', (_, input) => {
  const { t, sub, refs } = userDataOf(input);

  it('substitutes only template parameters, each with an anchored pattern that rejects hostile values and accepts its default', () => {
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) {
      const param = t.Parameters[name];
      expect([name, param?.Type]).toEqual([name, 'String']);
      const re = new RegExp(param.AllowedPattern);
      expect(param.AllowedPattern).toMatch(/^\^.*\$$/);
      for (const bad of HOSTILE) expect([name, bad, re.test(bad)]).toEqual([name, bad, false]);
      expect(re.test(String(param.Default))).toBe(true);
    }
  });

  it('contains no config string verbatim other than through parameters', () => {
    expect(sub).not.toContain('test-cluster');
    expect(sub).not.toContain('eks.amazonaws.com');
  });
});

describe('AmazonLinux2023 user data', () => {
  it('is a nodeadm NodeConfig in a MIME multipart document naming the cluster, endpoint, CA and CIDR', () => {
    const { sub } = userDataOf(aConfig());
    expect(sub).toContain('Content-Type: multipart/mixed; boundary="//"');
    expect(sub).toContain('Content-Type: application/node.eks.aws');
    expect(sub).toContain('apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: "${ClusterName}"\n    apiServerEndpoint: "${ApiServerEndpoint}"\n    certificateAuthority: "${CertificateAuthorityData}"\n    cidr: "${ServiceCidr}"\n');
    expect(sub.trimEnd().endsWith('--//--')).toBe(true);
  });
});

describe('AmazonLinux2 user data', () => {
  it('calls bootstrap.sh with quoted, constrained arguments and the cluster DNS IP from the service CIDR', () => {
    const { t, sub } = userDataOf(aConfig({ cluster: { kubernetesVersion: '1.32', serviceCidr: '172.20.0.0/16' }, nodeGroup: { amiFamily: 'AmazonLinux2' } }));
    expect(sub).toContain("/etc/eks/bootstrap.sh '${ClusterName}' --apiserver-endpoint '${ApiServerEndpoint}' --b64-cluster-ca '${CertificateAuthorityData}' --dns-cluster-ip '${DnsClusterIp}'");
    expect(t.Parameters.DnsClusterIp.Default).toBe('172.20.0.10');
  });
});
