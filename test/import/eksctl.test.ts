/**
 * `eksng import eksctl` (issue 20): a golden case per row of the mapping table, every eksctl
 * example with self-managed node groups (test/fixtures/eksctl, SOURCE.md) imported, generated and
 * linted by the real cfn-lint in one process, and the command's exits and files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { ConfigInput } from '../../src/config/types';
import { EKSCTL_FIELDS, importEksctl } from '../../src/import/eksctl';
import { runCfnLint } from '../../src/lint/cfn-lint';
import { buildOutputs } from '../../src/outputs';
import { runProcess } from '../../src/process';
import { jsYaml } from '../../src/render/js-yaml';
import { captureContext, CA_DATA, CLUSTER_SG, ENDPOINT, REAL } from '../helpers';

const ROOT = path.join(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/eksctl');
const EXAMPLES = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const load = (file: string) => jsYaml.loadAll(readFileSync(path.join(FIXTURES, file), 'utf8'));

/** What eksng refuses in an example after import (placeholder values, versions EKS no longer serves), by rule code. */
const REFUSED: Readonly<Record<string, readonly string[]>> = {
  '05-advanced-nodegroups.yaml': ['rule.al2-version'],
  '17-permissions-boundary.yaml': ['schema.pattern'],
  '23-kubeflow-spot-instance.yaml': ['rule.kubernetes-version'],
  '31-override-bootstrap-command-unmanaged-nodegroup.yaml': ['schema.pattern'],
  '36-outposts-vpc.yaml': ['schema.pattern'],
  '37-outposts-fully-private.yaml': ['rule.kubernetes-version'],
};
/** Examples with no self-managed node group eksng could import. */
const NOTHING = ['02-custom-vpc-cidr-no-nodes.yaml'];

/** The imported config completed as its README output says: the values eksctl reads live, from describe-cluster. */
function completed(config: ConfigInput): ConfigInput {
  return {
    ...config,
    cluster: {
      ...config.cluster,
      endpoint: ENDPOINT,
      certificateAuthorityData: CA_DATA,
      serviceCidr: '10.100.0.0/16',
      clusterSecurityGroupId: CLUSTER_SG,
      controlPlaneSecurityGroupId: config.cluster.controlPlaneSecurityGroupId ?? 'sg-0a1b2c3d4e5f60718',
      vpcId: config.cluster.vpcId ?? 'vpc-0a1b2c3d4e5f60718',
      subnetIds: config.cluster.subnetIds ?? ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
    },
    // Zones without subnet ids in the eksctl file: the user lists the group's subnets (or uses --cluster-outputs).
    nodeGroups: config.nodeGroups.map(({ availabilityZones, ...ng }) => (availabilityZones ? { ...ng, subnetIds: availabilityZones.map((_, i) => `subnet-0a1b2c3d4e5f6071${i}`) } : ng)),
  };
}

describe('the eksctl mapping table: one golden case per row', () => {
  it.each(EKSCTL_FIELDS.map((row) => [row.eksctl, row] as const))('%s', (_name, row) => {
    const doc = { apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'demo', region: 'us-east-1', version: '1.33' }, nodeGroups: [{ name: 'ng-1', ...row.example.eksctl }] };
    const r = importEksctl([doc]);
    expect(r.config).not.toBeNull();
    expect(r.config!.nodeGroups[0]).toMatchObject(row.example.eksng);
    expect(row.source).toMatch(/^pkg\//);
  });

  it('applies eksctl\'s implicit defaults where they differ from eksng\'s, and says which cluster fields it took from eksctl\'s defaults', () => {
    const r = importEksctl([{ apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'demo' }, nodeGroups: [{ name: 'ng-1' }] }]);
    expect(r.config!.cluster).toEqual(expect.objectContaining({ region: 'us-west-2', kubernetesVersion: '1.34', authenticationMode: 'API_AND_CONFIG_MAP' }));
    expect(r.config!.nodeGroups[0]).toEqual({
      name: 'ng-1',
      instanceType: 'm5.large',
      minSize: 2,
      desiredCapacity: 2,
      maxSize: 2,
      volumeSize: 80,
      labels: { 'alpha.eksctl.io/cluster-name': 'demo', 'alpha.eksctl.io/nodegroup-name': 'ng-1' },
      iam: { withSSM: true },
    });
    expect(r.problems.map((p) => `${p.severity}:${p.pointer}`)).toEqual(['note:/metadata/region', 'note:/metadata/version']);
  });

  it('reports what eksng cannot express, one finding per field with its path in the eksctl file', () => {
    const r = importEksctl([{ apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'demo', region: 'us-east-1', version: '1.33' }, managedNodeGroups: [{ name: 'm' }], nodeGroups: [{ name: 'a' }, { name: 'b' }, { name: 'c', instanceSelector: { vCPUs: 2 }, overrideBootstrapCommand: 'x' }] }]);
    expect(r.problems.map((p) => `${p.code}@${p.pointer}`)).toEqual([
      'import.not-imported@/managedNodeGroups',
      'import.unsupported@/nodeGroups/2/overrideBootstrapCommand',
      'import.unsupported@/nodeGroups/2/instanceSelector',
      'import.instance-type@/nodeGroups/2/instanceType',
    ]);
    expect(r.problems[2].message).toBe('not supported; pick instance types, or use instanceRequirements');
  });
});

