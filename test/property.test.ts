/**
 * Property-based tests over the whole config space (fast-check, fixed seeds so failures reproduce):
 * random valid configs always give templates cfn-lint accepts without any finding (all in one
 * cfn-lint process), and random invalid configs always give config errors with pointers — never a
 * crash.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../src/config';
import { runCfnLint } from '../src/lint/cfn-lint';
import { buildOutputs } from '../src/outputs';
import { runProcess } from '../src/process';
import { contractViolations } from './contract/check-template';
import { CA_DATA } from './helpers';

const X86 = ['t3.medium', 'm5.large', 'm6i.xlarge', 'c5.2xlarge', 'r6a.large'];
const ARM = ['t4g.medium', 'm6g.large', 'm7g.xlarge', 'c7gn.large'];
/** With NVMe instance store (localStorage) and with EFA, per architecture. */
const NVME = { x86: ['m6id.large', 'c6id.xlarge', 'r6id.large'], arm: ['m6gd.large', 'c6gd.xlarge', 'r6gd.large'] };
const EFA = { x86: 'c5n.18xlarge', arm: 'c6gn.16xlarge' };
const ONE_SUBNET = ['subnet-0a1b2c3d4e5f60718'];
const CAPACITY_FEATURES = ['none', 'requirements', 'localStorage', 'warmPool', 'efa', 'reservation', 'block', 'maxPodsExpression'] as const;

/**
 * One capacity feature (issue 18) on a generated group, with what keeps the config valid: the
 * feature's own instance types, sizes and subnets, and only where the family takes it.
 */
function withCapacity(g: Record<string, any>, feature: (typeof CAPACITY_FEATURES)[number], arm: boolean, strategy: 'RAID0' | 'RAID10' | 'Mount'): Record<string, any> {
  const family: string = g.amiFamily;
  const windows = family.startsWith('Windows');
  const single = (type: string) => {
    const { instancesDistribution: _d, spot: _s, ...rest } = g;
    return { ...rest, instanceType: type };
  };
  switch (feature) {
    case 'requirements': {
      const { instanceType: _t, maxPodsPerNode: _m, ...rest } = g;
      const distribution = g.instancesDistribution ? { instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 50 } } : {};
      const { instancesDistribution: _d, ...plain } = rest;
      return { ...plain, ...distribution, instanceRequirements: { vCpu: { min: 2, max: 8 }, memoryMiB: { min: 4096 }, architecture: arm && !windows ? 'arm64' : 'x86_64', excludedInstanceTypes: ['t*'] } };
    }
    case 'localStorage':
      if (windows) return g;
      return { ...single(NVME[arm ? 'arm' : 'x86'][0]), localStorage: { strategy: family === 'Bottlerocket' ? 'RAID0' : strategy } };
    case 'warmPool':
      return family === 'AmazonLinux2023' ? { ...single(arm ? 'm6g.large' : 'm6i.large'), warmPool: { minSize: 1, poolState: strategy === 'Mount' ? 'Running' : 'Stopped' } } : g;
    case 'efa':
      return windows ? g : { ...single(EFA[arm ? 'arm' : 'x86']), subnetIds: ONE_SUBNET, efa: { enabled: true } };
    case 'reservation':
      return g.spot ? g : { ...g, capacityReservation: { preference: 'capacity-reservations-first', ids: ['cr-0a1b2c3d4e5f60718'] } };
    case 'block':
      return { ...single(arm ? 'm7g.xlarge' : windows ? 'm5.large' : 'p5.48xlarge'), subnetIds: ONE_SUBNET, minSize: 0, desiredCapacity: 0, maxSize: 2, capacityBlock: { reservationId: 'cr-0a1b2c3d4e5f60718', startTime: '2027-01-11T11:30:00Z', endTime: '2027-01-12T11:30:00Z' } };
    case 'maxPodsExpression': {
      if (family !== 'AmazonLinux2023') return g;
      const { maxPodsPerNode: _m, ...rest } = g;
      return { ...rest, maxPodsExpression: 'max_pods < 58 ? max_pods : 58' };
    }
    default:
      return g;
  }
}
const labelKey = fc.constantFrom('example.com/team', 'app', 'node.kubernetes.io/pool', 'tier', 'example.org/zone-class');
const labelValue = fc.constantFrom('', 'a', 'payments', 'blue-1', 'x.y_z');

