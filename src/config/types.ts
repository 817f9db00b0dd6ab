/**
 * The config a user writes (`nodegroup.json`). Field names are a contract: renaming one breaks
 * every user's file. The JSON Schema in `schema.ts` is checked against these types by the
 * compiler (see `PropertiesOf`), and `schema/nodegroup.schema.json` is pinned to it by a test.
 */
import type { GitSync, GitSyncInput } from '../git-sync/types';

import type {
  CapacityBlock, CapacityBlockInput, CapacityReservation, CapacityReservationInput, Efa, EfaInput, InstanceRequirements, InstanceRequirementsInput, LocalStorageInput, LocalStorageStrategy, WarmPool, WarmPoolInput,
} from '../capacity/types';

/** AMI families the generator can bootstrap. */
export const AMI_FAMILIES = [
  'AmazonLinux2023',
  'AmazonLinux2',
  'Bottlerocket',
  'WindowsServer2019Core',
  'WindowsServer2019Full',
  'WindowsServer2022Core',
  'WindowsServer2022Full',
  'WindowsServer2025Core',
  'WindowsServer2025Full',
] as const;

/** The ASG's spot allocation strategies (https://docs.aws.amazon.com/autoscaling/ec2/userguide/allocation-strategies.html). */
export const SPOT_ALLOCATION_STRATEGIES = ['price-capacity-optimized', 'capacity-optimized', 'capacity-optimized-prioritized', 'lowest-price'] as const;
export type SpotAllocationStrategy = (typeof SPOT_ALLOCATION_STRATEGIES)[number];

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** Root volume types an instance can boot from. */
export const VOLUME_TYPES = ['gp3', 'gp2', 'io1', 'io2'] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];
export type AmiFamily = (typeof AMI_FAMILIES)[number];

/** How the cluster authenticates IAM principals (https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html). */
export const AUTHENTICATION_MODES = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

/**
 * NAT gateways for private subnets: none, one shared by all private subnets (cheaper; the private
 * subnets lose the internet if its AZ fails), or one per AZ (each private subnet uses the NAT
 * gateway of its own AZ). https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
 */
export const NAT_GATEWAY_MODES = ['none', 'single', 'perAz'] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

/** Public subnets `eksng cluster` can make: EKS wants subnets in at least two AZs. */
export const PUBLIC_SUBNET_COUNTS = [2, 3] as const;
/** Private subnets `eksng cluster` can make: none, or as many AZs as EKS wants at least. */
export const PRIVATE_SUBNET_COUNTS = [0, 2, 3] as const;

export interface SshInput {
  /** Name of an existing EC2 key pair, put on every node. */
  keyName: string;
  /** IPv4 CIDR allowed to reach tcp 22 on the nodes, e.g. your office `203.0.113.0/24`. */
  sourceCidr: string;
  /**
   * Must be `true` to accept `sourceCidr` `0.0.0.0/0` (SSH open to the whole internet).
   * @default false
   */
  allowOpenToWorld?: boolean;
}

/** eksctl's `instancesDistribution`: several instance types, on-demand and spot in one group (the ASG's MixedInstancesPolicy). */
export interface InstancesDistributionInput {
  /**
   * One or more instance types of one CPU architecture; the first is the launch template's.
   * Required unless the group chooses its types by `instanceRequirements`.
   */
  instanceTypes?: string[];
  /** On-demand instances before any spot. @default 0 */
  onDemandBaseCapacity?: number;
  /** Percentage of on-demand above the base (0 = all spot). @default 100 (as the ASG's own default) */
  onDemandPercentageAboveBaseCapacity?: number;
  /** @default "price-capacity-optimized" */
  spotAllocationStrategy?: SpotAllocationStrategy;
  /** Highest price per hour for spot, in USD; none = the on-demand price. */
  maxPrice?: number;
  /** Launch a replacement when a spot instance gets a rebalance recommendation. @default false */
  capacityRebalance?: boolean;
}

