/**
 * Windows user data read as EC2Launch, PowerShell, Start-EKSBootstrap.ps1 and the kubelet read it:
 * GIVEN user data WHEN read THEN exactly these violations (code and place), and what the script and
 * the kubelet receive.
 */
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import * as path from 'path';
import { loadConfig } from '../../src/config';
import type { Cluster, NodeGroup } from '../../src/config';
import { FAMILIES as GENERATOR_FAMILIES } from '../../src/families';
import { buildOutputs } from '../../src/outputs';
import { detectFamily, readTemplate } from './check-template';
import { CONTRACT_DIR, FILES, parseWindowsContract, readContracts } from './contracts';
import { tokenizePowerShell } from './powershell';
import { NodeReading, readAsNode, readerOf } from './read-node';
import { userDataOf } from './substitute';
import { Violation } from './violations';

const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==';
const ENDPOINT = 'https://ABC.gr7.us-east-1.eks.amazonaws.com';
const FLAGS = '--node-labels=a=b,c=d --register-with-taints=k=v:NoSchedule --max-pods=20';
const ARGS = `-EKSClusterName 'my-cluster' -APIServerEndpoint '${ENDPOINT}' -Base64ClusterCA '${CA}' -ServiceCIDR '10.100.0.0/16' -DNSClusterIP '10.100.0.10' -KubeletExtraArgs '${FLAGS}'`;
const SET = '[string]$EKSBootstrapScriptFile = "$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1"';
const call = (args = ARGS) => `& $EKSBootstrapScriptFile ${args} 3>&1 4>&1 5>&1 6>&1`;
const block = (...lines: string[]) => ['<powershell>', ...lines, '</powershell>', ''].join('\n');
/** The shape without preBootstrapCommands: the call is on line 3. */
const plain = (args?: string) => block(SET, call(args));
const PRE_FILE = '"$env:ProgramData\\eksng\\pre-bootstrap.ps1"';
/** The shape with preBootstrapCommands, as src/families/windows.ts writes it. */
const withPre = (commands: readonly string[], args?: string) =>
  block(
    `New-Item -ItemType Directory -Force -Path (Split-Path ${PRE_FILE}) | Out-Null`,
    "@'",
    "$ErrorActionPreference = 'Stop'",
    ...commands,
    `'@ | Set-Content -Encoding UTF8 -Path ${PRE_FILE}`,
    `& powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ${PRE_FILE}`,
    'if ($LASTEXITCODE -ne 0) { Write-Warning "eksng: preBootstrapCommands failed (exit $LASTEXITCODE); joining the cluster anyway" }',
    SET,
    call(args),
  );

const windows = (userData: string) => readAsNode('Windows', userData);
/** "code at" of each violation: what the tests compare. */
const found = (r: NodeReading) => r.violations.map((v: Violation) => `${v.code} ${v.at}`);
const AT = 'line 3 Start-EKSBootstrap.ps1';

