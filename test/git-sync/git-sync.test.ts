/**
 * CloudFormation Git sync deployment files (issue 21, item 4): read back with the `yaml` parser as
 * Git sync would, compared with the template and the parameters file beside them, checked against
 * the repository layout, and covered by `generate --check`.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { load } from 'js-yaml';
import { main } from '../../src/cli';
import { ExitCode } from '../../src/errors';
import { aConfig, aNodeGroup, captureContext, snapshot } from '../helpers';

const ROOT = path.join(__dirname, '..', '..');
let repo: string;
beforeEach(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'eksng-gitsync-'));
  execFileSync('git', ['init', '-q', repo]);
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

/** A deployment file as Git sync reads it: YAML whose three keys hold a path, a string map and a string map. */
function readDeploymentFile(file: string): { templateFilePath: string; parameters: Record<string, string>; tags: Record<string, string> } {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  expect(doc.errors).toEqual([]);
  expect(isMap(doc.contents)).toBe(true);
  const keys = isMap(doc.contents) ? doc.contents.items.map((p) => (isScalar(p.key) ? p.key.value : null)) : [];
  expect(keys).toEqual(['template-file-path', 'parameters', 'tags']);
  // Every parameter and tag value is a YAML string, not a number or boolean a parser would retype.
  const stringMap = (key: string): Record<string, string> => {
    const node = doc.get(key, true);
    expect(isMap(node)).toBe(true);
    const out: Record<string, string> = {};
    if (isMap(node)) {
      for (const pair of node.items) {
        expect(isScalar(pair.key) && isScalar(pair.value)).toBe(true);
        if (isScalar(pair.key) && isScalar(pair.value)) {
          expect(typeof pair.value.value).toBe('string');
          out[String(pair.key.value)] = pair.value.value as string;
        }
      }
    }
    return out;
  };
  const templateFilePath = doc.get('template-file-path');
  expect(typeof templateFilePath).toBe('string');
  return { templateFilePath: templateFilePath as string, parameters: stringMap('parameters'), tags: stringMap('tags') };
}

describe('the committed example (templates/production.json → out/production)', () => {
  const out = path.join(ROOT, 'out', 'production');
  const deployments = readdirSync(out).filter((f) => f.endsWith('.deployment.yaml')).sort();

  it('has one deployment file per stack: each node group and the termination handler', () => {
    const templates = readdirSync(out).filter((f) => f.endsWith('.yaml') && !f.endsWith('.deployment.yaml') && (f.startsWith('nodegroup-') || f === 'termination-handler.yaml'));
    expect(deployments).toEqual(templates.map((t) => t.replace(/\.yaml$/, '.deployment.yaml')).sort());
    expect(deployments.length).toBeGreaterThanOrEqual(3);
  });

  it.each(deployments)('%s names its template from the repository root, with the parameters file\'s values and every parameter the template needs', (name) => {
    const d = readDeploymentFile(path.join(out, name));
    const template = name.replace(/\.deployment\.yaml$/, '.yaml');
    // From the repository root (this repository's), as Git sync resolves it.
    expect(d.templateFilePath).toBe(`out/production/${template}`);
    expect(existsSync(path.join(ROOT, d.templateFilePath))).toBe(true);
    const parametersFile = path.join(out, template.replace(/\.yaml$/, '.parameters.json'));
    const expected = existsSync(parametersFile)
      ? Object.fromEntries((JSON.parse(readFileSync(parametersFile, 'utf8')) as Array<{ ParameterKey: string; ParameterValue: string }>).map((p) => [p.ParameterKey, p.ParameterValue]))
      : {};
    expect(d.parameters).toEqual(expected);
    const params = ((load(readFileSync(path.join(out, template), 'utf8')) as { Parameters?: Record<string, { Default?: unknown }> }).Parameters ?? {});
    // Nothing the template does not declare, nothing it needs left out.
    for (const key of Object.keys(d.parameters)) expect(Object.keys(params)).toContain(key);
    for (const [key, p] of Object.entries(params)) if (p.Default === undefined) expect(d.parameters).toHaveProperty(key);
    expect(d.tags).toEqual({ team: 'platform', 'cost-center': 'eks-nodes' });
  });
});

