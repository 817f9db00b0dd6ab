/**
 * The generator's own output for kubelet and Bottlerocket settings, read as the node reads it
 * (issue 12): what eksng accepts reaches the node in a form the node's programs take, and what
 * they would refuse or drop is refused by eksng with a pointer into the user's file.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { loadConfig } from '../../src/config';
import { buildOutputs } from '../../src/outputs';
import { readTemplate } from './check-template';

type Input = Record<string, unknown> & { nodeGroups: Array<Record<string, unknown>> };

/** A golden case's config with the first node group changed. */
function input(goldenCase: string, nodeGroup: Record<string, unknown>): Input {
  const parsed: Input = JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', goldenCase, 'nodegroup.json'), 'utf8'));
  return { ...parsed, nodeGroups: [{ ...parsed.nodeGroups[0], ...nodeGroup }] };
}

/** The node-group template text eksng generates, or the problems it refuses the config with. */
function generate(config: Input): { template: string | null; problems: string[] } {
  const { config: resolved, problems } = loadConfig(JSON.stringify(config));
  const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.pointer}`);
  if (!resolved) return { template: null, problems: errors };
  const file = buildOutputs(resolved, 'nodegroup.json').files.find((f) => /^nodegroup-.*\.yaml$/.test(f.name));
  return { template: file?.content ?? null, problems: errors };
}

const violations = async (template: string | null) => (template === null ? ['(refused)'] : (await readTemplate(template)).violations.map((v) => `${v.code} ${v.at}`));

describe('Bottlerocket kubelet settings', () => {
  it('GIVEN registryPullQPS, eventRecordQPS, cpuCFSQuota THEN the TOML has registry-qps, event-qps, cpu-cfs-quota-enforced, which the settings model takes', async () => {
    const { template } = generate(input('bottlerocket-graviton-labels-taints', { kubeletExtraConfig: { registryPullQPS: 10, eventRecordQPS: 5, cpuCFSQuota: false } }));
    expect(await violations(template)).toEqual([]);
    const toml = (await readTemplate(template!)).reading?.toml as { settings: { kubernetes: Record<string, unknown> } };
    expect(toml.settings.kubernetes).toMatchObject({ 'registry-qps': 10n, 'event-qps': 5n, 'cpu-cfs-quota-enforced': false, 'max-pods': 58n });
  });

  it('GIVEN featureGates (no Bottlerocket setting) THEN eksng refuses it with a pointer', () => {
    expect(generate(input('bottlerocket-graviton-labels-taints', { kubeletExtraConfig: { featureGates: { Foo: true } } })).problems).toEqual(['rule.kubelet-unsupported@/nodeGroups/0/kubeletExtraConfig/featureGates']);
  });

  it('GIVEN ssh THEN the admin host container is enabled (SSH on Bottlerocket), and the settings model takes it', async () => {
    const { template } = generate(input('bottlerocket-graviton-labels-taints', { ssh: { keyName: 'ops', sourceCidr: '203.0.113.0/24' } }));
    expect(await violations(template)).toEqual([]);
    const toml = (await readTemplate(template!)).reading?.toml as { settings: Record<string, Record<string, unknown>> };
    expect(toml.settings['host-containers']).toEqual({ admin: { enabled: true } });
  });

  it('GIVEN bottlerocket.settings THEN checked keys pass through; unknown sections, keys and wrong types are refused', async () => {
    const ok = generate(input('bottlerocket-graviton-labels-taints', { bottlerocket: { settings: { kubernetes: { 'image-gc-high-threshold-percent': 80 }, 'host-containers': { control: { enabled: false } } } } }));
    expect(ok.problems).toEqual([]);
    expect(await violations(ok.template)).toEqual([]);
    const bad = generate(input('bottlerocket-graviton-labels-taints', { bottlerocket: { settings: { kernel: { lockdown: 'integrity' }, kubernetes: { 'registry-pull-qps': 5, 'cluster-name': 'x', 'max-pods': '10' } } } }));
    expect(bad.problems).toEqual([
      'rule.bottlerocket-setting@/nodeGroups/0/bottlerocket/settings/kernel',
      'rule.bottlerocket-setting@/nodeGroups/0/bottlerocket/settings/kubernetes/registry-pull-qps',
      'rule.bottlerocket-setting@/nodeGroups/0/bottlerocket/settings/kubernetes/cluster-name',
      'rule.bottlerocket-setting@/nodeGroups/0/bottlerocket/settings/kubernetes/max-pods',
    ]);
  });
});

describe('AmazonLinux2 kubelet settings', () => {
  it('GIVEN evictionHard and kubeReserved THEN they are merged after bootstrap.sh (which rewrites both) and the kubelet restarted', async () => {
    const { template } = generate(input('bring-your-own-iam-al2', { kubeletExtraConfig: { evictionHard: { 'memory.available': '200Mi' }, kubeReserved: { cpu: '100m' } } }));
    expect(await violations(template)).toEqual([]);
  });
});

describe('every family', () => {
  it.each(['minimal', 'bring-your-own-iam-al2', 'bottlerocket-graviton-labels-taints'])('%s: a misspelt kubelet key is refused with a pointer and the field it means', (goldenCase) => {
    const { config, problems } = loadConfig(JSON.stringify(input(goldenCase, { kubeletExtraConfig: { registryPullQps: 5 } })));
    expect(config).toBeNull();
    expect(problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'rule.kubelet-unknown', pointer: '/nodeGroups/0/kubeletExtraConfig/registryPullQps', message: expect.stringContaining('did you mean "registryPullQPS"?') }),
    ]);
  });

  it.each(['minimal', 'bring-your-own-iam-al2', 'bottlerocket-graviton-labels-taints'])('%s: a key the node\'s bootstrap owns is refused', (goldenCase) => {
    expect(generate(input(goldenCase, { kubeletExtraConfig: { clusterDomain: 'example.local', authentication: {} } })).problems).toEqual([
      'rule.kubelet-reserved@/nodeGroups/0/kubeletExtraConfig/clusterDomain',
      'rule.kubelet-reserved@/nodeGroups/0/kubeletExtraConfig/authentication',
    ]);
  });

  it.each(['minimal', 'bring-your-own-iam-al2'])('%s: a value of the wrong type is refused', (goldenCase) => {
    expect(generate(input(goldenCase, { kubeletExtraConfig: { registryPullQPS: '10', syncFrequency: 'soon' } })).problems).toEqual([
      'rule.kubelet-type@/nodeGroups/0/kubeletExtraConfig/registryPullQPS',
      'rule.kubelet-type@/nodeGroups/0/kubeletExtraConfig/syncFrequency',
    ]);
  });
});

describe('maxPodsPerNode and the memory the kubelet reserves', () => {
  it('AmazonLinux2023: kubeReserved.memory for the configured pod count (nodeadm sizes it from its own), unless given', async () => {
    const { template } = generate(input('minimal', { maxPodsPerNode: 58 }));
    expect(await violations(template)).toEqual([]);
    const kubelet = ((await readTemplate(template!)).reading?.nodeConfigs[0] as { spec: { kubelet: { config: Record<string, unknown> } } }).spec.kubelet.config;
    expect(kubelet).toEqual({ maxPods: 58, kubeReserved: { memory: `${11 * 58 + 255}Mi` } });
    const given = generate(input('minimal', { maxPodsPerNode: 58, kubeletExtraConfig: { kubeReserved: { memory: '1Gi', cpu: '80m' } } }));
    expect(given.template).toContain('"kubeReserved":{"memory":"1Gi","cpu":"80m"}');
  });
});

describe('a failing preBootstrapCommands line (issue 12, item 7)', () => {
  // cloud-init runs each shell part as its own script; a failing part does not stop the next, and
  // nodeadm-run is ordered after cloud-final, not on its success. So on both families the commands
  // stop at their first failing line (errexit) and the node still joins.
  const commands = ['false', 'echo never-reached'];

  it('AmazonLinux2023: the commands are a shell part of their own, before the NodeConfig', async () => {
    const { template } = generate(input('minimal', { preBootstrapCommands: commands }));
    const reading = (await readTemplate(template!)).reading!;
    expect(reading.violations).toEqual([]);
    expect(reading.shellParts).toEqual(['#!/bin/bash\nset -o errexit -o nounset -o xtrace\nfalse\necho never-reached\n']);
    expect(reading.nodeConfigs).toHaveLength(1);
  });

  it('AmazonLinux2: the same, with bootstrap.sh in a script of its own after them (it used to be the same script, so a failure stopped the join)', async () => {
    const { template } = generate(input('bring-your-own-iam-al2', { preBootstrapCommands: commands }));
    const reading = (await readTemplate(template!)).reading!;
    expect(reading.violations).toEqual([]);
    expect(reading.shellParts).toHaveLength(2);
    expect(reading.shellParts[0]).toBe('#!/bin/bash\nset -o errexit -o nounset -o xtrace\nfalse\necho never-reached\n');
    expect(reading.shellParts[1]).toMatch(/^#!\/bin\/bash\nset -o errexit -o nounset -o xtrace\n\/etc\/eks\/bootstrap\.sh /);
    expect(reading.shellParts[1]).not.toContain('never-reached');
  });
});