describe('Windows: valid user data', () => {
  it('GIVEN the call eksng writes WHEN read THEN no violation, and the parameters and kubelet flags the node gets', async () => {
    const r = await windows(plain());
    expect(found(r)).toEqual([]);
    expect(r.family).toBe('Windows');
    expect(r.bootstrapParameters).toEqual({ EKSClusterName: 'my-cluster', APIServerEndpoint: ENDPOINT, Base64ClusterCA: CA, ServiceCIDR: '10.100.0.0/16', DNSClusterIP: '10.100.0.10', KubeletExtraArgs: FLAGS });
    expect(r.kubeletFlags).toEqual([
      { name: '--node-labels', value: 'a=b,c=d' },
      { name: '--register-with-taints', value: 'k=v:NoSchedule' },
      { name: '--max-pods', value: '20' },
    ]);
    expect(r.preBootstrapLines).toBeUndefined();
    expect(r.powershell).toBe(`\n${SET}\n${call()}\n`);
  });

  it('GIVEN only -EKSClusterName (no endpoint, CA, service CIDR or flags in the config) WHEN read THEN no violation', async () => {
    const r = await windows(plain("-EKSClusterName 'my-cluster'"));
    expect(found(r)).toEqual([]);
    expect(r.bootstrapParameters).toEqual({ EKSClusterName: 'my-cluster' });
    expect(r.kubeletFlags).toBeUndefined();
  });

  it('GIVEN preBootstrapCommands in the literal here-string WHEN read THEN no violation, and the lines are kept verbatim', async () => {
    const commands = ["Write-Host 'it''s'", 'echo "$env:ComputerName ${x} `t"', "  '@ indented is not the end", 'Write-Host \u2018typographic\u2019 "@', '# a comment </ powershell>'];
    const r = await windows(withPre(commands));
    expect(found(r)).toEqual([]);
    expect(r.preBootstrapLines).toEqual(commands);
    expect(r.bootstrapParameters?.EKSClusterName).toBe('my-cluster');
  });

  it('GIVEN a single quote doubled inside a value, typographic ones too, WHEN read THEN each pair is one quote (the second is kept)', async () => {
    const r = await windows(plain("-EKSClusterName 'it''s a\u2019\u2019b\u2018'c'"));
    expect(found(r)).toEqual([]);
    expect(r.bootstrapParameters).toEqual({ EKSClusterName: "it's a\u2019b'c" });
  });

  it("GIVEN eksctl's own Windows user data (windows-bootstrap.json eksctlExample, double-quoted, -ContainerRuntime) WHEN read THEN no violation", async () => {
    const eksctl = JSON.parse(readFileSync(path.join(CONTRACT_DIR, FILES.windows), 'utf8')).eksctlExample.userData as string;
    const r = await windows(eksctl);
    expect(found(r)).toEqual([]);
    expect(r.bootstrapParameters).toMatchObject({ EKSClusterName: 'windohs', ContainerRuntime: 'containerd', KubeletExtraArgs: '--node-labels= --register-with-taints=' });
  });

  it('GIVEN the EKS docs launch-template example (bare words, backtick line continuations) WHEN read THEN no violation', async () => {
    const docs = JSON.parse(readFileSync(path.join(CONTRACT_DIR, FILES.windows), 'utf8')).docsLaunchTemplateExample as string;
    const r = await windows(docs);
    expect(found(r)).toEqual([]);
    expect(r.bootstrapParameters).toEqual({ EKSClusterName: 'my-cluster', Base64ClusterCA: 'certificate-authority', APIServerEndpoint: 'api-server-endpoint', DNSClusterIP: 'service-cidr.10' });
  });

  it("GIVEN terraform-aws-eks' rendered user data (script path built from two variables) WHEN read THEN only: the checker cannot evaluate the path", async () => {
    const terraform = JSON.parse(readFileSync(path.join(CONTRACT_DIR, FILES.windows), 'utf8')).terraformExample.renderedTest.text as string;
    const r = await windows(terraform);
    expect(found(r)).toEqual(['no-model line 5 $EKSBootstrapScriptFile']);
    expect(r.kubeletFlags).toEqual([{ name: '--node-labels', value: 'node.kubernetes.io/lifecycle=spot' }]);
  });
});