const nodeGroup = (name: string) =>
  fc
    .record(
      {
        family: fc.constantFrom('AmazonLinux2023', 'AmazonLinux2', 'Bottlerocket', 'WindowsServer2022Core', 'WindowsServer2019Full'),
        arm: fc.boolean(),
        types: fc.integer({ min: 1, max: 3 }),
        capacity: fc.constantFrom('on-demand', 'spot', 'mixed'),
        ami: fc.constantFrom('auto', 'ami-0123456789abcdef0', 'ssm:/my/ami'),
        sizes: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 })),
        labels: fc.dictionary(labelKey, labelValue, { maxKeys: 3 }),
        taints: fc.uniqueArray(fc.record({ key: fc.constantFrom('dedicated', 'example.com/gpu', 'spot'), value: labelValue, effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute') }), { maxLength: 3, selector: (t) => t.key }),
        maxPods: fc.option(fc.integer({ min: 4, max: 250 }), { nil: undefined }),
        kubelet: fc.option(fc.constantFrom<Record<string, unknown>>({ registryPullQPS: 10 }, { evictionHard: { 'memory.available': '100Mi' } }, { podPidsLimit: 2048, containerLogMaxSize: '20Mi' }, { staticPodURL: "https://example.com/it's-${odd}" }), { nil: undefined }),
        preBootstrap: fc.array(fc.constantFrom('echo hello', "echo '${HOME}'", 'sysctl -w net.core.somaxconn=4096'), { maxLength: 2 }),
        volume: fc.constantFrom({}, { volumeSize: 40 }, { volumeType: 'gp3', volumeIOPS: 4000, volumeThroughput: 300 }, { volumeType: 'io2', volumeIOPS: 2000 }, { volumeType: 'gp2' }),
        imds: fc.constantFrom({}, { instanceMetadataHopLimit: 3 }),
        iam: fc.constantFrom({}, { withSSM: true }, { attachPolicyARNs: ['arn:aws:iam::111122223333:policy/extra'] }, { instanceRoleARN: 'arn:aws:iam::111122223333:role/nodes' }),
        autoscaler: fc.boolean(),
        tags: fc.dictionary(fc.constantFrom('team', 'cost-center', 'env'), fc.constantFrom('a', 'b c', 'x/y'), { maxKeys: 2 }),
        network: fc.constantFrom({}, { associatePublicIpAddress: true }, { privateNetworking: true }),
        ssh: fc.boolean(),
        capacityFeature: fc.constantFrom(...CAPACITY_FEATURES),
        localStorage: fc.constantFrom('RAID0' as const, 'RAID10' as const, 'Mount' as const),
      },
      { requiredKeys: [] },
    )
    .map((r) => withCapacity(base(r, name), r.capacityFeature ?? 'none', (r.arm ?? false) && !(r.family ?? '').startsWith('Windows'), r.localStorage ?? 'RAID0'));

/** The generated group without a capacity feature. */
function base(r: Record<string, any>, name: string): Record<string, any> {
  const family = r.family ?? 'AmazonLinux2023';
  // Windows: x86_64 only, and no KubeletConfiguration fields (the generator's configs are valid ones).
  const windows = family.startsWith('Windows');
  const pool = r.arm && !windows ? ARM : X86;
  const types = pool.slice(0, r.types ?? 1);
  const [min, extra, room] = r.sizes ?? [1, 1, 1];
  return {
    name,
    amiFamily: family,
    ...(r.capacity === 'mixed'
      ? { instancesDistribution: { instanceTypes: types, onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 50 } }
      : { instanceType: types[0], ...(r.capacity === 'spot' ? { spot: true } : {}) }),
    ami: r.ami ?? 'auto',
    minSize: min,
    desiredCapacity: min + extra,
    maxSize: min + extra + room,
    labels: r.labels ?? {},
    taints: r.taints ?? [],
    ...(r.maxPods === undefined ? {} : { maxPodsPerNode: r.maxPods }),
    // Bottlerocket has no setting for staticPodURL (the generator's configs are valid ones).
    ...(r.kubelet === undefined || windows || (family === 'Bottlerocket' && 'staticPodURL' in r.kubelet) ? {} : { kubeletExtraConfig: r.kubelet }),
    ...(family === 'Bottlerocket' ? {} : { preBootstrapCommands: r.preBootstrap ?? [] }),
    ...(r.volume ?? {}),
    ...(r.imds ?? {}),
    iam: r.iam ?? {},
    clusterAutoscaler: r.autoscaler ?? false,
    tags: r.tags ?? {},
    ...(r.network ?? {}),
    ...(r.ssh ? { ssh: { keyName: 'ops', sourceCidr: '203.0.113.0/24' } } : {}),
  };
}

const config = fc
  .record({
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'us-gov-west-1'),
    version: fc.constantFrom('1.31', '1.32'),
    accountId: fc.option(fc.constant('111122223333'), { nil: undefined }),
    mode: fc.constantFrom('CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'),
    network: fc.boolean(),
    // Names YAML 1.1 would read as a number, a boolean or null: the user data must keep them strings.
    name: fc.constantFrom('prop', '2024', 'on', 'no', 'null', '0x1F', '1e3'),
    groups: fc.tuple(nodeGroup('ng-a'), fc.option(nodeGroup('ng-b'), { nil: undefined })),
  })
  .map((c) => ({
    cluster: {
      name: c.name ?? 'prop',
      region: c.region,
      kubernetesVersion: c.version,
      authenticationMode: c.mode,
      ...(c.accountId ? { accountId: c.accountId } : {}),
      ...(c.network ? { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'], controlPlaneSecurityGroupId: 'sg-0a1b2c3d4e5f60718' } : {}),
      endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      certificateAuthorityData: CA_DATA,
      serviceCidr: '10.100.0.0/16',
    },
    // Policies and roles in the cluster's partition.
    nodeGroups: c.groups.filter((g) => g !== undefined).map((g) => JSON.parse(JSON.stringify(g).replace(/arn:aws:/g, `arn:${c.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws'}:`))),
  }));

describe('property: random valid configs', () => {
  it('always give templates cfn-lint accepts without any finding', async () => {
    const samples = fc.sample(config, { numRuns: 24, seed: 20261129 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'eksng-property-'));
    try {
      const files: string[] = [];
      const regions = new Set<string>();
      samples.forEach((input, i) => {
        const { config: resolved, problems } = loadConfig(JSON.stringify(input));
        expect({ i, input, errors: problems.filter((p) => p.severity === 'error') }).toEqual({ i, input, errors: [] });
        const outputs = buildOutputs(resolved!, 'nodegroup.json');
        for (const t of outputs.templates) {
          const file = path.join(dir, `${i}-${t.templateFile}`);
          writeFileSync(file, outputs.files.find((f) => f.name === t.templateFile)!.content);
          files.push(file);
        }
        regions.add(resolved!.cluster.region);
      });
      expect(await runCfnLint(files, [...regions], runProcess)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('property: random valid configs, read as the node reads them', () => {
  it('always give user data that nodeadm, bootstrap.sh, Bottlerocket and the kubelet take as meant', async () => {
    const samples = fc.sample(config, { numRuns: 100, seed: 20261201 });
    let checked = 0;
    const seen = new Set<string>();
    for (const [i, input] of samples.entries()) {
      const { config: resolved, problems } = loadConfig(JSON.stringify(input));
      expect({ i, errors: problems.filter((p) => p.severity === 'error') }).toEqual({ i, errors: [] });
      for (const ng of resolved!.nodeGroups) {
        if (ng.localStorage) seen.add(`localStorage on ${ng.amiFamily}`);
        for (const f of ['instanceRequirements', 'warmPool', 'efa', 'capacityReservation', 'capacityBlock', 'maxPodsExpression'] as const) if (ng[f] !== null) seen.add(f);
      }
      const outputs = buildOutputs(resolved!, 'nodegroup.json');
      for (const t of outputs.templates) {
        const text = outputs.files.find((f) => f.name === t.templateFile)!.content;
        expect({ i, template: t.templateFile, violations: await contractViolations(text) }).toEqual({ i, template: t.templateFile, violations: [] });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(60);
    // The capacity features reached the readers, local storage through each Linux family's own mechanism.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['capacityBlock', 'capacityReservation', 'efa', 'instanceRequirements', 'localStorage on AmazonLinux2', 'localStorage on AmazonLinux2023', 'localStorage on Bottlerocket', 'maxPodsExpression', 'warmPool']),
    );
  }, 120_000);
});

describe('property: random invalid configs', () => {
  /** Puts a wrong value somewhere in a valid config. */
  const mutation = fc.constantFrom<Array<[string, unknown]>>(
    [['/nodeGroups/0/minSize', -1]],
    [['/nodeGroups/0/instanceTyp', 'm5.large']],
    [['/nodeGroups/0/labels', { 'bad key': 'x' }]],
    [['/nodeGroups/0/taints', [{ key: 'a', effect: 'Never' }]]],
    [['/nodeGroups/0/volumeIOPS', 'fast']],
    [['/nodeGroups/0/iam', { instanceRoleARN: 'not-an-arn' }]],
    [['/cluster/region', 42]],
    [['/cluster/serviceCidr', '10.0.0.0/99']],
    [['/nodeGroups/0/preBootstrapCommands', ['a\nb']]],
    [['/nodeGroups/0/tags', { 'aws:reserved': 'x' }]],
    [['/nodeGroups/0/instancesDistribution', { instanceTypes: [] }]],
    [['/nodeGroups/0/maxPodsPerNode', 0]],
  );

  function set(doc: any, pointer: string, value: unknown): void {
    const parts = pointer.slice(1).split('/');
    let cur = doc;
    for (const p of parts.slice(0, -1)) cur = cur[p];
    cur[parts[parts.length - 1]] = value;
  }

  it('always give errors with a pointer into the file, never a crash', () => {
    fc.assert(
      fc.property(config, mutation, (input, changes) => {
        const doc = JSON.parse(JSON.stringify(input));
        for (const [pointer, value] of changes) set(doc, pointer, value);
        const r = loadConfig(JSON.stringify(doc));
        expect(r.config).toBeNull();
        const errors = r.problems.filter((p) => p.severity === 'error');
        expect(errors.length).toBeGreaterThan(0);
        for (const p of errors) expect(p.pointer).toMatch(/^(\/[^/]+)*$/);
        expect(errors.some((p) => changes.some(([at]) => p.pointer.startsWith(at) || at.startsWith(p.pointer)))).toBe(true);
      }),
      { numRuns: 150, seed: 20261130 },
    );
  });

  it('never crash on any JSON at all', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = loadConfig(JSON.stringify(value));
        expect(r.config).toBeNull();
        expect(r.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: 20261131 },
    );
  });
});