/** How a stack update replaces the nodes (the group's `AutoScalingRollingUpdate` policy). */
export interface UpdatePolicyInput {
  /** Nodes replaced at once. @default 1 */
  maxBatchSize?: number;
  /**
   * Nodes kept in service while others are replaced; less than maxSize (CloudFormation needs room to
   * start a new node). @default minSize, or minSize - 1 for a fixed-size group (minSize = maxSize)
   */
  minInstancesInService?: number;
  /**
   * Wait after each batch before the next, an ISO 8601 duration up to PT1H; with `waitForNodes`,
   * how long each batch's new nodes may take to report healthy. @default "PT2M" ("PT15M" with waitForNodes)
   */
  pauseTime?: string;
  /**
   * Make a rolling update (and the stack's creation) wait until each new node's kubelet reports
   * healthy: the node signals CloudFormation (cfn-signal, which the Amazon Linux and Windows EKS
   * AMIs ship), and a node that never gets there fails the update, which CloudFormation rolls back.
   * Not for Bottlerocket (no shell to run it). @default false
   */
  waitForNodes?: boolean;
  /**
   * Suspend the group's HealthCheck, ReplaceUnhealthy, AZRebalance, AlarmNotification and
   * ScheduledActions processes during an update, as AWS recommends for rolling updates. @default false
   */
  suspendProcesses?: boolean;
}

/**
 * aws-node-termination-handler's prerequisites (queue-processor mode): a lifecycle hook that holds a
 * terminating instance until its pods are drained, the tag the handler recognises the group's
 * instances by, and (once per cluster) the queue, its EventBridge rules and the handler's policy.
 */
export interface TerminationHandlingInput {
  /** @default true for groups with spot capacity (spot interruptions give two minutes' notice), false otherwise */
  enabled?: boolean;
  /**
   * Seconds a terminating instance waits for the handler to finish draining before the group
   * terminates it anyway (the hook's default result is CONTINUE). 30-7200. @default 300
   */
  heartbeatTimeout?: number;
}

export interface TaintInput {
  key: string;
  /** @default "" */
  value?: string;
  effect: TaintEffect;
}

/**
 * Add-on permissions the node role can carry, named as eksctl's `iam.withAddonPolicies` names them.
 * The policies are data with their sources: src/template/addon-policies.json.
 */
export const ADDON_POLICIES = ['autoScaler', 'ebs', 'efs', 'fsx', 'cloudWatch', 'awsLoadBalancerController', 'externalDNS', 'certManager'] as const;
export type AddonPolicy = (typeof ADDON_POLICIES)[number];

/**
 * eksctl's `iam.withAddonPolicies`: each `true` gives the node role what that add-on needs (an AWS
 * managed policy where one exists, else the add-on project's own minimal inline policy). Every pod
 * on the node can use these permissions: an EKS Pod Identity or IRSA role per add-on is the better
 * home, and eksng warns when any is set.
 */
export type AddonPoliciesInput = { [K in AddonPolicy]?: boolean };

export interface IamInput {
  /** More managed policies for the node role, added to the three it always has. */
  attachPolicyARNs?: string[];
  /** Add AmazonSSMManagedInstanceCore, so nodes can be reached with SSM Session Manager instead of SSH. @default false */
  withSSM?: boolean;
  /** Bring your own node role: none is created, an instance profile is made for it, aws-auth maps it. */
  instanceRoleARN?: string;
  /** Bring your own instance profile too (needs instanceRoleARN, for aws-auth): no IAM resource is created. */
  instanceProfileARN?: string;
  /** A managed policy ARN set as the node role's permissions boundary. */
  permissionsBoundary?: string;
  /** Add-on permissions on the node role (eksctl's withAddonPolicies); all false by default. */
  withAddonPolicies?: AddonPoliciesInput;
}

/** eksctl's `bottlerocket`: what only Bottlerocket nodes take. */
export interface BottlerocketInput {
  /**
   * More Bottlerocket settings, as the tables below `settings` in its TOML user data, e.g.
   * `{"kubernetes": {"image-gc-high-threshold-percent": 80}, "host-containers": {"admin": {"enabled": true}}}`.
   * Checked against Bottlerocket's settings model (`settings.kubernetes` and `settings.host-containers`;
   * other sections are refused, since eksng cannot check them and Bottlerocket refuses unknown keys).
   * https://bottlerocket.dev/en/os/latest/#/api/settings/
   */
  settings?: Record<string, unknown>;
}