describe('Windows: one failing sample per violation', () => {
  it.each([
    ['an unknown parameter', plain(`${ARGS} -ClusterName 'x'`), [`unknown-flag ${AT} -ClusterName`]],
    ['no -EKSClusterName', plain(ARGS.replace("-EKSClusterName 'my-cluster' ", '')), [`missing-field ${AT}`]],
    ['a parameter twice', plain(`${ARGS} -ServiceCIDR '10.100.0.0/16'`), [`duplicate ${AT} -ServiceCIDR`]],
    ['a double-quoted value with $', plain(ARGS.replace("'my-cluster'", '"my-$cluster"')), [`expanded ${AT} -EKSClusterName`]],
    ['a double-quoted value with a backtick', plain(ARGS.replace("'my-cluster'", '"my-`cluster"')), [`expanded ${AT} -EKSClusterName`]],
    ['a parameter name in another case', plain(ARGS.replace('-ServiceCIDR', '-ServiceCidr')), [`inexact-name ${AT} -ServiceCidr`]],
    ['a parameter name cut to a prefix', plain(ARGS.replace('-DNSClusterIP', '-DNSCluster')), [`inexact-name ${AT} -DNSCluster`]],
    ['an ambiguous prefix (EKSClusterName, Endpoint, ExcludedSnatCIDRs, ErrorAction, ErrorVariable)', plain(ARGS.replace('-EKSClusterName', '-E')), [`unknown-flag ${AT} -E`, `missing-field ${AT}`]],
    ['a parameter without its value', plain(`${ARGS} -ServiceCIDR`.replace("-ServiceCIDR '10.100.0.0/16' ", '')), [`missing-argument ${AT} -ServiceCIDR`]],
    ['an argument without a parameter name', plain(`${ARGS.replace(` -KubeletExtraArgs '${FLAGS}'`, '')} 'extra'`), [`positional ${AT} "'extra'"`, `flag-form ${AT} -KubeletExtraArgs[0]`]],
    ['a bare word PowerShell reads as a number', plain("-EKSClusterName 1e3"), [`wrong-type ${AT} -EKSClusterName`]],
    ['a list for a [string] parameter', plain("-EKSClusterName 'a','b'"), [`wrong-type ${AT} -EKSClusterName`]],
    ['an empty mandatory value', plain("-EKSClusterName ''"), [`missing-field ${AT} -EKSClusterName`]],
    ['a value outside a ValidateSet', plain("-EKSClusterName 'x' -ContainerRuntime 'cri-o'"), [`bad-value ${AT} -ContainerRuntime`]],
    ['-APIServerEndpoint without -Base64ClusterCA', plain(`-EKSClusterName 'x' -APIServerEndpoint '${ENDPOINT}'`), [`missing-field ${AT} -APIServerEndpoint`]],
    ['a variable as a value', plain('-EKSClusterName $name'), [`no-model ${AT} -EKSClusterName`]],
  ])('GIVEN %s WHEN PowerShell binds the call THEN violation', async (_what, userData, expected) => {
    expect(found(await windows(userData))).toEqual(expected);
  });

  it('GIVEN -E (ambiguous) WHEN read THEN the message names the parameters it could be', async () => {
    const r = await windows(plain(ARGS.replace('-EKSClusterName', '-E')));
    expect(r.violations[0].program).toBe('powershell');
    expect(r.violations[0].message).toContain('EKSClusterName, Endpoint, ExcludedSnatCIDRs, ErrorAction, ErrorVariable');
  });

  it('GIVEN -ExcludedSnatCIDRs (string[]) with a list WHEN read THEN an array, no violation', async () => {
    const r = await windows(plain("-EKSClusterName 'x' -ExcludedSnatCIDRs '10.1.0.0/16','192.168.0.0/16'"));
    expect(found(r)).toEqual([]);
    expect(r.bootstrapParameters?.ExcludedSnatCIDRs).toEqual(['10.1.0.0/16', '192.168.0.0/16']);
  });

  it.each([
    ['a kubelet flag not in --name=value form', '--node-labels a=b --max-pods=20', [`flag-form ${AT} -KubeletExtraArgs[0]`, `flag-form ${AT} -KubeletExtraArgs[1]`]],
    ['a taint with an unknown effect', '--register-with-taints=k=v:NoSchedul', [`bad-value ${AT} -KubeletExtraArgs[0] "k=v:NoSchedul"`]],
    ['a taint without an effect', '--register-with-taints=k=v', [`bad-value ${AT} -KubeletExtraArgs[0] "k=v"`]],
    ['a label in the kubernetes.io namespace the kubelet may not set', '--node-labels=node-role.kubernetes.io/worker=', [`bad-value ${AT} -KubeletExtraArgs[0] node-role.kubernetes.io/worker`]],
    ['a label key that is not a qualified name', '--node-labels=Example.com/x=y,a/b/c=d', [`bad-value ${AT} -KubeletExtraArgs[0] Example.com/x`, `bad-value ${AT} -KubeletExtraArgs[0] a/b/c`]],
    ['a label value that is not a label value', '--node-labels=team=a b', [`flag-form ${AT} -KubeletExtraArgs[1]`]],
    ['a label pair without =', '--node-labels=a=b,c', [`bad-value ${AT} -KubeletExtraArgs[0] "c"`]],
    ['--max-pods that is not a positive integer', '--max-pods=0 --max-pods=020', [`bad-value ${AT} -KubeletExtraArgs[0]`, `duplicate ${AT} -KubeletExtraArgs[1]`, `bad-value ${AT} -KubeletExtraArgs[1]`]],
    ['a flag the kubelet does not have', '--max-pod=20', [`unknown-flag ${AT} -KubeletExtraArgs[0]`]],
  ])('GIVEN -KubeletExtraArgs with %s WHEN the kubelet reads its command line THEN violation', async (_what, flags, expected) => {
    const r = await windows(plain(`-EKSClusterName 'x' -KubeletExtraArgs '${flags}'`));
    expect(found(r)).toEqual(expected);
    expect(new Set(r.violations.map((v) => v.program))).toEqual(new Set(['kubelet']));
  });

  it('GIVEN known labels, spot label, empty taints list and valid taints WHEN read THEN no violation', async () => {
    const r = await windows(plain("-EKSClusterName 'x' -KubeletExtraArgs '--node-labels=node.kubernetes.io/lifecycle=spot,topology.kubernetes.io/zone=a,example.com/x= --register-with-taints=a:NoExecute,b=:PreferNoSchedule --node-labels=z=1'"));
    expect(found(r)).toEqual([]);
  });
});

