/**
 * What differs by AMI family, in one interface: each family's module (amazon-linux-2023.ts,
 * amazon-linux-2.ts, bottlerocket.ts) implements all of it, and `FAMILIES` in index.ts is a
 * `Record<AmiFamily, AmiFamilyModule>`, so a family missing from it — or missing a member — does
 * not compile. Nothing outside src/families compares family names.
 */
import type { Accelerator, Architecture, Cluster, Config, NodeGroup } from '../config/types';
import type { Problem } from '../problems';
import type { CapacitySupport } from '../capacity/types';

/** A block device mapping of the launch template, with the EBS settings filled in by the caller. */
export interface BlockDevice {
  readonly deviceName: string;
  /** `config`: the group's volume settings and `NodeVolumeSize`; `os`: a small fixed OS volume (gp3, encrypted like the rest). */
  readonly kind: 'config' | 'os';
  readonly sizeGiB?: number;
}

/** What the node needs to know of the cluster, and whether it can find it out itself. */
export interface ClusterInfoNeeds {
  /**
   * `true`: the node cannot discover the API server endpoint, CA and service CIDR (they are
   * required in the config); `false`: it can (DescribeCluster), and uses endpoint and CA when the
   * config gives both.
   */
  readonly required: boolean;
  /**
   * How the service network reaches the node: the CIDR itself (nodeadm, required), the cluster DNS
   * IP derived from it, or both (Windows); the latter two only when the config gives the CIDR.
   */
  readonly serviceAddress: 'cidr' | 'dnsClusterIp' | 'cidrAndDnsClusterIp';
}

/** A JSON pointer into the user's file below `/nodeGroups/<i>`. */
export type At = (...path: Array<string | number>) => string;

/** A parameter default of the built template as explain shows it; null when the template has no such parameter. */
export type ParamLookup = (name: string) => string | null;

/** How the node's role is let into the cluster: the access entry's type and the aws-auth groups. */
export interface NodeIdentity {
  readonly accessEntryType: 'EC2_LINUX' | 'EC2_WINDOWS';
  readonly awsAuthGroups: readonly string[];
}

/** The form of a release name, e.g. `v20251120` for the Amazon Linux AMIs. */
export interface AmiReleaseForm {
  readonly pattern: RegExp;
  readonly example: string;
  /** Where to find the releases. */
  readonly releases: string;
}

/** What a cluster needs once before nodes of a family can run pods (Windows: the VPC CNI's Windows IPAM). */
export interface ClusterSetup {
  /** AWS managed policies the cluster role needs; the cluster stack `eksng cluster` makes gets them. */
  readonly clusterRolePolicies: readonly string[];
  /** One sentence: what and why. */
  readonly description: string;
  /** The commands that do it on an existing cluster, in order. */
  commands(clusterName: string, region: string): string[];
}

export interface AmiFamilyModule {
  /** As in the config's `amiFamily`. */
  readonly name: string;
  readonly os: 'linux' | 'windows';
  /**
   * The public SSM parameter of the EKS-optimized AMI: the recommended one (`ami: "auto"`, release
   * null), or the parameter of one release (`amiRelease`), which never moves by itself.
   */
  amiParameter(kubernetesVersion: string, architecture: Architecture, accelerator: Accelerator, release: string | null): string;
  /** How this family names a release for `amiRelease`; null: its AMIs have no per-release parameter (pin with `ami: "ami-…"`). */
  readonly amiRelease: AmiReleaseForm | null;
  readonly clusterInfo: ClusterInfoNeeds;
  /** Whether `volumeSize` and friends size the root volume or a separate data volume. */
  readonly volumeRole: 'root volume' | 'data volume';
  /** `volumeSize` when the config leaves it out. */
  readonly defaultVolumeGiB: number;
  readonly node: NodeIdentity;
  blockDevices(ng: NodeGroup): readonly BlockDevice[];
  /** The user data, as an `Fn::Sub` string (cluster values as `${Parameter}`). */
  renderUserData(cluster: Cluster, ng: NodeGroup): string;
  /** The family's own rules on one node group (fields it refuses or needs), pointers into the user's file. */
  check(config: Config, ng: NodeGroup, at: At): Problem[];
  /** Markdown lines for explain: how the node boots and joins. */
  explainBoot(ng: NodeGroup, param: ParamLookup): string[];
  /**
   * What the cluster must run before pods can use this family's accelerators (a device plugin), as
   * one sentence with the command; null when nothing is needed (no accelerator, or the AMI has it).
   */
  acceleratorSetup(accelerator: Accelerator): string | null;
  /** What the cluster needs once for this family's nodes; null: nothing beyond what every cluster has. */
  readonly clusterSetup: ClusterSetup | null;
  /** What its node agent does with local disks, warm pools, maxPodsExpression and EFA (src/capacity). */
  readonly capacity: CapacitySupport;
}