describe('generate with gitSync', () => {
  const write = (config: unknown, name = 'nodegroup.json') => {
    const file = path.join(repo, name);
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
  };
  const synced = (outputDirectory: string, extra: object = {}) => ({ ...aConfig({ cluster: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718'], controlPlaneSecurityGroupId: 'sg-0a1b2c3d4e5f60718' } }), gitSync: { outputDirectory, ...extra } });

  it('writes a deployment file whose template path, read from the repository root, is the template it wrote', async () => {
    const config = write(synced('deploy/eks'));
    const ctx = captureContext();
    expect(await main(['generate', '--config', config, '--out', path.join(repo, 'deploy', 'eks')], ctx)).toBe(ExitCode.ok);
    const d = readDeploymentFile(path.join(repo, 'deploy', 'eks', 'nodegroup-ng-1.deployment.yaml'));
    expect(d.templateFilePath).toBe('deploy/eks/nodegroup-ng-1.yaml');
    expect(readFileSync(path.join(repo, d.templateFilePath), 'utf8')).toContain('AWS::AutoScaling::AutoScalingGroup');
    expect(d.parameters).toMatchObject({ ClusterName: 'test-cluster', NodeGroupName: 'ng-1', VpcId: 'vpc-0a1b2c3d4e5f60718' });
    expect(d.tags).toEqual({});
    expect(ctx.out()).toContain('Sync from Git');
  });

  it('"." is the repository root itself', async () => {
    const config = write(synced('.'));
    expect(await main(['generate', '--config', config, '--out', repo], captureContext())).toBe(ExitCode.ok);
    expect(readDeploymentFile(path.join(repo, 'nodegroup-ng-1.deployment.yaml')).templateFilePath).toBe('nodegroup-ng-1.yaml');
  });

  it('refuses an outputDirectory that is not where the run writes, naming the right one, and writes nothing', async () => {
    const config = write(synced('out/prod'));
    const ctx = captureContext();
    expect(await main(['generate', '--config', config, '--out', path.join(repo, 'out', 'production')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/#\/gitSync\/outputDirectory: is "out\/prod", but .* is "out\/production" from the repository root .*set it to "out\/production"/);
    expect(existsSync(path.join(repo, 'out'))).toBe(false);
  });

  it('finds the repository root from a subdirectory of it, and through a worktree\'s .git file', async () => {
    const sub = path.join(repo, 'infra');
    mkdirSync(sub);
    writeFileSync(path.join(sub, '.git'), 'gitdir: ../.git\n');
    const config = write(synced('out'));
    expect(await main(['generate', '--config', config, '--out', path.join(sub, 'out')], captureContext())).toBe(ExitCode.ok);
  });

  it('refuses a template parameter the config gives no value for: Git sync cannot ask for it', async () => {
    const config = write({ ...aConfig(), gitSync: { outputDirectory: 'out' } });
    const ctx = captureContext();
    expect(await main(['generate', '--config', config, '--out', path.join(repo, 'out')], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/#\/gitSync: .*no value for .*cluster\.vpcId.*cluster\.subnetIds/);
    expect(existsSync(path.join(repo, 'out'))).toBe(false);
  });

  it('refuses an outputDirectory that climbs out of the repository, by schema', async () => {
    const config = write(synced('../elsewhere'));
    const ctx = captureContext();
    expect(await main(['validate', '--config', config], ctx)).toBe(ExitCode.invalid);
    expect(ctx.err()).toMatch(/#\/gitSync\/outputDirectory: must be a directory path from the repository root/);
  });

  it('writes none without gitSync', async () => {
    const config = write(aConfig({ cluster: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718'], controlPlaneSecurityGroupId: 'sg-0a1b2c3d4e5f60718' } }));
    expect(await main(['generate', '--config', config, '--out', path.join(repo, 'out')], captureContext())).toBe(ExitCode.ok);
    expect(readdirSync(path.join(repo, 'out')).filter((f) => f.includes('deployment'))).toEqual([]);
  });

  describe('--check', () => {
    let config: string;
    let out: string;
    beforeEach(async () => {
      config = write(synced('out', { tags: { team: 'platform' } }));
      out = path.join(repo, 'out');
      expect(await main(['generate', '--config', config, '--out', out], captureContext())).toBe(ExitCode.ok);
    });
    const check = async () => {
      const ctx = captureContext();
      return { code: await main(['generate', '--check', '--config', config, '--out', out], ctx), err: ctx.err() };
    };

    it('passes on what generate wrote', async () => {
      expect((await check()).code).toBe(ExitCode.ok);
    });
    it('fails on a deployment file edited by hand', async () => {
      const file = path.join(out, 'nodegroup-ng-1.deployment.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('team: platform', 'team: other'));
      expect(await check()).toEqual({ code: ExitCode.invalid, err: expect.stringMatching(/nodegroup-ng-1\.deployment\.yaml: differs/) });
    });
    it('fails on a missing deployment file', async () => {
      unlinkSync(path.join(out, 'nodegroup-ng-1.deployment.yaml'));
      expect(await check()).toEqual({ code: ExitCode.invalid, err: expect.stringMatching(/nodegroup-ng-1\.deployment\.yaml: is missing/) });
    });
    it('fails on a deployment file no config generates any more (gitSync removed), and leaves the directory as it was', async () => {
      writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), gitSync: undefined }));
      const before = snapshot(out);
      expect(await check()).toEqual({ code: ExitCode.invalid, err: expect.stringMatching(/nodegroup-ng-1\.deployment\.yaml: is not generated by .* \(stale\?\)/) });
      expect(snapshot(out)).toEqual(before);
    });
  });

  it('eksng cluster writes the cluster stack\'s deployment file', async () => {
    const config = write({ ...aConfig({ nodeGroups: [aNodeGroup()] }), gitSync: { outputDirectory: 'cluster' } });
    expect(await main(['cluster', '--config', config, '--out', path.join(repo, 'cluster')], captureContext())).toBe(ExitCode.ok);
    const d = readDeploymentFile(path.join(repo, 'cluster', 'cluster.deployment.yaml'));
    expect(d.templateFilePath).toBe('cluster/cluster.yaml');
    const values = JSON.parse(readFileSync(path.join(repo, 'cluster', 'cluster.parameters.json'), 'utf8')) as Array<{ ParameterKey: string; ParameterValue: string }>;
    expect(d.parameters).toEqual(Object.fromEntries(values.map((p) => [p.ParameterKey, p.ParameterValue])));
  });
});
