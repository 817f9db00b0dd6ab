/** eksng diff: semantic diffs against committed output, single templates and get-template output. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src/cli';
import { newRiskAlerts, riskAlerts } from '../src/diff';
import { ExitCode } from '../src/errors';
import { aConfig, captureContext } from './helpers';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-diff-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function generated(config: object): Promise<{ configFile: string; out: string }> {
  const configFile = path.join(dir, 'nodegroup.json');
  writeFileSync(configFile, JSON.stringify(config));
  const out = path.join(dir, 'out');
  expect(await main(['generate', '--no-lint', '--config', configFile, '--out', out], captureContext())).toBe(ExitCode.ok);
  return { configFile, out };
}

async function diff(...args: string[]) {
  const ctx = captureContext();
  const code = await main(['diff', ...args], ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

describe('eksng diff', () => {
  it('finds no differences against its own output, and --exit-code then exits 0', async () => {
    const { configFile, out } = await generated(aConfig());
    const r = await diff('--config', configFile, '--against', out, '--exit-code');
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out).toContain('no differences');
  });

  it('shows an update in place, and exits 1 with --exit-code', async () => {
    const { configFile, out } = await generated(aConfig());
    writeFileSync(configFile, JSON.stringify(aConfig({ nodeGroup: { maxSize: 7 } })));
    expect((await diff('--config', configFile, '--against', out)).code).toBe(ExitCode.ok);
    const r = await diff('--config', configFile, '--against', out, '--exit-code');
    expect(r.code).toBe(ExitCode.invalid);
    expect(r.out).toContain('[~] Parameter NodeAutoScalingGroupMaxSize');
    expect(r.out).not.toContain('REPLACEMENT');
  });

  it('says what an AMI-release bump does to running nodes: how many, in how many batches, and how long at least', async () => {
    const pinned = (amiRelease: string) => aConfig({ nodeGroup: { amiRelease, desiredCapacity: 10, maxSize: 12, updatePolicy: { maxBatchSize: 2, pauseTime: 'PT5M' } } });
    const { configFile, out } = await generated(pinned('v20251120'));
    writeFileSync(configFile, JSON.stringify(pinned('v20260714')));
    const r = await diff('--config', configFile, '--against', out);
    expect(r.out).toContain('NODES: ng-1: replaces 10 nodes in 5 batches of 2, ≥ 25 min (updatePolicy); changed: ImageId');
  });

  it('says when a change replaces no node, and warns that ami auto may replace them all anyway', async () => {
    const { configFile, out } = await generated(aConfig());
    writeFileSync(configFile, JSON.stringify(aConfig({ nodeGroup: { maxSize: 7 } })));
    expect((await diff('--config', configFile, '--against', out)).out).toContain('NODES: ng-1: replaces no node (launch template, instance types and subnets unchanged); ami "auto": if AWS published a newer AMI');
    // A changed label is new user data: a new launch template version, every node replaced.
    writeFileSync(configFile, JSON.stringify(aConfig({ nodeGroup: { labels: { tier: 'web' } } })));
    expect((await diff('--config', configFile, '--against', out)).out).toContain('NODES: ng-1: replaces 2 nodes in 2 batches of 1, ≥ 4 min (updatePolicy); changed: UserData');
  });

  it('has generate say the same for each template it changed', async () => {
    const { configFile, out } = await generated(aConfig());
    writeFileSync(configFile, JSON.stringify(aConfig({ nodeGroup: { instanceType: 'm5.large' } })));
    const ctx = captureContext();
    expect(await main(['generate', '--no-lint', '--config', configFile, '--out', out], ctx)).toBe(ExitCode.ok);
    expect(ctx.out()).toContain('Changed node groups, once deployed:\n  ng-1: replaces 2 nodes in 2 batches of 1, ≥ 4 min (updatePolicy); changed: InstanceType');
    // Unchanged templates: nothing said.
    const again = captureContext();
    await main(['generate', '--no-lint', '--config', configFile, '--out', out], again);
    expect(again.out()).not.toContain('Changed node groups');
  });

  it('marks replacements and makes SSH open to the world impossible to miss', async () => {
    const { configFile, out } = await generated(aConfig({ nodeGroup: { ssh: { keyName: 'k', sourceCidr: '10.0.0.0/8' } } }));
    writeFileSync(configFile, JSON.stringify(aConfig({ cluster: { accountId: '111122223333' }, nodeGroup: { ssh: { keyName: 'k', sourceCidr: '0.0.0.0/0', allowOpenToWorld: true } } })));
    const r = await diff('--config', configFile, '--against', out);
    expect(r.out).toContain('!! REPLACEMENT: NodeInstanceRole (AWS::IAM::Role) will be replaced');
    expect(r.out).toContain('!! REPLACEMENT: NodeSecurityGroupSshIngress (AWS::EC2::SecurityGroupIngress) will be replaced');
    expect(r.out).toContain('!! SECURITY GROUP: NodeSecurityGroupSshIngress opens port 22 (SSH) to the whole internet (0.0.0.0/0)');
    expect(r.out).toContain('!! PERMISSIONS BROADENED');
    expect(r.out).toMatch(/Security Group Changes[\s\S]*Everyone \(IPv4\)/);
    expect(r.out).not.toMatch(/\u001b\[/); // no colour codes off a terminal
  });

  it('reads `aws cloudformation get-template` output and short-form YAML tags', async () => {
    const { configFile, out } = await generated(aConfig());
    const yaml = readFileSync(path.join(out, 'nodegroup-ng-1.yaml'), 'utf8');
    const getTemplate = path.join(dir, 'deployed.json');
    writeFileSync(getTemplate, JSON.stringify({ TemplateBody: yaml, StagesAvailable: ['Original', 'Processed'] }));
    expect((await diff('--config', configFile, '--against', getTemplate)).out).toContain('no differences');
    const shortForm = path.join(dir, 'short.yaml');
    writeFileSync(shortForm, yaml.replace(/VpcId:\n\s+Ref: VpcId/, 'VpcId: !Ref VpcId'));
    expect((await diff('--config', configFile, '--against', shortForm)).out).toContain('no differences');
  });

  it('refuses a file that is not a template, with exit 1', async () => {
    const { configFile } = await generated(aConfig());
    const notTemplate = path.join(dir, 'x.json');
    writeFileSync(notTemplate, '{"hello": 1}');
    const r = await diff('--config', configFile, '--against', notTemplate);
    expect(r.code).toBe(ExitCode.invalid);
    expect(r.err).toContain('is not a CloudFormation template (no Resources)');
  });
});

describe('risk alerts', () => {
  const role = (policies: unknown[], statements: unknown[] = []) => ({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: policies, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }] } } } });

  it('names AdministratorAccess, "*" actions and world-open ingress', () => {
    expect(riskAlerts(role([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess' }]))).toEqual(['IAM: R gets AdministratorAccess']);
    expect(riskAlerts(role([], [{ Effect: 'Allow', Action: '*', Resource: '*' }]))).toEqual(['IAM: R allows every action ("*")']);
    expect(riskAlerts({ Resources: { I: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { IpProtocol: '-1', CidrIpv6: '::/0' } } } })).toEqual(['SECURITY GROUP: I opens all ports (SSH) to the whole internet (::/0)']);
  });

  it('reports only what the new template adds', () => {
    const admin = role(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(newRiskAlerts(role([]), admin)).toEqual(['IAM: R gets AdministratorAccess']);
    expect(newRiskAlerts(admin, admin)).toEqual([]);
  });
});
