/**
 * What eksng knows of the Control Tower controls its templates meet: the instance-type lists the
 * guard rules check against (control-tower.json, extracted from the rule files of the pinned
 * `@cdklabs/cdk-validator-cfnguard`; a test compares it with the installed package), and for each
 * control the config field that changes its outcome.
 */
import data from './control-tower.json';

export const CONTROL_TOWER = data.source as { readonly package: string; readonly version: string; readonly cfnGuard: string };

const compile = (patterns: readonly string[]) => patterns.map((p) => new RegExp(p));
const NITRO = compile(data.nitroInstanceTypes.patterns);
const ENCRYPTION_IN_TRANSIT = compile(data.nitroEncryptionInTransitInstanceTypes.patterns);

/**
 * Whether a type (or an allowed-types pattern such as `m6i.*`, which the rules match as text) is
 * on CT.EC2.PR.15's and CT.AUTOSCALING.PR.10's list of Nitro types.
 */
export const onNitroList = (type: string): boolean => NITRO.some((r) => r.test(type));
/** Whether it is on CT.AUTOSCALING.PR.11's list of types with Nitro encryption in transit (a subset). */
export const onEncryptionInTransitList = (type: string): boolean => ENCRYPTION_IN_TRANSIT.some((r) => r.test(type));

/** The config field (or profile) that changes each control's outcome, for findings. */
export const CONTROL_FIELDS: Readonly<Record<string, string>> = {
  'CT.AUTOSCALING.PR.1': 'nodeGroups[].availabilityZones (two or more zones), or "compliance": "control-tower"',
  'CT.AUTOSCALING.PR.6': 'nodeGroups[].instancesDistribution.instanceTypes (two or more) or nodeGroups[].instanceRequirements',
  'CT.AUTOSCALING.PR.10': 'nodeGroups[].instancesDistribution.instanceTypes or instanceRequirements.allowedInstanceTypes (Nitro types)',
  'CT.AUTOSCALING.PR.11': 'nodeGroups[].instancesDistribution.instanceTypes or instanceRequirements.allowedInstanceTypes (types with Nitro encryption in transit)',
  'CT.EC2.PR.2': 'nodeGroups[].instanceMetadataHopLimit (1)',
  'CT.EC2.PR.9': 'nodeGroups[].associatePublicIpAddress (false) or privateNetworking',
  'CT.EC2.PR.10': '"compliance": "control-tower" (detailed monitoring)',
  'CT.EC2.PR.15': 'nodeGroups[].instanceType (a Nitro type, written into the template by "compliance": "control-tower")',
  'CT.EC2.PR.11': 'network.privateSubnets and "compliance": "control-tower" (public subnets that do not assign public IPs)',
  'CT.EKS.PR.1': 'cluster.endpointPublicAccess (false)',
  'CT.EKS.PR.2': '"compliance": "control-tower" (a KMS key for Kubernetes secrets)',
  'CT.SQS.PR.1': '"compliance": "control-tower" (a dead-letter queue)',
};

export const controlField = (control: string): string | null => CONTROL_FIELDS[control] ?? null;
