/**
 * `eksng import eksctl`: an eksctl `ClusterConfig` (eksctl.io/v1alpha5) → the eksng config that
 * produces the same self-managed node groups. One table, EKSCTL_FIELDS, maps each eksctl node-group
 * field (and the implicit defaults eksctl applies where eksng's differ), each row citing where
 * eksctl defines it (github.com/eksctl-io/eksctl at 99984ad, pkg/apis/eksctl.io/v1alpha5 and
 * pkg/cfn/builder); what eksng cannot express is reported with its path in the eksctl file. Pure.
 */
import { ADDON_POLICIES, AddonPolicy, ConfigInput, NodeGroupInput, TaintInput } from '../config/types';
import { MODELED_SECTIONS } from '../families/bottlerocket';
import { error, note, pointer, Problem, warning } from '../problems';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** eksctl's defaults (pkg/apis/eksctl.io/v1alpha5/types.go). */
export const EKSCTL_DEFAULTS = {
  /** DefaultNodeType */
  instanceType: 'm5.large',
  /** DefaultNodeVolumeSize */
  volumeSize: 80,
  /** DefaultNodeCount: min (and so max, and desired) when no size is given (pkg/cfn/builder/nodegroup.go). */
  nodeCount: 2,
  /** DefaultRegion */
  region: 'us-west-2',
  /** DefaultVersion */
  version: '1.34',
  /** getDefaultAuthenticationMode (defaults.go) outside Outposts. */
  authenticationMode: 'API_AND_CONFIG_MAP',
  /** ClusterNameLabel, NodeGroupNameLabel: set on every node (setDefaultNodeLabels). */
  clusterNameLabel: 'alpha.eksctl.io/cluster-name',
  nodeGroupNameLabel: 'alpha.eksctl.io/nodegroup-name',
} as const;

/** eksctl's amiFamily names → eksng's. */
const AMI_FAMILIES: Readonly<Record<string, NodeGroupInput['amiFamily']>> = {
  AmazonLinux2023: 'AmazonLinux2023',
  AmazonLinux2: 'AmazonLinux2',
  Bottlerocket: 'Bottlerocket',
  WindowsServer2019CoreContainer: 'WindowsServer2019Core',
  WindowsServer2019FullContainer: 'WindowsServer2019Full',
  WindowsServer2022CoreContainer: 'WindowsServer2022Core',
  WindowsServer2022FullContainer: 'WindowsServer2022Full',
  WindowsServer2025CoreContainer: 'WindowsServer2025Core',
  WindowsServer2025FullContainer: 'WindowsServer2025Full',
};

/** eksctl's withAddonPolicies names → eksng's (albIngress is eksctl's deprecated name of awsLoadBalancerController). */
const ADDONS: Readonly<Record<string, AddonPolicy>> = {
  ...Object.fromEntries(ADDON_POLICIES.map((a) => [a, a])),
  albIngress: 'awsLoadBalancerController',
};

/** What one row gets: the eksctl node group, the cluster document, and where to report. */
export interface RowContext {
  readonly ng: Json;
  readonly doc: Json;
  /** A JSON pointer into the eksctl file, below this node group. */
  readonly at: (...rest: Array<string | number>) => string;
  readonly problems: Problem[];
  /** Subnet ids by kind and zone, when the eksctl file lists them (vpc.subnets). */
  readonly subnets: SubnetsByZone;
}

export interface SubnetsByZone {
  readonly private: ReadonlyMap<string, string>;
  readonly public: ReadonlyMap<string, string>;
}

export interface MappingRow {
  /** The eksctl field (below `nodeGroups[]`), or `(default)` for an implicit default. */
  readonly eksctl: string;
  /** The eksng field(s) it becomes, or `—` when refused. */
  readonly eksng: string;
  /** Where eksctl defines it. */
  readonly source: string;
  /** What it sets on the eksng node group. */
  apply(out: Partial<NodeGroupInput>, c: RowContext): void;
  /** A one-row example: eksctl node-group fields → the eksng fields expected (golden test). */
  readonly example: { readonly eksctl: Json; readonly eksng: Partial<NodeGroupInput> };
}

const TYPES = 'pkg/apis/eksctl.io/v1alpha5/types.go';
const DEFAULTS_GO = 'pkg/apis/eksctl.io/v1alpha5/defaults.go';
const BUILDER = 'pkg/cfn/builder/nodegroup.go';
const IAM_GO = 'pkg/cfn/builder/iam_helper.go';

