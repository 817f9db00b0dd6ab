/**
 * The one JSON Schema of the config. The compiler checks it against the types in `types.ts`:
 * `PropertiesOf<T>` demands exactly one schema per field, `RequiredOf<T>` only required fields.
 * `schema/nodegroup.schema.json` is rendered from this object and pinned by a test.
 */
import {
  ADDON_POLICIES, AddonPoliciesInput, AddonPolicy, AMI_FAMILIES, AUTHENTICATION_MODES, BottlerocketInput, UpdatePolicyInput, ClusterInput, ConfigInput, IamInput, InstancesDistributionInput, NAT_GATEWAY_MODES, NetworkInput,
  NodeGroupInput, POLICIES, PRIVATE_SUBNET_COUNTS, TerminationHandlingInput, PUBLIC_SUBNET_COUNTS, SPOT_ALLOCATION_STRATEGIES, SshInput, TAINT_EFFECTS, TaintInput, VOLUME_TYPES,
} from './types';
import { DEFAULTS } from './defaults';
import { PATTERNS, PatternName } from './patterns';

import { JsonSchema, object, str } from './schema-helpers';
import { capacitySchemas } from '../capacity/schema';
import type { GitSyncInput } from '../git-sync/types';

export type { JsonSchema };

const ssh = object<SshInput>('SSH access to the nodes. Leave out for none (prefer SSM Session Manager).', ['keyName', 'sourceCidr'], {
  keyName: str('Name of an existing EC2 key pair.', 'keyName'),
  sourceCidr: str('IPv4 CIDR allowed to reach tcp 22 on the nodes.', 'ipv4Cidr'),
  allowOpenToWorld: {
    type: 'boolean',
    description: 'Must be true to accept sourceCidr 0.0.0.0/0 (SSH open to the whole internet).',
    default: DEFAULTS.allowOpenToWorld,
  },
});

const size = (description: string, minimum: number, dflt?: number): JsonSchema => ({
  type: 'integer',
  description,
  minimum,
  maximum: 10000,
  ...(dflt === undefined ? {} : { default: dflt }),
});

const instancesDistribution = object<InstancesDistributionInput>('Several instance types, on-demand and spot (the ASG\'s MixedInstancesPolicy).', [], {
  instanceTypes: { type: 'array', description: 'Instance types of one CPU architecture; the first is the launch template\'s. Required unless instanceRequirements chooses the types.', minItems: 1, maxItems: 40, uniqueItems: true, items: str('EC2 instance type.', 'instanceType') },
  onDemandBaseCapacity: { type: 'integer', description: 'On-demand instances before any spot.', minimum: 0, maximum: 10000, default: DEFAULTS.onDemandBaseCapacity },
  onDemandPercentageAboveBaseCapacity: { type: 'integer', description: 'Percentage of on-demand above the base (0 = all spot).', minimum: 0, maximum: 100, default: DEFAULTS.onDemandPercentageAboveBaseCapacity },
  spotAllocationStrategy: { type: 'string', description: 'How spot capacity is chosen.', enum: SPOT_ALLOCATION_STRATEGIES, default: DEFAULTS.spotAllocationStrategy },
  maxPrice: { type: 'number', description: 'Highest spot price per hour, USD.', exclusiveMinimum: 0, maximum: 1000 },
  capacityRebalance: { type: 'boolean', description: 'Replace spot instances on rebalance recommendations.', default: DEFAULTS.capacityRebalance },
});

const updatePolicy = object<UpdatePolicyInput>('How a stack update replaces the nodes (the group\'s AutoScalingRollingUpdate).', [], {
  maxBatchSize: { type: 'integer', description: 'Nodes replaced at once.', minimum: 1, maximum: 10000, default: DEFAULTS.maxBatchSize },
  minInstancesInService: { type: 'integer', description: 'Nodes kept in service during an update (less than maxSize). Default: minSize, or minSize - 1 for a fixed-size group.', minimum: 0, maximum: 10000 },
  pauseTime: str('Wait after each batch, an ISO 8601 duration up to PT1H (with waitForNodes: how long new nodes may take to report healthy; default PT15M).', 'isoDuration', { default: DEFAULTS.pauseTime }),
  suspendProcesses: { type: 'boolean', description: 'Suspend HealthCheck, ReplaceUnhealthy, AZRebalance, AlarmNotification and ScheduledActions during an update.', default: DEFAULTS.suspendProcesses },
  waitForNodes: { type: 'boolean', description: 'Wait until each new node\'s kubelet reports healthy (cfn-signal); a node that never does fails the update, which rolls back. pauseTime is then the wait (default PT15M).', default: DEFAULTS.waitForNodes },
});

