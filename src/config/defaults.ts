/** Defaults of the config, in one place (the schema's `default` keywords restate them for editors). */
export const DEFAULTS = {
  region: 'us-east-1',
  authenticationMode: 'CONFIG_MAP',
  instanceType: 't3.medium',
  minSize: 1,
  desiredCapacity: 2,
  amiFamily: 'AmazonLinux2023',
  ami: 'auto',
  spot: false,
  associatePublicIpAddress: false,
  volumeSize: 20,
  /** Size of the root snapshot of the EKS-optimized AMIs: a smaller root volume fails to launch. */
  eksAmiRootSnapshotGiB: 20,
} as const;
