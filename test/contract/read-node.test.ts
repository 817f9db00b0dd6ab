/**
 * readAsNode on hand-written user data: GIVEN what EC2 hands the node WHEN its own programs read it
 * THEN exactly these violations (asserted by code and place, not wording).
 */
import { gzipSync } from 'zlib';
import { NodeReading, readAsNode } from './read-node';
import { Violation, formatViolation } from './violations';

const CA = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==';
const ENDPOINT = 'https://ABC.gr7.us-east-1.eks.amazonaws.com';
const PART = 'part 1 (application/node.eks.aws)';

/** "code at" of each violation: what the tests compare. */
const found = (r: NodeReading) => r.violations.map((v: Violation) => `${v.code} ${v.at}`);

function nodeConfig({ name = 'my-cluster', cluster = '', spec = '' }: { name?: string; cluster?: string; spec?: string } = {}): string {
  return [
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  cluster:',
    `    name: ${name}`,
    `    apiServerEndpoint: ${ENDPOINT}`,
    `    certificateAuthority: ${CA}`,
    '    cidr: 10.100.0.0/16',
    cluster,
    spec,
  ]
    .filter((l) => l !== '')
    .join('\n');
}

/** MIME multipart user data as eksng writes it: parts are [Content-Type header lines, body]. */
function mime(...parts: Array<[string, string]>): string {
  return [
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="//"',
    '',
    ...parts.flatMap(([headers, body]) => ['--//', headers, '', body, '']),
    '--//--',
    '',
  ].join('\n');
}

const withoutCidr = nodeConfig().replace(/\n {4}cidr: .*/, '');
const nodeadmPart = (yaml: string): [string, string] => ['Content-Type: application/node.eks.aws', yaml];
const shellPart = (script: string): [string, string] => ['Content-Type: text/x-shellscript; charset="us-ascii"', script];
const al2023 = (yaml: string) => readAsNode('AmazonLinux2023', mime(nodeadmPart(yaml)));