export interface NodeGroupInput {
  /** Node-group name; EKS name rules: 1-63 characters, letters, digits, `-` and `_`, starting with a letter or digit. */
  name: string;
  /** @default "t3.medium" */
  instanceType?: string;
  /** @default 1 */
  minSize?: number;
  /** @default 2 */
  desiredCapacity?: number;
  /** @default desiredCapacity + 1 (room for a rolling update to add a node before it removes one); equal to minSize: a fixed-size group */
  maxSize?: number;
  /** How a stack update replaces the nodes. */
  updatePolicy?: UpdatePolicyInput;
  /**
   * The subnets of this group's nodes, instead of `cluster.subnetIds`: a group in one AZ for
   * EBS-bound workloads, a GPU group where the capacity is. In the cluster's VPC.
   */
  subnetIds?: string[];
  /**
   * The availability zones of this group's nodes (e.g. `["us-east-1a"]`): the cluster stack's
   * subnets in those zones, chosen with `generate --cluster-outputs` (the stack reports each subnet's
   * zone). Without the cluster stack's outputs, list the group's `subnetIds` instead.
   */
  availabilityZones?: string[];
  /** @default "AmazonLinux2023" */
  amiFamily?: AmiFamily;
  /**
   * `"auto"`: the EKS-optimized AMI's public SSM parameter for the Kubernetes version and family;
   * `"ami-…"`: that image; `"ssm:/path"`: the image id stored in that SSM parameter.
   * @default "auto"
   */
  ami?: string;
  /**
   * Pin one EKS AMI release instead of the recommended AMI of the moment (`ami: "auto"`, which any
   * stack update may move, replacing every node): `"v20251120"` for the Amazon Linux families,
   * `"1.50.0"` for Bottlerocket. The template then uses that release's own SSM parameter, which
   * never changes. Not for Windows (pin with `ami: "ami-…"`), and not with another `ami`.
   */
  amiRelease?: string;
  /** Run every instance on spot capacity. @default false */
  spot?: boolean;
  /**
   * `true`: every node gets a public IPv4 address (needed in public subnets without a NAT gateway);
   * `false`: none, whatever the subnet says. Left out: the subnet decides (its MapPublicIpOnLaunch),
   * as eksctl does; with `--cluster-outputs`, `true` also places the group in the stack's public subnets.
   */
  associatePublicIpAddress?: boolean;
  /** SSH access; none unless set. */
  ssh?: SshInput;
  /** Root volume size in GiB (for Bottlerocket: the data volume). @default 20 */
  volumeSize?: number;
  /** @default "gp3" */
  volumeType?: VolumeType;
  /** @default true */
  volumeEncrypted?: boolean;
  /** KMS key (id, ARN or alias ARN) for the volume; default: the account's EBS key. */
  volumeKmsKeyID?: string;
  /** Provisioned IOPS (gp3: 3000-16000, io1/io2: 100-64000; required for io1/io2). */
  volumeIOPS?: number;
  /** Throughput in MiB/s (gp3 only: 125-1000). */
  volumeThroughput?: number;
  /** eksctl's instancesDistribution: several instance types, on-demand and spot mixed. Replaces instanceType and spot. */
  instancesDistribution?: InstancesDistributionInput;
  /** Kubernetes labels of the nodes. */
  labels?: Record<string, string>;
  /** Kubernetes taints of the nodes. */
  taints?: TaintInput[];
  /** The kubelet's maxPods. */
  maxPodsPerNode?: number;
  /**
   * AmazonLinux2023 only: nodeadm's `maxPodsExpression`, a CEL expression over `max_pods`,
   * `default_enis` and `ips_per_eni` that nodeadm evaluates for each instance's type, e.g.
   * `"max_pods < 110 ? max_pods : 110"`: for groups of several sizes, where one fixed maxPods would
   * be wrong for some (AMI release v20251007 or newer). Not with maxPodsPerNode.
   */
  maxPodsExpression?: string;
  /**
   * Choose instance types by attributes (vCPUs, memory, manufacturers, …) instead of naming them:
   * the group's `MixedInstancesPolicy` overrides. Not with instanceType or instancesDistribution.instanceTypes.
   */
  instanceRequirements?: InstanceRequirementsInput;
  /** On-Demand Capacity Reservations to launch into. */
  capacityReservation?: CapacityReservationInput;
  /** Run the group on a Capacity Block for ML (one AZ, fixed dates). */
  capacityBlock?: CapacityBlockInput;
  /** Elastic Fabric Adapter interfaces on every network card, in a cluster placement group (one AZ). */
  efa?: EfaInput;
  /** A warm pool of pre-initialized instances (AmazonLinux2023; not with spot or several instance types). */
  warmPool?: WarmPoolInput;
  /** Assemble the instance-store NVMe disks for containerd and the kubelet (types with instance store only). */
  localStorage?: LocalStorageInput;
  /**
   * KubeletConfiguration (v1beta1) fields for the nodes' kubelet, e.g. `{"registryPullQPS": 10}`:
   * checked against the kubelet's own field list and types, and delivered the way each AMI family
   * takes them (Bottlerocket: as the settings.kubernetes setting of that field, where it has one).
   */
  kubeletExtraConfig?: Record<string, unknown>;
  /** Bottlerocket only: more of its settings. */
  bottlerocket?: BottlerocketInput;
  /**
   * Shell lines run as root before the node joins (not for Bottlerocket), as a script of their own
   * that stops at the first failing line; the node joins whether or not it succeeded.
   */
  preBootstrapCommands?: string[];
  /** Require IMDSv2 (session tokens). @default true */
  disableIMDSv1?: boolean;
  /** IMDS hop limit; 1 breaks pods that call IMDS through the node (e.g. the AWS Load Balancer Controller). @default 2 */
  instanceMetadataHopLimit?: number;
  iam?: IamInput;
  /** Tag the group for the Kubernetes cluster-autoscaler (auto-discovery, scale from zero) and keep its desired capacity across stack updates. @default false */
  clusterAutoscaler?: boolean;
  /** Draining before termination, with aws-node-termination-handler in queue-processor mode. */
  terminationHandling?: TerminationHandlingInput;
  /** Tags for every resource the group creates. */
  tags?: Record<string, string>;
  /**
   * eksctl's "private networking": no public IP (associatePublicIpAddress false) and, with
   * `--cluster-outputs`, the cluster stack's private subnets (an error when it has none). @default false
   */
  privateNetworking?: boolean;
}

