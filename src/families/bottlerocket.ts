/**
 * Bottlerocket: TOML settings for its API (https://bottlerocket.dev/en/os/latest/#/api/settings/kubernetes/),
 * applied at boot by early-boot-config; no shell. The OS lives on a small volume of its own and
 * containers and logs on a data volume, which the group's volume settings size.
 *
 * Settings contract: Bottlerocket's settings.kubernetes and settings.host-containers models
 * (contract/bottlerocket-kubernetes-settings.json, serde deny_unknown_fields: one unknown key fails
 * early-boot-config and the kubelet never starts). A kubelet field is delivered only through the
 * setting Bottlerocket's kubelet-config template writes it from; its memory reservation follows
 * max-pods by itself (the template computes it from settings.kubernetes.max-pods).
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import { describeValue, error, Problem } from '../problems';
import { Params } from '../template/logical-ids';
import { DEFAULTS } from '../config/defaults';
import type { AmiFamilyModule, At, BlockDevice, ParamLookup } from './family';
import { closest } from '../validation/problems';
import { BOTTLEROCKET_SETTINGS, BottlerocketSettingType } from './contract';
import { checkKubeletExtraConfig, KubeletDelivery } from './kubelet';
import { isJsonType, own } from './json-type';
import { escapeSub, explainClusterValues, kubeletConfig, NEURON_DEVICE_PLUGIN, ref, ROOT_DEVICE_NAME, LINUX_NODE } from './shared';
import { checkAmiForVersion } from './versions';

/** Bottlerocket keeps its OS on /dev/xvda and containers and logs on this data volume. */
export const BOTTLEROCKET_DATA_DEVICE_NAME = '/dev/xvdb';
/**
 * Bottlerocket's OS volume: its image is 2 GiB; sized explicitly (with room) so that the
 * mapping stands on its own — EC2 fills a missing size from the AMI, but not every consumer does.
 */
export const BOTTLEROCKET_OS_VOLUME_GIB = 4;

/** A TOML value for a JSON value (JSON strings are valid TOML basic strings; objects become inline tables). */
function toml(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toml).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => `${JSON.stringify(k)} = ${toml(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** What a value of a Bottlerocket setting's type looks like, for messages. */
function describeSetting(t: BottlerocketSettingType): string {
  const what = t.type === 'string-array' ? 'a list of strings' : t.type === 'map' ? `a table${t.keys ? ` with keys among ${t.keys.join(', ')}` : ''}` : t.type === 'integer' ? 'an integer' : `a ${t.type}`;
  return t.enum ? `${what} of ${t.enum.map((e) => JSON.stringify(e)).join(', ')}` : what;
}

function scalarOk(value: unknown, type: string | undefined, t?: BottlerocketSettingType): boolean {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return false;
      if (t?.enum && !t.enum.includes(value)) return false;
      return !t?.pattern || new RegExp(t.pattern, 'u').test(value);
    case 'integer':
    case 'number':
    case 'boolean':
      return isJsonType(value, type);
    case 'string-array':
      return (Array.isArray(value) && value.every((v) => typeof v === 'string' && (!t?.enum || t.enum.includes(v)))) || (t?.acceptsScalar === true && typeof value === 'string');
    default:
      return true;
  }
}

/** Null when Bottlerocket's model takes `value` for a setting of type `t`, else what it takes. */
export function settingValueProblem(value: unknown, t: BottlerocketSettingType): string | null {
  if (t.type === 'map') {
    if (!isObject(value)) return `must be ${describeSetting(t)}, got ${describeValue(value)}`;
    for (const [k, v] of Object.entries(value)) {
      if (t.keys && !t.keys.includes(k)) return `has the key "${k}", which Bottlerocket's model does not take (keys: ${t.keys.join(', ')})`;
      if (!scalarOk(v, t.values)) return `.${k} must be ${t.values === 'string-array' ? 'a list of strings' : `a ${t.values}`}, got ${describeValue(v)}`;
    }
    return null;
  }
  return scalarOk(value, t.type, t) ? null : `must be ${describeSetting(t)}${t.pattern ? ` matching ${t.pattern}` : ''}, got ${describeValue(value)}`;
}

