import { loadConfig } from '../../src/config';
import { parseConfig } from '../../src/config/parse';
import { valueText } from '../../src/json-position';
import { describeValue } from '../../src/problems';
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

describe('a number JSON readers cannot hold (1e400 is read as Infinity, which JSON.stringify writes as null)', () => {
  /** A config whose node group has `fields` spliced in as written, so that 1e400 stays 1e400 in the text. */
  const withNodeGroupText = (fields: string) => JSON.stringify(aConfig(), null, 2).replace('"name": "ng-1"', `"name": "ng-1", ${fields}`);

  it('in a typed field: the schema problem names the value as written and what is valid', () => {
    const { config, problems } = loadConfig(withNodeGroupText('"minSize": 1e400, "desiredCapacity": -1E+999'));
    expect(config).toBeNull();
    expect(problems.map((p) => [p.code, p.pointer, p.message])).toEqual([
      ['schema.type', '/nodeGroups/0/minSize', 'must be an integer, got 1e400, a number too large to represent'],
      ['schema.type', '/nodeGroups/0/desiredCapacity', 'must be an integer, got -1E+999, a number too large to represent'],
    ]);
  });

  it('where a string is expected: no hint to quote a version', () => {
    const text = JSON.stringify(aConfig(), null, 2).replace('"kubernetesVersion": "1.33"', '"kubernetesVersion": 1e400');
    const [p] = loadConfig(text).problems;
    expect([p.code, p.pointer]).toEqual(['schema.type', '/cluster/kubernetesVersion']);
    expect(p.message).toBe('must be a string, got 1e400, a number too large to represent');
  });

  it('without the text (a value built in code), the message still says what the value is, never "null"', () => {
    const input = aConfig({ nodeGroup: { maxSize: Infinity } });
    const [p] = parseConfig(input).problems;
    expect([p.code, p.pointer, p.message]).toEqual(['schema.type', '/nodeGroups/0/maxSize', 'must be an integer, got a number too large to represent']);
  });

  it('in a kubelet setting: the kubelet check says which type is valid', () => {
    const [p] = loadConfig(withNodeGroupText('"kubeletExtraConfig": { "kubeAPIQPS": 1e400 }')).problems.filter((x) => x.severity === 'error');
    expect([p.code, p.pointer]).toEqual(['rule.kubelet-type', '/nodeGroups/0/kubeletExtraConfig/kubeAPIQPS']);
    expect(p.message).toMatch(/^must be an integer, got a number too large to represent/);
  });

  it('in a free-form place no check types (items of a kubelet list of objects): refused, not written to the node as null', () => {
    const text = withNodeGroupText('"kubeletExtraConfig": { "shutdownGracePeriodByPodPriority": [{ "priority": 1e400, "shutdownGracePeriodSeconds": 10 }] }');
    const { config, problems } = loadConfig(text);
    expect(config).toBeNull();
    const errors = problems.filter((x) => x.severity === 'error');
    expect(errors.map((p) => [p.code, p.pointer])).toEqual([['schema.number-range', '/nodeGroups/0/kubeletExtraConfig/shutdownGracePeriodByPodPriority/0/priority']]);
    expect(errors[0].message).toContain(`must be a number within ±${Number.MAX_VALUE}, got 1e400, a number too large to represent`);
  });

  it('the same list with a number JSON holds is accepted', () => {
    const text = withNodeGroupText('"kubeletExtraConfig": { "shutdownGracePeriodByPodPriority": [{ "priority": 1e300, "shutdownGracePeriodSeconds": 10 }] }');
    expect(loadConfig(text).config).not.toBeNull();
  });
});

describe('describeValue and valueText (what a message shows of a value)', () => {
  it.each([
    [undefined, {}, 'nothing'],
    [null, {}, 'null'],
    ['a', {}, '"a"'],
    ['a', { typed: true }, 'string "a"'],
    [1.5, { typed: true }, 'number 1.5'],
    [false, { typed: true }, 'boolean false'],
    [{ a: 1 }, { typed: true }, 'an object'],
    [[1], {}, 'an array'],
    [Infinity, { typed: true }, 'a number too large to represent'],
    [-Infinity, {}, 'a negative number too large to represent'],
    [Infinity, { written: '1e400' }, '1e400, a number too large to represent'],
    [NaN, { written: '.nan' }, '.nan, not a number'],
  ] as const)('%p %p → %s', (value, options, shown) => {
    expect(describeValue(value, options)).toBe(shown);
  });

  it('valueText reads a scalar as written, by pointer, and nothing else', () => {
    const text = '{ "a": [1, 1e400 , "x\\"y"], "b": { "c": -2E+5 }, "d": true }';
    expect(['/a/1', '/a/2', '/b/c', '/d', '/b', '/a/9', '/zz'].map((p) => valueText(text, p))).toEqual(['1e400', '"x\\"y"', '-2E+5', 'true', null, null, null]);
    expect(valueText('{ "a": ', '/a')).toBeNull();
  });
});
