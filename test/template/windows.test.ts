/** Windows node groups (issue 17): one family module per Windows Server variant, and what depends on it. */
import { loadConfig } from '../../src/config';
import { resolveConfig } from '../../src/config/resolve';
import { ConfigInput, NodeGroupInput } from '../../src/config/types';
import { buildClusterTemplate } from '../../src/cluster';
import { FAMILIES } from '../../src/families';
import { psQuote, WINDOWS_VARIANTS } from '../../src/families/windows';
import { buildNodeGroupTemplate } from '../../src/template';
import { aConfig } from '../helpers';

type Json = any;
const windows = (ng: Partial<NodeGroupInput> = {}): Partial<NodeGroupInput> => ({ amiFamily: 'WindowsServer2022Core', instanceType: 'm6i.xlarge', ...ng });
/** A Linux system group and a Windows group, as a mixed cluster has them. */
const mixed = (ng: Partial<NodeGroupInput> = {}, cluster: Partial<ConfigInput['cluster']> = {}): ConfigInput =>
  aConfig({ cluster, nodeGroups: [{ name: 'linux' }, { name: 'win', ...windows(ng) }] });
const template = (input: ConfigInput, i = 1): Json => {
  const config = resolveConfig(input);
  return buildNodeGroupTemplate(config, config.nodeGroups[i]).template;
};
const userData = (input: ConfigInput): string => template(input).Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Sub'];
const codes = (input: ConfigInput) => loadConfig(JSON.stringify(input)).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);

describe('Windows user data', () => {
  it('is one <powershell> block calling Start-EKSBootstrap.ps1 with the cluster values as template parameters, and labels, taints and maxPods as kubelet flags', () => {
    const text = userData(mixed({ labels: { 'example.com/pool': 'win' }, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }], maxPodsPerNode: 20 }));
    expect(text).toBe(
      [
        '<powershell>',
        '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"',
        "& $EKSBootstrapScriptFile -EKSClusterName '${ClusterName}' -APIServerEndpoint '${ApiServerEndpoint}' -Base64ClusterCA '${CertificateAuthorityData}' -ServiceCIDR '${ServiceCidr}' -DNSClusterIP '${DnsClusterIp}' -KubeletExtraArgs '--node-labels=eksng.io/nodegroup=win,example.com/pool=win --register-with-taints=os=windows:NoSchedule --max-pods=20' 3>&1 4>&1 5>&1 6>&1",
        '</powershell>',
        '',
      ].join('\n'),
    );
  });

  it('leaves the endpoint, CA and service addresses to the script when the config lacks them (it describes the cluster itself)', () => {
    const text = userData(mixed({}, { endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined }));
    expect(text).toContain("-EKSClusterName '${ClusterName}' -KubeletExtraArgs '--node-labels=eksng.io/nodegroup=win' 3>&1");
    expect(text).not.toMatch(/APIServerEndpoint|ServiceCIDR|DNSClusterIP/);
  });

  it('runs preBootstrapCommands from a literal here-string, in a child PowerShell that stops at the first error, before the join', () => {
    const text = userData(mixed({ preBootstrapCommands: ['Write-Output "$env:COMPUTERNAME ${x}"', 'Install-WindowsFeature -Name Foo'] }));
    const lines = text.split('\n');
    expect(lines.slice(2, 6)).toEqual(["@'", "$ErrorActionPreference = 'Stop'", 'Write-Output "$env:COMPUTERNAME ${!x}"', 'Install-WindowsFeature -Name Foo']);
    expect(lines[6]).toMatch(/^'@ \| Set-Content/);
    expect(text.indexOf('-File "$env:ProgramData\\eksng\\pre-bootstrap.ps1"')).toBeLessThan(text.indexOf('& $EKSBootstrapScriptFile'));
  });

  it('quotes single-quoted PowerShell strings, doubling the typographic quotes PowerShell also ends them at', () => {
    expect(psQuote("a'b")).toBe("'a''b'");
    expect(psQuote('a\u2019b\u2018c')).toBe("'a\u2019\u2019b\u2018\u2018c'");
  });

  it('has the AMI parameter of each variant, and boots from /dev/sda1 with 50 GiB by default', () => {
    expect(Object.keys(WINDOWS_VARIANTS).map((v) => FAMILIES[v as keyof typeof WINDOWS_VARIANTS].amiParameter('1.35', 'x86_64', 'none', null))).toEqual([
      '/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-EKS_Optimized-1.35/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-EKS_Optimized-1.35/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.35/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-EKS_Optimized-1.35/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2025-English-Core-EKS_Optimized-1.35/image_id',
      '/aws/service/ami-windows-latest/Windows_Server-2025-English-Full-EKS_Optimized-1.35/image_id',
    ]);
    const t = template(mixed());
    expect(t.Resources.NodeLaunchTemplate.Properties.LaunchTemplateData.BlockDeviceMappings.map((b: Json) => b.DeviceName)).toEqual(['/dev/sda1']);
    expect(t.Parameters.NodeVolumeSize.Default).toBe(50);
    expect(template(mixed(), 0).Parameters.NodeVolumeSize.Default).toBe(20);
  });
});

