import { loadConfig } from '../../src/config';
import { parseConfig } from '../../src/config/parse';
import { aConfig } from '../helpers';

const problemsOf = (input: unknown) => loadConfig(JSON.stringify(input)).problems;

describe('parseConfig (schema)', () => {
  it('accepts a valid config and a $schema key', () => {
    expect(parseConfig({ $schema: './schema.json', ...aConfig() }).problems).toEqual([]);
  });

  it('reports every problem at once, each with its JSON pointer', () => {
    const input = aConfig({ nodeGroup: { minSize: -1, instanceType: 'huge' } }) as unknown as Record<string, any>;
    input.cluster.region = 'mars-1';
    const problems = parseConfig(input).problems;
    expect(problems.map((p) => [p.code, p.pointer])).toEqual(
      expect.arrayContaining([
        ['schema.pattern', '/cluster/region'],
        ['schema.minimum', '/nodeGroups/0/minSize'],
        ['schema.pattern', '/nodeGroups/0/instanceType'],
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('rejects unknown fields and suggests the nearest one', () => {
    const input = aConfig() as unknown as Record<string, any>;
    input.nodeGroups[0].instanceTyp = 't3.large';
    const [p] = parseConfig(input).problems;
    expect(p.code).toBe('schema.unknown-field');
    expect(p.pointer).toBe('/nodeGroups/0/instanceTyp');
    expect(p.message).toContain('did you mean "instanceType"');
  });

  it('names the missing required field in the pointer', () => {
    const input = aConfig() as unknown as Record<string, any>;
    delete input.cluster.kubernetesVersion;
    expect(parseConfig(input).problems).toEqual([expect.objectContaining({ code: 'schema.required', pointer: '/cluster/kubernetesVersion' })]);
  });

  it('explains a version written as a number', () => {
    const input = aConfig() as unknown as Record<string, any>;
    input.cluster.kubernetesVersion = 1.3;
    const [p] = parseConfig(input).problems;
    expect(p.message).toMatch(/must be a string, got number 1\.3 .*"1\.33"/);
  });

  it('requires at least one node group', () => {
    expect(problemsOf({ ...aConfig(), nodeGroups: [] })).toEqual([expect.objectContaining({ code: 'schema.min-items', pointer: '/nodeGroups' })]);
  });

  it('requires at least one subnet when subnetIds is given', () => {
    expect(problemsOf(aConfig({ cluster: { subnetIds: [] } }))).toEqual([expect.objectContaining({ pointer: '/cluster/subnetIds' })]);
  });

  it.each([
    ['/cluster/name', { cluster: { name: 'a b' } }],
    ['/cluster/name', { cluster: { name: 'x'.repeat(101) } }],
    ['/cluster/accountId', { cluster: { accountId: '1234' } }],
    ['/cluster/vpcId', { cluster: { vpcId: 'vpc-xyz' } }],
    ['/cluster/controlPlaneSecurityGroupId', { cluster: { controlPlaneSecurityGroupId: 'sg-1' } }],
    ['/cluster/subnetIds/0', { cluster: { subnetIds: ['subnet-zz'] } }],
    ['/cluster/endpoint', { cluster: { endpoint: 'http://insecure.example.com' } }],
    ['/cluster/endpoint', { cluster: { endpoint: 'https://x.example.com/$(reboot)' } }],
    ['/cluster/certificateAuthorityData', { cluster: { certificateAuthorityData: 'abc\n$(id)' } }],
    ['/cluster/serviceCidr', { cluster: { serviceCidr: '10.100.0.0' } }],
    ['/nodeGroups/0/name', { nodeGroup: { name: 'x'.repeat(64) } }],
    ['/nodeGroups/0/name', { nodeGroup: { name: 'ng;reboot' } }],
    ['/nodeGroups/0/ami', { nodeGroup: { ami: 'ami-XYZ' } }],
    ['/nodeGroups/0/ami', { nodeGroup: { ami: 'ssm:/path with space' } }],
    ['/nodeGroups/0/amiFamily', { nodeGroup: { amiFamily: 'Ubuntu' as never } }],
    ['/nodeGroups/0/ssh/sourceCidr', { nodeGroup: { ssh: { keyName: 'k', sourceCidr: 'anywhere' } } }],
    ['/nodeGroups/0/ssh/keyName', { nodeGroup: { ssh: { keyName: "k'; rm -rf /", sourceCidr: '10.0.0.0/8' } } }],
    ['/nodeGroups/0/volumeSize', { nodeGroup: { volumeSize: 20.5 } }],
  ])('rejects a malformed value at %s', (at, overrides) => {
    const problems = problemsOf(aConfig(overrides as Parameters<typeof aConfig>[0]));
    expect(problems.map((p) => p.pointer)).toContain(at);
    expect(problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('reports invalid JSON with line and column', () => {
    const { config, problems } = loadConfig('{\n  "cluster": {,\n}');
    expect(config).toBeNull();
    expect(problems[0].code).toBe('json.syntax');
    expect(problems[0].message).toMatch(/line 2, column \d+/);
  });
});