describe('Windows: what EC2Launch runs', () => {
  it('GIVEN text after </powershell> WHEN EC2Launch reads the user data THEN it is not run', async () => {
    const r = await windows(`${plain()}echo joined\n`);
    expect(found(r)).toEqual(['not-run line 5']);
    expect(r.violations[0].program).toBe('ec2launch');
  });

  it('GIVEN text before <powershell> WHEN read THEN it is not run', async () => {
    expect(found(await windows(`#!/bin/bash\n${plain()}`))).toEqual(['not-run line 1']);
  });

  it('GIVEN a second <powershell> block WHEN read THEN only the first runs', async () => {
    const r = await windows(`${plain()}<powershell>\nWrite-Host again\n</powershell>\n`);
    expect(found(r)).toEqual(['not-run line 5']);
    expect(r.violations[0].message).toContain('second <powershell> block');
  });

  it('GIVEN <persist>true</persist> WHEN read THEN the bootstrap would re-run at every boot', async () => {
    const r = await windows(`${plain()}<persist>true</persist>\n`);
    expect(found(r)).toEqual(['bad-value line 5 <persist>']);
  });

  it('GIVEN tags in another case WHEN read THEN EC2Launch still finds the block', async () => {
    expect(found(await windows(plain().replace('<powershell>', '<PowerShell>').replace('</powershell>', '</POWERSHELL>')))).toEqual([]);
  });

  it('GIVEN no <powershell> block WHEN read THEN nothing runs', async () => {
    expect(found(await windows('<script>echo hi</script>\n'))).toEqual(['not-run user data']);
  });

  it('GIVEN a preBootstrapCommands line holding </powershell> WHEN read THEN the block ends there: the here-string is unterminated and the rest is not run', async () => {
    const r = await windows(withPre(['Write-Host "</powershell>"']));
    expect(found(r)).toEqual(['not-run line 5', 'syntax line 3']);
  });
});

