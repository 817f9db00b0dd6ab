/**
 * Reads EC2 user data the way the node's own programs do, and reports every place where they would
 * fail, refuse it, or silently drop what we meant. One reader per AMI family.
 */
import { readAl2 } from './al2';
import { readAl2023 } from './al2023';
import { readBottlerocket } from './bottlerocket';
import { Contracts, defaultContracts } from './contracts';
import { readMime } from './mime';
import { checkShellScript } from './shell';
import { Violation, violation } from './violations';
import { KubeletFlag, readWindows } from './windows';

/**
 * The readers. `Windows` reads eksng's six Windows families (WindowsServer{2019,2022,2025}{Core,Full}):
 * their AMIs run the user data the same way, and nothing in it tells them apart.
 */
export type Family = 'AmazonLinux2023' | 'AmazonLinux2' | 'Bottlerocket' | 'Windows';
export const FAMILIES: readonly Family[] = ['AmazonLinux2023', 'AmazonLinux2', 'Bottlerocket', 'Windows'];

/** The reader of one of eksng's AMI families (src/config/types.ts AMI_FAMILIES); undefined for a name it does not know. */
export function readerOf(amiFamily: string): Family | undefined {
  if (/^WindowsServer(?:2019|2022|2025)(?:Core|Full)$/.test(amiFamily)) return 'Windows';
  return FAMILIES.find((f) => f === amiFamily && f !== 'Windows');
}

export interface NodeReading {
  readonly family: Family;
  readonly violations: readonly Violation[];
  /** AmazonLinux2023: each NodeConfig document as nodeadm decodes it. */
  readonly nodeConfigs: readonly unknown[];
  /** Shell scripts cloud-init runs: AL2023's text/x-shellscript parts, AL2's whole user data. */
  readonly shellParts: readonly string[];
  /** Bottlerocket: the parsed TOML (integers as bigint). */
  readonly toml?: unknown;
  /** AmazonLinux2: the words after /etc/eks/bootstrap.sh. */
  readonly bootstrapArgs?: readonly string[];
  /** Windows: the text of the `<powershell>` block EC2Launch runs. */
  readonly powershell?: string;
  /** Windows: Start-EKSBootstrap.ps1's parameters as PowerShell binds them (script's spelling → value). */
  readonly bootstrapParameters?: Readonly<Record<string, string | readonly string[]>>;
  /** Windows: -KubeletExtraArgs as the kubelet's command line gets it. */
  readonly kubeletFlags?: readonly KubeletFlag[];
  /** Windows: the preBootstrapCommands, as the pre-bootstrap script holds them. */
  readonly preBootstrapLines?: readonly string[];
}

const READERS: Readonly<Record<Family, (userData: string, c: Contracts) => Promise<NodeReading>>> = {
  AmazonLinux2023: async (userData, c) => ({ family: 'AmazonLinux2023', ...(await readAl2023(userData, c)) }),
  AmazonLinux2: async (userData, c) => ({ family: 'AmazonLinux2', nodeConfigs: [], ...(await readAl2Parts(userData, c)) }),
  Bottlerocket: async (userData, c) => ({ family: 'Bottlerocket', nodeConfigs: [], shellParts: [], ...readBottlerocket(userData, c.bottlerocket) }),
  Windows: async (userData, c) => ({ family: 'Windows', nodeConfigs: [], shellParts: [], ...readWindows(userData, c) }),
};

/**
 * AmazonLinux2 user data is one script, or (with preBootstrapCommands) a MIME multipart document of
 * scripts that cloud-init runs in order, each on its own: the one that calls bootstrap.sh is read
 * as the join; every other shell part is syntax-checked.
 */
async function readAl2Parts(userData: string, c: Contracts): Promise<Omit<NodeReading, 'family' | 'nodeConfigs'>> {
  if (!/^MIME-Version:/i.test(userData)) return readAl2(userData, c);
  const mime = await readMime(userData);
  const violations: Violation[] = [];
  const scripts: string[] = [];
  mime.parts.forEach((part, i) => {
    if (part.contentType !== 'text/x-shellscript') violations.push(violation('cloud-init', 'no-model', `part ${i + 1}`, `is ${part.contentType || 'untyped'}, not a shell script: the checker has no model of it on AmazonLinux2`));
    else scripts.push(part.body.toString('utf8'));
  });
  const join = scripts.filter((s) => s.includes('/etc/eks/bootstrap.sh'));
  if (join.length !== 1) {
    violations.push(violation('bootstrap.sh', 'no-bootstrap', 'user data', `has ${join.length} shell parts that run /etc/eks/bootstrap.sh, not one`));
    return { violations, shellParts: scripts };
  }
  for (const s of scripts) if (s !== join[0]) violations.push(...checkShellScript(s, `shell part ${scripts.indexOf(s) + 1}`));
  const reading = readAl2(join[0], c);
  return { ...reading, violations: [...violations, ...reading.violations], shellParts: scripts };
}

/** `userData` is the decoded text EC2 gives the instance (after CloudFormation's Fn::Sub). */
export function readAsNode(family: Family, userData: string, contracts: Contracts = defaultContracts()): Promise<NodeReading> {
  return READERS[family](userData, contracts);
}