export interface ClusterInput {
  /** The EKS cluster name: 1-100 characters, letters, digits, `-` and `_`, starting with a letter or digit. */
  name: string;
  /** @default "us-east-1" */
  region?: string;
  /** Kubernetes minor version as a string, e.g. `"1.33"`. */
  kubernetesVersion: string;
  /** The cluster's control-plane security group (`sg-…`). Left out: a template parameter without default. */
  controlPlaneSecurityGroupId?: string;
  /**
   * The EKS cluster security group (`sg-…`) that EKS makes for every cluster
   * (`aws eks describe-cluster --query cluster.resourcesVpcConfig.clusterSecurityGroupId`). Every
   * node joins it, as managed nodes and Fargate pods do: all traffic among the nodes of every group
   * (CoreDNS included) and with the control plane. Left out: each group's nodes reach only each
   * other and the control plane (warned about).
   * https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
   */
  clusterSecurityGroupId?: string;
  /** The cluster's VPC (`vpc-…`). Left out: a template parameter without default. */
  vpcId?: string;
  /** Subnets the nodes run in; at least one, two or more in different AZs recommended. */
  subnetIds?: string[];
  /** API server endpoint (`https://…`); required for AmazonLinux2023. */
  endpoint?: string;
  /** Base64 cluster CA certificate; required for AmazonLinux2023. */
  certificateAuthorityData?: string;
  /** Kubernetes service IPv4 CIDR, e.g. `10.100.0.0/16`; required for AmazonLinux2023. */
  serviceCidr?: string;
  /** 12-digit AWS account id. When set, node roles get deterministic names and aws-auth is written by `generate`. */
  accountId?: string;
  /**
   * The cluster's authentication mode. The API modes get an `AWS::EKS::AccessEntry` (type EC2_LINUX)
   * per node group; `API` gets no aws-auth ConfigMap (the cluster ignores it).
   * @default "CONFIG_MAP"
   */
  authenticationMode?: AuthenticationMode;
  /**
   * `eksng cluster` also creates the `AWS::EKS::Cluster` (Kubernetes version, subnets, control-plane
   * security group, authentication mode, endpoint access) in the network it makes. Left `false`,
   * it makes only the network, security group and cluster role, for a cluster created elsewhere.
   * @default false
   */
  create?: boolean;
  /**
   * With `create`: whether the API server endpoint is reachable from the internet (kubectl from a
   * laptop). https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
   * @default true
   */
  endpointPublicAccess?: boolean;
  /**
   * With `create`: whether the API server endpoint is reachable from inside the VPC. eksng turns it
   * on where EKS does not: node-to-API traffic then stays in the VPC (no NAT charges) and nodes keep
   * working when public access is later limited with `publicAccessCidrs`.
   * @default true
   */
  endpointPrivateAccess?: boolean;
  /**
   * The ARN of an SQS queue that aws-node-termination-handler already reads (in the cluster's
   * region): node groups with termination handling use it, and eksng writes no queue stack.
   * Left out: eksng writes one (`termination-handler.yaml`) when a group needs it.
   */
  terminationQueueArn?: string;
  /**
   * With `create` and `endpointPublicAccess`: the IPv4 CIDRs allowed to reach the public endpoint.
   * Left out: EKS allows `0.0.0.0/0`.
   */
  publicAccessCidrs?: string[];
}