const taint = object<TaintInput>('A Kubernetes taint.', ['key', 'effect'], {
  key: str('Taint key (label-key syntax).', 'labelKey', { maxLength: 316 }),
  value: str('Taint value (label-value syntax).', 'labelValue', { default: DEFAULTS.taintValue }),
  effect: { type: 'string', description: 'Taint effect.', enum: TAINT_EFFECTS },
});

/** One line per add-on, for editors; the policies themselves are in src/template/addon-policies.json. */
const ADDON_DESCRIPTIONS: Record<AddonPolicy, string> = {
  autoScaler: 'Kubernetes cluster-autoscaler: describe groups, and scale those tagged for this cluster (inline policy from its README).',
  ebs: 'EBS CSI driver: the AWS managed policy service-role/AmazonEBSCSIDriverPolicy.',
  efs: 'EFS CSI driver: the AWS managed policy service-role/AmazonEFSCSIDriverPolicy.',
  fsx: 'FSx for Lustre CSI driver: the node-role policy its docs give (inline).',
  cloudWatch: 'CloudWatch agent / Container Insights: the AWS managed policy CloudWatchAgentServerPolicy.',
  awsLoadBalancerController: 'AWS Load Balancer Controller: its iam_policy.json (inline).',
  externalDNS: 'ExternalDNS with Route 53: the policy of its AWS tutorial (inline).',
  certManager: 'cert-manager ACME DNS-01 with Route 53: the policy of its docs (inline).',
};

const withAddonPolicies = object<AddonPoliciesInput>(
  'Add-on permissions on the node role, as eksctl\'s withAddonPolicies (each false by default). Every pod on the node can use them: prefer EKS Pod Identity or IRSA.',
  [],
  Object.fromEntries(ADDON_POLICIES.map((a): [AddonPolicy, JsonSchema] => [a, { type: 'boolean', description: `${ADDON_DESCRIPTIONS[a]} Default false.` }])) as Record<AddonPolicy, JsonSchema>,
);

const terminationHandling = object<TerminationHandlingInput>('Drain nodes before they terminate, with aws-node-termination-handler in queue-processor mode (lifecycle hook, queue, EventBridge rules).', [], {
  enabled: { type: 'boolean', description: 'Default: true for groups with spot capacity, false otherwise.' },
  heartbeatTimeout: { type: 'integer', description: 'Seconds a terminating instance waits for the drain before it terminates anyway.', minimum: 30, maximum: 7200, default: DEFAULTS.terminationHeartbeatTimeout },
});

const iam = object<IamInput>('The node role.', [], {
  attachPolicyARNs: { type: 'array', description: 'More managed policies for the node role.', uniqueItems: true, maxItems: 16, items: str('Managed policy ARN.', 'policyArn') },
  withSSM: { type: 'boolean', description: 'Add AmazonSSMManagedInstanceCore (SSM Session Manager instead of SSH).', default: DEFAULTS.withSSM },
  instanceRoleARN: str('Bring your own node role.', 'roleArn'),
  instanceProfileARN: str('Bring your own instance profile (with instanceRoleARN).', 'instanceProfileArn'),
  permissionsBoundary: str('Permissions boundary of the node role.', 'policyArn'),
  withAddonPolicies,
});

const bottlerocket = object<BottlerocketInput>('Bottlerocket only: what only Bottlerocket nodes take.', [], {
  settings: { type: 'object', description: 'More Bottlerocket settings, as the tables below settings in its TOML user data (settings.kubernetes and settings.host-containers), checked against its settings model.' },
});

const stringMap = (description: string, key: PatternName, value: PatternName, maxProperties: number): JsonSchema => ({
  type: 'object',
  description,
  maxProperties,
  propertyNames: { pattern: PATTERNS[key].source },
  additionalProperties: { type: 'string', pattern: PATTERNS[value].source },
});