/** A YAML mapping as eksng's string maps (labels, tags): values as strings; anything else: empty. */
const strings = (v: unknown): Record<string, string> => (isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {});

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** eksctl's taints: a list of {key, value, effect}, or the older map `key: value:Effect`. */
function taintsOf(v: unknown): TaintInput[] {
  if (Array.isArray(v)) return v.filter(isObject).map((t) => ({ key: String(t.key), ...(t.value ? { value: String(t.value) } : {}), effect: String(t.effect) as TaintInput['effect'] }));
  if (isObject(v)) {
    return Object.entries(v).map(([key, raw]) => {
      const [value, effect] = String(raw).split(':');
      return { key, ...(value ? { value } : {}), effect: effect as TaintInput['effect'] };
    });
  }
  return [];
}

/** The rows. Order: how the README lists them. */
export const EKSCTL_FIELDS: readonly MappingRow[] = [
  {
    eksctl: 'name',
    eksng: 'name',
    source: `${TYPES} NodeGroupBase.Name`,
    apply: (out, c) => void (out.name = String(c.ng.name)),
    example: { eksctl: { name: 'ng-1' }, eksng: { name: 'ng-1' } },
  },
  {
    eksctl: 'instanceType (default m5.large)',
    eksng: 'instanceType',
    source: `${TYPES} DefaultNodeType`,
    apply: (out, c) => {
      if (c.ng.instancesDistribution === undefined && c.ng.instanceSelector === undefined) out.instanceType = str(c.ng.instanceType) ?? EKSCTL_DEFAULTS.instanceType;
    },
    example: { eksctl: {}, eksng: { instanceType: 'm5.large' } },
  },
  {
    eksctl: 'desiredCapacity, minSize, maxSize',
    eksng: 'minSize, desiredCapacity, maxSize',
    source: `${BUILDER} (min = desired, else ${EKSCTL_DEFAULTS.nodeCount}; max = desired, else min; desired left to the group: min)`,
    apply: (out, c) => {
      const desired = num(c.ng.desiredCapacity);
      const min = num(c.ng.minSize) ?? desired ?? EKSCTL_DEFAULTS.nodeCount;
      const max = num(c.ng.maxSize) ?? desired ?? min;
      out.minSize = min;
      out.desiredCapacity = desired ?? min;
      out.maxSize = Math.max(max, 1);
      if (max === 0) c.problems.push(warning('import.max-size', c.at('maxSize'), 'is 0 in eksctl (a group that can never run a node); eksng\'s smallest maxSize is 1, used here with minSize and desiredCapacity 0'));
    },
    example: { eksctl: { desiredCapacity: 3 }, eksng: { minSize: 3, desiredCapacity: 3, maxSize: 3 } },
  },
  {
    eksctl: 'amiFamily (default AmazonLinux2023)',
    eksng: 'amiFamily',
    source: `${TYPES} DefaultNodeImageFamily, NodeImageFamily*`,
    apply: (out, c) => {
      const family = str(c.ng.amiFamily);
      if (family === undefined) return;
      const mapped = AMI_FAMILIES[family];
      if (mapped) out.amiFamily = mapped;
      else c.problems.push(error('import.unsupported', c.at('amiFamily'), `"${family}" is not an AMI family eksng generates for (${Object.keys(AMI_FAMILIES).join(', ')}); the group is left out`));
    },
    example: { eksctl: { amiFamily: 'WindowsServer2022CoreContainer' }, eksng: { amiFamily: 'WindowsServer2022Core' } },
  },
  {
    eksctl: 'ami',
    eksng: 'ami',
    source: `${TYPES} NodeGroupBase.AMI ("auto", "auto-ssm", an AMI id, or "ssm:…")`,
    apply: (out, c) => {
      const ami = str(c.ng.ami);
      if (ami === undefined || ami === 'auto' || ami === 'auto-ssm') return;
      if (/^ami-[0-9a-f]+$/.test(ami) || ami.startsWith('ssm:')) out.ami = ami;
      else c.problems.push(warning('import.unsupported', c.at('ami'), `"${ami}" is not an AMI id or ssm: parameter; the group keeps the EKS-optimized AMI (ami "auto")`));
    },
    example: { eksctl: { ami: 'ami-0123456789abcdef0' }, eksng: { ami: 'ami-0123456789abcdef0' } },
  },
  {
    eksctl: 'volumeSize (default 80), volumeType (default gp3), volumeEncrypted, volumeKmsKeyID, volumeIOPS, volumeThroughput',
    eksng: 'volumeSize, volumeType, volumeEncrypted, volumeKmsKeyID, volumeIOPS, volumeThroughput',
    source: `${TYPES} DefaultNodeVolumeSize; ${DEFAULTS_GO} setVolumeDefaults (gp3 at 3000 IOPS, 125 MiB/s: gp3's baseline, which eksng leaves to EBS)`,
    apply: (out, c) => {
      out.volumeSize = num(c.ng.volumeSize) ?? EKSCTL_DEFAULTS.volumeSize;
      const type = str(c.ng.volumeType);
      if (type && ['gp3', 'gp2', 'io1', 'io2'].includes(type)) out.volumeType = type as NodeGroupInput['volumeType'];
      else if (type) c.problems.push(warning('import.unsupported', c.at('volumeType'), `"${type}" cannot be a root volume eksng writes (gp3, gp2, io1, io2); gp3 is used`));
      if (bool(c.ng.volumeEncrypted) !== undefined) out.volumeEncrypted = bool(c.ng.volumeEncrypted);
      if (str(c.ng.volumeKmsKeyID)) out.volumeKmsKeyID = str(c.ng.volumeKmsKeyID);
      const iops = num(c.ng.volumeIOPS);
      // gp3's 3000 IOPS and 125 MiB/s are what eksctl writes by default, and EBS's baseline: left out.
      if (iops !== undefined && !((type ?? 'gp3') === 'gp3' && iops === 3000)) out.volumeIOPS = iops;
      const throughput = num(c.ng.volumeThroughput);
      if (throughput !== undefined && throughput !== 125) out.volumeThroughput = throughput;
    },
    example: { eksctl: { volumeSize: 100, volumeEncrypted: true }, eksng: { volumeSize: 100, volumeEncrypted: true } },
  },
  {
    eksctl: 'labels (+ alpha.eksctl.io/cluster-name, alpha.eksctl.io/nodegroup-name)',
    eksng: 'labels',
    source: `${DEFAULTS_GO} setDefaultNodeLabels`,
    apply: (out, c) => {
      out.labels = { ...strings(c.ng.labels), [EKSCTL_DEFAULTS.clusterNameLabel]: String((c.doc.metadata as Json | undefined)?.name ?? ''), [EKSCTL_DEFAULTS.nodeGroupNameLabel]: String(c.ng.name) };
    },
    example: { eksctl: { name: 'ng-1', labels: { role: 'workers' } }, eksng: { labels: { role: 'workers', 'alpha.eksctl.io/cluster-name': 'demo', 'alpha.eksctl.io/nodegroup-name': 'ng-1' } } },
  },
  {
    eksctl: 'taints (list, or the map form key: value:Effect)',
    eksng: 'taints',
    source: `${TYPES} NodeGroupBase.Taints`,
    apply: (out, c) => {
      const taints = taintsOf(c.ng.taints);
      if (taints.length > 0) out.taints = taints;
    },
    example: { eksctl: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }, eksng: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } },
  },
  {
    eksctl: 'tags (+ metadata.tags; the k8s.io/cluster-autoscaler/* tags)',
    eksng: 'tags, clusterAutoscaler',
    source: `${BUILDER} (the cluster's metadata.tags on every node group)`,
    apply: (out, c) => {
      const all = { ...strings((c.doc.metadata as Json | undefined)?.tags), ...strings(c.ng.tags) };
      // The cluster-autoscaler's discovery tags are what clusterAutoscaler writes (with the node-template tags besides).
      const autoscaler = Object.keys(all).filter((k) => k.startsWith('k8s.io/cluster-autoscaler/'));
      if (autoscaler.length > 0) out.clusterAutoscaler = true;
      const tags = Object.fromEntries(Object.entries(all).filter(([k]) => !autoscaler.includes(k)));
      if (Object.keys(tags).length > 0) out.tags = tags;
    },
    example: { eksctl: { tags: { team: 'payments', 'k8s.io/cluster-autoscaler/enabled': 'true' } }, eksng: { tags: { team: 'payments' }, clusterAutoscaler: true } },
  },
  {
    eksctl: 'privateNetworking (default false: public subnets, public IPs left to the subnet)',
    eksng: 'privateNetworking',
    source: `${TYPES} NodeGroupBase.PrivateNetworking`,
    apply: (out, c) => {
      if (c.ng.privateNetworking === true) out.privateNetworking = true;
    },
    example: { eksctl: { privateNetworking: true }, eksng: { privateNetworking: true } },
  },
  {
    eksctl: 'subnets, availabilityZones',
    eksng: 'subnetIds (availabilityZones where the file has no subnet ids for the zones)',
    source: `${TYPES} NodeGroupBase.Subnets, NodeGroup.AvailabilityZones; vpc.subnets.{private,public}.<zone>.id`,
    apply: (out, c) => {
      const kind = c.ng.privateNetworking === true ? c.subnets.private : c.subnets.public;
      const subnets = Array.isArray(c.ng.subnets) ? c.ng.subnets.map(String) : [];
      if (subnets.length > 0) {
        const ids = subnets.map((s) => (/^subnet-[0-9a-f]+$/.test(s) ? s : (kind.get(s) ?? null)));
        if (ids.every((id): id is string => id !== null)) out.subnetIds = ids;
        else c.problems.push(warning('import.unsupported', c.at('subnets'), `names subnets the file gives no id for (${subnets.filter((_, i) => ids[i] === null).join(', ')}); list the group's subnetIds in the eksng config`));
      }
      const zones = Array.isArray(c.ng.availabilityZones) ? c.ng.availabilityZones.map(String) : [];
      if (zones.length > 0 && out.subnetIds === undefined) {
        const ids = zones.map((z) => kind.get(z) ?? null);
        if (ids.every((id): id is string => id !== null)) out.subnetIds = ids;
        else {
          out.availabilityZones = zones;
          c.problems.push(note('import.zones', c.at('availabilityZones'), 'become availabilityZones: the file has no subnet ids for them, so run eksng generate with --cluster-outputs of an eksng cluster stack, or list the group\'s subnetIds'));
        }
      }
    },
    example: { eksctl: { subnets: ['subnet-0a1b2c3d4e5f60718'] }, eksng: { subnetIds: ['subnet-0a1b2c3d4e5f60718'] } },
  },
  {
    eksctl: 'ssh.publicKeyName, ssh.allow (eksctl opens tcp 22 to 0.0.0.0/0 unless sourceSecurityGroupIds)',
    eksng: 'ssh.keyName, ssh.sourceCidr 0.0.0.0/0 with allowOpenToWorld',
    source: `${DEFAULTS_GO} setSSHDefaults; pkg/cfn/builder/vpc.go (SSH ingress)`,
    apply: (out, c) => {
      const ssh = isObject(c.ng.ssh) ? c.ng.ssh : null;
      if (!ssh) return;
      const keyName = str(ssh.publicKeyName);
      const allowed = ssh.allow === true || (ssh.allow !== false && (keyName !== undefined || ssh.publicKeyPath !== undefined || ssh.publicKey !== undefined));
      if (!allowed) return;
      if (keyName === undefined) {
        c.problems.push(warning('import.unsupported', c.at('ssh'), 'gives a public key (publicKeyPath or publicKey), which eksctl imports as a key pair itself; eksng puts an existing EC2 key pair on the nodes: import the key (aws ec2 import-key-pair) and set ssh.keyName, or use SSM (iam.withSSM, on here)'));
        return;
      }
      if (Array.isArray(ssh.sourceSecurityGroupIds) && ssh.sourceSecurityGroupIds.length > 0) {
        c.problems.push(warning('import.unsupported', c.at('ssh', 'sourceSecurityGroupIds'), 'are not supported: eksng opens SSH to an IPv4 CIDR only; narrow ssh.sourceCidr to your network'));
      }
      out.ssh = { keyName, sourceCidr: '0.0.0.0/0', allowOpenToWorld: true };
      c.problems.push(warning('import.ssh-open', c.at('ssh'), 'opens SSH to 0.0.0.0/0, as eksctl does: the imported config says so (allowOpenToWorld); narrow ssh.sourceCidr to your network'));
    },
    example: { eksctl: { ssh: { allow: true, publicKeyName: 'ops' } }, eksng: { ssh: { keyName: 'ops', sourceCidr: '0.0.0.0/0', allowOpenToWorld: true } } },
  },
  {
    eksctl: 'iam.attachPolicyARNs (replace eksctl\'s default policies), (default) AmazonSSMManagedInstanceCore',
    eksng: 'iam.attachPolicyARNs, iam.withSSM',
    source: `${IAM_GO} makeManagedPolicies`,
    apply: (out, c) => {
      const iam = isObject(c.ng.iam) ? c.ng.iam : {};
      const arns = Array.isArray(iam.attachPolicyARNs) ? iam.attachPolicyARNs.map(String) : [];
      if (iam.instanceRoleARN !== undefined) return;
      if (arns.length === 0) {
        out.iam = { ...out.iam, withSSM: true };
        return;
      }
      out.iam = { ...out.iam, attachPolicyARNs: arns };
      c.problems.push(warning('import.policies', c.at('iam', 'attachPolicyARNs'), 'replace eksctl\'s default node policies, but eksng always attaches AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly besides them (nodes cannot join without the first, nor run pods without the second); SSM is left off, as eksctl leaves it'));
    },
    example: { eksctl: {}, eksng: { iam: { withSSM: true } } },
  },
  {
    eksctl: 'iam.withAddonPolicies',
    eksng: 'iam.withAddonPolicies',
    source: `${IAM_GO} (autoScaler, ebs, efs, fsx, cloudWatch, awsLoadBalancerController or albIngress, externalDNS, certManager)`,
    apply: (out, c) => {
      const given = isObject(c.ng.iam) && isObject(c.ng.iam.withAddonPolicies) ? c.ng.iam.withAddonPolicies : null;
      if (!given) return;
      const addons: Partial<Record<AddonPolicy, boolean>> = {};
      for (const [name, on] of Object.entries(given)) {
        if (on !== true) continue;
        const mapped = ADDONS[name];
        if (mapped) addons[mapped] = true;
        else c.problems.push(warning('import.unsupported', c.at('iam', 'withAddonPolicies', name), `has no eksng equivalent (${ADDON_POLICIES.join(', ')}); give the node role that policy with iam.attachPolicyARNs, or the add-on a Pod Identity role`));
      }
      if (Object.keys(addons).length > 0) out.iam = { ...out.iam, withAddonPolicies: addons };
    },
    example: { eksctl: { iam: { withAddonPolicies: { autoScaler: true, albIngress: true } } }, eksng: { iam: { withSSM: true, withAddonPolicies: { autoScaler: true, awsLoadBalancerController: true } } } },
  },
  {
    eksctl: 'iam.instanceRoleARN, iam.instanceProfileARN, iam.instanceRolePermissionsBoundary',
    eksng: 'iam.instanceRoleARN, iam.instanceProfileARN, iam.permissionsBoundary',
    source: `${TYPES} NodeGroupIAM`,
    apply: (out, c) => {
      const iam = isObject(c.ng.iam) ? c.ng.iam : {};
      if (str(iam.instanceRoleARN)) out.iam = { instanceRoleARN: str(iam.instanceRoleARN), ...(str(iam.instanceProfileARN) ? { instanceProfileARN: str(iam.instanceProfileARN) } : {}) };
      else if (str(iam.instanceRolePermissionsBoundary)) out.iam = { ...out.iam, permissionsBoundary: str(iam.instanceRolePermissionsBoundary) };
    },
    example: { eksctl: { iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/nodes' } }, eksng: { iam: { instanceRoleARN: 'arn:aws:iam::111122223333:role/nodes' } } },
  },
  {
    eksctl: 'instancesDistribution',
    eksng: 'instancesDistribution',
    source: `${TYPES} NodeGroupInstancesDistribution`,
    apply: (out, c) => {
      const d = isObject(c.ng.instancesDistribution) ? c.ng.instancesDistribution : null;
      if (!d) return;
      out.instancesDistribution = {
        instanceTypes: Array.isArray(d.instanceTypes) ? d.instanceTypes.map(String) : [EKSCTL_DEFAULTS.instanceType],
        ...(num(d.onDemandBaseCapacity) !== undefined ? { onDemandBaseCapacity: num(d.onDemandBaseCapacity) } : {}),
        ...(num(d.onDemandPercentageAboveBaseCapacity) !== undefined ? { onDemandPercentageAboveBaseCapacity: num(d.onDemandPercentageAboveBaseCapacity) } : {}),
        ...(str(d.spotAllocationStrategy) ? { spotAllocationStrategy: str(d.spotAllocationStrategy) as never } : {}),
        ...(num(d.maxPrice) !== undefined ? { maxPrice: num(d.maxPrice) } : {}),
        ...(bool(d.capacityRebalance) !== undefined ? { capacityRebalance: bool(d.capacityRebalance) } : {}),
      };
      if (d.spotInstancePools !== undefined) c.problems.push(warning('import.unsupported', c.at('instancesDistribution', 'spotInstancePools'), 'is only for the lowest-price strategy, which eksng does not default to; left out'));
    },
    example: { eksctl: { instancesDistribution: { instanceTypes: ['m5.large', 'm5a.large'], onDemandPercentageAboveBaseCapacity: 0 } }, eksng: { instancesDistribution: { instanceTypes: ['m5.large', 'm5a.large'], onDemandPercentageAboveBaseCapacity: 0 } } },
  },
  {
    eksctl: 'maxPodsPerNode, kubeletExtraConfig, preBootstrapCommands, disableIMDSv1 (default true)',
    eksng: 'maxPodsPerNode, kubeletExtraConfig, preBootstrapCommands, disableIMDSv1',
    source: `${TYPES} NodeGroupBase; ${DEFAULTS_GO} setNodeGroupBaseDefaults (DisableIMDSv1 enabled)`,
    apply: (out, c) => {
      if (num(c.ng.maxPodsPerNode) !== undefined) out.maxPodsPerNode = num(c.ng.maxPodsPerNode);
      if (isObject(c.ng.kubeletExtraConfig)) out.kubeletExtraConfig = c.ng.kubeletExtraConfig;
      // eksctl writes each entry into one script as it is; a multi-line entry becomes its lines (eksng takes one line each).
      if (Array.isArray(c.ng.preBootstrapCommands) && c.ng.preBootstrapCommands.length > 0) out.preBootstrapCommands = c.ng.preBootstrapCommands.flatMap((cmd) => String(cmd).replace(/\n+$/, '').split('\n'));
      if (c.ng.disableIMDSv1 === false) out.disableIMDSv1 = false;
    },
    example: { eksctl: { maxPodsPerNode: 58, preBootstrapCommands: ['echo hi', 'for x in a b\ndo echo $x\ndone\n'] }, eksng: { maxPodsPerNode: 58, preBootstrapCommands: ['echo hi', 'for x in a b', 'do echo $x', 'done'] } },
  },
  {
    eksctl: 'bottlerocket.settings, bottlerocket.enableAdminContainer',
    eksng: 'bottlerocket.settings',
    source: `${TYPES} NodeGroupBottlerocket`,
    apply: (out, c) => {
      const b = isObject(c.ng.bottlerocket) ? c.ng.bottlerocket : null;
      if (!b) return;
      const settings: Json = {};
      for (const [section, value] of Object.entries(isObject(b.settings) ? b.settings : {})) {
        // eksng checks these two sections against Bottlerocket's model, and refuses others.
        if (MODELED_SECTIONS.includes(section)) settings[section] = value;
        else c.problems.push(warning('import.unsupported', c.at('bottlerocket', 'settings', section), `is not imported: eksng takes settings.kubernetes and settings.host-containers only, which it can check against Bottlerocket's settings model (Bottlerocket refuses the whole user data for one bad key)`));
      }
      if (b.enableAdminContainer === true) settings['host-containers'] = { ...(isObject(settings['host-containers']) ? settings['host-containers'] : {}), admin: { enabled: true } };
      if (Object.keys(settings).length > 0) out.bottlerocket = { settings };
    },
    example: { eksctl: { bottlerocket: { enableAdminContainer: true } }, eksng: { bottlerocket: { settings: { 'host-containers': { admin: { enabled: true } } } } } },
  },
  {
    eksctl: 'efaEnabled, placement.groupName',
    eksng: 'efa.enabled, efa.placementGroup',
    source: `${TYPES} NodeGroupBase.EFAEnabled, Placement; pkg/cfn/builder/network_interfaces.go`,
    apply: (out, c) => {
      if (c.ng.efaEnabled !== true) return;
      const group = isObject(c.ng.placement) ? str(c.ng.placement.groupName) : undefined;
      out.efa = { enabled: true, ...(group ? { placementGroup: group } : {}) };
    },
    example: { eksctl: { efaEnabled: true }, eksng: { efa: { enabled: true } } },
  },
  {
    eksctl: 'overrideBootstrapCommand',
    eksng: '—',
    source: `${TYPES} NodeGroup.OverrideBootstrapCommand`,
    apply: (_out, c) => {
      if (c.ng.overrideBootstrapCommand !== undefined) {
        c.problems.push(warning('import.unsupported', c.at('overrideBootstrapCommand'), 'is refused: eksng writes the join itself, checked against the node agent\'s own definitions, and a replaced bootstrap could not be checked; put extra steps in preBootstrapCommands (it was left out here, so review the group before deploying)'));
      }
    },
    example: { eksctl: { overrideBootstrapCommand: '#!/bin/bash\n/etc/eks/bootstrap.sh demo' }, eksng: {} },
  },
];

/** Node-group fields the table does not map, with what to do instead. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  instanceSelector: 'not supported; pick instance types, or use instanceRequirements',
  instanceName: 'not supported: nodes are named {cluster}-{group}-Node',
  targetGroupARNs: 'not supported: attach the group to target groups outside eksng',
  classicLoadBalancerNames: 'not supported',
  asgMetricsCollection: 'not supported: enable group metrics outside eksng',
  asgSuspendProcesses: 'not supported',
  securityGroups: 'not supported: nodes get the node security group and the cluster security group',
  containerRuntime: 'not needed: every supported AMI runs containerd',
  localZones: 'not supported: list the Local Zone subnets in subnetIds',
  outpostARN: 'not supported: eksng does not generate Outposts node groups',
  clusterDNS: 'not supported: the cluster DNS IP comes from cluster.serviceCidr',
  updateConfig: 'not supported for self-managed groups: see updatePolicy',
  additionalVolumes: 'not supported',
  volumeName: 'not supported',
  enableDetailedMonitoring: 'not supported (the compliance profile turns it on)',
  cpuCredits: 'not supported',
  capacityReservation: 'not imported: set capacityReservation in the eksng config',
  spotAllocationStrategy: 'not supported here: see instancesDistribution',
};

/** Fields the rows read (so they are not reported as unsupported). */
const MAPPED = new Set([
  'name', 'instanceType', 'desiredCapacity', 'minSize', 'maxSize', 'amiFamily', 'ami', 'volumeSize', 'volumeType', 'volumeEncrypted', 'volumeKmsKeyID', 'volumeIOPS',
  'volumeThroughput', 'labels', 'taints', 'tags', 'privateNetworking', 'subnets', 'availabilityZones', 'ssh', 'iam', 'instancesDistribution', 'maxPodsPerNode',
  'kubeletExtraConfig', 'preBootstrapCommands', 'disableIMDSv1', 'bottlerocket', 'efaEnabled', 'placement', 'overrideBootstrapCommand',
]);

/** Cluster-level fields eksng does not take from an eksctl file. */
const CLUSTER_NOT_IMPORTED: Readonly<Record<string, string>> = {
  managedNodeGroups: 'managed node groups are not imported: eksng writes self-managed ones',
  fargateProfiles: 'Fargate profiles are not imported',
  addons: 'add-ons are not imported: install them with eksctl, the console or aws eks create-addon',
  iamIdentityMappings: 'identity mappings are not imported: see eksng auth for the node roles',
  accessEntries: 'access entries (other than the nodes\') are not imported',
  cloudWatch: 'cluster logging is not imported',
  gitops: 'gitops is not imported',
  identityProviders: 'identity providers are not imported',
  secretsEncryption: 'secrets encryption is not imported (the compliance profile adds a key in the cluster stack)',
  karpenter: 'Karpenter is not imported',
  privateCluster: 'private cluster settings are not imported: see cluster.endpointPublicAccess',
  outpost: 'Outposts are not imported',
  availabilityZones: 'the cluster\'s zones are not imported',
  localZones: 'Local Zones are not imported',
};

export interface EksctlImport {
  /** The eksng config; null when nothing could be imported. */
  readonly config: ConfigInput | null;
  readonly problems: Problem[];
  /** Names of the node groups imported. */
  readonly imported: readonly string[];
}

function subnetsOf(doc: Json): SubnetsByZone {
  const vpc = isObject(doc.vpc) ? doc.vpc : {};
  const subnets = isObject(vpc.subnets) ? vpc.subnets : {};
  const kind = (k: 'private' | 'public') =>
    new Map(Object.entries(isObject(subnets[k]) ? (subnets[k] as Json) : {}).flatMap(([zone, s]) => (isObject(s) && str(s.id) ? [[zone, String(s.id)] as [string, string]] : [])));
  return { private: kind('private'), public: kind('public') };
}

/**
 * The documents of an eksctl file (already parsed from YAML) → an eksng config. `only`: node-group
 * names to import (empty: all); `schemaPath`: the config's `$schema`. Pointers are into the
 * `ClusterConfig` document.
 */
export function importEksctl(docs: readonly unknown[], only: readonly string[] = [], schemaPath = 'nodegroup.schema.json'): EksctlImport {
  const problems: Problem[] = [];
  const docIndex = docs.findIndex((d) => isObject(d) && d.kind === 'ClusterConfig');
  if (docIndex < 0) return { config: null, problems: [error('import.not-eksctl', '', 'has no eksctl ClusterConfig document (kind: ClusterConfig, apiVersion: eksctl.io/v1alpha5)')], imported: [] };
  const doc = docs[docIndex] as Json;
  if (doc.apiVersion !== 'eksctl.io/v1alpha5') problems.push(warning('import.api-version', pointer('apiVersion'), `is "${String(doc.apiVersion)}"; eksng reads eksctl.io/v1alpha5`));
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  for (const [key, why] of Object.entries(CLUSTER_NOT_IMPORTED)) if (doc[key] !== undefined) problems.push(note('import.not-imported', pointer(key), why));
  const subnets = subnetsOf(doc);
  const groups = Array.isArray(doc.nodeGroups) ? doc.nodeGroups : [];
  const nodeGroups: NodeGroupInput[] = [];
  groups.forEach((raw, i) => {
    if (!isObject(raw)) {
      problems.push(warning('import.unsupported', pointer('nodeGroups', i), 'is not a node group (a mapping of its fields); left out'));
      return;
    }
    if (only.length > 0 && !only.includes(String(raw.name))) return;
    const at = (...rest: Array<string | number>) => pointer('nodeGroups', i, ...rest);
    const mine: Problem[] = [];
    const out: Partial<NodeGroupInput> = {};
    const c: RowContext = { ng: raw, doc, at, problems: mine, subnets };
    for (const row of EKSCTL_FIELDS) row.apply(out, c);
    for (const key of Object.keys(raw)) {
      if (MAPPED.has(key)) continue;
      mine.push(warning('import.unsupported', at(key), UNSUPPORTED[key] ?? 'has no eksng equivalent; left out'));
    }
    if (raw.instanceSelector !== undefined && raw.instanceType === undefined && raw.instancesDistribution === undefined) {
      out.instanceType = EKSCTL_DEFAULTS.instanceType;
      mine.push(note('import.instance-type', at('instanceType'), `is eksctl's default ${EKSCTL_DEFAULTS.instanceType} in its place: instanceSelector chose types live`));
    }
    problems.push(...mine);
    if (mine.some((p) => p.severity === 'error')) return;
    nodeGroups.push(out as NodeGroupInput);
  });
  for (const name of only) if (!groups.some((g) => isObject(g) && g.name === name)) problems.push(error('import.no-such-nodegroup', pointer('nodeGroups'), `has no node group named "${name}"`));
  const vpc = isObject(doc.vpc) ? doc.vpc : {};
  const ids = [...subnets.private.values(), ...subnets.public.values()];
  const access = isObject(doc.accessConfig) ? str(doc.accessConfig.authenticationMode) : undefined;
  if (nodeGroups.length === 0) {
    problems.push(error('import.nothing', pointer('nodeGroups'), groups.length === 0 ? 'has no self-managed node groups to import (managedNodeGroups are not imported)' : 'gave no node group eksng can generate'));
    return { config: null, problems, imported: [] };
  }
  const config: ConfigInput = {
    $schema: schemaPath,
    cluster: {
      name: String(meta.name ?? ''),
      region: str(meta.region) ?? EKSCTL_DEFAULTS.region,
      kubernetesVersion: str(meta.version) ?? EKSCTL_DEFAULTS.version,
      authenticationMode: (access ?? EKSCTL_DEFAULTS.authenticationMode) as ConfigInput['cluster']['authenticationMode'],
      ...(str(vpc.id) ? { vpcId: str(vpc.id) } : {}),
      ...(ids.length > 0 ? { subnetIds: [...new Set(ids)] } : {}),
      ...(str(vpc.securityGroup) ? { controlPlaneSecurityGroupId: str(vpc.securityGroup) } : {}),
    },
    nodeGroups,
  };
  if (meta.region === undefined) problems.push(note('import.default', pointer('metadata', 'region'), `is not given: eksctl's default ${EKSCTL_DEFAULTS.region} is used`));
  if (meta.version === undefined) problems.push(note('import.default', pointer('metadata', 'version'), `is not given: eksctl's default ${EKSCTL_DEFAULTS.version} is used`));
  return { config, problems, imported: nodeGroups.map((ng) => ng.name) };
}