/** settings.kubernetes keys eksng writes itself, and the config field that sets each. */
export const SETTINGS_SET_BY_EKSNG: Readonly<Record<string, string>> = {
  'cluster-name': 'cluster.name',
  'api-server': 'cluster.endpoint',
  'cluster-certificate': 'cluster.certificateAuthorityData',
  'cluster-dns-ip': 'cluster.serviceCidr',
  'node-labels': 'labels',
  'node-taints': 'taints',
  'max-pods': 'maxPodsPerNode',
};

/** The sections of bottlerocket.settings eksng can check (Bottlerocket refuses an unknown key anywhere). */
/** The sections of settings eksng has Bottlerocket's model for (and so takes in bottlerocket.settings). */
export const MODELED_SECTIONS = ['kubernetes', 'host-containers'];

/**
 * Kubelet fields whose Bottlerocket setting holds something else than the field's value (the
 * template derives the field from it), so a kubelet value cannot be passed on: the setting itself
 * goes in bottlerocket.settings.kubernetes. From the kubelet-config template (kubeletMappingNotes).
 */
const DERIVED_FIELDS: Readonly<Record<string, string>> = {
  staticPodPath: 'Bottlerocket fixes the path and only switches static pods on or off (static-pods-enabled)',
  tlsCertFile: 'Bottlerocket takes the certificate itself (server-certificate, base64), not a path',
  tlsPrivateKeyFile: 'Bottlerocket takes the key itself (server-key, base64), not a path',
  reservedMemory: 'Bottlerocket\'s memory-manager-reserved-memory is a table by NUMA node of its own shape',
  cpuManagerPolicyOptions: 'Bottlerocket\'s cpu-manager-policy-options is a list of the options to turn on',
};

/**
 * A KubeletConfiguration field becomes the setting Bottlerocket's kubelet-config template writes it
 * from (contract/bottlerocket-kubernetes-settings.json): `registryPullQPS` → `registry-qps`, not a
 * kebab-case of its name. A struct's fields map one by one (`memorySwap.swapBehavior`).
 */
function deliverKubeletSetting(field: string, value: unknown): KubeletDelivery {
  const derived = own(DERIVED_FIELDS, field);
  if (derived !== undefined) return { refused: `${derived}; give settings.kubernetes.${own(BOTTLEROCKET_SETTINGS.kubelet, field)} in bottlerocket.settings instead` };
  const pairs: Array<[string, unknown]> = own(BOTTLEROCKET_SETTINGS.kubelet, field) !== undefined ? [[field, value]] : isObject(value) ? Object.entries(value).map(([k, v]) => [`${field}.${k}`, v]) : [[field, value]];
  const settings: Array<readonly [string, unknown]> = [];
  for (const [kubeletField, v] of pairs) {
    const key = own(BOTTLEROCKET_SETTINGS.kubelet, kubeletField);
    if (key === undefined) return { refused: `Bottlerocket has no setting for ${kubeletField === field ? 'it' : kubeletField} (its settings.kubernetes model covers ${Object.keys(BOTTLEROCKET_SETTINGS.kubelet).length} kubelet fields; see the README), and refuses the whole user data for a key it does not know` };
    const t = own(BOTTLEROCKET_SETTINGS.kubernetes, key);
    const problem = t ? settingValueProblem(v, t) : null;
    if (problem) return { refused: `Bottlerocket sets it from settings.kubernetes.${key}, which ${problem}; give that setting in bottlerocket.settings.kubernetes instead` };
    settings.push([key, v]);
  }
  return { settings };
}

/** The settings.kubernetes entries from maxPodsPerNode and kubeletExtraConfig (checked: every one delivers). */
function kubeletSettings(ng: NodeGroup): Array<readonly [string, unknown]> {
  const entries = Object.entries(kubeletConfig(ng, { maxPods: true, reserveMemoryForMaxPods: false }) ?? {});
  return entries.flatMap(([field, value]) => {
    const d = field === 'maxPods' ? { settings: [['max-pods', value] as const] } : deliverKubeletSetting(field, value);
    return 'settings' in d ? d.settings : [];
  });
}

