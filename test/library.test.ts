/**
 * The library API (src/index.ts, issue 21 item 2): the same checks as the CLI, problems as data,
 * and the same bytes as `eksng generate`. test/package.test.ts compiles the README's example
 * against the packed package.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { buildNodeGroup, formatProblems, generateFiles, lintFiles, loadConfig, mergeAwsAuth, renderTemplate } from '../src';
import { main } from '../src/cli';
import { aConfig, aNodeGroup, captureContext } from './helpers';

const ROOT = path.join(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('loadConfig', () => {
  it('returns the problems the CLI reports, with pointers, and no config when one is an error', () => {
    const { config, problems } = loadConfig(aConfig({ nodeGroup: { minSize: 1, desiredCapacity: 2, maxSize: 1 } }));
    expect(config).toBeNull();
    expect(problems).toContainEqual(expect.objectContaining({ code: 'rule.size-order', pointer: '/nodeGroups/0/maxSize', severity: 'error' }));
    expect(formatProblems('nodegroup.json', problems).join('\n')).toMatch(/^nodegroup\.json#\/nodeGroups\/0\/maxSize: /m);
  });

  it('takes JSON text (a BOM too) and a parsed value alike', () => {
    const text = read('templates/minimal.json');
    const fromText = loadConfig('\uFEFF' + text);
    const fromValue = loadConfig(JSON.parse(text));
    expect(fromText.problems).toEqual([]);
    expect(fromText.config).toEqual(fromValue.config);
  });

  it('reports a schema problem, not an exception, for a value of the wrong shape', () => {
    expect(loadConfig(42).problems).toContainEqual(expect.objectContaining({ pointer: '', severity: 'error' }));
    expect(loadConfig('{ not json').problems).toContainEqual(expect.objectContaining({ code: 'json.syntax' }));
  });
});

describe('generateFiles', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-library-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['minimal', 'production', 'windows'])('gives byte for byte what eksng generate writes for templates/%s.json', async (name) => {
    const { config } = loadConfig(read(`templates/${name}.json`));
    const { files, problems } = generateFiles(config!, `${name}.json`);
    expect(problems).toEqual([]);
    const out = path.join(dir, name);
    expect(await main(['generate', '--no-lint', '--config', path.join(ROOT, 'templates', `${name}.json`), '--out', out], captureContext())).toBe(0);
    expect(files.map((f) => f.name).sort()).toEqual(readdirSync(out).sort());
    for (const f of files) expect(f.content).toBe(readFileSync(path.join(out, f.name), 'utf8'));
  });

  it('returns a rendered-bytes problem (Git sync without a parameter value) as data', () => {
    const { config } = loadConfig({ ...aConfig(), gitSync: { outputDirectory: 'out' } });
    const { files, problems } = generateFiles(config!);
    expect(files).toEqual([]);
    expect(problems).toContainEqual(expect.objectContaining({ ruleId: 'rule.git-sync-parameters', pointer: '/gitSync', level: 'error' }));
  });
});

describe('buildNodeGroup and renderTemplate', () => {
  it('give the template of the named group, its parameters, and what is still without a value', () => {
    const { config } = loadConfig(aConfig({ nodeGroups: [aNodeGroup({ name: 'a' }), aNodeGroup({ name: 'b', instanceType: 'm6g.large' })] }));
    const b = buildNodeGroup(config!, 'b')!;
    expect(b.parameters).toContainEqual({ ParameterKey: 'NodeGroupName', ParameterValue: 'b' });
    expect(b.missingParameters).toEqual(expect.arrayContaining(['VpcId', 'Subnets']));
    expect(load(renderTemplate(b.template))).toEqual(b.template);
    expect(buildNodeGroup(config!, 'c')).toBeNull();
  });
});

describe('mergeAwsAuth', () => {
  const config = loadConfig(read('templates/production.json')).config!;

  it('merges into the cluster\'s ConfigMap keeping every entry it has', () => {
    const current = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: aws-auth, namespace: kube-system }',
      'data:',
      '  mapRoles: |',
      '    - rolearn: arn:aws:iam::111122223333:role/admins',
      '      username: admin',
      '      groups: [system:masters]',
      '  mapUsers: |',
      '    - userarn: arn:aws:iam::111122223333:user/ops',
      '      username: ops',
      '      groups: [system:masters]',
      '',
    ].join('\n');
    const result = mergeAwsAuth(config, { current });
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const data = (load(result.content!) as { data: { mapRoles: string; mapUsers: string } }).data;
    const roles = load(data.mapRoles) as Array<{ rolearn: string }>;
    expect(roles.map((r) => r.rolearn)).toContain('arn:aws:iam::111122223333:role/admins');
    expect(roles.length).toBe(1 + config.nodeGroups.length);
    expect(load(data.mapUsers)).toEqual([{ userarn: 'arn:aws:iam::111122223333:user/ops', username: 'ops', groups: ['system:masters'] }]);
    expect(result.report?.added.length).toBe(config.nodeGroups.length);
  });

  it('returns the problem, not an exception, when a role ARN is unknown or the ConfigMap is not one', () => {
    const noAccount = loadConfig(aConfig()).config!;
    expect(mergeAwsAuth(noAccount)).toMatchObject({ content: null, problems: [expect.objectContaining({ code: 'auth.missing-role-arn', severity: 'error' })] });
    expect(mergeAwsAuth(noAccount, { roleArns: { 'ng-1': 'arn:aws:iam::111122223333:role/nodes' } }).content).toContain('arn:aws:iam::111122223333:role/nodes');
    expect(mergeAwsAuth(config, { current: 'kind: Secret\n' }).content).toBeNull();
    expect(mergeAwsAuth(loadConfig(aConfig({ cluster: { authenticationMode: 'API' } })).config!).problems).toEqual([expect.objectContaining({ code: 'auth.api-mode', pointer: '/cluster/authenticationMode' })]);
  });
});

describe('lintFiles (the real cfn-lint)', () => {
  it('finds nothing in what generateFiles gives, and a cfn-lint error in a broken template, named as the file', async () => {
    const { config } = loadConfig(read('templates/minimal.json'));
    const { files } = generateFiles(config!, 'minimal.json');
    const template = files.find((f) => f.cfnTemplate)!;
    const broken = { ...template, name: 'broken.yaml', content: template.content.replace(/Type: AWS::AutoScaling::AutoScalingGroup/, 'Type: AWS::AutoScaling::AutoScalingGrup') };
    const findings = await lintFiles([...files, broken], { regions: [config!.cluster.region] });
    expect(findings.filter((f) => f.file !== 'broken.yaml')).toEqual([]);
    expect(findings).toContainEqual(expect.objectContaining({ tool: 'cfn-lint', level: 'error', file: 'broken.yaml' }));
  }, 60_000);
});
