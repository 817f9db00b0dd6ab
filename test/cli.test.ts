/**
 * The command line end to end: every exit code, and "nothing written on failure". Most tests call
 * main() in-process with a fake process runner; a few spawn bin/eksng.js (needs `npm run build`,
 * which `npm test` does first) with the real cfn-lint or a PATH without it.
 */
import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { main } from '../src/cli';
import { ExitCode } from '../src/errors';
import { aConfig, CA_DATA, captureContext, ENDPOINT, enoent, snapshot } from './helpers';
import { fileURLToPath } from 'url';
import { schemaReference } from '../src/commands/init';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin/eksng.js');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(config: unknown, name = 'nodegroup.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}


function existingOut(): string {
  const out = path.join(dir, 'out');
  mkdirSync(out);
  writeFileSync(path.join(out, 'nodegroup-ng-1.yaml'), 'hand-edited: true\n');
  writeFileSync(path.join(out, 'README.txt'), 'not ours\n');
  return out;
}

const lintClean = () => ({ code: 0, stdout: '[]' });

describe('eksng generate', () => {
  it('writes template, parameters and aws-auth, prints the deploy command, exits 0', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ cluster: { accountId: '111122223333' } }));
    const out = path.join(dir, 'out');
    expect(await main(['generate', '--config', config, '--out', out], ctx)).toBe(ExitCode.ok);
    expect(readdirSync(out).sort()).toEqual(['aws-auth-cm.yaml', 'nodegroup-ng-1.md', 'nodegroup-ng-1.overrides.json', 'nodegroup-ng-1.parameters.json', 'nodegroup-ng-1.yaml']);
    expect(ctx.out()).toContain(`aws cloudformation deploy --region us-east-1 --stack-name eksng-test-cluster-ng-1 --template-file ${out}/nodegroup-ng-1.yaml --parameter-overrides file://${out}/nodegroup-ng-1.overrides.json --capabilities CAPABILITY_NAMED_IAM`);
    expect(ctx.calls).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(['nodegroup.json', 'out']); // no staging directory left behind
    const params = JSON.parse(readFileSync(path.join(out, 'nodegroup-ng-1.parameters.json'), 'utf8'));
    expect(params).toContainEqual({ ParameterKey: 'ClusterName', ParameterValue: 'test-cluster' });
    const overrides = JSON.parse(readFileSync(path.join(out, 'nodegroup-ng-1.overrides.json'), 'utf8'));
    expect(overrides).toEqual(params.map((p: { ParameterKey: string; ParameterValue: string }) => `${p.ParameterKey}=${p.ParameterValue}`));
  });

  it('reads a config that starts with a UTF-8 byte-order mark (as some Windows editors save it), with positions from its content', async () => {
    const config = path.join(dir, 'nodegroup.json');
    writeFileSync(config, '\ufeff' + JSON.stringify(aConfig(), null, 2));
    expect(await main(['generate', '--no-lint', '--config', config, '--out', path.join(dir, 'out')], captureContext())).toBe(ExitCode.ok);
    // An error still points at the right line.
    writeFileSync(config, '\ufeff' + JSON.stringify(aConfig({ nodeGroup: { minSize: -1 } }), null, 2));
    const ctx = captureContext();
    expect(await main(['validate', '--no-lint', '--format', 'json', '--config', config], ctx)).toBe(ExitCode.invalid);
    const finding = JSON.parse(ctx.out()).findings.find((f: { pointer: string }) => f.pointer === '/nodeGroups/0/minSize');
    const text = readFileSync(config, 'utf8');
    expect(finding.line).toBe(text.split('\n').findIndex((l) => l.includes('"minSize"')) + 1);
    // The value's column, counted without the mark (it is not a character of the content).
    expect(finding.column).toBe(text.split('\n').find((l) => l.includes('"minSize"'))!.indexOf('-1') + 1);
  });

  it('without an account id writes no aws-auth and says which command to run after deploying', async () => {
    const ctx = captureContext(lintClean);
    const out = path.join(dir, 'out');
    expect(await main(['generate', '--config', writeConfig(aConfig()), '--out', out], ctx)).toBe(ExitCode.ok);
    expect(existsSync(path.join(out, 'aws-auth-cm.yaml'))).toBe(false);
    expect(ctx.out()).toContain('aws cloudformation describe-stacks --region us-east-1 --stack-name eksng-test-cluster-ng-1 --output json > eksng-test-cluster-ng-1.json');
    expect(ctx.out()).toMatch(/eksng auth --config .*nodegroup\.json --stack-outputs eksng-test-cluster-ng-1\.json --merge-with current-aws-auth\.yaml --out /);
    expect(ctx.out()).toContain('needs values the config does not give: ClusterControlPlaneSecurityGroup (cluster.controlPlaneSecurityGroupId), VpcId (cluster.vpcId), Subnets (cluster.subnetIds)');
  });

  it('prints warnings and still exits 0', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ cluster: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } }));
    expect(await main(['generate', '--config', config, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
    expect(ctx.err()).toMatch(/^warning: .*nodegroup\.json#\/cluster\/subnetIds: has one subnet/m);
  });

  it('gives the same bytes run after run', async () => {
    const config = writeConfig(aConfig({ cluster: { accountId: '111122223333' } }));
    await main(['generate', '--config', config, '--out', path.join(dir, 'a')], captureContext(lintClean));
    await main(['generate', '--config', config, '--out', path.join(dir, 'b')], captureContext(lintClean));
    expect(snapshot(path.join(dir, 'b'))).toEqual(snapshot(path.join(dir, 'a')));
  });

  it('exits 1 on an invalid config, naming each place, and leaves an existing out/ byte-identical', async () => {
    const out = existingOut();
    const before = snapshot(dir);
    const ctx = captureContext(lintClean);
    const bad = aConfig({ nodeGroup: { minSize: 3, desiredCapacity: 2 } }) as any;
    bad.cluster.regin = 'us-east-2';
    const config = writeConfig(bad);
    const after = { ...before, 'nodegroup.json': readFileSync(config, 'base64') };
    expect(await main(['generate', '--config', config, '--out', out], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toContain('nodegroup.json#/cluster/regin: unknown field "regin" (did you mean "region"?)');
    expect(ctx.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(snapshot(dir)).toEqual(after);
    expect(ctx.calls).toEqual([]);
  });

  it('exits 1 when the rules fail, before linting', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ nodeGroup: { minSize: 2, desiredCapacity: 2, maxSize: 1 } }));
    expect(await main(['generate', '--config', config, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/nodegroup\.json#\/nodeGroups\/0\/maxSize: must be ≥ desiredCapacity \(2\), got 1/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exits 1 when cfn-lint finds an error, shows it against the output file and line, and writes nothing', async () => {
    const out = existingOut();
    const before = snapshot(dir);
    const ctx = captureContext((_, args) => ({
      code: 2,
      stdout: JSON.stringify([{ Rule: { Id: 'E3012' }, Level: 'Error', Message: 'bad type', Filename: args[args.length - 1], Location: { Start: { LineNumber: 42, ColumnNumber: 7 }, Path: ['Resources', 'NodeGroup'] } }]),
    }));
    const config = path.join(dir, 'c.json');
    writeFileSync(config, JSON.stringify(aConfig()));
    const after = { ...before, 'c.json': readFileSync(config, 'base64') };
    expect(await main(['generate', '--config', config, '--out', out], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toContain(`${out}/nodegroup-ng-1.yaml:42:7: E3012 [Error] bad type (Resources/NodeGroup)`);
    expect(ctx.err()).toContain('nothing was written');
    expect(snapshot(dir)).toEqual(after);
  });

  it('prints cfn-lint warnings and still writes', async () => {
    const ctx = captureContext((_, args) => ({ code: 4, stdout: JSON.stringify([{ Rule: { Id: 'W1234' }, Level: 'Warning', Message: 'hmm', Filename: args[args.length - 1], Location: { Start: { LineNumber: 3, ColumnNumber: 1 } } }]) }));
    expect(await main(['generate', '--config', writeConfig(aConfig()), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
    expect(ctx.err()).toContain('warning: ');
    expect(ctx.err()).toContain('W1234 [Warning] hmm');
  });

  it('exits 2 with the install command when cfn-lint is missing, and writes nothing', async () => {
    const ctx = captureContext(() => ({ code: null, spawnError: enoent() }));
    expect(await main(['generate', '--config', writeConfig(aConfig()), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.tool);
    expect(ctx.err()).toContain('pip install cfn-lint');
    expect(readdirSync(dir)).toEqual(['nodegroup.json']);
  });

  it('exits 2 when cfn-lint crashes', async () => {
    const ctx = captureContext(() => ({ code: 1, stderr: 'Traceback (most recent call last): boom' }));
    expect(await main(['generate', '--config', writeConfig(aConfig()), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.tool);
    expect(ctx.err()).toContain('cfn-lint failed (exit status 1): Traceback');
  });

  it('--no-lint skips cfn-lint with a visible warning', async () => {
    const ctx = captureContext(() => {
      throw new Error('cfn-lint must not run');
    });
    expect(await main(['generate', '--no-lint', '--config', writeConfig(aConfig()), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
    expect(ctx.err()).toContain(`warning: ${path.join(dir, 'out')}: --no-lint: the templates were NOT checked by cfn-lint`);
  });

  it('--no-lint --format json lists the skipped lint as a finding', async () => {
    const ctx = captureContext(() => {
      throw new Error('cfn-lint must not run');
    });
    expect(await main(['generate', '--no-lint', '--format', 'json', '--config', writeConfig(aConfig()), '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
    expect(JSON.parse(ctx.out()).findings).toEqual([expect.objectContaining({ level: 'warning', ruleId: 'lint.skipped', file: path.join(dir, 'out') })]);
  });

  it('refuses user data over EC2\'s 16 KB (here from a 40 KB CA), naming what makes it large', async () => {
    const pem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(40000)}\n-----END CERTIFICATE-----\n`;
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ cluster: { certificateAuthorityData: Buffer.from(pem).toString('base64') } }));
    expect(await main(['generate', '--config', config, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/nodegroup\.json#\/nodeGroups\/0: would give each node \d+ bytes of user data; EC2 takes at most 16384 .*cluster\.certificateAuthorityData: 5\d{4} bytes/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses a template over 51,200 bytes and says how to deploy through S3', async () => {
    // 40 long tags land on every resource of the group (not in the user data, which has a limit of its own).
    const tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`team-${i}-${'k'.repeat(100)}`, 'v'.repeat(250)]));
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ nodeGroup: { tags } }));
    expect(await main(['generate', '--config', config, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/over CloudFormation's 51200-byte limit .*--s3-bucket/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exits 1 for a missing config file, pointing to eksng init', async () => {
    const ctx = captureContext(lintClean);
    expect(await main(['generate', '--config', path.join(dir, 'nope.json')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toContain('cannot be read: no such file (create one with: eksng init)');
  });
});

describe('accelerated node groups (issue 14, item 7)', () => {
  it('say in the next steps which device plugin the cluster must run, and not for Bottlerocket NVIDIA (its AMI has it)', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ nodeGroups: [{ name: 'gpu', instanceType: 'g5.xlarge' }, { name: 'inf', instanceType: 'inf2.xlarge' }, { name: 'rocket', instanceType: 'g5.xlarge', amiFamily: 'Bottlerocket' }] }));
    expect(await main(['generate', '--config', config, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
    expect(ctx.out()).toContain('For gpu (nvidia): the NVIDIA device plugin must run in the cluster before pods can request nvidia.com/gpu: helm repo add nvdp');
    expect(ctx.out()).toContain('For inf (neuron): the Neuron device plugin must run in the cluster');
    expect(ctx.out()).not.toContain('For rocket');
  });
});

describe('eksng generate --check', () => {
  const setup = async () => {
    const config = writeConfig(aConfig({ cluster: { accountId: '111122223333' } }));
    const out = path.join(dir, 'out');
    expect(await main(['generate', '--config', config, '--out', out], captureContext(lintClean))).toBe(ExitCode.ok);
    return { config, out };
  };
  const check = async (config: string, out: string) => {
    const ctx = captureContext(lintClean);
    const code = await main(['generate', '--check', '--config', config, '--out', out], ctx);
    return { code, ctx };
  };

  it('passes when the output is up to date, and writes nothing', async () => {
    const { config, out } = await setup();
    const before = snapshot(dir);
    const { code, ctx } = await check(config, out);
    expect(code).toBe(ExitCode.ok);
    expect(ctx.out()).toContain('is up to date (5 files)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('fails listing files that are stale, edited by hand, missing or left over, and writes nothing', async () => {
    const { config, out } = await setup();
    writeFileSync(path.join(out, 'nodegroup-ng-1.yaml'), readFileSync(path.join(out, 'nodegroup-ng-1.yaml'), 'utf8') + '# hand edit\n');
    rmSync(path.join(out, 'aws-auth-cm.yaml'));
    writeFileSync(path.join(out, 'nodegroup-old.yaml'), 'from a node group that was removed\n');
    writeFileSync(path.join(out, 'NOTES.md'), 'mine\n');
    const before = snapshot(dir);
    const { code, ctx } = await check(config, out);
    expect(code).toBe(ExitCode.invalid);
    expect(ctx.err()).toContain(`${out}/nodegroup-ng-1.yaml: differs from what the config generates`);
    expect(ctx.err()).toContain(`${out}/aws-auth-cm.yaml: is missing`);
    expect(ctx.err()).toContain(`${out}/nodegroup-old.yaml: is not generated by ${config} (stale?)`);
    expect(ctx.err()).not.toContain('NOTES.md');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--format json lists each differing, missing and stale file as a finding with its path', async () => {
    const { config, out } = await setup();
    writeFileSync(path.join(out, 'nodegroup-ng-1.md'), 'edited\n');
    rmSync(path.join(out, 'aws-auth-cm.yaml'));
    writeFileSync(path.join(out, 'nodegroup-old.overrides.json'), '[]\n');
    const ctx = captureContext(lintClean);
    expect(await main(['generate', '--check', '--format', 'json', '--config', config, '--out', out], ctx)).toBe(ExitCode.invalid);
    const report = JSON.parse(ctx.out());
    expect(report).toMatchObject({ ok: false, exitCode: 1 });
    expect(report.findings.map((f: { ruleId: string; file: string; level: string }) => [f.level, f.ruleId, f.file])).toEqual([
      ['error', 'check.differs', `${out}/nodegroup-ng-1.md`],
      ['error', 'check.missing', `${out}/aws-auth-cm.yaml`],
      ['error', 'check.stale', `${out}/nodegroup-old.overrides.json`],
    ]);
  });

  it('fails when the config changed since the output was generated', async () => {
    const { config, out } = await setup();
    writeFileSync(config, JSON.stringify(aConfig({ cluster: { accountId: '111122223333' }, nodeGroup: { maxSize: 8 } })));
    const { code, ctx } = await check(config, out);
    expect(code).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/nodegroup-ng-1\.yaml: differs/);
    expect(ctx.err()).toMatch(/nodegroup-ng-1\.parameters\.json: differs/);
  });
});

describe('several configs in one run', () => {
  it('lints every template of every config in one cfn-lint process and writes each config to <out>/<name>/', async () => {
    const ctx = captureContext(lintClean);
    const a = writeConfig(aConfig({ nodeGroups: [{ name: 'x' }, { name: 'y' }] }), 'a.json');
    const b = writeConfig(aConfig({ cluster: { name: 'other', region: 'eu-west-1' } }), 'b.json');
    const out = path.join(dir, 'out');
    expect(await main(['generate', '--config', a, '--config', b, '--out', out], ctx)).toBe(ExitCode.ok);
    expect(ctx.calls).toHaveLength(1);
    const args = ctx.calls[0].args;
    expect(args.slice(args.indexOf('--') + 1).map((f) => path.relative(dir, f).split(path.sep).slice(1).join('/'))).toEqual(['a/nodegroup-x.yaml', 'a/nodegroup-y.yaml', 'b/nodegroup-ng-1.yaml']);
    expect(args.slice(args.indexOf('--regions') + 1, args.indexOf('--'))).toEqual(['eu-west-1', 'us-east-1']);
    expect(readdirSync(out).sort()).toEqual(['a', 'b']);
    expect(readdirSync(path.join(out, 'a')).sort()).toEqual(['nodegroup-x.md', 'nodegroup-x.overrides.json', 'nodegroup-x.parameters.json', 'nodegroup-x.yaml', 'nodegroup-y.md', 'nodegroup-y.overrides.json', 'nodegroup-y.parameters.json', 'nodegroup-y.yaml']);
  });

  it('takes a directory of configs', async () => {
    const configs = path.join(dir, 'configs');
    mkdirSync(configs);
    writeFileSync(path.join(configs, 'one.json'), JSON.stringify(aConfig()));
    writeFileSync(path.join(configs, 'two.json'), JSON.stringify(aConfig({ cluster: { name: 'two' } })));
    writeFileSync(path.join(configs, 'notes.txt'), 'not a config');
    const ctx = captureContext(lintClean);
    expect(await main(['validate', '--config', configs], ctx)).toBe(ExitCode.ok);
    expect(ctx.calls).toHaveLength(1);
    expect(ctx.out()).toMatch(/one\.json is valid[\s\S]*two\.json is valid/);
  });

  it('reports the problems of every config, writes nothing', async () => {
    const ctx = captureContext(lintClean);
    const a = writeConfig(aConfig({ nodeGroup: { minSize: 5 } }), 'a.json');
    const b = writeConfig({ cluster: {} }, 'b.json');
    expect(await main(['generate', '--config', a, '--config', b, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/a\.json#\/nodeGroups\/0\/desiredCapacity/);
    expect(ctx.err()).toMatch(/b\.json#\/cluster\/name: is required/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(ctx.calls).toEqual([]);
  });
});

describe('progress', () => {
  it('is shown on a terminal and not when stderr is not a TTY or under CI=true', async () => {
    const run = async (tty: boolean, ci: string) => {
      const ctx = captureContext(lintClean, { CI: ci });
      (ctx.stderr as { isTTY?: boolean }).isTTY = tty;
      await main(['validate', '--config', writeConfig(aConfig())], ctx);
      return ctx.err();
    };
    expect(await run(true, '')).toContain('linting 1 template with cfn-lint: nodegroup-ng-1.yaml');
    expect(await run(false, '')).toBe('');
    expect(await run(true, 'true')).toBe('');
  });
});

describe('eksng validate', () => {
  it('runs every check and writes nothing', async () => {
    const config = writeConfig(aConfig({ cluster: { accountId: '111122223333' } }));
    const before = snapshot(dir);
    const ctx = captureContext(lintClean);
    expect(await main(['validate', '--config', config], ctx)).toBe(ExitCode.ok);
    expect(ctx.calls).toHaveLength(1);
    expect(ctx.out()).toContain('is valid: 1 node group, templates pass cfn-lint');
    expect(snapshot(dir)).toEqual(before);
  });

  it('exits 1 with every problem', async () => {
    const ctx = captureContext(lintClean);
    const config = writeConfig(aConfig({ cluster: { endpoint: undefined }, nodeGroup: { ssh: { keyName: 'k', sourceCidr: '0.0.0.0/0' } } }));
    expect(await main(['validate', '--config', config], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err().trim().split('\n')).toHaveLength(2);
  });
});

describe('eksng init', () => {
  it('writes a starter config whose $schema resolves to the schema of the eksng that wrote it', async () => {
    const file = path.join(dir, 'nodegroup.json');
    expect(await main(['init', '--config', file], captureContext())).toBe(ExitCode.ok);
    const ref: string = JSON.parse(readFileSync(file, 'utf8')).$schema;
    // Outside the package's tree (as after a global install): an absolute file URL, not a node_modules path that is not there.
    expect(ref).toMatch(/^file:\/\//);
    const schema = fileURLToPath(ref);
    expect(schema).toBe(path.join(ROOT, 'schema', 'nodegroup.schema.json'));
    expect(JSON.parse(readFileSync(schema, 'utf8')).title).toBe('eksng node-group config');
  });

  it('writes a relative $schema when the package is inside the config\'s directory tree (a project\'s node_modules, a clone)', () => {
    expect(schemaReference(path.join(ROOT, 'nodegroup.json'))).toBe('./schema/nodegroup.schema.json');
  });

  it('names exactly the fields still to fill, with one describe-cluster command printing them under their config names', async () => {
    const file = path.join(dir, 'nodegroup.json');
    const ctx = captureContext();
    expect(await main(['init', '--config', file], ctx)).toBe(ExitCode.ok);
    const fields = [...(/Next, fill in (.*); this prints/.exec(ctx.out())?.[1] ?? '').matchAll(/cluster\.([A-Za-z]+)/g)].map((m) => m[1]);
    expect(fields).toEqual(['name', 'clusterSecurityGroupId', 'endpoint', 'certificateAuthorityData', 'serviceCidr']);
    const command = /^  (aws eks describe-cluster .*)$/m.exec(ctx.out())?.[1] ?? '';
    const query = /--query 'cluster\.\{(.*)\}'/.exec(command)?.[1] ?? '';
    const printed = query.split(',').map((kv) => kv.split(':')[0]);
    expect(printed).toEqual(['kubernetesVersion', 'clusterSecurityGroupId', 'endpoint', 'certificateAuthorityData', 'serviceCidr']);
    // What describe-cluster would print, pasted into the config under the same names: validate passes without a finding.
    const answer: Record<string, string> = { name: 'prod', endpoint: ENDPOINT, certificateAuthorityData: CA_DATA, serviceCidr: '10.100.0.0/16', clusterSecurityGroupId: 'sg-0c1a2b3c4d5e6f708' };
    const starter = JSON.parse(readFileSync(file, 'utf8'));
    const filled = (leaveOut: string | null) => ({ ...starter, cluster: { ...starter.cluster, ...Object.fromEntries(fields.filter((f) => f !== leaveOut).map((f) => [f, answer[f]])) } });
    const validate = async (config: unknown) => {
      writeFileSync(file, JSON.stringify(config));
      const v = captureContext(lintClean);
      return { code: await main(['validate', '--config', file], v), err: v.err() };
    };
    expect(await validate(filled(null))).toEqual({ code: ExitCode.ok, err: '' });
    // And each one is needed (the name aside, which is a placeholder, not missing): left out, it is a finding.
    for (const field of fields.filter((f) => f !== 'name')) expect((await validate(filled(field))).err).toMatch(new RegExp(`#/cluster/${field}: is (required|not set)`));
  });

  it('never overwrites an existing file unless --force', async () => {
    const file = writeConfig({ mine: true });
    const ctx = captureContext();
    expect(await main(['init', '--config', file], ctx)).toBe(ExitCode.usage);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ mine: true });
    expect(await main(['init', '--config', file, '--force'], captureContext())).toBe(ExitCode.ok);
    expect(JSON.parse(readFileSync(file, 'utf8')).cluster).toBeDefined();
  });
});

describe('eksng auth', () => {
  const mapRoles = (out: string) => load((load(readFileSync(path.join(out, 'aws-auth-cm.yaml'), 'utf8')) as any).data.mapRoles) as any[];
  const describeStacks = (stacks: Array<{ name: string; nodeGroup?: string; cluster?: string; role?: string }>) =>
    JSON.stringify({
      Stacks: stacks.map((s) => ({
        StackName: s.name,
        Parameters: [
          ...(s.nodeGroup ? [{ ParameterKey: 'NodeGroupName', ParameterValue: s.nodeGroup }] : []),
          ...(s.cluster ? [{ ParameterKey: 'ClusterName', ParameterValue: s.cluster }] : []),
        ],
        Outputs: s.role ? [{ OutputKey: 'NodeInstanceRole', OutputValue: s.role }, { OutputKey: 'NodeSecurityGroup', OutputValue: 'sg-1' }] : [],
      })),
    });
  const CURRENT = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: aws-auth',
    '  namespace: kube-system',
    '  resourceVersion: "99"',
    '  uid: 0b6f5a34-8f0c-4a51-9f87-0c9a1b2c3d4e',
    'data:',
    '  mapRoles: |',
    '    - rolearn: arn:aws:iam::111122223333:role/admins',
    '      username: admin',
    '      groups: [system:masters]',
    '  mapUsers: |',
    '    - userarn: arn:aws:iam::111122223333:user/alice',
    '      username: alice',
    '      groups: [system:masters]',
    '',
  ].join('\n');

  it('maps the role passed with --role-arn, without its IAM path, and says so', async () => {
    const out = path.join(dir, 'out');
    const ctx = captureContext();
    const code = await main(['auth', '--config', writeConfig(aConfig()), '--role-arn', 'ng-1=arn:aws:iam::111122223333:role/eks/NodeRole', '--out', out], ctx);
    expect(code).toBe(ExitCode.ok);
    expect(mapRoles(out)).toEqual([{ rolearn: 'arn:aws:iam::111122223333:role/NodeRole', username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] }]);
    expect(ctx.err()).toContain('the IAM path /eks/ was removed');
    expect(ctx.out()).toContain('added: arn:aws:iam::111122223333:role/NodeRole');
  });

  it('warns when a node role is of another account than cluster.accountId, and maps it as given', async () => {
    const out = path.join(dir, 'out');
    const ctx = captureContext();
    const config = writeConfig(aConfig({ cluster: { accountId: '111122223333' } }));
    expect(await main(['auth', '--config', config, '--role-arn', 'ng-1=arn:aws:iam::444455556666:role/NodeRole', '--out', out], ctx)).toBe(ExitCode.ok);
    expect(ctx.err()).toContain('warning: command line: --role-arn ng-1: arn:aws:iam::444455556666:role/NodeRole is in account 444455556666, not cluster.accountId 111122223333');
    expect(mapRoles(out).map((e) => e.rolearn)).toEqual(['arn:aws:iam::444455556666:role/NodeRole']);
  });

  it('uses the deterministic role name when the account is known', async () => {
    const out = path.join(dir, 'out');
    expect(await main(['auth', '--config', writeConfig(aConfig({ cluster: { accountId: '111122223333' } })), '--out', out], captureContext())).toBe(ExitCode.ok);
    expect(mapRoles(out).map((e) => e.rolearn)).toEqual(['arn:aws:iam::111122223333:role/test-cluster-ng-1-NodeRole']);
  });

  it('reads role ARNs from describe-stacks JSON, matching stacks to node groups and skipping others', async () => {
    const out = path.join(dir, 'out');
    const outputs = path.join(dir, 'stacks.json');
    writeFileSync(outputs, describeStacks([
      { name: 'anything-a', nodeGroup: 'a', cluster: 'test-cluster', role: 'arn:aws:iam::111122223333:role/A' },
      { name: 'eksng-test-cluster-b', role: 'arn:aws:iam::111122223333:role/B' },
      { name: 'other-cluster-a', nodeGroup: 'a', cluster: 'other', role: 'arn:aws:iam::111122223333:role/X' },
      { name: 'network' },
    ]));
    const ctx = captureContext();
    const config = writeConfig(aConfig({ nodeGroups: [{ name: 'a' }, { name: 'b' }] }));
    expect(await main(['auth', '--config', config, '--stack-outputs', outputs, '--out', out], ctx)).toBe(ExitCode.ok);
    expect(mapRoles(out).map((e) => e.rolearn)).toEqual(['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B']);
    expect(ctx.err()).toContain('stack other-cluster-a is not a node group of cluster test-cluster');
    expect(ctx.err()).toContain('stack network has no NodeInstanceRole output');
  });

  it('merges into the current ConfigMap keeping every entry, drops server metadata, and is idempotent', async () => {
    const out = path.join(dir, 'out');
    const current = path.join(dir, 'current.yaml');
    writeFileSync(current, CURRENT);
    const args = ['auth', '--config', writeConfig(aConfig()), '--role-arn', 'ng-1=arn:aws:iam::111122223333:role/NodeRole', '--merge-with', current, '--out', out];
    const ctx = captureContext();
    expect(await main(args, ctx)).toBe(ExitCode.ok);
    const first = readFileSync(path.join(out, 'aws-auth-cm.yaml'), 'utf8');
    expect(mapRoles(out).map((e) => e.rolearn)).toEqual(['arn:aws:iam::111122223333:role/admins', 'arn:aws:iam::111122223333:role/NodeRole']);
    expect(first).toContain('userarn: arn:aws:iam::111122223333:user/alice');
    expect(first).not.toMatch(/resourceVersion|uid:/);
    expect(ctx.out()).toContain('kept: 1 other mapRoles entry, 1 mapUsers entry');
    writeFileSync(current, first);
    const again = captureContext();
    expect(await main(args, again)).toBe(ExitCode.ok);
    expect(readFileSync(path.join(out, 'aws-auth-cm.yaml'), 'utf8')).toBe(first);
    expect(again.out()).toContain('already present: arn:aws:iam::111122223333:role/NodeRole');
  });

  it('removes a node group\'s entry with --remove', async () => {
    const out = path.join(dir, 'out');
    const current = path.join(dir, 'current.yaml');
    writeFileSync(current, CURRENT.replace('  mapUsers: |', '    - rolearn: arn:aws:iam::111122223333:role/Old\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:bootstrappers, system:nodes]\n  mapUsers: |'));
    const ctx = captureContext();
    const args = ['auth', '--config', writeConfig(aConfig()), '--role-arn', 'ng-1=arn:aws:iam::111122223333:role/NodeRole', '--role-arn', 'old=arn:aws:iam::111122223333:role/Old', '--remove', 'old', '--merge-with', current, '--out', out];
    expect(await main(args, ctx)).toBe(ExitCode.ok);
    expect(mapRoles(out).map((e) => e.rolearn)).toEqual(['arn:aws:iam::111122223333:role/admins', 'arn:aws:iam::111122223333:role/NodeRole']);
    expect(ctx.out()).toContain('removed: arn:aws:iam::111122223333:role/Old');
  });

  it('refuses a --merge-with file that is not the aws-auth ConfigMap, with a pointer, and writes nothing', async () => {
    const current = path.join(dir, 'current.yaml');
    writeFileSync(current, CURRENT.replace('name: aws-auth', 'name: coredns'));
    const ctx = captureContext();
    const args = ['auth', '--config', writeConfig(aConfig()), '--role-arn', 'ng-1=arn:aws:iam::111122223333:role/NodeRole', '--merge-with', current, '--out', path.join(dir, 'out')];
    expect(await main(args, ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/current\.yaml#\/metadata\/name: must be equal to constant/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it.each([
    ['an instance-profile ARN', 'ng-1=arn:aws:iam::111122223333:instance-profile/NodeProfile', /instance-profile ARN; aws-auth needs the role ARN/],
    ['an unknown node group', 'ng-9=arn:aws:iam::111122223333:role/R', /no node group "ng-9" in the config \(node groups: ng-1\)/],
    ['another partition', 'ng-1=arn:aws-cn:iam::111122223333:role/R', /partition "aws-cn"/],
  ])('refuses %s with exit 1 and writes nothing', async (_, arg, message) => {
    const ctx = captureContext();
    expect(await main(['auth', '--config', writeConfig(aConfig()), '--role-arn', arg, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(message);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses to write when a node group has no known role ARN', async () => {
    const ctx = captureContext();
    const config = writeConfig(aConfig({ nodeGroups: [{ name: 'a' }, { name: 'b' }] }));
    expect(await main(['auth', '--config', config, '--role-arn', 'a=arn:aws:iam::111122223333:role/A', '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toContain('no role ARN for node group b: pass --role-arn');
  });

  it('writes nothing in API mode and says why', async () => {
    const ctx = captureContext();
    const config = writeConfig(aConfig({ cluster: { authenticationMode: 'API', accountId: '111122223333' } }));
    expect(await main(['auth', '--config', config, '--out', path.join(dir, 'out')], ctx)).toBe(ExitCode.ok);
    expect(ctx.out()).toMatch(/authenticationMode is API: the cluster does not read aws-auth/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('exits 64 on a malformed --role-arn', async () => {
    expect(await main(['auth', '--config', writeConfig(aConfig()), '--role-arn', 'just-an-arn'], captureContext())).toBe(ExitCode.usage);
  });
});

describe('generate by authentication mode', () => {
  it.each([
    ['CONFIG_MAP', false, true],
    ['API_AND_CONFIG_MAP', true, true],
    ['API', true, false],
  ] as const)('%s: access entry %s, aws-auth %s', async (mode, accessEntry, awsAuth) => {
    const out = path.join(dir, 'out');
    const ctx = captureContext(lintClean);
    expect(await main(['generate', '--config', writeConfig(aConfig({ cluster: { authenticationMode: mode, accountId: '111122223333' } })), '--out', out], ctx)).toBe(ExitCode.ok);
    expect(readFileSync(path.join(out, 'nodegroup-ng-1.yaml'), 'utf8').includes('AWS::EKS::AccessEntry')).toBe(accessEntry);
    expect(existsSync(path.join(out, 'aws-auth-cm.yaml'))).toBe(awsAuth);
    if (!awsAuth) expect(ctx.out()).toContain('does not read aws-auth in API mode');
  });
});

describe('usage errors', () => {
  // A mistake in a command's options points to that command's help; anything else to eksng --help.
  it.each([
    [[], 'eksng --help'],
    [['frobnicate'], 'eksng --help'],
    [['generate', '--bogus'], 'eksng generate --help'],
    [['generate', '--config'], 'eksng generate --help'],
    [['validate', '--format', 'xml'], 'eksng validate --help'],
    [['import', 'eksctl'], 'eksng import --help'],
  ])('exit 64 for %j, pointing to %s', async (argv, help) => {
    const ctx = captureContext();
    expect(await main(argv as string[], ctx)).toBe(ExitCode.usage);
    expect(ctx.err()).toContain(`Run ${help} for usage.`);
  });

  it('eksng generate --bogus prints the generate help hint, not the top-level one', async () => {
    const ctx = captureContext();
    expect(await main(['generate', '--bogus'], ctx)).toBe(ExitCode.usage);
    expect(ctx.err()).toBe('eksng: Unknown argument: bogus\nRun eksng generate --help for usage.\n');
  });

  it('--help exits 0 and lists the commands', async () => {
    const ctx = captureContext();
    expect(await main(['--help'], ctx)).toBe(ExitCode.ok);
    for (const c of ['init', 'generate', 'validate', 'auth']) expect(ctx.out()).toContain(`eksng ${c}`);
  });

  it('--help shows examples of the three uses: console upload, CI deploy, PR review', async () => {
    const ctx = captureContext();
    expect(await main(['--help'], ctx)).toBe(ExitCode.ok);
    const examples = ctx.out().split('Examples:\n')[1].replace(/\s+/g, ' ');
    // Console: generate, then upload the template, its parameters from the config.
    expect(examples).toMatch(/eksng generate Console: .*Upload a template file → out\/nodegroup-<name>\.yaml.*out\/nodegroup-<name>\.parameters\.json/);
    // CI deploy: --check, then the deploy command as generate prints it.
    expect(examples).toMatch(/eksng generate --check CI deploy: .*aws cloudformation deploy … --template-file out\/nodegroup-<name>\.yaml --parameter-overrides file:\/\/out\/nodegroup-<name>\.overrides\.json/);
    // PR review: diff against the deployed stack, the Markdown summaries, SARIF for code scanning.
    expect(examples).toMatch(/eksng diff --against deployed\.json PR review: .*aws cloudformation get-template --output json > deployed\.json/);
    expect(examples).toMatch(/eksng explain PR review: .*out\/nodegroup-<name>\.md/);
    expect(examples).toMatch(/eksng generate --check --sarif eksng\.sarif PR review: .*code scanning/);
  });

  it('the examples use options the commands have, and the file names generate writes', async () => {
    const ctx = captureContext(lintClean);
    expect(await main(['--help'], ctx)).toBe(ExitCode.ok);
    const examples = ctx.out().split('Examples:\n')[1];
    const commands = [...examples.matchAll(/^ {2}eksng (\w+)((?: --[\w-]+(?: [^\s-]\S*)?)*)/gm)];
    expect(commands.map((m) => m[1])).toEqual(['generate', 'generate', 'diff', 'explain', 'generate']);
    for (const [, command, args] of commands) {
      const help = captureContext();
      expect(await main([command, '--help'], help)).toBe(ExitCode.ok);
      for (const [option] of args.matchAll(/--[\w-]+/g)) expect([command, help.out()]).toEqual([command, expect.stringContaining(`${option} `)]);
    }
    const out = path.join(dir, 'out');
    expect(await main(['generate', '--config', writeConfig(aConfig()), '--out', out], ctx)).toBe(ExitCode.ok);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['nodegroup-ng-1.yaml', 'nodegroup-ng-1.parameters.json', 'nodegroup-ng-1.overrides.json', 'nodegroup-ng-1.md']));
    expect(ctx.out()).toMatch(/aws cloudformation deploy .*--template-file \S+\/nodegroup-ng-1\.yaml --parameter-overrides file:\/\/\S+\/nodegroup-ng-1\.overrides\.json/);
  });

  it('--config says what each command does with the configs: validate, explain and diff write nothing', async () => {
    const help = async (command: string) => {
      const ctx = captureContext();
      expect(await main([command, '--help'], ctx)).toBe(ExitCode.ok);
      return ctx.out().replace(/\s+/g, ' ');
    };
    expect(await help('generate')).toContain('each config writes to <out>/<config name>/');
    const validate = await help('validate');
    expect(validate).not.toContain('writes');
    expect(validate).toMatch(/--config JSON config file, .*nothing is written/);
    for (const command of ['explain', 'diff']) {
      const text = await help(command);
      expect([command, text]).toEqual([command, expect.stringMatching(/--config JSON config file, .*nothing is written/)]);
      expect([command, text]).toEqual([command, expect.not.stringContaining('<out>/<config name>')]);
    }
    expect(await help('diff')).toContain('each is compared with <against>/<config name>/');
  });
});

describe('bin/eksng.js (built), real processes', () => {
  const node = process.execPath;

  it('generates with the real cfn-lint and exits 0', () => {
    const config = writeConfig(aConfig({ cluster: { accountId: '111122223333' } }));
    const r = spawnSync(node, [BIN, 'generate', '--config', config, '--out', path.join(dir, 'out')], { encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('exits 2 with the install hint when cfn-lint is not on PATH', () => {
    const r = spawnSync(node, [BIN, 'validate', '--config', writeConfig(aConfig())], { encoding: 'utf8', env: { ...process.env, PATH: path.join(dir, 'empty-bin') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('pip install cfn-lint');
  });

  it('exits 2 when cfn-lint crashes, without a stack trace', () => {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'cfn-lint'), '#!/bin/sh\necho "Traceback: something broke" >&2\nexit 1\n');
    chmodSync(path.join(bin, 'cfn-lint'), 0o755);
    const r = spawnSync(node, [BIN, 'validate', '--config', writeConfig(aConfig())], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Traceback: something broke');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 on an invalid config with a one-line-per-problem message', () => {
    const r = spawnSync(node, [BIN, 'validate', '--no-lint', '--config', writeConfig({ cluster: { name: 'x' }, nodeGroups: [] })], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/#\/cluster\/kubernetesVersion: is required/);
    expect(r.stderr).toMatch(/#\/nodeGroups: must have at least 1 item/);
  });
});