describe('the eksctl examples (test/fixtures/eksctl)', () => {
  it('are the 31 files of eksctl\'s examples/ with self-managed node groups, and the README lists each', () => {
    expect(EXAMPLES).toHaveLength(31);
    for (const f of EXAMPLES) expect(README).toContain(`| ${f} |`);
  });

  it('import, generate and pass cfn-lint (one process), except where eksng refuses a value the README table names', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-eksctl-'));
    try {
      const templates: string[] = [];
      const regions = new Set<string>();
      for (const f of EXAMPLES) {
        const r = importEksctl(load(f));
        if (NOTHING.includes(f)) {
          expect({ f, config: r.config }).toEqual({ f, config: null });
          continue;
        }
        expect({ f, imported: r.imported.length > 0 }).toEqual({ f, imported: true });
        const loaded = loadConfig(JSON.stringify(completed(r.config!)));
        const errors = [...new Set(loaded.problems.filter((p) => p.severity === 'error').map((p) => p.code))];
        expect({ f, errors }).toEqual({ f, errors: REFUSED[f] ?? [] });
        if (errors.length > 0) continue;
        const outputs = buildOutputs(loaded.config!, f);
        for (const t of outputs.templates) {
          const file = path.join(dir, `${path.basename(f, '.yaml')}-${t.templateFile}`);
          writeFileSync(file, outputs.files.find((x) => x.name === t.templateFile)!.content);
          templates.push(file);
        }
        regions.add(loaded.config!.cluster.region);
      }
      expect(templates.length).toBeGreaterThan(30);
      expect(await runCfnLint(templates, [...regions], runProcess)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('eksng import eksctl', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'eksng-import-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));
  const run = async (args: string[]) => {
    const ctx = captureContext(REAL);
    const code = await main(args, ctx);
    return { code, out: ctx.out(), err: ctx.err() };
  };

  it('writes the config (exit 0, warnings for what was left out), refuses to overwrite it, and imports only the node groups asked for', async () => {
    const out = path.join(work, 'nodegroup.json');
    const r = await run(['import', 'eksctl', path.join(FIXTURES, '05-advanced-nodegroups.yaml'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('3 node groups');
    expect(r.out).toContain('aws eks describe-cluster --region eu-west-2 --name cluster-5');
    expect(r.err).toMatch(/^warning: .*05-advanced-nodegroups\.yaml#\/nodeGroups\/1\/targetGroupARNs: not supported/m);
    expect(JSON.parse(readFileSync(out, 'utf8')).nodeGroups.map((ng: { name: string }) => ng.name)).toEqual(['ng1-public', 'ng2-private-a', 'ng3-private-b']);
    expect((await run(['import', 'eksctl', path.join(FIXTURES, '05-advanced-nodegroups.yaml'), '--out', out])).code).toBe(64);
    const one = await run(['import', 'eksctl', path.join(FIXTURES, '05-advanced-nodegroups.yaml'), '--out', out, '--force', '--nodegroup', 'ng2-private-a']);
    expect(one.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).nodeGroups.map((ng: { name: string }) => ng.name)).toEqual(['ng2-private-a']);
  });

  it('names the file and leaves nothing behind when --out cannot be written (a directory)', async () => {
    const r = await run(['import', 'eksctl', path.join(FIXTURES, '01-simple-cluster.yaml'), '--out', work, '--force']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('it is a directory; give a file name');
    expect(r.err).not.toContain('unexpected error');
    expect(readdirSync(path.dirname(work)).filter((f) => f.includes('eksng-tmp'))).toEqual([]);
  });

  it('exits 1 writing nothing when no node group could be imported, and reads multi-document files', async () => {
    const out = path.join(work, 'nodegroup.json');
    const none = await run(['import', 'eksctl', path.join(FIXTURES, '02-custom-vpc-cidr-no-nodes.yaml'), '--out', out]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('has no self-managed node groups to import');
    expect(existsSync(out)).toBe(false);
    const multi = path.join(work, 'multi.yaml');
    writeFileSync(multi, `---\n# a leading document\nfoo: bar\n---\n${readFileSync(path.join(FIXTURES, '01-simple-cluster.yaml'), 'utf8')}`);
    expect((await run(['import', 'eksctl', multi, '--out', out])).code).toBe(0);
  });
});