/** SSH on Bottlerocket is its admin host container (it takes the instance's key pair). */
const ADMIN_CONTAINER = 'admin';

function hostContainers(ng: NodeGroup): Array<[string, Record<string, unknown>]> {
  const given = (isObject(ng.bottlerocketSettings?.['host-containers']) ? ng.bottlerocketSettings['host-containers'] : {}) as Record<string, unknown>;
  const containers = Object.entries(given).map(([name, fields]): [string, Record<string, unknown>] => [name, isObject(fields) ? { ...fields } : {}]);
  if (ng.ssh) {
    const admin = containers.find(([name]) => name === ADMIN_CONTAINER);
    if (admin) admin[1] = { enabled: true, ...admin[1] };
    else containers.unshift([ADMIN_CONTAINER, { enabled: true }]);
  }
  return containers;
}

/** The bootstrap command's name (as Karpenter names the same command for its RAID0 instance-store policy). */
export const EPHEMERAL_STORAGE_COMMAND = 'k8s-ephemeral-storage';
/** Directories of a Kubernetes variant that `ephemeral-storage bind` accepts (apiserver's allowed_bind_dirs), as Karpenter binds them. */
export const EPHEMERAL_STORAGE_DIRS = ['/var/lib/containerd', '/var/lib/kubelet', '/var/log/pods'];

/**
 * localStorage RAID0: a bootstrap command (settings.bootstrap-commands, run before the kubelet
 * starts, on every boot: an instance store is empty after a stop) that assembles the instance-store
 * disks and binds containerd's, the kubelet's and the pod logs' directories onto them. Both in
 * bottlerocket-core-kit since v2.4.0 (2024-09-05: "Add ephemeral-storage commands", "Add support for
 * bootstrap commands").
 */
export function ephemeralStorageCommand(): Record<string, unknown> {
  return {
    commands: [
      ['apiclient', 'ephemeral-storage', 'init'],
      ['apiclient', 'ephemeral-storage', 'bind', '--dirs', ...EPHEMERAL_STORAGE_DIRS],
    ],
    essential: true,
    mode: 'always',
  };
}

function renderUserData(cluster: Cluster, ng: NodeGroup): string {
  const lines = [
    '[settings.kubernetes]',
    `cluster-name = "${ref(Params.clusterName)}"`,
    `api-server = "${ref(Params.apiServerEndpoint)}"`,
    `cluster-certificate = "${ref(Params.certificateAuthorityData)}"`,
  ];
  if (cluster.serviceCidr !== null) lines.push(`cluster-dns-ip = "${ref(Params.dnsClusterIp)}"`);
  const given = isObject(ng.bottlerocketSettings?.kubernetes) ? Object.entries(ng.bottlerocketSettings.kubernetes) : [];
  for (const [key, value] of [...kubeletSettings(ng), ...given]) {
    if (value !== null) lines.push(`${JSON.stringify(key)} = ${escapeSub(toml(value))}`);
  }
  if (Object.keys(ng.labels).length > 0) {
    lines.push('', '[settings.kubernetes.node-labels]', ...Object.entries(ng.labels).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`));
  }
  if (ng.taints.length > 0) {
    const byKey = new Map<string, string[]>();
    for (const t of ng.taints) byKey.set(t.key, [...(byKey.get(t.key) ?? []), `${t.value}:${t.effect}`]);
    lines.push('', '[settings.kubernetes.node-taints]', ...[...byKey].map(([k, v]) => `${JSON.stringify(k)} = ${toml(v)}`));
  }
  for (const [name, fields] of hostContainers(ng)) {
    lines.push('', `[settings.host-containers.${name}]`, ...Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)} = ${escapeSub(toml(v))}`));
  }
  if (ng.localStorage !== null) {
    lines.push('', `[settings.bootstrap-commands.${EPHEMERAL_STORAGE_COMMAND}]`, ...Object.entries(ephemeralStorageCommand()).map(([k, v]) => `${JSON.stringify(k)} = ${toml(v)}`));
  }
  lines.push('');
  return lines.join('\n');
}