describe('Windows: PowerShell parsing', () => {
  it("GIVEN 'a\u2019b' WHEN tokenized THEN the string ends at the typographic \u2019 (a single quote to PowerShell), and the last ' opens a string that never ends", () => {
    const { tokens, error } = tokenizePowerShell("'a\u2019b'");
    expect(tokens[0]).toMatchObject({ kind: 'string', value: 'a', start: 0, end: 3 });
    expect(error).toEqual({ offset: 4, message: "The string is missing the terminator: '." });
  });

  it("GIVEN -EKSClusterName 'a\u2019b' in the call WHEN read THEN PowerShell cannot parse the block: nothing runs", async () => {
    const r = await windows(plain("-EKSClusterName 'a\u2019b'"));
    expect(found(r)).toEqual(['syntax line 3']);
    expect(r.violations[0].program).toBe('powershell');
  });

  it("GIVEN -EKSClusterName 'a\u2019b\u2019c' WHEN read THEN the name is 'a' and b\u2019c' is a second argument, bound by position to -KubeletExtraArgs", async () => {
    const r = await windows(plain("-EKSClusterName 'a\u2019b\u2019c'"));
    expect(r.bootstrapParameters).toEqual({ EKSClusterName: 'a', KubeletExtraArgs: 'bc' });
    expect(found(r)).toEqual([`positional ${AT} "b\u2019c'"`, `flag-form ${AT} -KubeletExtraArgs[0]`]);
  });

  it('GIVEN a here-string whose closing line is indented WHEN read THEN syntax violation (the here-string never ends)', async () => {
    const r = await windows(withPre(['Write-Host hi']).replace("\n'@ |", "\n '@ |"));
    expect(found(r)).toEqual(['syntax line 6']);
    expect(r.violations[0].message).toContain('White space is not allowed before the string terminator.');
  });

  it('GIVEN a here-string that is never closed WHEN read THEN syntax violation at its start', async () => {
    const r = await windows(block("@'", 'Write-Host hi', SET, call()));
    expect(found(r)).toEqual(['syntax line 2']);
    expect(r.violations[0].message).toContain("missing the terminator: '@");
  });

  it('GIVEN an unterminated double-quoted string WHEN read THEN syntax violation', async () => {
    expect(found(await windows(plain('-EKSClusterName "my-cluster')))).toEqual(['syntax line 3']);
  });

  it("GIVEN a preBootstrapCommands line starting with \u2019@ WHEN read THEN it ends the here-string early (typographic quotes close it too)", () => {
    const { tokens } = tokenizePowerShell("@'\nx\n\u2019@ | Out-Null\n'@");
    expect(tokens[0]).toMatchObject({ kind: 'here-string', value: 'x' });
  });
});

describe('Windows: the script path and preBootstrapCommands', () => {
  it('GIVEN no assignment of $EKSBootstrapScriptFile WHEN read THEN & runs nothing', async () => {
    expect(found(await windows(block(call())))).toEqual(['no-bootstrap line 2 $EKSBootstrapScriptFile']);
  });

  it('GIVEN another path WHEN read THEN the call runs another file', async () => {
    expect(found(await windows(plain().replace('Start-EKSBootstrap.ps1"', 'EKSBootstrap.ps1"')))).toEqual(['bad-value line 2 $EKSBootstrapScriptFile']);
  });

  it('GIVEN the literal path in single quotes WHEN read THEN fine', async () => {
    expect(found(await windows(block("$EKSBootstrapScriptFile = 'C:\\Program Files\\Amazon\\EKS\\Start-EKSBootstrap.ps1'", call())))).toEqual([]);
  });

  it('GIVEN no call WHEN read THEN the node never joins', async () => {
    expect(found(await windows(block(SET)))).toEqual(['no-bootstrap user data']);
  });

  it('GIVEN a pre-bootstrap script without $ErrorActionPreference = \'Stop\' WHEN read THEN a failing command does not stop the rest', async () => {
    const r = await windows(withPre(['Write-Host hi']).replace("$ErrorActionPreference = 'Stop'\n", ''));
    expect(found(r)).toEqual(['bad-value line 3 pre-bootstrap script']);
    expect(r.preBootstrapLines).toEqual(['Write-Host hi']);
  });

  it('GIVEN the pre-bootstrap file run after the bootstrap call WHEN read THEN out of order', async () => {
    const lines = withPre(['Write-Host hi']).split('\n');
    const run = lines.findIndex((l) => l.startsWith('& powershell.exe'));
    const [runLine] = lines.splice(run, 1);
    lines.splice(lines.indexOf('</powershell>'), 0, runLine);
    const r = await windows(lines.join('\n'));
    expect(found(r)).toEqual(['out-of-order line 3 pre-bootstrap script']);
  });

  it('GIVEN the pre-bootstrap script written to one path and another path run WHEN read THEN never run', async () => {
    const r = await windows(withPre(['Write-Host hi']).replace('-File "$env:ProgramData\\eksng\\pre-bootstrap.ps1"', '-File "$env:ProgramData\\eksng\\pre.ps1"'));
    expect(found(r)).toEqual(['not-run line 3 pre-bootstrap script']);
  });

  it('GIVEN an expandable here-string @" … "@ WHEN read THEN the commands are expanded before they are written', async () => {
    const r = await windows(withPre(['Write-Host $env:X']).replace("@'\n", '@"\n').replace("\n'@ |", '\n"@ |'));
    expect(found(r)).toEqual(['expanded line 3 pre-bootstrap script']);
  });
});

