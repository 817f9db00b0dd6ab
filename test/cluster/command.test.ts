/**
 * `cluster()` (eksng cluster) through a captured context: the files, the printed next steps, and
 * every exit path leaving the disk as it was. cfn-lint is faked here; the golden test runs the real one.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { cluster } from '../../src/commands/cluster';
import { ConfigInput } from '../../src/config/types';
import { InvalidInputError, ToolError, ValidationFailedError } from '../../src/errors';
import { aConfig, captureContext, enoent, snapshot } from '../helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-cluster-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lintClean = () => ({ code: 0, stdout: '[]' });

/** A config before the cluster exists: no endpoint, CA or service CIDR. */
function aClusterConfig(extra: { cluster?: Partial<ConfigInput['cluster']>; network?: ConfigInput['network']; nodeGroups?: ConfigInput['nodeGroups'] } = {}): ConfigInput {
  const base = aConfig({ cluster: { endpoint: undefined, certificateAuthorityData: undefined, serviceCidr: undefined, ...extra.cluster } });
  return { ...base, ...(extra.network ? { network: extra.network } : {}), ...(extra.nodeGroups ? { nodeGroups: extra.nodeGroups } : {}) };
}

function writeConfig(config: unknown): string {
  const file = path.join(dir, 'nodegroup.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}


function existingOut(): string {
  const out = path.join(dir, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'cluster.yaml'), 'hand-edited: true\n');
  writeFileSync(path.join(out, 'nodegroup-ng-1.yaml'), 'from generate\n');
  return out;
}

describe('eksng cluster', () => {
  it('writes the template and both parameter files, lints once, prints the deploy command and the next steps', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aClusterConfig({ network: { privateSubnets: 2 } }));
    const out = path.join(dir, 'out');
    await cluster({ config, out, lint: true, lintCache: true }, ctx);
    expect(readdirSync(out).sort()).toEqual(['cluster.overrides.json', 'cluster.parameters.json', 'cluster.yaml']);
    expect(readdirSync(dir).sort()).toEqual(['nodegroup.json', 'out']); // no staging directory left behind
    expect(ctx.calls).toHaveLength(1);
    expect(ctx.calls[0].args.slice(0, 5)).toEqual(['--format', 'json', '--regions', 'us-east-1', '--']);
    const template = load(readFileSync(path.join(out, 'cluster.yaml'), 'utf8')) as any;
    expect(Object.keys(template.Resources)).toContain('PrivateSubnet02');
    const params = JSON.parse(readFileSync(path.join(out, 'cluster.parameters.json'), 'utf8'));
    expect(params).toContainEqual({ ParameterKey: 'ClusterName', ParameterValue: 'test-cluster' });
    const overrides = JSON.parse(readFileSync(path.join(out, 'cluster.overrides.json'), 'utf8'));
    expect(overrides).toEqual(params.map((p: { ParameterKey: string; ParameterValue: string }) => `${p.ParameterKey}=${p.ParameterValue}`));

    const printed = ctx.out();
    expect(printed).toContain(`wrote ${out}/cluster.yaml`);
    expect(printed).toContain(`aws cloudformation deploy --region us-east-1 --stack-name eksng-test-cluster-cluster --template-file ${out}/cluster.yaml --parameter-overrides file://${out}/cluster.overrides.json --capabilities CAPABILITY_IAM`);
    expect(printed).toContain('aws eks create-cluster --region us-east-1 --name test-cluster --kubernetes-version 1.33 --role-arn <ClusterRoleArn> --resources-vpc-config subnetIds=<PublicSubnetIds>,<PrivateSubnetIds>,securityGroupIds=<ControlPlaneSecurityGroupId>');
    expect(printed).toContain('aws cloudformation describe-stacks --region us-east-1 --stack-name eksng-test-cluster-cluster --output json > cluster-outputs.json');
    expect(printed).toMatch(/eksng generate --config \S*nodegroup\.json --cluster-outputs cluster-outputs\.json --out /);
    expect(ctx.err()).toBe('');
  });

  it('with cluster.create, says how long EKS takes and skips the create-cluster step', async () => {
    const ctx = captureContext(lintClean);
    await cluster({ config: writeConfig(aClusterConfig({ cluster: { create: true } })), out: path.join(dir, 'out'), lint: true, lintCache: true }, ctx);
    expect(ctx.out()).toContain('EKS takes 10 to 15 minutes');
    expect(ctx.out()).not.toContain('aws eks create-cluster');
    expect(ctx.out()).not.toContain('set cluster.endpoint');
  });

  it('adds its files to an existing output directory, leaving the others alone', async () => {
    const out = existingOut();
    await cluster({ config: writeConfig(aClusterConfig()), out, lint: true, lintCache: true }, captureContext(lintClean));
    expect(readdirSync(out).sort()).toEqual(['cluster.overrides.json', 'cluster.parameters.json', 'cluster.yaml', 'nodegroup-ng-1.yaml']);
    expect(readFileSync(path.join(out, 'nodegroup-ng-1.yaml'), 'utf8')).toBe('from generate\n');
  });

  it('gives the same bytes run after run', async () => {
    const config = writeConfig(aClusterConfig({ cluster: { create: true } }));
    await cluster({ config, out: path.join(dir, 'a'), lint: true, lintCache: true }, captureContext(lintClean));
    await cluster({ config, out: path.join(dir, 'b'), lint: true, lintCache: true }, captureContext(lintClean));
    expect(snapshot(path.join(dir, 'b'))).toEqual(snapshot(path.join(dir, 'a')));
  });

  it('prints config warnings and still writes', async () => {
    const ctx = captureContext(lintClean);
    await cluster({ config: writeConfig(aClusterConfig({ network: { vpcCidr: '10.0.0.0/23' } })), out: path.join(dir, 'out'), lint: true, lintCache: true }, ctx);
    expect(ctx.err()).toMatch(/^warning: .*nodegroup\.json#\/network\/vpcCidr: gives subnets of \/26/m);
    expect(existsSync(path.join(dir, 'out', 'cluster.yaml'))).toBe(true);
  });

  it('refuses an invalid config with every problem, never lints, and leaves an existing out/ byte-identical', async () => {
    const out = existingOut();
    const ctx = captureContext(lintClean);
    const config = writeConfig(aClusterConfig({ network: { vpcCidr: '10.0.0.0/8', privateSubnets: 2, natGateways: 'none' } }));
    const before = snapshot(dir);
    const failure = cluster({ config, out, lint: true, lintCache: true }, ctx);
    await expect(failure).rejects.toBeInstanceOf(InvalidInputError);
    const e = (await failure.catch((x: unknown) => x)) as InvalidInputError;
    expect(e.problems.map((p) => `${p.code}@${p.pointer}`)).toEqual(['rule.vpc-cidr-size@/network/vpcCidr', 'rule.private-subnets-need-nat@/network/natGateways']);
    expect(e.lines()[0]).toMatch(/nodegroup\.json#\/network\/vpcCidr: must have a prefix from \/16/);
    expect(snapshot(dir)).toEqual(before);
    expect(ctx.calls).toEqual([]);
  });

  it('does not ask for the values only the deployed cluster has, but refuses a node group named like the cluster stack', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aClusterConfig({ nodeGroups: [{ name: 'cluster' }] }));
    const failure = cluster({ config, out: path.join(dir, 'out'), lint: true, lintCache: true }, ctx);
    await expect(failure).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'rule.stack-name', pointer: '/nodeGroups/0/name' })] });
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses a file that is not JSON, and a missing file', async () => {
    const file = path.join(dir, 'nodegroup.json');
    writeFileSync(file, '{ nope');
    await expect(cluster({ config: file, out: path.join(dir, 'out'), lint: true, lintCache: true }, captureContext(lintClean))).rejects.toBeInstanceOf(InvalidInputError);
    await expect(cluster({ config: path.join(dir, 'missing.json'), out: path.join(dir, 'out'), lint: true, lintCache: true }, captureContext(lintClean))).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'io.read' })],
    });
    expect(readdirSync(dir)).toEqual(['nodegroup.json']);
  });

  it('fails on a cfn-lint error, shown against the output file and line, and writes nothing', async () => {
    const out = existingOut();
    const config = writeConfig(aClusterConfig());
    const before = snapshot(dir);
    const ctx = captureContext((_, args) => ({
      code: 2,
      stdout: JSON.stringify([{ Rule: { Id: 'E3012' }, Level: 'Error', Message: 'bad type', Filename: args[args.length - 1], Location: { Start: { LineNumber: 42, ColumnNumber: 7 }, Path: ['Resources', 'VPC'] } }]),
    }));
    const failure = cluster({ config, out, lint: true, lintCache: true }, ctx);
    await expect(failure).rejects.toBeInstanceOf(ValidationFailedError);
    const e = (await failure.catch((x: unknown) => x)) as ValidationFailedError;
    expect(e.lines()).toEqual([`${out}/cluster.yaml:42:7: E3012 [Error] bad type (Resources/VPC)`, 'cfn-lint found 1 error; nothing was written']);
    expect(snapshot(dir)).toEqual(before);
  });

  it('prints cfn-lint warnings and still writes', async () => {
    const ctx = captureContext((_, args) => ({ code: 4, stdout: JSON.stringify([{ Rule: { Id: 'W1234' }, Level: 'Warning', Message: 'hmm', Filename: args[args.length - 1], Location: { Start: { LineNumber: 3, ColumnNumber: 1 } } }]) }));
    await cluster({ config: writeConfig(aClusterConfig()), out: path.join(dir, 'out'), lint: true, lintCache: true }, ctx);
    expect(ctx.err()).toContain('warning: ');
    expect(ctx.err()).toContain('cluster.yaml:3:1: W1234 [Warning] hmm');
    expect(existsSync(path.join(dir, 'out', 'cluster.yaml'))).toBe(true);
  });

  it('is a tool error with the install command when cfn-lint is missing, and writes nothing', async () => {
    const failure = cluster({ config: writeConfig(aClusterConfig()), out: path.join(dir, 'out'), lint: true, lintCache: true }, captureContext(() => ({ code: null, spawnError: enoent() })));
    await expect(failure).rejects.toBeInstanceOf(ToolError);
    await expect(failure).rejects.toThrow(/pip install cfn-lint/);
    expect(readdirSync(dir)).toEqual(['nodegroup.json']);
  });

  it('--no-lint skips cfn-lint with a visible warning', async () => {
    const ctx = captureContext(() => {
      throw new Error('cfn-lint must not run');
    });
    await cluster({ config: writeConfig(aClusterConfig()), out: path.join(dir, 'out'), lint: false, lintCache: false }, ctx);
    expect(ctx.err()).toMatch(/^warning: .*out: --no-lint: the templates were NOT checked by cfn-lint$/m);
    expect(ctx.calls).toEqual([]);
  });
});