describe('AmazonLinux2023 as nodeadm reads it', () => {
  it('GIVEN instance.localStorage and kubelet.maxPodsExpression as eksng writes them WHEN read THEN no violation; a strategy nodeadm lacks is one', async () => {
    const spec = (strategy: string) => ['  kubelet:', '    maxPodsExpression: "max_pods < 110 ? max_pods : 110"', '  instance:', '    localStorage:', `      strategy: ${strategy}`].join('\n');
    expect(found(await al2023(nodeConfig({ spec: spec('RAID10') })))).toEqual([]);
    expect(found(await al2023(nodeConfig({ spec: spec('RAID5') })))).toEqual([`bad-value ${PART} spec.instance.localStorage.strategy`]);
  });

  it('GIVEN a valid NodeConfig WHEN read THEN no violation, and the decoded document is what nodeadm sees', async () => {
    const r = await al2023(nodeConfig({ spec: '  kubelet:\n    config: {"maxPods": 58, "shutdownGracePeriod": "30s"}\n    flags:\n      - "--node-labels=a=b"' }));
    expect(found(r)).toEqual([]);
    expect(r.nodeConfigs).toEqual([
      {
        apiVersion: 'node.eks.aws/v1alpha1',
        kind: 'NodeConfig',
        spec: {
          cluster: { name: 'my-cluster', apiServerEndpoint: ENDPOINT, certificateAuthority: CA, cidr: '10.100.0.0/16' },
          kubelet: { config: { maxPods: 58, shutdownGracePeriod: '30s' }, flags: ['--node-labels=a=b'] },
        },
      },
    ]);
  });

  it.each([
    ['2024', 'number 2024'],
    ['on', 'boolean true'],
    ['no', 'boolean false'],
    ['y', 'boolean true'],
    ['0x1F', 'number 31'],
    ['0o17', 'number 15'], // Go's strconv.ParseInt(s, 0, 64), which go-yaml v2 uses
    ['1e3', 'number 1000'],
    ['017', 'number 15'],
  ])('GIVEN name: %s unquoted WHEN nodeadm decodes it (YAML 1.1, no target type) THEN spec.cluster.name is a %s: violation', async (name, got) => {
    const r = await al2023(nodeConfig({ name }));
    expect(found(r)).toEqual([`wrong-type ${PART} spec.cluster.name`]);
    expect(r.violations[0].program).toBe('nodeadm');
    expect(formatViolation(r.violations[0])).toContain(`must be string, got ${got}`);
  });

  it('GIVEN name: null unquoted WHEN read THEN a null (unset) name, and nodeadm validation finds no cluster name', async () => {
    const r = await al2023(nodeConfig({ name: 'null' }));
    expect(found(r)).toEqual([`wrong-type ${PART} spec.cluster.name`, 'missing-field spec.cluster.name']);
  });

  it.each(['"2024"', "'on'", '"null"', '1:30', '2024-01-01', 'my-cluster'])(
    'GIVEN name: %s WHEN read THEN it stays a string (go-yaml v2 has no sexagesimal, gives timestamps as strings): no violation',
    async (name) => {
      const r = await al2023(nodeConfig({ name }));
      expect(found(r)).toEqual([]);
      const spec = (r.nodeConfigs[0] as { spec: { cluster: { name: unknown } } }).spec;
      expect(typeof spec.cluster.name).toBe('string');
    },
  );

  it('GIVEN an unknown NodeConfig field WHEN read THEN violation: nodeadm drops it without a word', async () => {
    const r = await al2023(nodeConfig({ cluster: '    nmae: x' }));
    expect(found(r)).toEqual([`unknown-field ${PART} spec.cluster.nmae`]);
  });

  it('GIVEN a kubelet config key in the wrong case (maxpods) WHEN read THEN violation naming the key: the kubelet drops it', async () => {
    const r = await al2023(nodeConfig({ spec: '  kubelet:\n    config:\n      maxpods: 58' }));
    expect(found(r)).toEqual([`unknown-field ${PART} spec.kubelet.config.maxpods`]);
    expect(r.violations[0].program).toBe('kubelet');
  });

  it('GIVEN kubelet config values of the wrong type WHEN read THEN violations: the kubelet cannot decode its config', async () => {
    const r = await al2023(nodeConfig({ spec: '  kubelet:\n    config:\n      maxPods: "58"\n      shutdownGracePeriod: 30\n      evictionHard: {"memory.available": 100}' }));
    expect(found(r)).toEqual([
      `wrong-type ${PART} spec.kubelet.config.maxPods`,
      `wrong-type ${PART} spec.kubelet.config.shutdownGracePeriod`,
      `wrong-type ${PART} spec.kubelet.config.evictionHard.memory.available`,
    ]);
  });

  it('GIVEN a kubelet flag not in --name=value form WHEN read THEN violation on that flag only', async () => {
    const r = await al2023(nodeConfig({ spec: '  kubelet:\n    flags:\n      - "--node-labels=a=b"\n      - "--register-with-taints x=y:NoSchedule"' }));
    expect(found(r)).toEqual([`flag-form ${PART} spec.kubelet.flags[1]`]);
  });

  it('GIVEN a shell part with a syntax error WHEN read THEN bash -n reports it', async () => {
    const r = await readAsNode('AmazonLinux2023', mime(shellPart('#!/bin/bash\nif true; then\n  echo hi\n'), nodeadmPart(nodeConfig())));
    expect(found(r)).toEqual(['syntax part 1 (text/x-shellscript)']);
    expect(r.violations[0].program).toBe('bash');
    expect(r.shellParts).toHaveLength(1);
    expect(r.shellParts[0]).toMatch(/^#!\/bin\/bash\nif true; then\n {2}echo hi\n*$/);
  });

  it('GIVEN a valid shell part and one without #! WHEN read THEN only the one cloud-init cannot execute is reported', async () => {
    const r = await readAsNode('AmazonLinux2023', mime(shellPart('#!/bin/bash\necho ok\n'), shellPart('echo no shebang\n'), nodeadmPart(nodeConfig())));
    expect(found(r)).toEqual(['not-run part 2 (text/x-shellscript)']);
  });

  it('GIVEN MIME without a MIME-Version header WHEN read THEN nodeadm still reads it, but cloud-init runs no shell part', async () => {
    const userData = mime(shellPart('#!/bin/bash\necho ok\n'), nodeadmPart(nodeConfig())).replace('MIME-Version: 1.0\n', '');
    expect(userData).not.toMatch(/mime-version/i);
    const r = await readAsNode('AmazonLinux2023', userData);
    expect(found(r)).toEqual(['not-run user data']);
    expect(r.nodeConfigs).toHaveLength(1);
  });

  it('GIVEN no application/node.eks.aws part WHEN read THEN nodeadm finds no NodeConfig', async () => {
    const r = await readAsNode('AmazonLinux2023', mime(shellPart('#!/bin/bash\necho ok\n')));
    expect(found(r)).toEqual(['no-node-config user data']);
  });

  it('GIVEN a NodeConfig missing cidr WHEN read THEN nodeadm validation of the merged config fails on it', async () => {
    expect(withoutCidr).not.toContain('cidr');
    const r = await al2023(withoutCidr);
    expect(found(r)).toEqual(['missing-field spec.cluster.cidr']);
  });

  it('GIVEN two NodeConfig parts that together are complete WHEN read THEN the merge satisfies nodeadm', async () => {
    const first = withoutCidr;
    const second = 'apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    cidr: 10.100.0.0/16';
    const r = await readAsNode('AmazonLinux2023', mime(nodeadmPart(first), nodeadmPart(second)));
    expect(found(r)).toEqual([]);
    expect(r.nodeConfigs).toHaveLength(2);
  });

  it('GIVEN a base64-encoded part WHEN read THEN it is decoded the way nodeadm does and still checked', async () => {
    const encoded: [string, string] = ['Content-Type: application/node.eks.aws\nContent-Transfer-Encoding: base64', Buffer.from(nodeConfig({ name: '2024' })).toString('base64')];
    const r = await readAsNode('AmazonLinux2023', mime(encoded));
    expect(found(r)).toEqual([`wrong-type ${PART} spec.cluster.name`]);
  });

  it('GIVEN a gzipped, base64 part WHEN read THEN nodeadm unzips it and the checker reads the same document', async () => {
    const body = gzipSync(Buffer.from(nodeConfig({ name: 'off' }))).toString('base64');
    const r = await readAsNode('AmazonLinux2023', mime(['Content-Type: application/node.eks.aws', body]));
    expect(found(r)).toEqual([`wrong-type ${PART} spec.cluster.name`]);
  });

  it('GIVEN CRLF line ends WHEN read THEN the MIME parser splits it the same', async () => {
    const r = await readAsNode('AmazonLinux2023', mime(nodeadmPart(nodeConfig({ name: '2024' }))).replace(/\n/g, '\r\n'));
    expect(found(r)).toEqual([`wrong-type ${PART} spec.cluster.name`]);
  });

  it('GIVEN user data that is not MIME WHEN read THEN nodeadm reads the whole of it as one NodeConfig', async () => {
    expect(found(await readAsNode('AmazonLinux2023', nodeConfig()))).toEqual([]);
    expect(found(await readAsNode('AmazonLinux2023', nodeConfig({ name: '2024' })))).toEqual(['wrong-type user data spec.cluster.name']);
  });

  it('GIVEN two YAML documents in one part WHEN read THEN violation: nodeadm reads only the first', async () => {
    const r = await al2023(`${nodeConfig()}\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n`);
    expect(found(r)).toEqual([`no-model ${PART}`]);
  });

  it('GIVEN an empty node.eks.aws part WHEN read THEN violation: nothing nodeadm can decode', async () => {
    const r = await readAsNode('AmazonLinux2023', mime(nodeadmPart(nodeConfig()), nodeadmPart('---')));
    expect(found(r)).toEqual(['wrong-type part 2 (application/node.eks.aws)']);
  });

  it('GIVEN a wrong apiVersion WHEN read THEN violation: the decoder does not know the kind', async () => {
    const r = await al2023(nodeConfig().replace('node.eks.aws/v1alpha1', 'node.eks.aws/v1'));
    expect(found(r)).toEqual([`bad-value ${PART} apiVersion`]);
  });
});

describe('Bottlerocket as its settings API reads it', () => {
  const settings = (extra: string) =>
    ['[settings.kubernetes]', 'cluster-name = "my-cluster"', `api-server = "${ENDPOINT}"`, `cluster-certificate = "${CA}"`, 'cluster-dns-ip = "10.100.0.10"', extra, ''].join('\n');
  const bottlerocket = (extra: string) => readAsNode('Bottlerocket', settings(extra));

  it('GIVEN settings like eksng writes WHEN read THEN no violation', async () => {
    const r = await bottlerocket(
      ['"max-pods" = 58', '"registry-qps" = 10', '"eviction-hard" = { "memory.available" = "200Mi" }', '', '[settings.kubernetes.node-labels]', '"example.com/team" = "payments"', '', '[settings.kubernetes.node-taints]', '"dedicated" = ["payments:NoSchedule", "payments:NoExecute"]'].join('\n'),
    );
    expect(found(r)).toEqual([]);
  });

  it('GIVEN "registry-pull-qps" = 10 (registryPullQPS in kebab-case) WHEN read THEN violation: no such setting, it is registry-qps', async () => {
    const r = await bottlerocket('"registry-pull-qps" = 10');
    expect(found(r)).toEqual(['unknown-field settings.kubernetes.registry-pull-qps']);
    expect(r.violations[0].program).toBe('bottlerocket');
    expect(r.violations[0].message).toContain('settings.kubernetes.registry-qps');
  });

  const command = (lines: string[]) => ['', '[settings.bootstrap-commands.k8s-ephemeral-storage]', ...lines].join('\n');
  it('GIVEN the ephemeral-storage bootstrap command eksng writes for localStorage WHEN read THEN no violation', async () => {
    const r = await bottlerocket(command(['"commands" = [["apiclient", "ephemeral-storage", "init"], ["apiclient", "ephemeral-storage", "bind", "--dirs", "/var/lib/containerd", "/var/lib/kubelet", "/var/log/pods"]]', '"essential" = true', '"mode" = "always"']));
    expect(found(r)).toEqual([]);
  });

  it.each([
    ['a directory the API server does not bind', ['"commands" = [["apiclient", "ephemeral-storage", "bind", "--dirs", "/etc"]]', '"mode" = "always"'], ['bad-value settings.bootstrap-commands.k8s-ephemeral-storage.commands[0]']],
    ['a RAID level apiclient has no option for', ['"commands" = [["apiclient", "ephemeral-storage", "init", "--raid", "10"]]', '"mode" = "always"'], ['unknown-flag settings.bootstrap-commands.k8s-ephemeral-storage.commands[0]']],
    ['a command that is not apiclient', ['"commands" = [["mdadm", "--create"]]', '"mode" = "always"'], ['bad-value settings.bootstrap-commands.k8s-ephemeral-storage.commands[0]']],
    ['no mode (off: it never runs)', ['"commands" = [["apiclient", "ephemeral-storage", "init"]]'], ['not-run settings.bootstrap-commands.k8s-ephemeral-storage.mode']],
    ['an unknown field', ['"commands" = [["apiclient", "ephemeral-storage", "init"]]', '"mode" = "always"', '"timeout" = 30'], ['unknown-field settings.bootstrap-commands.k8s-ephemeral-storage.timeout']],
  ])('GIVEN a bootstrap command with %s WHEN read THEN violation', async (_what, lines, expected) => {
    expect(found(await bottlerocket(command(lines)))).toEqual(expected);
  });

  it('GIVEN registry-qps = 10 WHEN read THEN fine', async () => {
    expect(found(await bottlerocket('registry-qps = 10'))).toEqual([]);
  });

  it.each([
    ['max-pods = "10"', 'a string'],
    ['max-pods = 10.0', 'a float'],
    ['cpu-cfs-quota-enforced = "true"', 'a string'],
    ['node-labels = ["a"]', 'an array'],
  ])('GIVEN %s (%s) WHEN read THEN wrong-type violation', async (line) => {
    const r = await bottlerocket(line);
    expect(found(r)).toEqual([`wrong-type settings.kubernetes.${line.split(' ')[0]}`]);
  });

  it('GIVEN a float setting given an integer WHEN read THEN fine (serde reads it as a float)', async () => {
    expect(found(await bottlerocket('memory-throttling-factor = 1'))).toEqual([]);
  });

  it('GIVEN map keys outside the model and values it refuses WHEN read THEN each one is reported', async () => {
    const r = await bottlerocket(
      ['"eviction-hard" = { "memory.free" = "200Mi", "nodefs.available" = "lots" }', '', '[settings.kubernetes.node-taints]', '"dedicated" = ["payments"]'].join('\n'),
    );
    expect(found(r)).toEqual([
      'unknown-field settings.kubernetes.eviction-hard."memory.free"',
      'bad-value settings.kubernetes.eviction-hard."nodefs.available"',
      'bad-value settings.kubernetes.node-taints.dedicated[0]',
    ]);
  });

  it('GIVEN an enum setting with a value outside it WHEN read THEN bad-value', async () => {
    expect(found(await bottlerocket('topology-manager-scope = "node"'))).toEqual(['bad-value settings.kubernetes.topology-manager-scope']);
  });

  it('GIVEN an empty cluster-dns-ip WHEN read THEN bad-value: not an IP address', async () => {
    const r = await readAsNode('Bottlerocket', settings('').replace('10.100.0.10', ''));
    expect(found(r)).toEqual(['bad-value settings.kubernetes.cluster-dns-ip']);
  });

  it('GIVEN the admin host container WHEN read THEN its fields are checked too', async () => {
    expect(found(await bottlerocket('\n[settings.host-containers.admin]\nenabled = true'))).toEqual([]);
    expect(found(await bottlerocket('\n[settings.host-containers.admin]\nenable = true'))).toEqual(['unknown-field settings.host-containers.admin.enable']);
  });

  it('GIVEN a settings section the checker has no model for WHEN read THEN violation, so eksng cannot emit it unchecked', async () => {
    const r = await bottlerocket('\n[settings.kernel.sysctl]\n"vm.max_map_count" = "262144"');
    expect(found(r)).toEqual(['no-model settings.kernel']);
    expect(r.violations[0].program).toBe('checker');
  });

  it('GIVEN TOML that does not parse WHEN read THEN syntax violation', async () => {
    expect(found(await bottlerocket('max-pods = = 1'))).toEqual(['syntax user data']);
  });

  it('GIVEN an integer setting WHEN read THEN the parsed TOML keeps it an integer (bigint)', async () => {
    const r = await bottlerocket('max-pods = 58');
    expect(r.toml).toMatchObject({ settings: { kubernetes: { 'max-pods': 58n } } });
  });
});

describe('AmazonLinux2 as bash and bootstrap.sh read it', () => {
  const HEAD = '#!/bin/bash\nset -o errexit -o nounset -o xtrace\n';
  const bootstrap = (args = '') => `/etc/eks/bootstrap.sh 'my-cluster' --apiserver-endpoint '${ENDPOINT}' --b64-cluster-ca '${CA}'${args}\n`;
  const merge = (json: string) =>
    `echo '${json}' | jq -s '.[0] * .[1]' /etc/kubernetes/kubelet/kubelet-config.json - > /tmp/k.json && mv /tmp/k.json /etc/kubernetes/kubelet/kubelet-config.json\n`;
  const al2 = (script: string) => readAsNode('AmazonLinux2', script);

  it('GIVEN a script calling bootstrap.sh with known flags WHEN read THEN no violation, and the words bash passes', async () => {
    const r = await al2(HEAD + bootstrap(" --use-max-pods false --kubelet-extra-args '--node-labels=a=b --max-pods=29'"));
    expect(found(r)).toEqual([]);
    expect(r.bootstrapArgs).toEqual(['my-cluster', '--apiserver-endpoint', ENDPOINT, '--b64-cluster-ca', CA, '--use-max-pods', 'false', '--kubelet-extra-args', '--node-labels=a=b --max-pods=29']);
  });

  it('GIVEN an unknown bootstrap.sh flag after the cluster name WHEN read THEN violation: bootstrap.sh ignores it', async () => {
    const r = await al2(HEAD + bootstrap(' --max-pods 20'));
    expect(found(r)).toEqual(['unknown-flag line 3 /etc/eks/bootstrap.sh --max-pods', 'bad-value line 3 /etc/eks/bootstrap.sh "20"']);
  });

  it('GIVEN an unknown flag before the cluster name WHEN read THEN violation saying it becomes the cluster name', async () => {
    const r = await al2(`${HEAD}/etc/eks/bootstrap.sh --cluster my-cluster\n`);
    expect(found(r)).toEqual(['unknown-flag line 3 /etc/eks/bootstrap.sh --cluster', 'bad-value line 3 /etc/eks/bootstrap.sh "my-cluster"']);
    expect(r.violations[0].message).toContain('becomes the cluster name');
  });

  it('GIVEN a flag with no value at the end WHEN read THEN missing-argument (nounset aborts bootstrap.sh)', async () => {
    expect(found(await al2(HEAD + bootstrap(' --dns-cluster-ip')))).toEqual(['missing-argument line 3 /etc/eks/bootstrap.sh --dns-cluster-ip']);
  });

  it('GIVEN a flag value outside its values WHEN read THEN bad-value', async () => {
    expect(found(await al2(HEAD + bootstrap(' --use-max-pods no')))).toEqual(['bad-value line 3 /etc/eks/bootstrap.sh --use-max-pods']);
  });

  it('GIVEN no cluster name WHEN read THEN bootstrap.sh exits', async () => {
    expect(found(await al2(`${HEAD}/etc/eks/bootstrap.sh --b64-cluster-ca '${CA}'\n`))).toEqual(['missing-field line 3 /etc/eks/bootstrap.sh']);
  });

  it('GIVEN --kubelet-extra-args with a flag in "--name value" form WHEN read THEN flag-form on that flag', async () => {
    const r = await al2(HEAD + bootstrap(" --kubelet-extra-args '--node-labels a=b'"));
    expect(found(r)).toEqual(['flag-form line 3 /etc/eks/bootstrap.sh --kubelet-extra-args[0]', 'flag-form line 3 /etc/eks/bootstrap.sh --kubelet-extra-args[1]']);
  });

  it('GIVEN evictionHard merged BEFORE bootstrap.sh WHEN read THEN violation: bootstrap.sh overwrites evictionHard', async () => {
    const r = await al2(HEAD + merge('{"evictionHard":{"memory.available":"200Mi"},"serializeImagePulls":false}') + bootstrap());
    expect(found(r)).toEqual(['overwritten line 3 /etc/kubernetes/kubelet/kubelet-config.json merge.evictionHard']);
    expect(r.violations[0].program).toBe('bootstrap.sh');
  });

  it('GIVEN evictionHard merged AFTER bootstrap.sh and the kubelet restarted WHEN read THEN fine', async () => {
    const r = await al2(HEAD + bootstrap() + merge('{"evictionHard":{"memory.available":"200Mi"}}') + 'systemctl restart kubelet\n');
    expect(found(r)).toEqual([]);
  });

  it('GIVEN evictionHard merged AFTER bootstrap.sh and no restart WHEN read THEN violation: the change is not applied', async () => {
    const r = await al2(HEAD + bootstrap() + merge('{"evictionHard":{"memory.available":"200Mi"}}') + 'systemctl restart containerd\n');
    expect(found(r)).toEqual(['not-applied line 4 /etc/kubernetes/kubelet/kubelet-config.json merge']);
  });

  it('GIVEN maxPods merged before bootstrap.sh WHEN --use-max-pods false THEN kept, otherwise overwritten', async () => {
    expect(found(await al2(HEAD + merge('{"maxPods":29}') + bootstrap(' --use-max-pods false')))).toEqual([]);
    expect(found(await al2(HEAD + merge('{"maxPods":29}') + bootstrap()))).toEqual(['overwritten line 3 /etc/kubernetes/kubelet/kubelet-config.json merge.maxPods']);
  });

  it('GIVEN kubeAPIQPS merged before bootstrap.sh WHEN read THEN kept (bootstrap.sh only sets it when unset)', async () => {
    expect(found(await al2(HEAD + merge('{"kubeAPIQPS":50}') + bootstrap()))).toEqual([]);
  });

  it('GIVEN a merged key that is no kubelet field WHEN read THEN violation: the kubelet drops it', async () => {
    expect(found(await al2(HEAD + merge('{"note":"x"}') + bootstrap()))).toEqual(['unknown-field line 3 /etc/kubernetes/kubelet/kubelet-config.json merge.note']);
  });

  it('GIVEN merged text that is not JSON WHEN read THEN violation: jq fails and errexit stops the script', async () => {
    expect(found(await al2(HEAD + merge('{"maxPods":}') + bootstrap()))).toEqual(['syntax line 3']);
  });

  it('GIVEN a bash syntax error WHEN read THEN bash -n reports it', async () => {
    const r = await al2(`${HEAD}if true; then\n${bootstrap()}`);
    expect(found(r)).toEqual(['syntax user data']);
  });

  it('GIVEN a script that never calls bootstrap.sh WHEN read THEN the node never joins', async () => {
    expect(found(await al2(`${HEAD}echo hello\n`))).toEqual(['no-bootstrap user data']);
  });

  it('GIVEN a bootstrap.sh line continued with backslashes WHEN read THEN the words are joined as bash joins them', async () => {
    const r = await al2(`${HEAD}/etc/eks/bootstrap.sh my-cluster \\\n  --use-max-pods false \\\n  --dns-cluster-ip 10.100.0.10\n`);
    expect(found(r)).toEqual([]);
    expect(r.bootstrapArgs).toEqual(['my-cluster', '--use-max-pods', 'false', '--dns-cluster-ip', '10.100.0.10']);
  });
});
