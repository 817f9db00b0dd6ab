/**
 * One generated node-group template → what the node would do with its user data: CloudFormation's
 * substitution (userDataOf), EC2's size limit, then the family's own reader (readAsNode).
 */
import { load } from 'js-yaml';
import { Contracts, defaultContracts } from './contracts';
import { Family, NodeReading, readAsNode } from './read-node';
import { userDataOf } from './substitute';
import { Violation, formatViolation, isPlainObject, violation } from './violations';

/** EC2 refuses user data over 16 KB (before the base64 that CloudFormation applies). */
export const EC2_USER_DATA_LIMIT = 16 * 1024;

/** The AMI family the user data is written for, from its shape; undefined when none fits. */
export function detectFamily(userData: string): Family | undefined {
  if (/^Content-Type:\s*multipart\//im.test(userData) && /^Content-Type:\s*application\/node\.eks\.aws\b/im.test(userData)) return 'AmazonLinux2023';
  if (userData.trimStart().startsWith('[settings')) return 'Bottlerocket';
  if (/<powershell>/i.test(userData)) return 'Windows';
  if (userData.includes('/etc/eks/bootstrap.sh')) return 'AmazonLinux2';
  return undefined;
}

/**
 * The family of a public EKS AMI SSM parameter (the paths `ami: "auto"` resolves to); undefined for
 * any other path.
 */
export function familyOfAmiParameter(path: string): Family | undefined {
  if (/^\/aws\/service\/ami-windows-latest\/Windows_Server-\d{4}-English-(?:Core|Full)-EKS_Optimized-/.test(path)) return 'Windows';
  if (/^\/aws\/service\/eks\/optimized-ami\/[^/]+\/amazon-linux-2023\//.test(path)) return 'AmazonLinux2023';
  if (/^\/aws\/service\/eks\/optimized-ami\/[^/]+\/amazon-linux-2(?:-gpu|-arm64)?\//.test(path)) return 'AmazonLinux2';
  if (/^\/aws\/service\/bottlerocket\//.test(path)) return 'Bottlerocket';
  return undefined;
}

/**
 * The SSM parameter path the launch template's ImageId resolves through, with the stack's values:
 * `ImageId: {Ref: P}` or `{Fn::If: [c, {Ref: Override}, {Ref: P}]}` where a non-empty Override (an
 * AMI id) wins; undefined when the image is an AMI id.
 */
export function amiParameterOf(template: object, overrides: Readonly<Record<string, string>> = {}): string | undefined {
  const t = template as { Parameters?: Record<string, { Type?: unknown; Default?: unknown }>; Resources?: Record<string, { Type?: unknown; Properties?: { LaunchTemplateData?: { ImageId?: unknown } } }> };
  const parameters = isPlainObject(t.Parameters) ? t.Parameters : {};
  const valueOf = (name: string) => overrides[name] ?? (typeof parameters[name]?.Default === 'string' ? (parameters[name].Default as string) : undefined);
  const launchTemplate = Object.values(isPlainObject(t.Resources) ? t.Resources : {}).find((r) => isPlainObject(r) && r.Type === 'AWS::EC2::LaunchTemplate');
  const image = launchTemplate?.Properties?.LaunchTemplateData?.ImageId;
  const refOf = (node: unknown) => (isPlainObject(node) && typeof node.Ref === 'string' ? node.Ref : undefined);
  let name = refOf(image);
  if (isPlainObject(image) && Array.isArray(image['Fn::If']) && image['Fn::If'].length === 3) {
    const [, override, fallback] = image['Fn::If'] as unknown[];
    const o = refOf(override);
    name = o !== undefined && (valueOf(o) ?? '') !== '' ? o : refOf(fallback);
  }
  if (name === undefined || !String(parameters[name]?.Type ?? '').startsWith('AWS::SSM::Parameter::Value<')) return undefined;
  return valueOf(name);
}

export interface TemplateReading {
  readonly family?: Family;
  /** The public EKS AMI SSM parameter the node's image comes from, when it is one. */
  readonly amiParameter?: string;
  readonly userData: string;
  readonly violations: readonly Violation[];
  readonly reading?: NodeReading;
}

export async function readTemplate(
  templateText: string,
  overrides: Readonly<Record<string, string>> = {},
  contracts: Contracts = defaultContracts(),
): Promise<TemplateReading> {
  const template = load(templateText);
  if (typeof template !== 'object' || template === null) throw new Error('the template is not a YAML mapping');
  const userData = userDataOf(template, overrides);
  const violations: Violation[] = [];
  const size = Buffer.byteLength(userData, 'utf8');
  if (size > EC2_USER_DATA_LIMIT) {
    violations.push(violation('ec2', 'too-large', 'user data', `is ${size} bytes, over EC2's ${EC2_USER_DATA_LIMIT}: the launch fails`));
  }
  // The AMI's own programs read the user data: its family (from a public SSM parameter) decides the
  // reader; the user data's shape decides it for an AMI id or another parameter.
  const path = amiParameterOf(template, overrides);
  const amiFamily = path === undefined ? undefined : familyOfAmiParameter(path);
  const amiParameter = amiFamily ? path : undefined;
  const shape = detectFamily(userData);
  if (amiFamily && shape && shape !== amiFamily) {
    violations.push(violation('ec2', 'wrong-family', amiParameter ?? 'AMI', `is a ${amiFamily} AMI, but the user data is written for ${shape}: the AMI's programs never read it and the node never joins`));
  }
  const family = amiFamily ?? shape;
  if (!family) {
    violations.push(violation('checker', 'no-model', 'user data', 'is of no AMI family the checker knows (no nodeadm MIME, no [settings], no <powershell>, no bootstrap.sh)'));
    return { userData, violations, amiParameter };
  }
  const reading = await readAsNode(family, userData, contracts);
  return { family, amiParameter, userData, violations: [...violations, ...reading.violations], reading };
}

/** Every violation of the template's user data, one line each; [] when the node reads it as meant. */
export async function contractViolations(
  templateText: string,
  overrides: Readonly<Record<string, string>> = {},
  contracts: Contracts = defaultContracts(),
): Promise<string[]> {
  return (await readTemplate(templateText, overrides, contracts)).violations.map(formatViolation);
}
