/**
 * Syntax rules shared by the config schema, the template's parameter constraints and the
 * aws-auth checks. Each has a human description used in error messages. Every pattern excludes
 * quotes, `$`, backticks, spaces and newlines, so a value that passes cannot break out of user data.
 */
export interface NamedPattern {
  readonly source: string;
  /** Completes "must be …". */
  readonly describe: string;
}

const hex17 = '[0-9a-f]{8}(?:[0-9a-f]{9})?';
const ipv4Cidr = '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}';

export const PATTERNS = {
  clusterName: {
    source: '^[0-9A-Za-z][A-Za-z0-9_-]*$',
    describe: 'an EKS name: letters, digits, "-" and "_", starting with a letter or digit',
  },
  region: {
    source: '^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$',
    describe: 'an AWS region code like "us-east-1"',
  },
  kubernetesVersion: {
    source: '^1\\.[0-9]{2}$',
    describe: 'a Kubernetes minor version as a string, like "1.33"',
  },
  isoDuration: {
    source: '^PT(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?$',
    describe: 'an ISO 8601 duration like "PT2M" or "PT1M30S"',
  },
  securityGroupId: { source: `^sg-${hex17}$`, describe: 'a security group id like "sg-0123456789abcdef0"' },
  vpcId: { source: `^vpc-${hex17}$`, describe: 'a VPC id like "vpc-0123456789abcdef0"' },
  subnetId: { source: `^subnet-${hex17}$`, describe: 'a subnet id like "subnet-0123456789abcdef0"' },
  availabilityZone: {
    source: '^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]+(?:-[a-z]+-[0-9]+)?[a-z]$',
    describe: 'an availability zone name like "us-east-1a" (or a Local Zone like "us-west-2-lax-1a")',
  },
  endpoint: {
    source: '^https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?$',
    describe: 'the cluster API server URL like "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com" (aws eks describe-cluster --query cluster.endpoint)',
  },
  base64: {
    source: '^[A-Za-z0-9+/]+={0,2}$',
    describe: 'base64 text without line breaks (aws eks describe-cluster --query cluster.certificateAuthority.data)',
  },
  ipv4Cidr: { source: `^${ipv4Cidr}$`, describe: 'an IPv4 CIDR like "10.100.0.0/16"' },
  accountId: { source: '^[0-9]{12}$', describe: 'a 12-digit AWS account id as a string' },
  instanceType: {
    source: '^[a-z][a-z0-9-]*\\.[a-z0-9-]+$',
    describe: 'an EC2 instance type like "t3.medium"',
  },
  ami: {
    source: `^(?:auto|ami-${hex17}|ssm:/[A-Za-z0-9_./-]+)$`,
    describe: '"auto", an AMI id like "ami-0123456789abcdef0", or "ssm:/path/to/parameter"',
  },
  imageId: { source: `^ami-${hex17}$`, describe: 'an AMI id like "ami-0123456789abcdef0"' },
  amiRelease: { source: '^v?[0-9]+(?:\\.[0-9]+)*$', describe: 'an EKS AMI release like "v20251120" (Amazon Linux) or "1.50.0" (Bottlerocket)' },
  keyName: {
    source: '^[A-Za-z0-9._@+=:,-][A-Za-z0-9 ._@+=:,-]{0,254}$',
    describe: 'an EC2 key pair name (letters, digits, spaces and ._-@+=:,)',
  },
  labelKey: {
    source: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
    describe: 'a Kubernetes label key: an optional DNS-subdomain prefix and "/", then up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  },
  labelValue: {
    source: '^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$',
    describe: 'a Kubernetes label value: empty, or up to 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  },
  policyArn: { source: '^arn:aws(-cn|-us-gov)?:iam::(aws|[0-9]{12}):policy/[A-Za-z0-9+=,.@_/-]+$', describe: 'an IAM managed policy ARN like "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"' },
  roleArn: { source: '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$', describe: 'an IAM role ARN like "arn:aws:iam::111122223333:role/NodeRole"' },
  instanceProfileArn: {
    source: '^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:instance-profile/[A-Za-z0-9+=,.@_/-]+$',
    describe: 'an instance-profile ARN like "arn:aws:iam::111122223333:instance-profile/NodeProfile"',
  },
  kmsKey: {
    source: '^(arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$',
    describe: 'a KMS key id, key ARN or alias ARN',
  },
  tagKey: { source: '^(?!aws:)[A-Za-z0-9 _.:/=+@-]{1,128}$', describe: 'an AWS tag key: 1-128 letters, digits, spaces and _.:/=+-@, not starting with "aws:"' },
  tagValue: { source: '^[A-Za-z0-9 _.:/=+@-]{0,256}$', describe: 'an AWS tag value: up to 256 letters, digits, spaces and _.:/=+-@' },
  sqsQueueArn: { source: '^arn:aws(-cn|-us-gov)?:sqs:[a-z]{2}(?:-gov)?-[a-z]+-[0-9]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}$', describe: 'an SQS queue ARN like "arn:aws:sqs:us-east-1:111122223333:nth-queue" (standard queue)' },
  shellLine: { source: '^[^\\r\\n]*$', describe: 'one line (no line breaks)' },
  instanceTypePattern: {
    source: '^[a-z0-9*][a-z0-9.*-]*$',
    describe: 'an EC2 instance type or a pattern with "*" wildcards, like "m5.8xlarge", "c5*.*" or "r*"',
  },
  capacityReservationId: { source: `^cr-${hex17}$`, describe: 'a Capacity Reservation id like "cr-0123456789abcdef0"' },
  resourceGroupArn: {
    source: '^arn:aws(-cn|-us-gov)?:resource-groups:[a-z]{2}(?:-gov)?-[a-z]+-[0-9]+:[0-9]{12}:group/[A-Za-z0-9._-]{1,128}$',
    describe: 'a Capacity Reservation resource group ARN like "arn:aws:resource-groups:us-east-1:111122223333:group/my-reservations"',
  },
  utcTime: {
    source: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$',
    describe: 'a UTC time like "2026-12-14T11:30:00Z"',
  },
  placementGroupName: { source: '^[A-Za-z0-9._-]{1,255}$', describe: 'a placement group name: up to 255 letters, digits and ._-' },
  repositoryPath: {
    source: '^(?:\\.|(?!\\.\\.?(?:/|$))[A-Za-z0-9._-]+(?:/(?!\\.\\.?(?:/|$))[A-Za-z0-9._-]+)*)$',
    describe: 'a directory path from the repository root like "out/production" (letters, digits, ._- and "/"; no leading or trailing "/", no "." or ".." parts; "." for the root itself)',
  },
  celExpression: {
    source: '^[a-z_0-9 ()?:<>=!+*/%&|-]{1,256}$',
    describe: 'a CEL expression over max_pods, default_enis and ips_per_eni with numbers, arithmetic, comparisons and ?: (at most 256 characters)',
  },
} as const satisfies Record<string, NamedPattern>;

export type PatternName = keyof typeof PATTERNS;

export function matches(name: PatternName, value: string): boolean {
  return new RegExp(PATTERNS[name].source).test(value);
}

/** Finds the description of a pattern by its source (for schema error messages). */
export function describePattern(source: string): string | undefined {
  return Object.values(PATTERNS).find((p) => p.source === source)?.describe;
}
