/**
 * One generated node-group template → what the node would do with its user data: CloudFormation's
 * substitution (userDataOf), EC2's size limit, then the family's own reader (readAsNode).
 */
import { load } from 'js-yaml';
import { Contracts, defaultContracts } from './contracts';
import { Family, NodeReading, readAsNode } from './read-node';
import { userDataOf } from './substitute';
import { Violation, formatViolation, violation } from './violations';

/** EC2 refuses user data over 16 KB (before the base64 that CloudFormation applies). */
export const EC2_USER_DATA_LIMIT = 16 * 1024;

/** The AMI family the user data is written for, from its shape; undefined when none fits. */
export function detectFamily(userData: string): Family | undefined {
  if (/^Content-Type:\s*multipart\//im.test(userData) && /^Content-Type:\s*application\/node\.eks\.aws\b/im.test(userData)) return 'AmazonLinux2023';
  if (userData.trimStart().startsWith('[settings')) return 'Bottlerocket';
  if (userData.includes('/etc/eks/bootstrap.sh')) return 'AmazonLinux2';
  return undefined;
}

export interface TemplateReading {
  readonly family?: Family;
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
  const family = detectFamily(userData);
  if (!family) {
    violations.push(violation('checker', 'no-model', 'user data', 'is of no AMI family the checker knows (no nodeadm MIME, no [settings], no bootstrap.sh)'));
    return { userData, violations };
  }
  const reading = await readAsNode(family, userData, contracts);
  return { family, userData, violations: [...violations, ...reading.violations], reading };
}

/** Every violation of the template's user data, one line each; [] when the node reads it as meant. */
export async function contractViolations(
  templateText: string,
  overrides: Readonly<Record<string, string>> = {},
  contracts: Contracts = defaultContracts(),
): Promise<string[]> {
  return (await readTemplate(templateText, overrides, contracts)).violations.map(formatViolation);
}