/** bottlerocket.settings against Bottlerocket's model: sections, keys, types, and what eksng sets itself. */
function checkSettings(ng: NodeGroup, at: At): Problem[] {
  const problems: Problem[] = [];
  const fromKubelet = new Map<string, string>();
  for (const [field, value] of Object.entries(ng.kubeletExtraConfig ?? {})) {
    const d = deliverKubeletSetting(field, value);
    if ('settings' in d) for (const [key] of d.settings) fromKubelet.set(key, field);
  }
  for (const [section, value] of Object.entries(ng.bottlerocketSettings ?? {})) {
    const where = (...rest: string[]) => at('bottlerocket', 'settings', section, ...rest);
    if (!MODELED_SECTIONS.includes(section)) {
      const hint = closest(section, MODELED_SECTIONS);
      problems.push(error('rule.bottlerocket-setting', where(), `settings.${section} has no model in eksng to check it against${hint ? ` (did you mean "${hint}"?)` : ''}, and Bottlerocket refuses the whole user data for one unknown key; eksng checks ${MODELED_SECTIONS.map((s) => `settings.${s}`).join(' and ')}`));
      continue;
    }
    if (!isObject(value)) {
      problems.push(error('rule.bottlerocket-setting', where(), `must be a table (a JSON object) of settings.${section}`));
      continue;
    }
    if (section === 'kubernetes') {
      for (const [key, v] of Object.entries(value)) {
        const t = own(BOTTLEROCKET_SETTINGS.kubernetes, key);
        const ours = own(SETTINGS_SET_BY_EKSNG, key);
        if (ours !== undefined) problems.push(error('rule.bottlerocket-setting', where(key), `is set by eksng from ${ours}; set that instead`));
        else if (!t) {
          const hint = closest(key, Object.keys(BOTTLEROCKET_SETTINGS.kubernetes));
          problems.push(error('rule.bottlerocket-setting', where(key), `is not a setting of Bottlerocket's settings.kubernetes${hint ? `; did you mean "${hint}"?` : ''} Bottlerocket would refuse the user data and the node would not join`));
        } else if (fromKubelet.has(key)) problems.push(error('rule.bottlerocket-setting', where(key), `is also set by kubeletExtraConfig.${fromKubelet.get(key)}; keep one`));
        else {
          const problem = settingValueProblem(v, t);
          if (problem) problems.push(error('rule.bottlerocket-setting', where(key), `${problem}: Bottlerocket would refuse the user data`));
        }
      }
    } else {
      for (const [name, fields] of Object.entries(value)) {
        if (!/^[A-Za-z0-9-]+$/.test(name)) problems.push(error('rule.bottlerocket-setting', where(name), 'must be a host-container name: ASCII letters, digits and "-"'));
        else if (!isObject(fields)) problems.push(error('rule.bottlerocket-setting', where(name), 'must be a table of the host container\'s settings'));
        else {
          for (const [key, v] of Object.entries(fields)) {
            const t = own(BOTTLEROCKET_SETTINGS.hostContainer, key);
            const problem = t ? settingValueProblem(v, t) : `is not a host-container setting (settings: ${Object.keys(BOTTLEROCKET_SETTINGS.hostContainer).join(', ')})`;
            if (problem) problems.push(error('rule.bottlerocket-setting', where(name, key), problem));
          }
          if (ng.ssh && name === ADMIN_CONTAINER && fields.enabled === false) problems.push(error('rule.bottlerocket-ssh', where(name, 'enabled'), 'is false, but ssh is set: SSH on Bottlerocket is its admin container; leave out ssh, or this'));
        }
      }
    }
  }
  return problems;
}