describe('Windows nodes in the cluster', () => {
  it('get an access entry of type EC2_WINDOWS in the API modes (EC2_LINUX for the Linux group), none with CONFIG_MAP', () => {
    for (const mode of ['API', 'API_AND_CONFIG_MAP'] as const) {
      const input = mixed({}, { authenticationMode: mode });
      expect([template(input, 0).Resources.NodeAccessEntry.Properties.Type, template(input, 1).Resources.NodeAccessEntry.Properties.Type]).toEqual(['EC2_LINUX', 'EC2_WINDOWS']);
    }
    expect(template(mixed()).Resources.NodeAccessEntry).toBeUndefined();
  });

  it('make the cluster stack give the cluster role AmazonEKSVPCResourceController (Windows IPAM needs it); a Linux-only cluster does not get it', () => {
    const role = (input: ConfigInput) => (buildClusterTemplate(resolveConfig(input)).template.Resources as Json).ClusterRole.Properties.ManagedPolicyArns.map((a: Json) => a['Fn::Sub'].split('/').pop());
    expect(role(mixed())).toEqual(['AmazonEKSClusterPolicy', 'AmazonEKSVPCResourceController']);
    expect(role(aConfig())).toEqual(['AmazonEKSClusterPolicy']);
  });
});

describe('Windows rules', () => {
  it.each([
    ['an arm64 instance type', { instanceType: 'm7g.large' }, 'error:rule.windows-architecture@/nodeGroups/1/instanceType'],
    ['a GPU instance type', { instanceType: 'g5.xlarge' }, 'error:rule.windows-accelerator@/nodeGroups/1/instanceType'],
    ['kubelet configuration fields (the script cannot merge them)', { kubeletExtraConfig: { registryPullQPS: 10 } }, 'error:rule.windows-kubelet-config@/nodeGroups/1/kubeletExtraConfig'],
    ['Bottlerocket settings', { bottlerocket: { settings: { kubernetes: {} } } }, 'error:rule.bottlerocket-only@/nodeGroups/1/bottlerocket'],
    ['a line with the user data\'s closing tag', { preBootstrapCommands: ['echo </PowerShell>'] }, 'error:rule.windows-user-data-tag@/nodeGroups/1/preBootstrapCommands/0'],
    ['a line with another tag EC2Launch reads', { preBootstrapCommands: ['Write-Output "<runAsLocalSystem>"'] }, 'error:rule.windows-user-data-tag@/nodeGroups/1/preBootstrapCommands/0'],
    ['a line that would end the here-string', { preBootstrapCommands: ["'@"] }, 'error:rule.windows-here-string@/nodeGroups/1/preBootstrapCommands/0'],
    ['a Windows Server 2025 AMI before Kubernetes 1.35', { amiFamily: 'WindowsServer2025Full' }, 'error:rule.kubernetes-version@/nodeGroups/1/amiFamily'],
  ])('refuses %s, naming the field', (_, ng, expected) => {
    expect(codes(mixed(ng as Partial<NodeGroupInput>))).toContain(expected);
  });

  it('takes a Windows Server 2025 group on Kubernetes 1.35, and warns where EKS AMIs are not confirmed yet', () => {
    expect(codes(mixed({ amiFamily: 'WindowsServer2025Core' }, { kubernetesVersion: '1.35' }))).toEqual([]);
    expect(codes(mixed({}, { kubernetesVersion: '1.36' }))).toContain('warning:rule.windows-ami-unconfirmed@/nodeGroups/1/amiFamily');
  });

  it('warns below 50 GiB, without a service CIDR (the script would guess it), and when no group is Linux (CoreDNS runs on Linux only)', () => {
    expect(codes(mixed({ volumeSize: 30 }))).toEqual(['warning:rule.windows-volume-size@/nodeGroups/1/volumeSize']);
    expect(codes(aConfig({ nodeGroups: [{ name: 'win', ...windows() }, { name: 'win2', ...windows() }] }))).toEqual(['warning:rule.windows-needs-linux@/nodeGroups/0/amiFamily']);
    expect(codes(aConfig({ cluster: { serviceCidr: undefined }, nodeGroups: [{ name: 'linux', amiFamily: 'AmazonLinux2' }, { name: 'win', ...windows() }] }))).toContain('warning:rule.windows-service-cidr@/cluster/serviceCidr');
  });

  it('accepts the bundled example without a finding', () => {
    expect(codes(mixed({ labels: { a: 'b' }, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }], maxPodsPerNode: 20, preBootstrapCommands: ['Get-Date'] }))).toEqual([]);
  });
});
