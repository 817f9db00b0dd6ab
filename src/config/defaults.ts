/**
 * Defaults of the config, in one place: `resolveConfig` applies them and the schema's `default`
 * keywords (what editors show) are written from them; a test checks the two agree.
 */
export const DEFAULTS = {
  region: 'us-east-1',
  authenticationMode: 'CONFIG_MAP',
  createCluster: false,
  /** EKS's own default. */
  endpointPublicAccess: true,
  /** EKS defaults to false; see `ClusterInput.endpointPrivateAccess` for why eksng does not. */
  endpointPrivateAccess: true,
  /** The VPC of the EKS getting-started walkthrough and AWS's sample VPC templates. */
  vpcCidr: '192.168.0.0/16',
  publicSubnets: 2,
  privateSubnets: 0,
  /** NAT gateways when there are private subnets: one, shared (see `NetworkInput.natGateways`). */
  natGatewaysWithPrivateSubnets: 'single',
  instanceType: 't3.medium',
  minSize: 1,
  desiredCapacity: 2,
  amiFamily: 'AmazonLinux2023',
  ami: 'auto',
  spot: false,
  volumeSize: 20,
  volumeType: 'gp3',
  instanceMetadataHopLimit: 2,
  maxBatchSize: 1,
  /**
   * The wait after each batch of a rolling update: about what a node needs on current AMIs to boot,
   * join and become Ready (nodeadm's join takes under a minute). The reference template's PT5M made a
   * 10-node update take 50 minutes.
   */
  pauseTime: 'PT2M',
  suspendProcesses: false,
  waitForNodes: false,
  /** With waitForNodes: how long a batch's new nodes may take to boot, join and report healthy. */
  signalTimeout: 'PT15M',
  allowOpenToWorld: false,
  volumeEncrypted: true,
  disableIMDSv1: true,
  withSSM: false,
  clusterAutoscaler: false,
  /** aws-node-termination-handler's own suggestion: long enough to drain a node, short enough not to stall scale-in. */
  terminationHeartbeatTimeout: 300,
  privateNetworking: false,
  taintValue: '',
  onDemandBaseCapacity: 0,
  capacityRebalance: false,
  spotAllocationStrategy: 'price-capacity-optimized',
  /** The ASG's own default: all on-demand above the base unless said otherwise. */
  onDemandPercentageAboveBaseCapacity: 100,
  /** instanceRequirements: current-generation types only (EC2's default also allows previous ones). */
  instanceGenerations: ['current'],
  /** instanceRequirements: EC2's own defaults. */
  burstablePerformance: 'excluded',
  bareMetal: 'excluded',
  requirementsLocalStorage: 'included',
  efaSecondaryInterfaceType: 'efa',
  warmPoolMinSize: 0,
  warmPoolState: 'Stopped',
  warmPoolReuseOnScaleIn: false,
  /** Size of the root snapshot of the EKS-optimized AMIs: a smaller root volume fails to launch. */
  eksAmiRootSnapshotGiB: 20,
} as const;