function check(config: Config, ng: NodeGroup, at: At): Problem[] {
  const problems: Problem[] = [
    ...checkAmiForVersion(config, ng, at, 'Bottlerocket'),
    ...checkKubeletExtraConfig(ng, at, 'Bottlerocket', deliverKubeletSetting),
    ...checkSettings(ng, at),
  ];
  if (ng.accelerator === 'neuron') {
    problems.push(error('rule.ami-variant', at('amiFamily'), `"Bottlerocket" has no Neuron (Inferentia/Trainium) variant eksng can pick; use AmazonLinux2023`));
  }
  if (ng.preBootstrapCommands.length > 0) {
    problems.push(error('rule.bottlerocket-shell', at('preBootstrapCommands'), 'cannot run on Bottlerocket, which has no shell user data (use a bootstrap container)'));
  }
  if (ng.updatePolicy.waitForNodes) {
    // Bootstrap containers run before the kubelet starts, and host containers have no cfn-signal or
    // node credentials by design: nothing on the node can tell CloudFormation the kubelet is healthy.
    problems.push(error('rule.wait-for-nodes', at('updatePolicy', 'waitForNodes'), 'cannot work on Bottlerocket: it has no shell user data, its bootstrap containers run before the kubelet starts, and it ships no cfn-signal, so no node would ever signal and every update would time out; leave it out (the rolling update then waits pauseTime per batch)'));
  }
  return problems;
}

function explainBoot(ng: NodeGroup, param: ParamLookup): string[] {
  const dns = param(Params.dnsClusterIp);
  return [
    'Bottlerocket settings in TOML (`[settings.kubernetes]`), applied by its API at boot before the kubelet starts (no shell, no `bootstrap.sh`), with:',
    '',
    ...explainClusterValues(param),
    ...(dns !== null ? [`- cluster DNS \`${dns}\``] : []),
    ...(ng.ssh ? ['- SSH through Bottlerocket\'s admin host container (enabled), which takes the key pair'] : []),
  ];
}

export const Bottlerocket: AmiFamilyModule = {
  name: 'Bottlerocket',
  os: 'linux',
  // Release parameters as Karpenter resolves them (aws/karpenter-provider-aws pkg/providers/amifamily/bottlerocket.go).
  amiParameter: (version: string, arch: Architecture, accelerator: Accelerator, release: string | null) =>
    `/aws/service/bottlerocket/aws-k8s-${version}${accelerator === 'nvidia' ? '-nvidia' : ''}/${arch}/${release ?? 'latest'}/image_id`,
  amiRelease: {
    pattern: /^[0-9]+\.[0-9]+\.[0-9]+$/,
    example: '1.50.0',
    releases: 'https://github.com/bottlerocket-os/bottlerocket/releases (without the leading "v")',
  },
  clusterInfo: { required: true, serviceAddress: 'dnsClusterIp' },
  volumeRole: 'data volume',
  defaultVolumeGiB: DEFAULTS.volumeSize,
  node: LINUX_NODE,
  blockDevices: (): BlockDevice[] => [
    // The OS volume: small gp3, encrypted like the data volume; IOPS and throughput settings are for the data.
    { deviceName: ROOT_DEVICE_NAME, kind: 'os', sizeGiB: BOTTLEROCKET_OS_VOLUME_GIB },
    { deviceName: BOTTLEROCKET_DATA_DEVICE_NAME, kind: 'config' },
  ],
  renderUserData,
  check,
  explainBoot,
  // Bottlerocket's NVIDIA variants run the device plugin themselves.
  acceleratorSetup: (accelerator: Accelerator) => (accelerator === 'neuron' ? NEURON_DEVICE_PLUGIN : null),
  clusterSetup: null,
  capacity: {
    localStorage: {
      strategies: ['RAID0'],
      why: '`apiclient ephemeral-storage init` makes one RAID0 array of all the instance-store disks (one disk: mounted as it is) and has no RAID10 or per-disk mounts (bottlerocket-os/bottlerocket-core-kit sources/api/apiclient/src/main.rs)',
    },
    warmPoolRefusal:
      'its user data is settings (TOML), not a script: nothing in it can wait for the instance to be put in service before the kubelet starts (a bootstrap container image of your own could)',
    maxPodsExpressionRefusal: 'maxPodsExpression is a nodeadm setting (AmazonLinux2023); Bottlerocket computes max-pods per instance type itself (or set kubeletExtraConfig.maxPods)',
    efaRefusal: null,
  },
};