const nodeGroup = object<NodeGroupInput>('One self-managed node group: one CloudFormation template.', ['name'], {
  name: str('Node-group name (EKS name rules, at most 63 characters).', 'clusterName', { minLength: 1, maxLength: 63 }),
  instanceType: str('EC2 instance type.', 'instanceType', { default: DEFAULTS.instanceType }),
  minSize: size('Minimum number of nodes.', 0, DEFAULTS.minSize),
  desiredCapacity: size('Number of nodes at creation.', 0, DEFAULTS.desiredCapacity),
  maxSize: size('Maximum number of nodes. Default: desiredCapacity + 1; equal to minSize for a fixed-size group.', 1),
  updatePolicy,
  subnetIds: { type: 'array', description: 'This group\'s subnets, instead of cluster.subnetIds (e.g. one AZ for EBS-bound workloads).', minItems: 1, uniqueItems: true, items: str('Subnet id.', 'subnetId') },
  availabilityZones: {
    type: 'array',
    description: 'This group\'s availability zones: the cluster stack\'s subnets in them (needs generate --cluster-outputs; else give subnetIds).',
    minItems: 1,
    uniqueItems: true,
    items: str('Availability zone name.', 'availabilityZone'),
  },
  amiFamily: { type: 'string', description: 'Node operating system.', enum: AMI_FAMILIES, default: DEFAULTS.amiFamily },
  ami: str('"auto" (EKS-optimized AMI from its public SSM parameter), "ami-…", or "ssm:/path".', 'ami', { default: DEFAULTS.ami }),
  amiRelease: str('Pin one EKS AMI release (with ami "auto"): "v20251120" (Amazon Linux) or "1.50.0" (Bottlerocket); never moves by itself.', 'amiRelease'),
  spot: { type: 'boolean', description: 'Run every instance on spot capacity.', default: DEFAULTS.spot },
  associatePublicIpAddress: { type: 'boolean', description: 'true: every node gets a public IPv4 address; false: none. Left out: the subnet decides (MapPublicIpOnLaunch).' },
  ssh,
  volumeSize: { type: 'integer', description: 'Root volume size in GiB (Bottlerocket: the data volume).', minimum: 1, maximum: 16384, default: DEFAULTS.volumeSize },
  volumeType: { type: 'string', description: 'EBS volume type.', enum: VOLUME_TYPES, default: DEFAULTS.volumeType },
  volumeEncrypted: { type: 'boolean', description: 'Encrypt the volume.', default: DEFAULTS.volumeEncrypted },
  volumeKmsKeyID: str('KMS key for the volume.', 'kmsKey'),
  volumeIOPS: { type: 'integer', description: 'Provisioned IOPS (gp3, io1, io2).', minimum: 100, maximum: 256000 },
  volumeThroughput: { type: 'integer', description: 'Throughput in MiB/s (gp3).', minimum: 125, maximum: 2000 },
  instancesDistribution,
  labels: stringMap('Kubernetes labels of the nodes.', 'labelKey', 'labelValue', 50),
  taints: { type: 'array', description: 'Kubernetes taints of the nodes.', maxItems: 50, items: taint },
  maxPodsPerNode: { type: 'integer', description: 'The kubelet\'s maxPods.', minimum: 1, maximum: 737 },
  ...capacitySchemas,
  kubeletExtraConfig: { type: 'object', description: 'KubeletConfiguration (v1beta1) fields for the kubelet, checked against the kubelet\'s field list and types.' },
  bottlerocket,
  preBootstrapCommands: { type: 'array', description: 'Shell lines run before the node joins (not Bottlerocket).', maxItems: 100, items: str('One shell line.', 'shellLine') },
  disableIMDSv1: { type: 'boolean', description: 'Require IMDSv2.', default: DEFAULTS.disableIMDSv1 },
  instanceMetadataHopLimit: { type: 'integer', description: 'IMDS hop limit (1 breaks pods that call IMDS).', minimum: 1, maximum: 64, default: DEFAULTS.instanceMetadataHopLimit },
  iam,
  clusterAutoscaler: { type: 'boolean', description: 'Tag for the cluster-autoscaler and keep its desired capacity across updates.', default: DEFAULTS.clusterAutoscaler },
  terminationHandling,
  tags: stringMap('Tags for every resource the group creates.', 'tagKey', 'tagValue', 40),
  privateNetworking: { type: 'boolean', description: 'No public IP and, with generate --cluster-outputs, the cluster stack\'s private subnets.', default: DEFAULTS.privateNetworking },
});