/**
 * The VPC `eksng cluster` makes, as in the EKS getting-started walkthrough: public subnets in
 * distinct AZs, optional private subnets behind NAT gateways. Subnet CIDRs are derived from `vpcCidr`
 * (see src/config/network.ts). Ignored by `eksng generate`, which takes the network from `cluster.vpcId` and
 * `cluster.subnetIds` (or from the cluster stack's outputs).
 */
export interface NetworkInput {
  /** The VPC's IPv4 CIDR, a network with a prefix from /16 to /24. @default "192.168.0.0/16" */
  vpcCidr?: string;
  /** Public subnets, one per AZ: 2 or 3. They assign public IPs and route to an internet gateway. @default 2 */
  publicSubnets?: 2 | 3;
  /** Private subnets, one per AZ: 0, 2 or 3 (at most `publicSubnets`). Nodes go there when there are any. @default 0 */
  privateSubnets?: 0 | 2 | 3;
  /** NAT gateways for the private subnets. @default "none" without private subnets, else "single" */
  natGateways?: NatGatewayMode;
}

/** Policy rule sets eksng can check templates against (cfn-guard). */
export const POLICIES = ['control-tower'] as const;
export type Policy = (typeof POLICIES)[number];

export interface ConfigInput {
  /** Editor hint; ignored by eksng. */
  $schema?: string;
  /**
   * Check the generated templates against AWS Control Tower's proactive controls with cfn-guard
   * (as `--policy control-tower` does): what fails is reported as warnings, and generate succeeds.
   */
  policy?: Policy;
  /**
   * Generate templates that pass every Control Tower proactive control that applies to them
   * (detailed monitoring, IMDS hop limit 1, no public IPs, Nitro instance types, several zones
   * and instance types, KMS-encrypted secrets and a private endpoint in the cluster stack), and
   * refuse settings that contradict it. Implies `policy`, whose findings then fail the run.
   */
  compliance?: Policy;
  /**
   * CloudFormation Git sync: write a stack deployment file (`*.deployment.yaml`: template path,
   * parameters, tags) beside each template, so that a repository of committed output can be synced
   * by CloudFormation without a pipeline.
   */
  gitSync?: GitSyncInput;
  cluster: ClusterInput;
  /** The network `eksng cluster` makes; defaults apply when left out. */
  network?: NetworkInput;
  nodeGroups: NodeGroupInput[];
}

/** After defaults: nothing optional. `null` means "not given, no default". */
export interface Ssh {
  readonly keyName: string;
  readonly sourceCidr: string;
  readonly allowOpenToWorld: boolean;
}

export type AmiSource =
  /** auto: an EKS-published parameter, the recommended one (release null) or one release's. */
  | { readonly kind: 'ssm'; readonly parameter: string; readonly auto: boolean; readonly release: string | null }
  | { readonly kind: 'id'; readonly imageId: string };

export type Accelerator = 'none' | 'nvidia' | 'neuron';
export type Architecture = 'x86_64' | 'arm64';

export interface InstancesDistribution {
  readonly onDemandBaseCapacity: number;
  readonly onDemandPercentageAboveBaseCapacity: number;
  readonly spotAllocationStrategy: SpotAllocationStrategy;
  readonly maxPrice: number | null;
  readonly capacityRebalance: boolean;
}

export interface UpdatePolicy {
  readonly maxBatchSize: number;
  /** `minSize`: the group's minimum (the template's parameter), else a number. */
  readonly minInstancesInService: number | 'minSize';
  readonly pauseTime: string;
  readonly suspendProcesses: boolean;
  readonly waitForNodes: boolean;
}

export interface TerminationHandling {
  readonly enabled: boolean;
  readonly heartbeatTimeout: number;
}

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

export interface Iam {
  readonly attachPolicyARNs: readonly string[];
  readonly withSSM: boolean;
  readonly instanceRoleARN: string | null;
  readonly instanceProfileARN: string | null;
  readonly permissionsBoundary: string | null;
  /** The add-ons set to true, in ADDON_POLICIES order. */
  readonly addonPolicies: readonly AddonPolicy[];
}