describe('Windows: the contract data and the generator', () => {
  const contract = readContracts().windows;
  const names = contract.parameters.map((p) => p.name);

  it('GIVEN windows-bootstrap.json WHEN read THEN the script path and the ten parameters of its param() block, in order', () => {
    expect(contract.scriptEnvForm).toBe('$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1');
    expect(names).toEqual(['EKSClusterName', 'KubeletExtraArgs', 'KubeProxyExtraArgs', 'Endpoint', 'APIServerEndpoint', 'Base64ClusterCA', 'DNSClusterIP', 'ServiceCIDR', 'ExcludedSnatCIDRs', 'ContainerRuntime']);
    expect(contract.parameters.filter((p) => p.required).map((p) => p.name)).toEqual(['EKSClusterName']);
    expect(() => parseWindowsContract({ script: 'x', scriptEnvForm: 'y', parameters: [{ name: 'A', type: 'int', required: false }] })).toThrow('windows-bootstrap.json.parameters[0].type: must be one of string, string[], got "int"');
  });

  /** A resolved config with everything the renderer can pass: endpoint, CA, service CIDR, labels, taints, maxPods, preBootstrapCommands. */
  function resolved(amiFamily: string, kubernetesVersion: string, nodeGroup: Record<string, unknown> = {}): { cluster: Cluster; ng: NodeGroup; template: string } {
    const parsed = JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', 'minimal', 'nodegroup.json'), 'utf8'));
    const input = {
      ...parsed,
      cluster: { ...parsed.cluster, kubernetesVersion, clusterSecurityGroupId: 'sg-0c1a2b3c4d5e6f708' },
      nodeGroups: [{ name: 'win', amiFamily, volumeSize: 80, labels: { 'example.com/pool': 'windows' }, taints: [{ key: 'os', value: 'windows', effect: 'NoSchedule' }], maxPodsPerNode: 29, ...nodeGroup }],
    };
    const { config, problems } = loadConfig(JSON.stringify(input));
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.pointer}`)).toEqual([]);
    const template = buildOutputs(config!, 'nodegroup.json').files.find((f) => /^nodegroup-.*\.yaml$/.test(f.name))?.content;
    expect(template).toBeDefined();
    return { cluster: config!.cluster, ng: config!.nodeGroups[0], template: template! };
  }

  const WINDOWS = Object.keys(GENERATOR_FAMILIES).filter((f) => readerOf(f) === 'Windows');
  const versionFor = (family: string) => (family.includes('2025') ? '1.35' : '1.33');

  it('finds the six Windows families in the generator', () => {
    expect(WINDOWS.sort()).toEqual(['WindowsServer2019Core', 'WindowsServer2019Full', 'WindowsServer2022Core', 'WindowsServer2022Full', 'WindowsServer2025Core', 'WindowsServer2025Full']);
  });

  it.each(WINDOWS)('%s: every parameter renderUserData passes is one Start-EKSBootstrap.ps1 defines (windows-bootstrap.json), spelled exactly', async (family) => {
    const { cluster, ng } = resolved(family, versionFor(family), { preBootstrapCommands: ["Write-Host 'pre'"] });
    const rendered = GENERATOR_FAMILIES[family as keyof typeof GENERATOR_FAMILIES].renderUserData(cluster, ng);
    // Every -Name the renderer writes after the call, as text.
    const written = [...(rendered.split('\n').find((l) => l.startsWith('& $EKSBootstrapScriptFile')) ?? '').matchAll(/ -([A-Za-z][A-Za-z0-9]*) /g)].map((m) => m[1]);
    expect(written).toEqual(['EKSClusterName', 'APIServerEndpoint', 'Base64ClusterCA', 'ServiceCIDR', 'DNSClusterIP', 'KubeletExtraArgs']);
    for (const name of written) expect([name, names.includes(name)]).toEqual([name, true]);
    // And as PowerShell binds them, after CloudFormation's substitution.
    const parameters = Object.fromEntries(['ClusterName', 'ApiServerEndpoint', 'CertificateAuthorityData', 'ServiceCidr', 'DnsClusterIp'].map((p, i) => [p, { Type: 'String', Default: ['my-cluster', ENDPOINT, CA, '10.100.0.0/16', '10.100.0.10'][i] }]));
    const userData = userDataOf({ Parameters: parameters, Resources: { LT: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': { 'Fn::Sub': rendered } } } } } } });
    const r = await windows(userData);
    expect(found(r)).toEqual([]);
    expect(Object.keys(r.bootstrapParameters ?? {})).toEqual(written);
    expect(r.kubeletFlags).toEqual([
      { name: '--node-labels', value: 'eksng.io/nodegroup=win,example.com/pool=windows' },
      { name: '--register-with-taints', value: 'os=windows:NoSchedule' },
      { name: '--max-pods', value: '29' },
    ]);
    expect(r.preBootstrapLines).toEqual(["Write-Host 'pre'"]);
  });

  it.each(WINDOWS)('%s: the node-group template eksng generates reads without violations, as a Windows AMI', async (family) => {
    const { template } = resolved(family, versionFor(family), { preBootstrapCommands: ['$x = "${HOME}"', "Write-Host '</ps>'"] });
    const r = await readTemplate(template);
    expect(r.violations).toEqual([]);
    expect(r.family).toBe('Windows');
    expect(r.amiParameter).toMatch(/^\/aws\/service\/ami-windows-latest\/Windows_Server-20\d\d-English-(Core|Full)-EKS_Optimized-1\.3\d\/image_id$/);
    expect(r.reading?.preBootstrapLines).toEqual(['$x = "${HOME}"', "Write-Host '</ps>'"]);
  });

  it.each(WINDOWS)('%s: every stack parameter substituted into the PowerShell has an AllowedPattern that refuses quotes (CloudFormation checks it at deploy time)', (family) => {
    const { template } = resolved(family, versionFor(family));
    const t = load(template) as { Parameters: Record<string, { AllowedPattern?: string; Default?: unknown }>; Resources: Record<string, { Type: string; Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': { 'Fn::Sub': string } } } } }> };
    const sub = Object.values(t.Resources).find((r) => r.Type === 'AWS::EC2::LaunchTemplate')!.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Sub'];
    const referenced = [...sub.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]);
    expect(referenced).toEqual(['ClusterName', 'ApiServerEndpoint', 'CertificateAuthorityData', 'ServiceCidr', 'DnsClusterIp']);
    for (const name of referenced) {
      const { AllowedPattern, Default } = t.Parameters[name];
      expect([name, typeof AllowedPattern]).toEqual([name, 'string']);
      const pattern = new RegExp(AllowedPattern!);
      const value = String(Default);
      expect([name, pattern.test(value)]).toEqual([name, true]);
      for (const q of ["'", '\u2018', '\u2019', '\u201a', '\u201b', '\n']) {
        const bad = value.slice(0, 3) + q + value.slice(3);
        expect([name, JSON.stringify(q), pattern.test(bad)]).toEqual([name, JSON.stringify(q), false]);
      }
    }
  });

  // EC2Launch reads its tags anywhere in the user data (the generator already refuses <powershell>
  // and <persist> in preBootstrapCommands for that reason); <script> and the EC2Launch v2 tags are
  // read the same way. Until eksng refuses them too, the contract reports them.
  it.each(['<script>echo hi</script>', '<detach>true</detach>', '<runAsLocalSystem>true</runAsLocalSystem>', '<powershellArguments>-x</powershellArguments>'])(
    'a preBootstrapCommands line holding %s: eksng refuses it, or the contract reports what EC2Launch makes of it',
    async (tag) => {
      const parsed = JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', 'minimal', 'nodegroup.json'), 'utf8'));
      const input = { ...parsed, cluster: { ...parsed.cluster, clusterSecurityGroupId: 'sg-0c1a2b3c4d5e6f708' }, nodeGroups: [{ name: 'win', amiFamily: 'WindowsServer2022Core', volumeSize: 80, preBootstrapCommands: [`Write-Host '${tag}'`] }] };
      const { config, problems } = loadConfig(JSON.stringify(input));
      if (!config) {
        expect(problems.filter((p) => p.severity === 'error').map((p) => p.pointer)).toEqual(['/nodeGroups/0/preBootstrapCommands/0']);
        return;
      }
      const template = buildOutputs(config, 'nodegroup.json').files.find((f) => /^nodegroup-.*\.yaml$/.test(f.name))!.content;
      const r = await readTemplate(template);
      expect(r.violations.map((v) => `${v.program} ${v.code} ${v.at}`)).toEqual([`ec2launch bad-value line 5 ${tag.slice(0, tag.indexOf('>') + 1)}`]);
    },
  );

  it('a group with nothing optional: only -EKSClusterName and the group label eksng always sets, and the checks still pass', async () => {
    const parsed = JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', 'minimal', 'nodegroup.json'), 'utf8'));
    const input = { cluster: { name: 'c', kubernetesVersion: '1.33', clusterSecurityGroupId: 'sg-0c1a2b3c4d5e6f708', region: parsed.cluster.region }, nodeGroups: [{ name: 'win', amiFamily: 'WindowsServer2019Full', volumeSize: 80 }] };
    const { config } = loadConfig(JSON.stringify(input));
    const template = buildOutputs(config!, 'nodegroup.json').files.find((f) => /^nodegroup-.*\.yaml$/.test(f.name))!.content;
    const r = await readTemplate(template);
    expect(r.violations).toEqual([]);
    expect(r.reading?.bootstrapParameters).toEqual({ EKSClusterName: 'c', KubeletExtraArgs: '--node-labels=eksng.io/nodegroup=win' });
  });
});

describe('Windows: which reader a template gets', () => {
  it('GIVEN <powershell> user data WHEN its family is detected from its shape THEN Windows', () => {
    expect(detectFamily(plain())).toBe('Windows');
    expect(detectFamily(plain().toUpperCase())).toBe('Windows');
  });

  const minimal = readFileSync(path.join(__dirname, '..', 'golden', 'minimal', 'expected', 'nodegroup-ng-1.yaml'), 'utf8');
  const WINDOWS_PATH = '/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.33/image_id';

  it('GIVEN an AL2023 template deployed with a Windows AMI parameter WHEN read THEN wrong-family, and EC2Launch finds no <powershell>', async () => {
    const r = await readTemplate(minimal, { NodeImageIdSSMParam: WINDOWS_PATH });
    expect(r.family).toBe('Windows');
    expect(r.violations.map((v) => `${v.program} ${v.code} ${v.at}`)).toEqual([`ec2 wrong-family ${WINDOWS_PATH}`, 'ec2launch not-run user data']);
  });

  it('GIVEN the same template with an AMI id (no SSM parameter in play) WHEN read THEN the user data decides: AL2023, fine', async () => {
    const r = await readTemplate(minimal, { NodeImageIdSSMParam: WINDOWS_PATH, NodeImageId: 'ami-0123456789abcdef0' });
    expect(r.family).toBe('AmazonLinux2023');
    expect(r.amiParameter).toBeUndefined();
    expect(r.violations).toEqual([]);
  });
});
