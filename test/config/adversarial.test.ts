/**
 * Values that passed every check before and broke, or endangered, the nodes (issue 13): each is
 * refused (or warned about) with its code and the place in the user's file, never a crash.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { loadConfig, parseJson } from '../../src/config';
import { ExitCode } from '../../src/errors';
import { buildNodeGroupTemplate } from '../../src/template';
import { aConfig, aNodeGroup, captureContext, REAL } from '../helpers';

const codesAt = (input: unknown) => loadConfig(JSON.stringify(input)).problems.map((p) => `${p.severity}:${p.code}@${p.pointer}`);
const ng = (overrides: object) => aConfig({ nodeGroup: overrides as never });

describe('values that would break the node', () => {
  it.each([
    ['a C1 control character in a kubelet value', { kubeletExtraConfig: { staticPodURL: 'https://x/\u009b' } }, 'error:rule.control-character@/nodeGroups/0/kubeletExtraConfig/staticPodURL'],
    ['DEL in a kubelet value', { kubeletExtraConfig: { evictionHard: { 'memory.available': '1\u007fMi' } } }, 'error:rule.control-character@/nodeGroups/0/kubeletExtraConfig/evictionHard/memory.available'],
    ['a NUL in a shell line', { preBootstrapCommands: ['echo a\u0000b'] }, 'error:rule.control-character@/nodeGroups/0/preBootstrapCommands/0'],
    ['a C1 control in a Bottlerocket setting', { amiFamily: 'Bottlerocket', bottlerocket: { settings: { 'host-containers': { admin: { source: 'x\u0085' } } } } }, 'error:rule.control-character@/nodeGroups/0/bottlerocket/settings/host-containers/admin/source'],
    ['a Bottlerocket kubelet key that collides with one eksng writes', { amiFamily: 'Bottlerocket', kubeletExtraConfig: { clusterName: 'x' } }, 'error:rule.kubelet-unknown@/nodeGroups/0/kubeletExtraConfig/clusterName'],
    ['the kubelet\'s unauthenticated read-only port', { kubeletExtraConfig: { readOnlyPort: 10255 } }, 'error:rule.kubelet-reserved@/nodeGroups/0/kubeletExtraConfig/readOnlyPort'],
    ['anonymous kubelet access', { kubeletExtraConfig: { authentication: { anonymous: { enabled: true } } } }, 'error:rule.kubelet-reserved@/nodeGroups/0/kubeletExtraConfig/authentication'],
    ['AlwaysAllow kubelet authorization', { kubeletExtraConfig: { authorization: { mode: 'AlwaysAllow' } } }, 'error:rule.kubelet-reserved@/nodeGroups/0/kubeletExtraConfig/authorization'],
    ['io1 IOPS beyond 50 per GiB', { volumeType: 'io1', volumeSize: 20, volumeIOPS: 1001 }, 'error:rule.volume-iops@/nodeGroups/0/volumeIOPS'],
    ['io2 IOPS beyond 1000 per GiB', { volumeType: 'io2', volumeSize: 20, volumeIOPS: 20001 }, 'error:rule.volume-iops@/nodeGroups/0/volumeIOPS'],
  ])('refuses %s', (_, overrides, expected) => {
    expect(codesAt(ng(overrides))).toContain(expected);
  });

  it('accepts io1 at 50 IOPS per GiB and io2 at 1000', () => {
    expect(codesAt(ng({ volumeType: 'io1', volumeSize: 20, volumeIOPS: 1000 }))).toEqual([]);
    expect(codesAt(ng({ volumeType: 'io2', volumeSize: 20, volumeIOPS: 20000 }))).toEqual([]);
  });

  it('refuses user data over EC2\'s 16 KB, with the size', () => {
    const long = Array.from({ length: 90 }, (_, i) => `echo ${'x'.repeat(180)} ${i}`);
    const r = loadConfig(JSON.stringify(ng({ preBootstrapCommands: long })));
    expect(r.config).toBeNull();
    expect(r.problems).toEqual([expect.objectContaining({ code: 'rule.user-data-size', pointer: '/nodeGroups/0', message: expect.stringMatching(/would give each node 1\d{4} bytes of user data; EC2 takes at most 16384/) })]);
    expect(codesAt(ng({ preBootstrapCommands: long.slice(0, 60) }))).toEqual([]);
  });
});

describe('SSH sources', () => {
  it.each(['0.0.0.0/0', '0.0.0.0/1', '128.0.0.0/1', '10.0.0.0/7'])('treats %s as open to the world (refused without allowOpenToWorld)', (sourceCidr) => {
    expect(codesAt(ng({ ssh: { keyName: 'k', sourceCidr } }))).toEqual(['error:rule.ssh-open-to-world@/nodeGroups/0/ssh/sourceCidr']);
    expect(codesAt(ng({ ssh: { keyName: 'k', sourceCidr, allowOpenToWorld: true } }))).toEqual(['warning:rule.ssh-open-to-world@/nodeGroups/0/ssh/sourceCidr']);
  });

  it('accepts a /8 and narrower', () => {
    expect(codesAt(ng({ ssh: { keyName: 'k', sourceCidr: '10.0.0.0/8' } }))).toEqual([]);
  });
});

describe('the config file itself', () => {
  it('refuses a key given twice, with both positions (JSON.parse would keep the last)', () => {
    const text = '{\n  "cluster": {"name": "c", "kubernetesVersion": "1.33"},\n  "nodeGroups": [{"name": "a"}],\n  "nodeGroups": [{"name": "b"}]\n}';
    expect(parseJson(text)).toEqual({ problem: expect.objectContaining({ code: 'json.duplicate-key', pointer: '/nodeGroups', message: expect.stringContaining('line 3, column 3 and line 4, column 3') }) });
  });

  it('refuses nesting 100,000 levels deep with a message, not a stack overflow', () => {
    let deep = '1';
    for (let i = 0; i < 100_000; i++) deep = `{"k":${deep}}`;
    const text = JSON.stringify(aConfig()).replace('"name":"ng-1"', `"name":"ng-1","kubeletExtraConfig":${deep}`);
    expect(parseJson(text)).toEqual({ problem: expect.objectContaining({ code: 'json.depth', message: expect.stringContaining('nests deeper than 64 levels') }) });
  });
});

describe('names that collide', () => {
  it('refuses node groups whose stack names are the same (ng_1 and ng-1)', () => {
    expect(codesAt(aConfig({ nodeGroups: [aNodeGroup({ name: 'ng_1' }), aNodeGroup({ name: 'ng-1' })] }))).toEqual(['error:rule.duplicate-name@/nodeGroups/1/name']);
  });

  it('refuses two configs of one run that give the same stack (and named role), naming both places', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-collide-'));
    try {
      const config = aConfig({ cluster: { accountId: '111122223333' } });
      writeFileSync(path.join(dir, 'a.json'), JSON.stringify(config));
      writeFileSync(path.join(dir, 'b.json'), JSON.stringify(config));
      const ctx = captureContext();
      expect(await main(['validate', '--no-lint', '--config', dir], ctx)).toBe(ExitCode.invalid);
      expect(ctx.err()).toContain(`b.json#/nodeGroups/0/name: gives the stack name eksng-test-cluster-ng-1 (region us-east-1), which ${path.join(dir, 'a.json')}#/nodeGroups/0/name gives too`);
      expect(ctx.err()).toContain('gives the IAM role name test-cluster-ng-1-NodeRole (account 111122223333)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('warnings for what is plausible but suspicious', () => {
  it('warns for an API endpoint outside EKS\'s domains (the nodes send their credentials to it)', () => {
    expect(codesAt(aConfig({ cluster: { endpoint: 'https://eks.example.com' } }))).toEqual(['warning:rule.endpoint-domain@/cluster/endpoint']);
    expect(codesAt(aConfig({ cluster: { endpoint: 'https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn', region: 'cn-north-1' } }))).toEqual([]);
  });

  it('warns for a node role of another account than cluster.accountId', () => {
    expect(codesAt(aConfig({ cluster: { accountId: '111122223333' }, nodeGroup: { iam: { instanceRoleARN: 'arn:aws:iam::444455556666:role/nodes' } } }))).toEqual(['warning:rule.role-account@/nodeGroups/0/iam/instanceRoleARN']);
  });
});

describe('an instance type that does not exist (cfn-lint W1030, an error for eksng)', () => {
  // Only the launch template's type: cfn-lint does not check the other types of a mixed group (its
  // MixedInstancesPolicy overrides), and eksng keeps no list of instance types of its own.
  it.each([['the launch template\'s type', { instanceType: 'm5.hyperlarge' }]])('refuses %s with the real cfn-lint, and writes nothing', async (_, overrides) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-type-'));
    try {
      writeFileSync(path.join(dir, 'c.json'), JSON.stringify(ng(overrides)));
      const ctx = captureContext(REAL);
      expect(await main(['generate', '--no-lint-cache', '--config', path.join(dir, 'c.json'), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
      expect(ctx.err()).toMatch(/W1030 \[Error\] .* is not an EC2 instance type cfn-lint knows in the region/);
      expect(ctx.err().length).toBeLessThan(2000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('keys that name properties of every JavaScript object', () => {
  it.each(['constructor', 'toString', '__proto__'])('refuses %s as a kubelet key and as a Bottlerocket setting, as unknown', (key) => {
    const kubelet = JSON.parse(`{"${key}": 1}`);
    expect(codesAt(ng({ kubeletExtraConfig: kubelet }))).toEqual([`error:rule.kubelet-unknown@/nodeGroups/0/kubeletExtraConfig/${key}`]);
    expect(codesAt(ng({ amiFamily: 'Bottlerocket', bottlerocket: { settings: { kubernetes: kubelet } } }))).toEqual([`error:rule.bottlerocket-setting@/nodeGroups/0/bottlerocket/settings/kubernetes/${key}`]);
  });
});

describe('a policy every node role has, listed again (issue 14, item 4)', () => {
  it('is listed once in ManagedPolicyArns (IAM refuses duplicates at deploy time), with a note', () => {
    const input = ng({ iam: { attachPolicyARNs: ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', 'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy', 'arn:aws:iam::111122223333:policy/extra'] } });
    expect(codesAt(input)).toEqual(['note:rule.policy-repeated@/nodeGroups/0/iam/attachPolicyARNs/0', 'note:rule.policy-repeated@/nodeGroups/0/iam/attachPolicyARNs/1']);
    const { config } = loadConfig(JSON.stringify(input));
    const arns = buildNodeGroupTemplate(config!, config!.nodeGroups[0]).template.Resources.NodeInstanceRole.Properties!.ManagedPolicyArns as unknown[];
    expect(arns.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))).toEqual([
      '{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy"}',
      '{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/AmazonEKS_CNI_Policy"}',
      '{"Fn::Sub":"arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"}',
      'arn:aws:iam::111122223333:policy/extra',
    ]);
  });
});