export interface NodeGroup {
  readonly name: string;
  /** The launch template's instance type (the first of instanceTypes); null: chosen by instanceRequirements. */
  readonly instanceType: string | null;
  /** Every instance type of the group (one unless instancesDistribution lists several; none with instanceRequirements). */
  readonly instanceTypes: readonly string[];
  /** Attribute-based instance selection; null: the types are named. */
  readonly instanceRequirements: InstanceRequirements | null;
  readonly capacityReservation: CapacityReservation | null;
  readonly capacityBlock: CapacityBlock | null;
  readonly efa: Efa | null;
  readonly warmPool: WarmPool | null;
  readonly localStorage: LocalStorageStrategy | null;
  readonly maxPodsExpression: string | null;
  readonly architecture: Architecture;
  readonly accelerator: Accelerator;
  /** The MixedInstancesPolicy's distribution; null: on-demand through the launch template alone. */
  readonly distribution: InstancesDistribution | null;
  readonly minSize: number;
  readonly desiredCapacity: number;
  readonly maxSize: number;
  readonly updatePolicy: UpdatePolicy;
  /** The group's own subnets; null: the cluster's. */
  readonly subnetIds: readonly string[] | null;
  /** The zones of its subnets, where known (the compliance profile writes them into the group); null: not given. */
  readonly availabilityZones: readonly string[] | null;
  readonly amiFamily: AmiFamily;
  readonly ami: AmiSource;
  /** Every instance is spot (no on-demand at all): the nodes get the spot label. */
  readonly spot: boolean;
  /** null: the subnet decides (MapPublicIpOnLaunch). */
  readonly associatePublicIpAddress: boolean | null;
  readonly ssh: Ssh | null;
  readonly volumeSize: number;
  readonly volumeType: VolumeType;
  readonly volumeEncrypted: boolean;
  readonly volumeKmsKeyID: string | null;
  readonly volumeIOPS: number | null;
  readonly volumeThroughput: number | null;
  /** The config's labels, plus the spot label on all-spot groups. */
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly maxPodsPerNode: number | null;
  readonly kubeletExtraConfig: Readonly<Record<string, unknown>> | null;
  /** `bottlerocket.settings`: tables below `settings` (Bottlerocket only). */
  readonly bottlerocketSettings: Readonly<Record<string, unknown>> | null;
  readonly preBootstrapCommands: readonly string[];
  readonly disableIMDSv1: boolean;
  readonly instanceMetadataHopLimit: number;
  readonly iam: Iam;
  readonly clusterAutoscaler: boolean;
  readonly terminationHandling: TerminationHandling;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * What the config is read for. `nodeGroups` (eksng generate, validate, auth): every rule.
 * `cluster` (eksng cluster): the rules that need values only a deployed cluster has (endpoint, CA,
 * service CIDR for AmazonLinux2023 nodes) are left out, because the cluster stack is what makes
 * them; every other rule applies, so the same file is known to be good for both commands.
 */
export type ConfigPurpose = 'nodeGroups' | 'cluster';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface Cluster {
  readonly name: string;
  readonly region: string;
  readonly partition: Partition;
  readonly kubernetesVersion: string;
  readonly controlPlaneSecurityGroupId: string | null;
  readonly clusterSecurityGroupId: string | null;
  readonly vpcId: string | null;
  readonly subnetIds: readonly string[] | null;
  readonly endpoint: string | null;
  readonly certificateAuthorityData: string | null;
  readonly serviceCidr: string | null;
  readonly accountId: string | null;
  readonly authenticationMode: AuthenticationMode;
  readonly create: boolean;
  readonly endpointPublicAccess: boolean;
  readonly endpointPrivateAccess: boolean;
  readonly publicAccessCidrs: readonly string[] | null;
  readonly terminationQueueArn: string | null;
}

export interface Network {
  readonly vpcCidr: string;
  readonly publicSubnets: number;
  readonly privateSubnets: number;
  readonly natGateways: NatGatewayMode;
}

export interface Config {
  /** The rule set the templates are checked against (null: none); `compliance` implies it. */
  readonly policy: Policy | null;
  /** The rule set the templates are made to pass (null: none). */
  readonly compliance: Policy | null;
  /** Stack deployment files for CloudFormation Git sync (null: none). */
  readonly gitSync: GitSync | null;
  readonly cluster: Cluster;
  readonly network: Network;
  readonly nodeGroups: readonly NodeGroup[];
}