const cluster = object<ClusterInput>('The existing EKS cluster the nodes join.', ['name', 'kubernetesVersion'], {
  name: str('EKS cluster name.', 'clusterName', { minLength: 1, maxLength: 100 }),
  region: str('AWS region of the cluster.', 'region', { default: DEFAULTS.region }),
  kubernetesVersion: str('Kubernetes minor version, e.g. "1.33".', 'kubernetesVersion'),
  controlPlaneSecurityGroupId: str('Control-plane security group of the cluster.', 'securityGroupId'),
  clusterSecurityGroupId: str('The EKS cluster security group (describe-cluster: resourcesVpcConfig.clusterSecurityGroupId): every node joins it, so pods on all node groups reach each other.', 'securityGroupId'),
  vpcId: str('VPC of the cluster.', 'vpcId'),
  subnetIds: {
    type: 'array',
    description: 'Subnets for the nodes; two or more in different AZs recommended.',
    minItems: 1,
    uniqueItems: true,
    items: str('Subnet id.', 'subnetId'),
  },
  endpoint: str('API server endpoint (required for AmazonLinux2023).', 'endpoint'),
  certificateAuthorityData: str('Base64 cluster CA (required for AmazonLinux2023).', 'base64'),
  serviceCidr: str('Kubernetes service IPv4 CIDR (required for AmazonLinux2023).', 'ipv4Cidr'),
  accountId: str('12-digit AWS account id; makes node role ARNs known before deployment.', 'accountId'),
  authenticationMode: {
    type: 'string',
    description: 'The cluster authentication mode: API modes get an EKS access entry per node group; API gets no aws-auth.',
    enum: AUTHENTICATION_MODES,
    default: DEFAULTS.authenticationMode,
  },
  create: {
    type: 'boolean',
    description: 'eksng cluster also creates the EKS cluster itself in the network it makes (false: network, security group and cluster role only).',
    default: DEFAULTS.createCluster,
  },
  endpointPublicAccess: { type: 'boolean', description: 'With create: the API server endpoint is reachable from the internet.', default: DEFAULTS.endpointPublicAccess },
  endpointPrivateAccess: { type: 'boolean', description: 'With create: the API server endpoint is reachable from inside the VPC (EKS defaults to false; eksng to true).', default: DEFAULTS.endpointPrivateAccess },
  publicAccessCidrs: {
    type: 'array',
    description: 'With create and endpointPublicAccess: IPv4 CIDRs allowed to reach the public endpoint (EKS default: 0.0.0.0/0).',
    minItems: 1,
    uniqueItems: true,
    items: str('IPv4 CIDR.', 'ipv4Cidr'),
  },
  terminationQueueArn: str('An SQS queue aws-node-termination-handler already reads, in the cluster\'s region: used instead of a queue stack of eksng\'s.', 'sqsQueueArn'),
});

const network = object<NetworkInput>('The VPC eksng cluster makes (ignored by eksng generate).', [], {
  vpcCidr: str('IPv4 CIDR of the VPC, /16 to /24; subnet CIDRs are derived from it.', 'ipv4Cidr', { default: DEFAULTS.vpcCidr }),
  publicSubnets: { type: 'integer', description: 'Public subnets, one per AZ.', enum: PUBLIC_SUBNET_COUNTS, default: DEFAULTS.publicSubnets },
  privateSubnets: { type: 'integer', description: 'Private subnets, one per AZ (at most publicSubnets); nodes go there when there are any.', enum: PRIVATE_SUBNET_COUNTS, default: DEFAULTS.privateSubnets },
  natGateways: {
    type: 'string',
    description: 'NAT gateways for the private subnets. Default: "none" without private subnets, else "single".',
    enum: NAT_GATEWAY_MODES,
  },
});

export const configSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'eksng node-group config',
  ...object<ConfigInput>('Self-managed EKS node groups: one JSON config for eksng.', ['cluster', 'nodeGroups'], {
    $schema: { type: 'string', description: 'Path or URL of this schema, for editors.' },
    policy: { type: 'string', description: 'Check the templates against AWS Control Tower\'s proactive controls with cfn-guard; failures are warnings.', enum: POLICIES },
    compliance: { type: 'string', description: 'Generate templates that pass every applicable Control Tower proactive control, refusing settings that contradict it (implies policy; its findings then fail the run).', enum: POLICIES },
    gitSync: object<GitSyncInput>('CloudFormation Git sync: a stack deployment file (template path, parameters, tags) beside each template.', ['outputDirectory'], {
      outputDirectory: str('The output directory of this config as a path from the Git repository\'s root, e.g. "out/production": Git sync reads template paths from the root. eksng generate checks it against where it writes.', 'repositoryPath'),
      tags: stringMap('Stack tags for every deployment file (CloudFormation copies them onto the stack\'s resources).', 'tagKey', 'tagValue', 50),
    }),
    cluster,
    network,
    nodeGroups: { type: 'array', description: 'One or more node groups.', minItems: 1, items: nodeGroup },
  }),
};
